-- the chain's head always has its row, so an append can lock it first
-- (`UPDATE … RETURNING`) on either engine.
INSERT INTO audit_head (id, rows, hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
    ON CONFLICT (id) DO NOTHING;
