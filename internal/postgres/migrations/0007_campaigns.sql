-- Campaigns (issue 5): a campaign is kept whole as JSON
-- (internal/campaign.Campaign), judged in Go where its target expression is
-- compiled. Each campaign keeps its latest plan: the summary, and one entry per
-- customer of the audience (target, control, no_offer, suppressed,
-- unscheduled), replaced whole at each planning.
CREATE TABLE campaigns (
	code         TEXT PRIMARY KEY,
	jurisdiction TEXT NOT NULL,
	data         JSONB NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE campaign_plans (
	campaign_code TEXT PRIMARY KEY REFERENCES campaigns (code),
	planned_at    TIMESTAMPTZ NOT NULL,
	data          JSONB NOT NULL
);

CREATE TABLE campaign_entries (
	campaign_code TEXT NOT NULL REFERENCES campaigns (code),
	customer_id   TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	data          JSONB NOT NULL,
	PRIMARY KEY (campaign_code, customer_id)
);
CREATE INDEX campaign_entries_by_outcome ON campaign_entries (campaign_code, outcome, customer_id);
