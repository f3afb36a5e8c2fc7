package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// CancellationStore implements lifecycle.Store.
type CancellationStore struct{ db *DB }

var _ lifecycle.Store = (*CancellationStore)(nil)

// NewCancellationStore returns the cancellation store of db.
func NewCancellationStore(db *DB) *CancellationStore { return &CancellationStore{db: db} }

// CreateCancellation implements lifecycle.Store: the insert and the lookup
// of an earlier one under the same key are one write transaction, so two
// clients retrying at once get one cancellation.
func (s *CancellationStore) CreateCancellation(ctx context.Context, x *lifecycle.Cancellation) (*lifecycle.Cancellation, bool, error) {
	var first *lifecycle.Cancellation
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		var data string
		err := tx.QueryRowContext(ctx, "SELECT data FROM cancellations WHERE customer_id = ? AND idem_key = ?", x.CustomerID, x.Key).Scan(&data)
		if err == nil {
			first = new(lifecycle.Cancellation)
			return json.Unmarshal([]byte(data), first)
		}
		if err != sql.ErrNoRows {
			return err
		}
		x.Version = 1
		return insertJSON(ctx, tx, "INSERT INTO cancellations (id, customer_id, idem_key, status, end_date, version, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			x, x.ID, x.CustomerID, x.Key, string(x.Status), x.Preview.EndDate.String(), x.Version, micros(x.CreatedAt))
	})
	switch {
	case isForeignKey(err):
		return nil, false, tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", x.CustomerID)
	case err != nil:
		return nil, false, err
	case first != nil:
		return first, false, nil
	}
	return x, true, nil
}

// FindCancellation implements lifecycle.Store.
func (s *CancellationStore) FindCancellation(ctx context.Context, id string) (*lifecycle.Cancellation, error) {
	list, err := queryJSON[lifecycle.Cancellation](ctx, s.db.read, "cancellation", "SELECT data FROM cancellations WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, tact.NotFound("cancellation", id)
	}
	return list[0], nil
}

// FindCancellations implements lifecycle.Store.
func (s *CancellationStore) FindCancellations(ctx context.Context, customerID string) ([]*lifecycle.Cancellation, error) {
	return queryJSON[lifecycle.Cancellation](ctx, s.db.read, "cancellation",
		"SELECT data FROM cancellations WHERE customer_id = ? ORDER BY created_at DESC, id DESC", customerID)
}

// UpdateCancellation implements lifecycle.Store.
func (s *CancellationStore) UpdateCancellation(ctx context.Context, x *lifecycle.Cancellation) error {
	return s.db.updateVersioned(ctx, &x.Version, "cancellations", "cancellation", x.ID, func(tx *sql.Tx, prev int) (int64, error) {
		data, err := json.Marshal(x)
		if err != nil {
			return 0, err
		}
		return touched(tx.ExecContext(ctx, "UPDATE cancellations SET status = ?, end_date = ?, version = ?, data = ? WHERE id = ? AND version = ?",
			string(x.Status), x.Preview.EndDate.String(), x.Version, string(data), x.ID, prev))
	}, func(*sql.Tx) error { return nil })
}

// FindDueCancellations implements lifecycle.Store.
func (s *CancellationStore) FindDueCancellations(ctx context.Context, on tact.Date, limit int) ([]*lifecycle.Cancellation, error) {
	return queryJSON[lifecycle.Cancellation](ctx, s.db.read, "cancellation",
		"SELECT data FROM cancellations WHERE status = ? AND end_date <= ? ORDER BY end_date, id LIMIT ?",
		string(lifecycle.Confirmed), on.String(), limit)
}
