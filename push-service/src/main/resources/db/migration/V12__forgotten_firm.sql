-- Firms that asked xpm-sync to forget them (Disconnect with "forget this firm's data"): their rows are deleted and
-- their events still in flight dropped (messaging-support's ForgottenFirms) until they connect or save settings again.
CREATE TABLE forgotten_firm (
    firm_id      VARCHAR(100) PRIMARY KEY,
    forgotten_at TIMESTAMPTZ  NOT NULL
);
