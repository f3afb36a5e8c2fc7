package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/tact"
)

// CommitmentStore implements commitment.Store.
type CommitmentStore struct{ db *DB }

var _ commitment.Store = (*CommitmentStore)(nil)

// NewCommitmentStore returns the commitment store of db.
func NewCommitmentStore(db *DB) *CommitmentStore { return &CommitmentStore{db: db} }

var commitmentColumnList = []string{"id", "customer_id", "case_id", "kind", "subject", "words", "channel", "due", "slot_from",
	"slot_to", "owner_id", "status", "kept_at", "evidence_kind", "evidence_id", "cancelled_at", "cancel_reason", "overdue_at",
	"escalated_to", "new_due", "version", "created_at", "updated_at"}

var commitmentColumns = strings.Join(commitmentColumnList, ", ")

// commitmentArgs returns the values of commitmentColumnList, id first.
func commitmentArgs(c *commitment.Commitment) []any {
	var slotFrom, slotTo *time.Time
	if c.Slot != nil {
		slotFrom, slotTo = &c.Slot.From, &c.Slot.To
	}
	var evidenceKind, evidenceID *string
	if c.Evidence != nil {
		evidenceKind, evidenceID = nullString(string(c.Evidence.Kind)), nullString(c.Evidence.ID)
	}
	return []any{c.ID, c.CustomerID, nullString(c.CaseID), string(c.Kind), c.Subject, c.Words, string(c.Channel), c.Due,
		slotFrom, slotTo, c.OwnerID, string(c.Status), c.KeptAt, evidenceKind, evidenceID, c.CancelledAt, c.CancelReason,
		c.OverdueAt, nullString(c.EscalatedTo), c.NewDue, c.Version, c.CreatedAt, c.UpdatedAt}
}

// commitmentError translates the constraint violations of a promise write as
// SQLite's engine does: a missing customer or case is not_found on its field.
func commitmentError(err error, c *commitment.Commitment) error {
	return foreignKeyError(err, "commitments", map[string]ref{
		"customer_id": {"customer", c.CustomerID},
		"case_id":     {"case", c.CaseID},
	})
}

var commitmentEventColumnList = []string{"id", "commitment_id", "customer_id", "at", "actor_kind", "actor_id", "actor_name",
	"on_behalf_of", "kind", "text", "from_status", "to_status", "detail"}

var commitmentEventColumns = strings.Join(commitmentEventColumnList, ", ")

func commitmentEventRow(e commitment.Event) []any {
	return []any{e.ID, e.CommitmentID, e.CustomerID, e.At, string(e.Actor.Kind), e.Actor.ID, e.Actor.Name,
		nullString(e.Actor.OnBehalfOf), string(e.Kind), e.Text, nullString(string(e.FromStatus)), nullString(string(e.ToStatus)),
		detailJSON(e.Detail)}
}

func queueCommitmentEvents(b *pgx.Batch, events []commitment.Event) {
	for _, e := range events {
		b.Queue("INSERT INTO commitment_events ("+commitmentEventColumns+") VALUES ("+params(1, len(commitmentEventColumnList))+")",
			commitmentEventRow(e)...)
	}
}

// CreateCommitment implements commitment.Store, in one batch (one implicit
// transaction).
func (s *CommitmentStore) CreateCommitment(ctx context.Context, c *commitment.Commitment, events []commitment.Event) error {
	c.Version = 1
	b := &pgx.Batch{}
	b.Queue("INSERT INTO commitments ("+commitmentColumns+") VALUES ("+params(1, len(commitmentColumnList))+")", commitmentArgs(c)...)
	queueCommitmentEvents(b, events)
	return commitmentError(s.db.pool.SendBatch(ctx, b).Close(), c)
}

// FindCommitmentByID implements commitment.Store.
func (s *CommitmentStore) FindCommitmentByID(ctx context.Context, id string) (*commitment.Commitment, error) {
	list, err := s.queryCommitments(ctx, "SELECT "+commitmentColumns+" FROM commitments WHERE id = $1", id)
	return tact.First(list, err, "commitment", id)
}

// FindCommitments implements commitment.Store: soonest due first, strictly
// after the cursor in that order.
func (s *CommitmentStore) FindCommitments(ctx context.Context, f commitment.Filter) ([]*commitment.Commitment, error) {
	var a args
	var where []string
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+a.add(f.CustomerID))
	}
	if f.OwnerID != "" {
		where = append(where, "owner_id = "+a.add(f.OwnerID))
	}
	if f.CaseID != "" {
		where = append(where, "case_id = "+a.add(f.CaseID))
	}
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	if f.OpenOnly {
		where = append(where, "status IN ('pending', 'overdue')")
	}
	if !f.DueBefore.IsZero() {
		where = append(where, "due < "+a.add(f.DueBefore))
	}
	if !f.After.IsZero() {
		where = append(where, "(due, id) > ("+a.add(f.After.At)+", "+a.add(f.After.ID)+")")
	}
	query := a.selectWhere("SELECT "+commitmentColumns+" FROM commitments", where, "due, id", tact.PageSize(f.Limit))
	return s.queryCommitments(ctx, query, a...)
}

// UpdateCommitment implements commitment.Store.
func (s *CommitmentStore) UpdateCommitment(ctx context.Context, c *commitment.Commitment, events []commitment.Event) error {
	return s.db.updateVersioned(ctx, &c.Version, "commitments", "commitment", c.ID, func(tx pgx.Tx, prev int) (int64, error) {
		a := commitmentArgs(c)
		tag, err := tx.Exec(ctx, "UPDATE commitments SET "+setList(commitmentColumnList)+" WHERE id = $1 AND version = $"+strconv.Itoa(len(a)+1), append(a, prev)...)
		if err != nil {
			return 0, commitmentError(err, c)
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error { return batch(ctx, tx, func(b *pgx.Batch) { queueCommitmentEvents(b, events) }) })
}

func (s *CommitmentStore) queryCommitments(ctx context.Context, query string, args ...any) ([]*commitment.Commitment, error) {
	rows, err := s.db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanCommitment)
}

func scanCommitment(row pgx.CollectableRow) (*commitment.Commitment, error) {
	var c commitment.Commitment
	var caseID, evidenceKind, evidenceID, escalated *string
	var slotFrom, slotTo *time.Time
	if err := row.Scan(&c.ID, &c.CustomerID, &caseID, &c.Kind, &c.Subject, &c.Words, &c.Channel, &c.Due, &slotFrom,
		&slotTo, &c.OwnerID, &c.Status, &c.KeptAt, &evidenceKind, &evidenceID, &c.CancelledAt, &c.CancelReason,
		&c.OverdueAt, &escalated, &c.NewDue, &c.Version, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.CaseID, c.EscalatedTo = deref(caseID), deref(escalated)
	if slotFrom != nil && slotTo != nil {
		c.Slot = &commitment.Slot{From: *slotFrom, To: *slotTo}
	}
	if evidenceKind != nil || evidenceID != nil {
		c.Evidence = &commitment.Evidence{Kind: commitment.EvidenceKind(deref(evidenceKind)), ID: deref(evidenceID)}
	}
	return &c, nil
}

func scanCommitmentEvent(row pgx.CollectableRow) (commitment.Event, error) {
	var e commitment.Event
	var onBehalf, fromStatus, toStatus *string
	var detail []byte
	if err := row.Scan(&e.ID, &e.CommitmentID, &e.CustomerID, &e.At, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &onBehalf,
		&e.Kind, &e.Text, &fromStatus, &toStatus, &detail); err != nil {
		return commitment.Event{}, err
	}
	e.Actor.OnBehalfOf = deref(onBehalf)
	e.FromStatus, e.ToStatus = commitment.Status(deref(fromStatus)), commitment.Status(deref(toStatus))
	if err := scanDetail(detail, &e.Detail); err != nil {
		return commitment.Event{}, fmt.Errorf("commitment event %s: %w", e.ID, err)
	}
	return e, nil
}

// commitmentEventPage returns the query of a customer's promise events newest
// first, strictly after the timeline cursor.
func commitmentEventPage(customerID string, after tact.Cursor, limit int) (string, []any) {
	if after.IsZero() {
		return "SELECT " + commitmentEventColumns + " FROM commitment_events WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
			[]any{customerID, limit}
	}
	return "SELECT " + commitmentEventColumns + ` FROM commitment_events WHERE customer_id = $1 AND (at, id) < ($2, $3)
		ORDER BY at DESC, id DESC LIMIT $4`, []any{customerID, after.At, after.ID, limit}
}
