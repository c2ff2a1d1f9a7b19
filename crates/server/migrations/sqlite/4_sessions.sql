-- sessions, by their token's SHA-256, so that a restart keeps them and servers sharing the store share them.
CREATE TABLE sessions (
    key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
    csrf TEXT NOT NULL, expires INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires);
