package session_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// TestPurgeBefore: whatever a purge at now deletes (an absolute end before
// PurgeBefore(now)) had ended KeepEnded before now, a session signed out,
// left idle or used to its end alike; a session whose absolute end is at the
// bound is kept.
func TestPurgeBefore(t *testing.T) {
	t.Parallel()
	now := t0.Add(90 * 24 * time.Hour)
	before := session.PurgeBefore(now)
	if want := now.Add(-30 * 24 * time.Hour); !before.Equal(want) {
		t.Fatalf("PurgeBefore %v, want %v", before, want)
	}
	ids := tact.NewIDGen(tact.NewManualClock(t0), nil)
	for _, tt := range []struct {
		name    string
		created time.Time
		purged  bool
	}{
		{"absolute end long before", before.Add(-40 * 24 * time.Hour), true},
		{"absolute end a microsecond before", before.Add(-session.MaxLifetime - time.Microsecond), true},
		{"absolute end at the bound", before.Add(-session.MaxLifetime), false},
		{"opened a minute before the bound", before.Add(-time.Minute), false},
	} {
		s, _, err := session.New("usr_01JADVISOR000000000000000", tt.created, ids, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if purged := s.ExpiresAt.Before(before); purged != tt.purged {
			t.Errorf("%s: purged %v, want %v", tt.name, purged, tt.purged)
		}
		if tt.purged && s.Check(now.Add(-session.KeepEnded)) == nil {
			t.Errorf("%s: purged, yet usable %v before the purge", tt.name, session.KeepEnded)
		}
	}
}
