//! What changed since a page read a payment, in words: a write refused
//! as stale ([`Conflict`]: "Changed by editor-2 at 14:02 since you opened
//! it: amount 100.00 → 111.11") and a colleague's change heard live
//! ([`LiveChange`]: "editor-2 changed this payment just now: amount
//! 111.11"). Fields are named by the vendor's labels where it declares
//! them.

use payments_model::live::LiveChange;
use payments_model::version::{Change, Conflict};
use payments_model::Vendor;

use crate::format::format_moment_local;
use crate::language::{k, t, t_with};

/// A payment's field in words: its label where the vendor declares it.
pub fn field_words(vendor: &dyn Vendor, field: &str) -> String {
    vendor
        .profile()
        .fields
        .iter()
        .find(|f| f.name == field)
        .map_or_else(|| field.to_string(), |f| t(f.label))
}

/// `Amount 100.00 → 111.11, Status pending → paid`, each field by its
/// label.
pub fn changes_words(vendor: &dyn Vendor, changes: &[Change]) -> String {
    changes_named(changes, &|field| field_words(vendor, field))
}

/// The same, each field named by `name`.
pub fn changes_named(changes: &[Change], name: &dyn Fn(&str) -> String) -> String {
    let value = |v: &Option<String>| match v.as_deref() {
        Some(text) if !text.is_empty() => text.to_string(),
        _ => t(k::conflict::NOTHING),
    };
    changes
        .iter()
        .map(|c| {
            t_with(
                k::conflict::CHANGE,
                &[
                    ("field", &name(&c.field)),
                    ("then", &value(&c.then)),
                    ("now", &value(&c.now)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An instant of the log in the console's time zone.
fn when(at: &str) -> String {
    match payments_model::time::parse_text(at) {
        Ok(Some(m)) => format_moment_local(&m),
        _ => at.to_string(),
    }
}

/// The sentence that leads what changed: who and when where known.
pub fn conflict_lead(c: &Conflict) -> String {
    match (&c.by, c.gone) {
        (Some(by), true) => t_with(
            k::conflict::GONE_BY,
            &[("person", &by.person), ("time", &when(&by.at))],
        ),
        (None, true) => t(k::conflict::GONE),
        (Some(by), false) => t_with(
            k::conflict::BY,
            &[("person", &by.person), ("time", &when(&by.at))],
        ),
        (None, false) => t(k::conflict::SINCE),
    }
}

/// The whole of it: who, when and each change (none once it is gone).
pub fn conflict_words(vendor: &dyn Vendor, c: &Conflict) -> String {
    if c.gone {
        return conflict_lead(c);
    }
    format!("{} {}", conflict_lead(c), changes_words(vendor, &c.changes))
}

/// A colleague's change heard live: who (where the page may know; "you"
/// for the person's own, from another window) and what it sent.
pub fn live_words(vendor: &dyn Vendor, change: &LiveChange, me: Option<&str>) -> String {
    use payments_model::activity::ChangeKind;
    let fields = change
        .fields
        .iter()
        .map(|(f, v)| format!("{} {v}", field_words(vendor, f)))
        .collect::<Vec<_>>()
        .join(", ");
    let person = change.person.as_deref();
    match (change.kind == ChangeKind::Delete, person) {
        (true, Some(p)) => t_with(k::live::DELETED_BY, &[("person", p)]),
        (true, None) => t(k::live::DELETED),
        (false, Some(p)) if Some(p) == me => t_with(k::live::BY_YOU, &[("fields", &fields)]),
        (false, Some(p)) => t_with(k::live::BY, &[("person", p), ("fields", &fields)]),
        (false, None) => t_with(k::live::BY_SOMEONE, &[("fields", &fields)]),
    }
}
