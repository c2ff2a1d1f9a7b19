//! The console's shared state: the connections (with which ones keep their
//! secrets for the session), loaded once and saved on every change.

use leptos::prelude::*;
use payments_model::connection::merge_connections;
use payments_model::Connection;

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
}

impl Console {
    /// Creates the state and provides the context: with `given`
    /// connections as they are (nothing is read from or saved to storage),
    /// otherwise loading the saved and offered ones.
    pub fn provide(given: Option<Vec<Connection>>) -> Console {
        let console = Console {
            connections: RwSignal::new(given.clone().unwrap_or_default()),
            remembered: RwSignal::new(Vec::new()),
            ready: RwSignal::new(given.is_some()),
            persists: given.is_none(),
        };
        provide_context(console);
        if given.is_some() {
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

    fn persist(&self) {
        if !self.persists {
            return;
        }
        let cs = self.connections.get_untracked();
        api::save(&cs, &self.remembered.get_untracked());
    }
}
