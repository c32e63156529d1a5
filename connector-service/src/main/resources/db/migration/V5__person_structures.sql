-- The firm's own XPM business structures whose clients become a Person in Karbon (a JSON array), beside the seed's
-- Individual and Sole Trader.
ALTER TABLE sync_settings ADD COLUMN person_structures TEXT NOT NULL DEFAULT '[]';
