package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/tact"
)

// CaseStore implements cases.Store.
type CaseStore struct{ db *DB }

var _ cases.Store = (*CaseStore)(nil)

// NewCaseStore returns the case store of db.
func NewCaseStore(db *DB) *CaseStore { return &CaseStore{db: db} }

const caseColumns = `id, customer_id, subject, category, channel, status, owner_id, where_we_are, resolution, close_reason,
	reopens_case_id, opened_at, first_answer_due, resolution_due, first_answered_at, resolved_at, closed_at, version, updated_at`

func caseArgs(c *cases.Case) []any {
	return []any{c.ID, c.CustomerID, c.Subject, string(c.Category), string(c.Channel), string(c.Status), nullString(c.OwnerID),
		c.WhereWeAre, c.Resolution, nullString(string(c.CloseReason)), nullString(c.ReopensCaseID), micros(c.OpenedAt),
		micros(c.FirstAnswerDue), micros(c.ResolutionDue), nullMicros(c.FirstAnsweredAt), nullMicros(c.ResolvedAt),
		nullMicros(c.ClosedAt), c.Version, micros(c.UpdatedAt)}
}

// CreateCase implements cases.Store.
func (s *CaseStore) CreateCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	c.Version = 1
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO cases ("+caseColumns+") VALUES ("+placeholders(19)+")", caseArgs(c)...)
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q or reopened case %q does not exist", c.CustomerID, c.ReopensCaseID)
		}
		if err != nil {
			return err
		}
		return insertCaseEvents(ctx, tx, events)
	})
}

// FindCaseByID implements cases.Store.
func (s *CaseStore) FindCaseByID(ctx context.Context, id string) (*cases.Case, error) {
	list, err := scanCases(s.db.read.QueryContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE id = ?", id))
	return tact.First(list, err, "case", id)
}

// FindCases implements cases.Store.
func (s *CaseStore) FindCases(ctx context.Context, f cases.Filter) ([]*cases.Case, error) {
	var w filtered
	if f.CustomerID != "" {
		w.and("customer_id = ?", f.CustomerID)
	}
	if f.OwnerID != "" {
		w.and("owner_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		w.and("status = ?", string(f.Status))
	}
	// The literal list matches the partial index cases_open.
	if f.OpenOnly || !f.DueBefore.IsZero() {
		w.and("status NOT IN ('resolved', 'closed')")
	}
	if !f.DueBefore.IsZero() {
		t := micros(f.DueBefore)
		w.and("((first_answered_at IS NULL AND first_answer_due < ?) OR resolution_due < ?)", t, t)
	}
	if !f.After.IsZero() {
		w.and("(opened_at, id) < (?, ?)", micros(f.After.At), f.After.ID)
	}
	q, args := w.query("SELECT "+caseColumns+" FROM cases", "opened_at DESC, id DESC", tact.PageSize(f.Limit))
	return scanCases(s.db.read.QueryContext(ctx, q, args...))
}

// UpdateCase implements cases.Store.
func (s *CaseStore) UpdateCase(ctx context.Context, c *cases.Case, events []cases.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "cases", "case", c.ID, func(tx *sql.Tx, prev int) (int64, error) {
		args := caseArgs(c)
		// args: id first, then the columns in order; the WHERE takes id and the old version.
		return touched(tx.ExecContext(ctx, "UPDATE cases SET "+setList(caseColumns)+" WHERE id = ? AND version = ?", append(args[1:], c.ID, prev)...))
	}, func(tx *sql.Tx) error { return insertCaseEvents(ctx, tx, events) })
}

// FindCaseEvents implements cases.Store.
func (s *CaseStore) FindCaseEvents(ctx context.Context, caseID string) ([]cases.Event, error) {
	return scanCaseEvents(s.db.read.QueryContext(ctx, "SELECT "+caseEventColumns+" FROM case_events WHERE case_id = ? ORDER BY at, id", caseID))
}

func scanCases(rows *sql.Rows, err error) ([]*cases.Case, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*cases.Case
	for rows.Next() {
		var c cases.Case
		var owner, reason, reopens sql.NullString
		var opened, firstDue, resolutionDue, updated int64
		var answered, resolved, closed sql.NullInt64
		if err := rows.Scan(&c.ID, &c.CustomerID, &c.Subject, &c.Category, &c.Channel, &c.Status, &owner, &c.WhereWeAre,
			&c.Resolution, &reason, &reopens, &opened, &firstDue, &resolutionDue, &answered, &resolved, &closed,
			&c.Version, &updated); err != nil {
			return nil, err
		}
		c.OwnerID, c.CloseReason, c.ReopensCaseID = owner.String, cases.CloseReason(reason.String), reopens.String
		c.OpenedAt, c.FirstAnswerDue, c.ResolutionDue, c.UpdatedAt = fromMicros(opened), fromMicros(firstDue), fromMicros(resolutionDue), fromMicros(updated)
		c.FirstAnsweredAt, c.ResolvedAt, c.ClosedAt = timePtr(answered), timePtr(resolved), timePtr(closed)
		out = append(out, &c)
	}
	return out, rows.Err()
}

const caseEventColumns = `id, case_id, customer_id, at, actor_kind, actor_id, actor_name, on_behalf_of, kind, text,
	from_owner, to_owner, from_status, to_status, detail`

func insertCaseEvents(ctx context.Context, tx *sql.Tx, events []cases.Event) error {
	for _, e := range events {
		_, err := tx.ExecContext(ctx, "INSERT INTO case_events ("+caseEventColumns+") VALUES ("+placeholders(15)+")",
			e.ID, e.CaseID, e.CustomerID, micros(e.At), string(e.Actor.Kind), e.Actor.ID, e.Actor.Name, nullString(e.Actor.OnBehalfOf),
			string(e.Kind), e.Text, nullString(e.FromOwner), nullString(e.ToOwner), nullString(string(e.FromStatus)),
			nullString(string(e.ToStatus)), detailJSON(e.Detail))
		if err != nil {
			return err
		}
	}
	return nil
}

func scanCaseEvents(rows *sql.Rows, err error) ([]cases.Event, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cases.Event
	for rows.Next() {
		var e cases.Event
		var at int64
		var onBehalf, fromOwner, toOwner, fromStatus, toStatus, detail sql.NullString
		if err := rows.Scan(&e.ID, &e.CaseID, &e.CustomerID, &at, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &onBehalf,
			&e.Kind, &e.Text, &fromOwner, &toOwner, &fromStatus, &toStatus, &detail); err != nil {
			return nil, err
		}
		e.At, e.Actor.OnBehalfOf = fromMicros(at), onBehalf.String
		e.FromOwner, e.ToOwner = fromOwner.String, toOwner.String
		e.FromStatus, e.ToStatus = cases.Status(fromStatus.String), cases.Status(toStatus.String)
		if e.Detail, err = parseDetail(detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// detailJSON encodes an event's detail, NULL when there is none.
func detailJSON(d map[string]string) any {
	if len(d) == 0 {
		return nil
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// parseDetail decodes what detailJSON stored.
func parseDetail(s sql.NullString) (map[string]string, error) {
	if !s.Valid {
		return nil, nil
	}
	var d map[string]string
	return d, json.Unmarshal([]byte(s.String), &d)
}
