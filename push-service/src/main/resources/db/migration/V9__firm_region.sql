-- The firm's XPM practice's country (from its settings): phone numbers of a contact with no address are read in it.
ALTER TABLE firm_settings ADD COLUMN region VARCHAR(2);
