package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/session"
)

// AttemptStore implements session.AttemptStore.
type AttemptStore struct{ db *DB }

var _ session.AttemptStore = (*AttemptStore)(nil)

// NewAttemptStore returns the sign-in attempts' store of db.
func NewAttemptStore(db *DB) *AttemptStore { return &AttemptStore{db: db} }

// AddAttempt implements session.AttemptStore. The rows are inserted and
// committed first, and counted after, each count a statement of its own: in
// READ COMMITTED it sees every attempt committed before it starts, of this
// node or another, so of two attempts at once the later-counted one counts
// both.
func (s *AttemptStore) AddAttempt(ctx context.Context, a *session.Attempt, since time.Time) ([][]time.Time, error) {
	keys := make([]string, len(a.Limits))
	for i, l := range a.Limits {
		keys[i] = l.Key
	}
	if _, err := s.db.pool.Exec(ctx, "INSERT INTO sign_in_attempts (key, at, id) SELECT k, $2, $3 FROM unnest($1::text[]) AS k",
		keys, a.At, a.ID); err != nil {
		return nil, err
	}
	out := make([][]time.Time, len(a.Limits))
	for i, l := range a.Limits {
		rows, err := s.db.pool.Query(ctx, "SELECT at FROM sign_in_attempts WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT $3", l.Key, since, l.Max+1)
		if err != nil {
			return nil, err
		}
		if out[i], err = pgx.CollectRows(rows, pgx.RowTo[time.Time]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DropAttempt implements session.AttemptStore.
func (s *AttemptStore) DropAttempt(ctx context.Context, a *session.Attempt) error {
	keys := make([]string, len(a.Limits))
	for i, l := range a.Limits {
		keys[i] = l.Key
	}
	_, err := s.db.pool.Exec(ctx, "DELETE FROM sign_in_attempts WHERE key = ANY($1) AND at = $2 AND id = $3", keys, a.At, a.ID)
	return err
}

// ClearAttempts implements session.AttemptStore.
func (s *AttemptStore) ClearAttempts(ctx context.Context, key string) error {
	_, err := s.db.pool.Exec(ctx, "DELETE FROM sign_in_attempts WHERE key = $1", key)
	return err
}

// PurgeAttempts implements session.AttemptStore.
func (s *AttemptStore) PurgeAttempts(ctx context.Context, before time.Time, limit int) (int, error) {
	tag, err := s.db.pool.Exec(ctx, "DELETE FROM sign_in_attempts WHERE ctid IN (SELECT ctid FROM sign_in_attempts WHERE at <= $1 ORDER BY at LIMIT $2)",
		before, limit)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}
