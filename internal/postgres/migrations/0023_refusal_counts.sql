-- The supervisor's page of the contacts denied or deferred (issue 8) at an
-- operator's volume: hundreds of thousands of refused decisions a week.
-- Counting them when the page is read (jsonb_array_elements over every
-- refused decision of the period) took seconds at 1M customers; here they
-- are counted as they are written, by the UTC hour, and the page sums a few
-- thousand rows.
--
-- Triggers keep both tables, so every write of a decision (a COPY, a
-- batch of INSERTs, a survey's decision) counts it in its own statement and
-- transaction: a rolled-back write counts nothing. Decisions are the audit
-- of what tact answered: no code path updates or deletes one, erasure
-- included (it anonymises the customer and keeps his decisions); a delete,
-- were one ever made by hand or by a future purge, is uncounted by its own
-- trigger. A customer's jurisdiction never changes (customer.Update refuses
-- it), so the jurisdiction counted at insert stays the one a count at read
-- time would join.

-- contact_refusal_counts counts the refused decisions (verdict deny or defer)
-- of each UTC hour by what the page filters on: the customer's jurisdiction,
-- the purpose, the channel, the decision's verdict, and its reasons' rules
-- and verdicts as a JSON array of [rule, verdict] pairs in the decision's
-- order. Decisions refused for the same reasons share a row, so an hour has
-- as many rows as there are kinds of refusal in it, not one per rule: the
-- page filtered on a rule keeps the rows whose reasons name it and still
-- counts the other rules that objected to the same decisions.
--
-- backend is the server process that counted: each process adds to rows of
-- its own, so that concurrent transactions deciding alike never wait for
-- each other's commit on a shared row (nor deadlock on two), and a period's
-- read sums the processes' rows too. The backfill's rows are backend 0.
CREATE TABLE contact_refusal_counts (
	hour         timestamptz NOT NULL,
	jurisdiction text COLLATE "C" NOT NULL,
	purpose      text COLLATE "C" NOT NULL,
	channel      text COLLATE "C" NOT NULL,
	verdict      text COLLATE "C" NOT NULL,
	reasons      jsonb NOT NULL, -- [[rule, verdict], ...]
	backend      integer NOT NULL,
	n            bigint NOT NULL,
	PRIMARY KEY (hour, jurisdiction, purpose, channel, verdict, reasons, backend)
);

-- contact_decision_reasons lists the refused decisions under rule '' (all of
-- them) and under each rule their reasons name (once per rule), with the
-- other columns the page filters on: the page walks the range of its rule
-- (or '') newest first and reads only the decisions it shows, instead of
-- reading every refused decision, and unpacking its reasons, until a page
-- is full (a filter few refusals pass read the whole week's).
CREATE TABLE contact_decision_reasons (
	rule         text COLLATE "C" NOT NULL,
	decided_at   timestamptz NOT NULL,
	decision_id  text COLLATE "C" NOT NULL,
	jurisdiction text COLLATE "C" NOT NULL,
	purpose      text COLLATE "C" NOT NULL,
	channel      text COLLATE "C" NOT NULL,
	verdict      text COLLATE "C" NOT NULL,
	PRIMARY KEY (rule, decided_at, decision_id)
);

-- A decision's kind of refusal is its reasons as [rule, verdict] pairs, in
-- their order. A reason without a rule (the policy writes none) is left out
-- of both tables: it cannot be filtered on, and counting it must not fail
-- the decision's write. The expression is written out in each query rather
-- than called as an SQL function, whose body would be planned again at each
-- write.

-- Statement-level: a COPY of 10,000 decisions adds to each of its kinds'
-- rows once (a row updated once per decision in one transaction would grow
-- a chain of versions that each update walks). The rows are written in key
-- order, so that two statements of one backend's transaction never lock a
-- row out of that order. No JIT: the planner guesses a hundred reasons a
-- decision (jsonb_array_elements) and would compile the queries of every
-- write, a few hundred milliseconds each.
CREATE FUNCTION contact_decisions_refusals() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
	-- Most writes are of allowed decisions only.
	PERFORM FROM inserted WHERE verdict <> 'allow' LIMIT 1;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	INSERT INTO contact_refusal_counts AS t (hour, jurisdiction, purpose, channel, verdict, reasons, backend, n)
	SELECT date_trunc('hour', d.decided_at, 'UTC'), c.jurisdiction, d.purpose, d.channel, d.verdict,
		coalesce((SELECT jsonb_agg(jsonb_build_array(r->>'rule', coalesce(r->>'verdict', '')) ORDER BY i)
			FROM jsonb_array_elements(d.reasons) WITH ORDINALITY AS e(r, i) WHERE r->>'rule' <> ''), '[]'::jsonb),
		pg_backend_pid(), count(*)
	FROM inserted d JOIN customers c ON c.id = d.customer_id
	WHERE d.verdict <> 'allow'
	GROUP BY 1, 2, 3, 4, 5, 6
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT (hour, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO contact_decision_reasons (rule, decided_at, decision_id, jurisdiction, purpose, channel, verdict)
	SELECT DISTINCT r.rule, d.decided_at, d.id, c.jurisdiction, d.purpose, d.channel, d.verdict
	FROM inserted d JOIN customers c ON c.id = d.customer_id
		CROSS JOIN LATERAL (SELECT '' UNION ALL SELECT x->>'rule' FROM jsonb_array_elements(d.reasons) x WHERE x->>'rule' <> '') r (rule)
	WHERE d.verdict <> 'allow';
	RETURN NULL;
END
$$;
CREATE TRIGGER contact_decisions_refusals AFTER INSERT ON contact_decisions
	REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION contact_decisions_refusals();

-- A delete is counted as minus one under the deleting backend's rows.
CREATE FUNCTION contact_decisions_refusals_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
	INSERT INTO contact_refusal_counts AS t (hour, jurisdiction, purpose, channel, verdict, reasons, backend, n)
	SELECT date_trunc('hour', d.decided_at, 'UTC'), c.jurisdiction, d.purpose, d.channel, d.verdict,
		coalesce((SELECT jsonb_agg(jsonb_build_array(r->>'rule', coalesce(r->>'verdict', '')) ORDER BY i)
			FROM jsonb_array_elements(d.reasons) WITH ORDINALITY AS e(r, i) WHERE r->>'rule' <> ''), '[]'::jsonb),
		pg_backend_pid(), -count(*)
	FROM deleted d JOIN customers c ON c.id = d.customer_id
	WHERE d.verdict <> 'allow'
	GROUP BY 1, 2, 3, 4, 5, 6
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT (hour, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n;
	DELETE FROM contact_decision_reasons r
	USING deleted d CROSS JOIN LATERAL (SELECT '' UNION ALL SELECT x->>'rule' FROM jsonb_array_elements(d.reasons) x) x (rule)
	WHERE r.rule = x.rule AND r.decided_at = d.decided_at AND r.decision_id = d.id;
	RETURN NULL;
END
$$;
CREATE TRIGGER contact_decisions_refusals_deleted AFTER DELETE ON contact_decisions
	REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION contact_decisions_refusals_deleted();

-- The decisions stored before this migration, counted as the triggers would.
INSERT INTO contact_refusal_counts (hour, jurisdiction, purpose, channel, verdict, reasons, backend, n)
SELECT date_trunc('hour', d.decided_at, 'UTC'), c.jurisdiction, d.purpose, d.channel, d.verdict,
	coalesce((SELECT jsonb_agg(jsonb_build_array(r->>'rule', coalesce(r->>'verdict', '')) ORDER BY i)
		FROM jsonb_array_elements(d.reasons) WITH ORDINALITY AS e(r, i) WHERE r->>'rule' <> ''), '[]'::jsonb), 0, count(*)
FROM contact_decisions d JOIN customers c ON c.id = d.customer_id
WHERE d.verdict <> 'allow'
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO contact_decision_reasons (rule, decided_at, decision_id, jurisdiction, purpose, channel, verdict)
SELECT DISTINCT r.rule, d.decided_at, d.id, c.jurisdiction, d.purpose, d.channel, d.verdict
FROM contact_decisions d JOIN customers c ON c.id = d.customer_id
	CROSS JOIN LATERAL (SELECT '' UNION ALL SELECT x->>'rule' FROM jsonb_array_elements(d.reasons) x WHERE x->>'rule' <> '') r (rule)
WHERE d.verdict <> 'allow';
