//! Browser tests of the console's languages in headless Chromium: the
//! German and French catalogs (the files in `locales/`), their plural
//! forms, numbers and money written the language's way, the language
//! kept in the browser, and an embedded console whose host sets
//! `locale`. The plural rules of the model are checked against the
//! browser's own `Intl.PluralRules` for every language.
use leptos::prelude::*;
use payments_console::embed;
use payments_console::language;
use payments_console::ui::{format_money, Pager};
use payments_model::language::{Plural, LANGUAGES};
use payments_model::{Currency, Decimal, Money, PageInfo};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

use crate::support::page::{all, console_at, host, reviewrover, submit, text, type_into};
use crate::support::{sandbox_url, wait_for};

/// Installs the catalogs the page would fetch from `locales/`.
fn install_catalogs() {
    language::install("de", include_str!("../../locales/de.json")).unwrap();
    language::install("fr", include_str!("../../locales/fr.json")).unwrap();
    language::install("es", include_str!("../../locales/es.json")).unwrap();
}

fn eur(cents: i64) -> Money {
    Money::new(Decimal::new(cents, 2), Currency::from_code("EUR").unwrap())
}

/// A pager for a list of `items` payments, 25 a page, on page 1.
fn pager_text(items: u64) -> String {
    let el = host();
    let info = PageInfo {
        page: Some(1),
        size: Some(25),
        total_items: Some(items),
        total_pages: Some(items.div_ceil(25).max(1) as u32),
        has_next: items > 25,
        ..Default::default()
    };
    leptos::mount::mount_to(el.clone(), move || {
        view! { <Pager info=info on_page=Callback::new(|_| ()) busy=Signal::derive(|| false) /> }
    })
    .forget();
    let root: Element = el.clone().unchecked_into();
    let words = text(&root, ".pc-pager__summary");
    el.remove();
    words
}

#[wasm_bindgen_test]
async fn german_words_plurals_and_money() {
    install_catalogs();
    assert!(language::choose(Some("de")));
    assert_eq!(language::tag(), "de");
    assert_eq!(format_money(&eur(123456)), "1.234,56\u{a0}€");
    assert_eq!(pager_text(1), "Seite 1 von 1 · 1 Zahlung");
    assert_eq!(pager_text(1234), "Seite 1 von 50 · 1.234 Zahlungen");

    let (el, root) = console_at("/c/reviewrover", reviewrover("rr_demo_token"));
    wait_for("25 rows", || all(&root, "tbody tr.pc-row").len() == 25).await;
    assert_eq!(text(&root, "#pc-list-title"), "Zahlungen: ReviewRover");
    let lang = root
        .query_selector(".pc-root")
        .unwrap()
        .unwrap()
        .get_attribute("lang");
    assert_eq!(lang.as_deref(), Some("de"));
    assert!(text(&root, ".pc-pager__summary").starts_with("Seite 1 von "));
    assert!(text(&root, ".pc-pager__summary").ends_with(" Zahlungen"));
    assert_eq!(text(&root, "label[for=pc-page-size]"), "Zeilen pro Seite");
    let pick = root
        .query_selector("thead input[type=checkbox]")
        .unwrap()
        .unwrap();
    assert_eq!(
        pick.get_attribute("aria-label").as_deref(),
        Some("Alle auf dieser Seite auswählen")
    );
    // Money in the table is written the German way: a comma before the
    // cents, a point between thousands.
    let amounts: Vec<String> = all(&root, "tbody .pc-num")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert!(!amounts.is_empty());
    for a in &amounts {
        let digits_after_comma = a.rsplit(',').next().unwrap_or_default();
        assert!(a.contains(','), "{a}");
        assert!(
            digits_after_comma
                .chars()
                .take_while(char::is_ascii_digit)
                .count()
                >= 2,
            "{a}"
        );
    }

    // Chosen in the page: kept in the browser and drawn again at once.
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#pc-language")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("fr");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the page in French", || {
        text(&root, "#pc-list-title") == "Paiements : ReviewRover"
    })
    .await;
    wait_for("the menu to keep the focus", || {
        crate::support::document()
            .active_element()
            .map(|e| e.id())
            .as_deref()
            == Some("pc-language")
    })
    .await;
    let kept = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("pc.language")
        .unwrap();
    assert_eq!(kept.as_deref(), Some("fr"));
    el.remove();
    language::choose(None);
}

#[wasm_bindgen_test]
async fn a_german_form_says_what_is_wrong_in_german() {
    install_catalogs();
    assert!(language::choose(Some("de")));
    let (el, root) = console_at("/c/reviewrover/new", reviewrover("rr_demo_token"));
    wait_for("the form", || {
        root.query_selector("form.pc-form").unwrap().is_some()
    })
    .await;
    assert_eq!(
        text(&root, "#pc-form-title"),
        "Neue Zahlung bei ReviewRover"
    );
    // The vendor's field labels, translated from the model's English.
    let labels: Vec<String> = all(&root, "form.pc-form label")
        .iter()
        .filter_map(|l| l.text_content())
        .collect();
    assert!(labels.iter().any(|l| l.starts_with("Betrag")), "{labels:?}");
    submit(&root);
    wait_for("the summary", || !text(&root, ".pc-summary h3").is_empty()).await;
    let heading = text(&root, ".pc-summary h3");
    assert!(
        heading.ends_with("korrigieren, um zu speichern"),
        "{heading}"
    );
    let problems: Vec<String> = all(&root, ".pc-field-error")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert!(
        problems.iter().any(|p| p.ends_with(" ist erforderlich.")),
        "{problems:?}"
    );
    assert!(
        problems.iter().all(|p| !p.contains(" is required")),
        "{problems:?}"
    );

    // An amount typed the German way is read; a wrong one is refused in
    // German, with a German example.
    let amount_error = || text(&root, "#pc-payment-amount-error");
    type_into(&root, "pc-payment-amount", "1.234,5x");
    submit(&root);
    wait_for("the amount refused", || !amount_error().is_empty()).await;
    assert_eq!(amount_error(), "Betrag muss eine Zahl sein, etwa 75,00.");
    type_into(&root, "pc-payment-amount", "1.234,50");
    submit(&root);
    wait_for("the amount taken", || amount_error().is_empty()).await;
    assert!(
        text(&root, ".pc-summary").contains("Kontakt-ID"),
        "the other field is still wanted"
    );
    el.remove();
    language::choose(None);
}

#[wasm_bindgen_test]
fn french_plurals_count_zero_as_one_and_millions_with_de() {
    install_catalogs();
    assert!(language::choose(Some("fr")));
    assert_eq!(pager_text(0), "Page 1 sur 1 · 0 paiement");
    assert_eq!(pager_text(1), "Page 1 sur 1 · 1 paiement");
    assert_eq!(pager_text(2), "Page 1 sur 1 · 2 paiements");
    let million = pager_text(1_000_000);
    assert!(
        million.starts_with("Page 1 sur 40\u{202f}000 · 1\u{202f}000\u{202f}000"),
        "{million}"
    );
    assert!(million.ends_with(" de paiements"), "{million}");
    let money = format_money(&eur(123456));
    assert_eq!(money, "1\u{202f}234,56\u{a0}€");
    assert!(language::choose(Some("es")));
    assert_eq!(pager_text(1), "Página 1 de 1 · 1 pago");
    assert_eq!(pager_text(3), "Página 1 de 1 · 3 pagos");
    language::choose(None);
}

#[wasm_bindgen(inline_js = r#"
export function intl_plural(tag, n) { return new Intl.PluralRules(tag).select(n); }
"#)]
extern "C" {
    fn intl_plural(tag: &str, n: f64) -> String;
}

#[wasm_bindgen_test]
fn plural_rules_agree_with_the_browser() {
    let counts = (0..=1_100u64).chain([1_000_000, 1_000_001, 2_000_000, 3_500_000, 10_000_000]);
    for n in counts {
        for l in LANGUAGES {
            let ours = (l.plural)(n);
            let theirs = intl_plural(l.tag, n as f64);
            assert_eq!(ours, Plural::named(&theirs).unwrap(), "{} {n}", l.tag);
        }
    }
}

fn inside_text(el: &HtmlElement, selector: &str) -> String {
    el.shadow_root()
        .and_then(|r| r.query_selector(selector).ok().flatten())
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn options(locale: &str) -> JsValue {
    let o = js_sys::Object::new();
    let pairs = [
        ("vendor", "reviewrover".to_string()),
        ("name", "Reviews".to_string()),
        ("baseUrl", format!("{}/reviewrover/api/v1", sandbox_url())),
        ("token", "rr_demo_token".to_string()),
        ("locale", locale.to_string()),
    ];
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &k.into(), &v.into()).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
async fn an_embedded_console_speaks_the_hosts_locale() {
    install_catalogs();
    // The person chose Spanish; the host's locale wins.
    assert!(language::choose(Some("es")));
    let el = host();
    let mut console = embed::mount(el.clone(), options("fr")).unwrap();
    wait_for("the list in French", || {
        inside_text(&el, "#pc-list-title") == "Paiements : Reviews"
    })
    .await;
    let shadow = el.shadow_root().unwrap();
    let root = shadow.query_selector(".pc-root").unwrap().unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("fr"));
    assert!(
        shadow.query_selector("#pc-language").unwrap().is_none(),
        "the host decides: no choice offered"
    );

    console.update(options("de-CH")).unwrap();
    wait_for("the list in German", || {
        inside_text(&el, "#pc-list-title") == "Zahlungen: Reviews"
    })
    .await;
    let refused = console
        .update(options("tlh"))
        .unwrap_err()
        .as_string()
        .unwrap_or_default();
    assert!(
        refused.contains("locale must be one of en, de, fr, es"),
        "{refused}"
    );

    console.unmount();
    assert_eq!(
        language::tag(),
        "es",
        "unmounted, the person's choice holds again"
    );
    language::choose(None);
    el.remove();
}
