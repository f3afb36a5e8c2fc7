// Package access owns who may do what: API tokens with scopes for operator
// systems, and people's accounts (advisor, supervisor, admin) with hashed
// passwords. Secrets are shown once and stored only as hashes.
package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// Scope is a permission a token carries: "resource:read" or "resource:write".
type Scope string

// Scopes. Write does not imply read: a dialer that reports contacts need not
// read customer records.
const (
	CustomersRead     Scope = "customers:read"
	CustomersWrite    Scope = "customers:write"
	InteractionsRead  Scope = "interactions:read"
	InteractionsWrite Scope = "interactions:write"
	CatalogRead       Scope = "catalog:read"
	CatalogWrite      Scope = "catalog:write"
	CasesRead         Scope = "cases:read"
	CasesWrite        Scope = "cases:write"
	CommitmentsRead   Scope = "commitments:read"
	CommitmentsWrite  Scope = "commitments:write"
	DeliveriesRead    Scope = "deliveries:read"
	DeliveriesWrite   Scope = "deliveries:write"
	// ContactsDecide asks the contact policy: "may I contact this customer,
	// for this purpose, on this channel, now?" (dialers, mailers, survey
	// vendors). Every answer is stored.
	ContactsDecide Scope = "contacts:decide"
	// ContactsRead reads the decisions stored.
	ContactsRead Scope = "contacts:read"
	// CampaignsRead reads campaigns, their plans and targets;
	// CampaignsWrite creates and plans them.
	CampaignsRead  Scope = "campaigns:read"
	CampaignsWrite Scope = "campaigns:write"
	// BillingRead reads bill runs, bills and their findings; BillingWrite
	// submits runs, releases and adjusts held bills, reports their status.
	BillingRead  Scope = "billing:read"
	BillingWrite Scope = "billing:write"
	// QualityRead reads the weekly quality figures (a supervisor's
	// dashboard, a reporting system); QualityWrite runs the job that
	// computes them, which a reader need not be able to make the database
	// do.
	QualityRead  Scope = "quality:read"
	QualityWrite Scope = "quality:write"
	// AuditRead reads who read which customer's record, when and why: a
	// supervisor's, and an operator's security log's.
	AuditRead Scope = "audit:read"
	// SessionsWrite runs the purge of ended sessions and sign-in codes:
	// housekeeping an operator's scheduler may do, no person's role but an
	// admin's.
	SessionsWrite Scope = "sessions:write"
)

// Scopes lists every scope, in a stable order.
var Scopes = []Scope{CustomersRead, CustomersWrite, InteractionsRead, InteractionsWrite, CatalogRead, CatalogWrite,
	CasesRead, CasesWrite, CommitmentsRead, CommitmentsWrite, DeliveriesRead, DeliveriesWrite, ContactsDecide, ContactsRead,
	CampaignsRead, CampaignsWrite, BillingRead, BillingWrite, QualityRead, QualityWrite, AuditRead, SessionsWrite}

// ParseScopes reads a comma-separated list of scopes; "all" stands for every scope.
func ParseScopes(s string) ([]Scope, error) {
	var out []Scope
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
			continue
		case part == "all":
			return slices.Clone(Scopes), nil
		case !slices.Contains(Scopes, Scope(part)):
			return nil, tact.FieldError(tact.CodeInvalidScope, "scopes", "unknown scope %q; scopes are %s or all", part, joinScopes(Scopes))
		case !slices.Contains(out, Scope(part)):
			out = append(out, Scope(part))
		}
	}
	if len(out) == 0 {
		return nil, tact.FieldError(tact.CodeRequired, "scopes", "a token needs at least one scope")
	}
	return out, nil
}

func joinScopes(ss []Scope) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// Token is an API credential of an operator system.
type Token struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Scopes []Scope `json:"scopes"`
	// Hash is the SHA-256 of the secret, hex. The secret is high-entropy, so a
	// fast hash is enough and keeps every request's check to one indexed read.
	Hash      string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// SecretPrefix starts every token secret, so secret scanners can find leaked ones.
const SecretPrefix = "tact_"

// NewToken makes a token and its secret, which is returned once and never stored.
func NewToken(name string, scopes []Scope, now time.Time, ttl time.Duration, ids *tact.IDGen) (*Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return nil, "", tact.FieldError(tact.CodeInvalid, "name", "a token is named (up to 64 characters) after the system that holds it")
	}
	if len(scopes) == 0 {
		return nil, "", tact.FieldError(tact.CodeRequired, "scopes", "a token needs at least one scope")
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, "", err
	}
	secret := SecretPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:]))
	t := &Token{ID: ids.New(tact.PrefixToken), Name: name, Scopes: scopes, Hash: HashSecret(secret), CreatedAt: now}
	if ttl > 0 {
		exp := now.Add(ttl)
		t.ExpiresAt = &exp
	}
	return t, secret, nil
}

// HashSecret returns the stored form of a token secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Check returns an unauthorized error if the token cannot be used at now.
func (t *Token) Check(now time.Time) error {
	switch {
	case t.RevokedAt != nil && !now.Before(*t.RevokedAt):
		return tact.Errorf(tact.CodeUnauthorized, "this token was revoked")
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return tact.Errorf(tact.CodeUnauthorized, "this token has expired")
	}
	return nil
}

// Allows reports whether the token carries scope s.
func (t *Token) Allows(s Scope) bool { return slices.Contains(t.Scopes, s) }

// Role is what a person does at the operator.
type Role string

// Roles.
const (
	Advisor    Role = "advisor"
	Supervisor Role = "supervisor"
	Admin      Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Advisor || r == Supervisor || r == Admin }

// Supervises reports whether a person of role r may act for any owner.
func (r Role) Supervises() bool { return r == Supervisor || r == Admin }

// Allows reports whether a person of role r may do what scope sc grants: a
// system acting for them (On-Behalf-Of) may do no more than they may.
func (r Role) Allows(sc Scope) bool { return slices.Contains(r.Scopes(), sc) }

// Scopes returns what a person of role r may do through the API.
func (r Role) Scopes() []Scope {
	switch r {
	case Admin:
		return slices.Clone(Scopes)
	case Advisor, Supervisor:
		s := []Scope{CustomersRead, CustomersWrite, InteractionsRead, InteractionsWrite, CatalogRead,
			CasesRead, CasesWrite, CommitmentsRead, CommitmentsWrite, DeliveriesRead, ContactsDecide, ContactsRead, CampaignsRead, BillingRead}
		if r == Supervisor {
			// Supervisors release and adjust held bills, and watch the
			// quality figures (DESIGN §2), which they may refresh, and who
			// read which customer's record.
			s = append(s, BillingWrite, QualityRead, QualityWrite, AuditRead)
		}
		return s
	}
	return nil
}

// User is a person who signs in to the console.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	// SupervisorID is the supervisor the user's overdue promises escalate to.
	SupervisorID string     `json:"supervisor_id,omitempty"`
	PasswordHash string     `json:"-"`
	CreatedAt    time.Time  `json:"created_at"`
	DisabledAt   *time.Time `json:"disabled_at,omitempty"`
}

// Validate checks a user's identity fields.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	switch {
	case u.Email == "" || !strings.Contains(u.Email, "@") || len(u.Email) > 254:
		return tact.FieldError(tact.CodeInvalidEmail, "email", "a user signs in with an email address")
	case u.Name == "" || utf8.RuneCountInString(u.Name) > 100:
		return tact.FieldError(tact.CodeInvalid, "name", "a user has a name of up to 100 characters")
	case !u.Role.Valid():
		return tact.FieldError(tact.CodeInvalid, "role", "role %q is not advisor, supervisor or admin", u.Role)
	case u.PasswordHash == "":
		return tact.FieldError(tact.CodeRequired, "password", "a user needs a password")
	}
	return nil
}

// Store keeps tokens and users. Errors: not_found for a missing token or user;
// conflict for a duplicate user email; anything else is internal.
type Store interface {
	// CreateToken stores a token.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokenByHash returns the token whose secret hashes to hash.
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// FindTokens returns every token, newest first.
	FindTokens(ctx context.Context) ([]*Token, error)
	// RevokeToken marks a token revoked at the given time; revoking twice keeps the first time.
	RevokeToken(ctx context.Context, id string, at time.Time) error
	// CreateUser stores a user.
	CreateUser(ctx context.Context, u *User) error
	// FindUserByEmail returns the user with that (lower-case) email.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	// FindUserByID returns one user.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUsers returns every user by email.
	FindUsers(ctx context.Context) ([]*User, error)
}
