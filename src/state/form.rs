//! [`FormState`], the plain state of a form: what was typed (kept through
//! any failure), the errors by field, whether a save is under way (so a
//! double click sends one request) and what is known of a save that got
//! no clear answer ([`Unsure`]); and how a form's fields are grouped.
//! Its controller is [`super::FormController`].

use std::collections::BTreeMap;

use payments_model::display::{FieldDisplay, Label};
use payments_model::error::FieldError;
use payments_model::validate::FieldErrors;
use payments_model::vendors::FieldSpec;
use serde_json::{Map, Value};

use crate::language::{k, t, t_with};

/// A form's values, errors and progress. Its `Debug` output names the
/// fields but never shows what was typed (a connection form holds secrets).
#[derive(Clone, Default, PartialEq)]
pub struct FormState {
    /// What the person typed, by field name.
    pub values: BTreeMap<String, String>,
    /// The values the form started with (an edit's current payment).
    pub initial: BTreeMap<String, String>,
    pub errors: FieldErrors,
    /// A message for the whole form (a failed save that names no field).
    pub failure: Option<String>,
    pub saving: bool,
    /// A save whose outcome is not known: no answer came, or not a clear
    /// one.
    pub unsure: Option<Unsure>,
}

/// What is known of a save that got no clear answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsure {
    /// Looking for the payment by the reference the save carried.
    Checking,
    /// Found: the save went through; the payment's id.
    Saved(String),
    /// Not found: nothing was saved, and saving again is safe.
    NotSaved,
    /// It cannot be told here; why, in words.
    Unknown(String),
}

impl Unsure {
    /// The sentence people see.
    pub fn words(&self) -> String {
        match self {
            Unsure::Checking => t(k::unsure::CHECKING),
            Unsure::Saved(id) => t_with(k::unsure::SAVED, &[("id", id)]),
            Unsure::NotSaved => t(k::unsure::NOT_SAVED),
            Unsure::Unknown(why) => t_with(k::unsure::UNKNOWN, &[("reason", why)]),
        }
    }
}

impl std::fmt::Debug for FormState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormState")
            .field("fields", &self.values.keys().collect::<Vec<_>>())
            .field("errors", &self.errors)
            .field("failure", &self.failure)
            .field("saving", &self.saving)
            .field("unsure", &self.unsure)
            .finish()
    }
}

impl FormState {
    /// A form starting from `initial` values.
    pub fn starting_with(initial: BTreeMap<String, String>) -> FormState {
        FormState {
            values: initial.clone(),
            initial,
            ..FormState::default()
        }
    }

    /// Records a keystroke; the field's error goes once it changes.
    pub fn set(&mut self, field: &str, value: String) {
        self.errors.0.retain(|e| e.field != field);
        self.values.insert(field.to_string(), value);
    }

    /// The values to send: on create every non-empty field; on edit only
    /// the fields that changed (cleared ones as empty text). The parts of
    /// one object (`billing_address.city`, `billing_address.country`) go
    /// together: when one changed, every filled part is sent, so the
    /// vendor gets the whole object.
    pub fn to_send(&self, spec: &[FieldSpec], editing: bool) -> Map<String, Value> {
        let mut out = self.changed(spec, editing);
        if editing {
            let objects: Vec<&str> = out
                .keys()
                .filter_map(|k| k.split_once('.'))
                .map(|(o, _)| o)
                .collect();
            let mut siblings = Vec::new();
            for f in spec {
                let in_object = f
                    .name
                    .split_once('.')
                    .is_some_and(|(o, _)| objects.contains(&o));
                let value = self.values.get(f.name).map(|s| s.trim()).unwrap_or("");
                if in_object && !out.contains_key(f.name) && !value.is_empty() {
                    siblings.push((f.name.to_string(), Value::String(value.to_string())));
                }
            }
            out.extend(siblings);
        }
        out
    }

    fn changed(&self, spec: &[FieldSpec], editing: bool) -> Map<String, Value> {
        let mut out = Map::new();
        for f in spec {
            let now = self
                .values
                .get(f.name)
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let before = self
                .initial
                .get(f.name)
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let include = if editing {
                now != before
            } else {
                !now.is_empty()
            };
            if include {
                out.insert(f.name.to_string(), Value::String(now));
            }
        }
        out
    }

    /// The form over `theirs` (the payment as it is now): the fields the
    /// person changed keep what they typed, every other field takes
    /// theirs, and the form now starts from theirs. With `keep_mine`
    /// false, what was typed is set aside.
    pub fn rebased(&self, theirs: BTreeMap<String, String>, keep_mine: bool) -> FormState {
        let mut next = FormState::starting_with(theirs);
        if keep_mine {
            for (field, typed) in &self.values {
                let before = self.initial.get(field).map_or("", |s| s.trim());
                if typed.trim() != before {
                    next.values.insert(field.clone(), typed.clone());
                }
            }
        }
        next
    }

    /// Begins a save unless one is under way (or is being checked);
    /// `false` means ignore the click.
    pub fn begin_save(&mut self) -> bool {
        if self.saving {
            return false;
        }
        self.saving = true;
        self.failure = None;
        self.unsure = None;
        true
    }

    /// A save got no clear answer: the form stays locked while the
    /// console looks for the payment. It is not a failure (the summary of
    /// errors says "not saved"), so none is recorded.
    pub fn check_unsure(&mut self) {
        self.failure = None;
        self.unsure = Some(Unsure::Checking);
    }

    /// What the check found; the form is unlocked again.
    pub fn settle_unsure(&mut self, found: Unsure) {
        self.saving = false;
        self.unsure = Some(found);
    }

    /// Ends a save that failed: the values stay, the errors are shown.
    pub fn fail(&mut self, errors: Vec<FieldError>, failure: Option<String>) {
        self.saving = false;
        self.errors = FieldErrors(errors);
        self.failure = failure;
    }

    /// The errors for fields this form shows, in form order, and any left
    /// over (for the summary).
    pub fn ordered_errors(&self, spec: &[FieldSpec]) -> Vec<FieldError> {
        let mut out: Vec<FieldError> = spec
            .iter()
            .filter_map(|f| self.errors.0.iter().find(|e| e.field == f.name).cloned())
            .collect();
        out.extend(
            self.errors
                .0
                .iter()
                .filter(|e| !spec.iter().any(|f| f.name == e.field))
                .cloned(),
        );
        out
    }
}

/// The form's fields in groups: each run of parts of one object field
/// (`billing_address.city`, …) is one group headed by the object's label
/// where the vendor's fields (`shown`) document it ("Billing address"),
/// else its name as sent; other fields stand alone.
pub fn field_groups(
    spec: &[FieldSpec],
    shown: &[FieldDisplay],
) -> Vec<(Option<Label>, Vec<FieldSpec>)> {
    let legend = |object: &str| match shown.iter().find(|d| d.name == object) {
        Some(d) => Label::Word(d.label),
        None => Label::AsSent(object.to_string()),
    };
    let mut groups: Vec<(Option<Label>, Vec<FieldSpec>)> = Vec::new();
    for f in spec {
        let object = f.name.split_once('.').map(|(o, _)| o);
        match (groups.last_mut(), object) {
            (Some((Some(l), fields)), Some(o)) if *l == legend(o) => fields.push(*f),
            (_, Some(o)) => groups.push((Some(legend(o)), vec![*f])),
            (_, None) => groups.push((None, vec![*f])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_an_object_are_grouped_under_its_name() {
        use payments_model::keys::word;
        use payments_model::vendors::FieldKind::Text;
        let spec = [
            FieldSpec::optional("active", word::ACTIVE, Text),
            FieldSpec::optional("billing_address.city", word::CITY, Text),
            FieldSpec::optional("billing_address.country", word::COUNTRY, Text),
            FieldSpec::optional("payment_date", word::PAYMENT_DATE, Text),
            FieldSpec::optional("shipping.city", word::CITY, Text),
        ];
        let shown = [FieldDisplay::new(
            "billing_address",
            word::BILLING_ADDRESS,
            payments_model::display::ShownAs::Data,
        )];
        let groups = field_groups(&spec, &shown);
        let shape: Vec<(Option<Label>, usize)> =
            groups.into_iter().map(|(l, f)| (l, f.len())).collect();
        assert_eq!(
            shape,
            [
                (None, 1),
                (Some(Label::Word(word::BILLING_ADDRESS)), 2),
                (None, 1),
                (Some(Label::AsSent("shipping".into())), 1),
            ]
        );
    }
    use payments_model::vendors::FieldKind;

    const SPEC: &[FieldSpec] = &[
        FieldSpec {
            name: "amount",
            label: payments_model::keys::word::AMOUNT,
            kind: FieldKind::Amount,
            required: true,
        },
        FieldSpec {
            name: "status",
            label: payments_model::keys::word::STATUS,
            kind: FieldKind::Text,
            required: false,
        },
    ];

    fn err(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: payments_model::Message::said("bad"),
        }
    }

    #[test]
    fn an_unsure_save_stays_locked_until_it_is_checked() {
        let mut f = FormState::default();
        assert!(f.begin_save());
        f.check_unsure();
        assert_eq!(f.unsure, Some(Unsure::Checking));
        assert!(!f.begin_save(), "no second save while checking");
        f.settle_unsure(Unsure::NotSaved);
        assert!(f.unsure.as_ref().unwrap().words().contains("not saved"));
        assert!(f.begin_save(), "saving again is allowed once it is known");
        assert_eq!(f.unsure, None);
        f.check_unsure();
        f.settle_unsure(Unsure::Saved("42".into()));
        assert!(f.unsure.unwrap().words().contains("payment 42"));
    }

    #[test]
    fn debug_output_never_shows_what_was_typed() {
        let mut f = FormState::starting_with(BTreeMap::from([(
            "token".to_string(),
            "sekrit-initial".to_string(),
        )]));
        f.set("secret", "sekrit-typed".into());
        let text = format!("{f:?}");
        assert!(!text.contains("sekrit"), "{text}");
        assert!(text.contains("secret") && text.contains("token"), "{text}");
    }

    #[test]
    fn a_double_click_starts_one_save() {
        let mut f = FormState::default();
        assert!(f.begin_save());
        assert!(!f.begin_save());
        f.fail(vec![], Some("offline".into()));
        assert!(f.begin_save(), "after a failure the person may try again");
    }

    #[test]
    fn a_failed_save_keeps_what_was_typed() {
        let mut f = FormState::default();
        f.set("amount", "12.345".into());
        f.begin_save();
        f.fail(vec![err("amount")], None);
        assert_eq!(f.values["amount"], "12.345");
        assert_eq!(f.errors.english("amount").as_deref(), Some("bad"));
        f.set("amount", "12.34".into());
        assert_eq!(
            f.errors.get("amount"),
            None,
            "typing clears the field's error"
        );
    }

    #[test]
    fn creates_send_filled_fields_and_edits_only_changes() {
        let mut f = FormState::default();
        f.set("amount", " 5 ".into());
        f.set("status", "".into());
        assert_eq!(
            Value::Object(f.to_send(SPEC, false)),
            serde_json::json!({"amount": "5"})
        );
        let initial = BTreeMap::from([
            ("amount".to_string(), "5".to_string()),
            ("status".to_string(), "paid".to_string()),
        ]);
        let mut e = FormState::starting_with(initial);
        assert!(e.to_send(SPEC, true).is_empty());
        e.set("status", "refunded".into());
        assert_eq!(
            Value::Object(e.to_send(SPEC, true)),
            serde_json::json!({"status": "refunded"})
        );
    }

    #[test]
    fn a_stale_form_keeps_what_was_typed_over_their_version() {
        let read = BTreeMap::from([
            ("amount".to_string(), "100.00".to_string()),
            ("status".to_string(), "pending".to_string()),
        ]);
        let mut mine = FormState::starting_with(read);
        mine.set("status", "paid".into());
        let theirs = BTreeMap::from([
            ("amount".to_string(), "111.11".to_string()),
            ("status".to_string(), "pending".to_string()),
        ]);
        let kept = mine.rebased(theirs.clone(), true);
        assert_eq!(kept.values["amount"], "111.11", "their change comes in");
        assert_eq!(kept.values["status"], "paid", "mine stays");
        assert_eq!(
            Value::Object(kept.to_send(SPEC, true)),
            serde_json::json!({"status": "paid"}),
            "only mine is sent, from their version"
        );
        let taken = mine.rebased(theirs, false);
        assert_eq!(taken.values["status"], "pending");
        assert!(taken.to_send(SPEC, true).is_empty());
    }

    #[test]
    fn errors_come_in_form_order_with_strays_last() {
        let mut f = FormState::default();
        f.fail(vec![err("other"), err("status"), err("amount")], None);
        let names: Vec<String> = f
            .ordered_errors(SPEC)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(names, ["amount", "status", "other"]);
    }
}
