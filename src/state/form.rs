//! The state of a create or edit form: what was typed (kept through any
//! failure), the errors by field, and whether a save is under way (so a
//! double click sends one request).

use std::collections::BTreeMap;

use payments_model::error::FieldError;
use payments_model::providers::FieldSpec;
use payments_model::validate::FieldErrors;
use serde_json::{Map, Value};

/// A form's values, errors and progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    /// What the person typed, by field name.
    pub values: BTreeMap<String, String>,
    /// The values the form started with (an edit's current payment).
    pub initial: BTreeMap<String, String>,
    pub errors: FieldErrors,
    /// A message for the whole form (a failed save that names no field).
    pub failure: Option<String>,
    pub saving: bool,
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
    /// the fields that changed (cleared ones as empty text).
    pub fn to_send(&self, spec: &[FieldSpec], editing: bool) -> Map<String, Value> {
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

    /// Begins a save unless one is under way; `false` means ignore the
    /// click.
    pub fn begin_save(&mut self) -> bool {
        if self.saving {
            return false;
        }
        self.saving = true;
        self.failure = None;
        true
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

#[cfg(test)]
mod tests {
    use super::*;
    use payments_model::providers::FieldKind;

    const SPEC: &[FieldSpec] = &[
        FieldSpec {
            name: "amount",
            label: "Amount",
            kind: FieldKind::Amount,
            required: true,
        },
        FieldSpec {
            name: "status",
            label: "Status",
            kind: FieldKind::Text,
            required: false,
        },
    ];

    fn err(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: "bad".into(),
        }
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
        assert_eq!(f.errors.get("amount"), Some("bad"));
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
