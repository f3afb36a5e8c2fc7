-- The supervisor's page of refused contacts sums a week of
-- contact_refusal_counts (0023): at an operator's volume ~11,000 hourly rows
-- a week. The same counts by the UTC day make a week about 1,500 rows: the
-- page reads whole days here and the hours at its ends from the hourly
-- table (contactpolicy.CountSpans).
--
-- (0024 is left to the branch that clusters interactions, not merged.)

-- contact_refusal_days is contact_refusal_counts summed by the UTC day, by
-- backend as it is (0023 says why).
CREATE TABLE contact_refusal_days (
	day          timestamptz NOT NULL,
	jurisdiction text COLLATE "C" NOT NULL,
	purpose      text COLLATE "C" NOT NULL,
	channel      text COLLATE "C" NOT NULL,
	verdict      text COLLATE "C" NOT NULL,
	reasons      jsonb NOT NULL, -- [[rule, verdict], ...]
	backend      integer NOT NULL,
	n            bigint NOT NULL,
	PRIMARY KEY (day, jurisdiction, purpose, channel, verdict, reasons, backend)
);

-- 0023's functions, each now adding the kinds it counts to the day's rows
-- as to the hour's, from the same grouping (the kinds worked out once). The
-- day's rows are written after the hour's, each in key order, so that two
-- statements of one backend never lock rows out of that order.
CREATE OR REPLACE FUNCTION contact_decisions_refusals() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
	-- Most writes are of allowed decisions only.
	PERFORM FROM inserted WHERE verdict <> 'allow' LIMIT 1;
	IF NOT FOUND THEN
		RETURN NULL;
	END IF;
	WITH kinds AS (
		SELECT date_trunc('hour', d.decided_at, 'UTC') AS hour, c.jurisdiction, d.purpose, d.channel, d.verdict,
			coalesce((SELECT jsonb_agg(jsonb_build_array(r->>'rule', coalesce(r->>'verdict', '')) ORDER BY i)
				FROM jsonb_array_elements(d.reasons) WITH ORDINALITY AS e(r, i) WHERE r->>'rule' <> ''), '[]'::jsonb) AS reasons,
			count(*) AS n
		FROM inserted d JOIN customers c ON c.id = d.customer_id
		WHERE d.verdict <> 'allow'
		GROUP BY 1, 2, 3, 4, 5, 6
	), hours AS (
		INSERT INTO contact_refusal_counts AS t (hour, jurisdiction, purpose, channel, verdict, reasons, backend, n)
		SELECT hour, jurisdiction, purpose, channel, verdict, reasons, pg_backend_pid(), n FROM kinds
		ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT (hour, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n
	)
	INSERT INTO contact_refusal_days AS t (day, jurisdiction, purpose, channel, verdict, reasons, backend, n)
	SELECT date_trunc('day', hour, 'UTC'), jurisdiction, purpose, channel, verdict, reasons, pg_backend_pid(), sum(n) FROM kinds
	GROUP BY 1, 2, 3, 4, 5, 6
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT (day, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO contact_decision_reasons (rule, decided_at, decision_id, jurisdiction, purpose, channel, verdict)
	SELECT DISTINCT r.rule, d.decided_at, d.id, c.jurisdiction, d.purpose, d.channel, d.verdict
	FROM inserted d JOIN customers c ON c.id = d.customer_id
		CROSS JOIN LATERAL (SELECT '' UNION ALL SELECT x->>'rule' FROM jsonb_array_elements(d.reasons) x WHERE x->>'rule' <> '') r (rule)
	WHERE d.verdict <> 'allow';
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION contact_decisions_refusals_deleted() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
	WITH kinds AS (
		SELECT date_trunc('hour', d.decided_at, 'UTC') AS hour, c.jurisdiction, d.purpose, d.channel, d.verdict,
			coalesce((SELECT jsonb_agg(jsonb_build_array(r->>'rule', coalesce(r->>'verdict', '')) ORDER BY i)
				FROM jsonb_array_elements(d.reasons) WITH ORDINALITY AS e(r, i) WHERE r->>'rule' <> ''), '[]'::jsonb) AS reasons,
			-count(*) AS n
		FROM deleted d JOIN customers c ON c.id = d.customer_id
		WHERE d.verdict <> 'allow'
		GROUP BY 1, 2, 3, 4, 5, 6
	), hours AS (
		INSERT INTO contact_refusal_counts AS t (hour, jurisdiction, purpose, channel, verdict, reasons, backend, n)
		SELECT hour, jurisdiction, purpose, channel, verdict, reasons, pg_backend_pid(), n FROM kinds
		ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT (hour, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n
	)
	INSERT INTO contact_refusal_days AS t (day, jurisdiction, purpose, channel, verdict, reasons, backend, n)
	SELECT date_trunc('day', hour, 'UTC'), jurisdiction, purpose, channel, verdict, reasons, pg_backend_pid(), sum(n) FROM kinds
	GROUP BY 1, 2, 3, 4, 5, 6
	ORDER BY 1, 2, 3, 4, 5, 6
	ON CONFLICT (day, jurisdiction, purpose, channel, verdict, reasons, backend) DO UPDATE SET n = t.n + excluded.n;
	DELETE FROM contact_decision_reasons r
	USING deleted d CROSS JOIN LATERAL (SELECT '' UNION ALL SELECT x->>'rule' FROM jsonb_array_elements(d.reasons) x) x (rule)
	WHERE r.rule = x.rule AND r.decided_at = d.decided_at AND r.decision_id = d.id;
	RETURN NULL;
END
$$;

INSERT INTO contact_refusal_days (day, jurisdiction, purpose, channel, verdict, reasons, backend, n)
SELECT date_trunc('day', hour, 'UTC'), jurisdiction, purpose, channel, verdict, reasons, 0, sum(n)
FROM contact_refusal_counts
GROUP BY 1, 2, 3, 4, 5, 6;
