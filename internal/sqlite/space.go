package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// SpaceStore implements session.SpaceStore: customers' sign-in codes and
// sessions in their own space.
type SpaceStore struct{ db *DB }

var _ session.SpaceStore = (*SpaceStore)(nil)

// NewSpaceStore returns the customer space's store of db.
func NewSpaceStore(db *DB) *SpaceStore { return &SpaceStore{db: db} }

const codeColumns = `id, email, customer_id, hash, created_at, expires_at, attempts, used_at, client_ip`

// CreateCode implements session.SpaceStore.
func (s *SpaceStore) CreateCode(ctx context.Context, c *session.Code) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO sign_in_codes ("+codeColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		c.ID, c.Email, c.CustomerID, c.Hash, micros(c.CreatedAt), micros(c.ExpiresAt), c.Attempts, nullMicros(c.UsedAt), c.ClientIP)
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
	}
	return err
}

// LatestCode implements session.SpaceStore.
func (s *SpaceStore) LatestCode(ctx context.Context, email string) (*session.Code, error) {
	var c session.Code
	var created, expires int64
	var used sql.NullInt64
	err := s.db.read.QueryRowContext(ctx, "SELECT "+codeColumns+" FROM sign_in_codes WHERE email = ? ORDER BY created_at DESC, id DESC LIMIT 1", email).
		Scan(&c.ID, &c.Email, &c.CustomerID, &c.Hash, &created, &expires, &c.Attempts, &used, &c.ClientIP)
	if err == sql.ErrNoRows {
		return nil, tact.NotFound("sign-in code", "")
	}
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.ExpiresAt, c.UsedAt = fromMicros(created), fromMicros(expires), timePtr(used)
	return &c, nil
}

// FailCode implements session.SpaceStore.
func (s *SpaceStore) FailCode(ctx context.Context, id string) (int, error) {
	var n int
	err := s.db.write.QueryRowContext(ctx, "UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = ? RETURNING attempts", id).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, tact.NotFound("sign-in code", id)
	}
	return n, err
}

// UseCode implements session.SpaceStore.
func (s *SpaceStore) UseCode(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE sign_in_codes SET used_at = ? WHERE id = ? AND used_at IS NULL AND attempts < ?",
		micros(at), id, session.MaxCodeAttempts)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var one int
	if err := s.db.write.QueryRowContext(ctx, "SELECT 1 FROM sign_in_codes WHERE id = ?", id).Scan(&one); err == sql.ErrNoRows {
		return tact.NotFound("sign-in code", id)
	} else if err != nil {
		return err
	}
	return tact.Errorf(tact.CodeConflict, "sign-in code %s is already used or spent", id)
}

const spaceSessionColumns = `id, customer_id, hash, created_at, last_seen_at, expires_at, ended_at, client_ip, user_agent`

// CreateSpaceSession implements session.SpaceStore.
func (s *SpaceStore) CreateSpaceSession(ctx context.Context, se *session.SpaceSession) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO space_sessions ("+spaceSessionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		se.ID, se.CustomerID, se.Hash, micros(se.CreatedAt), micros(se.LastSeenAt), micros(se.ExpiresAt), nullMicros(se.EndedAt), se.ClientIP, se.UserAgent)
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", se.CustomerID)
	}
	return err
}

// FindSpaceSessionByHash implements session.SpaceStore.
func (s *SpaceStore) FindSpaceSessionByHash(ctx context.Context, hash string) (*session.SpaceSession, error) {
	var se session.SpaceSession
	var created, seen, expires int64
	var ended sql.NullInt64
	err := s.db.read.QueryRowContext(ctx, "SELECT "+spaceSessionColumns+" FROM space_sessions WHERE hash = ?", hash).
		Scan(&se.ID, &se.CustomerID, &se.Hash, &created, &seen, &expires, &ended, &se.ClientIP, &se.UserAgent)
	if err == sql.ErrNoRows {
		return nil, tact.NotFound("session", "")
	}
	if err != nil {
		return nil, err
	}
	se.CreatedAt, se.LastSeenAt, se.ExpiresAt, se.EndedAt = fromMicros(created), fromMicros(seen), fromMicros(expires), timePtr(ended)
	return &se, nil
}

// TouchSpaceSession implements session.SpaceStore.
func (s *SpaceStore) TouchSpaceSession(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE space_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?", micros(at), id)
	return affected(res, err, "session", id)
}

// EndSpaceSession implements session.SpaceStore.
func (s *SpaceStore) EndSpaceSession(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE space_sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", micros(at), id)
	return affected(res, err, "session", id)
}

// SpacePassword implements session.SpaceStore.
func (s *SpaceStore) SpacePassword(ctx context.Context, customerID string) (*session.Credential, error) {
	var c session.Credential
	var set int64
	err := s.db.read.QueryRowContext(ctx, "SELECT customer_id, password_hash, set_at, version FROM customer_credentials WHERE customer_id = ?", customerID).
		Scan(&c.CustomerID, &c.Hash, &set, &c.Version)
	if err == sql.ErrNoRows {
		return nil, tact.NotFound("password of customer", customerID)
	}
	if err != nil {
		return nil, err
	}
	c.SetAt = fromMicros(set)
	return &c, nil
}

// SetSpacePassword implements session.SpaceStore.
func (s *SpaceStore) SetSpacePassword(ctx context.Context, c *session.Credential, keep string, event customer.Event) (int, error) {
	if c.Version < 1 {
		return 0, tact.FieldError(tact.CodeInvalid, "version", "a password's version starts at 1")
	}
	var ended int
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if c.Version == 1 {
			res, err = tx.ExecContext(ctx, `INSERT INTO customer_credentials (customer_id, password_hash, set_at, version) VALUES (?, ?, ?, 1)
				ON CONFLICT (customer_id) DO NOTHING`, c.CustomerID, c.Hash, micros(c.SetAt))
		} else {
			res, err = tx.ExecContext(ctx, "UPDATE customer_credentials SET password_hash = ?, set_at = ?, version = ? WHERE customer_id = ? AND version = ?",
				c.Hash, micros(c.SetAt), c.Version, c.CustomerID, c.Version-1)
		}
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM customers WHERE id = ?", c.CustomerID).Scan(&one)
			if err == sql.ErrNoRows {
				return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
			}
			if err != nil {
				return err
			}
			return tact.Errorf(tact.CodeConflict, "the password of customer %s changed meanwhile", c.CustomerID)
		}
		at := micros(c.SetAt)
		res, err = tx.ExecContext(ctx, `UPDATE space_sessions SET ended_at = ?
			WHERE customer_id = ? AND id <> ? AND ended_at IS NULL AND expires_at > ?`, at, c.CustomerID, keep, at)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ended = int(n)
		return insertEvents(ctx, tx, []customer.Event{event})
	})
	if err != nil {
		return 0, err
	}
	return ended, nil
}
