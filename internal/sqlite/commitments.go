package sqlite

import (
	"context"
	"database/sql"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/tact"
)

// CommitmentStore implements commitment.Store.
type CommitmentStore struct{ db *DB }

var _ commitment.Store = (*CommitmentStore)(nil)

// NewCommitmentStore returns the commitment store of db.
func NewCommitmentStore(db *DB) *CommitmentStore { return &CommitmentStore{db: db} }

const commitmentColumns = `id, customer_id, case_id, kind, subject, words, channel, due, slot_from, slot_to, owner_id, status,
	kept_at, evidence_kind, evidence_id, cancelled_at, cancel_reason, overdue_at, escalated_to, new_due, version, created_at, updated_at`

func commitmentArgs(c *commitment.Commitment) []any {
	var slotFrom, slotTo, evidenceKind, evidenceID any
	if c.Slot != nil {
		slotFrom, slotTo = micros(c.Slot.From), micros(c.Slot.To)
	}
	if c.Evidence != nil {
		evidenceKind, evidenceID = string(c.Evidence.Kind), c.Evidence.ID
	}
	return []any{c.ID, c.CustomerID, nullString(c.CaseID), string(c.Kind), c.Subject, c.Words, string(c.Channel), micros(c.Due),
		slotFrom, slotTo, c.OwnerID, string(c.Status), nullMicros(c.KeptAt), evidenceKind, evidenceID, nullMicros(c.CancelledAt),
		c.CancelReason, nullMicros(c.OverdueAt), nullString(c.EscalatedTo), nullMicros(c.NewDue), c.Version,
		micros(c.CreatedAt), micros(c.UpdatedAt)}
}

// CreateCommitment implements commitment.Store.
func (s *CommitmentStore) CreateCommitment(ctx context.Context, c *commitment.Commitment, events []commitment.Event) error {
	c.Version = 1
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO commitments ("+commitmentColumns+") VALUES ("+placeholders(23)+")", commitmentArgs(c)...)
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q or case %q does not exist", c.CustomerID, c.CaseID)
		}
		if err != nil {
			return err
		}
		return insertCommitmentEvents(ctx, tx, events)
	})
}

// FindCommitmentByID implements commitment.Store.
func (s *CommitmentStore) FindCommitmentByID(ctx context.Context, id string) (*commitment.Commitment, error) {
	list, err := scanCommitments(s.db.read.QueryContext(ctx, "SELECT "+commitmentColumns+" FROM commitments WHERE id = ?", id))
	return tact.First(list, err, "commitment", id)
}

// FindCommitments implements commitment.Store.
func (s *CommitmentStore) FindCommitments(ctx context.Context, f commitment.Filter) ([]*commitment.Commitment, error) {
	var w filtered
	if f.CustomerID != "" {
		w.and("customer_id = ?", f.CustomerID)
	}
	if f.OwnerID != "" {
		w.and("owner_id = ?", f.OwnerID)
	}
	if f.CaseID != "" {
		w.and("case_id = ?", f.CaseID)
	}
	if f.Status != "" {
		w.and("status = ?", string(f.Status))
	}
	if f.OpenOnly {
		w.and("status IN ('pending', 'overdue')")
	}
	if !f.DueBefore.IsZero() {
		w.and("due < ?", micros(f.DueBefore))
	}
	if !f.After.IsZero() {
		w.and("(due, id) > (?, ?)", micros(f.After.At), f.After.ID)
	}
	q, args := w.query("SELECT "+commitmentColumns+" FROM commitments", "due, id", tact.PageSize(f.Limit))
	return scanCommitments(s.db.read.QueryContext(ctx, q, args...))
}

// UpdateCommitment implements commitment.Store.
func (s *CommitmentStore) UpdateCommitment(ctx context.Context, c *commitment.Commitment, events []commitment.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "commitments", "commitment", c.ID, func(tx *sql.Tx, prev int) (int64, error) {
		args := commitmentArgs(c)
		// args: id first, then the columns in order; the WHERE takes id and the old version.
		return touched(tx.ExecContext(ctx, "UPDATE commitments SET "+setList(commitmentColumns)+" WHERE id = ? AND version = ?", append(args[1:], c.ID, prev)...))
	}, func(tx *sql.Tx) error { return insertCommitmentEvents(ctx, tx, events) })
}

func scanCommitments(rows *sql.Rows, err error) ([]*commitment.Commitment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*commitment.Commitment
	for rows.Next() {
		var c commitment.Commitment
		var caseID, evidenceKind, evidenceID, escalated sql.NullString
		var due, created, updated int64
		var slotFrom, slotTo, kept, cancelled, overdue, newDue sql.NullInt64
		if err := rows.Scan(&c.ID, &c.CustomerID, &caseID, &c.Kind, &c.Subject, &c.Words, &c.Channel, &due, &slotFrom, &slotTo,
			&c.OwnerID, &c.Status, &kept, &evidenceKind, &evidenceID, &cancelled, &c.CancelReason, &overdue, &escalated, &newDue,
			&c.Version, &created, &updated); err != nil {
			return nil, err
		}
		c.CaseID, c.EscalatedTo = caseID.String, escalated.String
		c.Due, c.CreatedAt, c.UpdatedAt = fromMicros(due), fromMicros(created), fromMicros(updated)
		c.KeptAt, c.CancelledAt, c.OverdueAt, c.NewDue = timePtr(kept), timePtr(cancelled), timePtr(overdue), timePtr(newDue)
		if slotFrom.Valid && slotTo.Valid {
			c.Slot = &commitment.Slot{From: fromMicros(slotFrom.Int64), To: fromMicros(slotTo.Int64)}
		}
		if evidenceKind.Valid {
			c.Evidence = &commitment.Evidence{Kind: commitment.EvidenceKind(evidenceKind.String), ID: evidenceID.String}
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

const commitmentEventColumns = `id, commitment_id, customer_id, at, actor_kind, actor_id, actor_name, on_behalf_of, kind, text,
	from_status, to_status, detail`

func insertCommitmentEvents(ctx context.Context, tx *sql.Tx, events []commitment.Event) error {
	for _, e := range events {
		_, err := tx.ExecContext(ctx, "INSERT INTO commitment_events ("+commitmentEventColumns+") VALUES ("+placeholders(13)+")",
			e.ID, e.CommitmentID, e.CustomerID, micros(e.At), string(e.Actor.Kind), e.Actor.ID, e.Actor.Name,
			nullString(e.Actor.OnBehalfOf), string(e.Kind), e.Text, nullString(string(e.FromStatus)),
			nullString(string(e.ToStatus)), detailJSON(e.Detail))
		if err != nil {
			return err
		}
	}
	return nil
}

func scanCommitmentEvents(rows *sql.Rows, err error) ([]commitment.Event, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []commitment.Event
	for rows.Next() {
		var e commitment.Event
		var at int64
		var onBehalf, fromStatus, toStatus, detail sql.NullString
		if err := rows.Scan(&e.ID, &e.CommitmentID, &e.CustomerID, &at, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &onBehalf,
			&e.Kind, &e.Text, &fromStatus, &toStatus, &detail); err != nil {
			return nil, err
		}
		e.At, e.Actor.OnBehalfOf = fromMicros(at), onBehalf.String
		e.FromStatus, e.ToStatus = commitment.Status(fromStatus.String), commitment.Status(toStatus.String)
		if e.Detail, err = parseDetail(detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
