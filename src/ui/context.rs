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
}

impl Console {
    /// Creates the state, loads the connections and provides the context.
    pub fn provide() -> Console {
        let console = Console {
            connections: RwSignal::new(Vec::new()),
            remembered: RwSignal::new(Vec::new()),
            ready: RwSignal::new(false),
        };
        provide_context(console);
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
        let cs = self.connections.get_untracked();
        api::save(&cs, &self.remembered.get_untracked());
    }
}
