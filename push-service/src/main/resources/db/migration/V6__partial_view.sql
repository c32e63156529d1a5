-- Open partial matches as matching-service proposed them: each XPM record's Karbon candidates. A candidate is not
-- created in XPM while the partial is open (a person is about to say whether it is that XPM record).
CREATE TABLE partial_view (
    firm_id     VARCHAR(100) NOT NULL,
    xpm_id      VARCHAR(64)  NOT NULL,
    karbon_key  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (firm_id, xpm_id, karbon_key)
);
CREATE INDEX partial_view_by_candidate ON partial_view (firm_id, karbon_key);
