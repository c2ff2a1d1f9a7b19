//! Whether the gateway forwards a request, decided in one place:
//! [`Target::read`] finds the connection and method a
//! `/gateway/<connection>/<vendor path>` names, and [`admit`] runs the
//! checks a request must pass, in order: the person's role, a write's
//! origin and CSRF token, the vendor's allow-list
//! ([`payments_model::vendors::Profile::endpoints`]) and the
//! connection's scope ([`payments_model::vendors::Operations::reach`],
//! with [`super::scope`] looking a payment up on the scope's own list).
//! An admitted request is [`Admitted`]: the request the vendor's module
//! signs, to the configured base URL and nowhere else.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method as HttpMethod};
use payments_model::activity::ChangeKind;
use payments_model::http::{percent_decode_path, HttpRequest, Method};
use payments_model::message::GatewayMessage;
use payments_model::vendors::Reach;
use payments_model::Connection;

use super::error::{ErrorKind, GatewayError};
use super::sessions::Session;
use super::Gateway;
use crate::observe::REQUEST_ID;

/// What a gateway address names: a configured connection, a method the
/// gateway forwards, and the vendor path and query as sent.
#[derive(Clone, Debug)]
pub struct Target {
    pub conn: Connection,
    pub method: Method,
    /// The vendor path below the connection's root, still
    /// percent-encoded (`/payments/inv%2F7`).
    pub path: String,
    pub query: Option<String>,
}

impl Target {
    /// The target of `path_and_query` (`/gateway/rr/payments?page=2`);
    /// a 404 for no connection, a 405 for a method never forwarded.
    pub fn read(
        gw: &Gateway,
        uri: &axum::http::Uri,
        method: &HttpMethod,
    ) -> Result<Target, GatewayError> {
        let (id, path) = split(uri.path())
            .ok_or_else(|| GatewayError::not_found(GatewayMessage::NoSuchAddress))?;
        let conn = gw.connection(id).cloned().ok_or_else(|| {
            GatewayError::not_found(GatewayMessage::NoSuchConnection { id: id.to_string() })
        })?;
        let method = forwarded_method(method).ok_or_else(|| {
            GatewayError::new(
                ErrorKind::MethodNotAllowed,
                GatewayMessage::MethodNotForwarded,
            )
        })?;
        Ok(Target {
            conn,
            method,
            path: path.to_string(),
            query: uri.query().filter(|q| !q.is_empty()).map(str::to_string),
        })
    }

    /// What kind of change it is (`None` for a read).
    pub fn kind(&self) -> Option<ChangeKind> {
        ChangeKind::of(self.method, &self.path)
    }

    /// The vendor path with its query, as the audit log records it.
    pub fn path_and_query(&self) -> String {
        match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        }
    }

    /// The payment the path names, as the vendor reads its id: the
    /// segment after `payments/` where the vendor's endpoint has an id.
    pub fn payment_id(&self) -> Option<String> {
        let endpoint = self
            .conn
            .vendor
            .profile()
            .endpoints
            .iter()
            .find(|e| e.matches(self.method, &self.path))?;
        named_payment(endpoint.path, &self.path)
    }
}

/// A request the gateway forwards: signed with the connection's
/// credentials, to its configured base URL.
pub struct Admitted {
    pub target: Target,
    pub request: HttpRequest,
    pub body: Bytes,
}

/// Decides whether `session` may send `body` to `target`; the signed
/// request, or the refusal.
pub async fn admit(
    gw: &Gateway,
    session: &Session,
    headers: &HeaderMap,
    target: Target,
    body: Bytes,
    request_id: Option<&str>,
) -> Result<Admitted, GatewayError> {
    let method = target.method;
    if !session.role.may(method) {
        return Err(GatewayError::forbidden(GatewayMessage::RoleReadsOnly {
            role: session.role.name().to_string(),
        }));
    }
    if method != Method::Get {
        gw.same_site(headers, Some(session))?;
    }
    allowed(gw, &target, &body).await?;
    let request = signed(
        &target.conn,
        target.method,
        &target.path,
        headers,
        request_id,
    );
    Ok(Admitted {
        target,
        request,
        body,
    })
}

/// Admits again a write held for approval, as the server sends it once
/// approved: on the vendor's allow-list and within the connection's
/// scope as they are now, with the `Content-Type` and `Accept` it was
/// asked with.
pub async fn readmit(
    gw: &Gateway,
    target: Target,
    content_type: Option<&str>,
    accept: Option<&str>,
    body: Bytes,
) -> Result<Admitted, GatewayError> {
    allowed(gw, &target, &body).await?;
    let mut headers = HeaderMap::new();
    for (name, value) in [
        (header::CONTENT_TYPE, content_type),
        (header::ACCEPT, accept),
    ] {
        if let Some(v) = value.and_then(|v| axum::http::HeaderValue::from_str(v).ok()) {
            headers.insert(name, v);
        }
    }
    let request = signed(&target.conn, target.method, &target.path, &headers, None);
    Ok(Admitted {
        target,
        request,
        body,
    })
}

/// Refuses what the vendor's allow-list or the connection's scope does
/// not admit.
async fn allowed(gw: &Gateway, target: &Target, body: &[u8]) -> Result<(), GatewayError> {
    let Target {
        conn, method, path, ..
    } = target;
    let allowed = conn
        .vendor
        .profile()
        .endpoints
        .iter()
        .any(|e| e.matches(*method, path));
    if !allowed {
        return Err(GatewayError::forbidden(GatewayMessage::NotForwarded {
            method: method.as_str().to_string(),
            path: path.clone(),
            vendor: conn.vendor.display_name().to_string(),
        }));
    }
    within_scope(gw, conn, *method, path, body).await
}

/// Refuses a request outside the connection's scope.
async fn within_scope(
    gw: &Gateway,
    conn: &Connection,
    method: Method,
    path: &str,
    body: &[u8],
) -> Result<(), GatewayError> {
    match conn.vendor.operations().reach(conn, method, path, body) {
        Reach::Inside => Ok(()),
        Reach::Outside(why) => Err(GatewayError::forbidden(why)),
        Reach::IfListed { id, list } => match super::scope::listed(gw, conn, &id, list).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(GatewayError::forbidden(
                GatewayMessage::PaymentOutsideScope {
                    id,
                    scope: Box::new(conn.scope.words(conn.vendor)),
                },
            )),
            Err(reason) => Err(GatewayError::new(
                ErrorKind::Vendor,
                GatewayMessage::ScopeUnchecked {
                    id,
                    reason: Box::new(reason),
                },
            )),
        },
    }
}

/// The request the vendor is sent: the connection's root plus the path,
/// `Accept` and `Content-Type` from the browser, the request's id, and
/// the credentials the vendor's own signing adds.
fn signed(
    conn: &Connection,
    method: Method,
    path: &str,
    headers: &HeaderMap,
    request_id: Option<&str>,
) -> HttpRequest {
    let mut req = HttpRequest::new(method, format!("{}{path}", conn.root()));
    if let Some(id) = request_id {
        req.headers.push((REQUEST_ID.to_string(), id.to_string()));
    }
    for name in [header::ACCEPT, header::CONTENT_TYPE] {
        if let Some(v) = headers.get(&name).and_then(|v| v.to_str().ok()) {
            req.headers.push((name.as_str().to_string(), v.to_string()));
        }
    }
    conn.vendor.sign(conn, req)
}

fn forwarded_method(m: &HttpMethod) -> Option<Method> {
    Some(match *m {
        HttpMethod::GET => Method::Get,
        HttpMethod::POST => Method::Post,
        HttpMethod::PUT => Method::Put,
        HttpMethod::PATCH => Method::Patch,
        HttpMethod::DELETE => Method::Delete,
        _ => return None,
    })
}

/// The connection id and the vendor path (`/payments/7`) of a gateway URI
/// path, as sent (still percent-encoded).
fn split(full: &str) -> Option<(&str, &str)> {
    let rest = full.strip_prefix("/gateway/")?;
    let slash = rest.find('/')?;
    Some((&rest[..slash], &rest[slash..]))
}

/// The payment a path names: the segment after `payments/` where the
/// vendor's pattern has an id, decoded as the vendor reads it.
fn named_payment(pattern: &str, path: &str) -> Option<String> {
    pattern
        .split('/')
        .zip(path.split('/'))
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[0].0 == "payments" && w[1].0 == "{}")
        .map(|w| percent_decode_path(w[1].1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_and_vendor_path_are_split_as_sent() {
        assert_eq!(
            split("/gateway/rr/payments/inv%2F7"),
            Some(("rr", "/payments/inv%2F7"))
        );
        assert_eq!(split("/gateway/rr"), None);
    }

    #[test]
    fn a_path_names_its_payment_as_the_vendor_reads_it() {
        assert_eq!(
            named_payment("/payments/{}", "/payments/a+b%2Bc").as_deref(),
            Some("a+b+c")
        );
        assert_eq!(
            named_payment("/payments/{}/status", "/payments/7/status").as_deref(),
            Some("7")
        );
        assert_eq!(
            named_payment("/customers/{}/payments/", "/customers/7/payments/"),
            None
        );
    }

    #[test]
    fn only_the_methods_a_vendor_can_use_are_forwarded() {
        assert_eq!(forwarded_method(&HttpMethod::PATCH), Some(Method::Patch));
        assert_eq!(forwarded_method(&HttpMethod::OPTIONS), None);
        assert_eq!(forwarded_method(&HttpMethod::TRACE), None);
    }
}
