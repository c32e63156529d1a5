-- The trace (W3C traceparent) of the Karbon change waiting to be pushed: the push and its outcome belong to it.
ALTER TABLE pending_push ADD COLUMN traceparent VARCHAR(55);
