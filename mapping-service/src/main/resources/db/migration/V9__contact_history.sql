-- Each mapped contact's timeline: how it was mapped (and by whom), every change written either way (which synced
-- fields, before and after; which run or which Karbon change; which side was written), pushes XPM refused, state
-- changes, Remove Match (by whom). Kept for MAPPING_HISTORY_RETENTION.
CREATE TABLE contact_history (
    id              BIGSERIAL    PRIMARY KEY,
    firm_id         VARCHAR(100) NOT NULL,
    mapping_id      UUID         NOT NULL,
    occurred_at     TIMESTAMPTZ  NOT NULL,
    kind            VARCHAR(30)  NOT NULL,
    method          VARCHAR(30),
    actor           VARCHAR(200),
    sync_run_id     UUID,
    source_event_id UUID,
    changes         TEXT,
    detail          TEXT
);
CREATE INDEX contact_history_timeline ON contact_history (firm_id, mapping_id, occurred_at DESC, id DESC);
CREATE INDEX contact_history_age ON contact_history (occurred_at);
