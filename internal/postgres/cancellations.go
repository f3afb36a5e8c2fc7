package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// CancellationStore implements lifecycle.Store.
type CancellationStore struct{ db *DB }

var _ lifecycle.Store = (*CancellationStore)(nil)

// NewCancellationStore returns the cancellation store of db.
func NewCancellationStore(db *DB) *CancellationStore { return &CancellationStore{db: db} }

// CreateCancellation implements lifecycle.Store: an insert that does
// nothing on the (customer, key) conflict, then a read of the row that
// holds the key, so two clients retrying at once get one cancellation.
func (s *CancellationStore) CreateCancellation(ctx context.Context, x *lifecycle.Cancellation) (*lifecycle.Cancellation, bool, error) {
	x.Version = 1
	data, err := json.Marshal(x)
	if err != nil {
		return nil, false, err
	}
	tag, err := s.db.pool.Exec(ctx, `INSERT INTO cancellations (id, customer_id, idem_key, status, end_date, version, created_at, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (customer_id, idem_key) DO NOTHING`,
		x.ID, x.CustomerID, x.Key, string(x.Status), date(x.Preview.EndDate), x.Version, x.CreatedAt, data)
	switch {
	case isForeignKeyOn(err, "cancellations"):
		return nil, false, tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", x.CustomerID)
	case err != nil:
		return nil, false, err
	case tag.RowsAffected() == 1:
		return x, true, nil
	}
	var stored []byte
	if err := s.db.pool.QueryRow(ctx, "SELECT data FROM cancellations WHERE customer_id = $1 AND idem_key = $2", x.CustomerID, x.Key).Scan(&stored); err != nil {
		return nil, false, err
	}
	first := new(lifecycle.Cancellation)
	return first, false, json.Unmarshal(stored, first)
}

// FindCancellation implements lifecycle.Store.
func (s *CancellationStore) FindCancellation(ctx context.Context, id string) (*lifecycle.Cancellation, error) {
	var data []byte
	err := s.db.pool.QueryRow(ctx, "SELECT data FROM cancellations WHERE id = $1", id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tact.NotFound("cancellation", id)
	}
	if err != nil {
		return nil, err
	}
	x := new(lifecycle.Cancellation)
	return x, json.Unmarshal(data, x)
}

// FindCancellations implements lifecycle.Store.
func (s *CancellationStore) FindCancellations(ctx context.Context, customerID string) ([]*lifecycle.Cancellation, error) {
	return queryJSON[lifecycle.Cancellation](ctx, s.db, "cancellation",
		"SELECT data FROM cancellations WHERE customer_id = $1 ORDER BY created_at DESC, id DESC", customerID)
}

// UpdateCancellation implements lifecycle.Store.
func (s *CancellationStore) UpdateCancellation(ctx context.Context, x *lifecycle.Cancellation) error {
	return s.db.updateVersioned(ctx, &x.Version, "cancellations", "cancellation", x.ID, func(tx pgx.Tx, prev int) (int64, error) {
		data, err := json.Marshal(x)
		if err != nil {
			return 0, err
		}
		tag, err := tx.Exec(ctx, "UPDATE cancellations SET status = $1, end_date = $2, version = $3, data = $4 WHERE id = $5 AND version = $6",
			string(x.Status), date(x.Preview.EndDate), x.Version, data, x.ID, prev)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}, func(pgx.Tx) error { return nil })
}

// FindDueCancellations implements lifecycle.Store.
func (s *CancellationStore) FindDueCancellations(ctx context.Context, on tact.Date, limit int) ([]*lifecycle.Cancellation, error) {
	return queryJSON[lifecycle.Cancellation](ctx, s.db, "cancellation",
		"SELECT data FROM cancellations WHERE status = $1 AND end_date <= $2 ORDER BY end_date, id LIMIT $3",
		string(lifecycle.Confirmed), date(on), limit)
}
