-- The latest state of each mapped Karbon contact as Karbon's change feed carried it: a Preview Sync compares it with
-- the mapping's base to say which fields a Sync Now would find changed on both sides (it reads no Karbon record).
CREATE TABLE karbon_seen (
    firm_id    VARCHAR(100) NOT NULL,
    karbon_key VARCHAR(64)  NOT NULL,
    snapshot   TEXT         NOT NULL,
    changed_at TIMESTAMPTZ,
    PRIMARY KEY (firm_id, karbon_key)
);
