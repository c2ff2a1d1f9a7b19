//! 2cloud's writes: create, update, status change and delete, with the
//! access rules of the document (users write their own uncharged
//! payments; administrators anything, and only they change statuses).

use super::*;

/// The inner object of a `{"payment": {…}}` body.
fn unwrap_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Map<String, Value>, Envelope> {
    let outer = body::object(headers, bytes)
        .map_err(|m| fail(StatusCode::BAD_REQUEST, m, 5, "body", None))?;
    match outer.get("payment") {
        Some(Value::Object(inner)) => Ok(inner.clone()),
        _ => Err(fail(
            StatusCode::BAD_REQUEST,
            "The body must be {\"payment\": {…}}.",
            5,
            "payment",
            Some("payment"),
        )),
    }
}

/// Validation errors as envelope errors: absent fields are code 3, bad
/// values code 9, each with its `payment.` path.
fn invalid(values: &Map<String, Value>, errs: payments_model::validate::FieldErrors) -> Envelope {
    let errors = errs
        .0
        .iter()
        .map(|e| {
            let absent = values.get(&e.field).is_none_or(|v| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()));
            json!({"code": if absent { 3 } else { 9 }, "item": e.field, "field": format!("payment.{}", e.field)})
        })
        .collect();
    let message = errs
        .0
        .first()
        .map_or_else(String::new, |e| e.message.to_string());
    Envelope {
        status: StatusCode::BAD_REQUEST,
        message,
        payments: vec![],
        errors,
    }
}

fn find(db: &Sqlite, id: i64) -> Result<Row2cloud, Envelope> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM tc_payments WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| {
        fail(
            StatusCode::NOT_FOUND,
            format!("There is no payment {id}."),
            4,
            "payment",
            None,
        )
    })
}

fn forbidden(message: &str, code: u8) -> Envelope {
    fail(StatusCode::FORBIDDEN, message, code, "payment", None)
}

/// Checks that ids a write names exist and belong together.
fn check_links(
    db: &Sqlite,
    body: &Map<String, Value>,
    user: i64,
    funding: Option<i64>,
) -> Result<(), Envelope> {
    if let Some(c) = body.get("campaign").and_then(Value::as_u64) {
        let c = i64::try_from(c).unwrap_or(-1);
        exists(db, "tc_campaigns", "id", &c)?.ok_or_else(|| {
            fail(
                StatusCode::BAD_REQUEST,
                "There is no such campaign.",
                4,
                "campaign",
                Some("payment.campaign"),
            )
        })?;
    }
    if let Some(f) = funding {
        let owner: Option<i64> = db
            .query_row(
                "SELECT user_id FROM tc_funding_sources WHERE id = ?1",
                params![f],
                |r| r.get(0),
            )
            .optional()?;
        match owner {
            None => {
                return Err(fail(
                    StatusCode::BAD_REQUEST,
                    "There is no such funding source.",
                    4,
                    "funding_source_id",
                    Some("payment.funding_source_id"),
                ))
            }
            Some(o) if o != user => {
                return Err(fail(
                    StatusCode::BAD_REQUEST,
                    "The funding source belongs to another user.",
                    11,
                    "funding_source_id",
                    Some("payment.funding_source_id"),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn as_i64(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_u64)
        .and_then(|n| i64::try_from(n).ok())
}

/// An id the body names, as the database's integer; absent is `None`.
/// Every id here is below 2^63, so a larger one (legal for 2cloud's
/// unsigned ids) names nothing that exists and is refused as such
/// (code 4), never stored as some other number.
fn named_id(body: &Map<String, Value>, key: &str, words: &str) -> Result<Option<i64>, Envelope> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => as_i64(Some(v)).map(Some).ok_or_else(|| {
            fail(
                StatusCode::BAD_REQUEST,
                format!("There is no such {words}."),
                4,
                key,
                Some(&format!("payment.{key}")),
            )
        }),
    }
}

/// Refuses a `user_id` that names no user (code 4).
fn user_exists(db: &Sqlite, user: i64) -> Result<(), Envelope> {
    exists(db, "tc_users", "id", &user)?
        .map(|_| ())
        .ok_or_else(|| {
            fail(
                StatusCode::BAD_REQUEST,
                "There is no such user.",
                4,
                "user_id",
                Some("payment.user_id"),
            )
        })
}

/// The id of a new payment: two past the highest ever given (kept in
/// `meta`), so the id of a deleted payment is never given again.
fn next_id(db: &Sqlite) -> rusqlite::Result<i64> {
    let last: Option<i64> = db
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'twocloud:last_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let highest: i64 = db.query_row(
        "SELECT COALESCE(MAX(id), ?1) FROM tc_payments",
        params![FIRST_ID - 2],
        |r| r.get(0),
    )?;
    let id = last.unwrap_or(highest).max(highest).saturating_add(2);
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('twocloud:last_id', ?1)",
        params![id.to_string()],
    )?;
    Ok(id)
}

pub(super) async fn create(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Answer {
    state.db.write(move |db| insert(db, &headers, &bytes)).await
}

/// Adds a payment, in one transaction.
fn insert(db: &Sqlite, headers: &HeaderMap, bytes: &[u8]) -> Answer {
    let who = caller(db, headers)?;
    if who == Caller::Anonymous {
        return Err(fail(
            StatusCode::UNAUTHORIZED,
            "Creating a payment needs credentials.",
            1,
            "Authorization",
            None,
        ));
    }
    require_device(headers)?;
    let values = unwrap_body(headers, bytes)?;
    let spec = creation_fields();
    let body = validate_write(&values, spec).map_err(|e| invalid(&values, e))?;
    let user = named_id(&body, "user_id", "user")?.unwrap_or(-1);
    if !matches!(who, Caller::Admin(_)) && who.user_id() != Some(user) {
        return Err(forbidden(
            "Only administrators create payments for other users.",
            1,
        ));
    }
    user_exists(db, user)?;
    let funding = named_id(&body, "funding_source_id", "funding source")?;
    check_links(db, &body, user, funding)?;
    let id = next_id(db)?;
    db.execute(
        &format!("INSERT INTO tc_payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', '')"),
        params![
            id,
            body.get("remote_id").and_then(Value::as_str),
            as_i64(body.get("amount")),
            body.get("message").and_then(Value::as_str).unwrap_or(""),
            rfc3339(Utc::now()),
            ZERO_TIME,
            user,
            funding,
            body.get("anonymous").and_then(Value::as_bool).unwrap_or(false),
            as_i64(body.get("campaign")),
        ],
    )?;
    let created = find(db, id)?;
    Ok(Envelope {
        status: StatusCode::CREATED,
        ..ok("Payment created.", vec![created.full])
    })
}

fn creation_fields() -> &'static [payments_model::vendors::FieldSpec] {
    let caps: Capabilities = payments_model::vendors::twocloud::TwoCloud.capabilities();
    caps.create.unwrap_or(&[])
}

fn update_fields() -> &'static [payments_model::vendors::FieldSpec] {
    let caps: Capabilities = payments_model::vendors::twocloud::TwoCloud.capabilities();
    caps.update.unwrap_or(&[])
}

/// Owners may change their own uncharged payments; administrators any.
fn may_change(who: Caller, p: &Row2cloud) -> Result<(), Envelope> {
    match who {
        Caller::Admin(_) => Ok(()),
        Caller::Anonymous => Err(fail(
            StatusCode::UNAUTHORIZED,
            "This needs credentials.",
            1,
            "Authorization",
            None,
        )),
        Caller::User(u) if u != p.user_id => {
            Err(forbidden("This payment belongs to another user.", 11))
        }
        Caller::User(_) if p.status != "pending" => Err(forbidden(
            "The payment was charged: only administrators may change it.",
            1,
        )),
        Caller::User(_) => Ok(()),
    }
}

pub(super) async fn update(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Answer {
    state
        .db
        .write(move |db| apply(db, &headers, &id, &bytes))
        .await
}

/// Applies an update, in one transaction.
fn apply(db: &Sqlite, headers: &HeaderMap, id: &str, bytes: &[u8]) -> Answer {
    let who = caller(db, headers)?;
    let id = path_id(id, "payment")?;
    let p = find(db, id)?;
    may_change(who, &p)?;
    require_device(headers)?;
    let values = unwrap_body(headers, bytes)?;
    let body = validate_write(&values, update_fields()).map_err(|e| invalid(&values, e))?;
    let user = named_id(&body, "user_id", "user")?.unwrap_or(p.user_id);
    if !matches!(who, Caller::Admin(_)) && user != p.user_id {
        return Err(forbidden(
            "Only administrators move payments between users.",
            1,
        ));
    }
    if body.contains_key("user_id") {
        user_exists(db, user)?;
    }
    let funding = match named_id(&body, "funding_source_id", "funding source")? {
        Some(f) => Some(f),
        None => as_i64(p.full.get("funding_source_id")),
    };
    check_links(db, &body, user, funding)?;
    for (k, v) in &body {
        let value: Sql = match v {
            Value::Number(n) => match n.as_u64().and_then(|u| i64::try_from(u).ok()) {
                Some(i) => Sql::Integer(i),
                None => {
                    return Err(fail(
                        StatusCode::BAD_REQUEST,
                        format!("{k} is out of range."),
                        9,
                        k,
                        Some(&format!("payment.{k}")),
                    ))
                }
            },
            Value::Bool(b) => Sql::Integer(i64::from(*b)),
            Value::String(s) => Sql::Text(s.clone()),
            _ => continue,
        };
        // Keys were checked against the writable fields by validation.
        db.execute(
            &format!("UPDATE tc_payments SET {k} = ?1 WHERE id = ?2"),
            params![value, id],
        )?;
    }
    Ok(ok("Payment updated.", vec![find(db, id)?.full]))
}

pub(super) async fn change_status(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Answer {
    state
        .db
        .write(move |db| {
            let who = caller(db, &headers)?;
            if !matches!(who, Caller::Admin(_)) {
                return Err(forbidden(
                    "Only administrators change the status of a payment.",
                    1,
                ));
            }
            require_device(&headers)?;
            let id = path_id(&id, "payment")?;
            find(db, id)?;
            let values = unwrap_body(&headers, &bytes)?;
            let status = values.get("status").and_then(Value::as_str).unwrap_or("");
            if !STATUSES.contains(&status) {
                let code = if status.is_empty() { 3 } else { 9 };
                return Err(fail(
                    StatusCode::BAD_REQUEST,
                    format!("status must be one of: {}.", STATUSES.join(", ")),
                    code,
                    "status",
                    Some("payment.status"),
                ));
            }
            let completed = if status == "succeeded" || status == "error" {
                rfc3339(Utc::now())
            } else {
                ZERO_TIME.to_string()
            };
            db.execute(
                "UPDATE tc_payments SET status = ?1, completed = ?2 WHERE id = ?3",
                params![status, completed, id],
            )?;
            Ok(ok("Status changed.", vec![find(db, id)?.full]))
        })
        .await
}

pub(super) async fn remove(
    State(state): State<SandboxState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    state
        .db
        .write(move |db| {
            let who = caller(db, &headers)?;
            let id = path_id(&id, "payment")?;
            let p = find(db, id)?;
            may_change(who, &p)?;
            require_device(&headers)?;
            db.execute("DELETE FROM tc_payments WHERE id = ?1", params![id])?;
            Ok(ok("Payment deleted.", vec![p.full]))
        })
        .await
}
