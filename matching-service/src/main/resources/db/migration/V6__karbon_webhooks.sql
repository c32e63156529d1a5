-- Karbon's webhooks as the source of Karbon changes (MATCHING_KARBON_EVENTS=webhooks): each firm's subscription and
-- the key its notices are signed with; the notices received and not yet followed by a read of the record (one per
-- record: notices of one record coalesce); what was last published for each record, so that duplicate and
-- out-of-order notices publish nothing; and the outbox the resulting ContactChanged events leave through.
ALTER TABLE karbon_connection ADD COLUMN webhook_key_sealed TEXT;
ALTER TABLE karbon_connection ADD COLUMN webhook_state VARCHAR(20);
ALTER TABLE karbon_connection ADD COLUMN webhook_error VARCHAR(1000);
ALTER TABLE karbon_connection ADD COLUMN webhook_checked_at TIMESTAMPTZ;
ALTER TABLE karbon_connection ADD COLUMN webhook_due_at TIMESTAMPTZ;

CREATE TABLE karbon_notice (
    firm_id      VARCHAR(100) NOT NULL,
    karbon_key   VARCHAR(100) NOT NULL,
    action       VARCHAR(20)  NOT NULL,
    received_at  TIMESTAMPTZ  NOT NULL,
    due_at       TIMESTAMPTZ  NOT NULL,
    attempts     INT          NOT NULL DEFAULT 0,
    last_error   VARCHAR(1000),
    PRIMARY KEY (firm_id, karbon_key)
);
CREATE INDEX karbon_notice_due ON karbon_notice (due_at);

-- When each firm's last signed notice arrived (apart from karbon_connection, so taking a notice never waits for a
-- bootstrap holding the connection's row).
CREATE TABLE karbon_notice_seen (
    firm_id        VARCHAR(100) PRIMARY KEY,
    last_notice_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE karbon_published (
    firm_id      VARCHAR(100) NOT NULL,
    karbon_key   VARCHAR(100) NOT NULL,
    kind         VARCHAR(40)  NOT NULL,
    content_hash VARCHAR(200),
    deleted      BOOLEAN      NOT NULL,
    published_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key)
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
