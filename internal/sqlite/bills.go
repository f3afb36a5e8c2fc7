package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// BillStore implements billing.Store.
type BillStore struct{ db *DB }

var _ billing.Store = (*BillStore)(nil)

// NewBillStore returns the bill store of db.
func NewBillStore(db *DB) *BillStore { return &BillStore{db: db} }

const billColumns = "id, run_id, customer_id, status, period_to, total_cents, version, data"

func billArgs(b *billing.Bill) ([]any, error) {
	data, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	return []any{b.ID, b.RunID, b.CustomerID, string(b.Status), b.To.String(), b.Total.Cents, b.Version, string(data)}, nil
}

func insertBillEvents(ctx context.Context, tx *sql.Tx, events []billing.Event) error {
	b := newBulkInserter(tx, "bill_events", "id, bill_id, at, data")
	defer b.close()
	for _, ev := range events {
		data, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if err := b.add(ctx, ev.ID, ev.BillID, micros(ev.At), string(data)); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// CreateRun implements billing.Store.
func (s *BillStore) CreateRun(ctx context.Context, r *billing.Run, bills []*billing.Bill, events []billing.Event) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	err = s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO bill_runs (id, submitted_at, data) VALUES (?, ?, ?)", r.ID, micros(r.SubmittedAt), string(data)); err != nil {
			return err
		}
		ins := newBulkInserter(tx, "bills", billColumns)
		defer ins.close()
		for _, b := range bills {
			args, err := billArgs(b)
			if err != nil {
				return err
			}
			if err := ins.add(ctx, args...); err != nil {
				return err
			}
		}
		if err := ins.flush(ctx); err != nil {
			return err
		}
		return insertBillEvents(ctx, tx, events)
	})
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "a bill's customer does not exist")
	}
	return err
}

// FindRun implements billing.Store.
func (s *BillStore) FindRun(ctx context.Context, id string) (*billing.Run, error) {
	list, err := queryJSON[billing.Run](ctx, s.db.read, "bill run", "SELECT data FROM bill_runs WHERE id = ?", id)
	return tact.First(list, err, "bill run", id)
}

// FindBill implements billing.Store.
func (s *BillStore) FindBill(ctx context.Context, id string) (*billing.Bill, error) {
	list, err := queryJSON[billing.Bill](ctx, s.db.read, "bill", "SELECT data FROM bills WHERE id = ?", id)
	return tact.First(list, err, "bill", id)
}

// FindBills implements billing.Store.
func (s *BillStore) FindBills(ctx context.Context, f billing.Filter) ([]*billing.Bill, error) {
	w := filtered{}
	if f.RunID != "" {
		w.and("run_id = ?", f.RunID)
	}
	if f.CustomerID != "" {
		w.and("customer_id = ?", f.CustomerID)
	}
	if f.Status != "" {
		w.and("status = ?", string(f.Status))
	}
	if f.After != "" {
		w.and("id > ?", f.After)
	}
	q, args := w.query("SELECT data FROM bills", "id", tact.PageSize(f.Limit))
	return queryJSON[billing.Bill](ctx, s.db.read, "bill", q, args...)
}

// UpdateBill implements billing.Store.
func (s *BillStore) UpdateBill(ctx context.Context, b *billing.Bill, ev billing.Event) error {
	return s.db.updateVersioned(ctx, &b.Version, "bills", "bill", b.ID, func(tx *sql.Tx, prev int) (int64, error) {
		args, err := billArgs(b)
		if err != nil {
			return 0, err
		}
		return touched(tx.ExecContext(ctx, "UPDATE bills SET "+setList(billColumns)+" WHERE id = ? AND version = ?", append(args[1:], b.ID, prev)...))
	}, func(tx *sql.Tx) error { return insertBillEvents(ctx, tx, []billing.Event{ev}) })
}

// FindBillEvents implements billing.Store.
func (s *BillStore) FindBillEvents(ctx context.Context, billID string) ([]billing.Event, error) {
	list, err := queryJSON[billing.Event](ctx, s.db.read, "bill event", "SELECT data FROM bill_events WHERE bill_id = ? ORDER BY at, id", billID)
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
	rows, err := s.db.read.QueryContext(ctx, `SELECT customer_id, total_cents FROM (
		SELECT customer_id, total_cents, period_to, id,
			ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY period_to DESC, id DESC) AS k
		FROM bills WHERE customer_id IN (`+placeholders(len(customerIDs))+`) AND period_to < ?
			AND status IN ('validated', 'sent', 'partially_paid', 'settled', 'disputed'))
		WHERE k <= ? ORDER BY customer_id, period_to, id`, append(anys(customerIDs), before.String(), n)...)
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

func insertJSON(ctx context.Context, tx *sql.Tx, query string, v any, args ...any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, query, append(args, string(data))...)
	return err
}

func insertCreditNote(ctx context.Context, tx *sql.Tx, c *billing.CreditNote) error {
	return insertJSON(ctx, tx, "INSERT INTO credit_notes (id, customer_id, status, version, created_at, data) VALUES (?, ?, ?, ?, ?, ?)",
		c, c.ID, c.CustomerID, string(c.Status), c.Version, micros(c.CreatedAt))
}

// OpenDispute implements billing.Store.
func (s *BillStore) OpenDispute(ctx context.Context, d *billing.Dispute, b *billing.Bill, ev billing.Event, credit *billing.CreditNote) error {
	return s.db.updateVersioned(ctx, &b.Version, "bills", "bill", b.ID, func(tx *sql.Tx, prev int) (int64, error) {
		args, err := billArgs(b)
		if err != nil {
			return 0, err
		}
		return touched(tx.ExecContext(ctx, "UPDATE bills SET "+setList(billColumns)+" WHERE id = ? AND version = ?", append(args[1:], b.ID, prev)...))
	}, func(tx *sql.Tx) error {
		if err := insertBillEvents(ctx, tx, []billing.Event{ev}); err != nil {
			return err
		}
		if err := insertJSON(ctx, tx, "INSERT INTO disputes (id, bill_id, customer_id, open, created_at, data) VALUES (?, ?, ?, ?, ?, ?)",
			d, d.ID, d.BillID, d.CustomerID, d.Open, micros(d.CreatedAt)); err != nil {
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
	list, err := queryJSON[billing.Dispute](ctx, s.db.read, "dispute", "SELECT data FROM disputes WHERE bill_id = ? ORDER BY created_at, id", billID)
	out := make([]billing.Dispute, len(list))
	for i, d := range list {
		out[i] = *d
	}
	return out, err
}

// ResolveDispute implements billing.Store: the write happens only where the
// dispute is still open, so of two resolutions at once the second finds it
// resolved.
func (s *BillStore) ResolveDispute(ctx context.Context, d *billing.Dispute) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		n, err := touched(tx.ExecContext(ctx, "UPDATE disputes SET open = ?, data = ? WHERE id = ? AND open", d.Open, string(data), d.ID))
		if err != nil || n == 1 {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM disputes WHERE id = ?", d.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return tact.NotFound("dispute", d.ID)
		}
		return tact.Errorf(tact.CodeInvalidTransition, "dispute %s is already resolved", d.ID)
	})
}

// CreateCreditNote implements billing.Store.
func (s *BillStore) CreateCreditNote(ctx context.Context, c *billing.CreditNote) error {
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error { return insertCreditNote(ctx, tx, c) })
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
	}
	return err
}

// FindCreditNote implements billing.Store.
func (s *BillStore) FindCreditNote(ctx context.Context, id string) (*billing.CreditNote, error) {
	list, err := queryJSON[billing.CreditNote](ctx, s.db.read, "credit note", "SELECT data FROM credit_notes WHERE id = ?", id)
	return tact.First(list, err, "credit note", id)
}

// FindCreditNotes implements billing.Store.
func (s *BillStore) FindCreditNotes(ctx context.Context, customerID string) ([]*billing.CreditNote, error) {
	return queryJSON[billing.CreditNote](ctx, s.db.read, "credit note", "SELECT data FROM credit_notes WHERE customer_id = ? ORDER BY created_at, id", customerID)
}

// UpdateCreditNote implements billing.Store.
func (s *BillStore) UpdateCreditNote(ctx context.Context, c *billing.CreditNote) error {
	return s.db.updateVersioned(ctx, &c.Version, "credit_notes", "credit note", c.ID, func(tx *sql.Tx, prev int) (int64, error) {
		data, err := json.Marshal(c)
		if err != nil {
			return 0, err
		}
		return touched(tx.ExecContext(ctx, "UPDATE credit_notes SET status = ?, version = ?, data = ? WHERE id = ? AND version = ?",
			string(c.Status), c.Version, string(data), c.ID, prev))
	}, func(*sql.Tx) error { return nil })
}

// CreateDunningDecision implements billing.Store.
func (s *BillStore) CreateDunningDecision(ctx context.Context, r *billing.DunningRecord) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		return insertJSON(ctx, tx, "INSERT INTO dunning_decisions (id, bill_id, decided_at, data) VALUES (?, ?, ?, ?)", r, r.ID, r.BillID, micros(r.DecidedAt))
	})
}

// FindDunningDecisions implements billing.Store.
func (s *BillStore) FindDunningDecisions(ctx context.Context, billID string) ([]*billing.DunningRecord, error) {
	return queryJSON[billing.DunningRecord](ctx, s.db.read, "dunning decision", "SELECT data FROM dunning_decisions WHERE bill_id = ? ORDER BY decided_at, id", billID)
}
