-- An XPM record is classified only against an index that reflects Karbon as of the moment the record was read from
-- XPM. fresh_as_of: the index holds every Karbon change made before this time (the start of the last completed
-- listing); NULL until a full bootstrap completes.
ALTER TABLE karbon_connection ADD COLUMN fresh_as_of TIMESTAMPTZ;
UPDATE karbon_connection SET fresh_as_of = bootstrapped_at WHERE bootstrap_state = 'DONE';

-- XPM changes received while the firm's index is being filled or brought up to date: classified, in the order they
-- arrived, as soon as it is (their events are already recorded as processed; these rows are the work).
CREATE TABLE held_xpm_change (
    seq      BIGSERIAL    PRIMARY KEY,
    firm_id  VARCHAR(100) NOT NULL,
    payload  TEXT         NOT NULL,
    held_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX held_xpm_change_firm ON held_xpm_change (firm_id, seq);
