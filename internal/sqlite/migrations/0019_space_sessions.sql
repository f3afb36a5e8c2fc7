-- The customer space (issue 8): one-time sign-in codes sent by email, and
-- customers' sessions, kept apart from the console's (another table, another
-- token prefix). Both store only hashes.
CREATE TABLE sign_in_codes (
	id          TEXT PRIMARY KEY,
	email       TEXT NOT NULL,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	hash        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 0,
	used_at     INTEGER,
	client_ip   TEXT NOT NULL
) STRICT;
CREATE INDEX sign_in_codes_by_email ON sign_in_codes (email, created_at, id);

CREATE TABLE space_sessions (
	id           TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	hash         TEXT NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	ended_at     INTEGER,
	client_ip    TEXT NOT NULL,
	user_agent   TEXT NOT NULL
) STRICT;
CREATE INDEX space_sessions_by_customer ON space_sessions (customer_id, created_at);
