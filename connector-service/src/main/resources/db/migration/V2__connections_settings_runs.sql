-- connector-service: firms' XPM connections (tokens sealed with AES-GCM), OAuth states in flight, Contact Sync
-- Settings, sync runs, the last-seen state of every XPM record, and the outbox of the events derived from them.

CREATE TABLE xpm_connection (
    firm_id              VARCHAR(100) PRIMARY KEY,
    country              VARCHAR(2)   NOT NULL,
    tenant_id            VARCHAR(64)  NOT NULL,
    tenant_name          TEXT,
    connection_id        VARCHAR(64),
    access_token_sealed  TEXT         NOT NULL,
    refresh_token_sealed TEXT         NOT NULL,
    access_expires_at    TIMESTAMPTZ  NOT NULL,
    connected_at         TIMESTAMPTZ  NOT NULL,
    refreshed_at         TIMESTAMPTZ,
    -- polling: who holds the firm now (a lease), when it is next due, and the modifiedsince watermark
    claimed_by           VARCHAR(100),
    claimed_until        TIMESTAMPTZ,
    next_poll_at         TIMESTAMPTZ  NOT NULL,
    polled_up_to         TIMESTAMPTZ
);

CREATE TABLE oauth_state (
    state      VARCHAR(100) PRIMARY KEY,
    firm_id    VARCHAR(100) NOT NULL,
    country    VARCHAR(2)   NOT NULL,
    return_to  TEXT,
    expires_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE sync_settings (
    firm_id              VARCHAR(100) PRIMARY KEY,
    scope                VARCHAR(30)  NOT NULL,
    new_contact_type     VARCHAR(100) NOT NULL,
    pushed_contact_types TEXT         NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL
);

CREATE TABLE sync_run (
    id                UUID         PRIMARY KEY,
    firm_id           VARCHAR(100) NOT NULL,
    trigger           VARCHAR(20)  NOT NULL,
    incremental       BOOLEAN      NOT NULL,
    phase             VARCHAR(20)  NOT NULL,
    requested_at      TIMESTAMPTZ  NOT NULL,
    started_at        TIMESTAMPTZ,
    fetched_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    modified_since    TIMESTAMPTZ,
    clients_fetched   INT          NOT NULL DEFAULT 0,
    contacts_fetched  INT          NOT NULL DEFAULT 0,
    changes_published INT          NOT NULL DEFAULT 0,
    unchanged         INT          NOT NULL DEFAULT 0,
    skipped_by_scope  INT          NOT NULL DEFAULT 0,
    xpm_calls         INT          NOT NULL DEFAULT 0,
    error             TEXT
);
CREATE INDEX sync_run_firm ON sync_run (firm_id, requested_at DESC);
CREATE INDEX sync_run_queued ON sync_run (firm_id) WHERE phase = 'QUEUED';

-- What connector-service last published for each XPM record: only a different fingerprint is a change.
CREATE TABLE xpm_seen (
    firm_id     VARCHAR(100) NOT NULL,
    xpm_id      VARCHAR(64)  NOT NULL,
    kind        VARCHAR(20)  NOT NULL,
    fingerprint VARCHAR(200) NOT NULL,
    links       TEXT         NOT NULL,
    seen_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, xpm_id)
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
CREATE INDEX outbox_event_unpublished ON outbox_event (seq) WHERE published_at IS NULL;
