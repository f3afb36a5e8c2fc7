-- Plans gain their tariff (catalog.Tariff): what they charge beyond their
-- allowances, in cents of the plan's currency (the currency column), so that a
-- plan cannot mix currencies. roaming_data_mb is NULL for unlimited, as
-- data_mb is. Plans stored before this migration get zero prices and no
-- roaming data: nothing was recorded for them, and a zero price is "not
-- charged" in the domain, which is what the database knew. Same columns as
-- SQLite's 0005.
ALTER TABLE plans
	ADD COLUMN data_per_gb_cents      bigint NOT NULL DEFAULT 0,
	ADD COLUMN voice_per_minute_cents bigint NOT NULL DEFAULT 0,
	ADD COLUMN sms_each_cents         bigint NOT NULL DEFAULT 0,
	ADD COLUMN roaming_data_mb        bigint DEFAULT 0, -- NULL: unlimited
	ADD COLUMN roaming_per_gb_cents   bigint NOT NULL DEFAULT 0;

-- Options a line may carry (catalog.Option). Lines keep option codes in their
-- options array, with no foreign key: a line may carry an option the
-- catalogue never listed (imported lines), as before this table existed.
-- Codes and jurisdictions sort byte-wise (COLLATE "C"), as in SQLite.
CREATE TABLE catalog_options (
	code                text COLLATE "C" PRIMARY KEY,
	name_fr             text NOT NULL,
	name_en             text NOT NULL,
	jurisdiction        text COLLATE "C" NOT NULL,
	currency            text NOT NULL,
	monthly_price_cents bigint NOT NULL,
	data_mb             bigint NOT NULL,
	roaming_data_mb     bigint NOT NULL,
	active              boolean NOT NULL
);
