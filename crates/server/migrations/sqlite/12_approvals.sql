-- Four eyes: the writes a rule held for approval, each with exactly what
-- would be sent (`writes`, JSON), and the people's decisions, one per
-- person and request (the key refuses a second). A request moves from
-- waiting to approved in one conditional UPDATE, so it is carried out
-- once across every server sharing the store.
CREATE TABLE approval_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL,
    roles TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL,
    expires INTEGER NOT NULL, expires_at TEXT NOT NULL,
    state TEXT NOT NULL, needed INTEGER NOT NULL, approved INTEGER NOT NULL DEFAULT 0,
    writes TEXT NOT NULL, outcomes TEXT, payment_id TEXT, size INTEGER NOT NULL
);
CREATE INDEX approvals_by_state ON approval_requests (state, id);
CREATE TABLE approval_decisions (
    request INTEGER NOT NULL, person TEXT NOT NULL, approves INTEGER NOT NULL,
    at TEXT NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (request, person)
);
