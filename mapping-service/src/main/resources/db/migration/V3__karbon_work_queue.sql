-- mapping-service's Karbon work queue. The Kafka consumer records each verdict here and acknowledges at once; per-firm
-- workers apply the verdicts to Karbon within the firm's Karbon allowance. A worker holds one firm at a time (a lease),
-- so a firm's verdicts are applied one after another in the order they arrived, and firms are served in turn.

CREATE TABLE karbon_work (
    id          BIGSERIAL    PRIMARY KEY,
    firm_id     VARCHAR(100) NOT NULL,
    event_id    UUID         NOT NULL UNIQUE,
    sync_run_id UUID,
    xpm_id      VARCHAR(64)  NOT NULL,
    xpm_name    TEXT,
    payload     TEXT         NOT NULL,
    attempts    INT          NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX karbon_work_firm_order ON karbon_work (firm_id, id);

-- One row per firm with work: who holds it, until when the firm waits (its Karbon allowance, a 429, a retry's
-- backoff) and why, and when it was last served (the oldest is served next).
CREATE TABLE karbon_work_firm (
    firm_id        VARCHAR(100) PRIMARY KEY,
    leased_by      VARCHAR(100),
    lease_until    TIMESTAMPTZ  NOT NULL DEFAULT 'epoch',
    waits_until    TIMESTAMPTZ  NOT NULL DEFAULT 'epoch',
    wait_reason    TEXT,
    last_served_at TIMESTAMPTZ  NOT NULL DEFAULT 'epoch'
);
CREATE INDEX karbon_work_firm_due ON karbon_work_firm (last_served_at);

-- XPM records whose verdict could not be applied (Karbon refused it, or it kept failing): counted as failed for
-- their run and listed with the reason; the verdict is kept for a replay.
CREATE TABLE failed_record (
    id          BIGSERIAL    PRIMARY KEY,
    firm_id     VARCHAR(100) NOT NULL,
    sync_run_id UUID,
    event_id    UUID         NOT NULL UNIQUE,
    xpm_id      VARCHAR(64)  NOT NULL,
    xpm_name    TEXT,
    reason      TEXT         NOT NULL,
    payload     TEXT         NOT NULL,
    failed_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX failed_record_run ON failed_record (firm_id, sync_run_id);
