-- The offer an offer delivery carries (issue 6): a bill insert is drawn again
-- from it when the bill is printed.
ALTER TABLE deliveries ADD COLUMN offer_code TEXT;
