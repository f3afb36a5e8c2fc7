package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/billing"
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

// FindFacts implements contactpolicy.FactsStore: one read transaction, in
// which the customers with a profile are read with one lookup, and the
// others, per chunk, with one query per kind of fact, each walking the kind's
// customer index for every id of the chunk; contactpolicy.Assembly makes them
// facts. The profiles found missing are then written (see profiles).
func (s *FactsStore) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	ids := unique(q.CustomerIDs)
	lookup, err := s.db.profiles.statement(ctx)
	if err != nil {
		return nil, err
	}
	a := q.Assemble()
	var missing []string
	err = s.db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if missing, err = readProfiles(ctx, tx.StmtContext(ctx, lookup), ids, a, nil); err != nil {
			return err
		}
		if s.db.profiles.mode == ProfilesChecked {
			if err := checkProfiles(ctx, tx, q, ids, missing, a); err != nil {
				return err
			}
		}
		for chunk := range slices.Chunk(missing, factsChunk) {
			if err := readFacts(ctx, tx, chunk, q.LastContacts, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	facts := a.Facts()
	missing = slices.DeleteFunc(missing, func(id string) bool { return facts[id] == nil })
	if err := s.db.profiles.write(ctx, q, missing); err != nil {
		return nil, err
	}
	return facts, nil
}

// FindProfiles implements factbase.Source: the profiles of q's customers,
// read as FindFacts reads them (a kept profile that answers q, else the
// rows), in one read transaction; those read from the rows are written back
// as FindFacts does.
func (s *FactsStore) FindProfiles(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Profile, error) {
	ids := unique(q.CustomerIDs)
	lookup, err := s.db.profiles.statement(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*contactpolicy.Profile, len(ids))
	var missing []string
	err = s.db.readTx(ctx, func(tx *sql.Tx) error {
		a := q.Assemble()
		var err error
		if missing, err = readProfiles(ctx, tx.StmtContext(ctx, lookup), ids, a, out); err != nil {
			return err
		}
		if s.db.profiles.mode == ProfilesChecked {
			if err := checkProfiles(ctx, tx, q, ids, missing, a); err != nil {
				return err
			}
		}
		rows := q.Assemble()
		for chunk := range slices.Chunk(missing, factsChunk) {
			if err := readFacts(ctx, tx, chunk, q.LastContacts, rows); err != nil {
				return err
			}
		}
		maps.Copy(out, rows.Profiles())
		return nil
	})
	if err != nil {
		return nil, err
	}
	missing = slices.DeleteFunc(missing, func(id string) bool { return out[id] == nil })
	if err := s.db.profiles.write(ctx, q, missing); err != nil {
		return nil, err
	}
	return out, nil
}

// CustomerIDs implements factbase.Source: up to limit customer ids after
// after, in order, along the primary key.
func (s *FactsStore) CustomerIDs(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT id FROM customers WHERE id > ? ORDER BY id LIMIT ?", after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// checkProfiles reads from the rows the customers of ids that a profile
// served (those not missing) and fails if any facts differ.
func checkProfiles(ctx context.Context, tx *sql.Tx, q contactpolicy.FactsQuery, ids, missing []string, fromProfiles *contactpolicy.Assembly) error {
	served := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(missing, id) })
	if len(served) == 0 {
		return nil
	}
	rows := q.Assemble()
	if err := readFacts(ctx, tx, served, q.LastContacts, rows); err != nil {
		return err
	}
	want, got := rows.Facts(), fromProfiles.Facts()
	for _, id := range served {
		w, err := json.Marshal(want[id])
		if err != nil {
			return err
		}
		g, err := json.Marshal(got[id])
		if err != nil {
			return err
		}
		if string(w) != string(g) {
			return fmt.Errorf("sqlite: the contact profile of %s differs from its rows (a change did not drop it):\nrows:    %s\nprofile: %s", id, w, g)
		}
	}
	return nil
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

// readFacts reads the facts of the customers of ids into a, with their
// context when lastContacts is above 0.
func readFacts(ctx context.Context, tx *sql.Tx, ids []string, lastContacts int, a *contactpolicy.Assembly) error {
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
	if err != nil {
		return err
	}
	for _, k := range open {
		a.AddCase(k)
	}
	if err := readBillMatters(ctx, tx, in, found, a); err != nil {
		return err
	}
	if lastContacts > 0 {
		return readContext(ctx, tx, in, found, lastContacts, a)
	}
	return nil
}

// readBillMatters counts each customer's open disputes (through the partial
// index of migration 0016) and pending credit notes, in one query.
func readBillMatters(ctx context.Context, tx *sql.Tx, in string, ids []any, a *contactpolicy.Assembly) error {
	rows, err := tx.QueryContext(ctx, "SELECT 'dispute', customer_id, count(*) FROM disputes WHERE customer_id IN "+in+" AND open GROUP BY customer_id"+
		" UNION ALL SELECT 'credit', customer_id, count(*) FROM credit_notes WHERE customer_id IN "+in+
		" AND status = '"+string(billing.CreditPending)+"' GROUP BY customer_id", slices.Concat(ids, ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id string
		var n int
		if err := rows.Scan(&kind, &id, &n); err != nil {
			return err
		}
		if kind == "dispute" {
			a.AddOpenDisputes(id, n)
		} else {
			a.AddPendingCreditNotes(id, n)
		}
	}
	return rows.Err()
}

// readContext reads the lines, the devices and the last contacts of each
// customer, in the orders of FindLines, FindDevices and FindInteractions.
func readContext(ctx context.Context, tx *sql.Tx, in string, ids []any, lastContacts int, a *contactpolicy.Assembly) error {
	lines, err := scanLines(tx.QueryContext(ctx, "SELECT "+lineColumns+" FROM lines WHERE customer_id IN "+in+" ORDER BY customer_id, started_on, id", ids...))
	if err != nil {
		return err
	}
	for _, l := range lines {
		a.AddLine(l)
	}
	devices, err := scanDevices(tx.QueryContext(ctx, "SELECT "+deviceColumns+" FROM devices WHERE customer_id IN "+in+" ORDER BY customer_id, created_at, id", ids...))
	if err != nil {
		return err
	}
	for _, d := range devices {
		a.AddDevice(d)
	}
	last, err := scanInteractions(tx.QueryContext(ctx, "SELECT "+interactionColumns+" FROM (SELECT "+interactionColumns+
		", row_number() OVER (PARTITION BY customer_id ORDER BY started_at DESC, id DESC) AS n FROM interactions WHERE customer_id IN "+in+
		") WHERE n <= ? ORDER BY customer_id, started_at DESC, id DESC", slices.Concat(ids, []any{lastContacts})...))
	for _, i := range last {
		a.AddLastContact(i)
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
