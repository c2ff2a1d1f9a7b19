//! Single sign-on's two addresses: `GET /oidc/start` (throttled per
//! address, then off to the provider) and `GET /oidc/callback` (back
//! from it, signed in or with a refusal's code); the flow itself is
//! [`crate::gateway::oidc`].

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use payments_model::message::GatewayMessage;

use crate::gateway::error::GatewayError;
use crate::gateway::extract::ClientAddress;
use crate::gateway::oidc::{back_to_sign_in, begin, finish, Callback, Refusal};
use crate::gateway::Gateway;

pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/oidc/start", get(start))
        .route("/oidc/callback", get(callback))
}

/// `GET /gateway/oidc/start`.
async fn start(
    State(gw): State<Arc<Gateway>>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Response {
    let Some(sso) = gw.sso.as_ref() else {
        return GatewayError::not_found(GatewayMessage::SsoOff).into_response();
    };
    match gw.throttle.started_sign_on(address).await {
        Ok(true) => {}
        Ok(false) => {
            gw.metrics
                .count("payments_sign_ins_total", &["sso too-many"]);
            return back_to_sign_in(&gw, Refusal::TooMany, None);
        }
        Err(_) => return back_to_sign_in(&gw, Refusal::Unavailable, None),
    }
    match begin(&gw, sso, &headers).await {
        Ok(r) => r,
        Err(refusal) => back_to_sign_in(&gw, refusal, None),
    }
}

/// `GET /gateway/oidc/callback`.
async fn callback(
    State(gw): State<Arc<Gateway>>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Response {
    let Some(sso) = gw.sso.as_ref() else {
        return GatewayError::not_found(GatewayMessage::SsoOff).into_response();
    };
    match finish(&gw, sso, &headers, q).await {
        Ok(signed_on) => match gw
            .sessions
            .start(signed_on.start(&headers, address), &headers)
            .await
        {
            Ok((token, s)) => {
                gw.metrics.count("payments_sign_ins_total", &["signed in"]);
                tracing::info!(person = %s.name, role = s.role.name(), "signed in with single sign-on");
                back_to_sign_in(&gw, Refusal::Failed, Some(&token))
            }
            Err(e) => {
                tracing::error!(error = %e, "single sign-on: no session could be started");
                back_to_sign_in(&gw, Refusal::Unavailable, None)
            }
        },
        Err(refusal) => {
            gw.metrics.count(
                "payments_sign_ins_total",
                &[&format!("sso {}", refusal.code())],
            );
            back_to_sign_in(&gw, refusal, None)
        }
    }
}
