-- The customer space (issue 8): one-time sign-in codes sent by email, and
-- customers' sessions, kept apart from the console's (another table, another
-- token prefix). Both store only hashes.
CREATE TABLE sign_in_codes (
	id          text COLLATE "C" PRIMARY KEY,
	email       text COLLATE "C" NOT NULL,
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	hash        text COLLATE "C" NOT NULL,
	created_at  timestamptz NOT NULL,
	expires_at  timestamptz NOT NULL,
	attempts    integer NOT NULL DEFAULT 0,
	used_at     timestamptz,
	client_ip   text NOT NULL
);
CREATE INDEX sign_in_codes_by_email ON sign_in_codes (email, created_at, id);

CREATE TABLE space_sessions (
	id           text COLLATE "C" PRIMARY KEY,
	customer_id  text COLLATE "C" NOT NULL REFERENCES customers (id),
	hash         text COLLATE "C" NOT NULL UNIQUE,
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	ended_at     timestamptz,
	client_ip    text NOT NULL,
	user_agent   text NOT NULL
);
CREATE INDEX space_sessions_by_customer ON space_sessions (customer_id, created_at);
