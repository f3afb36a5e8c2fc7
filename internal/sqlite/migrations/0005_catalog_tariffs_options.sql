-- Plans gain their tariff (catalog.Tariff): what they charge beyond their
-- allowances, in cents of the plan's currency (the currency column), so that a
-- plan cannot mix currencies. roaming_data_mb is NULL for unlimited, as
-- data_mb is. Plans stored before this migration get zero prices and no
-- roaming data: nothing was recorded for them, and a zero price is "not
-- charged" in the domain, which is what the database knew.
ALTER TABLE plans ADD COLUMN data_per_gb_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN voice_per_minute_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN sms_each_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN roaming_data_mb INTEGER DEFAULT 0; -- NULL: unlimited
ALTER TABLE plans ADD COLUMN roaming_per_gb_cents INTEGER NOT NULL DEFAULT 0;

-- Options a line may carry (catalog.Option). Lines keep option codes in their
-- JSON options column, with no foreign key: a line may carry an option the
-- catalogue never listed (imported lines), as before this table existed.
CREATE TABLE catalog_options (
	code                TEXT PRIMARY KEY,
	name_fr             TEXT NOT NULL,
	name_en             TEXT NOT NULL,
	jurisdiction        TEXT NOT NULL,
	currency            TEXT NOT NULL,
	monthly_price_cents INTEGER NOT NULL,
	data_mb             INTEGER NOT NULL,
	roaming_data_mb     INTEGER NOT NULL,
	active              INTEGER NOT NULL
) STRICT;
