-- Survey answers (issue 7): one per customer and event, kept whole as JSON
-- (internal/survey.Response) with what was done with it (the case, the
-- promise to call back or follow up).
CREATE TABLE survey_responses (
	id          TEXT COLLATE "C" PRIMARY KEY,
	customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	event       TEXT NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL,
	data        JSONB NOT NULL,
	UNIQUE (customer_id, event)
);
CREATE INDEX survey_responses_by_customer ON survey_responses (customer_id, created_at, id);
