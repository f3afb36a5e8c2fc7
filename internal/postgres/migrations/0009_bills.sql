-- Bills under review (issue 6). A run is the drafts a billing system submitted
-- together; each bill is kept whole as JSON (internal/billing.Bill, with its
-- review), judged in Go; the columns beside it are what queries select on.
-- Every change of a bill is an event: who released or adjusted a held bill,
-- and why. Ids and dates compared with < or > are COLLATE "C" (see 0001).
CREATE TABLE bill_runs (
	id           TEXT COLLATE "C" PRIMARY KEY,
	submitted_at TIMESTAMPTZ NOT NULL,
	data         JSONB NOT NULL
);

CREATE TABLE bills (
	id           TEXT COLLATE "C" PRIMARY KEY,
	run_id       TEXT COLLATE "C" NOT NULL REFERENCES bill_runs (id),
	customer_id  TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	status       TEXT NOT NULL,
	period_to    TEXT COLLATE "C" NOT NULL,
	total_cents  BIGINT NOT NULL,
	version      INTEGER NOT NULL,
	data         JSONB NOT NULL
);
CREATE INDEX bills_by_run ON bills (run_id, id);
CREATE INDEX bills_by_customer ON bills (customer_id, period_to);

CREATE TABLE bill_events (
	id      TEXT COLLATE "C" PRIMARY KEY,
	bill_id TEXT COLLATE "C" NOT NULL REFERENCES bills (id),
	at      TIMESTAMPTZ NOT NULL,
	data    JSONB NOT NULL
);
CREATE INDEX bill_events_by_bill ON bill_events (bill_id, at, id);

-- 0006 and 0007 kept codes and customer ids in the database's collation;
-- campaign entries are paged by customer id with >, so they compare bytes,
-- as in Go and SQLite.
ALTER TABLE offers ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE campaign_plans DROP CONSTRAINT campaign_plans_campaign_code_fkey;
ALTER TABLE campaign_entries DROP CONSTRAINT campaign_entries_campaign_code_fkey;
ALTER TABLE campaigns ALTER COLUMN code TYPE text COLLATE "C";
ALTER TABLE campaign_plans ALTER COLUMN campaign_code TYPE text COLLATE "C";
ALTER TABLE campaign_entries ALTER COLUMN campaign_code TYPE text COLLATE "C";
ALTER TABLE campaign_entries ALTER COLUMN customer_id TYPE text COLLATE "C";
ALTER TABLE campaign_plans ADD FOREIGN KEY (campaign_code) REFERENCES campaigns (code);
ALTER TABLE campaign_entries ADD FOREIGN KEY (campaign_code) REFERENCES campaigns (code);
