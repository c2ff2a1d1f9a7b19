//! The Connections page: every connection with its vendor, address, scope
//! and where its secret is kept; add, edit, test and remove. Secrets stay
//! in memory unless "Remember the secrets for this session" is ticked.

use leptos::prelude::*;
use payments_model::vendors::FieldKind;
use payments_model::Connection;

use super::confirm::ConfirmButton;
use super::controls::{focus_later, FormField, LabelledSelect};
use super::LoadingConnections;
use crate::language::{k, say, t, t_with};
use crate::routing::{Link, Route};
use crate::state::{secret_words, ConnectionCheck, ConnectionFormController, Console, FORM_ID};

/// The connections page.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let console = Console::get();
    // `Some(None)`: adding; `Some(Some(id))`: editing; `None`: no form.
    let editing: RwSignal<Option<Option<String>>> = RwSignal::new(None);
    view! {
        <section class="pc-connections" aria-labelledby="pc-connections-title">
            <h2 id="pc-connections-title">{t(k::connections::TITLE)}</h2>
            <p class="pc-hint">{t(k::connections::HINT)}</p>
            <Show when=move || console.ready.get() fallback=|| view! { <LoadingConnections /> }>
                <ul class="pc-cards">
                    <For each=move || console.connections.get() key=|c| serde_json::to_string(c).unwrap_or_default() let:c>
                        <ConnectionCard conn=c editing=editing />
                    </For>
                </ul>
                {move || console.connections.with(Vec::is_empty).then(|| view! {
                    <p class="pc-empty">{t(k::connections::NONE)}</p>
                })}
            </Show>
            {move || match editing.get() {
                None => view! {
                    <button type="button" class="pc-button" on:click=move |_| {
                        editing.set(Some(None));
                        focus_later(format!("{FORM_ID}-vendor"));
                    }>{t(k::connections::ADD)}</button>
                }.into_any(),
                Some(id) => view! { <ConnectionForm id=id editing=editing /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ConnectionCard(
    /// The connection shown.
    conn: Connection,
    /// Which connection the form edits.
    editing: RwSignal<Option<Option<String>>>,
) -> impl IntoView {
    let console = Console::get();
    let check = ConnectionCheck::new();
    let id = conn.id.clone();
    let secret = {
        let (conn, id) = (conn.clone(), id.clone());
        move || secret_words(&conn, console.remembers(&id))
    };
    let conn_store = StoredValue::new(conn.clone());
    let test = move |_| check.run(conn_store.get_value());
    let name = conn.name.clone();
    let heading = name.clone();
    let remove = {
        let id = id.clone();
        Callback::new(move |_| console.remove(&id))
    };
    let testing = check.testing;
    // A server connection is the server's to change (its configuration).
    let on_server = conn.on_gateway();
    let list = Route::List {
        connection_id: id.clone(),
    };
    view! {
        <li class="pc-card">
            <h3><Link to=list>{heading}</Link></h3>
            <dl class="pc-fields">
                <div class="pc-fields__row"><dt>{t(k::connections::VENDOR)}</dt><dd>{conn.vendor.display_name()}</dd></div>
                <div class="pc-fields__row"><dt>{t(k::connections::BASE_URL)}</dt><dd>{conn.base_url.clone()}</dd></div>
                <div class="pc-fields__row"><dt>{t(k::connections::SCOPE)}</dt><dd>{say(&conn.scope.words(conn.vendor))}</dd></div>
                <div class="pc-fields__row"><dt>{t(k::connections::CREDENTIALS)}</dt><dd>{secret}</dd></div>
            </dl>
            <div class="pc-actions">
                {(!on_server).then(|| view! {
                    <button type="button" class="pc-button" aria-label=t_with(k::connections::EDIT_NAMED, &[("name", &name)]) on:click={
                        let id = id.clone();
                        move |_| {
                            editing.set(Some(Some(id.clone())));
                            focus_later(format!("{FORM_ID}-name"));
                        }
                    }>{t(k::connections::EDIT)}</button>
                })}
                <button type="button" class="pc-button" aria-label=t_with(k::connections::TEST_NAMED, &[("name", &name)])
                    aria-disabled=move || testing.get().to_string() on:click=test>{t(k::connections::TEST)}</button>
                {(!on_server).then(|| view! {
                    <ConfirmButton label=t(k::connections::REMOVE) name=t_with(k::connections::REMOVE_NAMED, &[("name", &name)])
                        confirm=t(k::connections::REMOVE_CONFIRM) busy=Signal::derive(|| false)
                        question=t_with(k::connections::REMOVE_QUESTION, &[("name", &name)]) on_confirm=remove />
                })}
            </div>
            <p class="pc-status" role="status" aria-live="polite">
                {move || match check.outcome.get() {
                    None => testing.get().then(|| view! { <span>{t(k::connections::TESTING)}</span> }.into_any()),
                    Some(Ok(m)) => Some(view! { <span class="pc-ok">{m}</span> }.into_any()),
                    Some(Err(m)) => Some(view! { <span class="pc-field-error">{m}</span> }.into_any()),
                }}
            </p>
        </li>
    }
}

#[component]
fn ConnectionForm(
    /// The connection edited, or `None` to add one.
    id: Option<String>,
    /// Closed by setting it to `None`.
    editing: RwSignal<Option<Option<String>>>,
) -> impl IntoView {
    let c = ConnectionFormController::new(id);
    let form = c.form;
    let (vendor, remember) = (c.vendor, c.remember);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match c.save() {
            Ok(()) => editing.set(None),
            Err(first) => focus_later(first),
        }
    };
    let title = t(if c.editing() {
        k::connections::FORM_EDIT
    } else {
        k::connections::FORM_ADD
    });
    let scope_options = Signal::derive(move || c.scope_choices());
    view! {
        <form class="pc-form pc-card" novalidate on:submit=save aria-labelledby="pc-conn-title">
            <h3 id="pc-conn-title">{title}</h3>
            <LabelledSelect id="pc-conn-vendor" label=t(k::connections::VENDOR) options=ConnectionFormController::vendor_choices() value=c.value("vendor")
                error=c.error("vendor") on_change=Callback::new(move |v: String| c.choose_vendor(v)) />
            <FormField form_id=FORM_ID name="name" label=t(k::connections::NAME) kind=FieldKind::Text required=true form=form />
            <FormField form_id=FORM_ID name="base_url" label=t(k::connections::BASE_URL) kind=FieldKind::Text required=true form=form
                hint=Some(t(k::connections::BASE_URL_HINT)) />
            {move || vendor.get().map(|v| {
                let scheme = v.profile().credentials;
                scheme.fields.iter().map(|f| view! {
                    <FormField form_id=FORM_ID name=f.name label=t(f.label) form=form
                        kind=if f.choices.is_empty() { FieldKind::Text } else { FieldKind::Choice(f.choices) }
                        input_type=f.secret.then_some("password") hint=f.hint.map(t)
                        required=f.required && scheme.anonymous_without.is_none() />
                }).collect_view()
            })}
            <LabelledSelect id="pc-conn-scope" label=t(k::connections::SCOPE) options=scope_options value=c.value("scope")
                error=c.error("scope") on_change=Callback::new(move |v: String| form.update(|f| f.set("scope", v))) />
            {move || c.scope_needs_id().then(|| view! {
                <FormField form_id=FORM_ID name="scope_id" label=t(k::connections::SCOPE_ID) kind=FieldKind::Text required=true form=form />
            })}
            {move || vendor.get().and_then(|v| v.profile().connection_currency).map(|hint| view! {
                <FormField form_id=FORM_ID name="currency" label=t(k::connections::CURRENCY) kind=FieldKind::Text form=form
                    hint=Some(t(hint)) />
            })}
            <div class="pc-field pc-field--check">
                <label for="pc-conn-remember">{t(k::connections::REMEMBER)}</label>
                <input id="pc-conn-remember" type="checkbox" prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev)) />
            </div>
            <div class="pc-actions">
                <button type="submit" class="pc-button">{t(k::connections::SAVE)}</button>
                <button type="button" class="pc-link-button" on:click=move |_| editing.set(None)>{t(k::connections::CANCEL)}</button>
            </div>
        </form>
    }
}
