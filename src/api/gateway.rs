//! The console's own server, when it runs the gateway: who is signed in,
//! signing in and out, the server's connections (no secret in them) and
//! the activity log. Vendor requests to the gateway are ordinary requests
//! whose base URL is `/gateway/<connection>`; the transport adds the
//! session's CSRF token to their writes.

use std::cell::RefCell;

use payments_model::keys as k;
use payments_model::{ApiError, Connection, ErrorKind, HttpRequest, HttpResponse, Method};
use serde_json::Value;

/// Where the gateway lives on the console's origin.
pub const PREFIX: &str = "/gateway/";

thread_local! {
    static CSRF: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The connections `GET /gateway/me` brought, until first asked for.
    static STARTING: RefCell<Option<Vec<Connection>>> = const { RefCell::new(None) };
}

/// The session's CSRF token, for the transport.
pub fn csrf() -> Option<String> {
    CSRF.with(|c| c.borrow().clone())
}

fn remember_csrf(token: Option<String>) {
    CSRF.with(|c| *c.borrow_mut() = token);
}

/// Whether a request URL goes to the console's own gateway.
pub fn is_gateway_url(url: &str) -> bool {
    if url.starts_with(PREFIX) {
        return true;
    }
    let origin = web_sys::window().and_then(|w| w.location().origin().ok());
    origin.is_some_and(|o| {
        url.strip_prefix(&o)
            .is_some_and(|rest| rest.starts_with(PREFIX))
    })
}

/// The signed-in person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub name: String,
    /// `viewer` (reads only) or `editor`.
    pub role: String,
    /// Whether they read everyone's activity (or their own only).
    pub reads_everyone: bool,
    /// Where the log of changes stood when the page asked: following
    /// from here misses nothing made since.
    pub changes_after: Option<i64>,
    /// Whether the company holds some changes for approval (four eyes).
    pub approvals: bool,
    csrf: String,
}

impl SignedIn {
    /// Reads the gateway's `{"name", "role", "csrf"}`.
    fn from_body(body: &str) -> Option<SignedIn> {
        let v: Value = serde_json::from_str(body).ok()?;
        Some(SignedIn {
            name: v["name"].as_str()?.to_string(),
            role: v["role"].as_str()?.to_string(),
            reads_everyone: v["activity"].as_str() != Some("own"),
            changes_after: v["changes_after"].as_i64(),
            approvals: v["approvals"].as_bool().unwrap_or(false),
            csrf: v["csrf"].as_str().unwrap_or_default().to_string(),
        })
    }

    /// Whether this person may change payments through the gateway.
    pub fn may_write(&self) -> bool {
        self.role == "editor"
    }
}

/// What the console's origin says about the gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Server {
    /// The gateway runs and this person is signed in.
    SignedIn(SignedIn),
    /// The gateway runs and nobody is signed in here.
    SignedOut,
    /// No gateway: connections are kept in the browser.
    BrowserOnly,
}

pub use payments_model::activity::{ActivityPage, ActivityRow as Activity};

/// Which rows of the activity log to ask for: the filters (empty for
/// any), and where the page starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub person: String,
    pub connection: String,
    /// `create`, `edit`, `status change`, `delete` or `refused`.
    pub kind: String,
    pub payment: String,
    /// The first and last day, `YYYY-MM-DD` (UTC).
    pub from: String,
    pub to: String,
    /// The page older than this row (`before`) or newer (`after`).
    pub before: String,
    pub after: String,
}

impl ActivityFilter {
    /// The names the address and the gateway use, with their values.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("person", &self.person),
            ("connection", &self.connection),
            ("kind", &self.kind),
            ("payment", &self.payment),
            ("from", &self.from),
            ("to", &self.to),
            ("before", &self.before),
            ("after", &self.after),
        ]
    }

    /// The filter an address's query holds.
    pub fn from_query(query: &[(String, String)]) -> ActivityFilter {
        let v = |k: &str| {
            query
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        ActivityFilter {
            person: v("person"),
            connection: v("connection"),
            kind: v("kind"),
            payment: v("payment"),
            from: v("from"),
            to: v("to"),
            before: v("before"),
            after: v("after"),
        }
    }
}

pub(super) fn message(resp: &HttpResponse) -> ApiError {
    payments_model::vendors::error_from_response(resp)
}

pub(super) async fn get(path: &str) -> Result<HttpResponse, ApiError> {
    let mut req = HttpRequest::new(Method::Get, path);
    req.headers
        .push(("Accept".into(), "application/json".into()));
    super::send(req).await
}

/// Asks the server who is signed in, if anyone (`GET /gateway/me`, which
/// the page preloads and which answers even when nobody is); the
/// connections it brings are kept for [`connections`]. No gateway (a
/// console served as files) is a browser-only console.
pub async fn server() -> Server {
    match get("/gateway/me").await {
        Ok(r) if r.is_success() => {
            let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
            if v["signed_in"] == Value::Bool(false) {
                return Server::SignedOut;
            }
            match SignedIn::from_body(&r.body) {
                Some(s) => {
                    remember_csrf(Some(s.csrf.clone()));
                    // Read as `connections` reads its answer (one decoder
                    // in the module, not two).
                    let text = v["connections"].to_string();
                    let brought = serde_json::from_str(&text).ok();
                    STARTING.with(|c| *c.borrow_mut() = brought);
                    Server::SignedIn(s)
                }
                None => Server::BrowserOnly,
            }
        }
        Ok(r) if r.status == 401 => Server::SignedOut,
        _ => Server::BrowserOnly,
    }
}

/// How people sign in to this server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInOptions {
    /// Whether a name and password sign in.
    pub local: bool,
    /// The single sign-on provider's name, and where its sign-in starts.
    pub sso: Option<(String, String)>,
}

impl SignInOptions {
    /// Reads the gateway's `{"local", "sso": {"name", "start"}}`; a
    /// server that says nothing offers a name and password.
    pub fn from_body(body: &str) -> SignInOptions {
        let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let sso = v["sso"]["name"]
            .as_str()
            .zip(v["sso"]["start"].as_str())
            // Only a path of this server: never a link elsewhere.
            .filter(|(_, start)| start.starts_with("/gateway/") && !start.starts_with("//"))
            .map(|(name, start)| (name.to_string(), start.to_string()));
        SignInOptions {
            local: v["local"].as_bool().unwrap_or(true),
            sso,
        }
    }
}

/// Asks the server how people sign in.
pub async fn sign_in_options() -> SignInOptions {
    match get("/gateway/sign-in").await {
        Ok(r) if r.is_success() => SignInOptions::from_body(&r.body),
        _ => SignInOptions::from_body(""),
    }
}

/// The field an error names when the account needs its one-time code.
pub const CODE_FIELD: &str = "code";

/// Signs in (with the account's one-time code, where it has a second
/// factor); the server sets the session cookie. When the server asks for
/// a code, the error names the field [`CODE_FIELD`].
pub async fn sign_in(name: &str, password: &str, code: &str) -> Result<SignedIn, ApiError> {
    let mut req = HttpRequest::new(Method::Post, "/gateway/sign-in");
    req.headers
        .push(("Accept".into(), "application/json".into()));
    let mut body = serde_json::json!({ "name": name, "password": password });
    if !code.trim().is_empty() {
        body["code"] = Value::String(code.trim().to_string());
    }
    req.body = Some(body.to_string());
    let resp = super::send(req).await?;
    if !resp.is_success() {
        let mut e = message(&resp);
        if resp.status == 401 {
            e.kind = ErrorKind::Invalid;
            let asks_code = serde_json::from_str::<Value>(&resp.body)
                .is_ok_and(|v| v["needs_code"] == Value::Bool(true));
            if asks_code {
                e.fields.push(payments_model::error::FieldError {
                    field: CODE_FIELD.into(),
                    message: e.message.clone(),
                });
            }
        }
        return Err(e);
    }
    let s = SignedIn::from_body(&resp.body)
        .ok_or_else(|| ApiError::decode(k::word::WHAT_SESSION, "it names no person"))?;
    remember_csrf(Some(s.csrf.clone()));
    Ok(s)
}

/// Signs out; where the browser goes next to sign out of the single
/// sign-on provider too, when the session began there and the provider
/// offers it.
pub async fn sign_out() -> Result<Option<String>, ApiError> {
    let resp = super::send(HttpRequest::new(Method::Post, "/gateway/sign-out")).await?;
    remember_csrf(None);
    if !resp.is_success() {
        return Err(message(&resp));
    }
    let provider = serde_json::from_str::<Value>(&resp.body)
        .ok()
        .and_then(|v| v["provider_sign_out"].as_str().map(str::to_string))
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"));
    Ok(provider)
}

/// The server's connections, their secrets left on the server. Just
/// after a sign-in they are asked at another address than the page's
/// preload, which was answered while nobody was signed in.
pub async fn connections(after_sign_in: bool) -> Result<Vec<Connection>, ApiError> {
    if let Some(brought) = STARTING.with(|c| c.borrow_mut().take()) {
        if !after_sign_in {
            return Ok(brought);
        }
    }
    let path = if after_sign_in {
        "/gateway/connections?signed-in"
    } else {
        "/gateway/connections"
    };
    let resp = get(path).await?;
    if !resp.is_success() {
        return Err(message(&resp));
    }
    serde_json::from_str(&resp.body).map_err(|e| ApiError::decode(k::word::WHAT_CONNECTIONS, e))
}

/// The address of the activity log with these filters (`.csv` for the
/// export, which takes no page). Days are the console's time zone's: the
/// server is sent their first and last second.
pub fn activity_path(csv: bool, filter: &ActivityFilter) -> String {
    let zone = crate::zone::current();
    let query: Vec<(String, String)> = filter
        .pairs()
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && !(csv && (*k == "before" || *k == "after")))
        .map(|(k, v)| (k.to_string(), in_zone(k, v, &zone)))
        .collect();
    let file = if csv { "activity.csv" } else { "activity" };
    let q = payments_model::http::encode_query(&query);
    if q.is_empty() {
        format!("{PREFIX}{file}")
    } else {
        format!("{PREFIX}{file}?{q}")
    }
}

/// A `from`/`to` day as the instant that bounds it in `zone`; anything
/// else as it is.
fn in_zone(name: &str, value: &str, zone: &dyn payments_model::zone::Offsets) -> String {
    use payments_model::time::{parse_text, Moment};
    let Ok(Some(Moment::Day(day))) = parse_text(value) else {
        return value.to_string();
    };
    let (start, end) = payments_model::zone::day_span(day, zone);
    match name {
        "from" => Moment::At(start).exact(),
        "to" => Moment::At(end).exact(),
        _ => value.to_string(),
    }
}

/// A page of the write attempts recorded, newest first.
pub async fn activity(filter: &ActivityFilter) -> Result<ActivityPage, ApiError> {
    let resp = get(&activity_path(false, filter)).await?;
    if !resp.is_success() {
        return Err(message(&resp));
    }
    serde_json::from_str(&resp.body).map_err(|e| ApiError::decode(k::word::WHAT_ACTIVITY, e))
}
