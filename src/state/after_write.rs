//! What the console decides after a write that did not plainly succeed:
//! plain functions of what is known, tested case by case; the form and
//! detail controllers only carry the decisions out. A write is never
//! sent again on its own: a create whose answer was lost is looked for
//! (by the reference it carried), an edit is safe to repeat, and a delete
//! is judged by whether the payment is still there.

use payments_model::{ApiError, ErrorKind};

use super::Unsure;
use crate::api::payments::Lookup;
use crate::language::{k, t, t_with};

/// What to do after a save failed with an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterSave {
    /// A create whose outcome is not known: look for the payment first.
    LookForIt,
    /// An edit whose outcome is not known: it sets values, so saving the
    /// same values again is safe.
    EditUnsure,
    /// The payment changed since the form read it: nothing was sent;
    /// the person decides (their version, mine on theirs, or overwrite).
    Stale,
    /// A plain failure: show it, by the fields it names.
    Failed,
}

/// Decides after a save failed with `error`. `made_up` is the field of a
/// reference the console filled in itself: a refusal of that field can
/// only mean its own payment exists already (a browser resends a write
/// whose answer it lost), so it too is looked for, not reported.
pub fn after_failed_save(editing: bool, error: &ApiError, made_up: Option<&str>) -> AfterSave {
    let ours_taken = made_up.is_some_and(|field| error.fields.iter().any(|f| f.field == field));
    if error.conflict.is_some() {
        return AfterSave::Stale;
    }
    match (editing, error.outcome_unknown()) {
        (false, true) => AfterSave::LookForIt,
        (false, false) if ours_taken => AfterSave::LookForIt,
        (true, true) => AfterSave::EditUnsure,
        _ => AfterSave::Failed,
    }
}

/// What an edit whose answer was lost tells the person.
pub fn edit_unsure() -> Unsure {
    Unsure::Unknown(t(k::unsure::EDIT_SAFE))
}

/// What looking for a create whose answer was lost found, in the form's
/// terms. `vendor` names the vendor; `reference` is the one the create
/// carried, if any.
pub fn after_lookup(
    found: Result<Lookup, ApiError>,
    vendor: &str,
    reference: Option<&str>,
) -> Unsure {
    let noted = match reference {
        Some(r) => t_with(k::unsure::REFERENCE, &[("reference", r)]),
        None => t(k::unsure::SEE_LIST),
    };
    match found {
        Ok(Lookup::Saved(p)) => Unsure::Saved(p.id),
        Ok(Lookup::NotSaved) => Unsure::NotSaved,
        Ok(Lookup::CannotTell) => {
            Unsure::Unknown(t_with(k::unsure::CANNOT_TELL, &[("vendor", vendor)]))
        }
        Err(check) => {
            let reason = check.to_string();
            let args = [("reason", reason.as_str()), ("noted", noted.as_str())];
            Unsure::Unknown(t_with(k::unsure::CHECK_FAILED, &args))
        }
    }
}

/// Whether a delete that failed with `error` is judged by looking at the
/// payment: a lost answer, or a payment already gone (a browser resends a
/// delete whose answer it lost).
pub fn check_after_delete(error: &ApiError) -> bool {
    error.outcome_unknown() || error.kind == ErrorKind::NotFound
}

/// A delete's outcome from reading the payment after an unclear answer:
/// gone is deleted; there is not deleted; unreadable is not known.
pub fn delete_outcome<T>(read_after: Result<T, ApiError>) -> Result<(), ApiError> {
    match read_after {
        Err(gone) if gone.kind == ErrorKind::NotFound => Ok(()),
        Ok(_) => Err(ApiError::new(ErrorKind::Network, k::unsure::STILL_THERE)),
        Err(_) => Err(ApiError::new(ErrorKind::Network, k::unsure::MAY_BE_DELETED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::say;
    use payments_model::error::FieldError;
    use payments_model::Message;
    use payments_model::{vendors, Payment};

    fn lost() -> ApiError {
        ApiError::network("the connection dropped")
    }

    fn refused_on(field: &str) -> ApiError {
        let mut e = ApiError::new(ErrorKind::Invalid, Message::said("taken"));
        e.fields.push(FieldError {
            field: field.into(),
            message: Message::said("is taken"),
        });
        e
    }

    #[test]
    fn a_create_whose_answer_was_lost_is_looked_for() {
        assert_eq!(
            after_failed_save(false, &lost(), None),
            AfterSave::LookForIt
        );
    }

    #[test]
    fn a_refusal_of_the_console_s_own_reference_is_looked_for() {
        let e = refused_on("external_id");
        assert_eq!(
            after_failed_save(false, &e, Some("external_id")),
            AfterSave::LookForIt
        );
        assert_eq!(
            after_failed_save(false, &e, None),
            AfterSave::Failed,
            "a typed one is the person's to fix"
        );
        assert_eq!(
            after_failed_save(false, &refused_on("amount"), Some("external_id")),
            AfterSave::Failed
        );
    }

    #[test]
    fn an_edit_whose_answer_was_lost_is_safe_to_repeat() {
        assert_eq!(
            after_failed_save(true, &lost(), None),
            AfterSave::EditUnsure
        );
        assert!(edit_unsure()
            .words()
            .contains("Saving the same values again is safe"));
        assert_eq!(
            after_failed_save(true, &refused_on("amount"), None),
            AfterSave::Failed
        );
    }

    #[test]
    fn what_the_lookup_found_is_said() {
        let p = Payment::new(vendors::ALL[0], "pay_9".into(), &Default::default());
        assert_eq!(
            after_lookup(Ok(Lookup::Saved(Box::new(p))), "V", None),
            Unsure::Saved("pay_9".into())
        );
        assert_eq!(
            after_lookup(Ok(Lookup::NotSaved), "V", None),
            Unsure::NotSaved
        );
        let cannot = after_lookup(Ok(Lookup::CannotTell), "Acme", None).words();
        assert!(cannot.contains("Acme keeps nothing"), "{cannot}");
        let failed = after_lookup(Err(lost()), "V", Some("pc-abc")).words();
        assert!(failed.contains("its reference is pc-abc."), "{failed}");
    }

    #[test]
    fn a_delete_is_judged_by_whether_the_payment_is_still_there() {
        assert!(check_after_delete(&lost()));
        assert!(check_after_delete(&ApiError::new(
            ErrorKind::NotFound,
            Message::said("gone")
        )));
        assert!(!check_after_delete(&refused_on("id")));
        assert_eq!(
            delete_outcome::<()>(Err(ApiError::new(
                ErrorKind::NotFound,
                Message::said("gone")
            ))),
            Ok(())
        );
        assert!(say(&delete_outcome(Ok(())).unwrap_err().message).contains("it was not deleted"));
        assert!(say(&delete_outcome::<()>(Err(lost())).unwrap_err().message)
            .contains("may have been deleted"));
    }
}
