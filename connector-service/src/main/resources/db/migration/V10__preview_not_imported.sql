-- The XPM records a Preview Sync read and would not import, with the reason in words (the scope, or a contact only of
-- clients that become People in Karbon). Kept until the firm's next preview; archived and deleted records are
-- published and told apart by mapping-service.
CREATE TABLE preview_not_imported (
    run_id  UUID         NOT NULL,
    firm_id VARCHAR(100) NOT NULL,
    xpm_id  VARCHAR(200) NOT NULL,
    name    TEXT         NOT NULL,
    reason  TEXT         NOT NULL,
    PRIMARY KEY (run_id, xpm_id)
);
CREATE INDEX preview_not_imported_firm ON preview_not_imported (firm_id);
