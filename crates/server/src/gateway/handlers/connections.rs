//! `GET /connections`: the configured connections as the console
//! receives them, their secrets left on the server and the gateway as
//! their base URL ([`crate::gateway::as_shown`]).

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::gateway::extract::SignedIn;
use crate::gateway::{as_shown, Gateway};

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new().route("/connections", get(connections))
}

async fn connections(State(gw): State<Arc<Gateway>>, _: SignedIn) -> Response {
    Json(shown(&gw)).into_response()
}

/// The connections as the console receives them.
pub fn shown(gw: &Gateway) -> Vec<payments_model::Connection> {
    gw.config.connections.iter().map(as_shown).collect()
}
