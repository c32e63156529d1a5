-- Connect's sign-in is bound to the browser that started it: the SHA-256 (hex) of a random value that browser holds
-- in a cookie (Path=/xpm/callback); the callback must bring the same value.
ALTER TABLE oauth_state ADD COLUMN browser_binding VARCHAR(64);
