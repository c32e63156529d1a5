-- How matching-service reaches each firm's Karbon (the access key sealed with AES-GCM), and where the bootstrap of
-- the firm's index stands: PENDING (to do), RUNNING, DONE or FAILED (with the reason).
CREATE TABLE karbon_connection (
    firm_id           VARCHAR(100) PRIMARY KEY,
    base_url          TEXT         NOT NULL,
    application_id    TEXT         NOT NULL,
    access_key_sealed TEXT         NOT NULL,
    xpm_connected     BOOLEAN      NOT NULL DEFAULT FALSE,
    bootstrap_state   VARCHAR(20)  NOT NULL,
    bootstrap_error   TEXT,
    bootstrapped_at   TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL
);
