-- The console (issue 8): people's sessions and the audit of customer-record
-- reads. A session stores only the SHA-256 of its token, as API tokens do.
CREATE TABLE sessions (
	id           text COLLATE "C" PRIMARY KEY,
	user_id      text COLLATE "C" NOT NULL REFERENCES users (id),
	hash         text COLLATE "C" NOT NULL UNIQUE,
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	ended_at     timestamptz,
	client_ip    text NOT NULL,
	user_agent   text NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id, created_at);

-- Who read which customer's record, when and why. No foreign keys: the audit
-- outlives what it names and never stands in the way of a change to it.
CREATE TABLE record_reads (
	id          text COLLATE "C" PRIMARY KEY,
	at          timestamptz NOT NULL,
	user_id     text COLLATE "C" NOT NULL,
	user_name   text NOT NULL,
	customer_id text COLLATE "C" NOT NULL,
	reason      text NOT NULL
);
CREATE INDEX record_reads_by_customer ON record_reads (customer_id, at, id);
CREATE INDEX record_reads_by_user ON record_reads (user_id, at, id);
CREATE INDEX record_reads_by_time ON record_reads (at, id);
