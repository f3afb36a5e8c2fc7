-- What signing in leaves behind (issue 8). Sessions and sign-in codes that
-- ended more than 30 days ago are purged by a job (session.KeepEnded), found
-- by their absolute end.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX space_sessions_by_expiry ON space_sessions (expires_at);
CREATE INDEX sign_in_codes_by_expiry ON sign_in_codes (expires_at);
