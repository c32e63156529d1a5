-- The trace (W3C traceparent) an event was written in: the relay sends the event with it, so one change can be
-- followed from service to service.
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
