package app

import (
	"context"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// Sessions is the service over people's console sessions: sign in (with the
// failed-attempt limit), recognise a session, sign out; and the purge of
// what every sign-in, a person's or a customer's, leaves behind.
type Sessions struct {
	service
	store  session.Store
	space  session.SpaceStore
	access *Access
	limits *limits
}

// Client is where a sign-in comes from.
type Client struct {
	IP        string
	UserAgent string
}

// RateLimitedError is the refusal of a sign-in attempt over the limit: a
// tact.Error of code rate_limited (errors.As finds it), and Wait, how long
// until one more attempt is allowed.
type RateLimitedError struct {
	Wait time.Duration
	err  *tact.Error
}

// Error implements error.
func (e *RateLimitedError) Error() string { return e.err.Error() }

// Unwrap returns the tact.Error.
func (e *RateLimitedError) Unwrap() error { return e.err }

// SignIn checks a person's email and password and opens a session, returning
// it with its token (for the cookie) and the person. A wrong email or password
// is unauthorized, the same answer either way; past session.MaxFailures
// failures in session.FailureWindow for the email or the client's address,
// counted in the database for every node, an attempt is refused with a
// *RateLimitedError (code rate_limited) without checking the password.
func (s *Sessions) SignIn(ctx context.Context, email, password string, c Client) (*session.Session, string, *access.User, error) {
	now := s.clock.Now()
	email = strings.ToLower(strings.TrimSpace(email))
	ls := session.LimitsOf(session.SignIn, email, c.IP)
	attempt, err := s.limits.take(ctx, now, ls, "failed sign-ins")
	if err != nil {
		return nil, "", nil, err
	}
	u, err := s.access.SignIn(ctx, email, password)
	if tact.ErrorCode(err) != tact.CodeUnauthorized {
		// The right password, or a fault of ours: not a failure.
		if rerr := s.limits.release(ctx, attempt); err == nil {
			err = rerr
		}
	}
	if err != nil {
		return nil, "", nil, err
	}
	if err := s.limits.reset(ctx, ls[0].Key); err != nil {
		return nil, "", nil, err
	}
	se, token, err := session.New(u.ID, now, s.ids, c.IP, c.UserAgent)
	if err != nil {
		return nil, "", nil, err
	}
	if err := s.store.CreateSession(ctx, se); err != nil {
		return nil, "", nil, err
	}
	return se, token, u, nil
}

// Authenticate returns the session a token belongs to and its person, or
// unauthorized when the token is unknown, the session has ended or expired,
// or the person's account is disabled. It records the activity, at most once
// per session.TouchEvery.
func (s *Sessions) Authenticate(ctx context.Context, token string) (*session.Session, *access.User, error) {
	if !strings.HasPrefix(token, session.TokenPrefix) {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "no session")
	}
	now := s.clock.Now()
	se, err := s.store.FindSessionByHash(ctx, session.HashToken(token))
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "unknown session")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := se.Check(now); err != nil {
		return nil, nil, err
	}
	u, err := s.access.User(ctx, se.UserID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, nil, tact.Errorf(tact.CodeUnauthorized, "this account is disabled")
	}
	if err != nil {
		return nil, nil, err
	}
	if se.NeedsTouch(now) {
		if err := s.store.TouchSession(ctx, se.ID, now); err != nil {
			return nil, nil, err
		}
		se.LastSeenAt = now
	}
	return se, u, nil
}

// SignOut ends the session of token; an unknown or ended one is no error,
// since the person is signed out either way.
func (s *Sessions) SignOut(ctx context.Context, token string) error {
	se, err := s.store.FindSessionByHash(ctx, session.HashToken(token))
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.EndSession(ctx, se.ID, s.clock.Now())
}

// Audit is the service over the record of who read which customer's record.
type Audit struct {
	service
	store  audit.Store
	access access.Store
}

// RecordRead records that the person acting (ctx's actor) read a customer's
// record, and why. A read with no person behind it (a system, a job) is not
// a person's read and is refused.
func (s *Audit) RecordRead(ctx context.Context, customerID string, why audit.Reason) error {
	a := tact.ActorFrom(ctx)
	r := &audit.Read{ID: s.ids.New(tact.PrefixRecordRead), At: s.clock.Now(), UserID: a.UserID(), UserName: a.Name,
		CustomerID: customerID, Reason: why}
	if err := r.Validate(); err != nil {
		return err
	}
	return s.store.RecordRead(ctx, r)
}

// Reads returns a page of the reads f selects, newest first, and the cursor
// of the next page ("" on the last). A person reads the audit only as a
// supervisor or an admin; a system reads it by its token alone, which the
// API let through with the scope audit:read (an operator's security log
// collecting it). A filter with an id of the wrong kind or a period that
// ends before it starts is invalid.
func (s *Audit) Reads(ctx context.Context, f audit.Filter, cursor string) ([]*audit.Read, string, error) {
	if err := s.mayRead(ctx); err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	var err error
	if f.After, err = tact.DecodeCursor(cursor); err != nil {
		return nil, "", err
	}
	f.Limit = tact.PageSize(f.Limit)
	list, err := s.store.FindReads(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	return list, list[len(list)-1].Cursor().Encode(), nil
}

// mayRead refuses (forbidden) whoever may not read the audit: a person who
// is not a supervisor or an admin, or an actor that is neither a person nor
// a token (a job).
func (s *Audit) mayRead(ctx context.Context) error {
	a := tact.ActorFrom(ctx)
	if a.UserID() == "" && a.Kind == tact.ActorToken {
		return nil
	}
	u, err := user(ctx, s.access, a.UserID(), "actor")
	if err != nil && tact.ErrorCode(err) != tact.CodeInvalid {
		return err
	}
	if err != nil || !u.Role.Supervises() {
		return tact.Errorf(tact.CodeForbidden, "only a supervisor reads who read customers' records")
	}
	return nil
}
