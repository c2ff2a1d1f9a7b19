//! Journey: the example host page (`/embed/`) with its own header, routes
//! and hostile styles, embedding two consoles: a `<payments-console>`
//! element and one from `mount()` with a token callback.

use payments_e2e::Journey;
use serde_json::json;

#[tokio::test]
async fn the_example_host_embeds_two_consoles() {
    let j = Journey::start().await;
    j.open("/embed/").await;
    j.sees("Two consoles in one page").await;
    j.until("the element's rows", || async {
        j.shadow_rows("payments-console").await == 25
    })
    .await;
    j.until("the mounted console's rows", || async {
        j.shadow_rows("#second").await == 25
    })
    .await;

    // The host's `.pc-table { display: none !important }` does not apply inside.
    let display = j.js("return getComputedStyle(document.querySelector('payments-console').shadowRoot.querySelector('table')).display;").await;
    assert_eq!(display, json!("table"));
    // The host's custom properties theme the console.
    let accent = j.js("return getComputedStyle(document.querySelector('payments-console').shadowRoot.querySelector('.pc-root')).getPropertyValue('--pc-accent').trim();").await;
    assert_eq!(accent, json!("#8a4b08"));

    // The host's own routes still work, and the consoles do not touch the address.
    j.client
        .find(fantoccini::Locator::LinkText("Orders"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.until("the host's orders page", || async {
        j.url().await.ends_with("/embed/#/orders")
    })
    .await;
    j.client
        .find(fantoccini::Locator::LinkText("Payments"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    j.js("document.querySelector('payments-console').shadowRoot.querySelectorAll('button').forEach(b => { if (b.textContent === 'Next page') b.click(); });").await;
    j.until("page 2 inside the element", || async {
        j.js("return document.querySelector('payments-console').shadowRoot.querySelector('.pc-pager__summary').textContent;")
            .await
            .as_str()
            .is_some_and(|s| s.starts_with("Page 2 of"))
    })
    .await;
    assert!(
        j.url().await.ends_with("/embed/#/payments"),
        "{}",
        j.url().await
    );

    // An attribute change updates the element's console.
    j.js("document.querySelector('payments-console').setAttribute('theme', 'dark');")
        .await;
    j.until("the dark theme", || async {
        j.js("return getComputedStyle(document.querySelector('payments-console').shadowRoot.querySelector('.pc-root')).backgroundColor;")
            .await
            == json!("rgb(13, 17, 23)")
    })
    .await;

    // A failure is reported to the host's log as an event.
    j.js("document.querySelector('payments-console').credentials = { token: 'revoked' }; \
            document.querySelector('payments-console').shadowRoot.querySelectorAll('button').forEach(b => { if (b.textContent === 'Next page') b.click(); });").await;
    j.until("an error event in the host's log", || async {
        j.texts("#log li")
            .await
            .iter()
            .any(|l| l.starts_with("error:") && l.contains("\"status\":401"))
    })
    .await;

    // Removing the element unmounts its console.
    j.js("window.removed = document.querySelector('payments-console'); window.removed.remove();")
        .await;
    let emptied = j
        .js("return window.removed.shadowRoot.childNodes.length;")
        .await;
    assert_eq!(emptied, json!(0));

    // A secret as an attribute is refused, with an event saying why.
    j.js("const e = document.createElement('payments-console'); \
          e.setAttribute('vendor', 'reviewrover'); e.setAttribute('base-url', '/reviewrover/api/v1'); \
          e.setAttribute('token', 'rr_demo_token'); e.id = 'leaky'; \
          document.querySelector('.consoles').appendChild(e);")
        .await;
    j.until("the refusal in the host's log", || async {
        j.texts("#log li")
            .await
            .iter()
            .any(|l| l.starts_with("error:") && l.contains("must not be an attribute"))
    })
    .await;
    assert_eq!(
        j.shadow_rows("#leaky").await,
        0,
        "no console with a leaked secret"
    );
    j.finish().await;
}
