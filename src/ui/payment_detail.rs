//! One payment: every field the vendor returned, formatted for people,
//! the raw JSON on request, and the actions the vendor allows (edit,
//! delete with confirmation, change status) with a note on what it does
//! not allow; on the gateway, its history of changes. A colleague's
//! change heard meanwhile is named, and a delete of a payment changed
//! since it was shown asks again, showing what changed.

use leptos::prelude::*;
use payments_model::display::{detail_rows, DetailValue};
use payments_model::vendors::StatusChange;
use payments_model::{Connection, Payment};

use super::activity_page::PaymentHistory;
use super::confirm::ConfirmButton;
use super::payment_list::viewer_hint;
use super::versions::{HeardNotice, NotLiveHint};
use super::ConnectionPage;
use super::{ErrorNotice, MomentText, MoneyText, StatusBadge};
use crate::language::{k, label_words, say, t, t_with};
use crate::routing::{Link, Route};
use crate::state::{conflict_words, Console, DetailController};

/// The detail page of a connection's payment.
#[component]
pub fn PaymentDetailPage(
    /// The connection's id.
    connection_id: String,
    /// The payment's id.
    pid: String,
) -> impl IntoView {
    let page = move |conn| view! { <PaymentDetail conn=conn pid=pid.clone() /> }.into_any();
    view! { <ConnectionPage connection_id=connection_id page=page /> }
}

#[component]
fn PaymentDetail(
    /// The payment's connection.
    conn: Connection,
    /// The payment's id.
    pid: String,
) -> impl IntoView {
    let name = conn.name.clone();
    let vendor = conn.vendor;
    let detail = DetailController::new(conn, pid.clone());
    let show_new = (
        t(k::live::SHOW_NEW),
        Callback::new(move |_| detail.reload()),
    );
    let payment = detail.payment;
    let back = detail.list();
    let back_words = if back.route == Route::All {
        t(k::detail::BACK_ALL)
    } else {
        t_with(k::detail::BACK, &[("connection", &name)])
    };
    view! {
        <section class="pc-detail" aria-labelledby="pc-detail-title">
            <p><Link to=back>{back_words}</Link></p>
            <h2 id="pc-detail-title">{t_with(k::detail::TITLE, &[("id", &pid)])}</h2>
            <p class="pc-status" role="status" aria-live="polite">
                {move || detail.waiting.get().map(|w| say(&w)).or_else(|| payment.with(|p| p.is_none()).then(|| t(k::detail::LOADING)))}
            </p>
            <HeardNotice vendor=vendor heard=detail.heard action=show_new />
            {move || payment.get().map(|r| match r {
                Ok(p) => view! { <PaymentView detail=detail payment=p /> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e on_retry=Callback::new(move |_| detail.reload()) /> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn PaymentView(
    /// The detail page's controller.
    detail: DetailController,
    /// The payment.
    payment: Payment,
) -> impl IntoView {
    let conn = detail.connection();
    let vendor = conn.vendor;
    let caps = conn.vendor.capabilities();
    let may_write = Console::may_write_here(&conn);
    let rows = detail_rows(&payment, &conn);
    let raw = payment.raw_json();
    let busy = detail.busy;
    let id = payment.id.clone();
    let new_status = RwSignal::new(String::new());
    let change_status = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        detail.change_status(new_status.get_untracked());
    };
    let problems = payment.problems.clone();
    view! {
        <div class="pc-detail-head">
            <MoneyText money=payment.amount.clone() />
            <StatusBadge status=payment.status.clone() />
        </div>
        <div class="pc-actions">
            {(!may_write).then(|| view! { <p class="pc-hint">{viewer_hint()}</p> })}
            {(may_write && caps.update.is_some()).then(|| view! {
                <Link to=detail.edit() class="pc-button">{t(k::detail::EDIT)}</Link>
            })}
            {(may_write && caps.delete).then(|| view! {
                <ConfirmButton label=t(k::detail::DELETE) confirm=t(k::detail::DELETE_CONFIRM) busy=busy on_confirm=Callback::new(move |_| detail.delete())
                    question=t_with(k::detail::DELETE_QUESTION, &[("id", &id)]) />
            })}
        </div>
        {match if may_write { detail.status_change() } else { StatusChange::NotOffered } {
            StatusChange::Offered(statuses) => Some(view! {
                <form class="pc-inline-form" on:submit=change_status>
                    <div class="pc-field">
                        <label for="pc-new-status">{t(k::detail::NEW_STATUS)}</label>
                        <select id="pc-new-status" on:change=move |ev| new_status.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {statuses.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="pc-button" aria-disabled=move || busy.get().to_string()>{t(k::detail::CHANGE_STATUS)}</button>
                </form>
            }.into_any()),
            StatusChange::Refused(why) => Some(view! { <p class="pc-hint pc-status-refused">{t(why)}</p> }.into_any()),
            StatusChange::NotOffered => None,
        }}
        <p class="pc-hint">{t(caps.limits)}</p>
        {may_write.then(|| view! { <NotLiveHint /> })}
        <StaleDelete detail=detail />
        {move || detail.action_error.get().map(|e| match e.conflict.as_deref() {
            Some(c) => view! {
                <p class="pc-conflict" role="alert">{conflict_words(vendor, c)}</p>
            }.into_any(),
            None => view! { <ErrorNotice error=e /> }.into_any(),
        })}
        {(!problems.is_empty()).then(|| view! {
            <div class="pc-warning" role="note">
                <p>{t(k::detail::UNREADABLE)}</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        })}
        <dl class="pc-fields">
            {rows.into_iter().map(|r| view! {
                <div class="pc-fields__row">
                    <dt>{label_words(&r.label)}</dt>
                    <dd>{detail_value(r.value)}</dd>
                </div>
            }).collect_view()}
        </dl>
        <details class="pc-raw">
            <summary>{t(k::detail::RAW)}</summary>
            <pre>{raw}</pre>
        </details>
        {conn.on_gateway().then(|| view! { <PaymentHistory connection_id=conn.id.clone() pid=payment.id.clone() /> })}
    }
}

/// A delete that found the payment changed since the page showed it:
/// what changed, and the question asked again.
#[component]
fn StaleDelete(detail: DetailController) -> impl IntoView {
    let vendor = detail.connection().vendor;
    move || {
        detail.stale_delete.get().map(|c| {
            let gone = c.gone;
            view! {
                <div class="pc-conflict" role="alert">
                    <p>{conflict_words(vendor, &c)}</p>
                    {(!gone).then(|| view! { <p>{t(k::conflict::DELETE_AGAIN)}</p> })}
                    <div class="pc-actions">
                        {(!gone).then(|| view! {
                            <button type="button" class="pc-button pc-danger" on:click=move |_| detail.delete_anyway()>
                                {t(k::conflict::DELETE_ANYWAY)}</button>
                        })}
                        <button type="button" class="pc-link-button" on:click=move |_| detail.keep()>
                            {t(k::conflict::KEEP_PAYMENT)}</button>
                    </div>
                </div>
            }
        })
    }
}

/// A formatted field value (the exact UTC value beside a time).
pub(super) fn detail_value(v: DetailValue) -> AnyView {
    match v {
        DetailValue::Text(t) | DetailValue::AsSent(t) => view! { <span>{t}</span> }.into_any(),
        DetailValue::Money(m) => view! { <MoneyText money=Some(m) /> }.into_any(),
        DetailValue::Time(m) => {
            view! { <MomentText moment=Some(m) /> <span class="pc-exact">{m.exact()}</span> }
                .into_any()
        }
        DetailValue::Status(s) => view! { <StatusBadge status=s /> }.into_any(),
        DetailValue::Flag(b) => {
            view! { <span>{t(if b { k::value::YES } else { k::value::NO })}</span> }.into_any()
        }
        DetailValue::NotSet => {
            view! { <span class="pc-none">{t(k::value::NOT_SET)}</span> }.into_any()
        }
        DetailValue::List(items) => chips(items),
        DetailValue::Fields(fields) => field_list(fields),
    }
}

/// A list's values as chips.
pub(super) fn chips(items: Vec<String>) -> AnyView {
    view! {
        <ul class="pc-chips">{items.into_iter().map(|i| view! { <li class="pc-chip">{i}</li> }).collect_view()}</ul>
    }
    .into_any()
}

/// An object's fields as a small list.
pub(super) fn field_list(fields: Vec<(String, String)>) -> AnyView {
    view! {
        <dl class="pc-fieldlist">
            {fields.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
        </dl>
    }
    .into_any()
}
