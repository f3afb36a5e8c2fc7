-- What signing in leaves behind (issue 8). Sessions and sign-in codes that
-- ended more than 30 days ago are purged by a job (session.KeepEnded), found
-- by their absolute end.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX space_sessions_by_expiry ON space_sessions (expires_at);
CREATE INDEX sign_in_codes_by_expiry ON sign_in_codes (expires_at);

-- The sign-in limits (session.LimitsOf), counted in the database so that every
-- node counts the same attempts: one row per attempt and key, the key a hash
-- of what is limited (an email, a client address), so no email or address is
-- kept here in clear. Attempts older than the window count for nothing and
-- are purged with the sessions.
CREATE TABLE sign_in_attempts (
	key TEXT NOT NULL,
	at  INTEGER NOT NULL,
	id  TEXT NOT NULL,
	PRIMARY KEY (key, at, id)
) STRICT;
CREATE INDEX sign_in_attempts_by_time ON sign_in_attempts (at);
