-- The supervisor's page of refused contacts sums a week of
-- contact_refusal_counts (0023): at an operator's volume ~11,000 hourly rows,
-- whose sum (a sort of 11,000 JSON keys) cost ~30 ms of CPU a request and
-- took the page near its 200 ms bound under load. The same counts by the
-- UTC day make a week about 1,500 rows: the page reads whole days here and
-- the hours at its ends from the hourly table (contactpolicy.CountSpans).
--
-- (0024 is left to the branch that clusters interactions, not merged.)

-- contact_refusal_days is contact_refusal_counts summed by the UTC day.
CREATE TABLE contact_refusal_days (
	day          INTEGER NOT NULL, -- the day's first microsecond since the epoch, UTC
	jurisdiction TEXT NOT NULL,
	purpose      TEXT NOT NULL,
	channel      TEXT NOT NULL,
	verdict      TEXT NOT NULL,
	reasons      TEXT NOT NULL, -- JSON [[rule, verdict], ...]
	n            INTEGER NOT NULL,
	PRIMARY KEY (day, jurisdiction, purpose, channel, verdict, reasons)
) STRICT, WITHOUT ROWID;

-- Kept from the hourly rows, so that the kind of refusal (its reasons
-- unpacked from the decision) is worked out once, by 0023's trigger: a new
-- hourly row adds its count, a count changed (0023's upsert, or its delete
-- trigger's minus one) adds the difference. An hourly row deleted has n = 0
-- (0023 deletes only those) and changes nothing; a day row may be left at 0,
-- which the page's sum leaves out as it does an hour's.
CREATE TRIGGER contact_refusal_counts_day AFTER INSERT ON contact_refusal_counts
BEGIN
	INSERT INTO contact_refusal_days (day, jurisdiction, purpose, channel, verdict, reasons, n)
	VALUES (NEW.hour - NEW.hour % 86400000000, NEW.jurisdiction, NEW.purpose, NEW.channel, NEW.verdict, NEW.reasons, NEW.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER contact_refusal_counts_day_changed AFTER UPDATE OF n ON contact_refusal_counts
BEGIN
	INSERT INTO contact_refusal_days (day, jurisdiction, purpose, channel, verdict, reasons, n)
	VALUES (NEW.hour - NEW.hour % 86400000000, NEW.jurisdiction, NEW.purpose, NEW.channel, NEW.verdict, NEW.reasons, NEW.n - OLD.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

INSERT INTO contact_refusal_days (day, jurisdiction, purpose, channel, verdict, reasons, n)
SELECT hour - hour % 86400000000, jurisdiction, purpose, channel, verdict, reasons, sum(n)
FROM contact_refusal_counts
GROUP BY 1, 2, 3, 4, 5, 6;
