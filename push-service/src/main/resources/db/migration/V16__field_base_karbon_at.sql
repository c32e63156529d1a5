-- When Karbon held the values a push-service write agreed on (the Karbon change it pushed). push-service merges only
-- Karbon's changes, and one of them is stale only when it was made before the Karbon state the agreement was built
-- from: an edit made while the write to XPM was under way is newer than that state, though older than the write's end.
ALTER TABLE field_base ADD COLUMN karbon_at TIMESTAMPTZ;
