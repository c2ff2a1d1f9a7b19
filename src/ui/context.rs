//! The console's shared state: the connections (with which ones keep their
//! secrets for the session), loaded once and saved on every change.

use leptos::prelude::*;
use payments_model::connection::merge_connections;
use payments_model::{ApiError, Connection, Payment};
use serde_json::{json, Value};

use crate::api;

/// Shared by every page, through Leptos context.
#[derive(Clone, Copy)]
pub struct Console {
    pub connections: RwSignal<Vec<Connection>>,
    /// Ids whose secrets are remembered for the session.
    pub remembered: RwSignal<Vec<String>>,
    /// Whether the saved and offered connections have been loaded.
    pub ready: RwSignal<bool>,
    /// Whether changes are saved to browser storage (not when the host
    /// page supplies the connections).
    persists: bool,
    /// Where `payments-console:*` events go (the host's element).
    events: StoredValue<Option<web_sys::EventTarget>, LocalStorage>,
}

impl Console {
    /// Creates the state and provides the context: with `given`
    /// connections as they are (nothing is read from or saved to storage),
    /// otherwise loading the saved and offered ones.
    /// `shared` is a list the host keeps (and may change) instead.
    pub fn provide(
        given: Option<Vec<Connection>>,
        shared: Option<RwSignal<Vec<Connection>>>,
        events: Option<web_sys::EventTarget>,
    ) -> Console {
        let hosted = given.is_some() || shared.is_some();
        let console = Console {
            connections: shared.unwrap_or_else(|| RwSignal::new(given.unwrap_or_default())),
            remembered: RwSignal::new(Vec::new()),
            ready: RwSignal::new(hosted),
            persists: !hosted,
            events: StoredValue::new_local(events),
        };
        provide_context(console);
        if hosted {
            return console;
        }
        leptos::task::spawn_local(async move {
            let (saved, secrets) = api::load_saved();
            let offered = api::load_offered_connections("").await;
            console
                .remembered
                .set(secrets.iter().map(|(id, _)| id.clone()).collect());
            console
                .connections
                .set(merge_connections(saved, offered, &secrets));
            console.ready.set(true);
        });
        console
    }

    /// The console from context.
    pub fn get() -> Console {
        expect_context::<Console>()
    }

    /// The connection with `id`.
    pub fn find(&self, id: &str) -> Option<Connection> {
        self.connections
            .with(|cs| cs.iter().find(|c| c.id == id).cloned())
    }

    /// Adds or replaces a connection, remembering its secrets if asked.
    pub fn put(&self, conn: Connection, remember: bool) {
        let id = conn.id.clone();
        self.connections
            .update(|cs| match cs.iter_mut().find(|c| c.id == id) {
                Some(slot) => *slot = conn,
                None => cs.push(conn),
            });
        self.remembered.update(|r| {
            r.retain(|x| *x != id);
            if remember {
                r.push(id);
            }
        });
        self.persist();
    }

    /// Removes a connection.
    pub fn remove(&self, id: &str) {
        self.connections.update(|cs| cs.retain(|c| c.id != id));
        self.remembered.update(|r| r.retain(|x| x != id));
        self.persist();
    }

    /// Sends `payments-console:{name}` to the host, if embedded.
    pub fn emit(&self, name: &str, detail: Value) {
        self.events.with_value(|target| {
            let Some(target) = target else { return };
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            if let Ok(d) = js_sys::JSON::parse(&detail.to_string()) {
                init.set_detail(&d);
            }
            if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(
                &format!("payments-console:{name}"),
                &init,
            ) {
                let _ = target.dispatch_event(&ev);
            }
        });
    }

    /// Tells the host that payments were created or updated.
    pub fn written(&self, name: &str, conn: &Connection, payments: &[Payment]) {
        let list: Vec<Value> = payments.iter().map(payment_summary).collect();
        self.emit(
            name,
            json!({"connection": conn.id, "vendor": conn.vendor.slug(),
                   "payment": list.first().cloned().unwrap_or(Value::Null), "payments": list}),
        );
    }

    /// Tells the host about a failure.
    pub fn report(&self, conn: &Connection, error: &ApiError) {
        self.emit(
            "error",
            json!({"connection": conn.id, "vendor": conn.vendor.slug(), "kind": format!("{:?}", error.kind),
                   "status": error.status, "message": error.message}),
        );
    }

    fn persist(&self) {
        if !self.persists {
            return;
        }
        let cs = self.connections.get_untracked();
        api::save(&cs, &self.remembered.get_untracked());
    }
}

/// What events tell a host about a payment: its id, amount as an exact
/// decimal string, currency and status.
pub fn payment_summary(p: &Payment) -> Value {
    json!({
        "id": p.id,
        "amount": p.amount.as_ref().map(|m| m.amount_text()),
        "currency": p.amount.as_ref().map(|m| m.currency.code().to_string()),
        "status": p.status.text(),
    })
}
