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

-- The contact profiles (0004) now hold these counts too: a change to a
-- dispute or a credit note drops its customer's profile, as any change to a
-- row it was made from. The profiles written before this migration counted
-- neither: those of customers with an open dispute or a pending credit note
-- are dropped, and written again from the rows when next read.
CREATE TRIGGER contact_profiles_disputes_insert AFTER INSERT ON disputes
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_disputes_update AFTER UPDATE ON disputes
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_disputes_delete AFTER DELETE ON disputes
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_credit_notes_insert AFTER INSERT ON credit_notes
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_credit_notes_update AFTER UPDATE ON credit_notes
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_credit_notes_delete AFTER DELETE ON credit_notes
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

DELETE FROM contact_profiles WHERE customer_id IN (
	SELECT customer_id FROM disputes WHERE open
	UNION SELECT customer_id FROM credit_notes WHERE status = 'pending');
