package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/tactcrm/tact/internal/session"
)

// AttemptStore implements session.AttemptStore.
type AttemptStore struct{ db *DB }

var _ session.AttemptStore = (*AttemptStore)(nil)

// NewAttemptStore returns the sign-in attempts' store of db.
func NewAttemptStore(db *DB) *AttemptStore { return &AttemptStore{db: db} }

// AddAttempt implements session.AttemptStore. The record and the counts are
// one write transaction, which holds the file's write lock: every attempt,
// of this process or another over the same file, is counted by those after
// it.
func (s *AttemptStore) AddAttempt(ctx context.Context, a *session.Attempt, since time.Time) ([][]time.Time, error) {
	out := make([][]time.Time, len(a.Limits))
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, l := range a.Limits {
			if _, err := tx.ExecContext(ctx, "INSERT INTO sign_in_attempts (key, at, id) VALUES (?, ?, ?)", l.Key, micros(a.At), a.ID); err != nil {
				return err
			}
		}
		for i, l := range a.Limits {
			rows, err := tx.QueryContext(ctx, "SELECT at FROM sign_in_attempts WHERE key = ? AND at > ? ORDER BY at DESC LIMIT ?",
				l.Key, micros(since), l.Max+1)
			if err != nil {
				return err
			}
			for rows.Next() {
				var at int64
				if err := rows.Scan(&at); err != nil {
					rows.Close()
					return err
				}
				out[i] = append(out[i], fromMicros(at))
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// DropAttempt implements session.AttemptStore.
func (s *AttemptStore) DropAttempt(ctx context.Context, a *session.Attempt) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		for _, l := range a.Limits {
			if _, err := tx.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE key = ? AND at = ? AND id = ?", l.Key, micros(a.At), a.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearAttempts implements session.AttemptStore.
func (s *AttemptStore) ClearAttempts(ctx context.Context, key string) error {
	_, err := s.db.write.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE key = ?", key)
	return err
}

// PurgeAttempts implements session.AttemptStore.
func (s *AttemptStore) PurgeAttempts(ctx context.Context, before time.Time, limit int) (int, error) {
	res, err := s.db.write.ExecContext(ctx, "DELETE FROM sign_in_attempts WHERE rowid IN (SELECT rowid FROM sign_in_attempts WHERE at <= ? ORDER BY at LIMIT ?)",
		micros(before), limit)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
