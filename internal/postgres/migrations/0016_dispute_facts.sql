-- Open disputes and pending credit notes in the contact facts (the
-- dispute_open and credit_pending rules): a dispute now says whose it is and
-- whether it is open beside its JSON, so that the facts count a customer's
-- open disputes through a small partial index instead of reading his bills.
-- (SQLite's contact profiles follow disputes and credit notes from this
-- migration on; PostgreSQL keeps no profiles.)
ALTER TABLE disputes ADD COLUMN customer_id TEXT COLLATE "C" REFERENCES customers (id),
	ADD COLUMN open BOOLEAN NOT NULL DEFAULT false;
UPDATE disputes SET customer_id = bills.customer_id, open = (disputes.data->>'open')::boolean
	FROM bills WHERE bills.id = disputes.bill_id;
ALTER TABLE disputes ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN open DROP DEFAULT;
CREATE INDEX disputes_open_by_customer ON disputes (customer_id) WHERE open;
