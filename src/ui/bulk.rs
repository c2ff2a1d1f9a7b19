//! Acting on the chosen payments of a list: the bar that says how many
//! are chosen (a live region) and offers "Select all N matching", "Clear
//! selection", "Export selected" and, where the vendor documents it and
//! the person may write, "Delete selected" (after a confirmation naming
//! the count and the totals per currency); then the run's progress bar
//! with Cancel, and a result line per payment.

use leptos::prelude::*;
use payments_model::bulk::{settable_fields, BulkAction, Outcome};
use payments_model::vendors::{FieldKind, StatusChange};
use payments_model::{Connection, Payment};

use super::bulk_words::{question, summary};
use super::deferred::Deferred;
use super::{screens, ConfirmButton};
use crate::language::{k, say, t, t_with};
use crate::routing::{Link, Route};
use crate::state::{changes_words, BulkController, Console, SelectionController};

/// What a bulk bar acts on: a connection's list or All payments.
#[derive(Clone, Copy)]
pub struct BulkTarget {
    pub selection: SelectionController,
    /// The connections the payments may be of.
    pub conns: Signal<Vec<Connection>>,
    /// What the page lists, naming an export of the selection.
    pub what: Signal<String>,
    /// "Select all N matching", or none where all are chosen anyway.
    pub all_words: Signal<String>,
    /// Chooses every payment the page's filters match.
    pub select_all: Callback<()>,
    /// Called when a run ends (to load the list again).
    pub ended: Callback<()>,
}

/// The bar above a list's table: what is chosen (a live region, always
/// on the page so changes are read out), and once something is, the
/// actions, whose code arrives then.
#[component]
pub fn BulkBar(
    /// What the bar acts on.
    target: BulkTarget,
    /// The page's bulk action.
    bulk: BulkController,
) -> impl IntoView {
    let selection = target.selection;
    let chosen = move || selection.selection.with(|s| s.len());
    let active = move || {
        chosen() > 0 || selection.gathering.with(Option::is_some) || bulk.run.with(Option::is_some)
    };
    view! {
        <div class="pc-bulk" role="region" aria-label=t(k::bulk::REGION)>
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
                <Deferred quiet=true load=move || screens::bulk_panel(target, bulk) />
            })}
        </div>
    }
}

/// The actions on what is chosen, and the run.
#[component]
pub(super) fn BulkPanel(
    /// What the bar acts on.
    target: BulkTarget,
    /// The page's bulk action.
    bulk: BulkController,
) -> impl IntoView {
    let selection = target.selection;
    let bar = move || {
        let chosen: Vec<(String, Payment)> = selection.selection.with(|s| s.chosen().to_vec());
        (!chosen.is_empty() || selection.gathering.with(Option::is_some)).then(|| {
            let conns = target.conns.get();
            let ids: Vec<String> = selection
                .selection
                .with(|s| s.connections().iter().map(|c| c.to_string()).collect());
            let of: Vec<&Connection> = ids
                .iter()
                .filter_map(|id| conns.iter().find(|c| c.id == *id))
                .collect();
            let refs: Vec<&Payment> = chosen.iter().map(|(_, p)| p).collect();
            // Offered only where every chosen payment's connection allows it.
            let deletes = !of.is_empty()
                && of.iter().all(|c| c.vendor.capabilities().delete && Console::may_write_here(c));
            let asked = question(&BulkAction::Delete, &refs);
            let changes = match of.as_slice() {
                [only] => changes(target, bulk, only, &refs),
                _ => ().into_any(),
            };
            let all_matching = selection.selection.with(|s| s.all_matching);
            let chosen = StoredValue::new(chosen.clone());
            view! {
                <div class="pc-bulk__actions">
                    {(!all_matching).then(|| view! {
                        <button type="button" class="pc-link-button"
                            disabled=move || selection.gathering.with(Option::is_some)
                            on:click=move |_| target.select_all.run(())>
                            {move || target.all_words.get()}
                        </button>
                    })}
                    <button type="button" class="pc-link-button" on:click=move |_| selection.clear()>{t(k::bulk::CLEAR)}</button>
                    <button type="button" class="pc-link-button"
                        on:click=move |_| chosen.with_value(|ch| bulk.export(&target.what.get_untracked(), &target.conns.get_untracked(), ch))>
                        {t(k::bulk::EXPORT)}
                    </button>
                    {deletes.then(|| view! {
                        <ConfirmButton label=t(k::bulk::DELETE) question=asked confirm=t(k::bulk::DELETE_CONFIRM)
                            busy=Signal::derive(move || bulk.running())
                            on_confirm=Callback::new(move |_| {
                                bulk.start(BulkAction::Delete, target.conns.get_untracked(), selection, target.ended)
                            }) />
                    })}
                    {changes}
                </div>
            }
        })
    };
    view! {
        {bar}
        <BulkRunShown target=target bulk=bulk />
    }
}

/// The changes the vendor documents for every one of `payments`, where
/// the person may write: its status endpoint's statuses, its update
/// form's status words, and its yes/no fields turned off where all are on
/// (or on where all are off).
fn changes(
    target: BulkTarget,
    bulk: BulkController,
    conn: &Connection,
    refs: &[&Payment],
) -> AnyView {
    if !Console::may_write_here(conn) {
        return ().into_any();
    }
    let mut offered: Vec<(String, BulkAction)> = Vec::new();
    if let StatusChange::Offered(statuses) = conn.vendor.operations().status_change(conn) {
        for s in statuses {
            offered.push((
                t_with(k::bulk::STATUS_OPTION, &[("status", s)]),
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
                for (on, key) in [(false, k::bulk::FIELD_OFF), (true, k::bulk::FIELD_ON)] {
                    if all(!on) {
                        let action = BulkAction::SetField {
                            field,
                            value: on.to_string(),
                        };
                        offered.push((t_with(key, &[("field", &t(field.label))]), action));
                    }
                }
            }
            FieldKind::Choice(words) | FieldKind::Suggest(words) => {
                for w in words {
                    let action = BulkAction::SetField {
                        field,
                        value: (*w).to_string(),
                    };
                    let words = t_with(
                        k::bulk::FIELD_VALUE,
                        &[("field", &t(field.label)), ("value", w)],
                    );
                    offered.push((words, action));
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
    let payments: Vec<Payment> = refs.iter().map(|p| (*p).clone()).collect();
    let payments = StoredValue::new(payments);
    let confirm = move || {
        let action = offered.with_value(|o| o.get(picked.get()).map(|(_, a)| a.clone()))?;
        let asked = payments.with_value(|ps| question(&action, &ps.iter().collect::<Vec<_>>()));
        Some(view! {
            <ConfirmButton label=t(k::bulk::CHANGE) question=asked confirm=t(k::bulk::CHANGE_CONFIRM)
                busy=Signal::derive(move || bulk.running())
                on_confirm=Callback::new(move |_| {
                    bulk.start(action.clone(), target.conns.get_untracked(), target.selection, target.ended)
                }) />
        })
    };
    view! {
        <span class="pc-bulk__change">
            <label for="pc-bulk-change">{t(k::bulk::CHANGE_TO)}</label>
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
fn BulkRunShown(target: BulkTarget, bulk: BulkController) -> impl IntoView {
    move || {
        let run = bulk.run.get()?;
        let conns = target.conns.get();
        let several = run
            .items
            .iter()
            .any(|i| i.connection != run.items[0].connection);
        let (decided, of) = run.progress();
        let going = !run.finished();
        let deleting = run.action == BulkAction::Delete;
        let results = (!going).then(|| {
            run.items
                .iter()
                .map(|item| {
                    let (class, words) = match &item.outcome {
                        Some(Outcome::Done) => (
                            "pc-bulk__done",
                            t(if deleting {
                                k::bulk::DONE_DELETED
                            } else {
                                k::bulk::DONE_CHANGED
                            }),
                        ),
                        Some(Outcome::Refused(why)) => (
                            "pc-bulk__refused",
                            t_with(k::bulk::ITEM_REFUSED, &[("reason", &say(why))]),
                        ),
                        Some(Outcome::Unsure(what)) => (
                            "pc-bulk__unsure",
                            t_with(k::bulk::ITEM_UNSURE, &[("what", &say(what))]),
                        ),
                        Some(Outcome::NotAttempted) | None => {
                            ("pc-bulk__skipped", t(k::bulk::ITEM_SKIPPED))
                        }
                        Some(Outcome::Held(h)) => (
                            "pc-bulk__held",
                            t_with(
                                k::bulk::HELD,
                                &[("rule", &h.rule), ("id", &h.id.to_string())],
                            ),
                        ),
                        Some(Outcome::Changed(c)) => {
                            let vendor = conns
                                .iter()
                                .find(|conn| conn.id == item.connection)
                                .map(|conn| conn.vendor);
                            let changes = vendor
                                .map(|v| changes_words(v, &c.changes))
                                .unwrap_or_else(|| c.fields());
                            (
                                "pc-bulk__changed",
                                t_with(k::bulk::CHANGED_SINCE, &[("changes", &changes)]),
                            )
                        }
                    };
                    let id = item.id.clone();
                    // Those not done open from here, to see or try again.
                    let link = if matches!(item.outcome, Some(Outcome::Done)) {
                        view! { <span>{id}</span> }.into_any()
                    } else {
                        let to = Route::Detail {
                            connection_id: item.connection.clone(),
                            pid: id.clone(),
                        };
                        view! { <Link to=to>{id}</Link> }.into_any()
                    };
                    let under = several.then(|| {
                        let name = conns
                            .iter()
                            .find(|c| c.id == item.connection)
                            .map_or(item.connection.clone(), |c| c.name.clone());
                        format!(" ({name})")
                    });
                    view! { <li class=class>{link}{under}" — "{words}</li> }
                })
                .collect_view()
        });
        let (progress_name, running) = {
            let (decided, of) = (decided.to_string(), of.to_string());
            let args = [("decided", decided.as_str()), ("of", of.as_str())];
            if deleting {
                (
                    t(k::bulk::PROGRESS_DELETE),
                    t_with(k::bulk::RUNNING_DELETE, &args),
                )
            } else {
                (
                    t(k::bulk::PROGRESS_CHANGE),
                    t_with(k::bulk::RUNNING_CHANGE, &args),
                )
            }
        };
        Some(view! {
            <div class="pc-bulk__run">
                {going.then(|| view! {
                    <progress max=of value=decided aria-label=progress_name></progress>
                    <span>{running}</span>
                    <button type="button" class="pc-link-button" on:click=move |_| bulk.cancel()>{t(k::bulk::CANCEL)}</button>
                })}
                <p role="status" aria-live="polite">
                    {(!going).then(|| summary(&run))}
                    {move || bulk.waiting.get().map(|w| format!(" {w}"))}
                </p>
                {results.map(|r| view! {
                    <ul class="pc-bulk__results">{r}</ul>
                    <button type="button" class="pc-link-button" on:click=move |_| bulk.dismiss()>{t(k::bulk::DISMISS)}</button>
                })}
            </div>
        })
    }
}
