//! The Approvals pages: the requests the person sees (filtered by state,
//! or those waiting for their decision), and one request: the rule that
//! held it, who asked and when, each payment's fields as they are now
//! beside what the change would make them (and what changed since it was
//! asked), the decisions so far, what came of carrying it out, and
//! Approve / Reject with a reason for those who may decide. What a
//! decision came to is said in a live region.

use leptos::prelude::*;
use payments_model::approval::{ApprovalRequest, ApprovalState, Decision, Item, Summary};
use payments_model::time::Moment;

use super::{ErrorNotice, MomentText};
use crate::language::{k, t, t_with};
use crate::routing::{Link, Route};
use crate::state::{
    changes_named, item_label, kind_words, outcome_words, state_words, ApprovalController,
    ApprovalsController,
};

/// An RFC 3339 time as a moment to show.
fn moment(text: &str) -> Option<Moment> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| Moment::At(d.with_timezone(&chrono::Utc)))
}

fn summary_row(s: Summary) -> impl IntoView {
    let label = t_with(k::approvals::REQUEST_TITLE, &[("id", &s.id.to_string())]);
    view! {
        <tr class="pc-row">
            <th scope="row"><Link to=Route::Approval { id: s.id }>{label}</Link></th>
            <td>{kind_words(&s.kind)}" · "{s.connection.clone()}</td>
            <td>{s.rule.clone()}</td>
            <td>{s.requested_by.clone()}</td>
            <td><MomentText moment=moment(&s.requested_at) /></td>
            <td>{state_words(s.state)}</td>
            <td class="pc-num">{s.writes}</td>
        </tr>
    }
}

fn list_table(rows: Vec<Summary>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="pc-notice">{t(k::approvals::NONE)}</p> }.into_any();
    }
    view! {
        <table class="pc-table pc-approvals__table">
            <caption class="pc-visually-hidden">{t(k::approvals::CAPTION)}</caption>
            <thead><tr>
                <th scope="col">{t(k::approvals::COL_REQUEST)}</th>
                <th scope="col">{t(k::approvals::COL_CHANGE)}</th>
                <th scope="col">{t(k::approvals::COL_RULE)}</th>
                <th scope="col">{t(k::approvals::COL_BY)}</th>
                <th scope="col">{t(k::approvals::COL_WHEN)}</th>
                <th scope="col">{t(k::approvals::COL_STATE)}</th>
                <th scope="col">{t(k::approvals::COL_PAYMENTS)}</th>
            </tr></thead>
            <tbody>{rows.into_iter().map(summary_row).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

/// The list's filters: a state, and "waiting for my decision".
fn list_filters(c: ApprovalsController) -> impl IntoView {
    let chosen = move || {
        c.state
            .get()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    };
    view! {
        <form class="pc-approvals__filters" role="search" aria-label=t(k::approvals::FILTERS)
            on:submit=|e| e.prevent_default()>
            <label for="pc-approvals-state">{t(k::approvals::STATE)}</label>
            <select id="pc-approvals-state" prop:value=chosen
                on:change=move |e| c.state.set(ApprovalState::parse(&event_target_value(&e)))>
                <option value="">{t(k::approvals::STATE_ANY)}</option>
                {ApprovalState::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str()>{state_words(s)}</option>
                }).collect_view()}
            </select>
            <label class="pc-check">
                <input type="checkbox" prop:checked=move || c.awaiting_me.get()
                    on:change=move |e| c.awaiting_me.set(event_target_checked(&e)) />
                {t(k::approvals::AWAITING_ME)}
            </label>
        </form>
    }
}

/// The Approvals page.
#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let c = ApprovalsController::new();
    let listed = move || match c.list.get() {
        None => view! { <p class="pc-notice">{t(k::approvals::LOADING)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(l)) => list_table(l.requests).into_any(),
    };
    view! {
        <section class="pc-approvals" aria-labelledby="pc-approvals-title">
            <h2 id="pc-approvals-title">{t(k::approvals::TITLE)}</h2>
            <p>{t(k::approvals::HINT)}</p>
            {list_filters(c)}
            {listed}
        </section>
    }
}

/// One write's fields: now, and what it would make them.
fn item_view(item: Item) -> impl IntoView {
    let label = item_label(&item);
    let changed = (!item.changed.is_empty()).then(|| {
        let changes = changes_named(&item.changed, &str::to_string);
        view! { <p class="pc-conflict" role="note">{t_with(k::approvals::CHANGED_SINCE, &[("changes", &changes)])}</p> }
    });
    let gone = item
        .gone
        .then(|| view! { <p class="pc-conflict" role="note">{t(k::approvals::GONE)}</p> });
    let outcome = item
        .outcome
        .as_ref()
        .map(|o| view! { <p class="pc-approvals__outcome">{outcome_words(o)}</p> });
    let rows = item
        .fields
        .into_iter()
        .map(|f| {
            let would_be = f.would_be.unwrap_or_else(|| t(k::approvals::DELETED));
            view! {
                <tr>
                    <th scope="row">{f.field}</th>
                    <td>{f.now.unwrap_or_default()}</td>
                    <td>{would_be}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <li class="pc-approvals__item">
            <h4>{label}</h4>
            {changed}{gone}
            <table class="pc-table pc-approvals__diff">
                <thead><tr>
                    <th scope="col">{t(k::approvals::COL_FIELD)}</th>
                    <th scope="col">{t(k::approvals::COL_NOW)}</th>
                    <th scope="col">{t(k::approvals::COL_WOULD_BE)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {outcome}
        </li>
    }
}

fn decision_line(d: Decision, key: payments_model::keys::Key) -> impl IntoView {
    let when = moment(&d.at).map(|m| m.exact()).unwrap_or(d.at.clone());
    view! { <li>{t_with(key, &[("person", &d.person), ("when", &when), ("reason", &d.reason)])}</li> }
}

/// Approve / Reject with a reason, and "Approve as it is now" after a
/// change was shown.
fn decide_form(c: ApprovalController) -> impl IntoView {
    let changed = move || {
        c.changed.get().map(|conflict| {
            let changes = changes_named(&conflict.changes, &str::to_string);
            view! {
                <div class="pc-conflict" role="alert">
                    <p>{t(k::msg::APPROVAL_CHANGED)}</p>
                    <p>{t_with(k::approvals::CHANGED_SINCE, &[("changes", &changes)])}</p>
                </div>
            }
        })
    };
    let approve_words = move || {
        if c.changed.get().is_some() {
            t(k::approvals::APPROVE_ANYWAY)
        } else {
            t(k::approvals::APPROVE)
        }
    };
    view! {
        <form class="pc-approvals__decide" on:submit=|e| e.prevent_default()>
            <h3>{t(k::approvals::DECIDE)}</h3>
            {changed}
            <label for="pc-approval-reason">{t(k::approvals::REASON)}</label>
            <textarea id="pc-approval-reason" aria-describedby="pc-approval-reason-hint" maxlength="2000"
                prop:value=move || c.reason.get()
                on:input=move |e| c.reason.set(event_target_value(&e))></textarea>
            <p id="pc-approval-reason-hint" class="pc-hint">{t(k::approvals::REASON_HINT)}</p>
            <div class="pc-actions">
                <button type="button" class="pc-button" aria-disabled=move || c.busy.get().to_string()
                    on:click=move |_| c.approve()>{approve_words}</button>
                <button type="button" class="pc-button pc-danger" aria-disabled=move || c.busy.get().to_string()
                    on:click=move |_| c.reject()>{t(k::approvals::REJECT)}</button>
            </div>
        </form>
    }
}

fn request_view(c: ApprovalController, r: ApprovalRequest, me: Option<String>) -> impl IntoView {
    let s = r.summary.clone();
    let asked = t_with(
        k::approvals::ASKED,
        &[
            ("person", &s.requested_by),
            (
                "when",
                &moment(&s.requested_at)
                    .map(|m| m.exact())
                    .unwrap_or_default(),
            ),
            (
                "expires",
                &moment(&s.expires_at).map(|m| m.exact()).unwrap_or_default(),
            ),
        ],
    );
    let progress = t_with(
        k::approvals::PROGRESS,
        &[
            ("approved", &s.approved.to_string()),
            ("needed", &s.needed.to_string()),
        ],
    );
    let decisions = if r.approvals.is_empty() && r.rejection.is_none() {
        view! { <p>{t(k::approvals::NO_DECISIONS)}</p> }.into_any()
    } else {
        view! { <ul>
            {r.approvals.into_iter().map(|d| decision_line(d, k::approvals::APPROVED_BY)).collect_view()}
            {r.rejection.map(|d| decision_line(d, k::approvals::REJECTED_BY))}
        </ul> }.into_any()
    };
    let own = me.as_deref() == Some(s.requested_by.as_str()) && s.state == ApprovalState::Waiting;
    let decide = if r.may_decide {
        decide_form(c).into_any()
    } else if own {
        view! { <p class="pc-notice">{t(k::approvals::OWN)}</p> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <p><strong>{state_words(s.state)}</strong>" · "{progress}</p>
        <p>{t_with(k::approvals::RULE, &[("rule", &s.rule)])}" "{kind_words(&s.kind)}" · "{s.connection.clone()}</p>
        <p>{asked}</p>
        <h3>{t(k::approvals::WHAT)}</h3>
        <ul class="pc-approvals__items">{r.items.into_iter().map(item_view).collect_view()}</ul>
        <h3>{t(k::approvals::DECISIONS)}</h3>
        {decisions}
        {decide}
    }
}

/// One request's page.
#[component]
pub fn ApprovalPage(
    /// The request's number.
    id: i64,
    /// Who reads it (to say a request is their own).
    me: Option<String>,
) -> impl IntoView {
    let c = ApprovalController::new(id);
    let title = t_with(k::approvals::REQUEST_TITLE, &[("id", &id.to_string())]);
    let shown = move || match c.request.get() {
        None => view! { <p class="pc-notice">{t(k::approvals::LOADING)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
        Some(Ok(r)) => request_view(c, r, me.clone()).into_any(),
    };
    view! {
        <section class="pc-approvals" aria-labelledby="pc-approval-title">
            <p><Link to=Route::Approvals>{t(k::approvals::BACK)}</Link></p>
            <h2 id="pc-approval-title">{title}</h2>
            <p role="status" aria-live="polite" class="pc-approvals__said">{move || c.said.get()}</p>
            {shown}
        </section>
    }
}
