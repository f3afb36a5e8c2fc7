package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

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

// customerSelect reads customers with their contact points and current
// consents in one statement: one round trip and one snapshot, where separate
// queries would cost three of each. The lists come as JSON arrays in the order
// SQLite returns them (kind then position; channel then purpose).
const customerSelect = `SELECT ` + customerColumns + `,
	(SELECT coalesce(json_agg(json_build_object('kind', p.kind, 'value', p.value, 'type', p.phone_type, 'label', p.label,
		'primary', p.is_primary) ORDER BY p.kind, p.position), '[]') FROM contact_points p WHERE p.customer_id = c.id),
	(SELECT coalesce(json_agg(json_build_object('channel', k.channel, 'purpose', k.purpose, 'granted', k.granted,
		'source', k.source, 'proof', k.proof, 'at', (extract(epoch FROM k.given_at) * 1000000)::bigint)
		ORDER BY k.channel, k.purpose), '[]') FROM consents k WHERE k.customer_id = c.id)
	FROM customers c`

// CreateCustomer implements customer.Store. The writes go in one batch, which
// PostgreSQL runs as one implicit transaction: all or nothing, one round trip.
func (s *CustomerStore) CreateCustomer(ctx context.Context, c *customer.Customer, events []customer.Event) error {
	c.Version = 1
	args, err := customerArgs(c)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO customers (`+customerColumns+`, name_key) VALUES (`+params(1, 25)+`)`, args...)
	queueContactPoints(b, c)
	queueConsents(b, c)
	queueEvents(b, events)
	err = s.db.pool.SendBatch(ctx, b).Close()
	if isUniqueOn(err, "customers") {
		return accountConflict(c)
	}
	return err
}

func accountConflict(c *customer.Customer) error {
	return tact.FieldError(tact.CodeConflict, "account_number", "account number %q belongs to another customer", c.AccountNumber)
}

// customerArgs returns the values of customerColumns, then name_key.
func customerArgs(c *customer.Customer) ([]any, error) {
	var addr any
	if c.Address != nil {
		b, err := json.Marshal(c.Address)
		if err != nil {
			return nil, err
		}
		addr = b
	}
	prefs, err := json.Marshal(c.Preferences)
	if err != nil {
		return nil, err
	}
	var dncSince *time.Time
	var dncSource *string
	if c.DoNotCall != nil {
		dncSince, dncSource = &c.DoNotCall.Since, &c.DoNotCall.Source
	}
	return []any{c.ID, nullString(c.AccountNumber), c.GivenName, c.FamilyName, string(c.Salutation),
		string(c.FormOfAddress), string(c.Language), string(c.Jurisdiction), c.TimeZone, string(c.Status),
		date(c.CustomerSince), date(c.CancellingSince), date(c.FormerSince), addr, prefs,
		dncSince, dncSource, c.ThirdPartyBilling, nullString(c.AdvisorID), c.Version, c.CreatedAt, c.UpdatedAt,
		c.OppositionCheckedAt, date(c.MarketingErasedOn), customer.NameKey(c.FamilyName, c.GivenName)}, nil
}

// contactPointRows returns the rows of contact_points for c: phones, then emails.
func contactPointRows(c *customer.Customer) [][]any {
	rows := make([][]any, 0, len(c.Phones)+len(c.Emails))
	for i, p := range c.Phones {
		rows = append(rows, []any{c.ID, "phone", i, p.Number, string(p.Type), p.Label, p.Primary})
	}
	for i, e := range c.Emails {
		rows = append(rows, []any{c.ID, "email", i, e.Address, nil, nil, e.Primary})
	}
	return rows
}

var contactPointColumns = []string{"customer_id", "kind", "position", "value", "phone_type", "label", "is_primary"}

func queueContactPoints(b *pgx.Batch, c *customer.Customer) {
	for _, r := range contactPointRows(c) {
		b.Queue(`INSERT INTO contact_points (`+strings.Join(contactPointColumns, ", ")+`) VALUES (`+params(1, 7)+`)`, r...)
	}
}

func consentRows(c *customer.Customer) [][]any {
	rows := make([][]any, len(c.Consents))
	for i, k := range c.Consents {
		rows[i] = []any{c.ID, string(k.Channel), string(k.Purpose), k.Granted, string(k.Source), k.Proof, k.At}
	}
	return rows
}

var consentColumns = []string{"customer_id", "channel", "purpose", "granted", "source", "proof", "given_at"}

func queueConsents(b *pgx.Batch, c *customer.Customer) {
	for _, r := range consentRows(c) {
		b.Queue(`INSERT INTO consents (`+strings.Join(consentColumns, ", ")+`) VALUES (`+params(1, 7)+`)`, r...)
	}
}

var eventColumns = []string{"id", "customer_id", "at", "actor_kind", "actor_id", "actor_name", "kind", "fields", "detail"}

func eventRow(e customer.Event) []any {
	var fields, detail any
	if len(e.Fields) > 0 {
		fields, _ = json.Marshal(e.Fields)
	}
	if len(e.Detail) > 0 {
		detail, _ = json.Marshal(e.Detail)
	}
	return []any{e.ID, e.CustomerID, e.At, string(e.Actor.Kind), e.Actor.ID, e.Actor.Name, string(e.Kind), fields, detail}
}

func queueEvents(b *pgx.Batch, events []customer.Event) {
	for _, e := range events {
		b.Queue(`INSERT INTO customer_events (`+strings.Join(eventColumns, ", ")+`) VALUES (`+params(1, 9)+`)`, eventRow(e)...)
	}
}

// FindCustomerByID implements customer.Store.
func (s *CustomerStore) FindCustomerByID(ctx context.Context, id string) (*customer.Customer, error) {
	list, err := queryCustomers(ctx, s.db.pool, customerSelect+" WHERE c.id = $1", id)
	return tact.First(list, err, "customer", id)
}

// queryCustomers runs a query built on customerSelect.
func queryCustomers(ctx context.Context, q querier, query string, args ...any) ([]*customer.Customer, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCustomer)
}

// contactPointJSON and consentJSON are the elements of customerSelect's arrays.
type contactPointJSON struct {
	Kind    string  `json:"kind"`
	Value   string  `json:"value"`
	Type    *string `json:"type"`
	Label   *string `json:"label"`
	Primary bool    `json:"primary"`
}

type consentJSON struct {
	Channel string `json:"channel"`
	Purpose string `json:"purpose"`
	Granted bool   `json:"granted"`
	Source  string `json:"source"`
	Proof   string `json:"proof"`
	At      int64  `json:"at"` // microseconds since the epoch
}

func scanCustomer(row pgx.CollectableRow) (*customer.Customer, error) {
	var c customer.Customer
	var account, advisor, dncSource *string
	var since, cancelling, former, erased pgtype.Date
	var dncSince *time.Time
	var addr, prefs, contacts, consents []byte
	if err := row.Scan(&c.ID, &account, &c.GivenName, &c.FamilyName, &c.Salutation, &c.FormOfAddress, &c.Language,
		&c.Jurisdiction, &c.TimeZone, &c.Status, &since, &cancelling, &former, &addr, &prefs,
		&dncSince, &dncSource, &c.ThirdPartyBilling, &advisor, &c.Version, &c.CreatedAt, &c.UpdatedAt, &c.OppositionCheckedAt,
		&erased, &contacts, &consents); err != nil {
		return nil, err
	}
	c.AccountNumber, c.AdvisorID = deref(account), deref(advisor)
	c.CustomerSince, c.CancellingSince, c.FormerSince = fromDate(since), fromDate(cancelling), fromDate(former)
	c.MarketingErasedOn = fromDate(erased)
	if addr != nil {
		c.Address = new(customer.Address)
		if err := json.Unmarshal(addr, c.Address); err != nil {
			return nil, fmt.Errorf("customer %s: address: %w", c.ID, err)
		}
	}
	if err := json.Unmarshal(prefs, &c.Preferences); err != nil {
		return nil, fmt.Errorf("customer %s: preferences: %w", c.ID, err)
	}
	if dncSince != nil {
		c.DoNotCall = &customer.DoNotCall{Since: *dncSince, Source: deref(dncSource)}
	}
	var cps []contactPointJSON
	if err := json.Unmarshal(contacts, &cps); err != nil {
		return nil, fmt.Errorf("customer %s: contact points: %w", c.ID, err)
	}
	for _, p := range cps {
		if p.Kind == "phone" {
			c.Phones = append(c.Phones, customer.Phone{Number: p.Value, Type: customer.PhoneType(deref(p.Type)), Label: deref(p.Label), Primary: p.Primary})
		} else {
			c.Emails = append(c.Emails, customer.Email{Address: p.Value, Primary: p.Primary})
		}
	}
	var ks []consentJSON
	if err := json.Unmarshal(consents, &ks); err != nil {
		return nil, fmt.Errorf("customer %s: consents: %w", c.ID, err)
	}
	for _, k := range ks {
		c.Consents = append(c.Consents, customer.Consent{Channel: tact.Channel(k.Channel), Purpose: tact.Purpose(k.Purpose),
			Granted: k.Granted, Source: customer.ConsentSource(k.Source), Proof: k.Proof, At: time.UnixMicro(k.At).UTC()})
	}
	return &c, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// FindCustomers implements customer.Store. Each way of matching (id, account,
// contact point, line number, name prefix) is its own subquery walking its own
// index in name order, limited to one page; their union is then ordered and
// cut. One OR across them would make the planner give up the name index.
func (s *CustomerStore) FindCustomers(ctx context.Context, f customer.Filter) ([]*customer.Customer, error) {
	limit := tact.PageSize(f.Limit)
	var a args
	var where []string
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	if f.Jurisdiction != "" {
		where = append(where, "jurisdiction = "+a.add(string(f.Jurisdiction)))
	}
	if f.AdvisorID != "" {
		where = append(where, "advisor_id = "+a.add(f.AdvisorID))
	}
	if !f.After.IsZero() {
		where = append(where, "(name_key, id) > ("+a.add(f.After.Key)+", "+a.add(f.After.ID)+")")
	}
	var matchers []string
	sq := f.Search
	if len(sq.IDs) > 0 {
		matchers = append(matchers, "id = ANY("+a.add(sq.IDs)+")")
	}
	if len(sq.Accounts) > 0 {
		matchers = append(matchers, "account_number = ANY("+a.add(sq.Accounts)+")")
	}
	if vals := append(append([]string{}, sq.Phones...), sq.Emails...); len(vals) > 0 {
		matchers = append(matchers, "id IN (SELECT customer_id FROM contact_points WHERE value = ANY("+a.add(vals)+"))")
	}
	if len(sq.Phones) > 0 {
		matchers = append(matchers, "id IN (SELECT customer_id FROM lines WHERE number = ANY("+a.add(sq.Phones)+"))")
	}
	for _, p := range sq.NamePrefixes {
		// A prefix range on the byte-ordered key: every key starting with p
		// sorts at or after p and before p followed by the highest code point.
		matchers = append(matchers, "name_key >= "+a.add(p)+" AND name_key < "+a.add(p+"\U0010FFFF"))
	}
	if len(matchers) == 0 {
		matchers = []string{"true"}
	}
	lim := a.add(limit)
	parts := make([]string, len(matchers))
	for i, m := range matchers {
		conds := append([]string{m}, where...)
		parts[i] = "(SELECT id FROM customers WHERE " + strings.Join(conds, " AND ") + " ORDER BY name_key, id LIMIT " + lim + ")"
	}
	query := customerSelect + " WHERE c.id IN (" + strings.Join(parts, " UNION ") + ") ORDER BY c.name_key, c.id LIMIT " + lim
	return queryCustomers(ctx, s.db.pool, query, a...)
}

// args collects the arguments of a query built piece by piece.
type args []any

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// selectWhere returns "selectFrom [WHERE …] ORDER BY order LIMIT $n", the
// limit added to a after the conditions' arguments.
func (a *args) selectWhere(selectFrom string, where []string, order string, limit int) string {
	if len(where) > 0 {
		selectFrom += " WHERE " + strings.Join(where, " AND ")
	}
	return selectFrom + " ORDER BY " + order + " LIMIT " + a.add(limit)
}

// params returns "$from, …, $(from+n-1)".
func params(from, n int) string {
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("$" + strconv.Itoa(from+i))
	}
	return sb.String()
}

// UpdateCustomer implements customer.Store.
func (s *CustomerStore) UpdateCustomer(ctx context.Context, c *customer.Customer, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "customers", "customer", c.ID, func(tx pgx.Tx, prev int) (int64, error) {
		return updateCustomerRow(ctx, tx, c, prev)
	}, func(tx pgx.Tx) error {
		return batch(ctx, tx, func(b *pgx.Batch) {
			b.Queue("DELETE FROM contact_points WHERE customer_id = $1", c.ID)
			b.Queue("DELETE FROM consents WHERE customer_id = $1", c.ID)
			queueContactPoints(b, c)
			queueConsents(b, c)
			queueEvents(b, events)
		})
	})
}

// updateCustomerRow writes every column of c's row if its version is still
// prev, and returns the rows it touched.
func updateCustomerRow(ctx context.Context, tx pgx.Tx, c *customer.Customer, prev int) (int64, error) {
	a, err := customerArgs(c)
	if err != nil {
		return 0, err
	}
	// a: id first, then the columns in order, then name_key; the WHERE
	// takes id and the old version.
	tag, err := tx.Exec(ctx, `UPDATE customers SET account_number = $2, given_name = $3, family_name = $4, salutation = $5,
		form_of_address = $6, language = $7, jurisdiction = $8, time_zone = $9, status = $10, customer_since = $11,
		cancelling_since = $12, former_since = $13, postal_address = $14, preferences = $15, dnc_since = $16, dnc_source = $17,
		third_party_billing = $18, advisor_id = $19, version = $20, created_at = $21, updated_at = $22, opposition_checked_at = $23,
		marketing_erased_on = $24, name_key = $25 WHERE id = $1 AND version = $26`, append(a, prev)...)
	if isUnique(err) {
		return 0, accountConflict(c)
	}
	return tag.RowsAffected(), err
}

// versionMiss tells apart the two reasons an optimistic update touched no row.
func versionMiss(ctx context.Context, tx pgx.Tx, table, kind, id string) error {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+table+" WHERE id = $1)", id).Scan(&exists); err != nil {
		return err
	}
	if !exists {
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
	update func(tx pgx.Tx, prev int) (int64, error), more func(tx pgx.Tx) error) error {
	prev := *version
	err := db.writeTx(ctx, func(tx pgx.Tx) error {
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

// batch sends the statements queue puts in a batch, in tx.
func batch(ctx context.Context, tx pgx.Tx, queue func(b *pgx.Batch)) error {
	b := &pgx.Batch{}
	queue(b)
	return tx.SendBatch(ctx, b).Close()
}

var lineColumnList = []string{"id", "customer_id", "number", "plan_code", "options", "started_on", "commitment_ends_on",
	"status", "ended_on", "version", "created_at", "updated_at"}

var lineColumns = strings.Join(lineColumnList, ", ")

func lineArgs(l *customer.Line) []any {
	opts, _ := json.Marshal(nonNil(l.Options))
	return []any{l.ID, l.CustomerID, l.Number, l.PlanCode, opts, date(l.StartedOn), date(l.CommitmentEndsOn),
		string(l.Status), date(l.EndedOn), l.Version, l.CreatedAt, l.UpdatedAt}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// lineError translates the constraint violations of a line write as SQLite's
// engine does.
func lineError(err error, l *customer.Line) error {
	switch {
	case isUniqueOn(err, "lines"):
		return tact.FieldError(tact.CodeConflict, "number", "%s is already on a live line", l.Number)
	case isForeignKeyOn(err, "lines"):
		return tact.FieldError(tact.CodeNotFound, "plan_code", "plan %q or customer %q does not exist", l.PlanCode, l.CustomerID)
	}
	return err
}

// CreateLine implements customer.Store, in one batch (one implicit transaction).
func (s *CustomerStore) CreateLine(ctx context.Context, l *customer.Line, events []customer.Event) error {
	l.Version = 1
	b := &pgx.Batch{}
	b.Queue("INSERT INTO lines ("+lineColumns+") VALUES ("+params(1, 12)+")", lineArgs(l)...)
	queueEvents(b, events)
	return lineError(s.db.pool.SendBatch(ctx, b).Close(), l)
}

// UpdateLine implements customer.Store. The customer and the start of a line
// never change; the rest is written.
func (s *CustomerStore) UpdateLine(ctx context.Context, l *customer.Line, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &l.Version, "lines", "line", l.ID, func(tx pgx.Tx, prev int) (int64, error) {
		a := lineArgs(l)
		tag, err := tx.Exec(ctx, `UPDATE lines SET number = $1, plan_code = $2, options = $3, started_on = $4, commitment_ends_on = $5,
			status = $6, ended_on = $7, version = $8, updated_at = $9 WHERE id = $10 AND version = $11`,
			a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[11], l.ID, prev)
		if err != nil {
			return 0, lineError(err, l)
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error { return batch(ctx, tx, func(b *pgx.Batch) { queueEvents(b, events) }) })
}

// FindLineByID implements customer.Store.
func (s *CustomerStore) FindLineByID(ctx context.Context, id string) (*customer.Line, error) {
	list, err := queryLines(ctx, s.db.pool, "SELECT "+lineColumns+" FROM lines WHERE id = $1", id)
	return tact.First(list, err, "line", id)
}

// FindLines implements customer.Store.
func (s *CustomerStore) FindLines(ctx context.Context, customerID string) ([]*customer.Line, error) {
	return queryLines(ctx, s.db.pool, "SELECT "+lineColumns+" FROM lines WHERE customer_id = $1 ORDER BY started_on, id", customerID)
}

func queryLines(ctx context.Context, q querier, query string, args ...any) ([]*customer.Line, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*customer.Line, error) {
		var l customer.Line
		var opts []byte
		var started, commit, ended pgtype.Date
		if err := row.Scan(&l.ID, &l.CustomerID, &l.Number, &l.PlanCode, &opts, &started, &commit, &l.Status, &ended,
			&l.Version, &l.CreatedAt, &l.UpdatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(opts, &l.Options); err != nil {
			return nil, fmt.Errorf("line %s: options: %w", l.ID, err)
		}
		l.StartedOn, l.CommitmentEndsOn, l.EndedOn = fromDate(started), fromDate(commit), fromDate(ended)
		return &l, nil
	})
}

var deviceColumnList = []string{"id", "customer_id", "line_id", "brand", "model", "os", "catalog_code", "acquired_on", "created_at"}

var deviceColumns = strings.Join(deviceColumnList, ", ")

func deviceArgs(d *customer.Device) []any {
	return []any{d.ID, d.CustomerID, nullString(d.LineID), d.Brand, d.Model, string(d.OS), nullString(d.CatalogCode),
		date(d.AcquiredOn), d.CreatedAt}
}

// CreateDevice implements customer.Store, in one batch (one implicit transaction).
func (s *CustomerStore) CreateDevice(ctx context.Context, d *customer.Device, events []customer.Event) error {
	b := &pgx.Batch{}
	b.Queue("INSERT INTO devices ("+deviceColumns+") VALUES ("+params(1, 9)+")", deviceArgs(d)...)
	queueEvents(b, events)
	err := s.db.pool.SendBatch(ctx, b).Close()
	if isForeignKeyOn(err, "devices") {
		return tact.FieldError(tact.CodeNotFound, "line_id", "line %q or customer %q does not exist", d.LineID, d.CustomerID)
	}
	return err
}

// FindDevices implements customer.Store.
func (s *CustomerStore) FindDevices(ctx context.Context, customerID string) ([]*customer.Device, error) {
	return queryDevices(ctx, s.db.pool, "SELECT "+deviceColumns+" FROM devices WHERE customer_id = $1 ORDER BY created_at, id", customerID)
}

func queryDevices(ctx context.Context, q querier, query string, args ...any) ([]*customer.Device, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*customer.Device, error) {
		var d customer.Device
		var line, code *string
		var acquired pgtype.Date
		if err := row.Scan(&d.ID, &d.CustomerID, &line, &d.Brand, &d.Model, &d.OS, &code, &acquired, &d.CreatedAt); err != nil {
			return nil, err
		}
		d.LineID, d.CatalogCode, d.AcquiredOn = deref(line), deref(code), fromDate(acquired)
		return &d, nil
	})
}

var usageColumnList = []string{"customer_id", "month", "line_id", "data_mb", "voice_minutes", "sms", "roaming_data_mb",
	"roaming_spend_cents", "third_party_spend_cents", "currency"}

var usageColumns = strings.Join(usageColumnList, ", ")

func usageArgs(u *customer.Usage) []any {
	return []any{u.CustomerID, string(u.Month), u.LineID, u.DataMB, u.VoiceMinutes, u.SMS, u.RoamingDataMB,
		u.RoamingSpend.Cents, u.ThirdPartySpend.Cents, string(u.RoamingSpend.Currency)}
}

// PutUsage implements customer.Store.
func (s *CustomerStore) PutUsage(ctx context.Context, u *customer.Usage) error {
	_, err := s.db.pool.Exec(ctx, "INSERT INTO usage ("+usageColumns+") VALUES ("+params(1, 10)+`)
		ON CONFLICT (customer_id, month, line_id) DO UPDATE SET data_mb = excluded.data_mb, voice_minutes = excluded.voice_minutes,
		sms = excluded.sms, roaming_data_mb = excluded.roaming_data_mb, roaming_spend_cents = excluded.roaming_spend_cents,
		third_party_spend_cents = excluded.third_party_spend_cents, currency = excluded.currency`, usageArgs(u)...)
	if isForeignKeyOn(err, "usage") {
		return tact.FieldError(tact.CodeNotFound, "line_id", "line %q does not exist", u.LineID)
	}
	return err
}

// FindUsage implements customer.Store.
func (s *CustomerStore) FindUsage(ctx context.Context, customerID string, from, to tact.Month) ([]*customer.Usage, error) {
	return s.FindUsageOf(ctx, []string{customerID}, from, to)
}

// FindCustomerIDs implements customer.Store.
func (s *CustomerStore) FindCustomerIDs(ctx context.Context, j tact.Jurisdiction, after string, limit int) ([]string, error) {
	rows, err := s.db.pool.Query(ctx, "SELECT id FROM customers WHERE id > $1 AND jurisdiction = $2 ORDER BY id LIMIT $3", after, string(j), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// CountCustomers implements customer.Store.
func (s *CustomerStore) CountCustomers(ctx context.Context, j tact.Jurisdiction) (int, error) {
	var n int
	err := s.db.pool.QueryRow(ctx, "SELECT COUNT(*) FROM customers WHERE jurisdiction = $1", string(j)).Scan(&n)
	return n, err
}

// FindUsageOf implements customer.Store.
func (s *CustomerStore) FindUsageOf(ctx context.Context, customerIDs []string, from, to tact.Month) ([]*customer.Usage, error) {
	if len(customerIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.pool.Query(ctx, "SELECT "+usageColumns+` FROM usage WHERE customer_id = ANY($1) AND month >= $2 AND month <= $3
		ORDER BY customer_id, month, line_id`, customerIDs, string(from), string(to))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*customer.Usage, error) {
		var u customer.Usage
		var cur string
		if err := row.Scan(&u.CustomerID, &u.Month, &u.LineID, &u.DataMB, &u.VoiceMinutes, &u.SMS, &u.RoamingDataMB,
			&u.RoamingSpend.Cents, &u.ThirdPartySpend.Cents, &cur); err != nil {
			return nil, err
		}
		u.RoamingSpend.Currency, u.ThirdPartySpend.Currency = tact.Currency(cur), tact.Currency(cur)
		return &u, nil
	})
}
