-- The customer space (issue 8): a customer may sign in with a password of his
-- own besides the emailed code. One password per customer, as its argon2id
-- hash only; version counts the changes, so two made at once cannot both win.
CREATE TABLE customer_credentials (
	customer_id   text COLLATE "C" PRIMARY KEY REFERENCES customers (id),
	password_hash text COLLATE "C" NOT NULL,
	set_at        timestamptz NOT NULL,
	version       integer NOT NULL CHECK (version >= 1)
);
