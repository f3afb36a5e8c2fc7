-- Cancellations and port-outs (issue 7): kept whole as JSON
-- (internal/lifecycle.Cancellation); the columns are what is looked up: the
-- client's idempotency key per customer, and the confirmed ones due to end.
CREATE TABLE cancellations (
	id          TEXT COLLATE "C" PRIMARY KEY,
	customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	idem_key    TEXT COLLATE "C" NOT NULL,
	status      TEXT NOT NULL,
	end_date    DATE NOT NULL,
	version     INTEGER NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL,
	data        JSONB NOT NULL,
	UNIQUE (customer_id, idem_key)
);
CREATE INDEX cancellations_by_customer ON cancellations (customer_id, created_at, id);
CREATE INDEX cancellations_due ON cancellations (status, end_date, id);
