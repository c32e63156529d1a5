-- What XPM holds in each record, as last seen (its change feed or push-service's own write), so a push writes a
-- value XPM already holds in another form (a country's name, a phone number's format) as XPM wrote it.
ALTER TABLE xpm_view ADD COLUMN xpm_values TEXT;
