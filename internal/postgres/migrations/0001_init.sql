-- tact schema, PostgreSQL. The SQLite twin of this file is
-- internal/sqlite/migrations/0001_init.sql: same tables, same columns, same
-- constraints, in PostgreSQL's own types: timestamptz for times (microseconds,
-- like tact.Resolution), date for civil dates, text 'YYYY-MM' for months, bigint
-- cents, boolean, jsonb where SQLite keeps JSON text.
--
-- Every text column that is ordered on or compared with < or > (ids, name keys,
-- codes, months, the brand and model a list is sorted by) is COLLATE "C": it
-- compares bytes, as Go's string comparison and SQLite's BINARY do. A language
-- collation would order "løkke" before "lund" and "bq" before "Samsung", and
-- cursors built by the domain would skip or repeat rows.

CREATE TABLE meta (
	key   text COLLATE "C" PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE plans (
	code                text COLLATE "C" PRIMARY KEY,
	name_fr             text NOT NULL,
	name_en             text NOT NULL,
	jurisdiction        text COLLATE "C" NOT NULL,
	currency            text NOT NULL,
	monthly_price_cents bigint NOT NULL,
	data_mb             bigint, -- NULL: unlimited
	voice_minutes       bigint,
	sms                 bigint,
	tier                integer NOT NULL,
	active              boolean NOT NULL
);

CREATE TABLE catalog_devices (
	code         text COLLATE "C" PRIMARY KEY,
	brand        text COLLATE "C" NOT NULL,
	model        text COLLATE "C" NOT NULL,
	os           text NOT NULL,
	jurisdiction text COLLATE "C" NOT NULL,
	currency     text NOT NULL,
	price_cents  bigint NOT NULL,
	active       boolean NOT NULL
);

CREATE TABLE customers (
	id                  text COLLATE "C" PRIMARY KEY,
	account_number      text COLLATE "C" UNIQUE,
	given_name          text NOT NULL,
	family_name         text NOT NULL,
	name_key            text COLLATE "C" NOT NULL,
	salutation          text NOT NULL,
	form_of_address     text NOT NULL,
	language            text NOT NULL,
	jurisdiction        text NOT NULL,
	time_zone           text NOT NULL,
	status              text NOT NULL,
	customer_since      date,
	cancelling_since    date,
	former_since        date,
	postal_address      jsonb,
	preferences         jsonb NOT NULL,
	dnc_since           timestamptz,
	dnc_source          text,
	third_party_billing boolean NOT NULL,
	advisor_id          text COLLATE "C",
	version             integer NOT NULL,
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL
);
CREATE INDEX customers_by_name ON customers (name_key, id);

-- Phones and emails, one row each, so a number or an address finds its customer.
CREATE TABLE contact_points (
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	kind        text COLLATE "C" NOT NULL, -- phone | email
	position    integer NOT NULL,
	value       text COLLATE "C" NOT NULL,
	phone_type  text,
	label       text,
	is_primary  boolean NOT NULL,
	PRIMARY KEY (customer_id, kind, position)
);
CREATE INDEX contact_points_by_value ON contact_points (value);

-- The current consent per channel and purpose; the history is in customer_events.
CREATE TABLE consents (
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	channel     text COLLATE "C" NOT NULL,
	purpose     text COLLATE "C" NOT NULL,
	granted     boolean NOT NULL,
	source      text NOT NULL,
	proof       text NOT NULL,
	given_at    timestamptz NOT NULL,
	PRIMARY KEY (customer_id, channel, purpose)
);

CREATE TABLE customer_events (
	id          text COLLATE "C" PRIMARY KEY,
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	at          timestamptz NOT NULL,
	actor_kind  text NOT NULL,
	actor_id    text NOT NULL,
	actor_name  text NOT NULL,
	kind        text NOT NULL,
	fields      jsonb, -- array of field names
	detail      jsonb  -- object of strings
);
CREATE INDEX customer_events_timeline ON customer_events (customer_id, at DESC, id DESC);

CREATE TABLE lines (
	id                 text COLLATE "C" PRIMARY KEY,
	customer_id        text COLLATE "C" NOT NULL REFERENCES customers (id),
	number             text COLLATE "C" NOT NULL,
	plan_code          text COLLATE "C" NOT NULL REFERENCES plans (code),
	options            jsonb NOT NULL, -- array of option codes
	started_on         date NOT NULL,
	commitment_ends_on date,
	status             text NOT NULL,
	ended_on           date,
	version            integer NOT NULL,
	created_at         timestamptz NOT NULL,
	updated_at         timestamptz NOT NULL
);
CREATE INDEX lines_by_customer ON lines (customer_id);
-- Searching customers by a phone number also looks at their lines' numbers.
CREATE INDEX lines_by_number ON lines (number);
-- A number is on one live line at a time.
CREATE UNIQUE INDEX lines_live_number ON lines (number) WHERE status <> 'ended';

CREATE TABLE devices (
	id           text COLLATE "C" PRIMARY KEY,
	customer_id  text COLLATE "C" NOT NULL REFERENCES customers (id),
	line_id      text COLLATE "C" REFERENCES lines (id),
	brand        text NOT NULL,
	model        text NOT NULL,
	os           text NOT NULL,
	catalog_code text,
	acquired_on  date,
	created_at   timestamptz NOT NULL
);
CREATE INDEX devices_by_customer ON devices (customer_id);

CREATE TABLE usage (
	customer_id             text COLLATE "C" NOT NULL REFERENCES customers (id),
	month                   text COLLATE "C" NOT NULL,
	line_id                 text COLLATE "C" NOT NULL REFERENCES lines (id),
	data_mb                 bigint NOT NULL,
	voice_minutes           bigint NOT NULL,
	sms                     bigint NOT NULL,
	roaming_data_mb         bigint NOT NULL,
	roaming_spend_cents     bigint NOT NULL,
	third_party_spend_cents bigint NOT NULL,
	currency                text NOT NULL,
	PRIMARY KEY (customer_id, month, line_id)
);

CREATE TABLE interactions (
	id          text COLLATE "C" PRIMARY KEY,
	customer_id text COLLATE "C" NOT NULL REFERENCES customers (id),
	channel     text NOT NULL,
	direction   text NOT NULL,
	purpose     text NOT NULL,
	subject     text NOT NULL,
	source      text COLLATE "C" NOT NULL,
	external_id text COLLATE "C",
	actor       text NOT NULL,
	caller_id   text NOT NULL,
	started_at  timestamptz NOT NULL,
	ended_at    timestamptz,
	summary     text NOT NULL,
	outcome     text NOT NULL,
	case_id     text,
	recorded_at timestamptz NOT NULL
);
CREATE INDEX interactions_timeline ON interactions (customer_id, started_at DESC, id DESC);
-- A report is idempotent on (source, external_id).
CREATE UNIQUE INDEX interactions_by_external_id ON interactions (source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE api_tokens (
	id         text COLLATE "C" PRIMARY KEY,
	name       text NOT NULL,
	scopes     text[] NOT NULL,
	hash       text COLLATE "C" NOT NULL UNIQUE,
	created_at timestamptz NOT NULL,
	expires_at timestamptz,
	revoked_at timestamptz
);

CREATE TABLE users (
	id            text COLLATE "C" PRIMARY KEY,
	email         text COLLATE "C" NOT NULL UNIQUE,
	name          text NOT NULL,
	role          text NOT NULL,
	password_hash text NOT NULL,
	created_at    timestamptz NOT NULL,
	disabled_at   timestamptz
);
