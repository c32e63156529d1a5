-- Preview Sync: what the firm's latest preview says a Sync Now would do with each XPM record it read, kept until the
-- firm's next preview; and what the first real run after it did with the same records (applied_*), for the run's
-- comparison with the preview. A record the real run handled that the preview did not read has no prediction.
CREATE TABLE sync_preview (
    firm_id        VARCHAR(100) PRIMARY KEY,
    run_id         UUID         NOT NULL,
    started_at     TIMESTAMPTZ  NOT NULL,
    compared_run_id UUID
);

CREATE TABLE preview_verdict (
    firm_id         VARCHAR(100) NOT NULL,
    xpm_id          VARCHAR(200) NOT NULL,
    run_id          UUID         NOT NULL,
    xpm_name        TEXT         NOT NULL,
    xpm_kind        VARCHAR(30)  NOT NULL,
    xpm_hash        VARCHAR(100),
    predicted       VARCHAR(20),
    karbon_key      VARCHAR(200),
    karbon_kind     VARCHAR(30),
    contact_type    TEXT,
    detail          TEXT,
    changes         TEXT,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    applied_run_id  UUID,
    applied_outcome VARCHAR(20),
    applied_hash    VARCHAR(100),
    PRIMARY KEY (firm_id, xpm_id)
);
CREATE INDEX preview_verdict_group ON preview_verdict (firm_id, run_id, predicted, xpm_name);
