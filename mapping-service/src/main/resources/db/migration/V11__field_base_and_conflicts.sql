-- The base of each synced field of each mapping: what XPM and Karbon held (each in its comparable form) when the two
-- last agreed on it. A change from either side is merged field by field against it (FieldMerge): a field changed on
-- one side flows, on both sides to different values it is a conflict. A removed mapping has no base.
CREATE TABLE field_base (
    mapping_id   UUID         NOT NULL,
    firm_id      VARCHAR(100) NOT NULL,
    field        VARCHAR(30)  NOT NULL,
    xpm_value    TEXT         NOT NULL,
    karbon_value TEXT         NOT NULL,
    display      TEXT,
    agreed_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (mapping_id, field)
);
CREATE INDEX field_base_firm ON field_base (firm_id);

-- Conflicts: a synced field changed on both sides to different values. OPEN ones wait for a person (the firm's policy
-- "ask"); a later change on either side updates the open one. RESOLVED ones keep what was decided, by whom or by which
-- rule. Each side's record as last seen is kept to write the chosen value.
CREATE TABLE field_conflict (
    id                UUID         PRIMARY KEY,
    firm_id           VARCHAR(100) NOT NULL,
    mapping_id        UUID         NOT NULL,
    field             VARCHAR(30)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    contact_name      TEXT         NOT NULL,
    xpm_value         TEXT,
    karbon_value      TEXT,
    base_value        TEXT,
    xpm_changed_at    TIMESTAMPTZ,
    karbon_changed_at TIMESTAMPTZ,
    xpm_record        TEXT         NOT NULL,
    karbon_record     TEXT         NOT NULL,
    sync_run_id       UUID,
    opened_at         TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    resolved_at       TIMESTAMPTZ,
    resolved_value    TEXT,
    decided_by        VARCHAR(200),
    policy            VARCHAR(20),
    version           INT          NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX field_conflict_one_open ON field_conflict (mapping_id, field) WHERE status = 'OPEN';
CREATE INDEX field_conflict_firm ON field_conflict (firm_id, status, opened_at);

ALTER TABLE firm_settings ADD COLUMN conflict_policy VARCHAR(20) NOT NULL DEFAULT 'ASK';
