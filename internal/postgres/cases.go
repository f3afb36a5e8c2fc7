package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/tact"
)

// CaseStore implements cases.Store.
type CaseStore struct{ db *DB }

var _ cases.Store = (*CaseStore)(nil)

// NewCaseStore returns the case store of db.
func NewCaseStore(db *DB) *CaseStore { return &CaseStore{db: db} }

var caseColumnList = []string{"id", "customer_id", "subject", "category", "channel", "status", "owner_id", "where_we_are",
	"resolution", "close_reason", "reopens_case_id", "opened_at", "first_answer_due", "resolution_due", "first_answered_at",
	"resolved_at", "closed_at", "version", "updated_at"}

var caseColumns = strings.Join(caseColumnList, ", ")

// caseArgs returns the values of caseColumnList, id first.
func caseArgs(c *cases.Case) []any {
	return []any{c.ID, c.CustomerID, c.Subject, string(c.Category), string(c.Channel), string(c.Status), nullString(c.OwnerID),
		c.WhereWeAre, c.Resolution, nullString(string(c.CloseReason)), nullString(c.ReopensCaseID), c.OpenedAt,
		c.FirstAnswerDue, c.ResolutionDue, c.FirstAnsweredAt, c.ResolvedAt, c.ClosedAt, c.Version, c.UpdatedAt}
}

// caseError translates the constraint violations of a case write as SQLite's
// engine does: a missing customer or followed case is not_found on its field.
func caseError(err error, c *cases.Case) error {
	return foreignKeyError(err, "cases", map[string]ref{
		"customer_id":     {"customer", c.CustomerID},
		"reopens_case_id": {"case", c.ReopensCaseID},
	})
}

var caseEventColumnList = []string{"id", "case_id", "customer_id", "at", "actor_kind", "actor_id", "actor_name", "on_behalf_of",
	"kind", "text", "from_owner", "to_owner", "from_status", "to_status", "detail"}

var caseEventColumns = strings.Join(caseEventColumnList, ", ")

func caseEventRow(e cases.Event) []any {
	return []any{e.ID, e.CaseID, e.CustomerID, e.At, string(e.Actor.Kind), e.Actor.ID, e.Actor.Name, nullString(e.Actor.OnBehalfOf),
		string(e.Kind), e.Text, nullString(e.FromOwner), nullString(e.ToOwner), nullString(string(e.FromStatus)),
		nullString(string(e.ToStatus)), detailJSON(e.Detail)}
}

func queueCaseEvents(b *pgx.Batch, events []cases.Event) {
	for _, e := range events {
		b.Queue("INSERT INTO case_events ("+caseEventColumns+") VALUES ("+params(1, len(caseEventColumnList))+")", caseEventRow(e)...)
	}
}

// CreateCase implements cases.Store, in one batch (one implicit transaction).
func (s *CaseStore) CreateCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	c.Version = 1
	b := &pgx.Batch{}
	b.Queue("INSERT INTO cases ("+caseColumns+") VALUES ("+params(1, len(caseColumnList))+")", caseArgs(c)...)
	queueCaseEvents(b, events)
	return caseError(s.db.pool.SendBatch(ctx, b).Close(), c)
}

// FindCaseByID implements cases.Store.
func (s *CaseStore) FindCaseByID(ctx context.Context, id string) (*cases.Case, error) {
	list, err := queryCases(ctx, s.db.pool, "SELECT "+caseColumns+" FROM cases WHERE id = $1", id)
	return tact.First(list, err, "case", id)
}

// FindCases implements cases.Store: newest opened first, strictly after the
// cursor in that order.
func (s *CaseStore) FindCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	var a args
	var where []string
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+a.add(f.CustomerID))
	}
	if f.OwnerID != "" {
		where = append(where, "owner_id = "+a.add(f.OwnerID))
	}
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	// The literal list matches the partial index cases_open.
	open := "status NOT IN ('resolved', 'closed')"
	if f.OpenOnly || !f.DueBefore.IsZero() {
		where = append(where, open)
	}
	if !f.DueBefore.IsZero() {
		t := a.add(f.DueBefore)
		where = append(where, "((first_answered_at IS NULL AND first_answer_due < "+t+") OR resolution_due < "+t+")")
	}
	if !f.After.IsZero() {
		where = append(where, "(opened_at, id) < ("+a.add(f.After.At)+", "+a.add(f.After.ID)+")")
	}
	query := a.selectWhere("SELECT "+caseColumns+" FROM cases", where, "opened_at DESC, id DESC", tact.PageSize(f.Limit))
	return queryCases(ctx, s.db.pool, query, a...)
}

// UpdateCase implements cases.Store.
func (s *CaseStore) UpdateCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "cases", "case", c.ID, func(tx pgx.Tx, prev int) (int64, error) {
		a := caseArgs(c)
		tag, err := tx.Exec(ctx, "UPDATE cases SET "+setList(caseColumnList)+" WHERE id = $1 AND version = $"+strconv.Itoa(len(a)+1), append(a, prev)...)
		if err != nil {
			return 0, caseError(err, c)
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error { return batch(ctx, tx, func(b *pgx.Batch) { queueCaseEvents(b, events) }) })
}

// FindCaseEvents implements cases.Store: oldest first.
func (s *CaseStore) FindCaseEvents(ctx context.Context, caseID string) ([]cases.Event, error) {
	rows, err := s.db.pool.Query(ctx, "SELECT "+caseEventColumns+" FROM case_events WHERE case_id = $1 ORDER BY at, id", caseID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCaseEvent)
}

func queryCases(ctx context.Context, q querier, query string, args ...any) ([]*cases.Case, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCase)
}

func scanCase(row pgx.CollectableRow) (*cases.Case, error) {
	var c cases.Case
	var owner, closeReason, reopens *string
	if err := row.Scan(&c.ID, &c.CustomerID, &c.Subject, &c.Category, &c.Channel, &c.Status, &owner, &c.WhereWeAre,
		&c.Resolution, &closeReason, &reopens, &c.OpenedAt, &c.FirstAnswerDue, &c.ResolutionDue, &c.FirstAnsweredAt,
		&c.ResolvedAt, &c.ClosedAt, &c.Version, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.OwnerID, c.CloseReason, c.ReopensCaseID = deref(owner), cases.CloseReason(deref(closeReason)), deref(reopens)
	return &c, nil
}

func scanCaseEvent(row pgx.CollectableRow) (cases.Event, error) {
	var e cases.Event
	var onBehalf, fromOwner, toOwner, fromStatus, toStatus *string
	var detail []byte
	if err := row.Scan(&e.ID, &e.CaseID, &e.CustomerID, &e.At, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &onBehalf,
		&e.Kind, &e.Text, &fromOwner, &toOwner, &fromStatus, &toStatus, &detail); err != nil {
		return cases.Event{}, err
	}
	e.Actor.OnBehalfOf, e.FromOwner, e.ToOwner = deref(onBehalf), deref(fromOwner), deref(toOwner)
	e.FromStatus, e.ToStatus = cases.Status(deref(fromStatus)), cases.Status(deref(toStatus))
	if err := scanDetail(detail, &e.Detail); err != nil {
		return cases.Event{}, fmt.Errorf("case event %s: %w", e.ID, err)
	}
	return e, nil
}

// caseEventPage returns the query of a customer's case events newest first,
// strictly after the timeline cursor.
func caseEventPage(customerID string, after tact.Cursor, limit int) (string, []any) {
	if after.IsZero() {
		return "SELECT " + caseEventColumns + " FROM case_events WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
			[]any{customerID, limit}
	}
	return "SELECT " + caseEventColumns + ` FROM case_events WHERE customer_id = $1 AND (at, id) < ($2, $3)
		ORDER BY at DESC, id DESC LIMIT $4`, []any{customerID, after.At, after.ID, limit}
}

// ref is the record a foreign key column points at: its kind and id.
type ref struct{ kind, id string }

// foreignKeyError translates a foreign key violation on table into not_found
// on the column it names (PostgreSQL names the constraint of a column
// REFERENCES table_column_fkey); refs gives, per column, what it pointed at.
// Other errors pass unchanged.
func foreignKeyError(err error, table string, refs map[string]ref) error {
	if !isForeignKeyOn(err, table) {
		return err
	}
	e, _ := pgError(err)
	column := strings.TrimSuffix(strings.TrimPrefix(e.ConstraintName, table+"_"), "_fkey")
	r, ok := refs[column]
	if !ok {
		return tact.Errorf(tact.CodeNotFound, "%s", e.Detail)
	}
	return tact.FieldError(tact.CodeNotFound, column, "%s %q does not exist", r.kind, r.id)
}

// setList returns "c2 = $2, …, cn = $n" for the columns after the first, which
// is the id the WHERE names as $1.
func setList(columns []string) string {
	sets := make([]string, 0, len(columns)-1)
	for i, col := range columns[1:] {
		sets = append(sets, col+" = $"+strconv.Itoa(i+2))
	}
	return strings.Join(sets, ", ")
}

// detailJSON encodes an event's detail for a jsonb column; empty is NULL.
func detailJSON(d map[string]string) any {
	if len(d) == 0 {
		return nil
	}
	b, _ := json.Marshal(d)
	return b
}

// scanDetail decodes a jsonb detail; NULL leaves *d nil.
func scanDetail(b []byte, d *map[string]string) error {
	if b == nil {
		return nil
	}
	return json.Unmarshal(b, d)
}
