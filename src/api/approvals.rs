//! Four eyes on the gateway ([`payments_model::approval`] is the
//! contract): the approval requests listed and read, an approval or a
//! rejection sent, and a bulk run announced before its writes (held
//! whole, or cleared to send). Deciding and announcing are writes: the
//! transport adds the session's CSRF token.

use payments_model::approval::{
    ApprovalList, ApprovalRequest, ApprovalState, Decide, Held, Run, APPROVALS_PATH, RUNS_PATH,
};
use payments_model::http::{encode_query, HttpResponse};
use payments_model::keys as k;
use payments_model::{ApiError, HttpRequest, Method};

use super::gateway::{get, message as refused};

/// A successful answer's JSON, or why there is none.
fn answered(resp: &HttpResponse) -> Result<&str, ApiError> {
    if resp.is_success() {
        Ok(&resp.body)
    } else {
        Err(refused(resp))
    }
}

fn unreadable(e: serde_json::Error) -> ApiError {
    ApiError::decode(k::word::WHAT_APPROVALS, e)
}

fn request(resp: &HttpResponse) -> Result<ApprovalRequest, ApiError> {
    serde_json::from_str(answered(resp)?).map_err(unreadable)
}

/// The requests the person sees: in `state` (any for `None`), only those
/// waiting for their decision when `awaiting_me`.
pub async fn list(
    state: Option<ApprovalState>,
    awaiting_me: bool,
) -> Result<ApprovalList, ApiError> {
    let mut pairs = Vec::new();
    if let Some(s) = state {
        pairs.push(("state".to_string(), s.as_str().to_string()));
    }
    if awaiting_me {
        pairs.push(("awaiting".to_string(), "1".to_string()));
    }
    let path = if pairs.is_empty() {
        APPROVALS_PATH.to_string()
    } else {
        format!("{APPROVALS_PATH}?{}", encode_query(&pairs))
    };
    serde_json::from_str(answered(&get(&path).await?)?).map_err(unreadable)
}

/// How many requests wait for the person's decision (the header's
/// count), read without the list's types: the header is on the first
/// screen.
pub async fn awaiting() -> Result<u64, ApiError> {
    let path = format!("{APPROVALS_PATH}?state=waiting&awaiting=1");
    let v: serde_json::Value =
        serde_json::from_str(answered(&get(&path).await?)?).map_err(unreadable)?;
    Ok(v["awaiting_me"].as_u64().unwrap_or(0))
}

/// Request `id`, each payment read again.
pub async fn one(id: i64) -> Result<ApprovalRequest, ApiError> {
    request(&get(&format!("{APPROVALS_PATH}/{id}")).await?)
}

/// Approves (or rejects) request `id`; the request after.
pub async fn decide(
    id: i64,
    approve: bool,
    decision: &Decide,
) -> Result<ApprovalRequest, ApiError> {
    let how = if approve { "approve" } else { "reject" };
    let mut req = HttpRequest::new(Method::Post, format!("{APPROVALS_PATH}/{id}/{how}"));
    req.headers
        .push(("Content-Type".into(), "application/json".into()));
    req.body = serde_json::to_string(decision).ok();
    let resp = super::send(req).await?;
    match payments_model::ApiError::from_refusal(&resp) {
        Some(e) => Err(e),
        None => request(&resp),
    }
}

/// Announces a bulk run: `Some` when a rule holds it whole (nothing is
/// to be sent), `None` when its writes may be sent.
pub async fn announce(run: &Run) -> Result<Option<Held>, ApiError> {
    let mut req = HttpRequest::new(Method::Post, RUNS_PATH);
    req.headers
        .push(("Content-Type".into(), "application/json".into()));
    req.body = serde_json::to_string(run).ok();
    let resp = super::send(req).await?;
    match payments_model::ApiError::from_refusal(&resp) {
        Some(e) => match Held::of(&e) {
            Some(held) => Ok(Some(held)),
            None => Err(e),
        },
        None if resp.is_success() => Ok(None),
        None => Err(refused(&resp)),
    }
}
