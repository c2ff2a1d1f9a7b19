//! Extractors for the gateway's handlers: [`SignedIn`], the person whose
//! session cookie the request carries (or a 401), and [`ClientAddress`],
//! the address a request came from (the peer's, or, when the peer is a
//! configured trusted proxy, the last address it added to
//! `X-Forwarded-For`).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use super::error::GatewayError;
use super::sessions::Session;
use super::Gateway;

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
                GatewayError::unavailable(format!(
                    "Your session could not be read: the server's store does not answer ({e})."
                ))
            }),
        }
    }
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
            .ok_or_else(|| GatewayError::unavailable("The client's address is unknown."))?;
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
}
