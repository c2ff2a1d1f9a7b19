//! Extractors for the gateway's handlers, so that no handler repeats a
//! check: [`SignedIn`], the person whose session cookie the request
//! carries (or a 401); [`CheckedWrite`], the same for a write, which
//! must also come from the console's own page with the session's CSRF
//! token; [`SameOrigin`], a write of someone not signed in yet (a
//! sign-in); [`ClientAddress`], the address a request came from (the
//! peer's, or, when the peer is a configured trusted proxy, the last
//! address it added to `X-Forwarded-For`); [`cookie`], the one
//! reader of the request's cookies; and [`user_agent`].

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use payments_model::message::GatewayMessage;

use super::error::GatewayError;
use super::sessions::{Session, CSRF_HEADER};
use super::Gateway;

/// The value of the cookie `name` the request carries, if any.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The request's `User-Agent` (at most 400 characters), for the
/// person's list of sessions.
pub fn user_agent(headers: &HeaderMap) -> String {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .chars()
        .take(400)
        .collect()
}

/// The signed-in person's session.
pub struct SignedIn(pub Session);

impl FromRequestParts<Arc<Gateway>> for SignedIn {
    type Rejection = GatewayError;

    async fn from_request_parts(
        parts: &mut Parts,
        gw: &Arc<Gateway>,
    ) -> Result<Self, Self::Rejection> {
        match gw.sessions.find(&parts.headers).await {
            Ok(Some(s)) => Ok(SignedIn(s)),
            Ok(None) => Err(GatewayError::signed_out()),
            Err(e) => Err({
                gw.metrics.count("payments_store_errors_total", &[]);
                GatewayError::unavailable(GatewayMessage::SessionUnreadable { reason: e })
            }),
        }
    }
}

/// The session, when the request carries one (a sign-out of a session
/// that already ended is no error).
pub struct MaybeSignedIn(pub Option<Session>);

impl FromRequestParts<Arc<Gateway>> for MaybeSignedIn {
    type Rejection = GatewayError;

    async fn from_request_parts(
        parts: &mut Parts,
        gw: &Arc<Gateway>,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeSignedIn(
            gw.sessions.find(&parts.headers).await.ok().flatten(),
        ))
    }
}

/// A write from the console's own page: its `Origin` is the console's.
pub struct SameOrigin;

impl FromRequestParts<Arc<Gateway>> for SameOrigin {
    type Rejection = GatewayError;

    async fn from_request_parts(
        parts: &mut Parts,
        gw: &Arc<Gateway>,
    ) -> Result<Self, Self::Rejection> {
        gw.same_site(&parts.headers, None)?;
        Ok(SameOrigin)
    }
}

/// A signed-in person's write from the console's own page: its `Origin`
/// is the console's and it repeats the session's CSRF token.
pub struct CheckedWrite(pub Session);

impl FromRequestParts<Arc<Gateway>> for CheckedWrite {
    type Rejection = GatewayError;

    async fn from_request_parts(
        parts: &mut Parts,
        gw: &Arc<Gateway>,
    ) -> Result<Self, Self::Rejection> {
        let SignedIn(session) = SignedIn::from_request_parts(parts, gw).await?;
        gw.same_site(&parts.headers, Some(&session))?;
        Ok(CheckedWrite(session))
    }
}

/// Whether `headers` repeat `session`'s CSRF token.
pub fn carries_token(headers: &HeaderMap, session: &Session) -> bool {
    headers.get(CSRF_HEADER).and_then(|t| t.to_str().ok()) == Some(session.csrf.as_str())
}

/// Where the request came from.
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<Arc<Gateway>> for ClientAddress {
    type Rejection = GatewayError;

    async fn from_request_parts(
        parts: &mut Parts,
        gw: &Arc<Gateway>,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip())
            .ok_or_else(|| GatewayError::unavailable(GatewayMessage::AddressUnknown))?;
        Ok(ClientAddress(client_address(
            peer,
            &gw.config.trusted_proxies,
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok()),
        )))
    }
}

/// The client's address: `peer`, unless `peer` is a trusted proxy, then
/// the right-most address in `forwarded` that is not one.
pub fn client_address<'a>(
    peer: IpAddr,
    trusted: &[IpAddr],
    forwarded: impl Iterator<Item = &'a str>,
) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    hops.into_iter()
        .rev()
        .find(|a| !trusted.contains(a))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_a_trusted_proxy_may_name_the_client() {
        let proxy: IpAddr = [10, 0, 0, 9].into();
        let client: IpAddr = [203, 0, 113, 7].into();
        let forged = "198.51.100.1, 203.0.113.7";
        assert_eq!(
            client_address(client, &[proxy], [forged].into_iter()),
            client
        );
        assert_eq!(
            client_address(proxy, &[proxy], [forged].into_iter()),
            client
        );
        assert_eq!(client_address(proxy, &[proxy], std::iter::empty()), proxy);
    }

    #[test]
    fn a_cookie_is_found_by_its_name_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; pc_a=1"),
        );
        h.append(header::COOKIE, HeaderValue::from_static("pc_b=two"));
        assert_eq!(cookie(&h, "pc_a"), Some("1"));
        assert_eq!(cookie(&h, "pc_b"), Some("two"));
        assert_eq!(cookie(&h, "pc"), None);
    }
}
