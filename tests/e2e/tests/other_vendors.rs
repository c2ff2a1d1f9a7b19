//! Journeys through the other four vendors: each one's filters and
//! pagination, a payment's detail, and the writes each documents.

use payments_e2e::Journey;

#[tokio::test]
async fn billing_platform_lists_valid_payments_and_writes_under_a_customer() {
    let j = Journey::start().await;
    j.open("/c/billingplatform").await;
    // All 300 payments come in one answer: the table says it has them all
    // and draws the ones in view.
    j.until("a table of every payment", || async {
        let table = j.find("table.pc-table").await;
        let count = table.attr("aria-rowcount").await.ok().flatten();
        count
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| n > 100)
    })
    .await;
    let drawn = j.all("tbody tr.pc-row").await.len();
    assert!((10..100).contains(&drawn), "{drawn} rows drawn");
    assert!(j
        .texts("tbody .pc-badge")
        .await
        .iter()
        .all(|b| !b.contains("Reversed") || b.contains("Reinstated")));
    j.labelled("Reversed payments only")
        .await
        .click()
        .await
        .unwrap();
    j.until("reversed rows", || async {
        let b = j.texts("tbody .pc-badge").await;
        !b.is_empty() && b.iter().all(|s| s.contains("Reversed"))
    })
    .await;
    assert!(
        j.url().await.ends_with("/c/billingplatform?reversed=true"),
        "{}",
        j.url().await
    );
    j.pick("Paid on or after", "2025-09-01").await;
    j.pick("Paid on or before", "2025-08-01").await;
    j.sees("Paid on or before cannot be before Paid on or after.")
        .await;
    j.pick("Paid on or before", "2025-12-31").await;
    j.until("no filter errors", || async {
        j.all(".pc-field-error").await.is_empty()
    })
    .await;

    let filtered = j.url().await;
    j.button("New payment").await.click().await.unwrap();
    j.button("Save").await.click().await.unwrap();
    j.sees("Correct 3 fields to save").await;
    j.fill("Customer ID", "1004").await;
    j.pick("Payment date", "2025-11-03").await;
    j.fill("Amount", "88.1").await;
    j.fill("Our reference", "E2E-BP").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("£88.10").await;
    j.sees("E2E-BP").await;
    j.button("Edit").await.click().await.unwrap();
    j.fill("Status", "Collected").await;
    j.button("Save").await.click().await.unwrap();
    j.until("collected", || async {
        j.texts(".pc-detail-head .pc-badge").await == ["Collected"]
    })
    .await;
    j.button("Delete").await.click().await.unwrap();
    j.button("Delete payment").await.click().await.unwrap();
    j.until("the list as it was left, filters and all", || async {
        j.url().await == filtered
    })
    .await;
    j.sees("was deleted from Billing Platform.").await;
    j.finish().await;
}

#[tokio::test]
async fn whop_is_read_only_and_pages_by_next_and_previous() {
    let j = Journey::start().await;
    j.open("/c/whop").await;
    // Whop's default page is ten; the console asks for 25.
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    j.find(".pc-read-only summary").await.click().await.unwrap();
    j.sees("Whop's API has no way to create, edit or delete payments")
        .await;
    assert!(j.all("a.pc-button").await.is_empty(), "no New payment");
    j.button("Next page").await.click().await.unwrap();
    j.until("page 2", || async {
        j.texts(".pc-pager__summary")
            .await
            .first()
            .is_some_and(|s| s.starts_with("Page 2 of"))
    })
    .await;
    j.fill("Product ID", "prod_course\t").await;
    j.labelled("In-app payments")
        .await
        .select_by_value("true")
        .await
        .unwrap();
    j.until("the filters in the address", || async {
        let u = j.url().await;
        u.contains("in_app_payments=true") && u.contains("product_id=prod_course")
    })
    .await;
    j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
        .await;
    j.find("tbody th a").await.click().await.unwrap();
    j.sees("Product ID").await;
    j.sees("prod_course").await;
    assert!(
        j.all(".pc-actions .pc-button").await.is_empty(),
        "no Edit or Delete"
    );
    j.finish().await;
}

#[tokio::test]
async fn two_cloud_walks_cursors_creates_and_changes_status() {
    let j = Journey::start().await;
    j.open("/c/twocloud").await;
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    let first_page = j.texts("tbody th a").await;
    j.button("Next page").await.click().await.unwrap();
    j.until("older rows", || async {
        j.texts("tbody th a").await != first_page && j.url().await.contains("before=")
    })
    .await;
    j.button("Previous page").await.click().await.unwrap();
    j.until("the first rows again", || async {
        j.texts("tbody th a").await == first_page
    })
    .await;
    j.labelled("Status")
        .await
        .select_by_value("error")
        .await
        .unwrap();
    j.until("failed rows only", || async {
        let b = j.texts("tbody .pc-badge").await;
        !b.is_empty() && b.iter().all(|s| s == "error")
    })
    .await;

    // A payment's detail comes from the list (2cloud has no endpoint for one).
    let id = j.text("tbody th a").await;
    assert!(
        id.parse::<u64>().unwrap() > (1u64 << 53),
        "ids beyond 2^53 stay exact: {id}"
    );
    j.find("tbody th a").await.click().await.unwrap();
    j.sees(&format!("Payment {id}")).await;
    j.sees("Funding source ID").await;
    let user = j
        .texts(".pc-fields__row")
        .await
        .into_iter()
        .find(|r| r.starts_with("User ID"))
        .unwrap();
    let source = j
        .texts(".pc-fields__row")
        .await
        .into_iter()
        .find(|r| r.starts_with("Funding source ID"))
        .unwrap();
    let campaign = j
        .texts(".pc-fields__row")
        .await
        .into_iter()
        .find(|r| r.starts_with("Campaign ID"))
        .unwrap();
    let last = |r: &str| r.split_whitespace().last().unwrap().to_string();

    j.open("/c/twocloud/new").await;
    j.fill("Amount in cents", "12.50").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("Correct 4 fields to save").await;
    j.fill("Amount in cents", "1250").await;
    j.fill("Campaign ID", &last(&campaign)).await;
    j.fill("User ID", &last(&user)).await;
    j.fill("Funding source ID", &last(&source)).await;
    j.fill("Message", "From the journey").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("$12.50").await;
    j.sees("From the journey").await;
    j.labelled("New status")
        .await
        .select_by_value("succeeded")
        .await
        .unwrap();
    j.button("Change status").await.click().await.unwrap();
    j.until("succeeded", || async {
        j.texts(".pc-detail-head .pc-badge").await == ["succeeded"]
    })
    .await;
    j.button("Delete").await.click().await.unwrap();
    j.button("Delete payment").await.click().await.unwrap();
    j.until("the list", || async {
        j.url().await.ends_with("/c/twocloud")
    })
    .await;
    j.finish().await;
}

#[tokio::test]
async fn builton_sorts_pays_for_an_order_and_deactivates_without_delete() {
    let j = Journey::start().await;
    j.open("/c/builton").await;
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    j.labelled("Sort")
        .await
        .select_by_value("amount")
        .await
        .unwrap();
    j.until("sorted", || async { j.url().await.contains("sort=amount") })
        .await;
    j.button("Next page").await.click().await.unwrap();
    j.until("page 2", || async {
        j.texts(".pc-pager__summary")
            .await
            .first()
            .is_some_and(|s| s.starts_with("Page 2 of 10"))
    })
    .await;

    j.button("New payment").await.click().await.unwrap();
    j.button("Save").await.click().await.unwrap();
    j.sees("Order IDs is required.").await;
    // The demo orders after the paid ones are unpaid.
    j.fill("Order IDs", "5e0000000000000000000100").await;
    j.fill("Payment method ID", "pm_journey").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("Order 5e0000000000000000000100").await;
    j.sees("pm_journey").await;
    assert!(
        j.texts(".pc-actions button")
            .await
            .iter()
            .all(|b| b != "Delete"),
        "BuiltOn documents no delete"
    );
    j.sees("turn Active off to deactivate it").await;
    j.button("Edit").await.click().await.unwrap();
    j.labelled("Active")
        .await
        .select_by_value("false")
        .await
        .unwrap();
    j.button("Save").await.click().await.unwrap();
    j.until("inactive", || async {
        j.texts(".pc-fields__row")
            .await
            .iter()
            .any(|r| r.starts_with("Active") && r.ends_with("No"))
    })
    .await;
    j.finish().await;
}
