//! "This connection's page": every page of one connection (its list, a
//! payment, a form) waits for the connections to load, finds the one the
//! address names, and draws itself with it, or says there is none.

use leptos::prelude::*;
use payments_model::Connection;

use crate::language::{k, t, t_with};
use crate::routing::{Link, Route};
use crate::state::Console;

/// Loading connections…
#[component]
pub fn LoadingConnections() -> impl IntoView {
    view! { <p class="pc-loading" role="status">{t(k::connection::LOADING)}</p> }
}

/// Draws `page` with the connection `connection_id` once the connections
/// are loaded; a note with a link to Connections when there is none.
#[component]
pub fn ConnectionPage<F>(
    /// The connection's id, from the address.
    connection_id: String,
    /// The page, given the connection.
    page: F,
) -> impl IntoView
where
    F: Fn(Connection) -> AnyView + Send + Sync + 'static,
{
    let console = Console::get();
    move || {
        if !console.ready.get() {
            return view! { <LoadingConnections /> }.into_any();
        }
        match console.find(&connection_id) {
            Some(conn) => page(conn),
            None => {
                let id = connection_id.clone();
                view! { <p class="pc-notice">{t_with(k::connection::MISSING, &[("id", &id)])}" "<Link to=Route::Connections>{t(k::nav::CONNECTIONS)}</Link></p> }.into_any()
            }
        }
    }
}
