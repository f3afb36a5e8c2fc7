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

// TestLimitOver checks the sign-in limit's rule at its boundaries: the
// fifth failure is still allowed to happen, the sixth attempt is refused
// until the oldest of the five before it leaves the window, to the
// microsecond; attempts out of the window count for nothing.
func TestLimitOver(t *testing.T) {
	t.Parallel()
	l := session.LimitsOf(session.SignIn, "julie@example.fr", "203.0.113.7")[0]
	minutes := func(ms ...int) []time.Time {
		var out []time.Time
		for _, m := range ms {
			out = append(out, t0.Add(time.Duration(m)*time.Minute))
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		now    time.Time
		recent []time.Time // this attempt's own (at now) included
		until  time.Time   // zero: allowed
	}{
		{"the first attempt", t0, minutes(0), time.Time{}},
		{"the fifth, after four failures", t0.Add(4 * time.Minute), minutes(0, 1, 2, 3, 4), time.Time{}},
		{"the sixth, after five", t0.Add(5 * time.Minute), minutes(0, 1, 2, 3, 4, 5), t0.Add(session.FailureWindow)},
		{"the sixth, in any order", t0.Add(5 * time.Minute), minutes(3, 0, 5, 1, 4, 2), t0.Add(session.FailureWindow)},
		{"a seventh: the slot frees with the second oldest", t0.Add(6 * time.Minute), minutes(0, 1, 2, 3, 4, 5, 6), t0.Add(time.Minute + session.FailureWindow)},
		{"a microsecond before the first leaves", t0.Add(session.FailureWindow - time.Microsecond),
			append(minutes(0, 1, 2, 3, 4), t0.Add(session.FailureWindow-time.Microsecond)), t0.Add(session.FailureWindow)},
		{"once the first has left the window", t0.Add(session.FailureWindow),
			append(minutes(0, 1, 2, 3, 4), t0.Add(session.FailureWindow)), time.Time{}},
		{"old attempts count for nothing", t0.Add(time.Hour), append(minutes(0, 1, 2, 3, 4, 5, 6, 7), t0.Add(time.Hour)), time.Time{}},
	} {
		until, over := l.Over(tt.now, tt.recent)
		if over != !tt.until.IsZero() || !until.Equal(tt.until) {
			t.Errorf("%s: over %v until %v, want until %v", tt.name, over, until, tt.until)
		}
	}
}

// TestLimitsOf: a person's password is limited per email and per address
// alike; a customer's codes and passwords per email as tightly, per address
// a hundred times over (carrier-grade NAT). Each kind, email and address has a key of
// its own, holding neither in clear; an email counts however it is written.
func TestLimitsOf(t *testing.T) {
	t.Parallel()
	signIn := session.LimitsOf(session.SignIn, "Julie@Example.fr ", "203.0.113.7")
	sent := session.LimitsOf(session.CodeSent, "julie@example.fr", "203.0.113.7")
	tried := session.LimitsOf(session.SpaceSignIn, "julie@example.fr", "203.0.113.7")
	if signIn[0].Max != session.MaxFailures || signIn[1].Max != session.MaxFailures ||
		sent[0].Max != session.MaxFailures || sent[1].Max != session.SpaceAddressLimit || tried[1].Max != session.SpaceAddressLimit {
		t.Errorf("limits %v %v %v", signIn, sent, tried)
	}
	if again := session.LimitsOf(session.SignIn, "julie@example.fr", "198.51.100.1"); again[0] != signIn[0] || again[1] == signIn[1] {
		t.Errorf("the same email from another address: %v, then %v", signIn, again)
	}
	// A customer's current password counts under his own limit, and under
	// his address's with the space's failed sign-ins.
	current := session.CurrentPasswordLimits("cus_01JCUSTOMER0000000000000000", "203.0.113.7")
	if current[0].Max != session.MaxFailures || current[1] != tried[1] {
		t.Errorf("current password limits %v, want his own and the address's %v", current, tried[1])
	}
	keys := map[string]bool{}
	for _, ls := range [][]session.Limit{signIn, sent, tried, current[:1]} {
		for _, l := range ls {
			if keys[l.Key] || strings.Contains(l.Key, "julie") || strings.Contains(l.Key, "203.0") {
				t.Errorf("key %q shared or in clear", l.Key)
			}
			keys[l.Key] = true
		}
	}
}
