-- The trace (W3C traceparent) of an XPM change held for a fresh index: its verdict, made later, belongs to it.
ALTER TABLE held_xpm_change ADD COLUMN traceparent VARCHAR(55);
