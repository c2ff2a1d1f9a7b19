//! The connections controller and the console's shared state: the
//! connections (with which ones keep their secrets for the session),
//! loaded once and saved on every change; adding, editing, testing and
//! removing them; and the `payments-console:*` events a host page hears.

use leptos::prelude::*;
use payments_model::connection::{merge_connections, ConnectionDraft};
use payments_model::validate::FieldErrors;
use payments_model::{ApiError, Connection, ListQuery, Payment};
use serde_json::{json, Value};

use crate::api;
use crate::api::gateway::{Server, SignedIn};
use crate::language::{k, say_error, t, t_count};

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
    /// Bumped when a host gives new credentials for the same account:
    /// lists and details load again; forms keep what was typed.
    pub refreshed: RwSignal<u32>,
    /// Where `payments-console:*` events go (the host's element).
    events: StoredValue<Option<web_sys::EventTarget>, LocalStorage>,
    /// Whether the console's server runs the gateway, and who is signed
    /// in to it.
    pub server: RwSignal<Server>,
    /// What the console says after a change it made.
    pub notice: RwSignal<Option<super::Notice>>,
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
        refreshed: Option<RwSignal<u32>>,
    ) -> Console {
        let hosted = given.is_some() || shared.is_some();
        let console = Console {
            connections: shared.unwrap_or_else(|| RwSignal::new(given.unwrap_or_default())),
            remembered: RwSignal::new(Vec::new()),
            ready: RwSignal::new(hosted),
            persists: !hosted,
            refreshed: refreshed.unwrap_or_else(|| RwSignal::new(0)),
            events: StoredValue::new_local(events),
            server: RwSignal::new(Server::BrowserOnly),
            notice: RwSignal::new(None),
        };
        provide_context(console);
        if hosted {
            return console;
        }
        leptos::task::spawn_local(async move {
            let server = api::gateway::server().await;
            console.load(server, false).await;
        });
        console
    }

    /// Loads the connections for what the server said: the gateway's
    /// (when signed in) before the ones saved in this browser; without a
    /// gateway, the saved ones and those the server offers. `fresh` after
    /// a sign-in, when the page's preloaded answer is stale.
    async fn load(&self, server: Server, fresh: bool) {
        let (saved, secrets) = api::load_saved();
        let saved = saved.map(|cs| cs.into_iter().filter(|c| !c.on_gateway()).collect());
        let offered = match &server {
            Server::SignedIn(_) => api::gateway::connections(fresh).await.unwrap_or_default(),
            Server::SignedOut => Vec::new(),
            Server::BrowserOnly => api::load_offered_connections("").await,
        };
        let list = match &server {
            Server::BrowserOnly => merge_connections(saved, offered, &secrets),
            _ => offered
                .into_iter()
                .chain(merge_connections(saved, Vec::new(), &secrets))
                .collect(),
        };
        self.remembered
            .set(secrets.iter().map(|(id, _)| id.clone()).collect());
        self.connections.set(list);
        self.server.set(server);
        self.ready.set(true);
    }

    /// After a sign-in: the gateway's connections are loaded.
    pub async fn signed_in(&self, who: SignedIn) {
        self.load(Server::SignedIn(who), true).await;
    }

    /// Signs out of the gateway; its connections leave the list. A
    /// session single sign-on began ends at the provider too: the
    /// browser goes there, and the provider sends it back.
    pub async fn sign_out(&self) {
        let provider = api::gateway::sign_out().await.ok().flatten();
        self.connections.update(|cs| cs.retain(|c| !c.on_gateway()));
        self.server.set(Server::SignedOut);
        if let (Some(url), Some(w)) = (provider, web_sys::window()) {
            let _ = w.location().assign(&url);
        }
    }

    /// [`Console::may_write`] of the console in context; with none (a
    /// component mounted on its own), writes are offered.
    pub fn may_write_here(conn: &Connection) -> bool {
        use_context::<Console>().is_none_or(|c| c.may_write(conn))
    }

    /// Whether the person may change payments of `conn` here: not a
    /// viewer's on the gateway (the server refuses it too).
    pub fn may_write(&self, conn: &Connection) -> bool {
        !conn.on_gateway()
            || self
                .server
                .with(|s| matches!(s, Server::SignedIn(who) if who.may_write()))
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

    /// Checks a connection form and saves the connection it describes
    /// (`id` is the one edited, if any), remembering its secrets if asked.
    pub fn save_draft(
        &self,
        mut draft: ConnectionDraft,
        id: Option<String>,
        remember: bool,
    ) -> Result<(), FieldErrors> {
        draft.id = id;
        let taken: Vec<String> = self
            .connections
            .with_untracked(|cs| cs.iter().map(|c| c.id.clone()).collect());
        let conn = draft.validate(&taken)?;
        self.put(conn, remember);
        Ok(())
    }

    /// Whether the secrets of connection `id` are remembered.
    pub fn remembers(&self, id: &str) -> bool {
        self.remembered.with(|r| r.iter().any(|x| x == id))
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
                   "status": error.status, "code": error.message.code(), "message": say_error(error)}),
        );
    }

    fn persist(&self) {
        if !self.persists {
            return;
        }
        // The gateway's connections live on the server, not here.
        let cs: Vec<Connection> = self
            .connections
            .get_untracked()
            .into_iter()
            .filter(|c| !c.on_gateway())
            .collect();
        api::save(&cs, &self.remembered.get_untracked());
    }
}

/// Tries a connection by listing its first page, and says how it went.
#[derive(Clone, Copy)]
pub struct ConnectionCheck {
    pub testing: RwSignal<bool>,
    /// `Ok` with what was found, or `Err` with why not.
    pub outcome: RwSignal<Option<Result<String, String>>>,
}

impl ConnectionCheck {
    pub fn new() -> ConnectionCheck {
        ConnectionCheck {
            testing: RwSignal::new(false),
            outcome: RwSignal::new(None),
        }
    }

    /// Lists the first page of `conn` (unless a test is under way).
    pub fn run(&self, conn: Connection) {
        if self.testing.get_untracked() {
            return;
        }
        let this = *self;
        this.testing.set(true);
        this.outcome.set(None);
        leptos::task::spawn_local(async move {
            let query = ListQuery::first_page(conn.vendor.list_spec().pagination);
            let outcome = match api::payments::list(&conn, &query, &api::quietly).await {
                Ok(page) => Ok(match page.info.total_items {
                    Some(n) => t_count(k::connections::CONNECTED, n as usize, &[]),
                    None => t_count(k::connections::CONNECTED_PAGE, page.items.len(), &[]),
                }),
                Err(e) => Err(say_error(&e)),
            };
            this.testing.set(false);
            this.outcome.set(Some(outcome));
        });
    }
}

impl Default for ConnectionCheck {
    fn default() -> Self {
        ConnectionCheck::new()
    }
}

/// Where a connection's secret is, in words.
pub fn secret_words(conn: &Connection, remembered: bool) -> String {
    if conn.on_gateway() {
        return t(k::secret::ON_SERVER);
    }
    t(
        match (conn.credentials.is_none(), conn.lacks_secret(), remembered) {
            (true, _, _) => k::secret::NONE,
            (_, true, _) => k::secret::MISSING,
            (_, _, true) => k::secret::REMEMBERED,
            _ => k::secret::IN_MEMORY,
        },
    )
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
