-- append-only and chained. A write's answer is a row of its own (`answer_to` names the attempt); each row carries the hash of its content and of the row before; `audit_head` counts them.
ALTER TABLE audit_log ADD COLUMN answer_to INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE INDEX audit_answers ON audit_log (answer_to);
CREATE INDEX audit_by_person ON audit_log (person, seq);
CREATE INDEX audit_by_at ON audit_log (at);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), rows INTEGER NOT NULL, hash TEXT NOT NULL);
