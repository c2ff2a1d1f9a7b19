//! The audit log: one row per write through the gateway (who, when,
//! which connection, method, vendor path, the vendor's status and the
//! payment), appended to SQLite and never changed; listed newest first
//! with filters by person and connection, and exported as CSV.

use payments_model::export::cell;
use rusqlite::{params, Connection as Sqlite};
use serde::Serialize;

/// The table.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, person TEXT NOT NULL, connection TEXT NOT NULL,
    method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, payment_id TEXT
);
";

/// One write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// When, RFC 3339 in UTC.
    pub at: String,
    pub person: String,
    pub connection: String,
    pub method: String,
    /// The vendor path below the connection's base URL, with its query.
    pub path: String,
    /// The vendor's status, or 502 when it did not answer.
    pub status: u16,
    /// The payment written, where the path or the answer names it.
    pub payment_id: Option<String>,
}

/// Which rows to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub person: Option<String>,
    pub connection: Option<String>,
}

/// Appends a row.
pub fn record(db: &Sqlite, e: &Entry) -> rusqlite::Result<()> {
    db.execute(
        "INSERT INTO audit_log (at, person, connection, method, path, status, payment_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            e.at,
            e.person,
            e.connection,
            e.method,
            e.path,
            e.status,
            e.payment_id
        ],
    )
    .map(|_| ())
}

/// The rows that pass `filter`, newest first, at most `limit`.
pub fn list(db: &Sqlite, filter: &Filter, limit: u32) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = db.prepare(
        "SELECT at, person, connection, method, path, status, payment_id FROM audit_log
         WHERE (?1 IS NULL OR person = ?1) AND (?2 IS NULL OR connection = ?2)
         ORDER BY seq DESC LIMIT ?3",
    )?;
    let rows = stmt.query_map(params![filter.person, filter.connection, limit], |r| {
        Ok(Entry {
            at: r.get(0)?,
            person: r.get(1)?,
            connection: r.get(2)?,
            method: r.get(3)?,
            path: r.get(4)?,
            status: r.get(5)?,
            payment_id: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// The rows as CSV (RFC 4180), with a header line. A cell that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// written with a leading `'`.
pub fn csv(entries: &[Entry]) -> String {
    let mut out = String::from("at,person,connection,method,path,status,payment_id\r\n");
    for e in entries {
        let cells = [
            e.at.clone(),
            e.person.clone(),
            e.connection.clone(),
            e.method.clone(),
            e.path.clone(),
            e.status.to_string(),
            e.payment_id.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(person: &str, connection: &str, path: &str) -> Entry {
        Entry {
            at: "2026-11-22T10:00:00Z".into(),
            person: person.into(),
            connection: connection.into(),
            method: "POST".into(),
            path: path.into(),
            status: 201,
            payment_id: Some("7".into()),
        }
    }

    #[test]
    fn rows_are_listed_newest_first_and_filtered() {
        let db = Sqlite::open_in_memory().unwrap();
        db.execute_batch(SCHEMA).unwrap();
        record(&db, &entry("ada", "rr", "/payments")).unwrap();
        record(&db, &entry("grace", "rr", "/payments/1")).unwrap();
        record(&db, &entry("ada", "bp", "/payments/2")).unwrap();
        let all = list(&db, &Filter::default(), 10).unwrap();
        assert_eq!(
            all.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
            ["/payments/2", "/payments/1", "/payments"]
        );
        let ada = list(
            &db,
            &Filter {
                person: Some("ada".into()),
                connection: None,
            },
            10,
        )
        .unwrap();
        assert_eq!(ada.len(), 2);
        let ada_rr = list(
            &db,
            &Filter {
                person: Some("ada".into()),
                connection: Some("rr".into()),
            },
            10,
        )
        .unwrap();
        assert_eq!(ada_rr, [entry("ada", "rr", "/payments")]);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let text = csv(&[entry("=HYPERLINK(\"x\")", "rr", "/payments?a=1,2")]);
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "2026-11-22T10:00:00Z,\"'=HYPERLINK(\"\"x\"\")\",rr,POST,\"/payments?a=1,2\",201,7"
        );
    }
}
