-- the last one-time-code step each account used, so that a code is
-- taken once across every server sharing the store.
CREATE TABLE totp_used (name TEXT PRIMARY KEY, step BIGINT NOT NULL);
