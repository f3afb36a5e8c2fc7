package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// The customer space (issue 8, scope 4) has sessions of its own, kept apart
// from the console's by construction: another token prefix, another table,
// another store method, another cookie on another path. A customer's token
// is refused by the console before any lookup, and a staff token by the
// space, so neither can act as the other.

// Lifetimes of a customer's session. A customer opens his space for one
// errand (a bill, a dispute, his preferences), from any device, often a
// shared or public one: OWASP's Session Management Cheat Sheet asks 2 to 5
// minutes of idle time for high-value applications and 15 to 30 for those
// of low risk; 15 minutes leaves him time to read a bill or a contract
// summary, and 2 hours at most ends a session forgotten on a shared computer
// the same afternoon.
const (
	SpaceIdleTimeout = 15 * time.Minute
	SpaceMaxLifetime = 2 * time.Hour
)

// SpaceTokenPrefix starts every customer session token ("tacts_" is the
// console's, "tact_" the API's).
const SpaceTokenPrefix = "tactc_"

// SpaceSession is one sign-in of a customer to his space.
type SpaceSession struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// Hash is the SHA-256 of the token, hex, as for console sessions.
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastSeenAt time.Time  `json:"last_seen_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
	ClientIP   string     `json:"client_ip"`
	UserAgent  string     `json:"user_agent"`
}

// NewSpace opens a session of a customer at now and returns it with its
// token, given to the browser once and never stored.
func NewSpace(customerID string, now time.Time, ids *tact.IDGen, clientIP, userAgent string) (*SpaceSession, string, error) {
	if customerID == "" {
		return nil, "", tact.FieldError(tact.CodeRequired, "customer_id", "a customer's session belongs to a customer")
	}
	token, err := newToken(SpaceTokenPrefix)
	if err != nil {
		return nil, "", err
	}
	s := &SpaceSession{ID: ids.New(tact.PrefixSpaceSession), CustomerID: customerID, Hash: HashToken(token),
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SpaceMaxLifetime), ClientIP: clientIP, UserAgent: cleanAgent(userAgent)}
	return s, token, nil
}

// RecentSignIn is how long after signing in a customer may set a new
// password without typing his current one. Whoever signed in that recently
// has just proved who he is: by the single-use code sent to his email
// address, which is how the OWASP Forgot Password Cheat Sheet says a reset
// is proved, or by the password itself. Without it, a customer who forgot
// his password could sign in by code but never replace it. Past it, a
// session left open on a shared computer cannot change the password without
// the current one (OWASP Authentication Cheat Sheet, "Require
// re-authentication for sensitive features").
const RecentSignIn = 10 * time.Minute

// SignedInRecently reports whether the session was opened less than
// RecentSignIn before now.
func (s *SpaceSession) SignedInRecently(now time.Time) bool {
	return now.Sub(s.CreatedAt) < RecentSignIn
}

// Check returns an unauthorized error when the session cannot be used at
// now: signed out, past its absolute end, or idle for SpaceIdleTimeout.
func (s *SpaceSession) Check(now time.Time) error {
	return check(s.EndedAt, s.ExpiresAt, s.IdleUntil(), SpaceIdleTimeout, now)
}

// IdleUntil is when the session expires if nothing more is done with it.
func (s *SpaceSession) IdleUntil() time.Time {
	return idleUntil(s.LastSeenAt, s.ExpiresAt, SpaceIdleTimeout)
}

// NeedsTouch reports whether a request at now should store a new last-seen
// time.
func (s *SpaceSession) NeedsTouch(now time.Time) bool { return now.Sub(s.LastSeenAt) >= TouchEvery }

// The one-time sign-in code a customer receives by email. NIST SP 800-63B
// §5.1.3 (out-of-band authenticators) and OWASP's Multifactor Authentication
// Cheat Sheet: a code of at least 6 random digits, valid 10 minutes at most,
// used once, with a limit on wrong attempts.
const (
	CodeDigits   = 6
	CodeLifetime = 10 * time.Minute
	// MaxCodeAttempts wrong answers spend a code: the customer asks for
	// another. With the limit on codes sent per email (LimitsOf, MaxFailures
	// in FailureWindow), a guesser gets at most 25 tries in a million every
	// quarter of an hour.
	MaxCodeAttempts = 5
)

// SpaceAddressLimit is how many codes may be asked for, and how many wrong
// codes typed, from one client address in FailureWindow, whatever the
// emails. The per-email limit is MaxFailures, as for the console; an
// address is often shared by many customers (a mobile operator's own
// carrier-grade NAT puts thousands behind one), so its limit only stops a
// sweep over many emails, not one customer's typos.
const SpaceAddressLimit = 100

// Code is a one-time sign-in code sent to an email address of a customer.
// Only its hash is kept.
type Code struct {
	ID string `json:"id"`
	// Email is the address it was sent to, lower case: what the customer
	// types again with the code.
	Email      string `json:"email"`
	CustomerID string `json:"customer_id"`
	// Hash is HashCode(ID, code).
	Hash      string    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// Attempts counts the wrong answers given to it.
	Attempts int        `json:"attempts"`
	UsedAt   *time.Time `json:"used_at,omitempty"`
	ClientIP string     `json:"client_ip"`
}

// NewCode makes a code for a customer's email address at now and returns
// it with the code itself, to send and never store.
func NewCode(email, customerID string, now time.Time, ids *tact.IDGen, clientIP string) (*Code, string, error) {
	email = NormalEmail(email)
	switch {
	case email == "":
		return nil, "", tact.FieldError(tact.CodeRequired, "email", "a code is sent to an email address")
	case customerID == "":
		return nil, "", tact.FieldError(tact.CodeRequired, "customer_id", "a code signs a customer in")
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return nil, "", err
	}
	code := leftPad(n.String(), CodeDigits)
	c := &Code{ID: ids.New(tact.PrefixSignInCode), Email: email, CustomerID: customerID, CreatedAt: now, ExpiresAt: now.Add(CodeLifetime),
		ClientIP: clientIP}
	c.Hash = HashCode(c.ID, code)
	return c, code, nil
}

// codeLabel separates a code's hash from any other.
const codeLabel = "tact sign-in code v1\x00"

// HashCode returns the stored form of a code: the SHA-256 of the code with
// its own id. A million codes are quickly hashed, so this keeps the code
// out of sight of whoever reads the table, not out of reach of someone who
// copies it and searches: what bounds that is the code's 10 minutes and its
// single use.
func HashCode(id, code string) string {
	sum := sha256.Sum256([]byte(codeLabel + id + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// Matches reports, in constant time, whether code (as typed: spaces and
// dashes aside) is this one.
func (c *Code) Matches(code string) bool {
	code = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, code)
	if len(code) != CodeDigits {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Hash), []byte(HashCode(c.ID, code))) == 1
}

// Usable returns an unauthorized error when the code cannot be used at now:
// used already, expired, or spent by wrong answers.
func (c *Code) Usable(now time.Time) error {
	switch {
	case c.UsedAt != nil:
		return tact.Errorf(tact.CodeUnauthorized, "this code was already used")
	case !now.Before(c.ExpiresAt):
		return tact.Errorf(tact.CodeUnauthorized, "this code has expired")
	case c.Attempts >= MaxCodeAttempts:
		return tact.Errorf(tact.CodeUnauthorized, "too many wrong answers to this code")
	}
	return nil
}

// NormalEmail is an email address as codes are filed under: trimmed, lower
// case.
func NormalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func leftPad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// cleanAgent bounds and cleans a User-Agent header.
func cleanAgent(ua string) string {
	if len(ua) > maxUserAgent {
		ua = strings.ToValidUTF8(ua[:maxUserAgent], "")
	}
	if !utf8.ValidString(ua) {
		ua = strings.ToValidUTF8(ua, "")
	}
	return ua
}

// SpaceStore keeps customers' sign-in codes and sessions. Errors: not_found
// for an unknown code or session; conflict when UseCode finds the code used
// or spent; anything else is internal.
type SpaceStore interface {
	// CreateCode stores a new code; not_found on customer_id when the
	// customer does not exist.
	CreateCode(ctx context.Context, c *Code) error
	// LatestCode returns the newest code sent to email (lower case): only
	// the last code asked for can be used.
	LatestCode(ctx context.Context, email string) (*Code, error)
	// FailCode counts one wrong answer to a code and returns its count
	// after it, atomically: concurrent guesses each count.
	FailCode(ctx context.Context, id string) (int, error)
	// UseCode marks a code used at at, only if it is not used yet and has
	// fewer than MaxCodeAttempts wrong answers: of two requests with the
	// right code, one wins and the other gets conflict.
	UseCode(ctx context.Context, id string, at time.Time) error

	// CreateSpaceSession stores a new session; not_found on customer_id
	// when the customer does not exist.
	CreateSpaceSession(ctx context.Context, s *SpaceSession) error
	// FindSpaceSessionByHash returns the session whose token hashes to hash.
	FindSpaceSessionByHash(ctx context.Context, hash string) (*SpaceSession, error)
	// TouchSpaceSession sets a session's last-seen time, never moving it back.
	TouchSpaceSession(ctx context.Context, id string, at time.Time) error
	// EndSpaceSession marks a session signed out; ending it twice keeps the
	// first time.
	EndSpaceSession(ctx context.Context, id string, at time.Time) error

	// SpacePassword returns a customer's password (password.go); not_found
	// when he has none.
	SpacePassword(ctx context.Context, customerID string) (*Credential, error)
	// SetSpacePassword, in one transaction, stores c, ends at c.SetAt every
	// session of the customer not yet ended nor expired but the one of id
	// keep (the one he set it from), and appends event to his record; it
	// returns how many sessions it ended. c.Version 1 creates his password,
	// and is a conflict when he has one; a higher version replaces the one
	// stored only if it is still at c.Version-1, else conflict: of two
	// changes made at once, one wins. not_found on customer_id when the
	// customer does not exist.
	SetSpacePassword(ctx context.Context, c *Credential, keep string, event customer.Event) (ended int, err error)

	// PurgeSpaceSessions deletes up to limit sessions whose absolute end
	// (ExpiresAt) is before before, the oldest first, and returns how many.
	PurgeSpaceSessions(ctx context.Context, before time.Time, limit int) (int, error)
	// PurgeCodes deletes up to limit codes that expired before before, the
	// oldest first, and returns how many: used or not, a code ends at its
	// expiry at the latest.
	PurgeCodes(ctx context.Context, before time.Time, limit int) (int, error)
}
