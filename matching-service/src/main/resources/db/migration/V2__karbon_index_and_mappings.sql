-- matching-service's own copy of what it matches against: each firm's Karbon contacts (from the Karbon API at
-- bootstrap, then from karbon.contacts.changed.v1) and the mappings (from sync.mappings.confirmed.v1).

CREATE TABLE karbon_contact (
    id           BIGSERIAL    PRIMARY KEY,
    firm_id      VARCHAR(100) NOT NULL,
    karbon_key   VARCHAR(100) NOT NULL,
    kind         VARCHAR(30)  NOT NULL,
    name         TEXT         NOT NULL,
    name_key     TEXT         NOT NULL,
    emails       TEXT         NOT NULL,
    contact_type VARCHAR(200),
    updated_at   TIMESTAMPTZ  NOT NULL,
    CONSTRAINT karbon_contact_ref UNIQUE (firm_id, karbon_key)
);
CREATE INDEX karbon_contact_by_name ON karbon_contact (firm_id, name_key);

CREATE TABLE karbon_contact_email (
    contact_id BIGINT NOT NULL REFERENCES karbon_contact (id) ON DELETE CASCADE,
    email_key  TEXT   NOT NULL,
    PRIMARY KEY (contact_id, email_key)
);
CREATE INDEX karbon_contact_email_by_key ON karbon_contact_email (email_key);

CREATE TABLE mapping (
    id          BIGSERIAL    PRIMARY KEY,
    firm_id     VARCHAR(100) NOT NULL,
    mapping_id  UUID         NOT NULL,
    xpm_id      VARCHAR(100) NOT NULL,
    xpm_kind    VARCHAR(30)  NOT NULL,
    karbon_key  VARCHAR(100) NOT NULL,
    karbon_kind VARCHAR(30)  NOT NULL,
    state       VARCHAR(30)  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    CONSTRAINT mapping_by_id UNIQUE (firm_id, mapping_id)
);
CREATE INDEX mapping_by_xpm ON mapping (firm_id, xpm_id);
CREATE INDEX mapping_by_karbon ON mapping (firm_id, karbon_key);
