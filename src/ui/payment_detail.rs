//! One payment: every field the vendor returned, formatted for people,
//! the raw JSON on request, and the actions the vendor allows (edit,
//! delete with confirmation, change status) with a note on what it does
//! not allow.

use leptos::prelude::*;
use payments_model::providers::display::{detail_rows, DetailValue};
use payments_model::providers::for_vendor;
use payments_model::{ApiError, Connection, Payment};

use super::confirm::ConfirmButton;
use super::{Console, ErrorNotice, MomentText, MoneyText, StatusBadge};
use crate::api::{payments, Waiting};
use crate::routing::{Link, Router};

/// The detail page of a connection's payment.
#[component]
pub fn PaymentDetailPage(
    /// The connection's id.
    conn: String,
    /// The payment's id.
    pid: String,
) -> impl IntoView {
    let console = Console::get();
    move || {
        let (conn_id, pid) = (conn.clone(), pid.clone());
        if !console.ready.get() {
            return view! { <p class="pc-loading" role="status">"Loading…"</p> }.into_any();
        }
        match console.find(&conn_id) {
            Some(conn) => view! { <PaymentDetail conn=conn pid=pid /> }.into_any(),
            None => view! { <p class="pc-notice">"There is no connection "{conn_id}". "<Link to="/connections">"Connections"</Link></p> }.into_any(),
        }
    }
}

#[component]
fn PaymentDetail(
    /// The payment's connection.
    conn: Connection,
    /// The payment's id.
    pid: String,
) -> impl IntoView {
    let console = Console::get();
    let payment: RwSignal<Option<Result<Payment, ApiError>>> = RwSignal::new(None);
    let waiting: Waiting = RwSignal::new(None);
    let reload = RwSignal::new(0u32);
    let conn_store = StoredValue::new(conn.clone());
    let pid_store = StoredValue::new(pid.clone());
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let conn = conn_store.get_value();
            let result = payments::load(&conn, &pid_store.get_value(), Some(waiting)).await;
            if let Err(e) = &result {
                console.report(&conn, e);
            }
            payment.set(Some(result));
        });
    });
    let list_href = format!("/c/{}", conn.id);
    view! {
        <section class="pc-detail" aria-labelledby="pc-detail-title">
            <p><Link to=list_href.clone()>{format!("← {} payments", conn.name)}</Link></p>
            <h2 id="pc-detail-title">{format!("Payment {pid}")}</h2>
            <p class="pc-status" role="status" aria-live="polite">
                {move || waiting.get().or_else(|| payment.with(|p| p.is_none()).then(|| "Loading the payment…".to_string()))}
            </p>
            {move || payment.get().map(|r| match r {
                Ok(p) => view! { <PaymentView conn=conn_store.get_value() payment=p reload=reload /> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| reload.update(|n| *n += 1)) /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn PaymentView(
    /// The payment's connection.
    conn: Connection,
    /// The payment.
    payment: Payment,
    /// Bumped to load the payment again after a change.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let provider = for_vendor(conn.vendor);
    let caps = provider.capabilities();
    let rows = detail_rows(&payment, &conn);
    let raw = payment.raw_json();
    let busy = RwSignal::new(false);
    let action_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let router = Router::get();
    let console = Console::get();
    let conn_store = StoredValue::new(conn.clone());
    let id = payment.id.clone();
    let id_path = payments_model::http::percent_encode(&id);

    let delete = {
        let id = id.clone();
        Callback::new(move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (conn, id) = (conn_store.get_value(), id.clone());
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match payments::delete(&conn, &id).await {
                    Ok(()) => {
                        console.emit(
                            "deleted",
                            serde_json::json!({"connection": conn.id, "vendor": conn.vendor.slug(), "id": id}),
                        );
                        router.go(&format!("/c/{}", conn.id), false);
                    }
                    Err(e) => {
                        console.report(&conn, &e);
                        busy.set(false);
                        action_error.set(Some(e));
                    }
                }
            });
        })
    };
    let new_status = RwSignal::new(String::new());
    let change_status = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let status = new_status.get_untracked();
            if status.is_empty() || busy.get_untracked() {
                return;
            }
            let conn = conn_store.get_value();
            busy.set(true);
            let id = id.clone();
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let result =
                    payments::write(&conn, |c| provider.status_request(c, &id, &status)).await;
                busy.set(false);
                match result {
                    Ok(written) => {
                        console.written("updated", &conn, &written);
                        reload.update(|n| *n += 1);
                    }
                    Err(e) => {
                        console.report(&conn, &e);
                        action_error.set(Some(e));
                    }
                }
            });
        }
    };

    let problems = payment.problems.clone();
    view! {
        <div class="pc-detail-head">
            <MoneyText money=payment.amount.clone() />
            <StatusBadge status=payment.status.clone() />
        </div>
        <div class="pc-actions">
            {caps.update.is_some().then(|| view! {
                <Link to=format!("/c/{}/p/{}/edit", conn.id, id_path) class="pc-button">"Edit"</Link>
            })}
            {caps.delete.then(|| view! {
                <ConfirmButton label="Delete" confirm="Delete payment" busy=busy on_confirm=delete
                    question=format!("Delete payment {id}? This cannot be undone.") />
            })}
        </div>
        {caps.change_status.map(|statuses| view! {
            <form class="pc-inline-form" on:submit=change_status>
                <div class="pc-field">
                    <label for="pc-new-status">"New status"</label>
                    <select id="pc-new-status" on:change=move |ev| new_status.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {statuses.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="pc-button" aria-disabled=move || busy.get().to_string()>"Change status"</button>
            </form>
        })}
        <p class="pc-hint">{caps.limits}</p>
        {move || action_error.get().map(|e| view! { <ErrorNotice error=e /> })}
        {(!problems.is_empty()).then(|| view! {
            <div class="pc-warning" role="note">
                <p>"Some fields could not be read and are shown as sent:"</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        })}
        <dl class="pc-fields">
            {rows.into_iter().map(|r| view! {
                <div class="pc-fields__row">
                    <dt>{r.label}</dt>
                    <dd>{detail_value(r.value)}</dd>
                </div>
            }).collect_view()}
        </dl>
        <details class="pc-raw">
            <summary>"Raw JSON"</summary>
            <pre>{raw}</pre>
        </details>
    }
}

fn detail_value(v: DetailValue) -> AnyView {
    match v {
        DetailValue::Text(t) | DetailValue::AsSent(t) => view! { <span>{t}</span> }.into_any(),
        DetailValue::Money(m) => view! { <MoneyText money=Some(m) /> }.into_any(),
        DetailValue::Time(m) => {
            view! { <MomentText moment=Some(m) /> <span class="pc-exact">{m.exact()}</span> }
                .into_any()
        }
        DetailValue::Status(s) => view! { <StatusBadge status=s /> }.into_any(),
        DetailValue::Flag(b) => view! { <span>{if b { "Yes" } else { "No" }}</span> }.into_any(),
        DetailValue::NotSet => view! { <span class="pc-none">"Not set"</span> }.into_any(),
    }
}
