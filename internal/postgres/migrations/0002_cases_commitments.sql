-- Cases with one owner, promises made to customers, and what is sent to them
-- in writing (issue 3). Times are timestamptz, as in 0001; ids sort in byte order (COLLATE "C").

ALTER TABLE users ADD COLUMN supervisor_id text COLLATE "C" REFERENCES users (id);

CREATE TABLE cases (
	id                text COLLATE "C" PRIMARY KEY,
	customer_id       text COLLATE "C" NOT NULL REFERENCES customers (id),
	subject           text NOT NULL,
	category          text NOT NULL,
	channel           text NOT NULL,
	status            text NOT NULL,
	owner_id          text COLLATE "C",
	where_we_are      text NOT NULL,
	resolution        text NOT NULL,
	close_reason      text,
	reopens_case_id   text COLLATE "C" REFERENCES cases (id),
	opened_at         timestamptz NOT NULL,
	first_answer_due  timestamptz NOT NULL,
	resolution_due    timestamptz NOT NULL,
	first_answered_at timestamptz,
	resolved_at       timestamptz,
	closed_at         timestamptz,
	version           integer NOT NULL,
	updated_at        timestamptz NOT NULL
);
CREATE INDEX cases_by_customer ON cases (customer_id, opened_at DESC, id DESC);
CREATE INDEX cases_by_owner ON cases (owner_id, opened_at DESC, id DESC) WHERE owner_id IS NOT NULL;
-- The breach list walks open cases only.
CREATE INDEX cases_open ON cases (opened_at DESC, id DESC) WHERE status NOT IN ('resolved', 'closed');

CREATE TABLE case_events (
	id           text COLLATE "C" PRIMARY KEY,
	case_id      text COLLATE "C" NOT NULL REFERENCES cases (id),
	customer_id  text COLLATE "C" NOT NULL REFERENCES customers (id),
	at           timestamptz NOT NULL,
	actor_kind   text NOT NULL,
	actor_id     text COLLATE "C" NOT NULL,
	actor_name   text NOT NULL,
	on_behalf_of text COLLATE "C",
	kind         text NOT NULL,
	text         text NOT NULL,
	from_owner   text COLLATE "C",
	to_owner     text COLLATE "C",
	from_status  text,
	to_status    text,
	detail       jsonb -- object of strings
);
CREATE INDEX case_events_by_case ON case_events (case_id, at, id);
CREATE INDEX case_events_timeline ON case_events (customer_id, at DESC, id DESC);

CREATE TABLE commitments (
	id            text COLLATE "C" PRIMARY KEY,
	customer_id   text COLLATE "C" NOT NULL REFERENCES customers (id),
	case_id       text COLLATE "C" REFERENCES cases (id),
	kind          text NOT NULL,
	subject       text NOT NULL,
	words         text NOT NULL,
	channel       text NOT NULL,
	due           timestamptz NOT NULL,
	slot_from     timestamptz,
	slot_to       timestamptz,
	owner_id      text COLLATE "C" NOT NULL,
	status        text NOT NULL,
	kept_at       timestamptz,
	evidence_kind text,
	evidence_id   text COLLATE "C",
	cancelled_at  timestamptz,
	cancel_reason text NOT NULL,
	overdue_at    timestamptz,
	escalated_to  text COLLATE "C",
	new_due       timestamptz,
	version       integer NOT NULL,
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL
);
CREATE INDEX commitments_by_customer ON commitments (customer_id, due, id);
CREATE INDEX commitments_by_status ON commitments (status, due, id);
CREATE INDEX commitments_by_owner ON commitments (owner_id, due, id);
CREATE INDEX commitments_by_case ON commitments (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE commitment_events (
	id            text COLLATE "C" PRIMARY KEY,
	commitment_id text COLLATE "C" NOT NULL REFERENCES commitments (id),
	customer_id   text COLLATE "C" NOT NULL REFERENCES customers (id),
	at            timestamptz NOT NULL,
	actor_kind    text NOT NULL,
	actor_id      text COLLATE "C" NOT NULL,
	actor_name    text NOT NULL,
	on_behalf_of  text COLLATE "C",
	kind          text NOT NULL,
	text          text NOT NULL,
	from_status   text,
	to_status     text,
	detail        jsonb -- object of strings
);
CREATE INDEX commitment_events_by_commitment ON commitment_events (commitment_id, at, id);
CREATE INDEX commitment_events_timeline ON commitment_events (customer_id, at DESC, id DESC);

CREATE TABLE deliveries (
	id            text COLLATE "C" PRIMARY KEY,
	customer_id   text COLLATE "C" NOT NULL REFERENCES customers (id),
	kind          text NOT NULL,
	method        text NOT NULL,
	recipient     text NOT NULL,
	language      text NOT NULL,
	subject       text NOT NULL,
	body          text NOT NULL,
	case_id       text COLLATE "C" REFERENCES cases (id),
	commitment_id text COLLATE "C" REFERENCES commitments (id),
	once_key      text COLLATE "C" NOT NULL UNIQUE, -- a second delivery with the same key is the first
	status        text NOT NULL,
	status_note   text NOT NULL,
	created_at    timestamptz NOT NULL,
	sent_at       timestamptz,
	updated_at    timestamptz NOT NULL
);
CREATE INDEX deliveries_by_customer ON deliveries (customer_id, created_at, id);
CREATE INDEX deliveries_by_status ON deliveries (status, created_at, id);
CREATE INDEX deliveries_by_commitment ON deliveries (commitment_id) WHERE commitment_id IS NOT NULL;

-- The contacts about a case (the no-answer rule reads them).
CREATE INDEX interactions_by_case ON interactions (case_id, started_at DESC, id DESC) WHERE case_id IS NOT NULL;
