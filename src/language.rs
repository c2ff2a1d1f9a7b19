//! The console's language: the host's (`locale` option), else the one the
//! person chose (kept in `localStorage`), else the first of the browser's
//! languages the console speaks. Every word a view or controller shows
//! comes from the language's catalog by key ([`t`], [`t_with`],
//! [`t_count`], with the keys generated from English's file, [`k`]),
//! the model's words included (a field's label is a key), and every
//! message of the model, the network layer or the server is worded by
//! its code ([`say`]): nothing is read back from English.
//! English is compiled in; another catalog is fetched once, and the shell
//! draws nothing until it is [`ready`] (English stands in for one that
//! cannot be fetched). A change bumps a signal that [`track`] subscribes
//! the shell to, so the console is drawn again in the new language;
//! numbers, money and dates follow [`intl_locale`] through `Intl`.

use std::cell::Cell;
use std::cell::RefCell;
use std::rc::Rc;

use std::borrow::Cow;

use leptos::prelude::*;
use payments_model::keys::{Counted, Key};
use payments_model::language::{Catalog, Language};
use payments_model::message::{Message, Speaker};
use payments_model::ApiError;

use crate::api::catalogs::fetch_catalog;

/// The catalog's keys, one constant per message (`k::list::TITLE`).
pub use payments_model::keys as k;

const LANGUAGE_KEY: &str = "pc.language";

thread_local! {
    /// The host's choice, which wins over the person's.
    static HOST: RefCell<Option<&'static Language>> = const { RefCell::new(None) };
    /// The person's choice, once read from storage (`Some(None)`: none).
    static CHOSEN: RefCell<Option<Option<&'static Language>>> = const { RefCell::new(None) };
    /// The catalogs read so far, by tag; English first.
    static CATALOGS: RefCell<Vec<(&'static str, Rc<Catalog>)>> = RefCell::new(vec![
        ("en", Rc::new(Catalog::english())),
    ]);
    /// The tags being fetched now.
    static FETCHING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    /// The tags whose catalog could not be fetched (English stands in).
    static FAILED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    /// The browser's languages, once asked.
    static BROWSER_TAGS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    /// Bumped on every change of language and when a catalog arrives.
    static CHANGES: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// The browser's storage; none outside a browser (the native tests of
/// controllers read English words).
fn storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

fn bump() {
    CHANGES.with(|c| c.update(|n| *n = n.wrapping_add(1)));
}

/// Subscribes the running view to changes of language.
pub fn track() {
    CHANGES.with(|c| c.track());
}

/// The browser's languages, best first (`navigator.languages`), asked
/// once: [`current`] reads them for every word drawn.
fn with_browser_languages<R>(read: impl FnOnce(&[String]) -> R) -> R {
    BROWSER_TAGS.with_borrow_mut(|tags| read(tags.get_or_insert_with(browser_languages)))
}

fn browser_languages() -> Vec<String> {
    if !cfg!(target_arch = "wasm32") {
        return Vec::new();
    }
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).unwrap_or_default();
    let list = js_sys::Reflect::get(&navigator, &"languages".into()).unwrap_or_default();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// The first of the browser's languages the console speaks.
pub fn browser() -> &'static Language {
    with_browser_languages(|wanted| Language::negotiate(wanted.iter().map(String::as_str)))
}

/// The language the person chose, if any (`None`: the browser's).
pub fn chosen() -> Option<&'static Language> {
    CHOSEN.with_borrow_mut(|c| {
        *c.get_or_insert_with(|| {
            storage()
                .and_then(|s| s.get_item(LANGUAGE_KEY).ok().flatten())
                .and_then(|tag| Language::find(&tag))
        })
    })
}

/// Whether the host set the language (then the page offers no choice).
pub fn set_by_host() -> bool {
    HOST.with_borrow(Option::is_some)
}

/// The console's language now.
pub fn current() -> &'static Language {
    HOST.with_borrow(|h| *h)
        .or_else(chosen)
        .unwrap_or_else(browser)
}

/// Its tag, for the `lang` attribute.
pub fn tag() -> &'static str {
    current().tag
}

/// The locale numbers, money and dates are written in: the browser's own
/// when it speaks the console's language (`de-AT`, `en-GB` keep their
/// region's habits), else the language's tag.
pub fn intl_locale() -> String {
    let language = current();
    with_browser_languages(|tags| {
        tags.iter()
            .find(|t| Language::find(t) == Some(language))
            .cloned()
    })
    .unwrap_or_else(|| language.tag.to_string())
}

/// The host's `locale` option (`None`: left to the person).
pub fn set_host(language: Option<&'static Language>) {
    let changed = HOST.with_borrow_mut(|h| std::mem::replace(h, language) != language);
    if changed {
        load(current());
        bump();
    }
}

/// The language a choice names: `Some(None)` for the browser's, `None`
/// for a tag the console lacks.
fn named(tag: Option<&str>) -> Option<Option<&'static Language>> {
    match tag {
        Some(t) => Language::find(t).map(Some),
        None => Some(None),
    }
}

/// Chooses `tag` (`None`: the browser's) and keeps the choice in this
/// browser; `false` for a language the console lacks.
pub fn choose(tag: Option<&str>) -> bool {
    let Some(language) = named(tag) else {
        return false;
    };
    if let Some(s) = storage() {
        let _ = match language {
            Some(l) => s.set_item(LANGUAGE_KEY, l.tag),
            None => s.remove_item(LANGUAGE_KEY),
        };
    }
    CHOSEN.with_borrow_mut(|c| *c = Some(language));
    load(current());
    write_cookie();
    bump();
    true
}

thread_local! {
    /// Whether the console is the whole page (its own origin's cookie is
    /// its to keep).
    static IN_COOKIE: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the console's language in a cookie of its own page
/// (`pc-language`), now and on every change, so that its server draws a
/// first screen in it (a standalone console only: a host's cookies are
/// not the console's).
pub fn keep_in_cookie() {
    IN_COOKIE.with(|c| c.set(true));
    write_cookie();
}

fn write_cookie() {
    if !IN_COOKIE.with(Cell::get) {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let value = format!(
        "pc-language={}; path=/; max-age=31536000; samesite=lax",
        current().tag
    );
    let _ = js_sys::Reflect::set(&doc, &"cookie".into(), &value.into());
}

/// Starts fetching the current language's catalog, so it is there when
/// the first screen is drawn (called as the console starts).
pub fn prepare() {
    load(current());
}

/// Installs the catalog `json` for `tag` (a file of `locales/`, as
/// written there), as if fetched: the browser tests install the files
/// they read.
pub fn install(tag: &str, json: &str) -> Result<(), String> {
    let language = Language::find(tag).ok_or_else(|| format!("no language {tag}"))?;
    let catalog = Catalog::parse(json).map_err(|e| e.to_string())?;
    keep(language.tag, catalog);
    Ok(())
}

/// Keeps `catalog` as `tag`'s and draws again.
fn keep(tag: &'static str, catalog: Catalog) {
    CATALOGS.with_borrow_mut(|all| {
        all.retain(|(t, _)| *t != tag);
        all.push((tag, Rc::new(catalog)));
    });
    bump();
}

fn loaded(tag: &str) -> Option<Rc<Catalog>> {
    CATALOGS.with_borrow(|all| all.iter().find(|(t, _)| *t == tag).map(|(_, c)| c.clone()))
}

/// Fetches `language`'s catalog unless it is here or on its way; when it
/// arrives the page is drawn again. A catalog that cannot be fetched
/// leaves English in its place, and a warning in the browser's console.
fn load(language: &'static Language) {
    if loaded(language.tag).is_some() || FETCHING.with_borrow(|f| f.contains(&language.tag)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(fetch_into(language));
}

/// Fetches `language`'s catalog and installs it, or notes that it could
/// not be fetched.
async fn fetch_into(language: &'static Language) {
    FETCHING.with_borrow_mut(|f| f.push(language.tag));
    let result = fetch_catalog(language.tag).await;
    FETCHING.with_borrow_mut(|f| f.retain(|t| *t != language.tag));
    let read = result.and_then(|json| Catalog::from_array(&json).map_err(|e| e.to_string()));
    if let Err(why) = read.map(|catalog| keep(language.tag, catalog)) {
        FAILED.with_borrow_mut(|f| f.push(language.tag));
        bump();
        let warning = format!(
            "Payments Console: the {} words are not here ({why}); English is shown.",
            language.name
        );
        web_sys::console::warn_1(&warning.into());
    }
}

/// Chooses `tag` as [`choose`] does, once its words are here: the page
/// stays as it is while they download, then is drawn in the new language.
pub async fn choose_when_ready(tag: Option<&str>) -> bool {
    let Some(language) = named(tag) else {
        return false;
    };
    let wanted = language.unwrap_or_else(browser);
    if loaded(wanted.tag).is_none() && !set_by_host() {
        fetch_into(wanted).await;
    }
    choose(tag)
}

/// Whether the words to draw with are here: English, the current
/// language's catalog, or English standing in for a catalog that could
/// not be fetched. Until then the console draws nothing (so a first
/// visit in German is not drawn in English first, then again).
pub fn ready() -> bool {
    track();
    let language = current();
    language == Language::english()
        || loaded(language.tag).is_some()
        || FAILED.with_borrow(|f| f.contains(&language.tag))
}

/// The catalog to read now: the current language's, else English.
fn catalog() -> (Rc<Catalog>, &'static Language) {
    let language = current();
    match loaded(language.tag) {
        Some(c) => (c, language),
        None => (loaded("en").unwrap_or_default(), Language::english()),
    }
}

/// An amount as the person typed it in the console's language
/// (`1.234,50` in German), in the form the model reads (`1234.50`).
pub fn typed_amount(text: &str) -> String {
    payments_model::money::read_typed_amount(text, crate::format::decimal_mark())
}

/// A count written as the console's language writes numbers (`1.234`).
pub fn number(n: usize) -> String {
    crate::format::format_count(n)
}

/// The console's language as a [`Speaker`]: its catalog's texts, numbers
/// written its way.
struct Console(Rc<Catalog>);

impl Speaker for Console {
    fn text(&self, key: Key) -> Cow<'_, str> {
        Cow::Borrowed(self.0.raw(key))
    }

    fn number(&self, n: u64) -> String {
        number(usize::try_from(n).unwrap_or(usize::MAX))
    }
}

/// A message of the model, the network layer or the server, worded in
/// the console's language by its code (a vendor's own words as written).
pub fn say(message: &Message) -> String {
    let (c, _) = catalog();
    message.render(&Console(c))
}

/// An error in the console's language: its message, the vendor's status
/// where it answered, and the gateway's id of the request it refused.
pub fn say_error(error: &ApiError) -> String {
    let message = say(&error.message);
    let message = match error.status {
        Some(status) => format!("{message} (HTTP {status})"),
        None => message,
    };
    with_request(message, error)
}

/// A refusal of the console's own server in its language: its message and
/// the id of the request it refused (for support), without the status.
pub fn say_refusal(error: &ApiError) -> String {
    with_request(say(&error.message), error)
}

fn with_request(message: String, error: &ApiError) -> String {
    match &error.request_id {
        Some(id) => t_with(k::error::REQUEST, &[("message", &message), ("id", id)]),
        None => message,
    }
}

/// A row's or a group's label: the documented field's words, or its
/// name as the vendor sent it.
pub fn label_words(label: &payments_model::display::Label) -> String {
    match label {
        payments_model::display::Label::Word(key) => t(*key),
        payments_model::display::Label::AsSent(name) => name.clone(),
    }
}

/// The message `key` in the console's language.
pub fn t(key: Key) -> String {
    t_with(key, &[])
}

/// The message `key` with its placeholders filled in from `args`.
pub fn t_with(key: Key, args: &[(&str, &str)]) -> String {
    let (c, _) = catalog();
    c.text(key, args)
}

/// The form of `key` for `n` (by the language's plural rule), with `{n}`
/// written as the language writes numbers and `args` filled in.
pub fn t_count(key: Counted, n: usize, args: &[(&str, &str)]) -> String {
    let (c, language) = catalog();
    let written = number(n);
    let mut all = vec![("n", written.as_str())];
    all.extend_from_slice(args);
    c.counted(key, (language.plural)(n as u64), &all)
}
