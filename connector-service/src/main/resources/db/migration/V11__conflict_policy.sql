-- The firm's conflict policy: what decides when the same synced field of a mapped contact changed in XPM and in
-- Karbon to different values (ASK: a person; XPM_WINS, KARBON_WINS, MOST_RECENT). Firms that saved settings before
-- it existed ask a person.
ALTER TABLE sync_settings ADD COLUMN conflict_policy VARCHAR(20) NOT NULL DEFAULT 'ASK';
