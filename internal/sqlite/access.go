package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/tact"
)

// AccessStore implements access.Store.
type AccessStore struct{ db *DB }

var _ access.Store = (*AccessStore)(nil)

// NewAccessStore returns the access store of db.
func NewAccessStore(db *DB) *AccessStore { return &AccessStore{db: db} }

const tokenColumns = `id, name, scopes, hash, created_at, expires_at, revoked_at`

// CreateToken implements access.Store.
func (s *AccessStore) CreateToken(ctx context.Context, t *access.Token) error {
	scopes := make([]string, len(t.Scopes))
	for i, sc := range t.Scopes {
		scopes[i] = string(sc)
	}
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO api_tokens ("+tokenColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		t.ID, t.Name, strings.Join(scopes, ","), t.Hash, micros(t.CreatedAt), nullMicros(t.ExpiresAt), nullMicros(t.RevokedAt))
	return err
}

// FindTokenByHash implements access.Store.
func (s *AccessStore) FindTokenByHash(ctx context.Context, hash string) (*access.Token, error) {
	list, err := s.queryTokens(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE hash = ?", hash)
	return tact.First(list, err, "token", "")
}

// FindTokens implements access.Store.
func (s *AccessStore) FindTokens(ctx context.Context) ([]*access.Token, error) {
	return s.queryTokens(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY created_at DESC, id DESC")
}

func (s *AccessStore) queryTokens(ctx context.Context, query string, args ...any) ([]*access.Token, error) {
	rows, err := s.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*access.Token
	for rows.Next() {
		var t access.Token
		var scopes string
		var created int64
		var expires, revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &scopes, &t.Hash, &created, &expires, &revoked); err != nil {
			return nil, err
		}
		for _, sc := range strings.Split(scopes, ",") {
			t.Scopes = append(t.Scopes, access.Scope(sc))
		}
		t.CreatedAt, t.ExpiresAt, t.RevokedAt = fromMicros(created), timePtr(expires), timePtr(revoked)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken implements access.Store.
func (s *AccessStore) RevokeToken(ctx context.Context, id string, at time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tact.NotFound("token", id)
	}
	return nil
}

const userColumns = `id, email, name, role, password_hash, created_at, disabled_at, supervisor_id`

// CreateUser implements access.Store.
func (s *AccessStore) CreateUser(ctx context.Context, u *access.User) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO users ("+userColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		u.ID, u.Email, u.Name, string(u.Role), u.PasswordHash, micros(u.CreatedAt), nullMicros(u.DisabledAt), nullString(u.SupervisorID))
	if isUnique(err) {
		return tact.FieldError(tact.CodeConflict, "email", "a user with email %s exists", u.Email)
	}
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "supervisor_id", "supervisor %q does not exist", u.SupervisorID)
	}
	return err
}

// FindUserByID implements access.Store.
func (s *AccessStore) FindUserByID(ctx context.Context, id string) (*access.User, error) {
	list, err := s.queryUsers(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id)
	return tact.First(list, err, "user", id)
}

// FindUserByEmail implements access.Store.
func (s *AccessStore) FindUserByEmail(ctx context.Context, email string) (*access.User, error) {
	list, err := s.queryUsers(ctx, "SELECT "+userColumns+" FROM users WHERE email = ?", email)
	return tact.First(list, err, "user", email)
}

// FindUsers implements access.Store.
func (s *AccessStore) FindUsers(ctx context.Context) ([]*access.User, error) {
	return s.queryUsers(ctx, "SELECT "+userColumns+" FROM users ORDER BY email")
}

func (s *AccessStore) queryUsers(ctx context.Context, query string, args ...any) ([]*access.User, error) {
	rows, err := s.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*access.User
	for rows.Next() {
		var u access.User
		var created int64
		var disabled sql.NullInt64
		var supervisor sql.NullString
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &created, &disabled, &supervisor); err != nil {
			return nil, err
		}
		u.CreatedAt, u.DisabledAt, u.SupervisorID = fromMicros(created), timePtr(disabled), supervisor.String
		out = append(out, &u)
	}
	return out, rows.Err()
}
