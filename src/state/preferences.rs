//! The settings a person keeps, as one reactive map: read on the gateway
//! when someone is signed in to it (so they follow the person to another
//! browser), else from this browser. A change shows at once and is then
//! kept; when keeping fails, [`Preferences::problem`] says so and the
//! change stays for this visit.

use leptos::prelude::*;
use serde_json::{Map, Value};

use super::Console;
use crate::api::{self, gateway::Server};
use crate::language::{k, say, t, t_with};

/// The person's settings.
#[derive(Clone, Copy)]
pub struct Preferences {
    values: RwSignal<Map<String, Value>>,
    on_server: RwSignal<bool>,
    /// Whether they have been read (or reading failed).
    pub loaded: RwSignal<bool>,
    /// Why the last change could not be kept, if it could not.
    pub problem: RwSignal<Option<String>>,
}

impl Preferences {
    /// Creates the settings of `console`'s person and provides them; they
    /// are read again whenever who is signed in changes.
    pub fn provide(console: Console) -> Preferences {
        let p = Preferences::local();
        p.loaded.set(false);
        provide_context(p);
        Effect::new(move |_| {
            if !console.ready.get() {
                return;
            }
            match console.server.get() {
                Server::SignedIn(_) => {
                    p.on_server.set(true);
                    p.loaded.set(false);
                    leptos::task::spawn_local(async move {
                        match api::preferences::load_from_server().await {
                            Ok(values) => p.values.set(values),
                            Err(e) => p.problem.set(Some(t_with(
                                k::preferences::UNREADABLE,
                                &[("reason", &say(&e.message))],
                            ))),
                        }
                        p.loaded.set(true);
                    });
                }
                Server::SignedOut => {
                    p.on_server.set(true);
                    p.values.set(Map::new());
                    p.loaded.set(true);
                }
                Server::BrowserOnly => {
                    p.on_server.set(false);
                    p.values.set(api::preferences::load_local());
                    p.loaded.set(true);
                }
            }
        });
        p
    }

    /// Settings kept in this browser, read now.
    fn local() -> Preferences {
        Preferences {
            values: RwSignal::new(api::preferences::load_local()),
            on_server: RwSignal::new(false),
            loaded: RwSignal::new(true),
            problem: RwSignal::new(None),
        }
    }

    /// The settings in context, or this browser's where there are none
    /// (a component mounted on its own).
    pub fn here() -> Preferences {
        use_context::<Preferences>().unwrap_or_else(Preferences::local)
    }

    /// Whether they are kept on the gateway (or in this browser); tracked.
    pub fn on_server(&self) -> bool {
        self.on_server.get()
    }

    /// The value under `key` (tracked).
    pub fn value(&self, key: &str) -> Option<Value> {
        self.values.with(|v| v.get(key).cloned())
    }

    /// Sets (or with `None` forgets) the value under `key`, and keeps it.
    pub fn set(&self, key: &str, value: Option<Value>) {
        self.values.update(|all| match &value {
            Some(v) => {
                all.insert(key.to_string(), v.clone());
            }
            None => {
                all.remove(key);
            }
        });
        self.problem.set(None);
        let p = *self;
        if self.on_server.get_untracked() {
            let key = key.to_string();
            leptos::task::spawn_local(async move {
                if let Err(e) = api::preferences::keep_on_server(&key, value.as_ref()).await {
                    let reason = say(&e.message);
                    let reason = [("reason", reason.as_str())];
                    p.problem
                        .set(Some(t_with(k::preferences::NOT_KEPT_SERVER, &reason)));
                }
            });
        } else if !self.values.with_untracked(api::preferences::keep_local) {
            p.problem.set(Some(t(k::preferences::NOT_KEPT_BROWSER)));
        }
    }
}
