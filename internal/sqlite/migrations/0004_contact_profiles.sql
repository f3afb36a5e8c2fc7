-- Contact profiles: the facts of each customer as a contact decision reads
-- them (contactpolicy.Profile), kept in one row so that a decision reads its
-- customer with one lookup instead of a dozen queries. A profile is written
-- from the rows by the profile writer, never by hand; the triggers below drop
-- it in the same transaction as any change to a row it was made from, so a
-- profile present is never stale, and a profile absent is read from the rows
-- (and written again). See internal/sqlite/profiles.go.
CREATE TABLE contact_profiles (
    customer_id TEXT PRIMARY KEY,
    data        BLOB NOT NULL
);

CREATE TRIGGER contact_profiles_customers_update AFTER UPDATE ON customers
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.id, NEW.id); END;
CREATE TRIGGER contact_profiles_customers_delete AFTER DELETE ON customers
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.id; END;

CREATE TRIGGER contact_profiles_contact_points_insert AFTER INSERT ON contact_points
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_contact_points_update AFTER UPDATE ON contact_points
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_contact_points_delete AFTER DELETE ON contact_points
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_consents_insert AFTER INSERT ON consents
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_consents_update AFTER UPDATE ON consents
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_consents_delete AFTER DELETE ON consents
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_lines_insert AFTER INSERT ON lines
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_lines_update AFTER UPDATE ON lines
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_lines_delete AFTER DELETE ON lines
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_devices_insert AFTER INSERT ON devices
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_devices_update AFTER UPDATE ON devices
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_devices_delete AFTER DELETE ON devices
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_interactions_insert AFTER INSERT ON interactions
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_interactions_update AFTER UPDATE ON interactions
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_interactions_delete AFTER DELETE ON interactions
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_survey_requests_insert AFTER INSERT ON survey_requests
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_survey_requests_update AFTER UPDATE ON survey_requests
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_survey_requests_delete AFTER DELETE ON survey_requests
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_commitments_insert AFTER INSERT ON commitments
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_commitments_update AFTER UPDATE ON commitments
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_commitments_delete AFTER DELETE ON commitments
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;

CREATE TRIGGER contact_profiles_cases_insert AFTER INSERT ON cases
BEGIN DELETE FROM contact_profiles WHERE customer_id = NEW.customer_id; END;
CREATE TRIGGER contact_profiles_cases_update AFTER UPDATE ON cases
BEGIN DELETE FROM contact_profiles WHERE customer_id IN (OLD.customer_id, NEW.customer_id); END;
CREATE TRIGGER contact_profiles_cases_delete AFTER DELETE ON cases
BEGIN DELETE FROM contact_profiles WHERE customer_id = OLD.customer_id; END;
