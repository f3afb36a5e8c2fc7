-- Cases with one owner, promises made to customers, and what is sent to them
-- in writing (issue 3). Times are microseconds since the epoch, as in 0001.

ALTER TABLE users ADD COLUMN supervisor_id TEXT REFERENCES users (id);

CREATE TABLE cases (
	id                TEXT PRIMARY KEY,
	customer_id       TEXT NOT NULL REFERENCES customers (id),
	subject           TEXT NOT NULL,
	category          TEXT NOT NULL,
	channel           TEXT NOT NULL,
	status            TEXT NOT NULL,
	owner_id          TEXT,
	where_we_are      TEXT NOT NULL,
	resolution        TEXT NOT NULL,
	close_reason      TEXT,
	reopens_case_id   TEXT REFERENCES cases (id),
	opened_at         INTEGER NOT NULL,
	first_answer_due  INTEGER NOT NULL,
	resolution_due    INTEGER NOT NULL,
	first_answered_at INTEGER,
	resolved_at       INTEGER,
	closed_at         INTEGER,
	version           INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_by_customer ON cases (customer_id, opened_at DESC, id DESC);
CREATE INDEX cases_by_owner ON cases (owner_id, opened_at DESC, id DESC) WHERE owner_id IS NOT NULL;
-- The breach list walks open cases only.
CREATE INDEX cases_open ON cases (opened_at DESC, id DESC) WHERE status NOT IN ('resolved', 'closed');

CREATE TABLE case_events (
	id           TEXT PRIMARY KEY,
	case_id      TEXT NOT NULL REFERENCES cases (id),
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	at           INTEGER NOT NULL,
	actor_kind   TEXT NOT NULL,
	actor_id     TEXT NOT NULL,
	actor_name   TEXT NOT NULL,
	on_behalf_of TEXT,
	kind         TEXT NOT NULL,
	text         TEXT NOT NULL,
	from_owner   TEXT,
	to_owner     TEXT,
	from_status  TEXT,
	to_status    TEXT,
	detail       TEXT -- JSON object
) STRICT;
CREATE INDEX case_events_by_case ON case_events (case_id, at, id);
CREATE INDEX case_events_timeline ON case_events (customer_id, at DESC, id DESC);

CREATE TABLE commitments (
	id            TEXT PRIMARY KEY,
	customer_id   TEXT NOT NULL REFERENCES customers (id),
	case_id       TEXT REFERENCES cases (id),
	kind          TEXT NOT NULL,
	subject       TEXT NOT NULL,
	words         TEXT NOT NULL,
	channel       TEXT NOT NULL,
	due           INTEGER NOT NULL,
	slot_from     INTEGER,
	slot_to       INTEGER,
	owner_id      TEXT NOT NULL,
	status        TEXT NOT NULL,
	kept_at       INTEGER,
	evidence_kind TEXT,
	evidence_id   TEXT,
	cancelled_at  INTEGER,
	cancel_reason TEXT NOT NULL,
	overdue_at    INTEGER,
	escalated_to  TEXT,
	new_due       INTEGER,
	version       INTEGER NOT NULL,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX commitments_by_customer ON commitments (customer_id, due, id);
CREATE INDEX commitments_by_status ON commitments (status, due, id);
CREATE INDEX commitments_by_owner ON commitments (owner_id, due, id);
CREATE INDEX commitments_by_case ON commitments (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE commitment_events (
	id            TEXT PRIMARY KEY,
	commitment_id TEXT NOT NULL REFERENCES commitments (id),
	customer_id   TEXT NOT NULL REFERENCES customers (id),
	at            INTEGER NOT NULL,
	actor_kind    TEXT NOT NULL,
	actor_id      TEXT NOT NULL,
	actor_name    TEXT NOT NULL,
	on_behalf_of  TEXT,
	kind          TEXT NOT NULL,
	text          TEXT NOT NULL,
	from_status   TEXT,
	to_status     TEXT,
	detail        TEXT -- JSON object
) STRICT;
CREATE INDEX commitment_events_by_commitment ON commitment_events (commitment_id, at, id);
CREATE INDEX commitment_events_timeline ON commitment_events (customer_id, at DESC, id DESC);

CREATE TABLE deliveries (
	id            TEXT PRIMARY KEY,
	customer_id   TEXT NOT NULL REFERENCES customers (id),
	kind          TEXT NOT NULL,
	method        TEXT NOT NULL,
	recipient     TEXT NOT NULL,
	language      TEXT NOT NULL,
	subject       TEXT NOT NULL,
	body          TEXT NOT NULL,
	case_id       TEXT REFERENCES cases (id),
	commitment_id TEXT REFERENCES commitments (id),
	once_key      TEXT NOT NULL UNIQUE, -- a second delivery with the same key is the first
	status        TEXT NOT NULL,
	status_note   TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	sent_at       INTEGER,
	updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX deliveries_by_customer ON deliveries (customer_id, created_at, id);
CREATE INDEX deliveries_by_status ON deliveries (status, created_at, id);
CREATE INDEX deliveries_by_commitment ON deliveries (commitment_id) WHERE commitment_id IS NOT NULL;

-- The contacts about a case (the no-answer rule reads them).
CREATE INDEX interactions_by_case ON interactions (case_id, started_at DESC, id DESC) WHERE case_id IS NOT NULL;
