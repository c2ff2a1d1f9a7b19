//! "Views": the saved views of the page shown (a connection's list or All
//! payments) as a menu: open one, rename it, delete it (after a
//! confirmation), copy its link; and save what the page shows now under
//! a name. Every action is said in a live region; a name's problem is
//! tied to its field.

use leptos::prelude::*;
use payments_model::views::SavedView;
use payments_model::Message;
use wasm_bindgen::JsCast;

use super::controls::focus_later;
use super::deferred::DeferredDisclosure;
use super::screens;
use crate::language::{k, say, t, t_with};
use crate::state::{ColumnsController, Preferences, ViewsController};

/// Puts `text` on the clipboard; `false` where the browser refuses.
async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok();
    let clipboard = navigator.and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok());
    let write = clipboard.as_ref().and_then(|c| {
        let f = js_sys::Reflect::get(c, &"writeText".into()).ok()?;
        f.dyn_into::<js_sys::Function>().ok()
    });
    let (Some(clipboard), Some(write)) = (clipboard, write) else {
        return false;
    };
    match write.call1(&clipboard, &text.into()) {
        Ok(p) => match p.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// The saved views menu of the page shown: its panel (and the code
/// drawing it) arrives when first opened.
#[component]
pub fn SavedViewsMenu(
    /// The columns of the list shown; none for All payments.
    columns: Option<ColumnsController>,
) -> impl IntoView {
    view! {
        <DeferredDisclosure class="pc-menu pc-views" load=move || screens::views_panel(columns)>
            {t(k::views::MENU)}
        </DeferredDisclosure>
    }
}

/// The menu's panel: the views of this page, and saving a new one.
#[component]
pub(super) fn ViewsPanel(
    /// The columns of the list shown; none for All payments.
    columns: Option<ColumnsController>,
) -> impl IntoView {
    let views = ViewsController::new(columns);
    let id = "pc-views";
    let prefs = Preferences::here();
    let kept = move || {
        if prefs.on_server() {
            t(k::views::KEPT_SERVER)
        } else {
            t(k::views::KEPT_BROWSER)
        }
    };
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Message>);
    let renaming = RwSignal::new(None::<String>);
    let link_shown = RwSignal::new(None::<(String, String)>);
    let name_id = format!("{id}-name");
    let error_id = format!("{id}-error");
    let save = {
        let name_id = name_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match views.save_current(&name.get_untracked()) {
                Ok(()) => {
                    name.set(String::new());
                    error.set(None);
                }
                Err(e) => {
                    error.set(Some(Message::from(e)));
                    focus_later(name_id.clone());
                }
            }
        }
    };
    view! {
            <div class="pc-menu__panel">
                {move || {
                    let here = views.here();
                    if here.is_empty() {
                        view! { <p class="pc-hint">{t(k::views::NONE)}</p> }.into_any()
                    } else {
                        view! { <ul class="pc-views__list">{here.into_iter().map(|v| view! { <ViewRow views renaming link_shown view=v /> }).collect_view()}</ul> }.into_any()
                    }
                }}
                {move || link_shown.get().map(|(name, link)| view! {
                    <label class="pc-views__link">{t_with(k::views::LINK, &[("name", &name)])}
                        <input type="text" readonly=true prop:value=link /></label>
                })}
                <form class="pc-views__save" on:submit=save>
                    <label for=name_id.clone()>{t(k::views::SAVE_AS)}</label>
                    <input id=name_id type="text" maxlength="80" prop:value=move || name.get()
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        aria-describedby=error_id.clone()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                    <p id=error_id class="pc-field-error">{move || error.get().map(|e| say(&e))}</p>
                    <button type="submit" class="pc-button">{t(k::views::SAVE)}</button>
                </form>
                <p class="pc-hint">{kept}" "{t(k::views::WHAT)}</p>
                {move || prefs.problem.get().map(|p| view! { <p class="pc-field-error" role="alert">{p}</p> })}
                <p class="pc-visually-hidden pc-views__said" role="status">{move || views.said.get()}</p>
            </div>
    }
}

/// One saved view in the menu: open it, rename it, copy its link,
/// delete it.
#[component]
fn ViewRow(
    views: ViewsController,
    /// The view being renamed, by name.
    renaming: RwSignal<Option<String>>,
    /// The link last copied (or to copy by hand), with its view's name.
    link_shown: RwSignal<Option<(String, String)>>,
    view: SavedView,
) -> impl IntoView {
    let shown_name = view.name.clone();
    let href = views.link(&view);
    let (for_open, for_copy, for_delete) = (view.clone(), view.clone(), view.name.clone());
    let editing = {
        let n = view.name.clone();
        move || renaming.with(|r| r.as_deref() == Some(n.as_str()))
    };
    let start_rename = {
        let n = view.name.clone();
        move |_| renaming.set(Some(n.clone()))
    };
    let copy_link = move |_| {
        let (name, link) = (for_copy.name.clone(), views.link(&for_copy));
        leptos::task::spawn_local(async move {
            let copied = copy(&link).await;
            views.said.set(if copied {
                t_with(k::views::COPIED, &[("name", &name)])
            } else {
                t_with(k::views::COPY_BELOW, &[("name", &name)])
            });
            link_shown.set(Some((name, link)));
        });
    };
    let from = view.name.clone();
    view! {
        <li>
            <a href=href class="pc-views__open" on:click=move |ev| {
                ev.prevent_default();
                views.open(&for_open);
            }>{shown_name.clone()}</a>
            <span class="pc-views__actions">
                <button type="button" class="pc-link-button" aria-label=t_with(k::views::RENAME_NAMED, &[("name", &shown_name)])
                    on:click=start_rename>{t(k::views::RENAME)}</button>
                <button type="button" class="pc-link-button" aria-label=t_with(k::views::COPY_NAMED, &[("name", &shown_name)])
                    on:click=copy_link>{t(k::views::COPY)}</button>
                <super::ConfirmButton label=t(k::views::DELETE) name=t_with(k::views::DELETE_NAMED, &[("name", &shown_name)])
                    question=t_with(k::views::DELETE_QUESTION, &[("name", &shown_name)])
                    confirm=t(k::views::DELETE_CONFIRM) busy=false
                    on_confirm=Callback::new(move |_| views.delete(&for_delete)) />
            </span>
            {move || editing().then(|| view! { <RenameForm views renaming from=from.clone() /> })}
        </li>
    }
}

/// Renaming view `from`: its new name, with the name's problem tied to
/// it; focus moves into it when it opens.
#[component]
fn RenameForm(
    views: ViewsController,
    renaming: RwSignal<Option<String>>,
    from: String,
) -> impl IntoView {
    let field = RwSignal::new(from.clone());
    let problem = RwSignal::new(None::<Message>);
    let input_id = format!("pc-view-rename-{}", from.len());
    let label = t_with(k::views::NEW_NAME, &[("name", &from)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match views.rename(&from, &field.get_untracked()) {
            Ok(()) => renaming.set(None),
            Err(e) => problem.set(Some(Message::from(e))),
        }
    };
    focus_later(input_id.clone());
    view! {
        <form class="pc-views__rename" on:submit=submit>
            <label for=input_id.clone()>{label}</label>
            <input id=input_id.clone() type="text" prop:value=move || field.get()
                aria-invalid=move || problem.with(Option::is_some).to_string()
                aria-describedby=format!("{input_id}-error")
                on:input=move |ev| field.set(event_target_value(&ev)) />
            <p id=format!("{input_id}-error") class="pc-field-error">{move || problem.get().map(|p| say(&p))}</p>
            <button type="submit" class="pc-link-button">{t(k::views::SAVE_NAME)}</button>
            <button type="button" class="pc-link-button" on:click=move |_| renaming.set(None)>{t(k::views::CANCEL)}</button>
        </form>
    }
}
