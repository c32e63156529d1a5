-- mapping-service: the firm's settings as last published, the mappings XPM <-> Karbon, the partial-match queue,
-- per-run outcomes, Karbon creations in flight, the outbox relayed by Debezium, and Debezium's offsets.

CREATE TABLE firm_settings (
    firm_id          VARCHAR(100) PRIMARY KEY,
    scope            VARCHAR(30)  NOT NULL,
    new_contact_type VARCHAR(100) NOT NULL,
    xpm_connected    BOOLEAN      NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);

CREATE TABLE mapping (
    id           UUID         PRIMARY KEY,
    firm_id      VARCHAR(100) NOT NULL,
    xpm_id       VARCHAR(64)  NOT NULL,
    xpm_kind     VARCHAR(20)  NOT NULL,
    karbon_key   VARCHAR(64)  NOT NULL,
    karbon_kind  VARCHAR(30)  NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    method       VARCHAR(30)  NOT NULL,
    xpm_name     TEXT         NOT NULL,
    karbon_name  TEXT         NOT NULL,
    -- the XPM record as last written to Karbon (JSON ContactSnapshot): what came from XPM, so a later change replaces
    -- it and leaves what people added in Karbon alone
    last_xpm     TEXT,
    synced_hash  VARCHAR(80),
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);
-- Invariant 1: an XPM record and a Karbon contact each have at most one mapping that is not removed.
CREATE UNIQUE INDEX mapping_one_per_xpm ON mapping (firm_id, xpm_id) WHERE state <> 'REMOVED';
CREATE UNIQUE INDEX mapping_one_per_karbon ON mapping (firm_id, karbon_key) WHERE state <> 'REMOVED';
CREATE INDEX mapping_firm_names ON mapping (firm_id, xpm_name);

CREATE TABLE partial_match (
    id          UUID         PRIMARY KEY,
    firm_id     VARCHAR(100) NOT NULL,
    xpm_id      VARCHAR(64)  NOT NULL,
    xpm_name    TEXT         NOT NULL,
    xpm_record  TEXT         NOT NULL,
    candidates  TEXT         NOT NULL,
    reason      VARCHAR(40),
    status      VARCHAR(20)  NOT NULL,
    resolution  VARCHAR(30),
    sync_run_id UUID,
    version     INT          NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ  NOT NULL,
    resolved_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX partial_match_one_open ON partial_match (firm_id, xpm_id) WHERE status = 'OPEN';

-- A Karbon contact being created for an XPM record: committed before the Karbon call, so a retry after a crash finds
-- the contact it made (by its UserDefinedIdentifier) instead of making another.
CREATE TABLE karbon_creation (
    firm_id      VARCHAR(100) NOT NULL,
    xpm_id       VARCHAR(64)  NOT NULL,
    identifier   VARCHAR(100) NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, xpm_id)
);

CREATE TABLE run_outcome (
    sync_run_id    UUID         NOT NULL,
    firm_id        VARCHAR(100) NOT NULL,
    linked_updated INT          NOT NULL DEFAULT 0,
    unchanged      INT          NOT NULL DEFAULT 0,
    exact          INT          NOT NULL DEFAULT 0,
    created        INT          NOT NULL DEFAULT 0,
    partial        INT          NOT NULL DEFAULT 0,
    skipped        INT          NOT NULL DEFAULT 0,
    failed         INT          NOT NULL DEFAULT 0,
    updated_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (sync_run_id)
);

CREATE TABLE outbox_event (
    seq            BIGSERIAL    PRIMARY KEY,
    event_id       UUID         NOT NULL UNIQUE,
    aggregate_type VARCHAR(50)  NOT NULL,
    aggregate_id   VARCHAR(100) NOT NULL,
    type           VARCHAR(100) NOT NULL,
    payload        TEXT         NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at   TIMESTAMPTZ
);

-- Debezium's source offsets (the replication slot's confirmed position), written only after Kafka acknowledged.
CREATE TABLE debezium_offset (
    offset_key   TEXT PRIMARY KEY,
    offset_value TEXT,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
