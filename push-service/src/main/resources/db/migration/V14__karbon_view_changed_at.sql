-- When Karbon's record was in the state the view holds, so that a snapshot of it read earlier than a change already
-- seen does not put an older Contact Type back.
ALTER TABLE karbon_view ADD COLUMN changed_at TIMESTAMPTZ;
