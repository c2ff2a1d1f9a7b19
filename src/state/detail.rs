//! The detail controller: loads one payment (again after a change), and
//! runs its actions: delete (then back to the list) and status changes,
//! telling an embedding host what happened. Each action says what it was
//! made from (the payment as the page shows it): a delete of a payment
//! changed since asks again, showing what changed; a colleague's change
//! heard meanwhile is named on the page.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::approval::Held;
use payments_model::live::LiveChange;
use payments_model::vendors::StatusChange;
use payments_model::version::{Conflict, Read};
use payments_model::Message;
use payments_model::{ApiError, Connection, ErrorKind, Payment};
use serde_json::json;

use super::{after_write, Console, Live, LiveLog, Notice};
use crate::api;
use crate::api::payments::MadeFrom;
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
    /// A delete found the payment changed since it was shown: what
    /// changed, to ask again.
    pub stale_delete: RwSignal<Option<Conflict>>,
    /// A colleague's change to this payment heard since it was read.
    pub heard: Memo<Option<LiveChange>>,
    reload: RwSignal<u32>,
    console: Console,
    router: Router,
}

impl DetailController {
    /// The controller of payment `pid` of `connection`, loading it now.
    pub fn new(connection: Connection, pid: String) -> DetailController {
        let live = Live::here();
        let mark = RwSignal::new(i64::MAX);
        // Changes were missed: read the payment again.
        let missed = Memo::new(move |_| live.log.with(LiveLog::missed_at));
        let heard = {
            let (conn_id, id) = (connection.id.clone(), pid.clone());
            Memo::new(move |_| live.log.with(|l| l.about(&conn_id, &id, mark.get())))
        };
        let c = DetailController {
            connection: StoredValue::new(connection),
            pid: StoredValue::new(pid),
            payment: RwSignal::new(None),
            waiting: RwSignal::new(None),
            busy: RwSignal::new(false),
            action_error: RwSignal::new(None),
            stale_delete: RwSignal::new(None),
            heard,
            reload: RwSignal::new(0),
            console: Console::get(),
            router: Router::get(),
        };
        Effect::new(move |_| {
            c.reload.track();
            c.console.refreshed.track();
            missed.track();
            spawn_local_scoped_with_cancellation(async move {
                let conn = c.connection.get_value();
                let progress = move |w: Option<Message>| c.waiting.set(w);
                let read_from = live.mark();
                let result = api::payments::load(&conn, &c.pid.get_value(), &progress).await;
                if let Err(e) = &result {
                    c.console.report(&conn, e);
                }
                mark.set(read_from);
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

    /// What the page showed of the payment: what an action on it is
    /// made from (`of` picks the fields).
    fn made_from(&self, of: fn(&Payment) -> Read) -> Option<MadeFrom> {
        self.payment.with_untracked(|p| match p {
            Some(Ok(p)) => Some(MadeFrom::new(&p.id, of(p))),
            _ => None,
        })
    }

    /// Deletes the payment, then shows the list; a payment changed since
    /// it was shown is not deleted, and the page asks again.
    pub fn delete(&self) {
        self.delete_from(self.made_from(Payment::read_whole));
    }

    /// Deletes the payment after all, whatever changed (the person saw
    /// what did, and chose to). The question stays until the answer
    /// comes: taking it away first would end the task its button began.
    pub fn delete_anyway(&self) {
        self.delete_from(
            self.made_from(Payment::read_whole)
                .map(MadeFrom::overwriting),
        );
    }

    /// Keeps the payment after being asked again; shows it as it is now.
    pub fn keep(&self) {
        self.stale_delete.set(None);
        self.reload();
    }

    fn delete_from(&self, made: Option<MadeFrom>) {
        if self.busy.get_untracked() {
            return;
        }
        let c = *self;
        c.busy.set(true);
        c.action_error.set(None);
        let (conn, id) = (c.connection.get_value(), c.pid.get_value());
        spawn_local_scoped_with_cancellation(async move {
            let mut outcome = api::payments::delete(&conn, &id, made.as_ref()).await;
            if let Err(e) = &outcome {
                if after_write::check_after_delete(e) {
                    c.console.report(&conn, e);
                    let read = api::payments::load(&conn, &id, &api::quietly).await;
                    outcome = after_write::delete_outcome(read);
                }
            }
            if !matches!(&outcome, Err(e) if e.conflict.is_some()) {
                c.stale_delete.set(None);
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
                Err(e) if Held::of(&e).is_some() => c.held(&e),
                Err(e) if e.conflict.is_some() => {
                    c.busy.set(false);
                    c.stale_delete.set(e.conflict.map(|b| *b));
                }
                Err(e) => {
                    c.console.report(&conn, &e);
                    c.busy.set(false);
                    c.action_error.set(Some(e));
                }
            }
        });
    }

    /// A write held for approval: nothing was sent; says so, with the
    /// request's link.
    fn held(&self, e: &ApiError) {
        self.busy.set(false);
        if let Some(h) = Held::of(e) {
            let at = self.router.place.get_untracked();
            self.console.notice.set(Some(Notice::held(&h, at)));
        }
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
        let made = c.made_from(Payment::read_status);
        spawn_local_scoped_with_cancellation(async move {
            let vendor = conn.vendor.operations();
            let result = api::payments::write(&conn, made.as_ref(), |w| {
                vendor.status_request(w, &id, &status)
            })
            .await;
            c.busy.set(false);
            match result {
                Ok(written) => {
                    c.console.written("updated", &conn, &written);
                    c.action_error.set(None);
                    c.reload();
                }
                Err(e) if Held::of(&e).is_some() => c.held(&e),
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
                    // A stale change: the page shows the payment as it is
                    // now, beside what changed.
                    if e.conflict.is_some() {
                        c.reload();
                    } else {
                        c.console.report(&conn, &e);
                    }
                    c.action_error.set(Some(e));
                }
            }
        });
    }
}
