-- The Debezium relay now marks the events Kafka acknowledged (published_at), as every outbox relay does, so that the
-- outbox's health and retention work the same in every service. Rows written before were relayed already (or are in
-- the replication slot, which relays them whatever this column says).
UPDATE outbox_event SET published_at = created_at WHERE published_at IS NULL;
