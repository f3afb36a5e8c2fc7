package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"
)

// The sign-in limit: OWASP Authentication Cheat Sheet (account lockout and
// throttling) and NIST SP 800-63B §5.2.2 (rate limiting of failed attempts).
// Five failures in a quarter of an hour, counted per email (someone guessing
// one advisor's password) and per client address (someone trying many
// advisors), refuse further attempts from that email or address until the
// oldest failure is older than the window. A refused attempt checks no
// password, so a flood costs no argon2 work.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
)

// Kind is what an attempt tries; each kind is counted apart.
type Kind string

// Kinds of attempts.
const (
	// SignIn is a person's password typed at the console.
	SignIn Kind = "sign_in"
	// CodeSent is a sign-in code asked for in the customer space: every
	// one counts, so nobody floods a mailbox.
	CodeSent Kind = "code_sent"
	// SpaceSignIn is a code or a password typed in the customer space:
	// wrong ones count together, and so do wrong current passwords typed to
	// change it (CurrentPasswordLimits).
	SpaceSignIn Kind = "space_sign_in"
)

// Limit caps the attempts counted under one key within FailureWindow.
type Limit struct {
	// Key is what attempts are counted under: a hash of the kind and of the
	// email or client address (LimitsOf), so that the table that counts
	// them holds neither in clear.
	Key string
	Max int
}

// LimitsOf returns the limits an attempt of kind, for email from the client
// address ip, is counted under: the email's first (a success forgets it,
// see AttemptStore.ClearAttempts), then the address's. A person's password
// is limited to MaxFailures per email and per address; a customer's codes,
// asked for or typed, to MaxFailures per email and SpaceAddressLimit per
// address, which carrier-grade NAT shares.
func LimitsOf(kind Kind, email, ip string) []Limit {
	perAddress := MaxFailures
	if kind != SignIn {
		perAddress = SpaceAddressLimit
	}
	return []Limit{{Key: limitKey(kind, "email", NormalEmail(email)), Max: MaxFailures}, {Key: limitKey(kind, "ip", ip), Max: perAddress}}
}

// CurrentPasswordLimits are the limits a customer's current password, typed
// in his space to change it, is counted under: his own MaxFailures, so that
// a stolen session is no way to guess it, then his address's, with the
// space's failed sign-ins (SpaceAddressLimit).
func CurrentPasswordLimits(customerID, ip string) []Limit {
	return []Limit{{Key: limitKey(SpaceSignIn, "customer", customerID), Max: MaxFailures}, {Key: limitKey(SpaceSignIn, "ip", ip), Max: SpaceAddressLimit}}
}

// limitLabel separates the keys' hashes from any other.
const limitLabel = "tact sign-in limit v1\x00"

func limitKey(kind Kind, what, value string) string {
	sum := sha256.Sum256([]byte(limitLabel + string(kind) + "\x00" + what + "\x00" + value))
	return hex.EncodeToString(sum[:])
}

// WindowStart is the time after which an attempt still counts at now.
func WindowStart(now time.Time) time.Time { return now.Add(-FailureWindow) }

// Over is the one rule of the limit. recent are the times of the attempts
// counted under l's key, this one's (at now) included; those no longer
// inside the window at now are ignored. The attempt goes past the limit
// when more than l.Max are inside it; then until is when it would be
// allowed: when the oldest of the l.Max attempts before it leaves the
// window.
func (l Limit) Over(now time.Time, recent []time.Time) (until time.Time, over bool) {
	start := WindowStart(now)
	in := make([]time.Time, 0, len(recent))
	for _, t := range recent {
		if t.After(start) {
			in = append(in, t)
		}
	}
	if len(in) <= l.Max {
		return time.Time{}, false
	}
	slices.SortFunc(in, func(a, b time.Time) int { return b.Compare(a) })
	return in[l.Max].Add(FailureWindow), true
}

// Attempt is one try, counted under each of its limits at At.
type Attempt struct {
	// ID tells this attempt's rows from another's of the same instant.
	ID     string
	At     time.Time
	Limits []Limit
}

// NewAttempt returns an attempt at now under limits.
func NewAttempt(now time.Time, limits []Limit) (*Attempt, error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	return &Attempt{ID: hex.EncodeToString(raw[:]), At: now, Limits: limits}, nil
}

// AttemptStore counts attempts in the database, so that every node behind a
// load balancer counts the same ones: n nodes allow what one does. An
// attempt is recorded before it is judged and dropped if it is refused or
// turns out not to count (the right password): of attempts made at once,
// on one node or several, each is counted by those judged after it, so no
// burst gets more than the limit through. Errors: internal only.
type AttemptStore interface {
	// AddAttempt records a under each of its limits' keys and, once that is
	// committed, returns for each limit in order the times of the attempts
	// under its key after since, a's own included, newest first: at most
	// Max+1 of them, all the rule needs.
	AddAttempt(ctx context.Context, a *Attempt, since time.Time) ([][]time.Time, error)
	// DropAttempt deletes a's records; deleting them twice is no error.
	DropAttempt(ctx context.Context, a *Attempt) error
	// ClearAttempts deletes every attempt under key.
	ClearAttempts(ctx context.Context, key string) error
	// PurgeAttempts deletes up to limit attempts made at or before before,
	// the oldest first, and returns how many.
	PurgeAttempts(ctx context.Context, before time.Time, limit int) (int, error)
}
