//! The audit log: one row per write attempt through the gateway (who,
//! when, which connection, method and vendor path, what kind of change,
//! the fields it sent, never a credential, and for an edit the values
//! those fields had before), and one row per answer (the vendor's status,
//! or that none came), appended and never changed. A forwarded write's
//! attempt is written before the request leaves, and its answer when the
//! vendor answers, whether or not the person's browser still waits; a
//! refusal by the gateway is an attempt with its reason. The rows form a
//! hash chain ([`chain`]); [`query`] lists, counts and exports them.

pub mod chain;
pub mod query;

use crate::gateway::store::Store;
use payments_model::activity::{stored_reason, ChangeKind, Context, Method, Outcome};
use payments_model::export::cell;
use payments_model::Message;

pub use query::{Cursor, Filter, Page};
use serde_json::{Map, Value};

/// A time as the log writes it: RFC 3339 in UTC to the second (so the
/// text orders as the times do, and `at >= …` compares them).
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Now, as the log writes it.
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

/// The fields of a request or a payment, flattened: `payment.amount` for
/// `{"payment": {"amount": …}}`, each value as its text.
pub type Fields = Vec<(String, String)>;

/// One write attempt with its answer, as listed and exported.
pub type Entry = payments_model::activity::ActivityRow;

/// What to write before forwarding (or instead, for a refusal).
#[derive(Clone, Debug, Default)]
pub struct Attempt {
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: Method,
    pub path: String,
    pub kind: ChangeKind,
    pub payment_id: Option<String>,
    pub sent: Fields,
    pub before: Fields,
    /// What it met beyond what it sent: a stale read, overwritten or
    /// caught.
    pub context: Context,
}

pub(crate) fn fields_json(f: &Fields) -> String {
    Value::Array(
        f.iter()
            .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), Value::String(v.clone())]))
            .collect(),
    )
    .to_string()
}

pub(crate) fn fields_from(text: Option<String>) -> Fields {
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

impl Attempt {
    fn stored(&self, outcome: Outcome) -> chain::Stored {
        chain::Stored {
            at: self.at.clone(),
            person: self.person.clone(),
            connection: self.connection.clone(),
            method: self.method.as_str().to_string(),
            path: self.path.clone(),
            kind: self.kind.as_str().to_string(),
            outcome: outcome.as_str().to_string(),
            payment_id: self.payment_id.clone(),
            sent: Some(fields_json(&self.sent)),
            before: (!self.before.is_empty()).then(|| fields_json(&self.before)),
            context: self.context.stored(),
            ..chain::Stored::default()
        }
    }
}

/// Opens the store `at` names for the log: a file of an earlier version
/// whose rows predate the chain has them linked, once.
pub async fn open_store(at: &crate::gateway::store::Location) -> Result<Store, String> {
    let store = Store::open(at).await?;
    if store.holds_unchained_rows() {
        chain::seal_unlinked(&store)
            .await
            .map_err(|e| format!("cannot link the audit log's earlier rows: {e}"))?;
    }
    Ok(store)
}

/// Appends an attempt about to be forwarded (`pending`); its row number.
pub async fn begin(db: &Store, a: &Attempt) -> sqlx::Result<i64> {
    chain::append(db, &a.stored(Outcome::Pending)).await
}

/// Appends an attempt the gateway refused, with why: a write made from a
/// stale read ([`Attempt::context`] says what changed) as a conflict,
/// any other as refused.
pub async fn refused(db: &Store, a: &Attempt, reason: &Message) -> sqlx::Result<i64> {
    let caught = !a.context.changed_since_read.is_empty() || a.context.gone;
    let mut row = a.stored(if caught && !a.context.overwrote {
        Outcome::Conflict
    } else {
        Outcome::Refused
    });
    row.reason = Some(stored_reason(reason));
    chain::append(db, &row).await
}

/// Appends a row of the approval of a held write: `outcome` is
/// requested (the requester's), approved or rejected (the decider's,
/// with their words) or expired.
pub async fn noted(
    db: &Store,
    a: &Attempt,
    outcome: Outcome,
    reason: Option<&Message>,
) -> sqlx::Result<i64> {
    let mut row = a.stored(outcome);
    row.reason = reason.map(stored_reason);
    chain::append(db, &row).await
}

/// What the vendor did with a forwarded attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The vendor's status, or 502 when none came.
    pub status: u16,
    /// Whether the vendor answered at all.
    pub answered: bool,
    /// What the vendor said when it did not succeed, or why no answer came.
    pub reason: Option<Message>,
    /// The payments its answer named (a create's new id).
    pub payment_id: Option<String>,
}

/// Appends the answer to attempt `seq` (which `a` was).
pub async fn answered(db: &Store, seq: i64, a: &Attempt, answer: &Answer) -> sqlx::Result<i64> {
    let row = chain::Stored {
        at: now_text(),
        person: a.person.clone(),
        connection: a.connection.clone(),
        method: a.method.as_str().to_string(),
        path: a.path.clone(),
        kind: a.kind.as_str().to_string(),
        outcome: if answer.answered {
            Outcome::Answered
        } else {
            Outcome::NoAnswer
        }
        .as_str()
        .to_string(),
        status: Some(answer.status),
        payment_id: answer.payment_id.clone(),
        reason: answer.reason.as_ref().map(stored_reason),
        answer_to: Some(seq),
        ..chain::Stored::default()
    };
    chain::append(db, &row).await
}

/// `name value, name value`.
fn fields_text(f: &Fields) -> String {
    f.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What changed since the attempt's read, `amount 100.00 -> 111.11`,
/// with how it ended: `(overwritten)` or `(deleted since)`.
fn context_text(c: &Context) -> String {
    let mut text = c
        .changed_since_read
        .iter()
        .map(|ch| {
            let then = ch.then.as_deref().unwrap_or("");
            let now = ch.now.as_deref().unwrap_or("");
            format!("{} {then} -> {now}", ch.field)
        })
        .collect::<Vec<_>>()
        .join(", ");
    for (on, note) in [(c.gone, "(deleted since)"), (c.overwrote, "(overwritten)")] {
        if on {
            text.push_str(if text.is_empty() { "" } else { " " });
            text.push_str(note);
        }
    }
    text
}

/// The CSV export's header line.
pub const CSV_HEADER: &str =
    "seq,at,person,connection,kind,method,path,outcome,status,payment_id,reason,sent,before,changed_since_read\r\n";

/// One attempt as a CSV line (RFC 4180). A cell that a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@` first) is written with a leading
/// `'`; values are exactly as recorded.
pub fn csv_line(e: &Entry) -> String {
    let cells = [
        e.seq.to_string(),
        e.at.clone(),
        e.person.clone(),
        e.connection.clone(),
        e.kind.as_str().to_string(),
        e.method.as_str().to_string(),
        e.path.clone(),
        e.outcome.as_str().to_string(),
        e.status.map(|s| s.to_string()).unwrap_or_default(),
        e.payment_id.clone().unwrap_or_default(),
        e.reason
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        fields_text(&e.sent),
        fields_text(&e.before),
        e.context.as_ref().map(context_text).unwrap_or_default(),
    ];
    let mut line = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// The export's file name: what it holds, its filters, and the day.
pub fn file_name(filter: &Filter, day: &str) -> String {
    let kind = filter.kind.as_ref().map(|k| k.as_str().to_string());
    let filters: Vec<(String, String)> = [
        ("person", &filter.person),
        ("connection", &filter.connection),
        ("kind", &kind),
        ("payment", &filter.payment),
        ("from", &filter.from),
        ("to", &filter.to),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_string(), v.clone()?)))
    .collect();
    payments_model::export::file_name("payments-activity", &filters, day)
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
    use payments_model::activity::KindFilter;

    fn attempt(person: &str, connection: &str, path: &str) -> Attempt {
        Attempt {
            at: "2026-11-22T10:00:00Z".into(),
            person: person.into(),
            connection: connection.into(),
            method: Method::Post,
            path: path.into(),
            kind: ChangeKind::Create,
            payment_id: None,
            sent: vec![("amount".into(), "98.76".into())],
            before: Vec::new(),
            context: Context::default(),
        }
    }

    async fn db() -> Store {
        Store::in_memory().await.unwrap()
    }

    fn answer(status: u16, payment_id: Option<&str>) -> Answer {
        Answer {
            status,
            answered: status != 502,
            reason: (status == 502).then(|| Message::said("did not answer")),
            payment_id: payment_id.map(str::to_string),
        }
    }

    #[tokio::test]
    async fn attempts_and_answers_are_listed_together_newest_first_and_filtered() {
        let db = db().await;
        let ada = attempt("ada", "rr", "/payments");
        let a = begin(&db, &ada).await.unwrap();
        refused(
            &db,
            &attempt("grace", "rr", "/payments/1"),
            &Message::said("viewer"),
        )
        .await
        .unwrap();
        let late = attempt("ada", "bp", "/payments/2");
        let c = begin(&db, &late).await.unwrap();
        answered(&db, a, &ada, &answer(201, Some("7")))
            .await
            .unwrap();
        answered(&db, c, &late, &answer(502, None)).await.unwrap();
        let all = query::page(&db, &Filter::default(), Cursor::Newest, 10)
            .await
            .unwrap();
        assert_eq!(all.total, 3);
        assert_eq!(
            all.rows
                .iter()
                .map(|e| (e.path.as_str(), e.outcome.clone(), e.status))
                .collect::<Vec<_>>(),
            [
                ("/payments/2", Outcome::NoAnswer, Some(502)),
                ("/payments/1", Outcome::Refused, None),
                ("/payments", Outcome::Answered, Some(201)),
            ]
        );
        assert_eq!(all.rows[2].payment_id.as_deref(), Some("7"));
        assert_eq!(
            all.rows[2].sent,
            vec![("amount".to_string(), "98.76".to_string())]
        );
        let count = |f: Filter| {
            let db = db.clone();
            async move { query::count(&db, &f).await.unwrap() }
        };
        assert_eq!(
            count(Filter {
                person: Some("ada".into()),
                ..Filter::default()
            })
            .await,
            2
        );
        assert_eq!(
            count(Filter {
                payment: Some("7".into()),
                ..Filter::default()
            })
            .await,
            1
        );
        assert_eq!(
            count(Filter {
                kind: Some(KindFilter::Refused),
                ..Filter::default()
            })
            .await,
            1
        );
        assert_eq!(
            count(Filter {
                from: Some("2026-11-22".into()),
                to: Some("2026-11-22".into()),
                ..Filter::default()
            })
            .await,
            3
        );
        assert_eq!(
            count(Filter {
                from: Some("2026-11-23".into()),
                ..Filter::default()
            })
            .await,
            0
        );
        // A day of another zone, as the console sends it: instants, both
        // bounds included, to the second.
        let between = |from: &str, to: &str| Filter {
            from: Some(from.into()),
            to: Some(to.into()),
            ..Filter::default()
        };
        assert_eq!(
            count(between("2026-11-22T10:00:00Z", "2026-11-22T10:00:00Z")).await,
            3
        );
        assert_eq!(
            count(between("2026-11-22T10:00:01Z", "2026-11-23T09:59:59Z")).await,
            0
        );
        assert_eq!(
            count(between("2026-11-21T10:00:00Z", "2026-11-22T09:59:59Z")).await,
            0
        );
        for odd in [
            "2026-11-22T10:00",
            "2026-11-22T10:00:00+01:00",
            "22/11/2026",
            "2026-11-22T10:00:00.5Z",
        ] {
            assert!(between(odd, odd).check().is_err(), "{odd}");
        }
        assert!(matches!(
            chain::verify(&db).await.unwrap(),
            chain::Verdict::Intact { rows: 5, .. }
        ));
    }

    #[tokio::test]
    async fn pages_follow_their_cursor_both_ways() {
        let db = db().await;
        for i in 0..7 {
            refused(
                &db,
                &attempt("ada", "rr", &format!("/payments/{i}")),
                &Message::said("x"),
            )
            .await
            .unwrap();
        }
        let first = query::page(&db, &Filter::default(), Cursor::Newest, 3)
            .await
            .unwrap();
        assert_eq!(
            first.rows.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [7, 6, 5]
        );
        assert_eq!((first.older, first.newer), (Some(5), None));
        let second = query::page(&db, &Filter::default(), Cursor::Before(5), 3)
            .await
            .unwrap();
        assert_eq!(
            second.rows.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [4, 3, 2]
        );
        let back = query::page(&db, &Filter::default(), Cursor::After(4), 3)
            .await
            .unwrap();
        assert_eq!(
            back.rows.iter().map(|e| e.seq).collect::<Vec<_>>(),
            [7, 6, 5]
        );
        let last = query::page(&db, &Filter::default(), Cursor::Before(2), 3)
            .await
            .unwrap();
        assert_eq!(
            (last.rows.len(), last.older, last.newer),
            (1, None, Some(1))
        );
    }

    #[tokio::test]
    async fn csv_quotes_and_defuses_formulas() {
        let db = db().await;
        let mut a = attempt("=HYPERLINK(\"x\")", "rr", "/payments?a=1,2");
        a.sent = vec![("amount".into(), "-12.50".into())];
        refused(&db, &a, &Message::said("role")).await.unwrap();
        let rows = query::page(&db, &Filter::default(), Cursor::Newest, 10)
            .await
            .unwrap()
            .rows;
        let line = csv_line(&rows[0]);
        assert_eq!(
            line,
            "1,2026-11-22T10:00:00Z,\"'=HYPERLINK(\"\"x\"\")\",rr,create,POST,\"/payments?a=1,2\",refused,,,role,amount -12.50,,\r\n"
        );
        assert!(CSV_HEADER.starts_with("seq,at,person"));
        let f = Filter {
            person: Some("ada".into()),
            kind: Some(KindFilter::Kind(ChangeKind::StatusChange)),
            ..Filter::default()
        };
        assert_eq!(
            file_name(&f, "2026-12-02"),
            "payments-activity-person-ada-kind-status-change-2026-12-02.csv"
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
