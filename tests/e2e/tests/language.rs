//! A journey through the language setting on the real app: German is
//! chosen in the header, its catalog is fetched from `locales/de.json`
//! beside the module, every screen seen says its words in German with
//! German numbers, the choice survives a reload, the signed-out page
//! speaks it too, and going back to the browser's language is English.

use payments_e2e::Journey;

#[tokio::test]
async fn german_is_chosen_fetched_kept_and_left() {
    let j = Journey::start().await;
    j.open("/c/builton").await;
    j.find("tbody tr.pc-row").await;
    let select = j.labelled("Language").await;
    select
        .select_by_value("de")
        .await
        .expect("German is offered");
    j.until("the page in German", || async {
        j.text(".pc-nav").await.contains("Alle Zahlungen")
    })
    .await;
    assert!(j.text(".pc-zone summary").await.starts_with("Zeiten in "));
    assert!(j.text("#pc-list-title").await.starts_with("Zahlungen: "));
    assert_eq!(
        j.find(".pc-root")
            .await
            .attr("lang")
            .await
            .ok()
            .flatten()
            .as_deref(),
        Some("de")
    );
    let fetched = j
        .js("return performance.getEntriesByType('resource').some(e => e.name.endsWith('/locales/de.json'));")
        .await;
    assert_eq!(
        fetched,
        serde_json::Value::Bool(true),
        "the catalog came from the server"
    );
    let violations = j.axe(".pc-header").await;
    assert!(violations.is_empty(), "{violations:?}");

    // Kept across a reload, with nothing shown in English first once the
    // catalog is cached.
    j.open("/c/builton").await;
    j.find("tbody tr.pc-row").await;
    j.until("the reloaded page in German", || async {
        j.text("#pc-list-title").await.starts_with("Zahlungen: ")
    })
    .await;
    assert!(j.text(".pc-pager__summary").await.starts_with("Seite 1"));

    // A payment's page.
    j.find("tbody tr.pc-row th a")
        .await
        .click()
        .await
        .expect("a payment opens");
    j.until("the payment in German", || async {
        j.text("#pc-detail-title").await.starts_with("Zahlung ")
    })
    .await;
    assert!(j.text(".pc-raw summary").await.contains("Rohes JSON"));

    // Back to the browser's language (English here).
    let select = j.labelled("Sprache").await;
    select
        .select_by_value("")
        .await
        .expect("the browser's language is offered");
    j.until("the page in English", || async {
        j.text(".pc-nav").await.contains("All payments")
    })
    .await;
    j.finish().await;
}

/// A browser that speaks German gets the console in German before anyone
/// signs in, and the server's answer to a wrong password reads in German
/// too (the server writes English; the console reads it by its catalog).
#[tokio::test]
async fn a_german_browser_signs_in_in_german() {
    let j = Journey::start_signed_out_speaking("de-DE,de").await;
    j.open("/").await;
    j.find("#pc-sign-in-name").await;
    j.until("the sign-in page in German", || async {
        j.text("#pc-sign-in-title").await == "Anmelden"
    })
    .await;
    // The start page asked for the German words while the module
    // downloaded, and the console took that download.
    let fetched = j
        .js("return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/locales/de.json')).map(e => e.initiatorType);")
        .await;
    assert_eq!(
        fetched,
        serde_json::json!(["link"]),
        "one download of the German words, preloaded"
    );
    let choice = j.labelled("Sprache").await;
    assert_eq!(
        choice.prop("value").await.ok().flatten().as_deref(),
        Some(""),
        "the browser's, not a choice"
    );
    j.fill("Name", "niemand-de").await;
    j.fill("Passwort", "falsch").await;
    j.find("form.pc-form button[type=submit]")
        .await
        .click()
        .await
        .expect("sign in");
    j.until("the refusal in German", || async {
        j.text("#pc-sign-in-error")
            .await
            .starts_with("Dieser Name und dieses Passwort passen zu keinem Konto. (Anfrage ")
    })
    .await;
    j.finish().await;
}
