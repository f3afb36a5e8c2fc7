package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err := s.db.pool.Exec(ctx, "INSERT INTO api_tokens ("+tokenColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7)",
		t.ID, t.Name, scopes, t.Hash, t.CreatedAt, t.ExpiresAt, t.RevokedAt)
	return err
}

// FindTokenByHash implements access.Store.
func (s *AccessStore) FindTokenByHash(ctx context.Context, hash string) (*access.Token, error) {
	list, err := s.queryTokens(ctx, "SELECT "+tokenColumns+" FROM api_tokens WHERE hash = $1", hash)
	return tact.First(list, err, "token", "")
}

// FindTokens implements access.Store.
func (s *AccessStore) FindTokens(ctx context.Context) ([]*access.Token, error) {
	return s.queryTokens(ctx, "SELECT "+tokenColumns+" FROM api_tokens ORDER BY created_at DESC, id DESC")
}

func (s *AccessStore) queryTokens(ctx context.Context, query string, args ...any) ([]*access.Token, error) {
	rows, err := s.db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*access.Token, error) {
		var t access.Token
		var scopes []string
		if err := row.Scan(&t.ID, &t.Name, &scopes, &t.Hash, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		for _, sc := range scopes {
			t.Scopes = append(t.Scopes, access.Scope(sc))
		}
		return &t, nil
	})
}

// RevokeToken implements access.Store. COALESCE keeps the first revocation
// time, so revoking twice (a retried request) changes nothing.
func (s *AccessStore) RevokeToken(ctx context.Context, id string, at time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", at, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return tact.NotFound("token", id)
	}
	return nil
}

const userColumns = `id, email, name, role, supervisor_id, password_hash, created_at, disabled_at`

// CreateUser implements access.Store.
func (s *AccessStore) CreateUser(ctx context.Context, u *access.User) error {
	_, err := s.db.pool.Exec(ctx, "INSERT INTO users ("+userColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		u.ID, u.Email, u.Name, string(u.Role), nullString(u.SupervisorID), u.PasswordHash, u.CreatedAt, u.DisabledAt)
	switch {
	case isUniqueOn(err, "users"):
		return tact.FieldError(tact.CodeConflict, "email", "a user with email %s exists", u.Email)
	case isForeignKeyOn(err, "users"):
		return tact.FieldError(tact.CodeNotFound, "supervisor_id", "supervisor %q does not exist", u.SupervisorID)
	}
	return err
}

// FindUserByEmail implements access.Store.
func (s *AccessStore) FindUserByEmail(ctx context.Context, email string) (*access.User, error) {
	list, err := s.queryUsers(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", email)
	return tact.First(list, err, "user", email)
}

// FindUserByID implements access.Store.
func (s *AccessStore) FindUserByID(ctx context.Context, id string) (*access.User, error) {
	list, err := s.queryUsers(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id)
	return tact.First(list, err, "user", id)
}

// FindUsers implements access.Store.
func (s *AccessStore) FindUsers(ctx context.Context) ([]*access.User, error) {
	return s.queryUsers(ctx, "SELECT "+userColumns+" FROM users ORDER BY email")
}

func (s *AccessStore) queryUsers(ctx context.Context, query string, args ...any) ([]*access.User, error) {
	rows, err := s.db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*access.User, error) {
		var u access.User
		var supervisor *string
		if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &supervisor, &u.PasswordHash, &u.CreatedAt, &u.DisabledAt); err != nil {
			return nil, err
		}
		u.SupervisorID = deref(supervisor)
		return &u, nil
	})
}
