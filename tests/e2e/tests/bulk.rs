//! A bulk delete through the gateway, from the keyboard: Space chooses a
//! row on one page and another on the next, the count is announced, the
//! confirmation names the count and the totals, and the run ends with a
//! line per payment. Each payment is gone, and each delete is in the
//! Activity log. A viewer is offered no bulk delete. axe finds nothing
//! wrong with the controls.

use payments_e2e::Journey;

const ENTER: &str = "\u{E007}";

async fn ids(j: &Journey) -> Vec<String> {
    j.texts(".pc-table tbody tr.pc-row th a").await
}

#[tokio::test]
async fn a_bulk_delete_through_the_gateway_is_audited_payment_by_payment() {
    // 2cloud's older payments (two cursor pages in), so the other
    // journeys' counts and first pages stay as they are.
    let j = Journey::start().await;
    j.open("/c/twocloud").await;
    j.until("the rows", || async { ids(&j).await.len() == 20 })
        .await;
    for _ in 0..2 {
        let before = ids(&j).await;
        j.button("Next page")
            .await
            .click()
            .await
            .expect("next page");
        j.until("older rows", || async {
            let now = ids(&j).await;
            now != before && now.len() == 20
        })
        .await;
    }
    let first = ids(&j).await[0].clone();
    let boxes = j.all(".pc-table tbody .pc-select input").await;
    boxes[0].send_keys(" ").await.expect("Space chooses it");
    j.until("one chosen", || async {
        j.text(".pc-bulk__count").await == "1 payment is selected."
    })
    .await;
    j.button("Next page")
        .await
        .send_keys(ENTER)
        .await
        .expect("next page");
    j.until("older rows", || async {
        ids(&j).await.first().is_some_and(|f| *f != first)
    })
    .await;
    let second = ids(&j).await[0].clone();
    let boxes = j.all(".pc-table tbody .pc-select input").await;
    boxes[0].send_keys(" ").await.expect("Space chooses it");
    j.until("two chosen", || async {
        j.text(".pc-bulk__count").await == "2 payments are selected."
    })
    .await;
    let violations = j.axe(".pc-list").await;
    assert!(violations.is_empty(), "{violations:?}");
    j.button("Delete selected")
        .await
        .send_keys(ENTER)
        .await
        .expect("asks");
    let asked = j.text("dialog[open] p").await;
    assert!(
        asked.starts_with("Delete 2 payments? Together: "),
        "{asked}"
    );
    j.button("Delete them")
        .await
        .send_keys(ENTER)
        .await
        .expect("confirms");
    j.until("the run's end", || async {
        j.texts(".pc-bulk__run [role=status]")
            .await
            .iter()
            .any(|t| t.contains("2 deleted."))
    })
    .await;
    let lines = j.texts(".pc-bulk__results li").await;
    assert_eq!(
        lines,
        [format!("{first} — deleted"), format!("{second} — deleted")]
    );

    // Each delete is in the log, under the person who made it.
    for id in [&first, &second] {
        j.open(&format!("/activity?payment={id}")).await;
        j.until("its delete in the log", || async {
            j.texts("tbody tr").await.iter().any(|r| {
                r.contains("editor")
                    && r.contains("delete")
                    && r.contains(&format!("DELETE /payments/{id}"))
            })
        })
        .await;
    }
    j.finish().await;

    // A viewer chooses rows (to export them) but is offered no delete.
    let v = Journey::start_as("viewer").await;
    v.open("/c/reviewrover?size=10").await;
    v.until("the rows", || async { ids(&v).await.len() == 10 })
        .await;
    v.all(".pc-table tbody .pc-select input").await[0]
        .send_keys(" ")
        .await
        .expect("Space chooses it");
    v.button("Export selected").await;
    assert!(v.all(".pc-bulk button").await.len() >= 2);
    let labels = v.texts(".pc-bulk button").await;
    assert!(!labels.iter().any(|l| l.contains("Delete")), "{labels:?}");
    v.finish().await;
}
