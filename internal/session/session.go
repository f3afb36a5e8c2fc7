// Package session owns how people stay signed in to the console: server-side
// sessions whose token is shown once (in a cookie) and stored only as its
// SHA-256, their idle and absolute expiry, the anti-forgery token every form
// carries, and the limit on failed sign-ins. It is pure: the stores keep
// sessions, the web layer sets cookies.
package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// Lifetimes of a session. OWASP Session Management Cheat Sheet: an idle
// timeout of 15 to 30 minutes for an application that opens personal data,
// and an absolute timeout whatever the activity; ten hours covers an
// advisor's shift with its breaks, so nobody signs in twice a day, and a
// session forgotten on a shared desk dies overnight.
const (
	IdleTimeout = 30 * time.Minute
	MaxLifetime = 10 * time.Hour
	// TouchEvery is how stale a session's last-seen time may be before a
	// request writes it again: a page view is not a write, a minute of
	// precision on a 30-minute idle timeout is plenty.
	TouchEvery = time.Minute
)

// TokenPrefix starts every session token, so a leaked one is recognised (and
// never mistaken for an API token, which starts "tact_").
const TokenPrefix = "tacts_"

// Session is one sign-in of a person to the console.
type Session struct {
	ID     string `json:"id"`
	UserID string `json:"user_id"`
	// Hash is the SHA-256 of the token, hex: the token is high-entropy, so a
	// fast hash suffices, and a copy of the database opens no session.
	Hash       string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	// ExpiresAt is the absolute end: CreatedAt + MaxLifetime.
	ExpiresAt time.Time  `json:"expires_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	// ClientIP and UserAgent are where it was opened from, for the person
	// who reviews a suspicious sign-in.
	ClientIP  string `json:"client_ip"`
	UserAgent string `json:"user_agent"`
}

// maxUserAgent bounds what is kept of a User-Agent header.
const maxUserAgent = 256

// New opens a session for user at now and returns it with its token, which is
// given to the browser once and never stored.
func New(userID string, now time.Time, ids *tact.IDGen, clientIP, userAgent string) (*Session, string, error) {
	if userID == "" {
		return nil, "", tact.FieldError(tact.CodeRequired, "user_id", "a session belongs to a user")
	}
	token, err := NewToken()
	if err != nil {
		return nil, "", err
	}
	s := &Session{ID: ids.New(tact.PrefixSession), UserID: userID, Hash: HashToken(token),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(MaxLifetime), ClientIP: clientIP, UserAgent: cleanAgent(userAgent)}
	return s, token, nil
}

// NewToken returns a fresh random token: 256 bits, base32.
func NewToken() (string, error) { return newToken(TokenPrefix) }

// newToken returns 256 random bits in base32 after prefix.
func newToken(prefix string) (string, error) {
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:])), nil
}

// HashToken returns the stored form of a session token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Check returns an unauthorized error when the session cannot be used at now:
// signed out, past its absolute end, or idle for IdleTimeout.
func (s *Session) Check(now time.Time) error {
	return check(s.EndedAt, s.ExpiresAt, s.IdleUntil(), IdleTimeout, now)
}

// IdleUntil is when the session expires if nothing more is done with it.
func (s *Session) IdleUntil() time.Time { return idleUntil(s.LastSeenAt, s.ExpiresAt, IdleTimeout) }

// check is the one rule of a session's end, staff's or customer's: usable
// until signed out, until its absolute end, and until idle for idle.
func check(ended *time.Time, expires, idleEnd time.Time, idle time.Duration, now time.Time) error {
	switch {
	case ended != nil && !now.Before(*ended):
		return tact.Errorf(tact.CodeUnauthorized, "this session was signed out")
	case !now.Before(expires):
		return tact.Errorf(tact.CodeUnauthorized, "this session has expired")
	case !now.Before(idleEnd):
		return tact.Errorf(tact.CodeUnauthorized, "this session expired after %s without activity", idle)
	}
	return nil
}

// idleUntil is the end of a session last seen at lastSeen: idle later,
// never past its absolute end.
func idleUntil(lastSeen, expires time.Time, idle time.Duration) time.Time {
	if end := lastSeen.Add(idle); end.Before(expires) {
		return end
	}
	return expires
}

// NeedsTouch reports whether a request at now should store a new last-seen
// time.
func (s *Session) NeedsTouch(now time.Time) bool { return now.Sub(s.LastSeenAt) >= TouchEvery }

// csrfLabel separates the anti-forgery token's hash from the session's own.
const csrfLabel = "tact csrf v1\x00"

// CSRFToken returns the anti-forgery token that goes with a cookie's secret
// (a session token, or the random token of a visitor not yet signed in):
// forms carry it in a hidden field, htmx requests in a header. A page of
// another site can make the browser send the cookie but cannot read it, so it
// cannot compute this; and it is not the stored hash, so a copy of the
// database forges no form.
func CSRFToken(secret string) string {
	sum := sha256.Sum256([]byte(csrfLabel + secret))
	return hex.EncodeToString(sum[:])
}

// CheckCSRF reports, in constant time, whether got is the anti-forgery token
// of secret. An empty secret or token never matches.
func CheckCSRF(secret, got string) bool {
	if secret == "" || got == "" {
		return false
	}
	want := CSRFToken(secret)
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// Store keeps sessions. Errors: not_found for an unknown session; anything
// else is internal.
type Store interface {
	// CreateSession stores a new session.
	CreateSession(ctx context.Context, s *Session) error
	// FindSessionByHash returns the session whose token hashes to hash.
	FindSessionByHash(ctx context.Context, hash string) (*Session, error)
	// TouchSession sets a session's last-seen time, never moving it back.
	TouchSession(ctx context.Context, id string, at time.Time) error
	// EndSession marks a session signed out at the given time; ending it
	// twice keeps the first time.
	EndSession(ctx context.Context, id string, at time.Time) error
	// PurgeSessions deletes up to limit sessions whose absolute end
	// (ExpiresAt) is before before, the oldest first, and returns how many
	// it deleted.
	PurgeSessions(ctx context.Context, before time.Time, limit int) (int, error)
}
