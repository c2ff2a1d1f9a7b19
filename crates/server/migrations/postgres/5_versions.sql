-- What a write met beyond what it sent (a stale read caught, or a
-- colleague's change overwritten on purpose), as JSON; hashed with its
-- row only when present, so earlier rows keep their hashes. And the
-- leases that serialize writes to one payment across every server
-- sharing the store: held from the read before a write until the
-- vendor's answer, never a database lock across a vendor call.
ALTER TABLE audit_log ADD COLUMN context TEXT;
CREATE TABLE payment_leases (
    connection TEXT NOT NULL,
    payment TEXT NOT NULL,
    holder TEXT NOT NULL,
    expires BIGINT NOT NULL,
    PRIMARY KEY (connection, payment)
);
