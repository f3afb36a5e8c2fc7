-- The supervisors' weekly quality figures (issue 8): computed by the quality
-- job, one row per jurisdiction and ISO week ('2026-W01', which sorts as
-- text), kept whole as JSON (internal/quality.WeekFigures). Reading a range
-- of weeks is one primary-key range, whatever the history.
CREATE TABLE quality_weeks (
	jurisdiction TEXT NOT NULL,
	week         TEXT NOT NULL,
	computed_at  INTEGER NOT NULL,
	data         TEXT NOT NULL,
	PRIMARY KEY (jurisdiction, week)
) STRICT, WITHOUT ROWID;

-- What the job selects a week by. The contacts of a week across every
-- customer, by direction, with the customer, read from the index alone.
CREATE INDEX interactions_by_start ON interactions (started_at, direction, customer_id);
-- The cases resolved in a week.
CREATE INDEX cases_by_resolution ON cases (resolved_at) WHERE resolved_at IS NOT NULL;
-- The promises due in a week.
CREATE INDEX commitments_by_due ON commitments (due);
-- The survey answers received in a week.
CREATE INDEX survey_responses_by_time ON survey_responses (created_at);
