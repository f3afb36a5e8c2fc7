package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
)

// FactsStore implements contactpolicy.FactsStore.
type FactsStore struct{ db *DB }

// NewFactsStore returns the facts store of db.
func NewFactsStore(db *DB) *FactsStore { return &FactsStore{db: db} }

// factsChunk is how many customers one set of queries reads: a few hundred
// values per IN list keep each statement small and the planner on the
// customer indexes, far below SQLite's limit on bound parameters.
const factsChunk = 500

// FindFacts implements contactpolicy.FactsStore: one read transaction, and
// per chunk of customers one query per kind of fact, each walking the
// kind's customer index for every id of the chunk.
func (s *FactsStore) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	ids := unique(q.CustomerIDs)
	out := make(map[string]*contactpolicy.Facts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(ids, factsChunk) {
			if err := readFacts(ctx, tx, chunk, q, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// unique returns ids without repeats, in first-seen order.
func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// readFacts reads the facts of the customers of ids into out.
func readFacts(ctx context.Context, tx *sql.Tx, ids []string, q contactpolicy.FactsQuery, out map[string]*contactpolicy.Facts) error {
	list, err := queryCustomers(ctx, tx, "SELECT "+customerColumns+" FROM customers WHERE id IN ("+placeholders(len(ids))+")", anys(ids)...)
	if err != nil || len(list) == 0 {
		return err
	}
	// Later queries ask only about the customers that exist, and read
	// interactions from the earliest look-back among them; each customer's
	// own is applied as his rows are read.
	found := make([]any, len(list))
	since := make(map[string]int64, len(list))
	var earliest int64
	for i, c := range list {
		out[c.ID] = &contactpolicy.Facts{Customer: c, OppositionCheckedAt: c.OppositionCheckedAt}
		found[i] = c.ID
		since[c.ID] = micros(q.Since(c.Jurisdiction))
		if i == 0 || since[c.ID] < earliest {
			earliest = since[c.ID]
		}
	}
	in := "(" + placeholders(len(found)) + ")"
	if err := readContracts(ctx, tx, in, found, out); err != nil {
		return err
	}
	if err := readOutbound(ctx, tx, in, found, earliest, since, q.MaxAttempts, out); err != nil {
		return err
	}
	if err := readSurveys(ctx, tx, in, found, out); err != nil {
		return err
	}
	promises, err := scanCommitments(tx.QueryContext(ctx, "SELECT "+commitmentColumns+" FROM commitments WHERE customer_id IN "+in+
		" AND status IN ('pending', 'overdue') ORDER BY customer_id, due, id", found...))
	if err != nil {
		return err
	}
	for _, p := range promises {
		if f := out[p.CustomerID]; len(f.Promises) < q.MaxOpen {
			f.Promises = append(f.Promises, p)
		}
	}
	// The literal list matches the partial index cases_open, as FindCases.
	open, err := scanCases(tx.QueryContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE customer_id IN "+in+
		" AND status NOT IN ('resolved', 'closed') ORDER BY customer_id, opened_at DESC, id DESC", found...))
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
func readContracts(ctx context.Context, tx *sql.Tx, in string, ids []any, out map[string]*contactpolicy.Facts) error {
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT customer_id FROM lines WHERE customer_id IN "+in+
		" AND status <> '"+string(customer.LineEnded)+"'", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out[id].HasContract = true
	}
	return rows.Err()
}

// readOutbound reads the outbound contacts as attempts, only the columns the
// policy reads: a customer's are in index order, newest first, so his look-back
// and his cap are applied as they come.
func readOutbound(ctx context.Context, tx *sql.Tx, in string, ids []any, earliest int64, since map[string]int64, limit int,
	out map[string]*contactpolicy.Facts) error {
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, started_at, channel, purpose, source, outcome, subject FROM interactions
		WHERE customer_id IN `+in+` AND started_at >= ? AND direction = 'outbound' ORDER BY customer_id, started_at DESC, id DESC`,
		slices.Concat(ids, []any{earliest})...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var at int64
		var a contactpolicy.Attempt
		if err := rows.Scan(&id, &at, &a.Channel, &a.Purpose, &a.Source, &a.Outcome, &a.Subject); err != nil {
			return err
		}
		f := out[id]
		if at < since[id] || len(f.Attempts) >= limit {
			continue
		}
		a.At = fromMicros(at)
		f.Attempts = append(f.Attempts, a)
	}
	return rows.Err()
}

// readSurveys appends every survey made of each customer, newest first, to
// his attempts: a survey counts whenever it was made (one per event).
func readSurveys(ctx context.Context, tx *sql.Tx, in string, ids []any, out map[string]*contactpolicy.Facts) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+surveyColumns+" FROM survey_requests WHERE customer_id IN "+in+
		" ORDER BY customer_id, at DESC, id DESC", ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r survey.Request
		var at, created int64
		if err := rows.Scan(&r.ID, &r.CustomerID, &r.Event, &r.Source, &r.Channel, &at, &r.DecisionID, &created); err != nil {
			return err
		}
		r.At, r.CreatedAt = fromMicros(at), fromMicros(created)
		f := out[r.CustomerID]
		f.Attempts = append(f.Attempts, r.Attempt())
	}
	return rows.Err()
}
