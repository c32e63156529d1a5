-- The initial snapshot of each firm's Karbon records (taken when the firm connects, or when an operator asks): where
-- its reading stands, so that a snapshot broken off (a crash, the firm's allowance, Karbon down) resumes at the page
-- it was on; and every record it has read, so that none is read or published twice and the counts can be checked
-- against Karbon's own.
CREATE TABLE karbon_snapshot (
    firm_id          VARCHAR(100) PRIMARY KEY,
    snapshot_id      UUID         NOT NULL,
    started_at       TIMESTAMPTZ  NOT NULL,
    finished_at      TIMESTAMPTZ,
    -- the list being read: KARBON_ORGANIZATION, then KARBON_PERSON; DONE at the end
    kind             VARCHAR(40)  NOT NULL,
    -- passes over that list: every pass after the first reads only records it has not read, and confirms the counts
    pass             INT          NOT NULL,
    -- the page being read (a next link Karbon gave); null for the first page
    page_link        TEXT,
    pass_listed      BIGINT       NOT NULL,
    pass_new         BIGINT       NOT NULL,
    -- Karbon's @odata.count on the pass's first page, and whether a later page of the pass said otherwise
    pass_count       BIGINT,
    pass_count_moved BOOLEAN      NOT NULL,
    organizations_total BIGINT,
    people_total     BIGINT,
    -- a pass limit reached without counts that add up (a firm editing its records throughout), else null
    warning          VARCHAR(1000)
);

CREATE TABLE karbon_snapshot_read (
    firm_id    VARCHAR(100) NOT NULL,
    karbon_key VARCHAR(100) NOT NULL,
    kind       VARCHAR(40)  NOT NULL,
    PRIMARY KEY (firm_id, karbon_key)
);
