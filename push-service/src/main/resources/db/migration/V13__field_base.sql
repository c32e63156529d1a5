-- The base of each synced field of a mapped Karbon contact: what XPM and Karbon held (each in its comparable form)
-- when the two last agreed on it. A push merges Karbon's change into XPM's record field by field against it, so an
-- edit made in XPM meanwhile is kept, and a field changed on both sides is a conflict, never overwritten. Fed by
-- push-service's own writes and by mapping-service's (MappingConfirmed); the newest agreement of a field wins.
CREATE TABLE field_base (
    firm_id      VARCHAR(100) NOT NULL,
    karbon_key   VARCHAR(64)  NOT NULL,
    xpm_id       VARCHAR(64)  NOT NULL,
    field        VARCHAR(30)  NOT NULL,
    xpm_value    TEXT         NOT NULL,
    karbon_value TEXT         NOT NULL,
    display      TEXT,
    agreed_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key, field)
);

-- A conflict resolved for a value XPM does not hold yet: the fields to write to XPM whatever the base says.
ALTER TABLE pending_push ADD COLUMN forced_fields TEXT;
