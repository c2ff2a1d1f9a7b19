//! Keyboard shortcuts (the rules are `state::shortcuts`): one listener on
//! the window that acts on keys pressed in the console (in a standalone
//! console, also with nothing focused; an embedded one never hears the
//! host page's keys), and the list of shortcuts in a dialog, opened by
//! `?` or the header's button, with the switch that turns them off.

use leptos::html::{Dialog, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::deferred::Deferred;
use super::screens;
use crate::language::{k, t};
use crate::routing::{Route, Router};
use crate::state::shortcuts::{step, typing_in, Shortcut};
use crate::state::Layout;

/// The rows a shortcut moves through.
const ROWS: &str = "main tbody tr.pc-row"; // a selector, not words
/// Where `/` leads: a list's find box, All payments' search, or a
/// list's first text filter.
const FIND: &str = "#pc-find, #pc-search-text, .pc-filters input[type=\"search\"]"; // a selector, not words
/// A row's link to its payment.
const ROW_LINK: &str = "th a, a"; // a selector, not words

/// Listens for the shortcuts in the console drawn in `root`, and draws
/// their list when `help` is open.
#[component]
pub fn ShortcutKeys(
    /// The console's root element.
    root: NodeRef<Div>,
    /// Whether keys pressed with nothing focused are the console's (a
    /// standalone console: the page is the console).
    page_keys: bool,
    /// Whether the list of shortcuts is open.
    help: RwSignal<bool>,
) -> impl IntoView {
    let layout = Layout::here();
    let router = Router::get();
    let listener = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if !layout.shortcuts_on_untracked() || help.get_untracked() {
            return;
        }
        let Some(root) = root.get_untracked() else {
            return;
        };
        let Some(focused) = focused_element(&ev) else {
            return;
        };
        let in_console = ev.composed_path().includes(&root, 0);
        let at_page = page_keys && matches!(focused.tag_name().as_str(), "BODY" | "HTML");
        if !(in_console || at_page) {
            return;
        }
        let typing = typing_in(
            &focused.tag_name(),
            &focused.get_attribute("type").unwrap_or_default(),
            focused
                .dyn_ref::<HtmlElement>()
                .is_some_and(HtmlElement::is_content_editable),
        );
        let modified = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
        let Some(shortcut) = Shortcut::of(&ev.key(), typing, modified) else {
            return;
        };
        // Enter is a link's, a button's or a disclosure's own, and means
        // nothing outside a row; every other shortcut's key is the
        // console's. What it does is code that arrives with the screens'.
        let own = matches!(focused.tag_name().as_str(), "A" | "BUTTON" | "SUMMARY");
        let in_row = focused.closest("tr.pc-row").ok().flatten().is_some();
        if shortcut == Shortcut::Open && (own || !in_row) {
            return;
        }
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            let _ = screens::shortcut(shortcut, root.into(), focused, router, help).await;
        });
    });
    on_cleanup(move || listener.remove());
    // Drawn only while open (a closed dialog's heading would be the
    // page's first); its code arrives with the screens'.
    move || {
        help.get().then(|| {
            view! { <Deferred quiet=true load=move || screens::shortcut_list(help) /> }
        })
    }
}

/// The element a key press was aimed at (inside a shadow root too).
fn focused_element(ev: &KeyboardEvent) -> Option<Element> {
    ev.composed_path().get(0).dyn_into::<Element>().ok()
}

/// Does what `shortcut` asks; whether it did anything.
pub(super) fn act(
    shortcut: Shortcut,
    root: &HtmlElement,
    focused: &Element,
    router: Router,
    help: RwSignal<bool>,
) -> bool {
    let row = focused.closest("tr.pc-row").ok().flatten();
    match shortcut {
        Shortcut::Help => {
            help.set(true);
            true
        }
        Shortcut::Find => focus(root.query_selector(FIND).ok().flatten()),
        Shortcut::Next | Shortcut::Previous => {
            let Ok(rows) = root.query_selector_all(ROWS) else {
                return false;
            };
            let all: Vec<Element> = (0..rows.length())
                .filter_map(|i| rows.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
                .collect();
            let current = row.and_then(|r| all.iter().position(|e| *e == r));
            let next = step(current, all.len(), shortcut == Shortcut::Next);
            focus(next.and_then(|i| all[i].query_selector(ROW_LINK).ok().flatten()))
        }
        // Enter on a row's check box opens the row's payment.
        Shortcut::Open => click(row.and_then(|r| r.query_selector(ROW_LINK).ok().flatten())),
        Shortcut::Choose => {
            click(row.and_then(|r| r.query_selector(".pc-select input").ok().flatten()))
        }
        Shortcut::Edit => match row.map(|r| {
            (
                r.get_attribute("data-connection"),
                r.get_attribute("data-payment"),
            )
        }) {
            Some((Some(connection_id), Some(pid))) => {
                router.go(Route::Edit { connection_id, pid }, false);
                true
            }
            _ => match router.place.with_untracked(|p| p.route.clone()) {
                Route::Detail { connection_id, pid } => {
                    router.go(Route::Edit { connection_id, pid }, false);
                    true
                }
                _ => false,
            },
        },
    }
}

/// Gives `el` the focus, if there is one.
fn focus(el: Option<Element>) -> bool {
    el.and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .map(|e| e.focus().is_ok())
        .unwrap_or(false)
}

/// Clicks `el`, if there is one.
fn click(el: Option<Element>) -> bool {
    el.and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .map(|e| e.click())
        .is_some()
}

/// "Keyboard shortcuts": opens their list.
#[component]
pub fn ShortcutsButton(
    /// Whether the list is open.
    help: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <button type="button" class="pc-link-button" aria-keyshortcuts=Shortcut::Help.key() aria-haspopup="dialog"
            on:click=move |_| help.set(true)>{t(k::shortcuts::TITLE)}</button>
    }
}

/// The shortcuts in a modal dialog (Escape or Close closes it), with the
/// switch that turns them on and off.
#[component]
pub(super) fn ShortcutList(
    /// Whether the list is open.
    help: RwSignal<bool>,
) -> impl IntoView {
    let layout = Layout::here();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let open = help.get();
        if let Some(d) = dialog.get() {
            if open && !d.open() {
                let _ = d.show_modal();
            } else if !open && d.open() {
                d.close();
            }
        }
    });
    let said = move || {
        t(if layout.shortcuts_on() {
            k::shortcuts::TURNED_ON
        } else {
            k::shortcuts::OFF
        })
    };
    view! {
        <dialog class="pc-shortcuts" node_ref=dialog aria-labelledby="pc-shortcuts-title"
            on:close=move |_| help.set(false)>
            <h2 id="pc-shortcuts-title">{t(k::shortcuts::TITLE)}</h2>
            <dl class="pc-shortcuts__list">
                {Shortcut::ALL.iter().map(|(_, key, words)| view! {
                    <div><dt><kbd>{*key}</kbd></dt><dd>{t(*words)}</dd></div>
                }).collect_view()}
            </dl>
            <p class="pc-hint">{t(k::shortcuts::HINT)}</p>
            <div class="pc-check">
                <input id="pc-shortcuts-on" type="checkbox" prop:checked=move || layout.shortcuts_on()
                    on:change=move |ev| layout.set_shortcuts_on(event_target_checked(&ev)) />
                <label for="pc-shortcuts-on">{t(k::shortcuts::ON)}</label>
            </div>
            <p class="pc-visually-hidden" role="status">{said}</p>
            <button type="button" class="pc-button" on:click=move |_| help.set(false)>{t(k::shortcuts::CLOSE)}</button>
        </dialog>
    }
}
