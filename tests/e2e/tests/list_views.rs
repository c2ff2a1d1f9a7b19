//! Columns and saved views on the gateway, used from the keyboard: the
//! column chooser opens with Enter, a checkbox toggles with Space and a
//! "later" button keeps the focus as it moves its column; a view is saved
//! by typing its name and pressing Enter. Both are kept for the person on
//! the server: another browser signed in as them shows the same columns
//! and offers the same view. axe finds nothing wrong with the controls.

use payments_e2e::Journey;

const ENTER: &str = "\u{E007}";

async fn headings(j: &Journey) -> Vec<String> {
    j.texts("thead th:not(.pc-select)").await
}

#[tokio::test]
async fn columns_and_views_follow_the_person_to_another_browser() {
    let j = Journey::start().await;
    j.open("/c/reviewrover").await;
    j.find("tbody time").await;
    j.find(".pc-columns summary")
        .await
        .send_keys(ENTER)
        .await
        .expect("Enter opens it");
    // From the standard columns (a journey cut short may have left others).
    j.button("Reset columns")
        .await
        .click()
        .await
        .expect("reset");
    j.until("the standard columns", || async {
        headings(&j).await.len() == 6
    })
    .await;
    let updated = j.labelled("Updated").await;
    updated.send_keys(" ").await.expect("Space ticks it");
    j.until("the Updated column", || async {
        headings(&j).await.last().map(String::as_str) == Some("Updated")
    })
    .await;
    let earlier = j.find("#pc-col-field-updated-at-up").await;
    earlier.send_keys(ENTER).await.expect("Enter moves it");
    j.until("Updated moved one place", || async {
        headings(&j).await.get(5).map(String::as_str) == Some("Updated")
    })
    .await;
    j.until("the focus to stay on the button", || async {
        j.focused_id().await == "pc-col-field-updated-at-up"
    })
    .await;
    let violations = j.axe(".pc-columns").await;
    assert!(violations.is_empty(), "{violations:?}");
    let chosen = headings(&j).await;

    j.find(".pc-views summary")
        .await
        .send_keys(ENTER)
        .await
        .expect("Enter opens it");
    // A name of this run's own (the person may keep other views).
    let view = format!(
        "Updated ones {}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis())
    );
    let name = j.labelled("Save this view as").await;
    name.send_keys(&view).await.expect("type");
    name.send_keys(ENTER).await.expect("Enter saves");
    j.until("the view listed", || async {
        j.texts(".pc-views__open").await.contains(&view)
    })
    .await;
    let violations = j.axe(".pc-views").await;
    assert!(violations.is_empty(), "{violations:?}");

    // Another browser, the same person: the same columns and view.
    let other = Journey::start().await;
    other.open("/c/reviewrover").await;
    other.find("tbody time").await;
    other
        .until("the person's columns", || async {
            headings(&other).await == chosen
        })
        .await;
    other
        .find(".pc-views summary")
        .await
        .click()
        .await
        .expect("open");
    other
        .until("the person's view", || async {
            other.texts(".pc-views__open").await.contains(&view)
        })
        .await;
    other.finish().await;

    // Back as they were, for the other journeys.
    j.js("document.querySelector('.pc-columns').open = true; return 1;")
        .await;
    j.button("Reset columns")
        .await
        .click()
        .await
        .expect("reset");
    j.button(&format!("Delete “{view}”"))
        .await
        .click()
        .await
        .expect("delete");
    j.button("Delete view")
        .await
        .click()
        .await
        .expect("confirm");
    j.until("the view gone", || async {
        !j.texts(".pc-views__open").await.contains(&view)
    })
    .await;
    j.finish().await;
}
