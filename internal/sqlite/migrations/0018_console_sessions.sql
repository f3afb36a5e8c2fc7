-- The console (issue 8): people's sessions and the audit of customer-record
-- reads. A session stores only the SHA-256 of its token, as API tokens do.
CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users (id),
	hash         TEXT NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	ended_at     INTEGER,
	client_ip    TEXT NOT NULL,
	user_agent   TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

-- Who read which customer's record, when and why. No foreign keys: the audit
-- outlives what it names and never stands in the way of a change to it.
CREATE TABLE record_reads (
	id          TEXT PRIMARY KEY,
	at          INTEGER NOT NULL,
	user_id     TEXT NOT NULL,
	user_name   TEXT NOT NULL,
	customer_id TEXT NOT NULL,
	reason      TEXT NOT NULL
) STRICT;
CREATE INDEX record_reads_by_customer ON record_reads (customer_id, at, id);
CREATE INDEX record_reads_by_user ON record_reads (user_id, at, id);
CREATE INDEX record_reads_by_time ON record_reads (at, id);
