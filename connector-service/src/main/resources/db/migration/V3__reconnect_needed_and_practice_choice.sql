-- Why a connection needs the user to connect again (Xero refused to refresh its tokens: revoked in Xero, or unused
-- past the refresh token's lifetime); null while it works.
ALTER TABLE xpm_connection ADD COLUMN reconnect_reason VARCHAR(1000);

-- A consent that reached several practices, waiting for the user to choose the one this firm syncs with: the tokens
-- (sealed) and the practices to choose from (JSON), for a few minutes.
CREATE TABLE xpm_practice_choice (
    firm_id              VARCHAR(100) PRIMARY KEY,
    country              VARCHAR(2)   NOT NULL,
    access_token_sealed  TEXT         NOT NULL,
    refresh_token_sealed TEXT         NOT NULL,
    access_expires_at    TIMESTAMPTZ  NOT NULL,
    choices              TEXT         NOT NULL,
    expires_at           TIMESTAMPTZ  NOT NULL
);
