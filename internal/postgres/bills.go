package postgres

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// BillStore implements billing.Store.
type BillStore struct{ db *DB }

var _ billing.Store = (*BillStore)(nil)

// NewBillStore returns the bill store of db.
func NewBillStore(db *DB) *BillStore { return &BillStore{db: db} }

var billColumnList = []string{"id", "run_id", "customer_id", "status", "period_to", "total_cents", "version", "data"}

func billArgs(b *billing.Bill) ([]any, error) {
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return []any{b.ID, b.RunID, b.CustomerID, string(b.Status), b.To.String(), b.Total.Cents, b.Version, data}, nil
}

func billEventRows(events []billing.Event) ([][]any, error) {
	rows := make([][]any, len(events))
	for i, ev := range events {
		data, err := json.Marshal(ev)
		if err != nil {
			return nil, err
		}
		rows[i] = []any{ev.ID, ev.BillID, ev.At, data}
	}
	return rows, nil
}

var billEventColumnList = []string{"id", "bill_id", "at", "data"}

// CreateRun implements billing.Store: the bills and events are copied in, in
// one transaction.
func (s *BillStore) CreateRun(ctx context.Context, r *billing.Run, bills []*billing.Bill, events []billing.Event) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	rows := make([][]any, len(bills))
	for i, b := range bills {
		if rows[i], err = billArgs(b); err != nil {
			return err
		}
	}
	evRows, err := billEventRows(events)
	if err != nil {
		return err
	}
	err = s.db.writeTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO bill_runs (id, submitted_at, data) VALUES ($1, $2, $3)", r.ID, r.SubmittedAt, data); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"bills"}, billColumnList, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"bill_events"}, billEventColumnList, pgx.CopyFromRows(evRows))
		return err
	})
	if isForeignKeyOn(err, "bills") {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "a bill's customer does not exist")
	}
	return err
}

// FindRun implements billing.Store.
func (s *BillStore) FindRun(ctx context.Context, id string) (*billing.Run, error) {
	list, err := queryJSON[billing.Run](ctx, s.db, "bill run", "SELECT data FROM bill_runs WHERE id = $1", id)
	return tact.First(list, err, "bill run", id)
}

// FindBill implements billing.Store.
func (s *BillStore) FindBill(ctx context.Context, id string) (*billing.Bill, error) {
	list, err := queryJSON[billing.Bill](ctx, s.db, "bill", "SELECT data FROM bills WHERE id = $1", id)
	return tact.First(list, err, "bill", id)
}

// FindBills implements billing.Store.
func (s *BillStore) FindBills(ctx context.Context, f billing.Filter) ([]*billing.Bill, error) {
	var a args
	var where []string
	if f.RunID != "" {
		where = append(where, "run_id = "+a.add(f.RunID))
	}
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+a.add(f.CustomerID))
	}
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	if f.After != "" {
		where = append(where, "id > "+a.add(f.After))
	}
	q := a.selectWhere("SELECT data FROM bills", where, "id", tact.PageSize(f.Limit))
	return queryJSON[billing.Bill](ctx, s.db, "bill", q, a...)
}

// UpdateBill implements billing.Store.
func (s *BillStore) UpdateBill(ctx context.Context, b *billing.Bill, ev billing.Event) error {
	return s.db.updateVersioned(ctx, &b.Version, "bills", "bill", b.ID, func(tx pgx.Tx, prev int) (int64, error) {
		a, err := billArgs(b)
		if err != nil {
			return 0, err
		}
		tag, err := tx.Exec(ctx, "UPDATE bills SET "+setList(billColumnList)+" WHERE id = $1 AND version = $"+strconv.Itoa(len(a)+1), append(a, prev)...)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error {
		rows, err := billEventRows([]billing.Event{ev})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO bill_events (id, bill_id, at, data) VALUES ($1, $2, $3, $4)", rows[0]...)
		return err
	})
}

// FindBillEvents implements billing.Store.
func (s *BillStore) FindBillEvents(ctx context.Context, billID string) ([]billing.Event, error) {
	list, err := queryJSON[billing.Event](ctx, s.db, "bill event", "SELECT data FROM bill_events WHERE bill_id = $1 ORDER BY at, id", billID)
	out := make([]billing.Event, len(list))
	for i, e := range list {
		out[i] = *e
	}
	return out, err
}

// FindHistory implements billing.Store: one query over the customers' bills
// by period, the newest n kept per customer.
func (s *BillStore) FindHistory(ctx context.Context, customerIDs []string, before tact.Date, n int) (map[string][]int64, error) {
	out := map[string][]int64{}
	if len(customerIDs) == 0 || n <= 0 {
		return out, nil
	}
	rows, err := s.db.pool.Query(ctx, `SELECT customer_id, total_cents FROM (
		SELECT customer_id, total_cents, period_to, id,
			ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY period_to DESC, id DESC) AS k
		FROM bills WHERE customer_id = ANY($1) AND period_to < $2
			AND status IN ('validated', 'sent', 'partially_paid', 'settled', 'disputed')) recent
		WHERE k <= $3 ORDER BY customer_id, period_to, id`, customerIDs, before.String(), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var total int64
		if err := rows.Scan(&id, &total); err != nil {
			return nil, err
		}
		out[id] = append(out[id], total)
	}
	return out, rows.Err()
}

func insertCreditNote(ctx context.Context, tx pgx.Tx, c *billing.CreditNote) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "INSERT INTO credit_notes (id, customer_id, status, version, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)",
		c.ID, c.CustomerID, string(c.Status), c.Version, c.CreatedAt, data)
	return err
}

// OpenDispute implements billing.Store.
func (s *BillStore) OpenDispute(ctx context.Context, d *billing.Dispute, b *billing.Bill, ev billing.Event, credit *billing.CreditNote) error {
	return s.db.updateVersioned(ctx, &b.Version, "bills", "bill", b.ID, func(tx pgx.Tx, prev int) (int64, error) {
		a, err := billArgs(b)
		if err != nil {
			return 0, err
		}
		tag, err := tx.Exec(ctx, "UPDATE bills SET "+setList(billColumnList)+" WHERE id = $1 AND version = $"+strconv.Itoa(len(a)+1), append(a, prev)...)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error {
		rows, err := billEventRows([]billing.Event{ev})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO bill_events (id, bill_id, at, data) VALUES ($1, $2, $3, $4)", rows[0]...); err != nil {
			return err
		}
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO disputes (id, bill_id, customer_id, open, created_at, data) VALUES ($1, $2, $3, $4, $5, $6)",
			d.ID, d.BillID, d.CustomerID, d.Open, d.CreatedAt, data); err != nil {
			return err
		}
		if credit == nil {
			return nil
		}
		return insertCreditNote(ctx, tx, credit)
	})
}

// FindDisputes implements billing.Store.
func (s *BillStore) FindDisputes(ctx context.Context, billID string) ([]billing.Dispute, error) {
	list, err := queryJSON[billing.Dispute](ctx, s.db, "dispute", "SELECT data FROM disputes WHERE bill_id = $1 ORDER BY created_at, id", billID)
	out := make([]billing.Dispute, len(list))
	for i, d := range list {
		out[i] = *d
	}
	return out, err
}

// ResolveDispute implements billing.Store: the write happens only where the
// dispute is still open, so of two resolutions at once the second, once the
// first commits, finds it resolved.
func (s *BillStore) ResolveDispute(ctx context.Context, d *billing.Dispute) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.db.writeTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE disputes SET open = $1, data = $2 WHERE id = $3 AND open", d.Open, data, d.ID)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM disputes WHERE id = $1)", d.ID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return tact.NotFound("dispute", d.ID)
		}
		return tact.Errorf(tact.CodeInvalidTransition, "dispute %s is already resolved", d.ID)
	})
}

// CreateCreditNote implements billing.Store.
func (s *BillStore) CreateCreditNote(ctx context.Context, c *billing.CreditNote) error {
	err := s.db.writeTx(ctx, func(tx pgx.Tx) error { return insertCreditNote(ctx, tx, c) })
	if isForeignKeyOn(err, "credit_notes") {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
	}
	return err
}

// FindCreditNote implements billing.Store.
func (s *BillStore) FindCreditNote(ctx context.Context, id string) (*billing.CreditNote, error) {
	list, err := queryJSON[billing.CreditNote](ctx, s.db, "credit note", "SELECT data FROM credit_notes WHERE id = $1", id)
	return tact.First(list, err, "credit note", id)
}

// FindCreditNotes implements billing.Store.
func (s *BillStore) FindCreditNotes(ctx context.Context, customerID string) ([]*billing.CreditNote, error) {
	return queryJSON[billing.CreditNote](ctx, s.db, "credit note", "SELECT data FROM credit_notes WHERE customer_id = $1 ORDER BY created_at, id", customerID)
}

// UpdateCreditNote implements billing.Store.
func (s *BillStore) UpdateCreditNote(ctx context.Context, c *billing.CreditNote) error {
	return s.db.updateVersioned(ctx, &c.Version, "credit_notes", "credit note", c.ID, func(tx pgx.Tx, prev int) (int64, error) {
		data, err := json.Marshal(c)
		if err != nil {
			return 0, err
		}
		tag, err := tx.Exec(ctx, "UPDATE credit_notes SET status = $1, version = $2, data = $3 WHERE id = $4 AND version = $5",
			string(c.Status), c.Version, data, c.ID, prev)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}, func(pgx.Tx) error { return nil })
}

// CreateDunningDecision implements billing.Store.
func (s *BillStore) CreateDunningDecision(ctx context.Context, r *billing.DunningRecord) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.db.pool.Exec(ctx, "INSERT INTO dunning_decisions (id, bill_id, decided_at, data) VALUES ($1, $2, $3, $4)", r.ID, r.BillID, r.DecidedAt, data)
	return err
}

// FindDunningDecisions implements billing.Store.
func (s *BillStore) FindDunningDecisions(ctx context.Context, billID string) ([]*billing.DunningRecord, error) {
	return queryJSON[billing.DunningRecord](ctx, s.db, "dunning decision", "SELECT data FROM dunning_decisions WHERE bill_id = $1 ORDER BY decided_at, id", billID)
}
