package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// SessionStore implements session.Store.
type SessionStore struct{ db *DB }

var _ session.Store = (*SessionStore)(nil)

// NewSessionStore returns the session store of db.
func NewSessionStore(db *DB) *SessionStore { return &SessionStore{db: db} }

const sessionColumns = `id, user_id, hash, created_at, last_seen_at, expires_at, ended_at, client_ip, user_agent`

// CreateSession implements session.Store.
func (s *SessionStore) CreateSession(ctx context.Context, se *session.Session) error {
	_, err := s.db.pool.Exec(ctx, "INSERT INTO sessions ("+sessionColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		se.ID, se.UserID, se.Hash, se.CreatedAt, se.LastSeenAt, se.ExpiresAt, se.EndedAt, se.ClientIP, se.UserAgent)
	if isForeignKeyOn(err, "sessions") {
		return tact.FieldError(tact.CodeNotFound, "user_id", "user %q does not exist", se.UserID)
	}
	return err
}

// FindSessionByHash implements session.Store.
func (s *SessionStore) FindSessionByHash(ctx context.Context, hash string) (*session.Session, error) {
	var se session.Session
	err := s.db.pool.QueryRow(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE hash = $1", hash).
		Scan(&se.ID, &se.UserID, &se.Hash, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt, &se.EndedAt, &se.ClientIP, &se.UserAgent)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, tact.NotFound("session", "")
	}
	if err != nil {
		return nil, err
	}
	return &se, nil
}

// TouchSession implements session.Store.
func (s *SessionStore) TouchSession(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2", at, id)
	return affected(tag, err, "session", id)
}

// EndSession implements session.Store.
func (s *SessionStore) EndSession(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE sessions SET ended_at = COALESCE(ended_at, $1) WHERE id = $2", at, id)
	return affected(tag, err, "session", id)
}

// affected turns an update that matched no row into not_found.
func affected(tag pgconn.CommandTag, err error, kind, id string) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return tact.NotFound(kind, id)
	}
	return nil
}

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

var _ audit.Store = (*AuditStore)(nil)

// NewAuditStore returns the audit store of db.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{db: db} }

const readColumns = `id, at, user_id, user_name, customer_id, reason`

// RecordRead implements audit.Store.
func (s *AuditStore) RecordRead(ctx context.Context, r *audit.Read) error {
	_, err := s.db.pool.Exec(ctx, "INSERT INTO record_reads ("+readColumns+") VALUES ($1, $2, $3, $4, $5, $6)",
		r.ID, r.At, r.UserID, r.UserName, r.CustomerID, string(r.Reason))
	return err
}

// FindReads implements audit.Store.
func (s *AuditStore) FindReads(ctx context.Context, f audit.Filter) ([]*audit.Read, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+arg(f.CustomerID))
	}
	if f.UserID != "" {
		where = append(where, "user_id = "+arg(f.UserID))
	}
	if !f.From.IsZero() {
		where = append(where, "at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < "+arg(f.To))
	}
	if !f.After.IsZero() {
		where = append(where, "(at, id) < ("+arg(f.After.At)+", "+arg(f.After.ID)+")")
	}
	q := "SELECT " + readColumns + " FROM record_reads"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.pool.Query(ctx, q+" ORDER BY at DESC, id DESC LIMIT "+arg(tact.PageSize(f.Limit)), args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*audit.Read, error) {
		var r audit.Read
		if err := row.Scan(&r.ID, &r.At, &r.UserID, &r.UserName, &r.CustomerID, &r.Reason); err != nil {
			return nil, err
		}
		return &r, nil
	})
}
