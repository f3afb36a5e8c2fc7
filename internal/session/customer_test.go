package session_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

const odile = "cus_01JCUSTOMER00000000000000"

func TestSpaceSessionIsNotAConsoleSession(t *testing.T) {
	t.Parallel()
	ids := tact.NewIDGen(tact.NewManualClock(t0), nil)
	s, token, err := session.NewSpace(odile, t0, ids, "203.0.113.7", strings.Repeat("é", 300))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, session.SpaceTokenPrefix) || strings.HasPrefix(token, session.TokenPrefix) || len(token) < 50 {
		t.Errorf("token %q: want a long %s… token, not a console one", token, session.SpaceTokenPrefix)
	}
	if s.Hash != session.HashToken(token) || !tact.HasPrefix(s.ID, tact.PrefixSpaceSession) || s.CustomerID != odile {
		t.Errorf("session %+v", s)
	}
	if len(s.UserAgent) > 256 || !strings.HasPrefix(s.UserAgent, "é") {
		t.Errorf("user agent kept %d bytes", len(s.UserAgent))
	}
	if _, _, err := session.NewSpace("", t0, ids, "", ""); tact.ErrorCode(err) != tact.CodeRequired {
		t.Errorf("a session of nobody: %v", err)
	}
}

func TestSpaceSessionCheck(t *testing.T) {
	t.Parallel()
	ids := tact.NewIDGen(tact.NewManualClock(t0), nil)
	s, _, err := session.NewSpace(odile, t0, ids, "", "")
	if err != nil {
		t.Fatal(err)
	}
	late := t0.Add(session.SpaceMaxLifetime - session.SpaceIdleTimeout/2)
	for _, tc := range []struct {
		name     string
		lastSeen time.Time
		ended    *time.Time
		at       time.Time
		ok       bool
	}{
		{"just opened", t0, nil, t0, true},
		{"idle a microsecond short of 15 minutes", t0, nil, t0.Add(session.SpaceIdleTimeout - time.Microsecond), true},
		{"idle 15 minutes", t0, nil, t0.Add(session.SpaceIdleTimeout), false},
		{"active, a microsecond short of 2 hours", late, nil, t0.Add(session.SpaceMaxLifetime - time.Microsecond), true},
		{"active, at 2 hours", late, nil, t0.Add(session.SpaceMaxLifetime), false},
		{"signed out", t0, &t0, t0.Add(time.Second), false},
	} {
		c := *s
		c.LastSeenAt, c.EndedAt = tc.lastSeen, tc.ended
		if err := c.Check(tc.at); (err == nil) != tc.ok || (err != nil && tact.ErrorCode(err) != tact.CodeUnauthorized) {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestCode(t *testing.T) {
	t.Parallel()
	ids := tact.NewIDGen(tact.NewManualClock(t0), nil)
	c, code, err := session.NewCode("  Odile.Lagarrigue@Orange.example ", odile, t0, ids, "203.0.113.7")
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != session.CodeDigits || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("code %q: want %d digits", code, session.CodeDigits)
	}
	if c.Email != "odile.lagarrigue@orange.example" || !c.ExpiresAt.Equal(t0.Add(session.CodeLifetime)) || !tact.HasPrefix(c.ID, tact.PrefixSignInCode) {
		t.Errorf("code %+v", c)
	}
	if strings.Contains(c.Hash, code) || c.Hash != session.HashCode(c.ID, code) {
		t.Error("the code is stored otherwise than hashed")
	}
	if !c.Matches(code) || !c.Matches(code[:3]+" "+code[3:]) || !c.Matches(code[:3]+"-"+code[3:]) {
		t.Error("the code, as typed, does not match")
	}
	other := "000000"
	if code == other {
		other = "000001"
	}
	for _, wrong := range []string{other, "", code + "0", code[:5], session.HashCode(c.ID, code)} {
		if c.Matches(wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	// The same code under another id hashes otherwise.
	if session.HashCode("otc_other", code) == c.Hash {
		t.Error("the hash does not depend on the code's id")
	}
	used := t0.Add(time.Minute)
	for _, tc := range []struct {
		name     string
		attempts int
		used     *time.Time
		at       time.Time
		ok       bool
	}{
		{"fresh", 0, nil, t0, true},
		{"a microsecond short of 10 minutes", 0, nil, t0.Add(session.CodeLifetime - time.Microsecond), true},
		{"at 10 minutes", 0, nil, t0.Add(session.CodeLifetime), false},
		{"4 wrong answers", session.MaxCodeAttempts - 1, nil, t0, true},
		{"5 wrong answers", session.MaxCodeAttempts, nil, t0, false},
		{"used", 0, &used, t0.Add(2 * time.Minute), false},
	} {
		k := *c
		k.Attempts, k.UsedAt = tc.attempts, tc.used
		if err := k.Usable(tc.at); (err == nil) != tc.ok || (err != nil && tact.ErrorCode(err) != tact.CodeUnauthorized) {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
	if _, _, err := session.NewCode(" ", odile, t0, ids, ""); tact.ErrorCode(err) != tact.CodeRequired {
		t.Errorf("no email: %v", err)
	}
	if _, _, err := session.NewCode("a@b.example", "", t0, ids, ""); tact.ErrorCode(err) != tact.CodeRequired {
		t.Errorf("no customer: %v", err)
	}
}

// TestCodesAreRandom draws codes and checks they spread over the digits
// (a constant or a narrow range would show).
func TestCodesAreRandom(t *testing.T) {
	t.Parallel()
	ids := tact.NewIDGen(tact.NewManualClock(t0), nil)
	seen := map[string]bool{}
	first := map[byte]bool{}
	for range 200 {
		_, code, err := session.NewCode("a@b.example", odile, t0, ids, "")
		if err != nil {
			t.Fatal(err)
		}
		seen[code] = true
		first[code[0]] = true
	}
	if len(seen) < 190 || len(first) < 8 {
		t.Errorf("200 codes: %d distinct, %d first digits", len(seen), len(first))
	}
}

func TestSignedInRecently(t *testing.T) {
	opened := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	se := &session.SpaceSession{CreatedAt: opened}
	for _, c := range []struct {
		after time.Duration
		want  bool
	}{
		{0, true},
		{9*time.Minute + 59*time.Second, true},
		{10 * time.Minute, false},
		{time.Hour, false},
	} {
		if got := se.SignedInRecently(opened.Add(c.after)); got != c.want {
			t.Errorf("%s after signing in: recently = %v, want %v", c.after, got, c.want)
		}
	}
}
