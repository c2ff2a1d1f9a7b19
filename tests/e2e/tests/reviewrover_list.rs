//! Journey: a new user opens the console and works through the ReviewRover
//! payments of the sandbox: the first page, the next page, a reload that
//! keeps the page, and the status filter.

use payments_e2e::Journey;

#[tokio::test]
async fn browse_the_reviewrover_payments() {
    let j = Journey::start().await;
    j.open("/").await;

    let heading = j.find("h2").await.text().await.unwrap();
    assert_eq!(heading, "ReviewRover payments");
    j.until("25 rows", || async { j.all("tbody tr").await.len() == 25 })
        .await;
    let headers = j.texts("thead th:not(.pc-select)").await;
    assert_eq!(
        headers,
        [
            "ID",
            "Amount",
            "Status",
            "Contact",
            "Event date",
            "External ID"
        ]
    );
    let summary = j.find(".pc-pager__summary").await.text().await.unwrap();
    assert!(summary.starts_with("Page 1 of 10 · 24"), "{summary}");
    let amounts = j.texts("tbody td.pc-num").await;
    assert!(amounts.iter().all(|a| a.starts_with('$')), "{amounts:?}");
    let first_page_rows = j.texts("tbody tr").await;

    j.button("Next page").await.click().await.unwrap();
    j.until("page 2", || async {
        j.texts(".pc-pager__summary")
            .await
            .first()
            .is_some_and(|s| s.starts_with("Page 2 of"))
    })
    .await;
    assert!(
        j.url().await.ends_with("/c/reviewrover?page=2"),
        "{}",
        j.url().await
    );
    j.until("new rows", || async {
        j.texts("tbody tr").await != first_page_rows
    })
    .await;

    // A reload (or a copied link) shows the same page.
    j.client.refresh().await.unwrap();
    j.until("page 2 after reload", || async {
        j.texts(".pc-pager__summary")
            .await
            .first()
            .is_some_and(|s| s.starts_with("Page 2 of"))
    })
    .await;

    // Status is open ("e.g."): a text box suggesting the documented words.
    j.pick("Status", "pending").await;
    j.until("pending rows only", || async {
        let badges = j.texts("tbody .pc-badge").await;
        !badges.is_empty() && badges.iter().all(|b| b == "pending")
    })
    .await;
    assert!(
        j.url().await.ends_with("/c/reviewrover?status=pending"),
        "{}",
        j.url().await
    );
    j.button("Previous page").await;
    j.finish().await;
}
