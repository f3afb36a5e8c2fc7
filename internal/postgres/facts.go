package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
)

// FactsStore implements contactpolicy.FactsStore.
type FactsStore struct{ db *DB }

// NewFactsStore returns the facts store of db.
func NewFactsStore(db *DB) *FactsStore { return &FactsStore{db: db} }

// FindFacts implements contactpolicy.FactsStore: one repeatable-read
// transaction, so every query sees one snapshot, and one query per kind of
// fact for all the customers, each walking the kind's customer index for
// every id of the array.
func (s *FactsStore) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	out := make(map[string]*contactpolicy.Facts, len(q.CustomerIDs))
	if len(q.CustomerIDs) == 0 {
		return out, nil
	}
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("postgres: begin read: %w", err)
	}
	defer tx.Rollback(ctx)
	if err := readFacts(ctx, tx, q, out); err != nil {
		return nil, err
	}
	return out, nil
}

// readFacts reads the facts of the customers of q into out.
func readFacts(ctx context.Context, tx pgx.Tx, q contactpolicy.FactsQuery, out map[string]*contactpolicy.Facts) error {
	list, err := queryCustomers(ctx, tx, customerSelect+" WHERE c.id = ANY($1)", q.CustomerIDs)
	if err != nil || len(list) == 0 {
		return err
	}
	// Later queries ask only about the customers that exist, and read
	// interactions from the earliest look-back among them; each customer's
	// own is applied as his rows are read.
	found := make([]string, len(list))
	since := make(map[string]time.Time, len(list))
	var earliest time.Time
	for i, c := range list {
		out[c.ID] = &contactpolicy.Facts{Customer: c, OppositionCheckedAt: c.OppositionCheckedAt}
		found[i] = c.ID
		since[c.ID] = q.Since(c.Jurisdiction)
		if i == 0 || since[c.ID].Before(earliest) {
			earliest = since[c.ID]
		}
	}
	if err := readContracts(ctx, tx, found, out); err != nil {
		return err
	}
	if err := readOutbound(ctx, tx, found, earliest, since, q.MaxAttempts, out); err != nil {
		return err
	}
	if err := readSurveys(ctx, tx, found, out); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, "SELECT "+commitmentColumns+` FROM commitments WHERE customer_id = ANY($1)
		AND status IN ('pending', 'overdue') ORDER BY customer_id, due, id`, found)
	if err != nil {
		return err
	}
	promises, err := pgx.CollectRows(rows, scanCommitment)
	if err != nil {
		return err
	}
	for _, p := range promises {
		if f := out[p.CustomerID]; len(f.Promises) < q.MaxOpen {
			f.Promises = append(f.Promises, p)
		}
	}
	open, err := queryCases(ctx, tx, "SELECT "+caseColumns+` FROM cases WHERE customer_id = ANY($1)
		AND status NOT IN ('resolved', 'closed') ORDER BY customer_id, opened_at DESC, id DESC`, found)
	if err != nil {
		return err
	}
	for _, c := range open {
		if f := out[c.CustomerID]; len(f.Cases) < q.MaxOpen {
			f.Cases = append(f.Cases, c)
		}
	}
	for _, c := range list {
		f := out[c.ID]
		f.PendingCredits = contactpolicy.PendingCredits(f.Promises)
	}
	return nil
}

// readContracts marks the customers with a line in force.
func readContracts(ctx context.Context, tx pgx.Tx, ids []string, out map[string]*contactpolicy.Facts) error {
	rows, err := tx.Query(ctx, "SELECT DISTINCT customer_id FROM lines WHERE customer_id = ANY($1) AND status <> $2",
		ids, string(customer.LineEnded))
	if err != nil {
		return err
	}
	with, err := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, id := range with {
		out[id].HasContract = true
	}
	return err
}

// readOutbound reads the outbound contacts as attempts, only the columns the
// policy reads: a customer's come newest first, so his look-back and his cap
// are applied as they come.
func readOutbound(ctx context.Context, tx pgx.Tx, ids []string, earliest time.Time, since map[string]time.Time, limit int,
	out map[string]*contactpolicy.Facts) error {
	rows, err := tx.Query(ctx, `SELECT customer_id, started_at, channel, purpose, source, outcome, subject FROM interactions
		WHERE customer_id = ANY($1) AND started_at >= $2 AND direction = 'outbound' ORDER BY customer_id, started_at DESC, id DESC`,
		ids, earliest)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a contactpolicy.Attempt
		if err := rows.Scan(&id, &a.At, &a.Channel, &a.Purpose, &a.Source, &a.Outcome, &a.Subject); err != nil {
			return err
		}
		f := out[id]
		if a.At.Before(since[id]) || len(f.Attempts) >= limit {
			continue
		}
		f.Attempts = append(f.Attempts, a)
	}
	return rows.Err()
}

// readSurveys appends every survey made of each customer, newest first, to
// his attempts: a survey counts whenever it was made (one per event).
func readSurveys(ctx context.Context, tx pgx.Tx, ids []string, out map[string]*contactpolicy.Facts) error {
	rows, err := tx.Query(ctx, "SELECT id, customer_id, event, source, channel, at, decision_id, created_at FROM survey_requests"+
		" WHERE customer_id = ANY($1) ORDER BY customer_id, at DESC, id DESC", ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r survey.Request
		if err := rows.Scan(&r.ID, &r.CustomerID, &r.Event, &r.Source, &r.Channel, &r.At, &r.DecisionID, &r.CreatedAt); err != nil {
			return err
		}
		f := out[r.CustomerID]
		f.Attempts = append(f.Attempts, r.Attempt())
	}
	return rows.Err()
}
