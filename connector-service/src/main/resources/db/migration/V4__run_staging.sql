-- A sync run's read of XPM, staged as it streams in, so a practice of any size is read with flat memory and a run
-- broken off (a crash, an answer cut short) goes on from where it was rather than starting over.
-- The clients of the answer already compared and published by this run:
CREATE TABLE xpm_run_client (
    run_id UUID         NOT NULL,
    xpm_id VARCHAR(100) NOT NULL,
    PRIMARY KEY (run_id, xpm_id)
);

-- The contacts of the answer, waiting for the end of the list (a contact's links are known only then): the contact as
-- XPM answered it (a ContactSnapshot, JSON) and the clients it belongs to that may have contacts in Karbon.
CREATE TABLE xpm_run_contact (
    run_id   UUID         NOT NULL,
    xpm_id   VARCHAR(100) NOT NULL,
    snapshot TEXT         NOT NULL,
    clients  TEXT[]       NOT NULL,
    PRIMARY KEY (run_id, xpm_id)
);
