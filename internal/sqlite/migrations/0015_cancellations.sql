-- Cancellations and port-outs (issue 7): kept whole as JSON
-- (internal/lifecycle.Cancellation); the columns are what is looked up: the
-- client's idempotency key per customer, and the confirmed ones due to end.
CREATE TABLE cancellations (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	idem_key    TEXT NOT NULL,
	status      TEXT NOT NULL,
	end_date    TEXT NOT NULL,
	version     INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	data        TEXT NOT NULL,
	UNIQUE (customer_id, idem_key)
) STRICT;
CREATE INDEX cancellations_by_customer ON cancellations (customer_id, created_at, id);
CREATE INDEX cancellations_due ON cancellations (status, end_date, id);
