-- Marketing data erasure (issue 7): three years after the relationship
-- ended, a former customer's marketing data is erased (internal/lifecycle,
-- rule marketing_data_erasure). marketing_erased_on is the day it was; NULL
-- while it was not. A customer who came back and left again has a later
-- former_since than his erasure, and is due again in his turn.
ALTER TABLE customers ADD COLUMN marketing_erased_on date;

-- The erasure job asks, every pass, for the former customers whose
-- relationship ended by a cutoff and whose data was not erased since, in
-- (former_since, id) order (id is COLLATE "C" since 0001): this index holds
-- those customers alone, in that order, so a pass reads the customers due
-- and not the whole base. The queries repeat its condition, with 'former'
-- written out, so that the planner can prove it and use the index.
CREATE INDEX customers_marketing_erasure ON customers (former_since, id)
	WHERE status = 'former' AND (marketing_erased_on IS NULL OR marketing_erased_on < former_since);
