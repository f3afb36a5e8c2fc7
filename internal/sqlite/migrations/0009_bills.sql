-- Bills under review (issue 6). A run is the drafts a billing system submitted
-- together; each bill is kept whole as JSON (internal/billing.Bill, with its
-- review), judged in Go; the columns beside it are what queries select on.
-- Every change of a bill is an event: who released or adjusted a held bill,
-- and why.
CREATE TABLE bill_runs (
	id           TEXT PRIMARY KEY,
	submitted_at INTEGER NOT NULL,
	data         TEXT NOT NULL
) STRICT;

CREATE TABLE bills (
	id           TEXT PRIMARY KEY,
	run_id       TEXT NOT NULL REFERENCES bill_runs (id),
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	status       TEXT NOT NULL,
	period_to    TEXT NOT NULL,
	total_cents  INTEGER NOT NULL,
	version      INTEGER NOT NULL,
	data         TEXT NOT NULL
) STRICT;
CREATE INDEX bills_by_run ON bills (run_id, id);
CREATE INDEX bills_by_customer ON bills (customer_id, period_to);

CREATE TABLE bill_events (
	id      TEXT PRIMARY KEY,
	bill_id TEXT NOT NULL REFERENCES bills (id),
	at      INTEGER NOT NULL,
	data    TEXT NOT NULL
) STRICT;
CREATE INDEX bill_events_by_bill ON bill_events (bill_id, at, id);
