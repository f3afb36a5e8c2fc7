package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/billing"
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
// every id of the array; contactpolicy.Assembly makes them facts.
func (s *FactsStore) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	a := q.Assemble()
	if len(q.CustomerIDs) == 0 {
		return a.Facts(), nil
	}
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("postgres: begin read: %w", err)
	}
	defer tx.Rollback(ctx)
	if err := readFacts(ctx, tx, q.CustomerIDs, q.LastContacts, a); err != nil {
		return nil, err
	}
	return a.Facts(), nil
}

// readFacts reads the facts of the customers of ids into a, with their
// context when lastContacts is above 0.
func readFacts(ctx context.Context, tx pgx.Tx, ids []string, lastContacts int, a *contactpolicy.Assembly) error {
	list, err := queryCustomers(ctx, tx, customerSelect+" WHERE c.id = ANY($1)", ids)
	if err != nil || len(list) == 0 {
		return err
	}
	// Later queries ask only about the customers that exist.
	found, earliest := a.AddCustomers(list)
	if err := readContracts(ctx, tx, found, a); err != nil {
		return err
	}
	if err := readOutbound(ctx, tx, found, earliest, a); err != nil {
		return err
	}
	if err := readSurveys(ctx, tx, found, a); err != nil {
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
		a.AddPromise(p)
	}
	open, err := queryCases(ctx, tx, "SELECT "+caseColumns+` FROM cases WHERE customer_id = ANY($1)
		AND status NOT IN ('resolved', 'closed') ORDER BY customer_id, opened_at DESC, id DESC`, found)
	if err != nil {
		return err
	}
	for _, k := range open {
		a.AddCase(k)
	}
	if err := readBillMatters(ctx, tx, found, a); err != nil {
		return err
	}
	if lastContacts > 0 {
		return readContext(ctx, tx, found, lastContacts, a)
	}
	return nil
}

// readBillMatters counts each customer's open disputes (through the partial
// index of migration 0016) and pending credit notes, in one query.
func readBillMatters(ctx context.Context, tx pgx.Tx, ids []string, a *contactpolicy.Assembly) error {
	rows, err := tx.Query(ctx, `SELECT 'dispute', customer_id, count(*) FROM disputes WHERE customer_id = ANY($1) AND open GROUP BY customer_id
		UNION ALL SELECT 'credit', customer_id, count(*) FROM credit_notes WHERE customer_id = ANY($1) AND status = $2 GROUP BY customer_id`,
		ids, string(billing.CreditPending))
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
func readContext(ctx context.Context, tx pgx.Tx, ids []string, lastContacts int, a *contactpolicy.Assembly) error {
	lines, err := queryLines(ctx, tx, "SELECT "+lineColumns+" FROM lines WHERE customer_id = ANY($1) ORDER BY customer_id, started_on, id", ids)
	if err != nil {
		return err
	}
	for _, l := range lines {
		a.AddLine(l)
	}
	devices, err := queryDevices(ctx, tx, "SELECT "+deviceColumns+" FROM devices WHERE customer_id = ANY($1) ORDER BY customer_id, created_at, id", ids)
	if err != nil {
		return err
	}
	for _, d := range devices {
		a.AddDevice(d)
	}
	// A lateral walk of the timeline index reads only the newest of each.
	last, err := queryInteractions(ctx, tx, "SELECT i.* FROM unnest($1::text[]) AS c(id) CROSS JOIN LATERAL (SELECT "+interactionColumns+
		" FROM interactions WHERE customer_id = c.id ORDER BY started_at DESC, id DESC LIMIT $2) AS i ORDER BY i.customer_id, i.started_at DESC, i.id DESC",
		ids, lastContacts)
	for _, i := range last {
		a.AddLastContact(i)
	}
	return err
}

// readContracts marks the customers with a line in force.
func readContracts(ctx context.Context, tx pgx.Tx, ids []string, a *contactpolicy.Assembly) error {
	rows, err := tx.Query(ctx, "SELECT DISTINCT customer_id FROM lines WHERE customer_id = ANY($1) AND status <> $2",
		ids, string(customer.LineEnded))
	if err != nil {
		return err
	}
	with, err := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, id := range with {
		a.HasContract(id)
	}
	return err
}

// readOutbound reads the outbound contacts since earliest as attempts, only
// the columns the policy reads, a customer's newest first as the assembly
// wants them.
func readOutbound(ctx context.Context, tx pgx.Tx, ids []string, earliest time.Time, a *contactpolicy.Assembly) error {
	rows, err := tx.Query(ctx, `SELECT customer_id, started_at, channel, purpose, source, outcome, subject FROM interactions
		WHERE customer_id = ANY($1) AND started_at >= $2 AND direction = 'outbound' ORDER BY customer_id, started_at DESC, id DESC`,
		ids, earliest)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var t contactpolicy.Attempt
		if err := rows.Scan(&id, &t.At, &t.Channel, &t.Purpose, &t.Source, &t.Outcome, &t.Subject); err != nil {
			return err
		}
		a.AddOutbound(id, t)
	}
	return rows.Err()
}

// readSurveys reads every survey made of each customer, newest first.
func readSurveys(ctx context.Context, tx pgx.Tx, ids []string, a *contactpolicy.Assembly) error {
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
		a.AddSurvey(r.CustomerID, r.Attempt())
	}
	return rows.Err()
}
