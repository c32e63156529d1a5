-- A Karbon contact recognised as created from an XPM record that was not mapped yet (mapping-service writes Karbon
-- first; its MappingConfirmed comes later): every later change of that contact waits for the mapping too, instead of
-- creating the record in XPM a second time when it changes before the mapping arrives.
ALTER TABLE karbon_view ADD COLUMN created_from_xpm_id VARCHAR(64);
