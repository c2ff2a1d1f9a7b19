//! The connection form's controller: the values typed (as a
//! [`FormState`]), whether secrets are remembered for the session, the
//! vendor chosen and what it asks for (its credentials, its scopes, and
//! whether the scope chosen needs an id, by the model's one rule,
//! `Profile::chosen_scope`), and saving through the console.

use std::collections::BTreeMap;

use leptos::prelude::*;
use payments_model::connection::ConnectionDraft;
use payments_model::vendors::{self, Vendor};
use payments_model::Message;

use super::{Console, FormState};
use crate::language::t;

/// The id of the connection form's element; field ids start with it.
pub const FORM_ID: &str = "pc-conn";

/// The connection form's state.
#[derive(Clone, Copy)]
pub struct ConnectionFormController {
    pub form: RwSignal<FormState>,
    /// Whether the secrets are kept for this browser session.
    pub remember: RwSignal<bool>,
    /// The vendor chosen, as a signal.
    pub vendor: Signal<Option<&'static dyn Vendor>>,
    /// The connection edited, or `None` for a new one.
    id: StoredValue<Option<String>>,
    console: Console,
}

impl ConnectionFormController {
    /// The form for connection `id`, or for a new one (the first vendor).
    pub fn new(id: Option<String>) -> ConnectionFormController {
        let console = Console::get();
        let existing = id.as_ref().and_then(|i| console.find(i));
        let mut draft = existing
            .as_ref()
            .map(ConnectionDraft::from_connection)
            .unwrap_or_else(|| ConnectionDraft {
                vendor: vendors::ALL[0].slug().into(),
                ..ConnectionDraft::default()
            });
        draft.id = None;
        let form = RwSignal::new(FormState::starting_with(form_values(&draft)));
        let remember = RwSignal::new(
            id.as_ref()
                .is_some_and(|i| console.remembered.with_untracked(|r| r.contains(i))),
        );
        let vendor = Signal::derive(move || {
            form.with(|f| vendors::find(f.values.get("vendor").map_or("", String::as_str)))
        });
        ConnectionFormController {
            form,
            remember,
            vendor,
            id: StoredValue::new(id),
            console,
        }
    }

    /// Whether it edits a connection (rather than adding one).
    pub fn editing(&self) -> bool {
        self.id.with_value(Option::is_some)
    }

    /// The value typed for `name`.
    pub fn value(&self, name: &'static str) -> Signal<String> {
        let form = self.form;
        Signal::derive(move || form.with(|f| f.values.get(name).cloned().unwrap_or_default()))
    }

    /// The error shown for `name`.
    pub fn error(&self, name: &'static str) -> Signal<Option<Message>> {
        let form = self.form;
        Signal::derive(move || form.with(|f| f.errors.get(name).cloned()))
    }

    /// Chooses a vendor: its default scope comes with it.
    pub fn choose_vendor(&self, slug: String) {
        self.form.update(|f| {
            f.set("vendor", slug);
            f.set("scope", String::new());
        });
    }

    /// The vendors offered, as `(slug, name)`.
    pub fn vendor_choices() -> Vec<(String, String)> {
        vendors::ALL
            .iter()
            .map(|v| (v.slug().to_string(), v.display_name().to_string()))
            .collect()
    }

    /// The chosen vendor's scopes, as `(name, label)`.
    pub fn scope_choices(&self) -> Vec<(String, String)> {
        self.vendor
            .get()
            .map(|v| {
                v.profile()
                    .scopes
                    .iter()
                    .map(|s| (s.name.to_string(), t(s.label)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the scope chosen asks for an id.
    pub fn scope_needs_id(&self) -> bool {
        scope_needs_id(self.vendor.get(), &self.value("scope").get())
    }

    /// Saves the connection; on a mistake, the id of the first field to
    /// fix (its error is shown by it).
    pub fn save(&self) -> Result<(), String> {
        let draft = self.form.with_untracked(|f| draft_from(&f.values));
        match self
            .console
            .save_draft(draft, self.id.get_value(), self.remember.get_untracked())
        {
            Ok(()) => Ok(()),
            Err(errs) => {
                let first = errs.0.first().map(|e| format!("{FORM_ID}-{}", e.field));
                self.form.update(|f| f.fail(errs.0, None));
                Err(first.unwrap_or_else(|| FORM_ID.to_string()))
            }
        }
    }
}

/// Whether the scope `name` of `vendor` (empty: its default) asks for an
/// id. A name the vendor does not declare asks for none; saving it is an
/// error.
pub fn scope_needs_id(vendor: Option<&dyn Vendor>, name: &str) -> bool {
    vendor
        .and_then(|v| v.profile().chosen_scope(name).ok())
        .is_some_and(|s| s.id_label.is_some())
}

/// The connection form's values as a draft.
pub fn draft_from(values: &BTreeMap<String, String>) -> ConnectionDraft {
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let vendor = v("vendor");
    let credentials = payments_model::vendors::find(&vendor)
        .map(|p| {
            p.profile()
                .credentials
                .fields
                .iter()
                .map(|f| (f.name.to_string(), v(f.name)))
                .collect()
        })
        .unwrap_or_default();
    ConnectionDraft {
        id: None,
        vendor,
        name: v("name"),
        base_url: v("base_url"),
        credentials,
        scope: v("scope"),
        scope_id: v("scope_id"),
        currency: v("currency"),
    }
}

/// A draft as the connection form's values.
pub fn form_values(d: &ConnectionDraft) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = d.credentials.clone();
    for (k, v) in [
        ("vendor", &d.vendor),
        ("name", &d.name),
        ("base_url", &d.base_url),
        ("scope", &d.scope),
        ("scope_id", &d.scope_id),
        ("currency", &d.currency),
    ] {
        values.insert(k.to_string(), v.clone());
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::secret_words;

    #[test]
    fn the_scope_rule_is_the_model_s() {
        let find = |slug: &str| vendors::find(slug);
        let campaign_vendor = vendors::ALL
            .iter()
            .find(|v| v.profile().scopes.iter().any(|s| s.id_label.is_some()))
            .copied();
        let v = campaign_vendor.expect("a vendor with an id scope");
        let with_id = v
            .profile()
            .scopes
            .iter()
            .find(|s| s.id_label.is_some())
            .unwrap();
        assert!(scope_needs_id(Some(v), with_id.name));
        assert!(
            !scope_needs_id(Some(v), "no such scope"),
            "unknown: an error on save, no id"
        );
        assert_eq!(
            scope_needs_id(Some(v), ""),
            v.profile().scopes[0].id_label.is_some(),
            "empty: the default"
        );
        assert!(!scope_needs_id(find("nobody"), "campaign"));
        let mut values = form_values(&ConnectionDraft {
            vendor: v.slug().into(),
            name: "x".into(),
            base_url: "https://api.example.com".into(),
            scope: "no such scope".into(),
            ..ConnectionDraft::default()
        });
        values.insert("scope".into(), "no such scope".into());
        let errs = draft_from(&values).validate(&[]).unwrap_err();
        assert!(errs.get("scope").is_some(), "{errs:?}");
    }

    #[test]
    fn the_form_values_and_the_draft_round_trip_with_the_vendors_credentials() {
        let mut values = BTreeMap::new();
        for (k, v) in [
            ("vendor", "builton"),
            ("name", "Shop"),
            ("base_url", "/builton"),
            ("api_key", "k"),
            ("token", "t"),
            ("secret", "not a BuiltOn value"),
        ] {
            values.insert(k.to_string(), v.to_string());
        }
        let d = draft_from(&values);
        assert_eq!(d.credential("api_key"), "k");
        assert_eq!(d.credential("token"), "t");
        assert_eq!(
            d.credential("secret"),
            "",
            "only the scheme's values are kept"
        );
        let c = d.validate(&[]).unwrap();
        assert_eq!(
            secret_words(&c, false),
            "Browser-only: secret kept in this tab's memory"
        );
        assert_eq!(
            secret_words(&c, true),
            "Browser-only: secret remembered for this session"
        );
        let back = draft_from(&form_values(&ConnectionDraft::from_connection(&c)));
        assert_eq!(back.credentials, d.credentials);
        let mut blank = c.clone();
        blank.credentials = c.credentials_without_secrets();
        assert_eq!(
            secret_words(&blank, true),
            "Secret missing: edit to enter it"
        );
    }
}
