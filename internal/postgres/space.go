package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
	_, err := s.db.pool.Exec(ctx, "INSERT INTO sign_in_codes ("+codeColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		c.ID, c.Email, c.CustomerID, c.Hash, c.CreatedAt, c.ExpiresAt, c.Attempts, c.UsedAt, c.ClientIP)
	if isForeignKeyOn(err, "sign_in_codes") {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
	}
	return err
}

// LatestCode implements session.SpaceStore.
func (s *SpaceStore) LatestCode(ctx context.Context, email string) (*session.Code, error) {
	var c session.Code
	err := s.db.pool.QueryRow(ctx, "SELECT "+codeColumns+" FROM sign_in_codes WHERE email = $1 ORDER BY created_at DESC, id DESC LIMIT 1", email).
		Scan(&c.ID, &c.Email, &c.CustomerID, &c.Hash, &c.CreatedAt, &c.ExpiresAt, &c.Attempts, &c.UsedAt, &c.ClientIP)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tact.NotFound("sign-in code", "")
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// FailCode implements session.SpaceStore.
func (s *SpaceStore) FailCode(ctx context.Context, id string) (int, error) {
	var n int
	err := s.db.pool.QueryRow(ctx, "UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts", id).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, tact.NotFound("sign-in code", id)
	}
	return n, err
}

// UseCode implements session.SpaceStore.
func (s *SpaceStore) UseCode(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE sign_in_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND attempts < $3",
		at, id, session.MaxCodeAttempts)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var one int
	if err := s.db.pool.QueryRow(ctx, "SELECT 1 FROM sign_in_codes WHERE id = $1", id).Scan(&one); errors.Is(err, pgx.ErrNoRows) {
		return tact.NotFound("sign-in code", id)
	} else if err != nil {
		return err
	}
	return tact.Errorf(tact.CodeConflict, "sign-in code %s is already used or spent", id)
}

const spaceSessionColumns = `id, customer_id, hash, created_at, last_seen_at, expires_at, ended_at, client_ip, user_agent`

// CreateSpaceSession implements session.SpaceStore.
func (s *SpaceStore) CreateSpaceSession(ctx context.Context, se *session.SpaceSession) error {
	_, err := s.db.pool.Exec(ctx, "INSERT INTO space_sessions ("+spaceSessionColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		se.ID, se.CustomerID, se.Hash, se.CreatedAt, se.LastSeenAt, se.ExpiresAt, se.EndedAt, se.ClientIP, se.UserAgent)
	if isForeignKeyOn(err, "space_sessions") {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", se.CustomerID)
	}
	return err
}

// FindSpaceSessionByHash implements session.SpaceStore.
func (s *SpaceStore) FindSpaceSessionByHash(ctx context.Context, hash string) (*session.SpaceSession, error) {
	var se session.SpaceSession
	err := s.db.pool.QueryRow(ctx, "SELECT "+spaceSessionColumns+" FROM space_sessions WHERE hash = $1", hash).
		Scan(&se.ID, &se.CustomerID, &se.Hash, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt, &se.EndedAt, &se.ClientIP, &se.UserAgent)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tact.NotFound("session", "")
	}
	if err != nil {
		return nil, err
	}
	return &se, nil
}

// TouchSpaceSession implements session.SpaceStore.
func (s *SpaceStore) TouchSpaceSession(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE space_sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2", at, id)
	return affected(tag, err, "session", id)
}

// EndSpaceSession implements session.SpaceStore.
func (s *SpaceStore) EndSpaceSession(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE space_sessions SET ended_at = COALESCE(ended_at, $1) WHERE id = $2", at, id)
	return affected(tag, err, "session", id)
}

// SpacePassword implements session.SpaceStore.
func (s *SpaceStore) SpacePassword(ctx context.Context, customerID string) (*session.Credential, error) {
	var c session.Credential
	err := s.db.pool.QueryRow(ctx, "SELECT customer_id, password_hash, set_at, version FROM customer_credentials WHERE customer_id = $1", customerID).
		Scan(&c.CustomerID, &c.Hash, &c.SetAt, &c.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tact.NotFound("password of customer", customerID)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// SetSpacePassword implements session.SpaceStore.
func (s *SpaceStore) SetSpacePassword(ctx context.Context, c *session.Credential, keep string, event customer.Event) (int, error) {
	if c.Version < 1 {
		return 0, tact.FieldError(tact.CodeInvalid, "version", "a password's version starts at 1")
	}
	var ended int
	err := s.db.writeTx(ctx, func(tx pgx.Tx) error {
		var tag pgconn.CommandTag
		var err error
		if c.Version == 1 {
			tag, err = tx.Exec(ctx, `INSERT INTO customer_credentials (customer_id, password_hash, set_at, version) VALUES ($1, $2, $3, 1)
				ON CONFLICT (customer_id) DO NOTHING`, c.CustomerID, c.Hash, c.SetAt)
		} else {
			tag, err = tx.Exec(ctx, "UPDATE customer_credentials SET password_hash = $1, set_at = $2, version = $3 WHERE customer_id = $4 AND version = $5",
				c.Hash, c.SetAt, c.Version, c.CustomerID, c.Version-1)
		}
		if isForeignKeyOn(err, "customer_credentials") {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			var exists bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1)", c.CustomerID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
			}
			return tact.Errorf(tact.CodeConflict, "the password of customer %s changed meanwhile", c.CustomerID)
		}
		tag, err = tx.Exec(ctx, `UPDATE space_sessions SET ended_at = $1
			WHERE customer_id = $2 AND id <> $3 AND ended_at IS NULL AND expires_at > $1`, c.SetAt, c.CustomerID, keep)
		if err != nil {
			return err
		}
		ended = int(tag.RowsAffected())
		return batch(ctx, tx, func(b *pgx.Batch) { queueEvents(b, []customer.Event{event}) })
	})
	if err != nil {
		return 0, err
	}
	return ended, nil
}
