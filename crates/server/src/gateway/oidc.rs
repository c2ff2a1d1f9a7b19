//! Single sign-on with the company's OpenID provider (`[oidc]`), by the
//! authorization code flow with PKCE, through the `openidconnect` crate:
//!
//! 1. `GET /gateway/oidc/start` makes a `state`, a `nonce` and a PKCE
//!    verifier, seals them (with their expiry, ten minutes on) into a
//!    cookie of this browser's ([`super::seal`], under a key the servers
//!    sharing the store share) and sends the browser to the provider.
//!    The store holds nothing per start, so no flood of starts, from any
//!    number of addresses, takes room a colleague's sign-on needs.
//! 2. `GET /gateway/oidc/callback` opens that cookie, on whichever
//!    server it lands, and clears it: no cookie (another browser, or a
//!    callback opened again), an expired one, or a `state` other than
//!    the sealed one is refused; the code is exchanged (with the
//!    verifier and the client secret) and the ID token's signature and
//!    claims (issuer, audience, expiry, nonce) are verified against the
//!    provider's published keys. The person's role comes from the
//!    `roles_claim` of that verified token; none refuses them, as does an
//!    e-mail domain not allowed. They are named by their e-mail address
//!    (else the provider's subject) in sessions and the audit log.
//!
//! A refusal sends the browser back to the sign-in page with a reason
//! code (`/?sign_in=no-role`), never with the provider's words. The
//! provider's metadata and keys are fetched when first needed and kept
//! for an hour, and fetched again (at most every few seconds) when a
//! token does not verify with them, so keys the provider rotates in are
//! picked up. One address (an IPv6 address's /64) may start at most
//! [`super::throttle::SIGN_ON_STARTS`] sign-ons in the throttle's window.
//!
//! Signing out of a session that single sign-on started also signs out
//! of the provider where it offers RP-initiated logout: the console is
//! sent to its `end_session_endpoint` with the session's ID token as
//! `id_token_hint` and `post_logout_redirect_uri` back to the console.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdToken};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, LogoutRequest, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadataWithLogout,
    RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

use super::accounts::Role;
use super::config::OidcConfig;
use super::seal::Seal;
use super::sessions::{Session, Start};
use super::Gateway;
use payments_model::session::SignInMethod;

type Metadata = ProviderMetadataWithLogout;

/// The cookie that ties a login to the browser that started it.
const COOKIE: &str = "pc_oidc";
/// How long a started login may take.
const LOGIN_LIFETIME: Duration = Duration::from_secs(600);
/// What a login cookie is sealed for.
const PURPOSE: &str = "sign-on login";
/// How long the provider's metadata and keys are kept.
const METADATA_LIFETIME: Duration = Duration::from_secs(3600);
/// How soon they may be fetched again when a token does not verify with
/// the keys kept (the provider rotated them).
const METADATA_REFRESH: Duration = Duration::from_secs(5);

/// The provider, as the gateway talks to it.
pub struct Sso {
    pub config: OidcConfig,
    http: reqwest::Client,
    metadata: tokio::sync::Mutex<Option<(Instant, Metadata)>>,
    /// The key login cookies are sealed with, read from the store once.
    seal: tokio::sync::OnceCell<Seal>,
}

/// Why a sign-on did not sign anyone in; its code goes to the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The provider's answer could not be trusted or used.
    Failed,
    /// The person's claims give no role.
    NoRole,
    /// Their e-mail domain is not allowed.
    Domain,
    /// The provider or the store did not answer.
    Unavailable,
    /// Too many sign-ons were started from this address.
    TooMany,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Failed => "failed",
            Refusal::NoRole => "no-role",
            Refusal::Domain => "domain",
            Refusal::Unavailable => "unavailable",
            Refusal::TooMany => "too-many",
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Sso {
    pub fn new(config: OidcConfig) -> Result<Sso, String> {
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send the
            // gateway elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot make the sign-on HTTP client: {e}"))?;
        Ok(Sso {
            config,
            http,
            metadata: tokio::sync::Mutex::new(None),
            seal: tokio::sync::OnceCell::new(),
        })
    }

    /// The sealing key, from the store.
    async fn seal(&self, store: &super::store::Store) -> Result<&Seal, String> {
        self.seal
            .get_or_try_init(|| Seal::load(store, "sign-on"))
            .await
    }

    /// The provider's metadata and keys, fetched at most hourly (or,
    /// `again`, when a token did not verify with the keys kept and they
    /// are older than [`METADATA_REFRESH`]).
    async fn metadata(&self, again: bool) -> Result<Metadata, String> {
        let mut kept = self.metadata.lock().await;
        if let Some((at, md)) = kept.as_ref() {
            let lifetime = if again {
                METADATA_REFRESH
            } else {
                METADATA_LIFETIME
            };
            if at.elapsed() < lifetime {
                return Ok(md.clone());
            }
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| e.to_string())?;
        let md = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| format!("the provider's metadata could not be read: {e}"))?;
        *kept = Some((Instant::now(), md.clone()));
        Ok(md)
    }

    fn redirect_url(origin: &str) -> Result<RedirectUrl, String> {
        RedirectUrl::new(format!("{origin}/gateway/oidc/callback")).map_err(|e| e.to_string())
    }

    /// The client for the provider `md` describes, answering at `origin`.
    fn client(&self, md: Metadata, origin: &str) -> Result<Client, Refusal> {
        Ok(CoreClient::from_provider_metadata(
            md,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(Sso::redirect_url(origin).map_err(|_| Refusal::Failed)?))
    }

    /// The ID token's e-mail (if any) and subject, once its signature and
    /// claims (issuer, audience, expiry, nonce) verify.
    fn verify(
        &self,
        client: &Client,
        token: &CoreIdToken,
        nonce: &Nonce,
    ) -> Result<(Option<String>, String), String> {
        let claims = token
            .claims(&client.id_token_verifier(), nonce)
            .map_err(|e| e.to_string())?;
        Ok((
            claims.email().map(|e| e.as_str().to_string()),
            claims.subject().as_str().to_string(),
        ))
    }
}

/// The client `CoreClient::from_provider_metadata` makes, with its
/// redirect URI set.
type Client = openidconnect::Client<
    openidconnect::EmptyAdditionalClaims,
    openidconnect::core::CoreAuthDisplay,
    openidconnect::core::CoreGenderClaim,
    openidconnect::core::CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJsonWebKey,
    openidconnect::core::CoreAuthPrompt,
    openidconnect::StandardErrorResponse<openidconnect::core::CoreErrorResponseType>,
    openidconnect::core::CoreTokenResponse,
    openidconnect::core::CoreTokenIntrospectionResponse,
    openidconnect::core::CoreRevocableToken,
    openidconnect::core::CoreRevocationErrorResponse,
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

/// Starts a sign-on: keeps its state, nonce and verifier and sends the
/// browser to the provider.
pub async fn begin(gw: &Gateway, sso: &Sso, headers: &HeaderMap) -> Result<Response, Refusal> {
    let origin = gw.own_origin(headers).ok_or(Refusal::Failed)?;
    let md = sso.metadata(false).await.map_err(|e| {
        tracing::warn!(error = %e, "single sign-on: the provider does not answer");
        Refusal::Unavailable
    })?;
    let client = sso.client(md, &origin)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new(sso.config.roles_claim.clone()))
        .set_pkce_challenge(challenge)
        .url();
    let login = Login {
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        expires: now() + i64::try_from(LOGIN_LIFETIME.as_secs()).unwrap_or(600),
    };
    let sealed = sso
        .seal(&gw.store)
        .await
        .and_then(|seal| login.seal(seal))
        .map_err(|e| {
            tracing::error!(error = %e, "single sign-on: a login could not be sealed");
            Refusal::Unavailable
        })?;
    let secure = if gw.secure() { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={sealed}; Path=/gateway/oidc; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        LOGIN_LIFETIME.as_secs()
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, url.to_string()),
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response())
}

/// A started login, sealed into the browser's cookie until the callback.
#[derive(Serialize, Deserialize)]
struct Login {
    state: String,
    nonce: String,
    verifier: String,
    /// When it may no longer be finished, in Unix seconds.
    expires: i64,
}

impl Login {
    fn seal(&self, seal: &Seal) -> Result<String, String> {
        let plain = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        seal.seal(PURPOSE, &plain)
    }

    /// The login the request's cookie holds, when it opens and is live.
    fn open(seal: &Seal, headers: &HeaderMap) -> Option<Login> {
        let plain = seal.open(PURPOSE, &cookie(headers)?)?;
        let login: Login = serde_json::from_slice(&plain).ok()?;
        (login.expires > now()).then_some(login)
    }
}

/// Whether two secrets are equal, in time that does not depend on where
/// they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// What the provider sends back to `/gateway/oidc/callback`.
#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
}

/// Who a callback signs in: their name, role and the ID token.
pub struct SignedOn {
    name: String,
    role: Role,
    id_token: String,
}

impl SignedOn {
    /// The session it starts, from the browser `headers` describe.
    pub fn start(self, headers: &HeaderMap, address: std::net::IpAddr) -> Start {
        Start {
            name: self.name,
            role: self.role,
            method: SignInMethod::SingleSignOn,
            user_agent: super::extract::user_agent(headers),
            address,
            id_token: Some(self.id_token),
        }
    }
}

/// The person and role a callback signs in, or why not.
pub async fn finish(
    gw: &Gateway,
    sso: &Sso,
    headers: &HeaderMap,
    q: Callback,
) -> Result<SignedOn, Refusal> {
    let refuse = |why: &str| {
        tracing::warn!(reason = why, "single sign-on refused");
        Refusal::Failed
    };
    let (Some(code), Some(state)) = (q.code, q.state) else {
        return Err(refuse(
            "the provider sent no code (the person cancelled, or it refused)",
        ));
    };
    let seal = sso
        .seal(&gw.store)
        .await
        .map_err(|_| Refusal::Unavailable)?;
    let login = Login::open(seal, headers).ok_or_else(|| {
        refuse("no live login cookie (another browser, a used or an expired login)")
    })?;
    if !same_secret(&state, &login.state) {
        return Err(refuse(
            "the state is not the one this browser's login started with",
        ));
    }
    let origin = gw.own_origin(headers).ok_or(Refusal::Failed)?;
    let md = sso
        .metadata(false)
        .await
        .map_err(|_| Refusal::Unavailable)?;
    let client = sso.client(md, &origin)?;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|_| refuse("the provider names no token endpoint"))?
        .set_pkce_verifier(PkceCodeVerifier::new(login.verifier))
        .request_async(&sso.http)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "single sign-on: the code was not exchanged");
            Refusal::Failed
        })?;
    let id_token = tokens.id_token().ok_or_else(|| refuse("no ID token"))?;
    let nonce = Nonce::new(login.nonce);
    let verified = match sso.verify(&client, id_token, &nonce) {
        Ok(v) => v,
        // Keys the provider rotated in since they were fetched: once more
        // with its keys of now.
        Err(_) => {
            let md = sso.metadata(true).await.map_err(|_| Refusal::Unavailable)?;
            sso.verify(&sso.client(md, &origin)?, id_token, &nonce)
                .map_err(|e| {
                    tracing::warn!(error = %e, "single sign-on: the ID token did not verify");
                    Refusal::Failed
                })?
        }
    };
    let (email, subject) = verified;
    // The token verified as a whole: its other claims are read from it.
    let all = verified_payload(&id_token.to_string()).ok_or_else(|| refuse("unreadable claims"))?;
    if !sso.config.allows(email.as_deref()) {
        return Err(Refusal::Domain);
    }
    let role = sso
        .config
        .role_for(all.get(&sso.config.roles_claim))
        .ok_or(Refusal::NoRole)?;
    let name = email.unwrap_or(subject);
    Ok(SignedOn {
        name: name.chars().take(200).collect(),
        role,
        id_token: id_token.to_string(),
    })
}

/// Where a browser signing out of `session` goes to sign out of the
/// provider too: its end-session address, when `session` was started by
/// single sign-on and the provider offers RP-initiated logout.
pub async fn provider_sign_out(
    gw: &Gateway,
    headers: &HeaderMap,
    session: &Session,
) -> Option<String> {
    let sso = gw.sso.as_ref()?;
    if session.method != SignInMethod::SingleSignOn {
        return None;
    }
    let md = sso.metadata(false).await.ok()?;
    let end = md.additional_metadata().end_session_endpoint.clone()?;
    let origin = gw.own_origin(headers)?;
    let back = PostLogoutRedirectUrl::new(format!("{origin}/")).ok()?;
    let mut request = LogoutRequest::from(end)
        .set_client_id(ClientId::new(sso.config.client_id.clone()))
        .set_post_logout_redirect_uri(back);
    if let Some(token) = session
        .id_token()
        .and_then(|t| t.parse::<CoreIdToken>().ok())
    {
        request = request.set_id_token_hint(&token);
    }
    Some(request.http_get_url().to_string())
}

/// The claims of a JWT whose signature was already verified.
fn verified_payload(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    use base64::Engine;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    super::extract::cookie(headers, COOKIE).map(str::to_string)
}

/// Back to the console: signed in (with the session's cookie), or to the
/// sign-in page with the refusal's code. The login cookie is cleared.
pub fn back_to_sign_in(gw: &Gateway, refusal: Refusal, session: Option<&str>) -> Response {
    let secure = if gw.secure() { "; Secure" } else { "" };
    let location = match session {
        Some(_) => "/".to_string(),
        None => format!("/?sign_in={}", refusal.code()),
    };
    let mut r = (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, location),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response();
    let clear = format!("{COOKIE}=; Path=/gateway/oidc; HttpOnly; SameSite=Lax; Max-Age=0{secure}");
    if let Ok(v) = clear.parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Some(token) = session {
        if let Ok(v) = gw.sessions.set_cookie(Some(token), gw.secure()).parse() {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_reach_the_page_as_codes_only() {
        let codes: Vec<_> = [
            Refusal::Failed,
            Refusal::NoRole,
            Refusal::Domain,
            Refusal::Unavailable,
            Refusal::TooMany,
        ]
        .iter()
        .map(|r| r.code())
        .collect();
        assert_eq!(
            codes,
            ["failed", "no-role", "domain", "unavailable", "too-many"]
        );
    }

    #[test]
    fn the_payload_of_a_token_is_read_as_json() {
        let jwt = "e30.eyJncm91cHMiOlsiYSJdfQ.c2ln";
        let claims = verified_payload(jwt).unwrap();
        assert_eq!(claims["groups"], serde_json::json!(["a"]));
        assert!(verified_payload("nonsense").is_none());
    }
}
