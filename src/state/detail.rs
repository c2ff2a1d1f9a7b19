//! The detail controller: loads one payment (again after a change), and
//! runs its actions: delete (then back to the list) and status changes,
//! telling an embedding host what happened.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::vendors::StatusChange;
use payments_model::Message;
use payments_model::{ApiError, Connection, ErrorKind, Payment};
use serde_json::json;

use super::{after_write, Console, Notice};
use crate::api;
use crate::language::k;
use crate::routing::{Place, Route, Router};

/// Holds one payment, its loading and its actions.
#[derive(Clone, Copy)]
pub struct DetailController {
    connection: StoredValue<Connection>,
    pid: StoredValue<String>,
    /// `None` until the first answer.
    pub payment: RwSignal<Option<Result<Payment, ApiError>>>,
    /// What a retry is waiting for, in words.
    pub waiting: RwSignal<Option<Message>>,
    /// Whether an action is under way.
    pub busy: RwSignal<bool>,
    /// Why the last action failed.
    pub action_error: RwSignal<Option<ApiError>>,
    reload: RwSignal<u32>,
    console: Console,
    router: Router,
}

impl DetailController {
    /// The controller of payment `pid` of `connection`, loading it now.
    pub fn new(connection: Connection, pid: String) -> DetailController {
        let c = DetailController {
            connection: StoredValue::new(connection),
            pid: StoredValue::new(pid),
            payment: RwSignal::new(None),
            waiting: RwSignal::new(None),
            busy: RwSignal::new(false),
            action_error: RwSignal::new(None),
            reload: RwSignal::new(0),
            console: Console::get(),
            router: Router::get(),
        };
        Effect::new(move |_| {
            c.reload.track();
            c.console.refreshed.track();
            spawn_local_scoped_with_cancellation(async move {
                let conn = c.connection.get_value();
                let progress = move |w: Option<Message>| c.waiting.set(w);
                let result = api::payments::load(&conn, &c.pid.get_value(), &progress).await;
                if let Err(e) = &result {
                    c.console.report(&conn, e);
                }
                c.payment.set(Some(result));
            });
        });
        c
    }

    /// The connection the payment belongs to.
    pub fn connection(&self) -> Connection {
        self.connection.get_value()
    }

    /// Loads the payment again.
    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    /// The list the payment was opened from (All payments or its
    /// connection's), as it was left.
    pub fn list(&self) -> Place {
        self.router
            .back(&self.connection.with_value(|c| c.id.clone()))
    }

    /// Where "Edit" goes.
    pub fn edit(&self) -> Place {
        Route::Edit {
            connection_id: self.connection.with_value(|c| c.id.clone()),
            pid: self.pid.get_value(),
        }
        .into()
    }

    /// Deletes the payment, then shows the list.
    pub fn delete(&self) {
        if self.busy.get_untracked() {
            return;
        }
        let c = *self;
        c.busy.set(true);
        let (conn, id) = (c.connection.get_value(), c.pid.get_value());
        spawn_local_scoped_with_cancellation(async move {
            let mut outcome = api::payments::delete(&conn, &id).await;
            if let Err(e) = &outcome {
                if after_write::check_after_delete(e) {
                    c.console.report(&conn, e);
                    let read = api::payments::load(&conn, &id, &api::quietly).await;
                    outcome = after_write::delete_outcome(read);
                }
            }
            match outcome {
                Ok(()) => {
                    c.console.emit(
                        "deleted",
                        json!({"connection": conn.id, "vendor": conn.vendor.slug(), "id": id}),
                    );
                    let list = c.list();
                    c.console
                        .notice
                        .set(Some(Notice::deleted(&conn, &id, list.clone())));
                    c.router.go(list, false);
                }
                Err(e) => {
                    c.console.report(&conn, &e);
                    c.busy.set(false);
                    c.action_error.set(Some(e));
                }
            }
        });
    }

    /// Whether this connection may change the payment's status here.
    pub fn status_change(&self) -> StatusChange {
        let conn = self.connection();
        conn.vendor.operations().status_change(&conn)
    }

    /// Sets the payment's status, then loads it again.
    pub fn change_status(&self, status: String) {
        if status.is_empty() || self.busy.get_untracked() {
            return;
        }
        let c = *self;
        c.busy.set(true);
        let (conn, id) = (c.connection.get_value(), c.pid.get_value());
        spawn_local_scoped_with_cancellation(async move {
            let vendor = conn.vendor.operations();
            let result =
                api::payments::write(&conn, |w| vendor.status_request(w, &id, &status)).await;
            c.busy.set(false);
            match result {
                Ok(written) => {
                    c.console.written("updated", &conn, &written);
                    c.action_error.set(None);
                    c.reload();
                }
                Err(e) if e.outcome_unknown() => {
                    // No clear answer: the payment as the vendor has it
                    // now shows whether the status changed.
                    c.console.report(&conn, &e);
                    c.action_error.set(Some(ApiError::new(
                        ErrorKind::Network,
                        k::detail::STATUS_UNSURE,
                    )));
                    c.reload();
                }
                Err(e) => {
                    c.console.report(&conn, &e);
                    c.action_error.set(Some(e));
                }
            }
        });
    }
}
