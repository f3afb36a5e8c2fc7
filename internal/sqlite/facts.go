package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"time"

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
// kind's customer index for every id of the chunk; contactpolicy.Assembly
// makes them facts.
func (s *FactsStore) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	a := q.Assemble()
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(unique(q.CustomerIDs), factsChunk) {
			if err := readFacts(ctx, tx, chunk, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.Facts(), nil
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

// readFacts reads the facts of the customers of ids into a.
func readFacts(ctx context.Context, tx *sql.Tx, ids []string, a *contactpolicy.Assembly) error {
	list, err := queryCustomers(ctx, tx, "SELECT "+customerColumns+" FROM customers WHERE id IN ("+placeholders(len(ids))+")", anys(ids)...)
	if err != nil || len(list) == 0 {
		return err
	}
	// Later queries ask only about the customers that exist.
	foundIDs, earliest := a.AddCustomers(list)
	found := anys(foundIDs)
	in := "(" + placeholders(len(found)) + ")"
	if err := readContracts(ctx, tx, in, found, a); err != nil {
		return err
	}
	if err := readOutbound(ctx, tx, in, found, earliest, a); err != nil {
		return err
	}
	if err := readSurveys(ctx, tx, in, found, a); err != nil {
		return err
	}
	promises, err := scanCommitments(tx.QueryContext(ctx, "SELECT "+commitmentColumns+" FROM commitments WHERE customer_id IN "+in+
		" AND status IN ('pending', 'overdue') ORDER BY customer_id, due, id", found...))
	if err != nil {
		return err
	}
	for _, p := range promises {
		a.AddPromise(p)
	}
	// The literal list matches the partial index cases_open, as FindCases.
	open, err := scanCases(tx.QueryContext(ctx, "SELECT "+caseColumns+" FROM cases WHERE customer_id IN "+in+
		" AND status NOT IN ('resolved', 'closed') ORDER BY customer_id, opened_at DESC, id DESC", found...))
	for _, k := range open {
		a.AddCase(k)
	}
	return err
}

// readContracts marks the customers with a line in force.
func readContracts(ctx context.Context, tx *sql.Tx, in string, ids []any, a *contactpolicy.Assembly) error {
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
		a.HasContract(id)
	}
	return rows.Err()
}

// readOutbound reads the outbound contacts since earliest as attempts, only
// the columns the policy reads, a customer's newest first as the assembly
// wants them.
func readOutbound(ctx context.Context, tx *sql.Tx, in string, ids []any, earliest time.Time, a *contactpolicy.Assembly) error {
	rows, err := tx.QueryContext(ctx, `SELECT customer_id, started_at, channel, purpose, source, outcome, subject FROM interactions
		WHERE customer_id IN `+in+` AND started_at >= ? AND direction = 'outbound' ORDER BY customer_id, started_at DESC, id DESC`,
		slices.Concat(ids, []any{micros(earliest)})...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var at int64
		var t contactpolicy.Attempt
		if err := rows.Scan(&id, &at, &t.Channel, &t.Purpose, &t.Source, &t.Outcome, &t.Subject); err != nil {
			return err
		}
		t.At = fromMicros(at)
		a.AddOutbound(id, t)
	}
	return rows.Err()
}

// readSurveys reads every survey made of each customer, newest first.
func readSurveys(ctx context.Context, tx *sql.Tx, in string, ids []any, a *contactpolicy.Assembly) error {
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
		a.AddSurvey(r.CustomerID, r.Attempt())
	}
	return rows.Err()
}
