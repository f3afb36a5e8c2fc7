-- Offers (issue 5): a proposal of the catalogue at a price guaranteed until a
-- date, to the customers its eligibility expression admits. The offer is kept
-- whole as JSON (internal/offer.Offer): it is read and judged in Go, where its
-- expression is compiled; the columns beside it are what lists filter on.
CREATE TABLE offers (
	code         TEXT PRIMARY KEY,
	jurisdiction TEXT NOT NULL,
	active       INTEGER NOT NULL,
	data         TEXT NOT NULL
) STRICT;
CREATE INDEX offers_by_jurisdiction ON offers (jurisdiction, code);
