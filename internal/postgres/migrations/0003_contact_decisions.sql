-- Every outbound contact asks first (issue 4): the decisions given, kept for
-- audit; the surveys allowed, one per customer and event; the facts the
-- policy reads that were not stored yet. Times are timestamptz, as in 0001;
-- ids sort in byte order (COLLATE "C").

-- When the customer's numbers were last found clear on Bloctel or the DNCL.
ALTER TABLE customers ADD COLUMN opposition_checked_at timestamptz;

CREATE TABLE contact_decisions (
	id           text COLLATE "C" PRIMARY KEY,
	customer_id  text COLLATE "C" NOT NULL REFERENCES customers (id),
	purpose      text NOT NULL,
	channel      text NOT NULL,
	requested_at timestamptz, -- the request's at; NULL for now
	source       text NOT NULL,
	caller_id    text NOT NULL,
	campaign     text NOT NULL,
	subject      text NOT NULL,
	event        text NOT NULL,
	case_id      text NOT NULL,
	actor_kind   text NOT NULL,
	actor_id     text NOT NULL,
	actor_name   text NOT NULL,
	on_behalf_of text,
	verdict      text NOT NULL,
	judged_at    timestamptz NOT NULL,
	not_before   timestamptz,
	reasons      jsonb NOT NULL,
	decided_at   timestamptz NOT NULL
);
CREATE INDEX contact_decisions_by_customer ON contact_decisions (customer_id, decided_at DESC, id DESC);

-- The contact decision an interaction was made under.
ALTER TABLE interactions ADD COLUMN decision_id text COLLATE "C" REFERENCES contact_decisions (id);
-- Contacts made without asking, newest first, across customers.
CREATE INDEX interactions_unasked ON interactions (started_at DESC, id DESC)
	WHERE direction = 'outbound' AND decision_id IS NULL;

CREATE TABLE survey_requests (
	id          text COLLATE "C" PRIMARY KEY,
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	event       text COLLATE "C" NOT NULL,
	source      text NOT NULL,
	channel     text NOT NULL,
	at          timestamptz NOT NULL,
	decision_id text COLLATE "C" NOT NULL REFERENCES contact_decisions (id),
	created_at  timestamptz NOT NULL
);
-- One survey per event, whatever the vendor: two vendors asking at once are
-- told apart here, and the second is judged again.
CREATE UNIQUE INDEX survey_requests_once ON survey_requests (customer_id, event);
