//! A bulk action's question and its run's outcome in the console's
//! language: "Delete 3 payments? Together: 12,50 €, 40,00 $. This cannot
//! be undone." and "1 deleted, 1 refused, 1 unsure." The counts come from
//! the model ([`BulkRun::tally`]); the words from the catalog.

use payments_model::bulk::{BulkAction, BulkRun};
use payments_model::query::Totals;
use payments_model::vendors::FieldKind;
use payments_model::{Money, Payment};

use crate::format::format_money;
use crate::language::{k, t, t_count, t_with};

/// The question before `action` on `payments`, with their totals per
/// currency (written as the language writes money).
pub fn question(action: &BulkAction, payments: &[&Payment]) -> String {
    let what = t_count(k::bulk::PAYMENTS, payments.len(), &[]);
    let what = what.as_str();
    let asked = match action {
        BulkAction::Delete => t_with(k::bulk::ASK_DELETE, &[("what", what)]),
        BulkAction::SetStatus(s) => t_with(k::bulk::ASK_STATUS, &[("what", what), ("status", s)]),
        BulkAction::SetField { field, value } => {
            let label = t(field.label);
            let field_name = ("field", label.as_str());
            match (field.kind, value.as_str()) {
                (FieldKind::Bool, "false") => {
                    t_with(k::bulk::ASK_OFF, &[field_name, ("what", what)])
                }
                (FieldKind::Bool, _) => t_with(k::bulk::ASK_ON, &[field_name, ("what", what)]),
                _ => t_with(
                    k::bulk::ASK_SET,
                    &[field_name, ("what", what), ("value", value)],
                ),
            }
        }
    };
    let totals = Totals::of(payments.iter().copied());
    let mut sums: Vec<String> = totals
        .sums
        .iter()
        .map(|(c, d)| format_money(&Money::new(*d, c.clone())))
        .collect();
    if totals.untotalled > 0 {
        sums.push(t_count(k::bulk::UNTOTALLED, totals.untotalled, &[]));
    }
    let mut sentence = asked;
    if !sums.is_empty() {
        sentence.push(' ');
        sentence.push_str(&t_with(k::bulk::TOGETHER, &[("sums", &sums.join(", "))]));
    }
    if *action == BulkAction::Delete {
        sentence.push(' ');
        sentence.push_str(&t(k::bulk::UNDONE));
    }
    sentence
}

/// The run in one sentence: "3 deleted, 1 refused, 1 unsure."
pub fn summary(run: &BulkRun) -> String {
    let done = if run.action == BulkAction::Delete {
        k::bulk::DELETED
    } else {
        k::bulk::CHANGED
    };
    let keys = [
        done,
        k::bulk::REFUSED,
        k::bulk::UNSURE,
        k::bulk::NOT_ATTEMPTED,
        k::bulk::STALE,
        k::bulk::HELD_COUNT,
    ];
    let parts: Vec<String> = keys
        .iter()
        .zip(run.tally())
        .filter(|(_, n)| *n > 0)
        .map(|(key, n)| t_count(*key, n, &[]))
        .collect();
    if parts.is_empty() {
        t(k::bulk::NOTHING)
    } else {
        t_with(k::bulk::SUMMARY, &[("parts", &parts.join(", "))])
    }
}
