//! Journeys through All payments on the gateway: every vendor's
//! connection loads through `/gateway/…` (the requests All payments and
//! its export make are on each vendor's allow-list), a filter narrows
//! them, a payment is found by id and opened, the way back returns to the
//! filtered view, and the whole view exports as CSV.

use payments_e2e::Journey;

/// The per-connection lines of All payments.
/// Each connection's line, folded under the sources' summary or not.
async fn lines(j: &Journey) -> Vec<String> {
    let v = j
        .js("return [...document.querySelectorAll('.pc-source')].map(e => e.textContent);")
        .await;
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn all_payments_loads_every_vendor_through_the_gateway_finds_and_exports() {
    let j = Journey::start().await;
    j.find("nav a").await;
    let first_link = j.texts("nav a").await;
    assert_eq!(first_link.first().map(String::as_str), Some("All payments"));
    j.open("/all").await;
    j.until("every connection loaded", || async {
        let l = lines(&j).await;
        l.len() == payments_model::vendors::ALL.len() && l.iter().all(|t| t.contains("loaded"))
    })
    .await;
    let count = j
        .find("table.pc-table")
        .await
        .attr("aria-rowcount")
        .await
        .ok()
        .flatten()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(
        count > 500,
        "every connection's newest payments: {count} rows"
    );
    j.show_chart().await;
    assert!(
        !j.texts(".pc-chart__title").await.is_empty(),
        "a chart per currency"
    );
    // The charts' axes, bars (focusable, each named) and downloads pass axe.
    let violations = j.axe(".pc-charts").await;
    assert!(violations.is_empty(), "{violations:?}");

    j.labelled("Status")
        .await
        .select_by_value("pending")
        .await
        .unwrap();
    j.until("only pending rows", || async {
        let url = j.url().await;
        let badges = j.texts("tbody .pc-badge").await;
        url.ends_with("/all?status=pending") && !badges.is_empty()
    })
    .await;
    j.until("ReviewRover filtered at the vendor", || async {
        lines(&j)
            .await
            .iter()
            .any(|l| l.starts_with("ReviewRover") && l.contains("filtered by status at the vendor"))
    })
    .await;

    j.fill("Find by id or reference", "PAY-00010").await;
    j.button("Find").await.click().await.unwrap();
    j.until("found in Billing Platform", || async {
        j.text(".pc-search__results")
            .await
            .contains("Billing Platform: payment PAY-00010")
    })
    .await;
    j.find(".pc-search__results a").await.click().await.unwrap();
    j.sees("PAY-00010").await;
    j.find("main a").await;
    let back = j
        .all("main a")
        .await
        .into_iter()
        .next()
        .expect("a link back");
    assert_eq!(back.text().await.unwrap(), "← All payments");
    back.click().await.unwrap();
    j.until("the filtered view again", || async {
        j.url().await.ends_with("/all?status=pending")
    })
    .await;

    j.button("Export CSV").await.click().await.unwrap();
    j.until("the export saved", || async {
        j.text(".pc-export__status").await.starts_with("Exported")
    })
    .await;
    let words = j.text(".pc-export__status").await;
    assert!(words.contains("all-payments-status-pending-"), "{words}");
    j.finish().await;
}
