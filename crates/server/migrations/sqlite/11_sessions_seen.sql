-- Sessions a person can see and end: each has a public id (never the
-- token), how it signed in, when it started and was last used, the
-- browser and address it came from, and (single sign-on) the ID token
-- the provider's sign-out is given as a hint. Sessions from before this
-- step cannot say any of it: they end, and people sign in again once.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
ALTER TABLE sessions ADD COLUMN started INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN browser TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN grant_print TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN id_token TEXT;
CREATE INDEX sessions_by_name ON sessions (name);
CREATE UNIQUE INDEX sessions_by_id ON sessions (id);
-- A sign-on in progress is now a sealed cookie in the browser that
-- started it: the store holds nothing per start.
DROP TABLE oidc_logins;
-- Keys the servers sharing the store share: the one that seals sign-on
-- cookies is made by whichever server starts first.
CREATE TABLE gateway_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
