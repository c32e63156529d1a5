-- Each firm's own XPM business structures whose clients become a Person in Karbon (a JSON array; from its Contact
-- Sync Settings), beside the seed's Individual and Sole Trader.
CREATE TABLE firm_person_structures (
    firm_id     VARCHAR(100) PRIMARY KEY,
    structures  TEXT         NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
