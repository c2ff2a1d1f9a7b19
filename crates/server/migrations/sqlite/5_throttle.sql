-- failed sign-ins, by address and by address and name, so servers sharing the store count together.
CREATE TABLE throttle (key TEXT PRIMARY KEY, n INTEGER NOT NULL, last INTEGER NOT NULL);
CREATE INDEX throttle_by_last ON throttle (last);
