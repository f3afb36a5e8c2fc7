package app

import (
	"context"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/tact"
)

// Access is the service over API tokens and people's accounts.
type Access struct {
	service
	store  access.Store
	tokens tokenCache
}

// TokenCacheTTL is how long a token read from the store is trusted without
// reading it again. Every request carries a token, and reading it is a tenth
// of a contact decision's cost. A revocation through this process takes
// effect at once; one made elsewhere (another node, the command line on the
// same database) within this delay. Expiry is checked on every request.
const TokenCacheTTL = 5 * time.Second

// maxCachedTokens bounds the cache: an operator has tens of tokens, so a
// full cache means something is wrong, and it is emptied rather than grown.
const maxCachedTokens = 10000

// tokenCache keeps the tokens recently read, by the hash of their secret.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]cachedToken
}

// cachedToken is a token and when it was read from the store.
type cachedToken struct {
	token  *access.Token
	readAt time.Time
}

// get returns the token of hash if it was read less than TokenCacheTTL ago.
func (c *tokenCache) get(hash string, now time.Time) *access.Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || now.Sub(e.readAt) >= TokenCacheTTL || now.Before(e.readAt) {
		return nil
	}
	return e.token
}

// put remembers a token read at now.
func (c *tokenCache) put(hash string, t *access.Token, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedTokens {
		c.entries = map[string]cachedToken{}
	}
	c.entries[hash] = cachedToken{token: t, readAt: now}
}

// forget drops the token of id.
func (c *tokenCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for hash, e := range c.entries {
		if e.token.ID == id {
			delete(c.entries, hash)
		}
	}
}

// CreateToken makes a token and returns it with its secret, shown this once.
// ttl 0 means it does not expire.
func (s *Access) CreateToken(ctx context.Context, name string, scopes []access.Scope, ttl time.Duration) (*access.Token, string, error) {
	t, secret, err := access.NewToken(name, scopes, s.clock.Now(), ttl, s.ids)
	if err != nil {
		return nil, "", err
	}
	if err := s.store.CreateToken(ctx, t); err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// Authenticate returns the token a secret belongs to, or unauthorized.
// A token read less than TokenCacheTTL ago is not read again; an unknown
// one is never remembered.
func (s *Access) Authenticate(ctx context.Context, secret string) (*access.Token, error) {
	now := s.clock.Now()
	hash := access.HashSecret(secret)
	t := s.tokens.get(hash, now)
	if t == nil {
		var err error
		t, err = s.store.FindTokenByHash(ctx, hash)
		if tact.ErrorCode(err) == tact.CodeNotFound {
			return nil, tact.Errorf(tact.CodeUnauthorized, "unknown token")
		}
		if err != nil {
			return nil, err
		}
		s.tokens.put(hash, t, now)
	}
	if err := t.Check(now); err != nil {
		return nil, err
	}
	return t, nil
}

// Tokens lists every token (without secrets).
func (s *Access) Tokens(ctx context.Context) ([]*access.Token, error) { return s.store.FindTokens(ctx) }

// RevokeToken revokes a token now.
func (s *Access) RevokeToken(ctx context.Context, id string) error {
	err := s.store.RevokeToken(ctx, id, s.clock.Now())
	s.tokens.forget(id)
	return err
}

// CreateUser creates a person's account with a hashed password.
func (s *Access) CreateUser(ctx context.Context, email, name string, role access.Role, password string) (*access.User, error) {
	return s.CreateSupervisedUser(ctx, email, name, role, password, "")
}

// Users lists people's accounts.
func (s *Access) Users(ctx context.Context) ([]*access.User, error) { return s.store.FindUsers(ctx) }

// SignIn checks a person's email and password and returns their account; any
// failure is the same unauthorized answer, so it tells nothing of which part was wrong.
func (s *Access) SignIn(ctx context.Context, email, password string) (*access.User, error) {
	u, err := s.store.FindUserByEmail(ctx, email)
	if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
		return nil, err
	}
	hash := unknownUserHash
	if u != nil {
		hash = u.PasswordHash
	}
	// The hash is checked even for an unknown email, so the answer takes as
	// long whether or not the account exists.
	if !access.CheckPassword(hash, password) || u == nil || u.DisabledAt != nil {
		return nil, tact.Errorf(tact.CodeUnauthorized, "wrong email or password")
	}
	return u, nil
}

// unknownUserHash is an argon2id hash of no one's password, with the same
// parameters as real ones.
const unknownUserHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$0000000000000000000000000000000000000000000"

// User returns an enabled person's account by id; an unknown or disabled one
// is not_found. The API reads it to learn whom a system acts for.
func (s *Access) User(ctx context.Context, id string) (*access.User, error) {
	if !tact.HasPrefix(id, tact.PrefixUser) {
		return nil, tact.NotFound("user", id)
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.DisabledAt != nil {
		return nil, tact.NotFound("user", id)
	}
	return u, nil
}
