-- Credit notes, disputes and dunning decisions (issue 6). Each is kept whole as
-- JSON (internal/billing), judged in Go; the columns beside it are what
-- queries select on. A dispute freezes its amount for dunning; every dunning
-- decision is stored, allowed or not.
CREATE TABLE credit_notes (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	status      TEXT NOT NULL,
	version     INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	data        TEXT NOT NULL
) STRICT;
CREATE INDEX credit_notes_by_customer ON credit_notes (customer_id, created_at, id);

CREATE TABLE disputes (
	id         TEXT PRIMARY KEY,
	bill_id    TEXT NOT NULL REFERENCES bills (id),
	created_at INTEGER NOT NULL,
	data       TEXT NOT NULL
) STRICT;
CREATE INDEX disputes_by_bill ON disputes (bill_id, created_at, id);

CREATE TABLE dunning_decisions (
	id         TEXT PRIMARY KEY,
	bill_id    TEXT NOT NULL REFERENCES bills (id),
	decided_at INTEGER NOT NULL,
	data       TEXT NOT NULL
) STRICT;
CREATE INDEX dunning_decisions_by_bill ON dunning_decisions (bill_id, decided_at, id);
