package web

import (
	"testing"
	"time"
)

// TestAskedAt: the time an advisor asks about, typed in the customer's zone,
// at its boundaries: now and the current minute are now, a minute before is
// past, a year ahead to the minute is asked and a minute more is not; the
// hour the clocks skip is refused, to its minutes either side; the hour
// they repeat is asked the first time, before the change.
func TestAskedAt(t *testing.T) {
	montreal, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 17, 11, 0, 30, 0, montreal)
	local := func(y int, mo time.Month, d, h, mi int) time.Time {
		return time.Date(y, mo, d, h, mi, 0, 0, montreal).UTC()
	}
	for _, tc := range []struct {
		in    string
		want  time.Time
		fault string
	}{
		{"", time.Time{}, ""},
		{"  ", time.Time{}, ""},
		{"2026-03-17T11:00", time.Time{}, ""}, // the current minute: now
		{"2026-03-17T10:59", time.Time{}, atPast},
		{"2025-03-17T11:00", time.Time{}, atPast},
		{"2026-03-17T11:01", local(2026, 3, 17, 11, 1), ""},
		{"2026-03-21T17:59", local(2026, 3, 21, 17, 59), ""},
		{"2026-03-21 18:00", local(2026, 3, 21, 18, 0), ""},
		{"2027-03-17T11:00", local(2027, 3, 17, 11, 0), ""}, // 365 days less 30 seconds
		{"2027-03-17T11:01", time.Time{}, atFar},
		{"2027-03-14T02:30", time.Time{}, atGap},
		{"2026-03-08T02:00", time.Time{}, atGap}, // past too, but it does not exist
		{"2027-03-14T01:59", local(2027, 3, 14, 1, 59), ""},
		{"2027-03-14T02:00", time.Time{}, atGap},
		{"2027-03-14T02:59", time.Time{}, atGap},
		{"2027-03-14T03:00", time.Date(2027, 3, 14, 7, 0, 0, 0, time.UTC), ""},
		{"2026-11-01T00:59", time.Date(2026, 11, 1, 4, 59, 0, 0, time.UTC), ""},
		{"2026-11-01T01:00", time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC), ""}, // twice: the first, UTC-4
		{"2026-11-01T01:30", time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), ""},
		{"2026-11-01T01:59", time.Date(2026, 11, 1, 5, 59, 0, 0, time.UTC), ""},
		{"2026-11-01T02:00", time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC), ""}, // once, UTC-5
		{"2026-03-21", time.Time{}, atUnreadable},
		{"samedi 18 h", time.Time{}, atUnreadable},
		{"2026-02-30T10:00", time.Time{}, atUnreadable},
	} {
		got, fault := askedAt(tc.in, montreal, now)
		if !got.Equal(tc.want) || fault != tc.fault {
			t.Errorf("askedAt(%q) = %s %q, want %s %q", tc.in, got, fault, tc.want, tc.fault)
		}
	}
}

// TestAdvisorZone: a zone the form or the address names is kept only when
// it loads.
func TestAdvisorZone(t *testing.T) {
	for in, want := range map[string]string{"Europe/Paris": "Europe/Paris", "UTC": "UTC", "": "", "Mars/Olympus": "", "../../etc/passwd": "", "Local": "",
		"America/Toronto": "America/Toronto"} {
		if got := advisorZone(in); got != want {
			t.Errorf("advisorZone(%q) = %q, want %q", in, got, want)
		}
	}
}
