package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

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
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO sessions ("+sessionColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		se.ID, se.UserID, se.Hash, micros(se.CreatedAt), micros(se.LastSeenAt), micros(se.ExpiresAt), nullMicros(se.EndedAt), se.ClientIP, se.UserAgent)
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "user_id", "user %q does not exist", se.UserID)
	}
	return err
}

// FindSessionByHash implements session.Store.
func (s *SessionStore) FindSessionByHash(ctx context.Context, hash string) (*session.Session, error) {
	var se session.Session
	var created, seen, expires int64
	var ended sql.NullInt64
	err := s.db.read.QueryRowContext(ctx, "SELECT "+sessionColumns+" FROM sessions WHERE hash = ?", hash).
		Scan(&se.ID, &se.UserID, &se.Hash, &created, &seen, &expires, &ended, &se.ClientIP, &se.UserAgent)
	if err == sql.ErrNoRows {
		return nil, tact.NotFound("session", "")
	}
	if err != nil {
		return nil, err
	}
	se.CreatedAt, se.LastSeenAt, se.ExpiresAt, se.EndedAt = fromMicros(created), fromMicros(seen), fromMicros(expires), timePtr(ended)
	return &se, nil
}

// TouchSession implements session.Store.
func (s *SessionStore) TouchSession(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id = ?", micros(at), id)
	return affected(res, err, "session", id)
}

// EndSession implements session.Store.
func (s *SessionStore) EndSession(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", micros(at), id)
	return affected(res, err, "session", id)
}

// affected turns an update that matched no row into not_found.
func affected(res sql.Result, err error, kind, id string) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
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
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO record_reads ("+readColumns+") VALUES (?, ?, ?, ?, ?, ?)",
		r.ID, micros(r.At), r.UserID, r.UserName, r.CustomerID, string(r.Reason))
	return err
}

// FindReads implements audit.Store.
func (s *AuditStore) FindReads(ctx context.Context, f audit.Filter) ([]*audit.Read, error) {
	var where []string
	var args []any
	if f.CustomerID != "" {
		where, args = append(where, "customer_id = ?"), append(args, f.CustomerID)
	}
	if f.UserID != "" {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, micros(f.To))
	}
	if !f.After.IsZero() {
		where, args = append(where, "(at, id) < (?, ?)"), append(args, micros(f.After.At), f.After.ID)
	}
	q := "SELECT " + readColumns + " FROM record_reads"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.read.QueryContext(ctx, q+" ORDER BY at DESC, id DESC LIMIT ?", append(args, tact.PageSize(f.Limit))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*audit.Read
	for rows.Next() {
		var r audit.Read
		var at int64
		if err := rows.Scan(&r.ID, &at, &r.UserID, &r.UserName, &r.CustomerID, &r.Reason); err != nil {
			return nil, err
		}
		r.At = fromMicros(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}
