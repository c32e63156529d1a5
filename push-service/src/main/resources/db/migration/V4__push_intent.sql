-- A create in XPM being made for a Karbon contact: committed before the call, so a retry after a crash looks for the
-- record it may have made (XPM takes no idempotency key) instead of making a second one.
CREATE TABLE push_intent (
    firm_id    VARCHAR(100) NOT NULL,
    karbon_key VARCHAR(64)  NOT NULL,
    started_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key)
);
