//! "New payment" and "Edit payment": exactly the vendor's writable fields,
//! validated in the browser before any request; errors sit by their
//! fields, a summary takes focus, server errors land on the fields they
//! name, a failed save keeps what was typed, and a double click sends one
//! request.

use std::collections::BTreeMap;

use leptos::prelude::*;
use payments_model::connection::Scope;
use payments_model::providers::billingplatform::CUSTOMER_FIELD;
use payments_model::providers::display::form_value;
use payments_model::providers::{for_vendor, FieldSpec};
use payments_model::{Connection, Vendor};

use super::fields::{control_id, focus_later, ErrorSummary, FieldControl};
use super::{Console, ErrorNotice};
use crate::api::payments;
use crate::routing::{Link, Router};
use crate::state::FormState;

const FORM_ID: &str = "pc-payment";

/// The create (`editing = false`) or edit page of a connection's payment.
#[component]
pub fn PaymentFormPage(
    /// The connection's id.
    conn: String,
    /// The payment's id (empty when creating).
    pid: String,
    /// Whether the form edits an existing payment.
    editing: bool,
) -> impl IntoView {
    let console = Console::get();
    move || {
        let (conn_id, pid) = (conn.clone(), pid.clone());
        if !console.ready.get() {
            return view! { <p class="pc-loading" role="status">"Loading…"</p> }.into_any();
        }
        match console.find(&conn_id) {
            Some(conn) => view! { <PaymentForm conn=conn pid=pid editing=editing /> }.into_any(),
            None => view! { <p class="pc-notice">"There is no connection "{conn_id}". "<Link to="/connections">"Connections"</Link></p> }.into_any(),
        }
    }
}

#[component]
fn PaymentForm(
    /// The connection to write through.
    conn: Connection,
    /// The payment being edited (empty when creating).
    pid: String,
    /// Whether the form edits an existing payment.
    editing: bool,
) -> impl IntoView {
    let provider = for_vendor(conn.vendor);
    let caps = provider.capabilities();
    let spec: Option<&'static [FieldSpec]> = if editing { caps.update } else { caps.create };
    let vendor_name = conn.vendor.display_name();
    let list_href = format!("/c/{}", conn.id);
    let Some(spec) = spec else {
        let what = if editing { "editing" } else { "creating" };
        return view! {
            <section class="pc-form-page">
                <h2>{if editing { "Edit payment" } else { "New payment" }}</h2>
                <p class="pc-notice">{format!("{vendor_name} documents no way of {what} payments. ")}{caps.limits}</p>
                <Link to=list_href>"Back to the payments"</Link>
            </section>
        }
        .into_any();
    };
    let console = Console::get();
    let form = RwSignal::new(FormState::default());
    let loaded = RwSignal::new(!editing);
    let load_error = RwSignal::new(None);
    let conn_store = StoredValue::new(conn.clone());
    if editing {
        let pid = pid.clone();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let conn = conn_store.get_value();
            match payments::load(&conn, &pid, None).await {
                Ok(p) => {
                    let initial: BTreeMap<String, String> = spec
                        .iter()
                        .filter_map(|f| {
                            p.field(f.name)
                                .map(|v| (f.name.to_string(), form_value(v, f.kind)))
                        })
                        .collect();
                    form.set(FormState::starting_with(initial));
                    loaded.set(true);
                }
                Err(e) => {
                    console.report(&conn, &e);
                    load_error.set(Some(e));
                }
            }
        });
    } else if let (Vendor::BillingPlatform, Scope::Customer(id)) = (conn.vendor, &conn.scope) {
        form.update(|f| f.set(CUSTOMER_FIELD, id.clone()));
    }

    let router = Router::get();
    let pid_store = StoredValue::new(pid.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.with_untracked(|f| f.saving) {
            return;
        }
        let conn = conn_store.get_value();
        let values = form.with_untracked(|f| f.to_send(spec, editing));
        let pid = pid_store.get_value();
        let build = move |c: &Connection| {
            if editing {
                provider.update_request(c, &pid, &values)
            } else {
                provider.create_request(c, &values)
            }
        };
        match build(&conn) {
            Some(Ok(_)) => {}
            Some(Err(errs)) => {
                form.update(|f| f.fail(errs.0, None));
                focus_first_error(form, spec);
                return;
            }
            None => return,
        }
        if !form.try_update(|f| f.begin_save()).unwrap_or(false) {
            return;
        }
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            match payments::write(&conn, |c| build(c).and_then(Result::ok)).await {
                Ok(written) => {
                    form.update(|f| f.saving = false);
                    console.written(if editing { "updated" } else { "created" }, &conn, &written);
                    let to = match written.first() {
                        Some(p) => format!(
                            "/c/{}/p/{}",
                            conn.id,
                            payments_model::http::percent_encode(&p.id)
                        ),
                        None => format!("/c/{}", conn.id),
                    };
                    router.go(&to, false);
                }
                Err(e) => {
                    console.report(&conn, &e);
                    let message = e.to_string();
                    form.update(|f| f.fail(e.fields.clone(), Some(message)));
                    focus_first_error(form, spec);
                }
            }
        });
    };

    let title = if editing {
        format!("Edit payment {pid}")
    } else {
        format!("New {vendor_name} payment")
    };
    let cancel = if editing {
        format!(
            "/c/{}/p/{}",
            conn.id,
            payments_model::http::percent_encode(&pid)
        )
    } else {
        list_href
    };
    view! {
        <section class="pc-form-page" aria-labelledby="pc-form-title">
            <h2 id="pc-form-title">{title}</h2>
            {move || load_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || loaded.get()>
                {move || {
                    let errors = form.with(|f| {
                        f.ordered_errors(spec)
                            .into_iter()
                            .map(|e| {
                                let label = spec.iter().find(|s| s.name == e.field).map_or(e.field.clone(), |s| s.label.to_string());
                                (e, label)
                            })
                            .collect::<Vec<_>>()
                    });
                    let failure = form.with(|f| f.failure.clone());
                    view! { <ErrorSummary form_id=FORM_ID errors=errors failure=failure /> }
                }}
                <form class="pc-form" novalidate on:submit=submit>
                    {spec.iter().map(|f| view! {
                        <FieldControl form_id=FORM_ID name=f.name label=f.label kind=f.kind
                            required=f.required && !editing hint=hint(f) form=form />
                    }).collect_view()}
                    <div class="pc-actions">
                        <button type="submit" class="pc-button" aria-disabled=move || form.with(|f| f.saving).to_string()>
                            "Save"
                        </button>
                        <Link to=cancel.clone() class="pc-link-button">"Cancel"</Link>
                        <span class="pc-saving" role="status">{move || form.with(|f| f.saving).then_some("Saving…")}</span>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

fn hint(f: &FieldSpec) -> Option<&'static str> {
    use payments_model::providers::FieldKind;
    match f.kind {
        FieldKind::Amount => Some("A decimal number, such as 75.00."),
        FieldKind::MinorUnits => Some("A whole number of cents, such as 1250 for $12.50."),
        FieldKind::TextList => Some("Separate several with commas."),
        FieldKind::WholeNumber => Some("A whole number."),
        FieldKind::DateTime => Some("In your local time."),
        _ => None,
    }
}

/// Focuses the error summary (or the first invalid field without one).
fn focus_first_error(form: RwSignal<FormState>, spec: &'static [FieldSpec]) {
    let first = form.with_untracked(|f| f.ordered_errors(spec).first().map(|e| e.field.clone()));
    match first {
        Some(field) if spec.iter().any(|s| s.name == field) => {
            focus_later(control_id(FORM_ID, &field))
        }
        _ => focus_later(format!("{FORM_ID}-summary")),
    }
}
