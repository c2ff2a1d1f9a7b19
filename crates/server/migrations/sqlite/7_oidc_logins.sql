-- single sign-on in progress: by the SHA-256 of its `state`, the
-- browser it started in (the SHA-256 of a cookie), its nonce and PKCE
-- verifier, until it expires; taken once by the callback, on whichever
-- server it lands.
CREATE TABLE oidc_logins (
    key TEXT PRIMARY KEY, browser TEXT NOT NULL, nonce TEXT NOT NULL,
    verifier TEXT NOT NULL, expires INTEGER NOT NULL
);
CREATE INDEX oidc_logins_by_expiry ON oidc_logins (expires);
