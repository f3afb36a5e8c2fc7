-- The supervisor's page of the contacts denied or deferred (issue 8) at an
-- operator's volume: hundreds of thousands of refused decisions a week.
-- Counting them when the page is read (json_each over every refused decision
-- of the period) took seconds at 1M customers; here they are counted as they
-- are written, by the UTC hour, and the page sums a few thousand rows.
--
-- Triggers keep both tables, so every write of a decision (the group
-- committer's multi-row INSERT and its one-by-one retry, a survey's decision)
-- counts it in its own statement and transaction: a rolled-back write counts
-- nothing. Decisions are the audit of what tact answered: no code path
-- updates or deletes one, erasure included (it anonymises the customer and
-- keeps his decisions); a delete, were one ever made by hand or by a future
-- purge, is uncounted by its own trigger. A customer's jurisdiction never
-- changes (customer.Update refuses it), so the jurisdiction counted at insert
-- stays the one a count at read time would join.

-- contact_refusal_counts counts the refused decisions (verdict deny or defer)
-- of each UTC hour by what the page filters on: the customer's jurisdiction,
-- the purpose, the channel, the decision's verdict, and its reasons' rules
-- and verdicts as a JSON array of [rule, verdict] pairs in the decision's
-- order. Decisions refused for the same reasons share a row, so an hour has
-- as many rows as there are kinds of refusal in it, not one per rule: the
-- page filtered on a rule keeps the rows whose reasons name it and still
-- counts the other rules that objected to the same decisions.
-- hour comes first in the key so that every write of an hour lands at the
-- table's right edge, and a period's read walks one range.
CREATE TABLE contact_refusal_counts (
	hour         INTEGER NOT NULL, -- the hour's first microsecond since the epoch, UTC
	jurisdiction TEXT NOT NULL,
	purpose      TEXT NOT NULL,
	channel      TEXT NOT NULL,
	verdict      TEXT NOT NULL,
	reasons      TEXT NOT NULL, -- JSON [[rule, verdict], ...]
	n            INTEGER NOT NULL,
	PRIMARY KEY (hour, jurisdiction, purpose, channel, verdict, reasons)
) STRICT, WITHOUT ROWID;

-- contact_decision_reasons lists the refused decisions under rule '' (all of
-- them) and under each rule their reasons name (once per rule), with the
-- other columns the page filters on: the page walks the range of its rule
-- (or '') newest first and reads only the decisions it shows, instead of
-- reading every refused decision, and unpacking its reasons, until a page
-- is full (a filter few refusals pass read the whole week's).
CREATE TABLE contact_decision_reasons (
	rule         TEXT NOT NULL,
	decided_at   INTEGER NOT NULL,
	decision_id  TEXT NOT NULL,
	jurisdiction TEXT NOT NULL,
	purpose      TEXT NOT NULL,
	channel      TEXT NOT NULL,
	verdict      TEXT NOT NULL,
	PRIMARY KEY (rule, decided_at, decision_id)
) STRICT, WITHOUT ROWID;

-- A reason without a rule (the policy writes none) is left out of both: it
-- cannot be filtered on, and counting it must not fail the decision's write.
CREATE TRIGGER contact_decisions_refusals AFTER INSERT ON contact_decisions
WHEN NEW.verdict <> 'allow'
BEGIN
	INSERT INTO contact_refusal_counts (hour, jurisdiction, purpose, channel, verdict, reasons, n)
	SELECT NEW.decided_at - NEW.decided_at % 3600000000, c.jurisdiction, NEW.purpose, NEW.channel, NEW.verdict,
		(SELECT json_group_array(json_array(json_extract(r.value, '$.rule'), ifnull(json_extract(r.value, '$.verdict'), '')))
		 FROM json_each(NEW.reasons) r WHERE json_extract(r.value, '$.rule') <> ''), 1
	FROM customers c WHERE c.id = NEW.customer_id
	ON CONFLICT DO UPDATE SET n = n + 1;
	INSERT OR IGNORE INTO contact_decision_reasons (rule, decided_at, decision_id, jurisdiction, purpose, channel, verdict)
	SELECT r.rule, NEW.decided_at, NEW.id, c.jurisdiction, NEW.purpose, NEW.channel, NEW.verdict
	FROM customers c,
		(SELECT '' AS rule UNION ALL SELECT json_extract(value, '$.rule') FROM json_each(NEW.reasons) WHERE json_extract(value, '$.rule') <> '') r
	WHERE c.id = NEW.customer_id;
END;

CREATE TRIGGER contact_decisions_refusals_deleted AFTER DELETE ON contact_decisions
WHEN OLD.verdict <> 'allow'
BEGIN
	UPDATE contact_refusal_counts SET n = n - 1
	WHERE hour = OLD.decided_at - OLD.decided_at % 3600000000
		AND jurisdiction = (SELECT c.jurisdiction FROM customers c WHERE c.id = OLD.customer_id)
		AND purpose = OLD.purpose AND channel = OLD.channel AND verdict = OLD.verdict
		AND reasons = (SELECT json_group_array(json_array(json_extract(r.value, '$.rule'), ifnull(json_extract(r.value, '$.verdict'), '')))
			FROM json_each(OLD.reasons) r WHERE json_extract(r.value, '$.rule') <> '');
	DELETE FROM contact_refusal_counts
	WHERE hour = OLD.decided_at - OLD.decided_at % 3600000000 AND n = 0;
	DELETE FROM contact_decision_reasons
	WHERE rule IN (SELECT '' UNION ALL SELECT json_extract(r.value, '$.rule') FROM json_each(OLD.reasons) r)
		AND decided_at = OLD.decided_at AND decision_id = OLD.id;
END;

-- The decisions stored before this migration, counted as the triggers would.
INSERT INTO contact_refusal_counts (hour, jurisdiction, purpose, channel, verdict, reasons, n)
SELECT d.decided_at - d.decided_at % 3600000000, c.jurisdiction, d.purpose, d.channel, d.verdict,
	(SELECT json_group_array(json_array(json_extract(r.value, '$.rule'), ifnull(json_extract(r.value, '$.verdict'), '')))
	 FROM json_each(d.reasons) r WHERE json_extract(r.value, '$.rule') <> ''), count(*)
FROM contact_decisions d JOIN customers c ON c.id = d.customer_id
WHERE d.verdict <> 'allow'
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT OR IGNORE INTO contact_decision_reasons (rule, decided_at, decision_id, jurisdiction, purpose, channel, verdict)
SELECT '', d.decided_at, d.id, c.jurisdiction, d.purpose, d.channel, d.verdict
FROM contact_decisions d JOIN customers c ON c.id = d.customer_id
WHERE d.verdict <> 'allow'
UNION ALL
SELECT json_extract(r.value, '$.rule'), d.decided_at, d.id, c.jurisdiction, d.purpose, d.channel, d.verdict
FROM contact_decisions d JOIN customers c ON c.id = d.customer_id, json_each(d.reasons) r
WHERE d.verdict <> 'allow' AND json_extract(r.value, '$.rule') <> '';
