-- The index every outbox has (system-tests' BookkeepingTablesTest keeps the outboxes alike): the outbox relay's
-- health looks for the oldest unpublished event without reading the published ones.
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
