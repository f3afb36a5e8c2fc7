package session_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newSession(t *testing.T) (*session.Session, string) {
	t.Helper()
	clock := tact.NewManualClock(t0)
	s, token, err := session.New("usr_01JADVISOR000000000000000", t0, tact.NewIDGen(clock, nil), "203.0.113.7", "Mozilla/5.0")
	if err != nil {
		t.Fatal(err)
	}
	return s, token
}

func TestNewStoresOnlyTheHash(t *testing.T) {
	t.Parallel()
	s, token := newSession(t)
	if !strings.HasPrefix(token, session.TokenPrefix) || len(token) < 50 {
		t.Errorf("token %q: want a long %s… token", token, session.TokenPrefix)
	}
	if s.Hash != session.HashToken(token) || strings.Contains(s.Hash, token) {
		t.Errorf("hash %q is not the SHA-256 of the token", s.Hash)
	}
	if !tact.HasPrefix(s.ID, tact.PrefixSession) || !s.ExpiresAt.Equal(t0.Add(session.MaxLifetime)) {
		t.Errorf("session %+v", s)
	}
	_, other := newSession(t)
	if other == token {
		t.Error("two sessions share a token")
	}
}

// TestCheck walks the session's expiry rules at their boundaries.
func TestCheck(t *testing.T) {
	t.Parallel()
	s, _ := newSession(t)
	late := t0.Add(session.MaxLifetime - session.IdleTimeout/2)
	tests := []struct {
		name     string
		lastSeen time.Time
		ended    *time.Time
		at       time.Time
		ok       bool
	}{
		{"just opened", t0, nil, t0, true},
		{"idle one microsecond short of the timeout", t0, nil, t0.Add(session.IdleTimeout - time.Microsecond), true},
		{"idle exactly the timeout", t0, nil, t0.Add(session.IdleTimeout), false},
		{"active, within the lifetime", late, nil, late.Add(time.Minute), true},
		{"active, one microsecond short of the lifetime", late, nil, t0.Add(session.MaxLifetime - time.Microsecond), true},
		{"active, at the absolute end", late, nil, t0.Add(session.MaxLifetime), false},
		{"signed out", t0, &t0, t0.Add(time.Second), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := *s
			c.LastSeenAt, c.EndedAt = tc.lastSeen, tc.ended
			err := c.Check(tc.at)
			if (err == nil) != tc.ok {
				t.Fatalf("Check at %v: %v, want ok=%v", tc.at, err, tc.ok)
			}
			if err != nil && tact.ErrorCode(err) != tact.CodeUnauthorized {
				t.Errorf("code %s, want unauthorized", tact.ErrorCode(err))
			}
		})
	}
}

func TestNeedsTouch(t *testing.T) {
	t.Parallel()
	s, _ := newSession(t)
	if s.NeedsTouch(t0.Add(session.TouchEvery - time.Microsecond)) {
		t.Error("touched before TouchEvery")
	}
	if !s.NeedsTouch(t0.Add(session.TouchEvery)) {
		t.Error("not touched after TouchEvery")
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	_, token := newSession(t)
	csrf := session.CSRFToken(token)
	if !session.CheckCSRF(token, csrf) {
		t.Fatal("the token's own CSRF token is refused")
	}
	_, other := newSession(t)
	for _, tc := range []struct{ name, secret, got string }{
		{"another session's", token, session.CSRFToken(other)},
		{"empty", token, ""},
		{"no cookie", "", session.CSRFToken("")},
		{"the stored hash", token, session.HashToken(token)},
		{"the token itself", token, token},
	} {
		if session.CheckCSRF(tc.secret, tc.got) {
			t.Errorf("%s CSRF token accepted", tc.name)
		}
	}
}

// TestLimiter checks the sign-in limit at its boundary: the fifth failure is
// still allowed to happen, the sixth attempt is refused, until the oldest
// failure leaves the window.
func TestLimiter(t *testing.T) {
	t.Parallel()
	l := session.NewLimiter()
	email, ip := "email:julie@example.fr", "ip:203.0.113.7"
	now := t0
	for i := 1; i <= session.MaxFailures; i++ {
		if ok, _ := l.Allowed(now, email, ip); !ok {
			t.Fatalf("attempt %d refused", i)
		}
		l.Fail(now, email, ip)
		now = now.Add(time.Minute)
	}
	ok, wait := l.Allowed(now, email, ip)
	if ok {
		t.Fatalf("attempt %d allowed after %d failures", session.MaxFailures+1, session.MaxFailures)
	}
	// The first failure was at t0: a slot frees at t0 + window.
	if want := t0.Add(session.FailureWindow).Sub(now); wait != want {
		t.Errorf("wait %v, want %v", wait, want)
	}
	// Another email from the same address is refused too; the same email
	// from another address as well.
	if ok, _ := l.Allowed(now, "email:marc@example.fr", ip); ok {
		t.Error("another email from a blocked address allowed")
	}
	if ok, _ := l.Allowed(now, email, "ip:198.51.100.1"); ok {
		t.Error("a blocked email from another address allowed")
	}
	if ok, _ := l.Allowed(now, "email:marc@example.fr", "ip:198.51.100.1"); !ok {
		t.Error("an unrelated email and address refused")
	}
	if ok, _ := l.Allowed(t0.Add(session.FailureWindow-time.Microsecond), email); ok {
		t.Error("allowed a microsecond before the first failure leaves the window")
	}
	if ok, _ := l.Allowed(t0.Add(session.FailureWindow), email); !ok {
		t.Error("refused once the first failure left the window")
	}
	l.Reset(email)
	if ok, _ := l.Allowed(now, email); !ok {
		t.Error("an email refused after Reset")
	}
	if ok, _ := l.Allowed(now, ip); ok {
		t.Error("Reset of the email freed the address")
	}
}
