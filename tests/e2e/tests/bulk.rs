//! A bulk delete through the gateway, from the keyboard: Space chooses a
//! row on one page and another on the next, the count is announced, the
//! confirmation names the count and the totals, and the run ends with a
//! line per payment. Each payment is gone, and each delete is in the
//! Activity log. A viewer is offered no bulk delete. axe finds nothing
//! wrong with the controls.
//!
//! Then the troubles a bulk run meets among many payments, through the
//! production server with single sign-on (`E2E_SSO_URL`): its connection
//! `reviewrover-review` reaches ReviewRover through the sandbox's `nth`
//! fault, so the vendor refuses the second delete with its reason and the
//! answer to the third is lost. Each is shown for what it is, each is
//! audited with the vendor's answer, and the payments, read past the
//! gateway, are as the results say.

use payments_e2e::Journey;

const ENTER: &str = "\u{E007}";

async fn ids(j: &Journey) -> Vec<String> {
    j.texts(".pc-table tbody tr.pc-row th a").await
}

/// Chooses the row at `row` of the page shown, with Space on its checkbox.
async fn choose(j: &Journey, row: usize) {
    j.all(".pc-table tbody .pc-select input").await[row]
        .send_keys(" ")
        .await
        .expect("Space chooses it");
}

/// The next page, from the keyboard.
async fn next_page(j: &Journey) {
    j.button("Next page")
        .await
        .send_keys(ENTER)
        .await
        .expect("next page");
}

/// Asks to delete what is chosen and confirms, from the keyboard: the
/// question asked, and the line per payment once the run's summary holds
/// `summary`.
async fn delete_chosen(j: &Journey, summary: &str) -> (String, Vec<String>) {
    j.button("Delete selected")
        .await
        .send_keys(ENTER)
        .await
        .expect("asks");
    let asked = j.text("dialog[open] p").await;
    j.button("Delete them")
        .await
        .send_keys(ENTER)
        .await
        .expect("confirms");
    j.until("the run's end", || async {
        j.texts(".pc-bulk__run [role=status]")
            .await
            .iter()
            .any(|t| t.contains(summary))
    })
    .await;
    (asked, j.texts(".pc-bulk__results li").await)
}

#[tokio::test]
async fn a_bulk_delete_through_the_gateway_is_audited_payment_by_payment() {
    // 2cloud's older payments (two cursor pages in), so the other
    // journeys' counts and first pages stay as they are.
    let j = Journey::start().await;
    j.open("/c/twocloud").await;
    j.until("the rows", || async { ids(&j).await.len() == 25 })
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
            now != before && now.len() == 25
        })
        .await;
    }
    let first = ids(&j).await[0].clone();
    choose(&j, 0).await;
    j.until("one chosen", || async {
        j.text(".pc-bulk__count").await == "1 payment is selected."
    })
    .await;
    next_page(&j).await;
    j.until("older rows", || async {
        ids(&j).await.first().is_some_and(|f| *f != first)
    })
    .await;
    let second = ids(&j).await[0].clone();
    choose(&j, 0).await;
    j.until("two chosen", || async {
        j.text(".pc-bulk__count").await == "2 payments are selected."
    })
    .await;
    let violations = j.axe(".pc-list").await;
    assert!(violations.is_empty(), "{violations:?}");
    let (asked, lines) = delete_chosen(&j, "2 deleted.").await;
    assert!(
        asked.starts_with("Delete 2 payments? Together: "),
        "{asked}"
    );
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
                    && r.contains("Delete")
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
    choose(&v, 0).await;
    v.button("Export selected").await;
    assert!(v.all(".pc-bulk button").await.len() >= 2);
    let labels = v.texts(".pc-bulk button").await;
    assert!(!labels.iter().any(|l| l.contains("Delete")), "{labels:?}");
    v.finish().await;
}

/// The simulators' own ReviewRover (beside the gateway, as its operator
/// would reach it): `method` on `path` with the demo token; the status and
/// the body.
async fn vendor(method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let base = std::env::var("E2E_URL").expect("E2E_URL");
    let url = format!("{base}/reviewrover/api/v1{path}");
    let mut curl = tokio::process::Command::new("curl");
    curl.args(["-s", "-X", method, "-w", "\n%{http_code}", &url])
        .args(["-H", "Authorization: Bearer rr_demo_token"]);
    if let Some(b) = body {
        curl.args(["-H", "Content-Type: application/json", "--data", b]);
    }
    let out = curl.output().await.expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

#[tokio::test]
async fn a_refusal_and_a_lost_answer_through_the_gateway_are_told_apart_and_audited() {
    let base = std::env::var("E2E_SSO_URL")
        .expect("E2E_SSO_URL is not set: run the journeys through scripts/test");
    // Twelve payments of the journey's own, deleted again at the end, so
    // the other journeys' counts hold.
    let mut made = Vec::new();
    for n in 0..12 {
        let body = format!(r#"{{"contact_id": "cont_bulk", "amount": "{}.25"}}"#, n + 1);
        let (status, answer) = vendor("POST", "/payments", Some(&body)).await;
        assert_eq!(status, 201, "{answer}");
        let answer: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
        let id = &answer["id"];
        made.push(id.as_str().map_or_else(|| id.to_string(), str::to_string));
    }
    let newest: Vec<String> = made.iter().rev().cloned().collect();

    let j = Journey::start_signed_out().await;
    j.sign_on(&base, "ada").await;
    j.until("signed in", || async {
        j.texts(".pc-who")
            .await
            .iter()
            .any(|t| t.contains("ada@example.com"))
    })
    .await;
    j.open_on(&base, "/c/reviewrover-review?size=10").await;
    j.until("the journey's payments first", || async {
        ids(&j).await == newest[..10]
    })
    .await;
    choose(&j, 0).await;
    choose(&j, 1).await;
    next_page(&j).await;
    j.until("page 2", || async {
        ids(&j).await.first() == Some(&newest[10])
    })
    .await;
    choose(&j, 0).await;
    j.until("three chosen", || async {
        j.text(".pc-bulk__count").await == "3 payments are selected."
    })
    .await;
    let (asked, lines) = delete_chosen(&j, "1 deleted, 1 refused, 1 unsure.").await;
    assert!(
        asked.starts_with("Delete 3 payments? Together: ") && asked.contains("25.75"),
        "{asked}"
    );
    let (done, refused, lost) = (&newest[0], &newest[1], &newest[10]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0], format!("{done} — deleted"));
    assert!(
        lines[1].starts_with(&format!(
            "{refused} — refused: Payment {refused} is under review"
        )),
        "the vendor's reason: {lines:?}"
    );
    assert!(
        lines[2].starts_with(&format!("{lost} — unsure:"))
            && lines[2].contains("may have been deleted"),
        "{lines:?}"
    );

    // Read past the gateway: as the results say.
    assert_eq!(
        vendor("GET", &format!("/payments/{done}"), None).await.0,
        404
    );
    assert_eq!(
        vendor("GET", &format!("/payments/{refused}"), None).await.0,
        200
    );
    assert_eq!(
        vendor("GET", &format!("/payments/{lost}"), None).await.0,
        404
    );

    // Each attempt is in the log under the person, with the vendor's answer.
    for (id, answer) in [
        (done, "Done (HTTP 204)".to_string()),
        (refused, "The vendor refused it (HTTP 409)".to_string()),
        (lost, "No answer from the vendor".to_string()),
    ] {
        j.open_on(&base, &format!("/activity?payment={id}")).await;
        j.until(&format!("{id}'s delete in the log"), || async {
            j.texts("tbody tr").await.iter().any(|r| {
                r.contains("ada@example.com")
                    && r.contains(&answer)
                    && r.contains(&format!("DELETE /payments/{id}"))
            })
        })
        .await;
    }
    j.finish().await;

    for id in &made {
        if id != done && id != lost {
            assert_eq!(
                vendor("DELETE", &format!("/payments/{id}"), None).await.0,
                204
            );
        }
    }
}
