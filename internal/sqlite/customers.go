package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// CustomerStore implements customer.Store.
type CustomerStore struct{ db *DB }

var _ customer.Store = (*CustomerStore)(nil)

// NewCustomerStore returns the customer store of db.
func NewCustomerStore(db *DB) *CustomerStore { return &CustomerStore{db: db} }

const customerColumns = `id, account_number, given_name, family_name, salutation, form_of_address, language,
	jurisdiction, time_zone, status, customer_since, cancelling_since, former_since, postal_address, preferences,
	dnc_since, dnc_source, third_party_billing, advisor_id, version, created_at, updated_at, opposition_checked_at,
	marketing_erased_on`

// CreateCustomer implements customer.Store.
func (s *CustomerStore) CreateCustomer(ctx context.Context, c *customer.Customer, events []customer.Event) error {
	c.Version = 1
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if err := insertCustomer(ctx, tx, c); err != nil {
			return err
		}
		if err := replaceContactPoints(ctx, tx, c, false); err != nil {
			return err
		}
		if err := replaceConsents(ctx, tx, c, false); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
}

func customerArgs(c *customer.Customer) ([]any, error) {
	var addr any
	if c.Address != nil {
		b, err := json.Marshal(c.Address)
		if err != nil {
			return nil, err
		}
		addr = string(b)
	}
	prefs, err := json.Marshal(c.Preferences)
	if err != nil {
		return nil, err
	}
	var dncSince, dncSource any
	if c.DoNotCall != nil {
		dncSince, dncSource = micros(c.DoNotCall.Since), c.DoNotCall.Source
	}
	return []any{c.ID, nullString(c.AccountNumber), c.GivenName, c.FamilyName, string(c.Salutation),
		string(c.FormOfAddress), string(c.Language), string(c.Jurisdiction), c.TimeZone, string(c.Status),
		nullDate(c.CustomerSince), nullDate(c.CancellingSince), nullDate(c.FormerSince), addr, string(prefs),
		dncSince, dncSource, c.ThirdPartyBilling, nullString(c.AdvisorID), c.Version, micros(c.CreatedAt), micros(c.UpdatedAt),
		nullMicros(c.OppositionCheckedAt), nullDate(c.MarketingErasedOn), customer.NameKey(c.FamilyName, c.GivenName)}, nil
}

func insertCustomer(ctx context.Context, tx *sql.Tx, c *customer.Customer) error {
	args, err := customerArgs(c)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO customers (`+customerColumns+`, name_key) VALUES (`+placeholders(25)+`)`, args...)
	if isUnique(err) {
		return tact.FieldError(tact.CodeConflict, "account_number", "account number %q belongs to another customer", c.AccountNumber)
	}
	return err
}

// replaceContactPoints writes the customer's phones and emails, replacing those
// on file (few rows: rewriting them is simpler than diffing and as fast).
func replaceContactPoints(ctx context.Context, tx *sql.Tx, c *customer.Customer, existing bool) error {
	if existing {
		if _, err := tx.ExecContext(ctx, "DELETE FROM contact_points WHERE customer_id = ?", c.ID); err != nil {
			return err
		}
	}
	for i, p := range c.Phones {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_points (customer_id, kind, position, value, phone_type, label, is_primary)
			VALUES (?, 'phone', ?, ?, ?, ?, ?)`, c.ID, i, p.Number, string(p.Type), p.Label, p.Primary); err != nil {
			return err
		}
	}
	for i, e := range c.Emails {
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_points (customer_id, kind, position, value, phone_type, label, is_primary)
			VALUES (?, 'email', ?, ?, NULL, NULL, ?)`, c.ID, i, e.Address, e.Primary); err != nil {
			return err
		}
	}
	return nil
}

func replaceConsents(ctx context.Context, tx *sql.Tx, c *customer.Customer, existing bool) error {
	if existing {
		if _, err := tx.ExecContext(ctx, "DELETE FROM consents WHERE customer_id = ?", c.ID); err != nil {
			return err
		}
	}
	for _, k := range c.Consents {
		if _, err := tx.ExecContext(ctx, `INSERT INTO consents (customer_id, channel, purpose, granted, source, proof, given_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, string(k.Channel), string(k.Purpose), k.Granted, string(k.Source), k.Proof, micros(k.At)); err != nil {
			return err
		}
	}
	return nil
}

const eventColumns = "id, customer_id, at, actor_kind, actor_id, actor_name, kind, fields, detail"

func eventArgs(e customer.Event) []any {
	var fields, detail any
	if len(e.Fields) > 0 {
		b, _ := json.Marshal(e.Fields)
		fields = string(b)
	}
	if len(e.Detail) > 0 {
		b, _ := json.Marshal(e.Detail)
		detail = string(b)
	}
	return []any{e.ID, e.CustomerID, micros(e.At), string(e.Actor.Kind), e.Actor.ID, e.Actor.Name, string(e.Kind), fields, detail}
}

func insertEvents(ctx context.Context, tx *sql.Tx, events []customer.Event) error {
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, "INSERT INTO customer_events ("+eventColumns+") VALUES ("+placeholders(9)+")", eventArgs(e)...); err != nil {
			return err
		}
	}
	return nil
}

// FindCustomerByID implements customer.Store.
func (s *CustomerStore) FindCustomerByID(ctx context.Context, id string) (*customer.Customer, error) {
	var c *customer.Customer
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		list, err := queryCustomers(ctx, tx, "SELECT "+customerColumns+" FROM customers WHERE id = ?", id)
		c, err = tact.First(list, err, "customer", id)
		return err
	})
	return c, err
}

// queryCustomers runs a query returning customerColumns and loads the contact
// points and consents of every customer it returns.
func queryCustomers(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]*customer.Customer, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*customer.Customer
	byID := map[string]*customer.Customer{}
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	ids := make([]any, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	in := placeholders(len(ids))
	cps, err := tx.QueryContext(ctx, `SELECT customer_id, kind, value, phone_type, label, is_primary FROM contact_points
		WHERE customer_id IN (`+in+`) ORDER BY customer_id, kind, position`, ids...)
	if err != nil {
		return nil, err
	}
	defer cps.Close()
	for cps.Next() {
		var id, kind, value string
		var ptype, label sql.NullString
		var primary bool
		if err := cps.Scan(&id, &kind, &value, &ptype, &label, &primary); err != nil {
			return nil, err
		}
		c := byID[id]
		if kind == "phone" {
			c.Phones = append(c.Phones, customer.Phone{Number: value, Type: customer.PhoneType(ptype.String), Label: label.String, Primary: primary})
		} else {
			c.Emails = append(c.Emails, customer.Email{Address: value, Primary: primary})
		}
	}
	if err := cps.Err(); err != nil {
		return nil, err
	}
	ks, err := tx.QueryContext(ctx, `SELECT customer_id, channel, purpose, granted, source, proof, given_at FROM consents
		WHERE customer_id IN (`+in+`) ORDER BY customer_id, channel, purpose`, ids...)
	if err != nil {
		return nil, err
	}
	defer ks.Close()
	for ks.Next() {
		var id, ch, purpose, source, proof string
		var granted bool
		var at int64
		if err := ks.Scan(&id, &ch, &purpose, &granted, &source, &proof, &at); err != nil {
			return nil, err
		}
		byID[id].Consents = append(byID[id].Consents, customer.Consent{Channel: tact.Channel(ch), Purpose: tact.Purpose(purpose),
			Granted: granted, Source: customer.ConsentSource(source), Proof: proof, At: fromMicros(at)})
	}
	return list, ks.Err()
}

func scanCustomer(rows *sql.Rows) (*customer.Customer, error) {
	var c customer.Customer
	var account, advisor, addr, dncSource sql.NullString
	var since, cancelling, former, erased sql.NullString
	var dncSince, opposition sql.NullInt64
	var prefs string
	var created, updated int64
	if err := rows.Scan(&c.ID, &account, &c.GivenName, &c.FamilyName, &c.Salutation, &c.FormOfAddress, &c.Language,
		&c.Jurisdiction, &c.TimeZone, &c.Status, &since, &cancelling, &former, &addr, &prefs,
		&dncSince, &dncSource, &c.ThirdPartyBilling, &advisor, &c.Version, &created, &updated, &opposition, &erased); err != nil {
		return nil, err
	}
	c.OppositionCheckedAt = timePtr(opposition)
	c.AccountNumber, c.AdvisorID = account.String, advisor.String
	c.CustomerSince, c.CancellingSince, c.FormerSince = parseDate(since), parseDate(cancelling), parseDate(former)
	c.MarketingErasedOn = parseDate(erased)
	c.CreatedAt, c.UpdatedAt = fromMicros(created), fromMicros(updated)
	if addr.Valid {
		c.Address = new(customer.Address)
		if err := json.Unmarshal([]byte(addr.String), c.Address); err != nil {
			return nil, fmt.Errorf("customer %s: address: %w", c.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(prefs), &c.Preferences); err != nil {
		return nil, fmt.Errorf("customer %s: preferences: %w", c.ID, err)
	}
	if dncSince.Valid {
		c.DoNotCall = &customer.DoNotCall{Since: fromMicros(dncSince.Int64), Source: dncSource.String}
	}
	return &c, nil
}

// FindCustomers implements customer.Store. Each kind of search reads its own
// index; the results are merged in name order.
func (s *CustomerStore) FindCustomers(ctx context.Context, f customer.Filter) ([]*customer.Customer, error) {
	limit := tact.PageSize(f.Limit)
	var where []string
	var args []any
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Jurisdiction != "" {
		where, args = append(where, "jurisdiction = ?"), append(args, string(f.Jurisdiction))
	}
	if f.AdvisorID != "" {
		where, args = append(where, "advisor_id = ?"), append(args, f.AdvisorID)
	}
	if !f.After.IsZero() {
		where, args = append(where, "(name_key, id) > (?, ?)"), append(args, f.After.Key, f.After.ID)
	}
	var matchers []string
	var matchArgs [][]any
	sq := f.Search
	if len(sq.IDs) > 0 {
		matchers, matchArgs = append(matchers, "id IN ("+placeholders(len(sq.IDs))+")"), append(matchArgs, anys(sq.IDs))
	}
	if len(sq.Accounts) > 0 {
		matchers, matchArgs = append(matchers, "account_number IN ("+placeholders(len(sq.Accounts))+")"), append(matchArgs, anys(sq.Accounts))
	}
	if vals := append(append([]string{}, sq.Phones...), sq.Emails...); len(vals) > 0 {
		matchers = append(matchers, "id IN (SELECT customer_id FROM contact_points WHERE value IN ("+placeholders(len(vals))+"))")
		matchArgs = append(matchArgs, anys(vals))
	}
	if len(sq.Phones) > 0 {
		matchers = append(matchers, "id IN (SELECT customer_id FROM lines WHERE number IN ("+placeholders(len(sq.Phones))+"))")
		matchArgs = append(matchArgs, anys(sq.Phones))
	}
	for _, p := range sq.NamePrefixes {
		matchers = append(matchers, "name_key >= ? AND name_key < ?")
		matchArgs = append(matchArgs, []any{p, p + "\U0010FFFF"})
	}
	if len(matchers) == 0 {
		matchers, matchArgs = []string{"1 = 1"}, [][]any{nil}
	}
	// One query per way of matching, each using its index, combined with UNION
	// so SQLite does not fall back to scanning the table for an OR.
	var parts []string
	var all []any
	for i, m := range matchers {
		conds := append([]string{m}, where...)
		parts = append(parts, "SELECT * FROM (SELECT "+customerColumns+", name_key FROM customers WHERE "+strings.Join(conds, " AND ")+
			" ORDER BY name_key, id LIMIT ?)")
		all = append(all, matchArgs[i]...)
		all = append(all, args...)
		all = append(all, limit)
	}
	query := "SELECT " + customerColumns + " FROM (" + strings.Join(parts, " UNION ") + ") ORDER BY name_key, id LIMIT ?"
	all = append(all, limit)
	var list []*customer.Customer
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = queryCustomers(ctx, tx, query, all...)
		return err
	})
	return list, err
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// UpdateCustomer implements customer.Store.
func (s *CustomerStore) UpdateCustomer(ctx context.Context, c *customer.Customer, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "customers", "customer", c.ID, func(tx *sql.Tx, prev int) (int64, error) {
		return updateCustomerRow(ctx, tx, c, prev)
	}, func(tx *sql.Tx) error {
		if err := replaceContactPoints(ctx, tx, c, true); err != nil {
			return err
		}
		if err := replaceConsents(ctx, tx, c, true); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
}

// updateCustomerRow writes every column of c's row if its version is still
// prev, and returns the rows it touched.
func updateCustomerRow(ctx context.Context, tx *sql.Tx, c *customer.Customer, prev int) (int64, error) {
	args, err := customerArgs(c)
	if err != nil {
		return 0, err
	}
	// args: id first, then the columns in order; the WHERE takes id and the old version.
	n, err := touched(tx.ExecContext(ctx, "UPDATE customers SET "+setList(customerColumns+", name_key")+" WHERE id = ? AND version = ?",
		append(args[1:], c.ID, prev)...))
	if isUnique(err) {
		return 0, tact.FieldError(tact.CodeConflict, "account_number", "account number %q belongs to another customer", c.AccountNumber)
	}
	return n, err
}

// versionMiss tells apart the two reasons an optimistic update touched no row.
func versionMiss(ctx context.Context, tx *sql.Tx, table, kind, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return tact.NotFound(kind, id)
	}
	return tact.Errorf(tact.CodePreconditionFailed, "the %s was changed by someone else; read it again and retry", kind)
}

// updateVersioned is the optimistic update of record id of table, at
// *version: in one write transaction, update writes the row only where its
// version is still prev (*version is prev+1 when it runs) and returns the rows
// it touched; if it touched one, more writes what goes with it (events,
// contact points). A stale version is precondition_failed and a missing
// record not_found (versionMiss); on any failure *version is put back.
func (db *DB) updateVersioned(ctx context.Context, version *int, table, kind, id string,
	update func(tx *sql.Tx, prev int) (int64, error), more func(tx *sql.Tx) error) error {
	prev := *version
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		*version = prev + 1
		n, err := update(tx, prev)
		if err != nil {
			return err
		}
		if n == 0 {
			return versionMiss(ctx, tx, table, kind, id)
		}
		return more(tx)
	})
	if err != nil {
		*version = prev
	}
	return err
}

// touched returns the rows an UPDATE changed.
func touched(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// setList returns "b = ?, c = ?" for the columns "a, b, c" of an INSERT
// list, all but the first (the id, which the WHERE names).
func setList(columns string) string {
	cols := strings.Split(columns, ",")
	sets := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		sets = append(sets, strings.TrimSpace(c)+" = ?")
	}
	return strings.Join(sets, ", ")
}

const lineColumns = `id, customer_id, number, plan_code, options, started_on, commitment_ends_on, status, ended_on, version, created_at, updated_at`

func lineArgs(l *customer.Line) []any {
	opts, _ := json.Marshal(nonNil(l.Options))
	return []any{l.ID, l.CustomerID, l.Number, l.PlanCode, string(opts), l.StartedOn.String(), nullDate(l.CommitmentEndsOn),
		string(l.Status), nullDate(l.EndedOn), l.Version, micros(l.CreatedAt), micros(l.UpdatedAt)}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func lineError(err error, l *customer.Line) error {
	switch {
	case isUnique(err):
		return tact.FieldError(tact.CodeConflict, "number", "%s is already on a live line", l.Number)
	case isForeignKey(err):
		return tact.FieldError(tact.CodeNotFound, "plan_code", "plan %q or customer %q does not exist", l.PlanCode, l.CustomerID)
	}
	return err
}

// CreateLine implements customer.Store.
func (s *CustomerStore) CreateLine(ctx context.Context, l *customer.Line, events []customer.Event) error {
	l.Version = 1
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO lines ("+lineColumns+") VALUES ("+placeholders(12)+")", lineArgs(l)...); err != nil {
			return lineError(err, l)
		}
		return insertEvents(ctx, tx, events)
	})
}

// UpdateLine implements customer.Store. The customer and the start of a line
// never change; the rest is written.
func (s *CustomerStore) UpdateLine(ctx context.Context, l *customer.Line, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &l.Version, "lines", "line", l.ID, func(tx *sql.Tx, prev int) (int64, error) {
		a := lineArgs(l)
		n, err := touched(tx.ExecContext(ctx, `UPDATE lines SET number = ?, plan_code = ?, options = ?, started_on = ?, commitment_ends_on = ?,
			status = ?, ended_on = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
			a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[11], l.ID, prev))
		if err != nil {
			return 0, lineError(err, l)
		}
		return n, nil
	}, func(tx *sql.Tx) error { return insertEvents(ctx, tx, events) })
}

// FindLineByID implements customer.Store.
func (s *CustomerStore) FindLineByID(ctx context.Context, id string) (*customer.Line, error) {
	list, err := scanLines(s.db.read.QueryContext(ctx, "SELECT "+lineColumns+" FROM lines WHERE id = ?", id))
	return tact.First(list, err, "line", id)
}

// FindLines implements customer.Store.
func (s *CustomerStore) FindLines(ctx context.Context, customerID string) ([]*customer.Line, error) {
	return scanLines(s.db.read.QueryContext(ctx, "SELECT "+lineColumns+" FROM lines WHERE customer_id = ? ORDER BY started_on, id", customerID))
}

func scanLines(rows *sql.Rows, err error) ([]*customer.Line, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*customer.Line
	for rows.Next() {
		var l customer.Line
		var opts, started string
		var commit, ended sql.NullString
		var created, updated int64
		if err := rows.Scan(&l.ID, &l.CustomerID, &l.Number, &l.PlanCode, &opts, &started, &commit, &l.Status, &ended,
			&l.Version, &created, &updated); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(opts), &l.Options); err != nil {
			return nil, fmt.Errorf("line %s: options: %w", l.ID, err)
		}
		l.StartedOn, _ = tact.ParseDate(started)
		l.CommitmentEndsOn, l.EndedOn = parseDate(commit), parseDate(ended)
		l.CreatedAt, l.UpdatedAt = fromMicros(created), fromMicros(updated)
		out = append(out, &l)
	}
	return out, rows.Err()
}

const deviceColumns = `id, customer_id, line_id, brand, model, os, catalog_code, acquired_on, created_at`

func deviceArgs(d *customer.Device) []any {
	return []any{d.ID, d.CustomerID, nullString(d.LineID), d.Brand, d.Model, string(d.OS), nullString(d.CatalogCode),
		nullDate(d.AcquiredOn), micros(d.CreatedAt)}
}

// CreateDevice implements customer.Store.
func (s *CustomerStore) CreateDevice(ctx context.Context, d *customer.Device, events []customer.Event) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO devices ("+deviceColumns+") VALUES ("+placeholders(9)+")", deviceArgs(d)...); err != nil {
			if isForeignKey(err) {
				return tact.FieldError(tact.CodeNotFound, "line_id", "line %q or customer %q does not exist", d.LineID, d.CustomerID)
			}
			return err
		}
		return insertEvents(ctx, tx, events)
	})
}

// FindDevices implements customer.Store.
func (s *CustomerStore) FindDevices(ctx context.Context, customerID string) ([]*customer.Device, error) {
	return scanDevices(s.db.read.QueryContext(ctx, "SELECT "+deviceColumns+" FROM devices WHERE customer_id = ? ORDER BY created_at, id", customerID))
}

func scanDevices(rows *sql.Rows, err error) ([]*customer.Device, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*customer.Device
	for rows.Next() {
		var d customer.Device
		var line, code, acquired sql.NullString
		var created int64
		if err := rows.Scan(&d.ID, &d.CustomerID, &line, &d.Brand, &d.Model, &d.OS, &code, &acquired, &created); err != nil {
			return nil, err
		}
		d.LineID, d.CatalogCode, d.AcquiredOn, d.CreatedAt = line.String, code.String, parseDate(acquired), fromMicros(created)
		out = append(out, &d)
	}
	return out, rows.Err()
}

const usageColumns = `customer_id, month, line_id, data_mb, voice_minutes, sms, roaming_data_mb, roaming_spend_cents, third_party_spend_cents, currency`

func usageArgs(u *customer.Usage) []any {
	return []any{u.CustomerID, string(u.Month), u.LineID, u.DataMB, u.VoiceMinutes, u.SMS, u.RoamingDataMB,
		u.RoamingSpend.Cents, u.ThirdPartySpend.Cents, string(u.RoamingSpend.Currency)}
}

// PutUsage implements customer.Store.
func (s *CustomerStore) PutUsage(ctx context.Context, u *customer.Usage) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO usage ("+usageColumns+") VALUES ("+placeholders(10)+`)
			ON CONFLICT (customer_id, month, line_id) DO UPDATE SET data_mb = excluded.data_mb, voice_minutes = excluded.voice_minutes,
			sms = excluded.sms, roaming_data_mb = excluded.roaming_data_mb, roaming_spend_cents = excluded.roaming_spend_cents,
			third_party_spend_cents = excluded.third_party_spend_cents, currency = excluded.currency`, usageArgs(u)...)
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "line_id", "line %q does not exist", u.LineID)
		}
		return err
	})
}

// FindUsage implements customer.Store.
func (s *CustomerStore) FindUsage(ctx context.Context, customerID string, from, to tact.Month) ([]*customer.Usage, error) {
	return s.FindUsageOf(ctx, []string{customerID}, from, to)
}

// FindCustomerIDs implements customer.Store.
func (s *CustomerStore) FindCustomerIDs(ctx context.Context, j tact.Jurisdiction, after string, limit int) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT id FROM customers WHERE id > ? AND jurisdiction = ? ORDER BY id LIMIT ?", after, string(j), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CountCustomers implements customer.Store.
func (s *CustomerStore) CountCustomers(ctx context.Context, j tact.Jurisdiction) (int, error) {
	var n int
	err := s.db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM customers WHERE jurisdiction = ?", string(j)).Scan(&n)
	return n, err
}

// FindUsageOf implements customer.Store.
func (s *CustomerStore) FindUsageOf(ctx context.Context, customerIDs []string, from, to tact.Month) ([]*customer.Usage, error) {
	if len(customerIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.read.QueryContext(ctx, "SELECT "+usageColumns+` FROM usage WHERE customer_id IN (`+placeholders(len(customerIDs))+`)
		AND month >= ? AND month <= ? ORDER BY customer_id, month, line_id`, append(anys(customerIDs), string(from), string(to))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*customer.Usage
	for rows.Next() {
		var u customer.Usage
		var cur string
		if err := rows.Scan(&u.CustomerID, &u.Month, &u.LineID, &u.DataMB, &u.VoiceMinutes, &u.SMS, &u.RoamingDataMB,
			&u.RoamingSpend.Cents, &u.ThirdPartySpend.Cents, &cur); err != nil {
			return nil, err
		}
		u.RoamingSpend.Currency, u.ThirdPartySpend.Currency = tact.Currency(cur), tact.Currency(cur)
		out = append(out, &u)
	}
	return out, rows.Err()
}
