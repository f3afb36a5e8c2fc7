-- tact schema, SQLite. Times are INTEGER microseconds since the Unix epoch (UTC),
-- civil dates TEXT 'YYYY-MM-DD', months TEXT 'YYYY-MM', money INTEGER cents.
-- The PostgreSQL twin of this file is internal/postgres/migrations/0001_init.sql.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE plans (
	code                TEXT PRIMARY KEY,
	name_fr             TEXT NOT NULL,
	name_en             TEXT NOT NULL,
	jurisdiction        TEXT NOT NULL,
	currency            TEXT NOT NULL,
	monthly_price_cents INTEGER NOT NULL,
	data_mb             INTEGER, -- NULL: unlimited
	voice_minutes       INTEGER,
	sms                 INTEGER,
	tier                INTEGER NOT NULL,
	active              INTEGER NOT NULL
) STRICT;

CREATE TABLE catalog_devices (
	code         TEXT PRIMARY KEY,
	brand        TEXT NOT NULL,
	model        TEXT NOT NULL,
	os           TEXT NOT NULL,
	jurisdiction TEXT NOT NULL,
	currency     TEXT NOT NULL,
	price_cents  INTEGER NOT NULL,
	active       INTEGER NOT NULL
) STRICT;

CREATE TABLE customers (
	id                  TEXT PRIMARY KEY,
	account_number      TEXT UNIQUE,
	given_name          TEXT NOT NULL,
	family_name         TEXT NOT NULL,
	name_key            TEXT NOT NULL,
	salutation          TEXT NOT NULL,
	form_of_address     TEXT NOT NULL,
	language            TEXT NOT NULL,
	jurisdiction        TEXT NOT NULL,
	time_zone           TEXT NOT NULL,
	status              TEXT NOT NULL,
	customer_since      TEXT,
	cancelling_since    TEXT,
	former_since        TEXT,
	postal_address      TEXT, -- JSON
	preferences         TEXT NOT NULL, -- JSON
	dnc_since           INTEGER,
	dnc_source          TEXT,
	third_party_billing INTEGER NOT NULL,
	advisor_id          TEXT,
	version             INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_by_name ON customers (name_key, id);

-- Phones and emails, one row each, so a number or an address finds its customer.
CREATE TABLE contact_points (
	customer_id TEXT NOT NULL REFERENCES customers (id),
	kind        TEXT NOT NULL, -- phone | email
	position    INTEGER NOT NULL,
	value       TEXT NOT NULL,
	phone_type  TEXT,
	label       TEXT,
	is_primary  INTEGER NOT NULL,
	PRIMARY KEY (customer_id, kind, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_points_by_value ON contact_points (value);

-- The current consent per channel and purpose; the history is in customer_events.
CREATE TABLE consents (
	customer_id TEXT NOT NULL REFERENCES customers (id),
	channel     TEXT NOT NULL,
	purpose     TEXT NOT NULL,
	granted     INTEGER NOT NULL,
	source      TEXT NOT NULL,
	proof       TEXT NOT NULL,
	given_at    INTEGER NOT NULL,
	PRIMARY KEY (customer_id, channel, purpose)
) STRICT, WITHOUT ROWID;

CREATE TABLE customer_events (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	at          INTEGER NOT NULL,
	actor_kind  TEXT NOT NULL,
	actor_id    TEXT NOT NULL,
	actor_name  TEXT NOT NULL,
	kind        TEXT NOT NULL,
	fields      TEXT, -- JSON array
	detail      TEXT  -- JSON object
) STRICT;
CREATE INDEX customer_events_timeline ON customer_events (customer_id, at DESC, id DESC);

CREATE TABLE lines (
	id                 TEXT PRIMARY KEY,
	customer_id        TEXT NOT NULL REFERENCES customers (id),
	number             TEXT NOT NULL,
	plan_code          TEXT NOT NULL REFERENCES plans (code),
	options            TEXT NOT NULL, -- JSON array
	started_on         TEXT NOT NULL,
	commitment_ends_on TEXT,
	status             TEXT NOT NULL,
	ended_on           TEXT,
	version            INTEGER NOT NULL,
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX lines_by_customer ON lines (customer_id);
-- Search by phone number finds ended lines too.
CREATE INDEX lines_by_number ON lines (number);
-- A number is on one live line at a time.
CREATE UNIQUE INDEX lines_live_number ON lines (number) WHERE status <> 'ended';

CREATE TABLE devices (
	id           TEXT PRIMARY KEY,
	customer_id  TEXT NOT NULL REFERENCES customers (id),
	line_id      TEXT REFERENCES lines (id),
	brand        TEXT NOT NULL,
	model        TEXT NOT NULL,
	os           TEXT NOT NULL,
	catalog_code TEXT,
	acquired_on  TEXT,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX devices_by_customer ON devices (customer_id);

CREATE TABLE usage (
	customer_id             TEXT NOT NULL REFERENCES customers (id),
	month                   TEXT NOT NULL,
	line_id                 TEXT NOT NULL REFERENCES lines (id),
	data_mb                 INTEGER NOT NULL,
	voice_minutes           INTEGER NOT NULL,
	sms                     INTEGER NOT NULL,
	roaming_data_mb         INTEGER NOT NULL,
	roaming_spend_cents     INTEGER NOT NULL,
	third_party_spend_cents INTEGER NOT NULL,
	currency                TEXT NOT NULL,
	PRIMARY KEY (customer_id, month, line_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE interactions (
	id          TEXT PRIMARY KEY,
	customer_id TEXT NOT NULL REFERENCES customers (id),
	channel     TEXT NOT NULL,
	direction   TEXT NOT NULL,
	purpose     TEXT NOT NULL,
	subject     TEXT NOT NULL,
	source      TEXT NOT NULL,
	external_id TEXT,
	actor       TEXT NOT NULL,
	caller_id   TEXT NOT NULL,
	started_at  INTEGER NOT NULL,
	ended_at    INTEGER,
	summary     TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	case_id     TEXT,
	recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX interactions_timeline ON interactions (customer_id, started_at DESC, id DESC);
-- A report is idempotent on (source, external_id).
CREATE UNIQUE INDEX interactions_by_external_id ON interactions (source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE api_tokens (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	scopes     TEXT NOT NULL, -- comma-separated
	hash       TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER,
	revoked_at INTEGER
) STRICT;

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	disabled_at   INTEGER
) STRICT;
