-- From the firm's Contact Sync Settings: its own XPM business structures whose clients become a Person in Karbon (a
-- JSON array, beside Individual and Sole Trader), and its XPM practice's country, in which phone numbers without a
-- country code are read when the contact has no address.
ALTER TABLE firm_settings ADD COLUMN person_structures TEXT NOT NULL DEFAULT '[]';
ALTER TABLE firm_settings ADD COLUMN region VARCHAR(2);
