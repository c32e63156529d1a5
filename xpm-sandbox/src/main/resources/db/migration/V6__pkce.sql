-- PKCE (RFC 7636): the S256 challenge an authorization request carried; its code is exchanged only with the verifier.
ALTER TABLE oauth_code ADD COLUMN code_challenge VARCHAR(128);
