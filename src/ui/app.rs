//! The standalone app: a header and the payments list of the first
//! connection the server offers, under the router.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use payments_model::{Connection, Vendor};

use super::PaymentList;
use crate::api::load_offered_connections;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let connections = LocalResource::new(|| load_offered_connections(""));
    view! {
        <div class="pc-root">
            <header class="pc-header">
                <h1 class="pc-title">"Payments Console"</h1>
            </header>
            <main class="pc-main">
                <Router>
                    <Routes fallback=|| view! { <p class="pc-notice">"There is no such page."</p> }>
                        <Route path=path!("/") view=move || view! {
                            <Suspense fallback=|| view! { <p class="pc-loading" role="status">"Loading connections…"</p> }>
                                {move || connections.get().map(|list| first_list(&list))}
                            </Suspense>
                        } />
                    </Routes>
                </Router>
            </main>
        </div>
    }
}

fn first_list(list: &[Connection]) -> AnyView {
    match list.iter().find(|c| c.vendor == Vendor::ReviewRover) {
        Some(c) => view! { <PaymentList connection=c.clone() /> }.into_any(),
        None => view! {
            <p class="pc-notice" role="status">
                "No ReviewRover connection is configured. Start the console with its sandbox to see demo payments."
            </p>
        }
        .into_any(),
    }
}
