-- Every outbound contact asks first (issue 4): the decisions given, kept for
-- audit; the surveys allowed, one per customer and event; the facts the
-- policy reads that were not stored yet. Times are microseconds since the
-- epoch, as in 0001.

-- When the customer's numbers were last found clear on Bloctel or the DNCL.
ALTER TABLE customers ADD COLUMN opposition_checked_at INTEGER;

CREATE TABLE contact_decisions (
	id           TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	purpose      TEXT NOT NULL,
	channel      TEXT NOT NULL,
	requested_at INTEGER, -- the request's at; NULL for now
	source       TEXT NOT NULL,
	caller_id    TEXT NOT NULL,
	campaign     TEXT NOT NULL,
	subject      TEXT NOT NULL,
	event        TEXT NOT NULL,
	case_id      TEXT NOT NULL,
	actor_kind   TEXT NOT NULL,
	actor_id     TEXT NOT NULL,
	actor_name   TEXT NOT NULL,
	on_behalf_of TEXT,
	verdict      TEXT NOT NULL,
	judged_at    INTEGER NOT NULL,
	not_before   INTEGER,
	reasons      TEXT NOT NULL, -- JSON array
	decided_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX contact_decisions_by_customer ON contact_decisions (customer_id, decided_at DESC, id DESC);

-- The contact decision an interaction was made under.
ALTER TABLE interactions ADD COLUMN decision_id TEXT REFERENCES contact_decisions (id);
-- Contacts made without asking, newest first, across customers.
CREATE INDEX interactions_unasked ON interactions (started_at DESC, id DESC)
	WHERE direction = 'outbound' AND decision_id IS NULL;

CREATE TABLE survey_requests (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	event       TEXT NOT NULL,
	source      TEXT NOT NULL,
	channel     TEXT NOT NULL,
	at          INTEGER NOT NULL,
	decision_id TEXT NOT NULL REFERENCES contact_decisions (id),
	created_at  INTEGER NOT NULL
) STRICT;
-- One survey per event, whatever the vendor: two vendors asking at once are
-- told apart here, and the second is judged again.
CREATE UNIQUE INDEX survey_requests_once ON survey_requests (customer_id, event);
