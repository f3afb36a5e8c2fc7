-- Open disputes and pending credit notes in the contact facts (the
-- dispute_open and credit_pending rules): a dispute now says whose it is and
-- whether it is open beside its JSON, so that the facts count a customer's
-- open disputes through a small partial index instead of reading his bills.
-- SQLite cannot add a NOT NULL column that references another table: every
-- row is filled here, and every insert fills it.
ALTER TABLE disputes ADD COLUMN customer_id TEXT REFERENCES customers (id);
ALTER TABLE disputes ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
UPDATE disputes SET customer_id = (SELECT customer_id FROM bills WHERE bills.id = disputes.bill_id),
	open = json_extract(data, '$.open');
CREATE INDEX disputes_open_by_customer ON disputes (customer_id) WHERE open;
