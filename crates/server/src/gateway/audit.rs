//! The audit log: one row per write attempt through the gateway: who,
//! when, which connection, method and vendor path, what kind of change,
//! the fields it sent (never a credential), for an edit the values those
//! fields had before, and how it ended: `pending` while the vendor has
//! it, `answered` with the vendor's status, `no answer` (502), or
//! `refused` by the gateway with the reason. A forwarded write's row is
//! written before the request leaves and completed when the answer comes,
//! whether or not the person's browser is still waiting. Listed newest
//! first with filters, and exported as CSV.

use payments_model::export::cell;
use rusqlite::{params, Connection as Sqlite};
use serde::Serialize;
use serde_json::{Map, Value};

/// The fields of a request or a payment, flattened: `payment.amount` for
/// `{"payment": {"amount": …}}`, each value as its text.
pub type Fields = Vec<(String, String)>;

/// One write attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Its place in the log.
    pub seq: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: String,
    /// The vendor path below the connection's base URL, with its query.
    pub path: String,
    /// `create`, `edit`, `status change` or `delete`.
    pub kind: String,
    /// `pending`, `answered`, `no answer` or `refused`.
    pub outcome: String,
    /// The vendor's status, once it answered (502 when it did not).
    pub status: Option<u16>,
    /// The payment written, where the path or the answer names it.
    pub payment_id: Option<String>,
    /// Why the gateway refused it, or what the vendor said when it did
    /// not succeed.
    pub reason: Option<String>,
    /// The fields it sent.
    pub sent: Fields,
    /// For an edit, the values the sent fields had before (empty when
    /// they could not be read).
    pub before: Fields,
}

/// What to write before forwarding (or instead, for a refusal).
#[derive(Clone, Debug, Default)]
pub struct Attempt {
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: String,
    pub path: String,
    pub kind: String,
    pub payment_id: Option<String>,
    pub sent: Fields,
    pub before: Fields,
}

/// Which rows to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub person: Option<String>,
    pub connection: Option<String>,
    pub payment: Option<String>,
}

fn fields_json(f: &Fields) -> String {
    Value::Array(
        f.iter()
            .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), Value::String(v.clone())]))
            .collect(),
    )
    .to_string()
}

fn fields_from(text: Option<String>) -> Fields {
    let Some(Value::Array(items)) = text.and_then(|t| serde_json::from_str(&t).ok()) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|i| match i {
            Value::Array(kv) if kv.len() == 2 => {
                Some((kv[0].as_str()?.to_string(), kv[1].as_str()?.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// Writes an attempt as `pending`; its row number.
pub fn begin(db: &Sqlite, a: &Attempt) -> rusqlite::Result<i64> {
    insert(db, a, "pending", None)
}

/// Writes an attempt the gateway refused, with why.
pub fn refused(db: &Sqlite, a: &Attempt, reason: &str) -> rusqlite::Result<i64> {
    insert(db, a, "refused", Some(reason))
}

fn insert(db: &Sqlite, a: &Attempt, outcome: &str, reason: Option<&str>) -> rusqlite::Result<i64> {
    db.execute(
        "INSERT INTO audit_log (at, person, connection, method, path, kind, outcome, reason, payment_id, sent, before)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            a.at,
            a.person,
            a.connection,
            a.method,
            a.path,
            a.kind,
            outcome,
            reason,
            a.payment_id,
            fields_json(&a.sent),
            (!a.before.is_empty()).then(|| fields_json(&a.before)),
        ],
    )?;
    Ok(db.last_insert_rowid())
}

/// Completes a pending row with the vendor's answer (`status` 502 and
/// outcome `no answer` when there was none).
pub fn complete(
    db: &Sqlite,
    seq: i64,
    status: u16,
    answered: bool,
    reason: Option<&str>,
    payment_id: Option<&str>,
) -> rusqlite::Result<()> {
    db.execute(
        "UPDATE audit_log SET status = ?2, outcome = ?3, reason = ?4,
             payment_id = COALESCE(payment_id, ?5)
         WHERE seq = ?1 AND outcome = 'pending'",
        params![
            seq,
            status,
            if answered { "answered" } else { "no answer" },
            reason,
            payment_id
        ],
    )
    .map(|_| ())
}

/// The rows that pass `filter`, newest first, at most `limit`.
pub fn list(db: &Sqlite, filter: &Filter, limit: u32) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = db.prepare(
        "SELECT seq, at, person, connection, method, path, kind, outcome, status, payment_id, reason, sent, before
         FROM audit_log
         WHERE (?1 IS NULL OR person = ?1) AND (?2 IS NULL OR connection = ?2)
           AND (?3 IS NULL OR payment_id = ?3 OR (',' || payment_id || ',') LIKE ('%,' || ?3 || ',%'))
         ORDER BY seq DESC LIMIT ?4",
    )?;
    let rows = stmt.query_map(
        params![filter.person, filter.connection, filter.payment, limit],
        |r| {
            Ok(Entry {
                seq: r.get(0)?,
                at: r.get(1)?,
                person: r.get(2)?,
                connection: r.get(3)?,
                method: r.get(4)?,
                path: r.get(5)?,
                kind: r.get(6)?,
                outcome: r.get(7)?,
                status: r.get(8)?,
                payment_id: r.get(9)?,
                reason: r.get(10)?,
                sent: fields_from(r.get(11)?),
                before: fields_from(r.get(12)?),
            })
        },
    )?;
    rows.collect()
}

/// `name value, name value`.
fn fields_text(f: &Fields) -> String {
    f.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows as CSV (RFC 4180), with a header line. A cell that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// written with a leading `'`.
pub fn csv(entries: &[Entry]) -> String {
    let mut out = String::from(
        "at,person,connection,kind,method,path,outcome,status,payment_id,reason,sent,before\r\n",
    );
    for e in entries {
        let cells = [
            e.at.clone(),
            e.person.clone(),
            e.connection.clone(),
            e.kind.clone(),
            e.method.clone(),
            e.path.clone(),
            e.outcome.clone(),
            e.status.map(|s| s.to_string()).unwrap_or_default(),
            e.payment_id.clone().unwrap_or_default(),
            e.reason.clone().unwrap_or_default(),
            fields_text(&e.sent),
            fields_text(&e.before),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Names that hold credentials, wherever they appear in a body: such a
/// field is kept as `[withheld]`.
const SECRET_WORDS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "api_key",
    "apikey",
    "api-key",
    "authorization",
    "credential",
    "private",
];

/// The fields of a request body (JSON, or form-encoded), flattened, with
/// any value that names or equals a credential withheld.
pub fn sent_fields(body: &[u8], secrets: &[&str]) -> Fields {
    if body.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(obj)) => flatten("", &obj, &mut out),
        Ok(other) => out.push(("(body)".into(), other.to_string())),
        Err(_) => match std::str::from_utf8(body) {
            Ok(text) if text.contains('=') => {
                out.extend(payments_model::http::parse_query(text));
            }
            _ => out.push(("(body)".into(), format!("{} bytes, not JSON", body.len()))),
        },
    }
    for (k, v) in &mut out {
        let key = k.to_ascii_lowercase();
        if SECRET_WORDS.iter().any(|w| key.contains(w))
            || secrets.iter().any(|s| !s.is_empty() && v.contains(s))
        {
            *v = "[withheld]".into();
        }
    }
    out.truncate(200);
    out
}

/// Flattens an object's fields into `out`, keys joined with dots.
pub fn flatten(prefix: &str, obj: &Map<String, Value>, out: &mut Fields) {
    for (k, v) in obj {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(inner) => flatten(&key, inner, out),
            Value::String(s) => out.push((key, s.chars().take(500).collect())),
            other => out.push((key, other.to_string().chars().take(500).collect())),
        }
    }
}

/// The values `payment` (its fields, flattened) had for the fields an
/// edit sent, matched by the longest common ending of their names
/// (`payment.amount` sent, `amount` held).
pub fn before_values(sent: &Fields, payment: &Fields) -> Fields {
    sent.iter()
        .filter_map(|(k, _)| {
            let parts: Vec<&str> = k.split('.').collect();
            (0..parts.len()).find_map(|i| {
                let tail = parts[i..].join(".");
                payment
                    .iter()
                    .find(|(pk, _)| *pk == tail || pk.ends_with(&format!(".{tail}")))
                    .map(|(_, v)| (k.clone(), v.clone()))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(person: &str, connection: &str, path: &str) -> Attempt {
        Attempt {
            at: "2026-11-22T10:00:00Z".into(),
            person: person.into(),
            connection: connection.into(),
            method: "POST".into(),
            path: path.into(),
            kind: "create".into(),
            payment_id: None,
            sent: vec![("amount".into(), "98.76".into())],
            before: Vec::new(),
        }
    }

    fn db() -> Sqlite {
        let db = Sqlite::open_in_memory().unwrap();
        for m in crate::gateway::store::MIGRATIONS {
            db.execute_batch(m).unwrap();
        }
        db
    }

    #[test]
    fn rows_are_begun_completed_listed_newest_first_and_filtered() {
        let db = db();
        let a = begin(&db, &attempt("ada", "rr", "/payments")).unwrap();
        refused(&db, &attempt("grace", "rr", "/payments/1"), "viewer").unwrap();
        let c = begin(&db, &attempt("ada", "bp", "/payments/2")).unwrap();
        complete(&db, a, 201, true, None, Some("7")).unwrap();
        complete(&db, c, 502, false, Some("did not answer"), None).unwrap();
        let all = list(&db, &Filter::default(), 10).unwrap();
        assert_eq!(
            all.iter()
                .map(|e| (e.path.as_str(), e.outcome.as_str(), e.status))
                .collect::<Vec<_>>(),
            [
                ("/payments/2", "no answer", Some(502)),
                ("/payments/1", "refused", None),
                ("/payments", "answered", Some(201)),
            ]
        );
        assert_eq!(all[2].payment_id.as_deref(), Some("7"));
        assert_eq!(
            all[2].sent,
            vec![("amount".to_string(), "98.76".to_string())]
        );
        let ada = Filter {
            person: Some("ada".into()),
            ..Filter::default()
        };
        assert_eq!(list(&db, &ada, 10).unwrap().len(), 2);
        let seven = Filter {
            payment: Some("7".into()),
            ..Filter::default()
        };
        assert_eq!(list(&db, &seven, 10).unwrap().len(), 1);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let db = db();
        let mut a = attempt("=HYPERLINK(\"x\")", "rr", "/payments?a=1,2");
        a.sent = vec![("amount".into(), "-12.50".into())];
        refused(&db, &a, "role").unwrap();
        let text = csv(&list(&db, &Filter::default(), 10).unwrap());
        let line = text.lines().nth(1).unwrap();
        assert!(
            line.starts_with("2026-11-22T10:00:00Z,\"'=HYPERLINK(\"\"x\"\")\",rr,create,POST,\"/payments?a=1,2\",refused,,,role,amount -12.50,"),
            "{line}"
        );
    }

    #[test]
    fn sent_fields_are_flattened_and_credentials_withheld() {
        let body = br#"{"payment": {"amount": 500, "campaign": 7}, "api_key": "k", "note": "has rr_demo_token inside"}"#;
        let f = sent_fields(body, &["rr_demo_token"]);
        assert_eq!(
            f,
            vec![
                ("payment.amount".to_string(), "500".to_string()),
                ("payment.campaign".into(), "7".into()),
                ("api_key".into(), "[withheld]".into()),
                ("note".into(), "[withheld]".into()),
            ]
        );
        let form = sent_fields(b"amount=98.76&status=pending", &[]);
        assert_eq!(form[0], ("amount".to_string(), "98.76".to_string()));
    }

    #[test]
    fn before_values_match_by_the_field_names_ending() {
        let sent = vec![("payment.amount".to_string(), "700".to_string())];
        let held = vec![
            ("id".to_string(), "3".to_string()),
            ("amount".to_string(), "500".to_string()),
        ];
        assert_eq!(
            before_values(&sent, &held),
            vec![("payment.amount".to_string(), "500".to_string())]
        );
    }
}
