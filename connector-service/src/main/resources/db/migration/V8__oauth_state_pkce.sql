-- PKCE towards Xero (RFC 7636): the verifier of the authorization request, sent with the code when it is exchanged.
-- Two 24-byte random values in base64url: 64 characters.
ALTER TABLE oauth_state ADD COLUMN code_verifier VARCHAR(128);
