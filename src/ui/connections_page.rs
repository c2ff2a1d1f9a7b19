//! The Connections page: every connection with its vendor, address, scope
//! and where its secret is kept; add, edit, test and remove. Secrets stay
//! in memory unless "Remember the secrets for this session" is ticked.

use leptos::prelude::*;
use payments_model::connection::{scope_needs_id, scopes, ConnectionDraft};
use payments_model::providers::{for_vendor, FieldKind};
use payments_model::{Connection, Credentials, ListQuery, Vendor};

use super::confirm::ConfirmButton;
use super::fields::{focus_later, FieldControl, LabelledSelect};
use super::Console;
use crate::api::payments;
use crate::routing::Link;
use crate::state::FormState;

const FORM_ID: &str = "pc-conn";

/// The connections page.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let console = Console::get();
    // `Some(None)`: adding; `Some(Some(id))`: editing; `None`: no form.
    let editing: RwSignal<Option<Option<String>>> = RwSignal::new(None);
    view! {
        <section class="pc-connections" aria-labelledby="pc-connections-title">
            <h2 id="pc-connections-title">"Connections"</h2>
            <p class="pc-hint">"Each connection is one vendor account. Secrets are kept in memory unless you choose to remember them for this browser session; they never appear in an address."</p>
            <Show when=move || console.ready.get() fallback=|| view! { <p class="pc-loading" role="status">"Loading connections…"</p> }>
                <ul class="pc-cards">
                    <For each=move || console.connections.get() key=|c| serde_json::to_string(c).unwrap_or_default() let:c>
                        <ConnectionCard conn=c editing=editing />
                    </For>
                </ul>
                {move || console.connections.with(Vec::is_empty).then(|| view! {
                    <p class="pc-empty">"There are no connections yet. Add one to see its payments."</p>
                })}
            </Show>
            {move || match editing.get() {
                None => view! {
                    <button type="button" class="pc-button" on:click=move |_| {
                        editing.set(Some(None));
                        focus_later(format!("{FORM_ID}-vendor"));
                    }>"Add connection"</button>
                }.into_any(),
                Some(id) => view! { <ConnectionForm id=id editing=editing /> }.into_any(),
            }}
        </section>
    }
}

fn scope_words(c: &Connection) -> String {
    use payments_model::connection::Scope;
    match &c.scope {
        Scope::All => "All payments".into(),
        Scope::Customer(id) => format!("Customer {id}"),
        Scope::WhopApp => "App payments".into(),
        Scope::WhopCompany => "Company payments".into(),
        Scope::WhopMe => "My payments".into(),
        Scope::Campaign(id) => format!("Campaign {id}"),
        Scope::User(id) => format!("User {id}"),
        Scope::FundingSource(id) => format!("Funding source {id}"),
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
    let test_result: RwSignal<Option<Result<String, String>>> = RwSignal::new(None);
    let testing = RwSignal::new(false);
    let id = conn.id.clone();
    let remembered = {
        let id = id.clone();
        move || console.remembered.with(|r| r.contains(&id))
    };
    let secret_words = {
        let lacks = conn.credentials.lacks_secret();
        let none = conn.credentials == Credentials::None;
        move || match (none, lacks, remembered()) {
            (true, _, _) => "No credentials (public access)",
            (_, true, _) => "Secret missing: edit to enter it",
            (_, _, true) => "Secret remembered for this session",
            _ => "Secret kept in memory",
        }
    };
    let conn_store = StoredValue::new(conn.clone());
    let test = move |_| {
        if testing.get_untracked() {
            return;
        }
        testing.set(true);
        test_result.set(None);
        leptos::task::spawn_local(async move {
            let c = conn_store.get_value();
            let query = ListQuery::first_page(for_vendor(c.vendor).list_spec().pagination);
            let outcome = match payments::list(&c, &query, None).await {
                Ok(page) => Ok(match page.info.total_items {
                    Some(n) => format!("Connected: {n} payments."),
                    None => format!(
                        "Connected: {} payments on the first page.",
                        page.items.len()
                    ),
                }),
                Err(e) => Err(e.to_string()),
            };
            testing.set(false);
            test_result.set(Some(outcome));
        });
    };
    let name = conn.name.clone();
    let heading = name.clone();
    let remove = {
        let id = id.clone();
        Callback::new(move |_| console.remove(&id))
    };
    view! {
        <li class="pc-card">
            <h3><Link to=format!("/c/{}", payments_model::http::percent_encode(&id))>{heading}</Link></h3>
            <dl class="pc-fields">
                <div class="pc-fields__row"><dt>"Vendor"</dt><dd>{conn.vendor.display_name()}</dd></div>
                <div class="pc-fields__row"><dt>"Base URL"</dt><dd>{conn.base_url.clone()}</dd></div>
                <div class="pc-fields__row"><dt>"Scope"</dt><dd>{scope_words(&conn)}</dd></div>
                <div class="pc-fields__row"><dt>"Credentials"</dt><dd>{secret_words}</dd></div>
            </dl>
            <div class="pc-actions">
                <button type="button" class="pc-button" aria-label=format!("Edit {name}") on:click={
                    let id = id.clone();
                    move |_| {
                        editing.set(Some(Some(id.clone())));
                        focus_later(format!("{FORM_ID}-name"));
                    }
                }>"Edit"</button>
                <button type="button" class="pc-button" aria-label=format!("Test {name}")
                    aria-disabled=move || testing.get().to_string() on:click=test>"Test"</button>
                <ConfirmButton label="Remove" name=format!("Remove {name}") confirm="Remove connection" busy=Signal::derive(|| false)
                    question=format!("Remove the connection {name}? Its payments stay with the vendor.") on_confirm=remove />
            </div>
            <p class="pc-status" role="status" aria-live="polite">
                {move || match test_result.get() {
                    None => testing.get().then(|| view! { <span>"Testing…"</span> }.into_any()),
                    Some(Ok(m)) => Some(view! { <span class="pc-ok">{m}</span> }.into_any()),
                    Some(Err(m)) => Some(view! { <span class="pc-field-error">{m}</span> }.into_any()),
                }}
            </p>
        </li>
    }
}

fn draft_from(form: &FormState) -> ConnectionDraft {
    let v = |k: &str| form.values.get(k).cloned().unwrap_or_default();
    ConnectionDraft {
        id: None,
        vendor: v("vendor"),
        name: v("name"),
        base_url: v("base_url"),
        token: v("token"),
        username: v("username"),
        secret: v("secret"),
        device_id: v("device_id"),
        api_key: v("api_key"),
        scope: v("scope"),
        scope_id: v("scope_id"),
        currency: v("currency"),
    }
}

fn form_from(d: &ConnectionDraft) -> FormState {
    let pairs = [
        ("vendor", &d.vendor),
        ("name", &d.name),
        ("base_url", &d.base_url),
        ("token", &d.token),
        ("username", &d.username),
        ("secret", &d.secret),
        ("device_id", &d.device_id),
        ("api_key", &d.api_key),
        ("scope", &d.scope),
        ("scope_id", &d.scope_id),
        ("currency", &d.currency),
    ];
    FormState::starting_with(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[component]
fn ConnectionForm(
    /// The connection edited, or `None` to add one.
    id: Option<String>,
    /// Closed by setting it to `None`.
    editing: RwSignal<Option<Option<String>>>,
) -> impl IntoView {
    let console = Console::get();
    let existing = id.as_ref().and_then(|i| console.find(i));
    let mut draft = existing
        .as_ref()
        .map(ConnectionDraft::from_connection)
        .unwrap_or_else(|| ConnectionDraft {
            vendor: "reviewrover".into(),
            ..ConnectionDraft::default()
        });
    draft.id = None;
    let form = RwSignal::new(form_from(&draft));
    let remember = RwSignal::new(
        id.as_ref()
            .is_some_and(|i| console.remembered.with_untracked(|r| r.contains(i))),
    );
    let vendor = Signal::derive(move || {
        form.with(|f| Vendor::from_slug(f.values.get("vendor").map_or("", String::as_str)))
    });
    let value_of = move |k: &'static str| {
        Signal::derive(move || form.with(|f| f.values.get(k).cloned().unwrap_or_default()))
    };
    let error_of = move |k: &'static str| {
        Signal::derive(move || form.with(|f| f.errors.get(k).map(str::to_string)))
    };
    let vendors: Vec<(String, String)> = Vendor::ALL
        .iter()
        .map(|v| (v.slug().to_string(), v.display_name().to_string()))
        .collect();
    let scope_options = Signal::derive(move || {
        vendor
            .get()
            .map(|v| {
                scopes(v)
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    });
    let id_for_save = id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut d = draft_from(&form.get_untracked());
        d.id = id_for_save.clone();
        let taken: Vec<String> = console
            .connections
            .with_untracked(|cs| cs.iter().map(|c| c.id.clone()).collect());
        match d.validate(&taken) {
            Ok(conn) => {
                console.put(conn, remember.get_untracked());
                editing.set(None);
            }
            Err(errs) => {
                let first = errs.0.first().map(|e| e.field.clone());
                form.update(|f| f.fail(errs.0, None));
                if let Some(f) = first {
                    focus_later(format!("{FORM_ID}-{f}"));
                }
            }
        }
    };
    let title = if id.is_some() {
        "Edit connection"
    } else {
        "Add a connection"
    };
    view! {
        <form class="pc-form pc-card" novalidate on:submit=save aria-labelledby="pc-conn-title">
            <h3 id="pc-conn-title">{title}</h3>
            <LabelledSelect id="pc-conn-vendor" label="Vendor" options=vendors value=value_of("vendor")
                error=error_of("vendor")
                on_change=Callback::new(move |v: String| form.update(|f| { f.set("vendor", v); f.set("scope", String::new()); })) />
            <FieldControl form_id=FORM_ID name="name" label="Name" kind=FieldKind::Text required=true form=form />
            <FieldControl form_id=FORM_ID name="base_url" label="Base URL" kind=FieldKind::Text required=true form=form
                hint=Some("The API root, such as https://dashboard.reviewrover.co/api/v1.") />
            {move || match vendor.get() {
                Some(Vendor::TwoCloud) => view! {
                    <FieldControl form_id=FORM_ID name="username" label="Username" kind=FieldKind::Text form=form
                        hint=Some("Leave empty for public access.") />
                    <FieldControl form_id=FORM_ID name="secret" label="Secret" kind=FieldKind::Text input_type="password" form=form />
                    <FieldControl form_id=FORM_ID name="device_id" label="Device ID" kind=FieldKind::Text form=form
                        hint=Some("Sent as the From header when saving.") />
                }.into_any(),
                Some(Vendor::BuiltOn) => view! {
                    <FieldControl form_id=FORM_ID name="api_key" label="API key" kind=FieldKind::Text input_type="password" required=true form=form />
                    <FieldControl form_id=FORM_ID name="token" label="Token" kind=FieldKind::Text input_type="password" required=true form=form />
                }.into_any(),
                _ => view! {
                    <FieldControl form_id=FORM_ID name="token" label="Token" kind=FieldKind::Text input_type="password" required=true form=form />
                }.into_any(),
            }}
            <LabelledSelect id="pc-conn-scope" label="Scope" options=scope_options value=value_of("scope")
                error=error_of("scope") on_change=Callback::new(move |v: String| form.update(|f| f.set("scope", v))) />
            {move || scope_needs_id(&value_of("scope").get()).then(|| view! {
                <FieldControl form_id=FORM_ID name="scope_id" label="Scope ID" kind=FieldKind::Text required=true form=form />
            })}
            {move || matches!(vendor.get(), Some(Vendor::ReviewRover | Vendor::BillingPlatform)).then(|| view! {
                <FieldControl form_id=FORM_ID name="currency" label="Currency" kind=FieldKind::Text form=form
                    hint=Some("The vendor sends amounts without a currency: an ISO code such as USD.") />
            })}
            <div class="pc-field pc-field--check">
                <label for="pc-conn-remember">"Remember the secrets for this session"</label>
                <input id="pc-conn-remember" type="checkbox" prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev)) />
            </div>
            <div class="pc-actions">
                <button type="submit" class="pc-button">"Save"</button>
                <button type="button" class="pc-link-button" on:click=move |_| editing.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
