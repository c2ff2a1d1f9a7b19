//! "New payment" and "Edit payment": exactly the vendor's writable fields,
//! validated in the browser before any request; errors sit by their
//! fields, a summary takes focus, server errors land on the fields they
//! name, a failed save keeps what was typed, and a double click sends one
//! request. An edit made from a stale read is not saved: the form shows
//! what changed and the choices ([`ConflictPanel`]).

use leptos::prelude::*;
use payments_model::display::FieldDisplay;
use payments_model::vendors::{FieldKind, FieldSpec};
use payments_model::Connection;

use super::controls::{control_id, focus_later, ErrorSummary, FormField};
use super::versions::{ConflictPanel, HeardNotice, NotLiveHint};
use super::{ConnectionPage, ErrorNotice};
use crate::language::{k, label_words, t, t_with};
use crate::routing::{Link, Router};
use crate::state::{field_groups, Console, Focus, FormController, FormState, Unsure};

const FORM_ID: &str = "pc-payment";

/// The create (`editing = false`) or edit page of a connection's payment.
#[component]
pub fn PaymentFormPage(
    /// The connection's id.
    connection_id: String,
    /// The payment's id (empty when creating).
    pid: String,
    /// Whether the form edits an existing payment.
    editing: bool,
) -> impl IntoView {
    let page =
        move |conn| view! { <PaymentForm conn=conn pid=pid.clone() editing=editing /> }.into_any();
    view! { <ConnectionPage connection_id=connection_id page=page /> }
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
    let vendor_name = conn.vendor.display_name();
    let shown = conn.vendor.profile().fields;
    let heading = t(if editing {
        k::form::EDIT_PAYMENT
    } else {
        k::form::NEW_PAYMENT
    });
    if !Console::may_write_here(&conn) {
        return view! { <FormUnavailable conn=conn heading=heading reason=None /> }.into_any();
    }
    let Some(c) = FormController::new(conn.clone(), pid.clone(), editing) else {
        let key = if editing {
            k::form::NO_EDITING
        } else {
            k::form::NO_CREATING
        };
        let reason = t_with(key, &[("vendor", vendor_name)]);
        return view! { <FormUnavailable conn=conn heading=heading reason=Some(reason) /> }
            .into_any();
    };
    let (form, spec) = (c.form, c.spec);
    let vendor = c.connection().vendor;
    // A change heard while editing, until a save's conflict says more.
    let heard = Memo::new(move |_| c.heard.get().filter(|_| c.conflict.with(Option::is_none)));
    let bring_in = (t(k::live::BRING_IN), Callback::new(move |_| c.keep_mine()));
    Effect::new(move |_| match c.focus.get() {
        Some(Focus::Field(f)) => focus_later(control_id(FORM_ID, &f)),
        Some(Focus::Summary) => focus_later(format!("{FORM_ID}-summary")),
        Some(Focus::Conflict) => focus_later(format!("{FORM_ID}-conflict")),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        c.submit();
    };
    let title = if editing {
        t_with(k::form::EDIT_TITLE, &[("id", &pid)])
    } else {
        t_with(k::form::NEW_TITLE, &[("vendor", vendor_name)])
    };
    view! {
        <section class="pc-form-page" aria-labelledby="pc-form-title">
            <h2 id="pc-form-title">{title}</h2>
            {move || c.load_error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <Show when=move || c.loaded.get()>
                {editing.then(|| view! { <NotLiveHint /> })}
                <HeardNotice vendor=vendor heard=heard action=bring_in.clone() />
                <ConflictPanel c=c id=format!("{FORM_ID}-conflict") />
                {move || {
                    let failure = form.with(|f| f.failure.clone());
                    view! { <ErrorSummary form_id=FORM_ID errors=c.labelled_errors() failure=failure /> }
                }}
                <UnsureStatus c=c />
                <form class="pc-form" novalidate on:submit=submit>
                    <FormFields spec=spec shown=shown editing=editing form=form />
                    <div class="pc-actions">
                        <button type="submit" class="pc-button" aria-disabled=move || form.with(|f| f.saving).to_string()>
                            {t(k::form::SAVE)}
                        </button>
                        <Link to=c.cancel() class="pc-link-button">{t(k::form::CANCEL)}</Link>
                        <span class="pc-saving" role="status">{move || form.with(|f| f.saving).then(|| t(k::form::SAVING))}</span>
                    </div>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

/// Why the form is not offered here: the person may only read
/// (`reason` none), or the vendor does not take this write.
#[component]
fn FormUnavailable(conn: Connection, heading: String, reason: Option<String>) -> impl IntoView {
    let list = Router::get().list(&conn.id);
    match reason {
        None => view! {
            <section class="pc-form-page">
                <h2>{heading}</h2>
                <p class="pc-notice">{super::payment_list::viewer_hint()}" "<Link to=list>{t(k::form::BACK)}</Link></p>
            </section>
        }
        .into_any(),
        Some(reason) => view! {
            <section class="pc-form-page">
                <h2>{heading}</h2>
                <p class="pc-notice">{reason}" "{t(conn.vendor.capabilities().limits)}</p>
                <Link to=list>{t(k::form::BACK)}</Link>
            </section>
        }
        .into_any(),
    }
}

/// A save whose outcome is not known, in words, with the payment's
/// link when it was found after all.
#[component]
fn UnsureStatus(c: FormController) -> impl IntoView {
    let form = c.form;
    view! {
        <div role="status" aria-live="polite">
            {move || form.with(|f| f.unsure.clone()).map(|u| {
                let link = match &u {
                    Unsure::Saved(id) => {
                        let words = t_with(k::form::OPEN_PAYMENT, &[("id", id.as_str())]);
                        Some(view! { <Link to=c.found(id) class="pc-button">{words}</Link> })
                    }
                    _ => None,
                };
                view! { <div class="pc-unsure"><p>{u.words()}</p> {link}</div> }
            })}
        </div>
    }
}

/// The vendor's fields, grouped under their legends.
#[component]
fn FormFields(
    spec: &'static [FieldSpec],
    shown: &'static [FieldDisplay],
    editing: bool,
    form: RwSignal<FormState>,
) -> impl IntoView {
    field_groups(spec, shown)
        .into_iter()
        .map(|(legend, fields)| {
            let controls = fields.iter().map(|f| view! {
                <FormField form_id=FORM_ID name=f.name label=t(f.label) kind=f.kind
                    required=f.required && !editing hint=hint(f) form=form />
            }).collect_view();
            match legend {
                Some(legend) => view! {
                    <fieldset class="pc-fieldset"><legend>{label_words(&legend)}</legend>{controls}</fieldset>
                }.into_any(),
                None => controls.into_any(),
            }
        })
        .collect_view()
}

fn hint(f: &FieldSpec) -> Option<String> {
    let key = match f.kind {
        FieldKind::Amount => k::form::HINT_AMOUNT,
        FieldKind::MinorUnits => k::form::HINT_MINOR_UNITS,
        FieldKind::TextList(_) => k::form::HINT_LIST,
        FieldKind::WholeNumber => k::form::HINT_WHOLE,
        FieldKind::DateTime => k::form::HINT_LOCAL_TIME,
        _ => return None,
    };
    Some(t(key))
}
