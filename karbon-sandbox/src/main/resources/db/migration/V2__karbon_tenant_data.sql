-- The sandbox's Karbon: firms (tenants) with their API credentials and Contact Types, contacts and organizations,
-- their business cards, and the outbox of the contact events the Karbon platform emits.

CREATE TABLE firm (
    firm_id        VARCHAR(100) PRIMARY KEY,
    name           TEXT         NOT NULL,
    country        VARCHAR(2)   NOT NULL,
    tenant_key     VARCHAR(20)  NOT NULL UNIQUE,
    application_id VARCHAR(100) NOT NULL,
    access_key     VARCHAR(100) NOT NULL UNIQUE,
    contact_types  TEXT         NOT NULL
);

CREATE TABLE karbon_record (
    record_key              VARCHAR(20)  PRIMARY KEY,
    firm_id                 VARCHAR(100) NOT NULL REFERENCES firm (firm_id),
    entity_type             VARCHAR(20)  NOT NULL,
    full_name               TEXT         NOT NULL,
    first_name              TEXT,
    middle_name             TEXT,
    last_name               TEXT,
    preferred_name          TEXT,
    salutation              TEXT,
    contact_type            TEXT,
    user_defined_identifier TEXT,
    restriction_level       VARCHAR(10)  NOT NULL,
    last_modified           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX karbon_record_by_firm ON karbon_record (firm_id, entity_type, full_name);

CREATE TABLE business_card (
    card_key         VARCHAR(20)  PRIMARY KEY,
    firm_id          VARCHAR(100) NOT NULL REFERENCES firm (firm_id),
    entity_type      VARCHAR(20)  NOT NULL,
    entity_key       VARCHAR(20)  NOT NULL REFERENCES karbon_record (record_key),
    is_primary       BOOLEAN      NOT NULL,
    organization_key VARCHAR(20),
    role_or_title    TEXT,
    emails           TEXT         NOT NULL,
    phones           TEXT         NOT NULL,
    addresses        TEXT         NOT NULL,
    websites         TEXT         NOT NULL
);
CREATE INDEX business_card_by_entity ON business_card (entity_key);
CREATE INDEX business_card_by_organization ON business_card (organization_key);

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
