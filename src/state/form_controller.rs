//! The payment form controller ("New payment" and "Edit payment"): the
//! vendor's writable fields, loading the payment to edit, saving once, a
//! reference of its own on creates, and carrying out what
//! [`super::after_write`] decides when no clear answer came; the form's
//! plain state is [`FormState`].
//!
//! An edit says what it was made from (the payment as the form read it,
//! [`MadeFrom`]); when the payment changed since, nothing is saved and
//! the person chooses: their version, my changes on theirs, or
//! overwrite anyway. A colleague's change heard meanwhile is offered
//! before that.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::approval::Held;
use payments_model::display::form_value;
use payments_model::error::FieldError;
use payments_model::live::LiveChange;
use payments_model::vendors::{FieldKind, FieldSpec};
use payments_model::version::Conflict;
use payments_model::{ApiError, Connection, Payment};
use serde_json::{Map, Value};

use super::after_write::{after_failed_save, after_lookup, edit_unsure, AfterSave};
use super::{Console, FormState, Live, Notice};
use crate::api;
use crate::api::payments::{Lookup, MadeFrom};
use crate::language::{k, say_error, t, typed_amount};
use crate::routing::{Place, Route, Router};

/// Where a form wants the focus after a failed submit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The control of this field.
    Field(String),
    /// The error summary.
    Summary,
    /// What changed since the form read the payment.
    Conflict,
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
    /// The payment as the form read it: what an edit is made from.
    base: StoredValue<Option<Payment>>,
    /// The save found the payment changed since it was read: what changed.
    pub conflict: RwSignal<Option<Conflict>>,
    /// What the last choice about a conflict did, in words.
    pub said: RwSignal<Option<String>>,
    /// A colleague's change to this payment heard since it was read.
    pub heard: Memo<Option<LiveChange>>,
    mark: RwSignal<i64>,
    /// The reference a create carries in the vendor's client reference
    /// field where the person left it blank; kept for every try of the
    /// same form, so a lost answer can never lead to a second payment.
    reference: StoredValue<Option<String>>,
    console: Console,
    router: Router,
}

/// A form's values for `spec` from payment `p`, as its controls show them.
fn form_values(spec: &[FieldSpec], p: &Payment) -> BTreeMap<String, String> {
    spec.iter()
        .filter_map(|f| {
            p.field_at(f.name)
                .map(|v| (f.name.to_string(), form_value(v, f.kind)))
        })
        .collect()
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
        let live = Live::here();
        let mark = RwSignal::new(i64::MAX);
        let heard = {
            let (conn_id, id) = (connection.id.clone(), pid.clone());
            Memo::new(move |_| live.log.with(|l| l.about(&conn_id, &id, mark.get())))
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
            base: StoredValue::new(None),
            conflict: RwSignal::new(None),
            said: RwSignal::new(None),
            heard,
            mark,
            reference: StoredValue::new(None),
            console: Console::get(),
            router: Router::get(),
        };
        for (name, value) in defaults {
            c.form.update(|f| f.set(name, value));
        }
        if editing {
            c.read_again(None);
        }
        Some(c)
    }

    /// Reads the payment to edit (again), and starts the form from it:
    /// afresh (`None`, or `Some(false)`: what was typed is set aside), or
    /// with what was typed kept over it (`Some(true)`).
    fn read_again(&self, keep_mine: Option<bool>) {
        let c = *self;
        let live = Live::here();
        spawn_local_scoped_with_cancellation(async move {
            let conn = c.connection.get_value();
            let mark = live.mark();
            match api::payments::load(&conn, &c.pid.get_value(), &api::quietly).await {
                Ok(p) => {
                    let theirs = form_values(c.spec, &p);
                    c.form
                        .update(|f| *f = f.rebased(theirs, keep_mine == Some(true)));
                    c.base.set_value(Some(p));
                    c.mark.set(mark);
                    c.conflict.set(None);
                    c.loaded.set(true);
                    c.said.set(keep_mine.map(|kept| {
                        t(if kept {
                            k::conflict::KEPT
                        } else {
                            k::conflict::TAKEN
                        })
                    }));
                }
                Err(e) => {
                    c.console.report(&conn, &e);
                    c.load_error.set(Some(e));
                }
            }
        });
    }

    /// After a conflict (or a change heard): the payment as it is now,
    /// what was typed set aside.
    pub fn take_theirs(&self) {
        self.read_again(Some(false));
    }

    /// After a conflict (or a change heard): the payment as it is now,
    /// with the fields the person changed kept as typed, to check and
    /// save.
    pub fn keep_mine(&self) {
        self.read_again(Some(true));
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
        self.save(false);
    }

    /// Saves over the colleague's change the conflict named: the
    /// person's explicit choice, which the audit log records.
    pub fn overwrite(&self) {
        self.save(true);
    }

    /// The values to send, typed as the model reads them, with a create's
    /// reference filled in where the person left it blank; `(values,
    /// reference and whether the console made it)`.
    fn values_to_send(&self) -> (Map<String, Value>, Option<(String, bool)>) {
        let mut values = self
            .form
            .with_untracked(|f| f.to_send(self.spec, self.editing));
        // An amount typed the language's way (`1.234,50`) is sent as the
        // model reads it; the field keeps what was typed.
        for f in self
            .spec
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Amount))
        {
            if let Some(Value::String(typed)) = values.get_mut(f.name) {
                *typed = typed_amount(typed);
            }
        }
        let ours = self
            .connection
            .with_value(|c| c.vendor.profile().client_reference)
            .filter(|_| !self.editing);
        let reference = ours.map(|field| match values.get(field).and_then(|v| v.as_str()) {
            Some(typed) => (typed.to_string(), false),
            None => {
                let r = self.reference.get_value().unwrap_or_else(new_reference);
                self.reference.set_value(Some(r.clone()));
                values.insert(field.to_string(), Value::String(r.clone()));
                (r, true)
            }
        });
        (values, reference)
    }

    /// What an edit sending `values` was made from: the payment as read,
    /// for every field it sends.
    fn made_from(&self, values: &Map<String, Value>, overwrite: bool) -> Option<MadeFrom> {
        let base = self.base.get_value().filter(|_| self.editing)?;
        let made = MadeFrom::new(&base.id, base.read_of(values.keys().map(String::as_str)));
        Some(if overwrite { made.overwriting() } else { made })
    }

    fn save(&self, overwrite: bool) {
        let c = *self;
        if c.form.with_untracked(|f| f.saving) {
            return;
        }
        let conn = c.connection.get_value();
        let (values, reference) = c.values_to_send();
        let made_up = conn
            .vendor
            .profile()
            .client_reference
            .filter(|_| matches!(reference, Some((_, true))));
        let made = c.made_from(&values, overwrite);
        let sent = values.clone();
        let (pid, editing) = (c.pid.get_value(), c.editing);
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
        c.said.set(None);
        spawn_local_scoped_with_cancellation(async move {
            let written =
                api::payments::write(&conn, made.as_ref(), |w| build(w).and_then(Result::ok)).await;
            match written {
                Ok(written) => c.saved(&conn, written, &sent).await,
                Err(e) => c.failed(&conn, e, &sent, made_up, reference).await,
            }
        });
    }

    /// Saved: shows the payment written (looked up first where the answer
    /// did not say which payment a create made).
    async fn saved(&self, conn: &Connection, mut written: Vec<Payment>, sent: &Map<String, Value>) {
        let c = *self;
        if written.is_empty() && !c.editing {
            if let Ok(Lookup::Saved(p)) = api::payments::find_created(conn, sent).await {
                written.push(*p);
            }
        }
        c.form.update(|f| f.saving = false);
        c.conflict.set(None);
        let event = if c.editing { "updated" } else { "created" };
        c.console.written(event, conn, &written);
        let pid = written
            .first()
            .map(|p| p.id.clone())
            .or_else(|| c.editing.then(|| c.pid.get_value()));
        let to: Place = match pid {
            Some(pid) => Route::Detail {
                connection_id: conn.id.clone(),
                pid,
            }
            .into(),
            None => c.router.list(&conn.id),
        };
        let notice = Notice::saved(!c.editing, conn, &written, to.clone());
        c.console.notice.set(Some(notice));
        c.router.go(to, false);
    }

    /// Not saved, or not known to be: carries out what
    /// [`after_failed_save`] decides.
    async fn failed(
        &self,
        conn: &Connection,
        e: ApiError,
        sent: &Map<String, Value>,
        made_up: Option<&'static str>,
        reference: Option<(String, bool)>,
    ) {
        let c = *self;
        if let Some(held) = Held::of(&e) {
            // Not sent: held for a colleague's approval. What the person
            // typed stays in the form.
            c.form.update(|f| f.saving = false);
            let at = c.router.place.get_untracked();
            c.console.notice.set(Some(Notice::held(&held, at)));
            return;
        }
        c.console.report(conn, &e);
        match after_failed_save(c.editing, &e, made_up) {
            AfterSave::LookForIt => {
                c.form.update(|f| f.check_unsure());
                let found = api::payments::find_created(conn, sent).await;
                if let Ok(Lookup::Saved(p)) = &found {
                    c.console
                        .written("created", conn, std::slice::from_ref(&**p));
                }
                let reference = reference.as_ref().map(|(r, _)| r.as_str());
                let unsure = after_lookup(found, conn.vendor.display_name(), reference);
                c.form.update(|f| f.settle_unsure(unsure));
            }
            AfterSave::EditUnsure => c.form.update(|f| f.settle_unsure(edit_unsure())),
            AfterSave::Stale => {
                c.form.update(|f| f.saving = false);
                c.conflict.set(e.conflict.map(|b| *b));
                c.focus.set(Some(Focus::Conflict));
            }
            AfterSave::Failed => {
                let message = say_error(&e);
                c.form.update(|f| f.fail(e.fields.clone(), Some(message)));
                c.focus_first_error();
            }
        }
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
