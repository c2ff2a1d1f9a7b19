//! Journeys through the gateway: the page a person opens holds no vendor
//! secret and calls no vendor directly; a viewer reads but sees no way to
//! change anything; an editor's changes appear on the Activity page (with
//! what they sent), which exports them as CSV, and in the payment's own
//! history; signing in on any page shows the server's connections at
//! once; signing out returns to the sign-in page.

use payments_e2e::Journey;

/// Every address the page fetched.
async fn fetched(j: &Journey) -> Vec<String> {
    let v = j
        .js("return performance.getEntriesByType('resource').map(e => e.name)")
        .await;
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_viewer_reads_through_the_gateway_and_is_offered_no_change() {
    let j = Journey::start_as("viewer").await;
    j.open("/c/reviewrover").await;
    j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
        .await;
    j.sees("Your role (viewer) can read these payments, not change them.")
        .await;
    assert!(
        j.all("a.pc-button").await.is_empty()
            || !j.text(".pc-list-head").await.contains("New payment")
    );
    j.find("tbody th a").await.click().await.unwrap();
    j.sees("Contact ID").await;
    assert!(
        j.texts(".pc-actions button")
            .await
            .iter()
            .all(|b| b != "Edit" && b != "Delete"),
        "no write buttons"
    );
    let urls = fetched(&j).await;
    assert!(
        urls.iter()
            .any(|u| u.contains("/gateway/reviewrover/payments")),
        "{urls:?}"
    );
    assert!(
        urls.iter()
            .all(|u| !u.contains("/reviewrover/api/") && !u.contains("/sandbox/connections.json")),
        "no vendor prefix, no handed-out credentials: {urls:?}"
    );
    let html = j.js("return document.documentElement.outerHTML").await;
    for secret in [
        "rr_demo_token",
        "bp_demo_token",
        "admin-secret",
        "builton_demo_key",
    ] {
        assert!(!html.to_string().contains(secret), "{secret} in the page");
    }
    j.finish().await;
}

#[tokio::test]
async fn an_editors_change_is_on_the_activity_page_and_signing_out_ends_the_session() {
    let j = Journey::start().await;
    j.open("/c/reviewrover/new").await;
    j.sees("New ReviewRover payment").await;
    j.fill("Contact ID", "cont_activity").await;
    j.fill("Amount", "6.25").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("cont_activity").await;
    let id = j
        .url()
        .await
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    // The payment's own page lists its history through the gateway.
    j.until("the payment's history", || async {
        j.texts(".pc-history li").await.first().is_some_and(|h| {
            h.contains("editor")
                && h.contains("Create")
                && h.contains("amount 6.25")
                && h.contains("Done (HTTP 201)")
        })
    })
    .await;

    j.open("/activity").await;
    j.sees("Activity").await;
    j.until("the new row", || async {
        j.texts("tbody tr").await.first().is_some_and(|r| {
            r.contains("editor")
                && r.contains("Create")
                && r.contains("amount 6.25")
                && r.contains("POST /payments")
                && r.contains(&id)
        })
    })
    .await;
    assert!(
        j.text(".pc-count").await.contains("match"),
        "says how many match"
    );
    // A filter in the address: the kind of change.
    // (Other journeys may have deleted payments: only deletes, or none.)
    j.pick("Change", "delete").await;
    j.until("deletes only", || async {
        let rows = j.texts("tbody tr").await;
        let none = j
            .texts(".pc-empty")
            .await
            .iter()
            .any(|t| t.contains("No changes"));
        none || (!rows.is_empty()
            && rows
                .iter()
                .all(|r| r.contains("Delete") && !r.contains("POST /payments")))
    })
    .await;
    assert!(
        j.url().await.contains("kind=delete"),
        "the filter is in the address"
    );
    j.pick("Change", "create").await;
    j.until("the create again", || async {
        j.texts("tbody tr")
            .await
            .first()
            .is_some_and(|r| r.contains(&id))
    })
    .await;
    let csv = j
        .find("a[download]")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(csv.starts_with("/gateway/activity.csv"), "{csv}");

    j.button("Sign out").await.click().await.unwrap();
    j.find("#pc-sign-in-name").await;
    j.open("/c/reviewrover").await;
    j.find("#pc-sign-in-name").await;
    j.finish().await;
}

#[tokio::test]
async fn signing_in_on_any_page_shows_the_server_s_connections_at_once() {
    let j = Journey::start_signed_out().await;
    j.open("/connections").await;
    j.find("#pc-sign-in-name").await;
    assert!(
        j.all(".pc-nav a").await.is_empty(),
        "signed out, the page offers nothing that needs a session"
    );
    j.fill("Name", "viewer").await;
    j.fill("Password", &std::env::var("E2E_PASSWORD").unwrap())
        .await;
    j.button("Sign in").await.click().await.unwrap();
    j.until(
        "the server's connections, one per vendor, without a reload",
        || async { j.all(".pc-card h3").await.len() == payments_model::vendors::ALL.len() },
    )
    .await;
    j.button("ReviewRover").await.click().await.unwrap();
    j.until("its payments", || async {
        !j.all("tbody tr").await.is_empty()
    })
    .await;
    j.finish().await;
}
