//! Running a bulk action over the chosen payments of a list: one payment
//! at a time, each tried once (a 429 is waited out and tried again, as
//! the vendor did nothing), an unclear answer read back before it is
//! called done, refused or unsure, Cancel stopping before the next one,
//! and every outcome kept for the result list. Through the gateway each
//! write is in the audit log like any other. Each write says what it was
//! made from (the payment as it was chosen): one changed since is not
//! written, is reported so, and stays chosen. Before its first write, a
//! run is announced to each gateway connection it writes to: one a rule
//! of the company's holds is held whole, as one approval request, and
//! none of its writes is sent.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use payments_model::approval::{Run, RunWrite};
use payments_model::bulk::{
    change_outcome, delete_outcome, read_back_after, wait_after, BulkAction, BulkRun, Outcome,
};
use payments_model::export::{file_name, Csv};
use payments_model::{Connection, Payment};
use serde_json::json;

use super::{Console, SelectionController};
use crate::api;
use crate::api::payments::MadeFrom;
use crate::language::{k, say, t_count, t_with};

/// A list's bulk action, under way or ended.
#[derive(Clone, Copy)]
pub struct BulkController {
    /// The run, while it goes and after it ends (until dismissed).
    pub run: RwSignal<Option<BulkRun>>,
    /// What a rate-limited try is waiting for, in words.
    pub waiting: RwSignal<Option<String>>,
    /// What the last export of the selection did, in words.
    pub said: RwSignal<String>,
    cancelled: RwSignal<bool>,
}

impl Default for BulkController {
    fn default() -> Self {
        Self::new()
    }
}

impl BulkController {
    pub fn new() -> BulkController {
        BulkController {
            run: RwSignal::new(None),
            waiting: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            cancelled: RwSignal::new(false),
        }
    }

    /// Whether a run is under way.
    pub fn running(&self) -> bool {
        self.run.with(|r| r.as_ref().is_some_and(|r| !r.finished()))
    }

    /// Stops before the next payment.
    pub fn cancel(&self) {
        self.cancelled.set(true);
    }

    /// Puts the ended run's results away.
    pub fn dismiss(&self) {
        if !self.running() {
            self.run.set(None);
        }
    }

    /// Does `action` to the chosen payments, one at a time, each through
    /// its connection among `conns`; those done leave the selection, and
    /// `ended` is called at the end (to load the list again).
    pub fn start(
        &self,
        action: BulkAction,
        conns: Vec<Connection>,
        selection: SelectionController,
        ended: Callback<()>,
    ) {
        if self.running() {
            return;
        }
        // The payments as they were chosen: what each write is made from.
        let chosen: Vec<(String, Payment)> =
            selection.selection.with_untracked(|s| s.chosen().to_vec());
        let targets: Vec<(String, String)> = chosen
            .iter()
            .map(|(c, p)| (c.clone(), p.id.clone()))
            .collect();
        let c = *self;
        c.cancelled.set(false);
        c.run.set(Some(BulkRun::new(action.clone(), &targets)));
        let console = use_context::<Console>();
        spawn_local_scoped_with_cancellation(async move {
            c.announce(&action, &conns, &chosen).await;
            loop {
                if c.cancelled.get_untracked() {
                    c.run.update(|r| {
                        if let Some(r) = r {
                            r.cancel();
                        }
                    });
                }
                let Some(at) = c.run.with_untracked(|r| r.as_ref().and_then(BulkRun::next)) else {
                    break;
                };
                let (conn_id, id) = c
                    .run
                    .with_untracked(|r| {
                        r.as_ref()
                            .map(|r| (r.items[at].connection.clone(), r.items[at].id.clone()))
                    })
                    .unwrap_or_default();
                let Some(conn) = conns.iter().find(|c| c.id == conn_id) else {
                    let gone = Outcome::Refused(k::bulk::GONE.into());
                    c.run.update(|r| {
                        if let Some(r) = r {
                            r.record(at, gone);
                        }
                    });
                    continue;
                };
                let Some(payment) = chosen.iter().find(|(c, p)| *c == conn_id && p.id == id) else {
                    continue;
                };
                let Some(outcome) = c.one(&action, conn, &payment.1).await else {
                    continue; // cancelled while waiting out a rate limit
                };
                if let (Outcome::Done, Some(console)) = (&outcome, console) {
                    let event = if action == BulkAction::Delete {
                        "deleted"
                    } else {
                        "updated"
                    };
                    console.emit(
                        event,
                        json!({"connection": conn.id, "vendor": conn.vendor.slug(), "id": id}),
                    );
                }
                c.run.update(|r| {
                    if let Some(r) = r {
                        r.record(at, outcome);
                    }
                });
            }
            c.waiting.set(None);
            let done: Vec<(String, String)> = c.run.with_untracked(|r| {
                r.iter()
                    .flat_map(|r| &r.items)
                    .filter(|i| i.outcome == Some(Outcome::Done))
                    .map(|i| (i.connection.clone(), i.id.clone()))
                    .collect()
            });
            selection.forget(&done);
            ended.run(());
        });
    }

    /// Announces the run to each gateway connection it writes to; the
    /// payments of one a rule holds are recorded as held. An
    /// announcement that fails leaves the writes to be judged one by one
    /// as they are sent.
    async fn announce(
        &self,
        action: &BulkAction,
        conns: &[Connection],
        chosen: &[(String, Payment)],
    ) {
        for conn in conns
            .iter()
            .filter(|c| api::gateway::is_gateway_url(&c.base_url))
        {
            let mine: Vec<&Payment> = chosen
                .iter()
                .filter(|(c, _)| *c == conn.id)
                .map(|(_, p)| p)
                .collect();
            if mine.is_empty() {
                continue;
            }
            if let Ok(Some(held)) = api::approvals::announce(&run_of(action, conn, &mine)).await {
                self.run.update(|r| {
                    if let Some(r) = r {
                        r.hold(&conn.id, &held);
                    }
                });
            }
        }
    }

    /// Does `action` to one payment, as it was chosen: `None` when
    /// cancelled before it was tried.
    async fn one(
        &self,
        action: &BulkAction,
        conn: &Connection,
        payment: &Payment,
    ) -> Option<Outcome> {
        let vendor = conn.vendor.operations();
        let id = payment.id.as_str();
        let mut attempt = 1;
        let first = loop {
            let answer = match action {
                BulkAction::Delete => {
                    let made = MadeFrom::new(id, payment.read_whole());
                    api::payments::delete(conn, id, Some(&made)).await
                }
                BulkAction::SetStatus(status) => {
                    let made = MadeFrom::new(id, payment.read_status());
                    api::payments::write(conn, Some(&made), |w| {
                        vendor.status_request(w, id, status)
                    })
                    .await
                    .map(|_| ())
                }
                BulkAction::SetField { .. } => {
                    let values = action.values();
                    let made =
                        MadeFrom::new(id, payment.read_of(values.keys().map(String::as_str)));
                    let mut invalid = None;
                    let written = api::payments::write(conn, Some(&made), |w| {
                        match vendor.update_request(w, id, &values)? {
                            Ok(req) => Some(req),
                            Err(errors) => {
                                invalid = errors.0.first().map(|e| e.message.clone());
                                None
                            }
                        }
                    })
                    .await;
                    match invalid {
                        Some(why) => return Some(Outcome::Refused(why)),
                        None => written.map(|_| ()),
                    }
                }
            };
            let wait = answer.as_ref().err().and_then(|e| wait_after(e, attempt));
            let Some(secs) = wait else { break answer };
            for left in (1..=secs).rev() {
                if self.cancelled.get_untracked() {
                    return None;
                }
                let seconds = left.to_string();
                let words = t_with(k::bulk::SLOW_DOWN, &[("id", id), ("seconds", &seconds)]);
                self.waiting.set(Some(words));
                api::sleep_ms(1000).await;
            }
            self.waiting.set(None);
            attempt += 1;
        };
        if *action != BulkAction::Delete {
            return Some(change_outcome(first));
        }
        let read_after = match &first {
            Err(e) if read_back_after(e) => Some(
                api::payments::load(conn, id, &api::quietly)
                    .await
                    .map(|_| ()),
            ),
            _ => None,
        };
        Some(delete_outcome(first, read_after))
    }

    /// Saves the chosen payments as a CSV file (every field), each under
    /// its connection's name; `what` names the file.
    pub fn export(&self, what: &str, conns: &[Connection], chosen: &[(String, Payment)]) {
        let zone = crate::zone::current();
        let mut csv = Csv::new();
        for (conn_id, p) in chosen {
            let name = conns
                .iter()
                .find(|c| &c.id == conn_id)
                .map_or(conn_id.as_str(), |c| c.name.as_str());
            csv.push(name, p, &zone);
        }
        let today = payments_model::time::Moment::Day(crate::zone::today()).exact();
        let name = file_name(&t_with(k::bulk::FILE, &[("what", what)]), &[], &today);
        let text = format!("\u{feff}{}", csv.text());
        self.said.set(
            match api::download::save(&name, "text/csv;charset=utf-8", &text) {
                Ok(()) => t_count(k::bulk::EXPORTED, csv.rows(), &[("file", &name)]),
                Err(why) => say(&why),
            },
        );
    }
}

/// The writes `action` would send to `payments` of `conn`, as a bulk run
/// is announced: each with what it is made from.
fn run_of(action: &BulkAction, conn: &Connection, payments: &[&Payment]) -> Run {
    let vendor = conn.vendor.operations();
    let writes = payments
        .iter()
        .filter_map(|p| {
            let id = p.id.as_str();
            let (req, read) = match action {
                BulkAction::Delete => (vendor.delete_request(conn, id)?, p.read_whole()),
                BulkAction::SetStatus(s) => (vendor.status_request(conn, id, s)?, p.read_status()),
                BulkAction::SetField { .. } => {
                    let values = action.values();
                    let req = vendor.update_request(conn, id, &values)?.ok()?;
                    (req, p.read_of(values.keys().map(String::as_str)))
                }
            };
            Some(RunWrite {
                method: req.method.into(),
                path: req
                    .url
                    .strip_prefix(conn.root())
                    .unwrap_or(&req.url)
                    .to_string(),
                body: req.body.unwrap_or_default(),
                read: Some(read.to_header()),
            })
        })
        .collect();
    Run {
        connection: conn.id.clone(),
        writes,
    }
}
