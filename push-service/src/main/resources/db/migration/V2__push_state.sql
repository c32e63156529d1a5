-- push-service: local views of settings, mappings, Karbon contact types and XPM's pushed fields; the queue of Karbon
-- changes waiting to be pushed (one row per contact: a burst coalesces); failures for the push-status API; the outbox.

CREATE TABLE firm_settings (
    firm_id        VARCHAR(100) PRIMARY KEY,
    pushed_types   TEXT         NOT NULL,
    xpm_connected  BOOLEAN      NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);

-- Mappings as mapping-service published them, by Karbon contact (push-service adds the ones it creates at once).
CREATE TABLE mapping_view (
    firm_id     VARCHAR(100) NOT NULL,
    karbon_key  VARCHAR(64)  NOT NULL,
    xpm_id      VARCHAR(64)  NOT NULL,
    xpm_kind    VARCHAR(20)  NOT NULL,
    state       VARCHAR(20)  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key)
);

-- Karbon contacts' kind and Contact Type, from the Karbon events (a person is pushed only through a synced organization).
CREATE TABLE karbon_view (
    firm_id      VARCHAR(100) NOT NULL,
    karbon_key   VARCHAR(64)  NOT NULL,
    kind         VARCHAR(30)  NOT NULL,
    contact_type VARCHAR(100),
    PRIMARY KEY (firm_id, karbon_key)
);

-- What XPM holds in the pushed fields (name, first email, first phone, first address), as a hash: from XPM's change
-- feed and from our own writes. Equal to a Karbon contact's projection: nothing to write.
CREATE TABLE xpm_view (
    firm_id         VARCHAR(100) NOT NULL,
    xpm_id          VARCHAR(64)  NOT NULL,
    projection_hash VARCHAR(80)  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, xpm_id)
);

-- Karbon changes waiting to be pushed: the latest state per contact, due after the coalescing window.
CREATE TABLE pending_push (
    firm_id         VARCHAR(100) NOT NULL,
    karbon_key      VARCHAR(64)  NOT NULL,
    snapshot        TEXT         NOT NULL,
    source_event_id UUID         NOT NULL,
    source_payload  TEXT         NOT NULL,
    received_at     TIMESTAMPTZ  NOT NULL,
    due_at          TIMESTAMPTZ  NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    last_error      TEXT,
    PRIMARY KEY (firm_id, karbon_key)
);
CREATE INDEX pending_push_due ON pending_push (due_at);

CREATE TABLE push_failure (
    id              UUID         PRIMARY KEY,
    firm_id         VARCHAR(100) NOT NULL,
    karbon_key      VARCHAR(64)  NOT NULL,
    source_event_id UUID         NOT NULL,
    reason          TEXT         NOT NULL,
    failed_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX push_failure_firm ON push_failure (firm_id, failed_at DESC);

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
