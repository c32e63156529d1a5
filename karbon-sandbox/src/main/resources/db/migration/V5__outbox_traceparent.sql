-- The trace (W3C traceparent) an event was written in, which the relay sends with it (none here: karbon-sandbox
-- traces nothing, and xpm-sync's services begin the trace of a Karbon change when they consume it).
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
