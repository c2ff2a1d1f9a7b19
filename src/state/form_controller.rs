//! The payment form controller ("New payment" and "Edit payment"): the
//! vendor's writable fields, loading the payment to edit, saving once, a
//! reference of its own on creates, and carrying out what
//! [`super::after_write`] decides when no clear answer came; the form's
//! plain state is [`FormState`].

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::display::form_value;
use payments_model::error::FieldError;
use payments_model::vendors::{FieldKind, FieldSpec};
use payments_model::{ApiError, Connection};
use serde_json::Value;

use super::after_write::{after_failed_save, after_lookup, edit_unsure, AfterSave};
use super::{Console, FormState, Notice};
use crate::api;
use crate::api::payments::Lookup;
use crate::language::{say_error, t, typed_amount};
use crate::routing::{Place, Route, Router};

/// Where a form wants the focus after a failed submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The control of this field.
    Field(String),
    /// The error summary.
    Summary,
}

/// A reference of the console's own for a create: `pc-` and twelve random
/// letters and digits.
fn new_reference() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut r = String::from("pc-");
    for _ in 0..12 {
        let i = (js_sys::Math::random() * ALPHABET.len() as f64) as usize;
        r.push(ALPHABET[i.min(ALPHABET.len() - 1)] as char);
    }
    r
}

/// Holds a create or edit form: its fields, its values, loading the
/// payment to edit, saving, and where to go after.
#[derive(Clone, Copy)]
pub struct FormController {
    connection: StoredValue<Connection>,
    pid: StoredValue<String>,
    /// Whether the form edits an existing payment.
    pub editing: bool,
    /// The vendor's writable fields for this operation.
    pub spec: &'static [FieldSpec],
    pub form: RwSignal<FormState>,
    /// Whether the values to edit are there (always, when creating).
    pub loaded: RwSignal<bool>,
    pub load_error: RwSignal<Option<ApiError>>,
    /// Set when the focus should move.
    pub focus: RwSignal<Option<Focus>>,
    /// The reference a create carries in the vendor's client reference
    /// field where the person left it blank; kept for every try of the
    /// same form, so a lost answer can never lead to a second payment.
    reference: StoredValue<Option<String>>,
    console: Console,
    router: Router,
}

impl FormController {
    /// The form for creating (`editing = false`) or editing payment `pid`
    /// of `connection`; `None` where the vendor documents no such
    /// operation. Editing loads the payment now.
    pub fn new(connection: Connection, pid: String, editing: bool) -> Option<FormController> {
        let caps = connection.vendor.capabilities();
        let spec = if editing { caps.update } else { caps.create }?;
        let defaults = if editing {
            Vec::new()
        } else {
            connection.vendor.operations().form_defaults(&connection)
        };
        let c = FormController {
            connection: StoredValue::new(connection),
            pid: StoredValue::new(pid),
            editing,
            spec,
            form: RwSignal::new(FormState::default()),
            loaded: RwSignal::new(!editing),
            load_error: RwSignal::new(None),
            focus: RwSignal::new(None),
            reference: StoredValue::new(None),
            console: Console::get(),
            router: Router::get(),
        };
        for (name, value) in defaults {
            c.form.update(|f| f.set(name, value));
        }
        if editing {
            spawn_local_scoped_with_cancellation(async move {
                let conn = c.connection.get_value();
                match api::payments::load(&conn, &c.pid.get_value(), &api::quietly).await {
                    Ok(p) => {
                        let initial: BTreeMap<String, String> = spec
                            .iter()
                            .filter_map(|f| {
                                p.field_at(f.name)
                                    .map(|v| (f.name.to_string(), form_value(v, f.kind)))
                            })
                            .collect();
                        c.form.set(FormState::starting_with(initial));
                        c.loaded.set(true);
                    }
                    Err(e) => {
                        c.console.report(&conn, &e);
                        c.load_error.set(Some(e));
                    }
                }
            });
        }
        Some(c)
    }

    /// The connection written through.
    pub fn connection(&self) -> Connection {
        self.connection.get_value()
    }

    /// Where "Cancel" goes: the payment edited, or the list as it was
    /// left.
    pub fn cancel(&self) -> Place {
        let connection_id = self.connection.with_value(|c| c.id.clone());
        if self.editing {
            Route::Detail {
                connection_id,
                pid: self.pid.get_value(),
            }
            .into()
        } else {
            self.router.list(&connection_id)
        }
    }

    /// The errors in form order, each with its field's label.
    pub fn labelled_errors(&self) -> Vec<(FieldError, String)> {
        let spec = self.spec;
        self.form.with(|f| {
            f.ordered_errors(spec)
                .into_iter()
                .map(|e| {
                    let label = spec
                        .iter()
                        .find(|s| s.name == e.field)
                        .map_or(e.field.clone(), |s| t(s.label));
                    (e, label)
                })
                .collect()
        })
    }

    /// Checks the values in the browser, then saves once and shows the
    /// payment written; on failure the values stay and the focus goes to
    /// the first error.
    pub fn submit(&self) {
        let c = *self;
        if c.form.with_untracked(|f| f.saving) {
            return;
        }
        let conn = c.connection.get_value();
        let mut values = c.form.with_untracked(|f| f.to_send(c.spec, c.editing));
        // An amount typed the language's way (`1.234,50`) is sent as the
        // model reads it; the field keeps what was typed.
        for f in c
            .spec
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Amount))
        {
            if let Some(Value::String(typed)) = values.get_mut(f.name) {
                *typed = typed_amount(typed);
            }
        }
        let (pid, editing) = (c.pid.get_value(), c.editing);
        let ours = conn.vendor.profile().client_reference.filter(|_| !editing);
        // `(reference, whether the console made it)`.
        let reference = ours.map(|field| match values.get(field).and_then(|v| v.as_str()) {
            Some(typed) => (typed.to_string(), false),
            None => {
                let r = c.reference.get_value().unwrap_or_else(new_reference);
                c.reference.set_value(Some(r.clone()));
                values.insert(field.to_string(), Value::String(r.clone()));
                (r, true)
            }
        });
        let made_up = ours.filter(|_| matches!(reference, Some((_, true))));
        let sent = values.clone();
        let build = move |w: &Connection| {
            if editing {
                w.vendor.operations().update_request(w, &pid, &values)
            } else {
                w.vendor.operations().create_request(w, &values)
            }
        };
        match build(&conn) {
            Some(Ok(_)) => {}
            Some(Err(errs)) => {
                c.form.update(|f| f.fail(errs.0, None));
                c.focus_first_error();
                return;
            }
            None => return,
        }
        if !c.form.try_update(|f| f.begin_save()).unwrap_or(false) {
            return;
        }
        spawn_local_scoped_with_cancellation(async move {
            match api::payments::write(&conn, |w| build(w).and_then(Result::ok)).await {
                Ok(mut written) => {
                    // Saved. The detail page reads the payment back; where
                    // the answer did not say which payment a create made,
                    // it is looked up first.
                    if written.is_empty() && !editing {
                        if let Ok(Lookup::Saved(p)) =
                            api::payments::find_created(&conn, &sent).await
                        {
                            written.push(*p);
                        }
                    }
                    c.form.update(|f| f.saving = false);
                    let event = if editing { "updated" } else { "created" };
                    c.console.written(event, &conn, &written);
                    let pid = written
                        .first()
                        .map(|p| p.id.clone())
                        .or_else(|| editing.then(|| c.pid.get_value()));
                    let to: Place = match pid {
                        Some(pid) => Route::Detail {
                            connection_id: conn.id.clone(),
                            pid,
                        }
                        .into(),
                        None => c.router.list(&conn.id),
                    };
                    let notice = Notice::saved(!editing, &conn, &written, to.clone());
                    c.console.notice.set(Some(notice));
                    c.router.go(to, false);
                }
                Err(e) => {
                    c.console.report(&conn, &e);
                    match after_failed_save(editing, &e, made_up) {
                        AfterSave::LookForIt => {
                            c.form.update(|f| f.check_unsure());
                            let found = api::payments::find_created(&conn, &sent).await;
                            if let Ok(Lookup::Saved(p)) = &found {
                                c.console
                                    .written("created", &conn, std::slice::from_ref(&**p));
                            }
                            let reference = reference.as_ref().map(|(r, _)| r.as_str());
                            let unsure = after_lookup(found, conn.vendor.display_name(), reference);
                            c.form.update(|f| f.settle_unsure(unsure));
                        }
                        AfterSave::EditUnsure => c.form.update(|f| f.settle_unsure(edit_unsure())),
                        AfterSave::Failed => {
                            let message = say_error(&e);
                            c.form.update(|f| f.fail(e.fields.clone(), Some(message)));
                            c.focus_first_error();
                        }
                    }
                }
            }
        });
    }

    /// Where the payment found after an unsure save opens.
    pub fn found(&self, id: &str) -> Place {
        Route::Detail {
            connection_id: self.connection.with_value(|c| c.id.clone()),
            pid: id.to_string(),
        }
        .into()
    }

    /// Asks for the focus on the first invalid field (or the summary
    /// where the first error names no field of the form).
    fn focus_first_error(&self) {
        let spec = self.spec;
        let first = self
            .form
            .with_untracked(|f| f.ordered_errors(spec).first().map(|e| e.field.clone()));
        self.focus.set(Some(match first {
            Some(field) if spec.iter().any(|s| s.name == field) => Focus::Field(field),
            _ => Focus::Summary,
        }));
    }
}
