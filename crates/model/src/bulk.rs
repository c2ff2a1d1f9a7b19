//! Acting on many payments at once: what the person asked ([`BulkAction`]),
//! and a run through the chosen payments ([`BulkRun`]) that tries each at
//! most once, in order, until it ends or is cancelled, and keeps what
//! came of each ([`Outcome`]): done, refused with the vendor's reason,
//! unsure after an answer that never came (with what to do), or not
//! attempted because the run was cancelled first.

use crate::error::{ApiError, ErrorKind};
use crate::message::{Message, ModelMessage};
use crate::vendors::{FieldKind, FieldSpec};

/// The most payments one bulk action takes.
pub const MAX_SELECTED: usize = 1000;

/// What to do to every chosen payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    Delete,
    /// The vendor's status endpoint (2cloud), to this status.
    SetStatus(String),
    /// An update of one documented field (ReviewRover's `status`,
    /// BuiltOn's `active`) to one value, as its form would send it.
    SetField {
        field: &'static FieldSpec,
        value: String,
    },
}

impl BulkAction {
    /// The field values an update sends (`SetField`), typed as the
    /// field's kind reads them.
    pub fn values(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut values = serde_json::Map::new();
        if let BulkAction::SetField { field, value } = self {
            values.insert(field.name.into(), serde_json::Value::String(value.clone()));
        }
        values
    }
}

/// The field updates a bulk action may make with `update`, a vendor's
/// update form: each field of a fixed set of words (a status) or yes/no
/// (`active`), where the vendor's list shows it.
pub fn settable_fields(update: Option<&'static [FieldSpec]>) -> Vec<&'static FieldSpec> {
    update
        .unwrap_or_default()
        .iter()
        .filter(|f| {
            matches!(f.kind, FieldKind::Bool)
                || (f.name == "status"
                    && matches!(f.kind, FieldKind::Choice(_) | FieldKind::Suggest(_)))
        })
        .collect()
}

/// What came of one payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The vendor said no, with its reason.
    Refused(Message),
    /// No clear answer came: it may or may not have happened; the words
    /// say what to do.
    Unsure(Message),
    /// The run was cancelled before this payment.
    NotAttempted,
    /// The payment changed since it was chosen (what changed): nothing
    /// was sent, and it stays chosen.
    Changed(Box<crate::version::Conflict>),
    /// A rule of the company's held the run for approval, as the request
    /// named: nothing was sent yet, and it stays chosen.
    Held(crate::approval::Held),
}

/// One chosen payment in a run.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkItem {
    /// The id of the connection the payment is listed under.
    pub connection: String,
    pub id: String,
    pub outcome: Option<Outcome>,
}

/// A bulk action under way or ended.
#[derive(Clone, Debug, PartialEq)]
pub struct BulkRun {
    pub action: BulkAction,
    pub items: Vec<BulkItem>,
    cancelled: bool,
}

impl BulkRun {
    /// A run of `action` over `targets` (connection id, payment id), in
    /// that order (repeats dropped).
    pub fn new(action: BulkAction, targets: &[(String, String)]) -> BulkRun {
        let mut items: Vec<BulkItem> = Vec::new();
        for (connection, id) in targets {
            if !items
                .iter()
                .any(|i| &i.id == id && &i.connection == connection)
            {
                items.push(BulkItem {
                    connection: connection.clone(),
                    id: id.clone(),
                    outcome: None,
                });
            }
        }
        BulkRun {
            action,
            items,
            cancelled: false,
        }
    }

    /// Records that a rule held every payment of `connection` not yet
    /// decided, as request `held`.
    pub fn hold(&mut self, connection: &str, held: &crate::approval::Held) {
        for i in self.items.iter_mut() {
            if i.connection == connection && i.outcome.is_none() {
                i.outcome = Some(Outcome::Held(held.clone()));
            }
        }
    }

    /// The next payment to try, if any: none once cancelled or done.
    pub fn next(&self) -> Option<usize> {
        if self.cancelled {
            return None;
        }
        self.items.iter().position(|i| i.outcome.is_none())
    }

    /// Keeps what came of the payment at `at`; a payment is decided once.
    pub fn record(&mut self, at: usize, outcome: Outcome) {
        if let Some(item) = self.items.get_mut(at) {
            if item.outcome.is_none() {
                item.outcome = Some(outcome);
            }
        }
    }

    /// Stops before the next payment: those not yet tried are not.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        for item in &mut self.items {
            if item.outcome.is_none() {
                item.outcome = Some(Outcome::NotAttempted);
            }
        }
    }

    /// How many are decided, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let decided = self.items.iter().filter(|i| i.outcome.is_some()).count();
        (decided, self.items.len())
    }

    /// Whether every payment is decided.
    pub fn finished(&self) -> bool {
        self.items.iter().all(|i| i.outcome.is_some())
    }

    /// How many payments were done, refused, unsure, not attempted,
    /// changed since they were chosen and held for approval.
    pub fn tally(&self) -> [usize; 6] {
        let count = |f: fn(&Outcome) -> bool| {
            self.items
                .iter()
                .filter(|i| i.outcome.as_ref().is_some_and(f))
                .count()
        };
        [
            count(|o| *o == Outcome::Done),
            count(|o| matches!(o, Outcome::Refused(_))),
            count(|o| matches!(o, Outcome::Unsure(_))),
            count(|o| *o == Outcome::NotAttempted),
            count(|o| matches!(o, Outcome::Changed(_))),
            count(|o| matches!(o, Outcome::Held(_))),
        ]
    }
}

/// What came of a delete: `first` its answer, `read_after` the payment
/// read back where the answer was unclear (or a 404 said it was gone
/// already).
pub fn delete_outcome(
    first: Result<(), ApiError>,
    read_after: Option<Result<(), ApiError>>,
) -> Outcome {
    match (first, read_after) {
        (Ok(()), _) => Outcome::Done,
        (Err(e), _) if e.conflict.is_some() => changed(e),
        (Err(_), Some(Err(gone))) if gone.kind == ErrorKind::NotFound => Outcome::Done,
        (Err(_), Some(Ok(()))) => Outcome::Refused(ModelMessage::DeleteNotDone.into()),
        (Err(_), Some(Err(_))) => Outcome::Unsure(ModelMessage::DeleteUnsure.into()),
        (Err(e), None) => Outcome::Refused(e.message),
    }
}

/// Seconds to wait before trying a payment again after `error` on its
/// `attempt`-th try: only after a 429 (the vendor refused to act, so
/// nothing happened and trying again repeats nothing), at most four tries,
/// waiting what it asked (else 1, 2, 4 s, at most 2 minutes).
pub fn wait_after(error: &ApiError, attempt: u32) -> Option<u64> {
    if error.status != Some(429) || attempt >= 4 {
        return None;
    }
    Some(error.wait_before_retry(attempt))
}

/// What came of a change (status or field) from its answer: an unclear
/// one is unsure, as the change may have been made.
pub fn change_outcome<T>(answer: Result<T, ApiError>) -> Outcome {
    match answer {
        Ok(_) => Outcome::Done,
        Err(e) if e.conflict.is_some() => changed(e),
        Err(e) if e.outcome_unknown() => Outcome::Unsure(ModelMessage::ChangeUnsure.into()),
        Err(e) => Outcome::Refused(e.message),
    }
}

/// A payment found changed since it was chosen.
fn changed(e: ApiError) -> Outcome {
    match e.conflict {
        Some(c) => Outcome::Changed(c),
        None => Outcome::Refused(e.message),
    }
}

/// Whether a delete's error calls for reading the payment back.
pub fn read_back_after(error: &ApiError) -> bool {
    error.outcome_unknown() || error.kind == ErrorKind::NotFound
}

#[cfg(test)]
#[path = "bulk_tests.rs"]
mod tests;
