//! Acting on the chosen payments of a list: the bar that says how many
//! are chosen (a live region) and offers "Select all N matching", "Clear
//! selection", "Export selected" and, where the vendor documents it and
//! the person may write, "Delete selected" (after a confirmation naming
//! the count and the totals per currency); then the run's progress bar
//! with Cancel, and a result line per payment.

use leptos::prelude::*;
use payments_model::bulk::{question, settable_fields, BulkAction, Outcome};
use payments_model::vendors::{FieldKind, StatusChange};
use payments_model::Payment;

use super::deferred::Deferred;
use super::{screens, ConfirmButton};
use crate::routing::Link;
use crate::state::{BulkController, Console, ListController, ListState};

/// The bar above a list's table: what is chosen (a live region, always
/// on the page so changes are read out), and once something is, the
/// actions, whose code arrives then.
#[component]
pub fn BulkBar(
    /// The list's controller.
    list: ListController,
    /// The list's bulk action.
    bulk: BulkController,
) -> impl IntoView {
    let selection = list.selection;
    let chosen = move || selection.selection.with(|s| s.len());
    let active = move || {
        chosen() > 0 || selection.gathering.with(Option::is_some) || bulk.run.with(Option::is_some)
    };
    view! {
        <div class="pc-bulk" role="region" aria-label="Selected payments">
            <p class="pc-bulk__count" role="status" aria-live="polite">
                {move || if chosen() > 0 || selection.selection.with(|s| s.all_matching) {
                    selection.selection.with(|s| s.words())
                } else {
                    String::new()
                }}
                {move || selection.gathering.get().map(|g| format!(" {g}"))}
                {move || {
                    let said = bulk.said.get();
                    (!said.is_empty()).then(|| format!(" {said}"))
                }}
            </p>
            {move || selection.problem.get().map(|p| view! { <p class="pc-field-error" role="alert">{p}</p> })}
            {move || active().then(|| view! {
                <Deferred quiet=true load=move || screens::bulk_panel(list, bulk) />
            })}
        </div>
    }
}

/// The actions on what is chosen, and the run.
#[component]
pub(super) fn BulkPanel(
    /// The list's controller.
    list: ListController,
    /// The list's bulk action.
    bulk: BulkController,
) -> impl IntoView {
    let selection = list.selection;
    let conn = list.connection();
    let deletes = conn.vendor.capabilities().delete && Console::may_write_here(&conn);
    let total = move || {
        list.state.with(|s| match s {
            ListState::Ready(p) => p
                .info
                .total_items
                .or(Some(p.items.len() as u64).filter(|_| !p.info.has_next)),
            _ => None,
        })
    };
    let chosen = move || selection.selection.with(|s| s.len());
    let all_label = move || match total() {
        Some(n) => format!("Select all {n} matching"),
        None => "Select all matching".to_string(),
    };
    let bar = move || {
        (chosen() > 0 || selection.gathering.with(Option::is_some)).then(|| {
            let payments: Vec<Payment> = selection.selection.with(|s| s.payments().to_vec());
            let refs: Vec<&Payment> = payments.iter().collect();
            let asked = question(&BulkAction::Delete, &refs);
            let changes = changes(list, bulk, &payments);
            let all_matching = selection.selection.with(|s| s.all_matching);
            let for_export = payments.clone();
            let conn_export = list.connection();
            view! {
                <div class="pc-bulk__actions">
                    {(!all_matching).then(|| view! {
                        <button type="button" class="pc-link-button"
                            disabled=move || selection.gathering.with(Option::is_some)
                            on:click=move |_| selection.all_matching(list.connection(), list.query.get_untracked())>
                            {all_label}
                        </button>
                    })}
                    <button type="button" class="pc-link-button" on:click=move |_| selection.clear()>"Clear selection"</button>
                    <button type="button" class="pc-link-button"
                        on:click=move |_| bulk.export(&conn_export, &for_export)>"Export selected"</button>
                    {deletes.then(|| view! {
                        <ConfirmButton label="Delete selected" question=asked confirm="Delete them"
                            busy=Signal::derive(move || bulk.running())
                            on_confirm=Callback::new(move |_| bulk.start(BulkAction::Delete, list, selection)) />
                    })}
                    {changes}
                </div>
            }
        })
    };
    view! {
        {bar}
        <BulkRunShown list=list bulk=bulk />
    }
}

/// The changes the vendor documents for every one of `payments`, where
/// the person may write: its status endpoint's statuses, its update
/// form's status words, and its yes/no fields turned off where all are on
/// (or on where all are off).
fn changes(list: ListController, bulk: BulkController, payments: &[Payment]) -> AnyView {
    let conn = list.connection();
    if !Console::may_write_here(&conn) {
        return ().into_any();
    }
    let refs: Vec<&Payment> = payments.iter().collect();
    let mut offered: Vec<(String, BulkAction)> = Vec::new();
    if let StatusChange::Offered(statuses) = conn.vendor.status_change(&conn) {
        for s in statuses {
            offered.push((
                format!("Status: {s}"),
                BulkAction::SetStatus((*s).to_string()),
            ));
        }
    }
    for field in settable_fields(conn.vendor.capabilities().update) {
        match field.kind {
            FieldKind::Bool => {
                let all = |want: bool| {
                    refs.iter()
                        .all(|p| p.field(field.name).and_then(|v| v.as_bool()) == Some(want))
                };
                for (on, words) in [(false, "off"), (true, "on")] {
                    if all(!on) {
                        let action = BulkAction::SetField {
                            field,
                            value: on.to_string(),
                        };
                        offered.push((format!("{}: {words}", field.label), action));
                    }
                }
            }
            FieldKind::Choice(words) | FieldKind::Suggest(words) => {
                for w in words {
                    let action = BulkAction::SetField {
                        field,
                        value: (*w).to_string(),
                    };
                    offered.push((format!("{}: {w}", field.label), action));
                }
            }
            _ => {}
        }
    }
    if offered.is_empty() {
        return ().into_any();
    }
    let picked = RwSignal::new(0usize);
    let options = offered
        .iter()
        .enumerate()
        .map(|(i, (words, _))| view! { <option value=i.to_string()>{words.clone()}</option> })
        .collect_view();
    let offered = StoredValue::new(offered);
    let payments = StoredValue::new(payments.to_vec());
    let confirm = move || {
        let action = offered.with_value(|o| o.get(picked.get()).map(|(_, a)| a.clone()))?;
        let asked = payments.with_value(|ps| question(&action, &ps.iter().collect::<Vec<_>>()));
        Some(view! {
            <ConfirmButton label="Change selected" question=asked confirm="Change them"
                busy=Signal::derive(move || bulk.running())
                on_confirm=Callback::new(move |_| bulk.start(action.clone(), list, list.selection)) />
        })
    };
    view! {
        <span class="pc-bulk__change">
            <label for="pc-bulk-change">"Change to"</label>
            <select id="pc-bulk-change" on:change=move |ev| {
                picked.set(event_target_value(&ev).parse().unwrap_or(0));
            }>{options}</select>
            {confirm}
        </span>
    }
    .into_any()
}

/// The run: its progress and Cancel while it goes, then one line per
/// payment.
#[component]
fn BulkRunShown(list: ListController, bulk: BulkController) -> impl IntoView {
    move || {
        let run = bulk.run.get()?;
        let (decided, of) = run.progress();
        let going = !run.finished();
        let verb = run.action.verb();
        let results = (!going).then(|| {
            run.items
                .iter()
                .map(|item| {
                    let (class, words) = match &item.outcome {
                        Some(Outcome::Done) => {
                            ("pc-bulk__done", run.action.done_words().to_string())
                        }
                        Some(Outcome::Refused(why)) => {
                            ("pc-bulk__refused", format!("refused: {why}"))
                        }
                        Some(Outcome::Unsure(what)) => {
                            ("pc-bulk__unsure", format!("unsure: {what}"))
                        }
                        Some(Outcome::NotAttempted) | None => (
                            "pc-bulk__skipped",
                            "not attempted: the run was cancelled first".to_string(),
                        ),
                    };
                    let id = item.id.clone();
                    // Those not done open from here, to see or try again.
                    let link = if matches!(item.outcome, Some(Outcome::Done)) {
                        view! { <span>{id}</span> }.into_any()
                    } else {
                        view! { <Link to=list.payment(&id)>{id.clone()}</Link> }.into_any()
                    };
                    view! { <li class=class>{link}" — "{words}</li> }
                })
                .collect_view()
        });
        Some(view! {
            <div class="pc-bulk__run">
                {going.then(|| view! {
                    <progress max=of value=decided aria-label=format!("{verb} progress")></progress>
                    <span>{format!("{verb}: {decided} of {of} done…")}</span>
                    <button type="button" class="pc-link-button" on:click=move |_| bulk.cancel()>"Cancel"</button>
                })}
                <p role="status" aria-live="polite">
                    {(!going).then(|| run.summary())}
                    {move || bulk.waiting.get().map(|w| format!(" {w}"))}
                </p>
                {results.map(|r| view! {
                    <ul class="pc-bulk__results">{r}</ul>
                    <button type="button" class="pc-link-button" on:click=move |_| bulk.dismiss()>"Dismiss"</button>
                })}
            </div>
        })
    }
}
