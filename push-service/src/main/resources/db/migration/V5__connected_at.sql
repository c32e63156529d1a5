-- When the firm last connected XPM (the settings event that said so), and when each queued Karbon change was made:
-- a change made before the firm connected is not pushed (it was made while nothing was pushed).
ALTER TABLE firm_settings ADD COLUMN connected_at TIMESTAMPTZ;
UPDATE firm_settings SET connected_at = updated_at WHERE xpm_connected;
ALTER TABLE pending_push ADD COLUMN changed_at TIMESTAMPTZ;
