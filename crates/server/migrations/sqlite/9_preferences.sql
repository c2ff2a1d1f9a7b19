-- what each person keeps of the console's settings (a list's columns,
-- saved views): one JSON value per person and key.
CREATE TABLE preferences (
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated INTEGER NOT NULL,
    PRIMARY KEY (name, key)
);
