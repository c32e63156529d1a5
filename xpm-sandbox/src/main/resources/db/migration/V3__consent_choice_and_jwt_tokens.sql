-- Access tokens are JWTs, as Xero's are (they carry authentication_event_id), so longer than the opaque ones before.
ALTER TABLE oauth_token ALTER COLUMN token TYPE VARCHAR(2000);
-- The practices the user chose to connect in this consent (comma-separated tenant ids).
ALTER TABLE oauth_code ADD COLUMN tenant_ids TEXT;
