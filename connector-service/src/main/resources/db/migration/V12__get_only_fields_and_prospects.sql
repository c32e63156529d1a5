-- What client.api/list may leave out and client.api/get answers (Xero's list example carries neither): a client's
-- business structure and whether it is a prospect, kept as last known (null: never known), so that a client is read
-- with get only until they are known.
ALTER TABLE xpm_seen ADD COLUMN business_structure TEXT;
ALTER TABLE xpm_seen ADD COLUMN prospect BOOLEAN;
-- The name, normalised, of a client that is or may be a prospect (kept after it is deleted): a new client of that
-- name is its conversion once the prospect is gone, as XPM gives a converted prospect a new UUID.
-- converted_to: the client it became (its deleted record then publishes nothing).
ALTER TABLE xpm_seen ADD COLUMN prospect_name TEXT;
ALTER TABLE xpm_seen ADD COLUMN converted_to VARCHAR(64);
CREATE INDEX xpm_seen_prospect_name ON xpm_seen (firm_id, prospect_name) WHERE prospect_name IS NOT NULL;
