-- The trace (W3C traceparent) an event was written in: the relay sends the event with it, so one change can be
-- followed from service to service; and the trace of each verdict waiting for the Karbon workers.
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
ALTER TABLE karbon_work ADD COLUMN traceparent VARCHAR(55);
