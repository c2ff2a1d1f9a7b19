-- every attempt, with what it sent: the row is written before the request is forwarded (status NULL) and completed afterwards.
CREATE TABLE audit_log_2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL, person TEXT NOT NULL, connection TEXT NOT NULL,
    method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER, payment_id TEXT,
    kind TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL DEFAULT 'answered',
    reason TEXT, sent TEXT, before TEXT
);
INSERT INTO audit_log_2 (seq, at, person, connection, method, path, status, payment_id)
    SELECT seq, at, person, connection, method, path, status, payment_id FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_2 RENAME TO audit_log;
CREATE INDEX audit_by_payment ON audit_log (connection, payment_id);
