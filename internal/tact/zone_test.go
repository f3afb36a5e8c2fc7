package tact_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// TestWallInstants: a wall-clock time typed in a zone happens once, never
// (the clocks skip it) or twice (they repeat it), at both changes of 2026
// in Paris, Montréal and St. John's (whose offset is on the half hour), to
// the minute either side of each, and on an ordinary day; whatever the
// change's size: half an hour on Lord Howe Island, a whole day in Samoa
// (30 December 2011). Only the wall time's fields count, not its location.
func TestWallInstants(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := tact.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	paris, montreal, stJohns := load("Europe/Paris"), load("America/Toronto"), load("America/St_Johns")
	lordHowe, apia := load("Australia/Lord_Howe"), load("Pacific/Apia")
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name string
		wall time.Time
		loc  *time.Location
		want []time.Time
	}{
		// Paris goes from UTC+1 to UTC+2 at 02:00 on 29 March 2026, and
		// back at 03:00 on 25 October.
		{"Paris, ordinary day", utc(2026, 6, 15, 14, 30), paris, []time.Time{utc(2026, 6, 15, 12, 30)}},
		{"Paris, before the gap", utc(2026, 3, 29, 1, 59), paris, []time.Time{utc(2026, 3, 29, 0, 59)}},
		{"Paris, gap starts", utc(2026, 3, 29, 2, 0), paris, nil},
		{"Paris, in the gap", utc(2026, 3, 29, 2, 30), paris, nil},
		{"Paris, gap ends", utc(2026, 3, 29, 2, 59), paris, nil},
		{"Paris, after the gap", utc(2026, 3, 29, 3, 0), paris, []time.Time{utc(2026, 3, 29, 1, 0)}},
		{"Paris, before the fold", utc(2026, 10, 25, 1, 59), paris, []time.Time{utc(2026, 10, 24, 23, 59)}},
		{"Paris, fold starts", utc(2026, 10, 25, 2, 0), paris, []time.Time{utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 1, 0)}},
		{"Paris, in the fold", utc(2026, 10, 25, 2, 30), paris, []time.Time{utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)}},
		{"Paris, after the fold", utc(2026, 10, 25, 3, 0), paris, []time.Time{utc(2026, 10, 25, 2, 0)}},
		// Montréal goes from UTC-5 to UTC-4 at 02:00 on 8 March 2026, and
		// back at 02:00 on 1 November.
		{"Montréal, ordinary day", utc(2026, 3, 21, 17, 59), montreal, []time.Time{utc(2026, 3, 21, 21, 59)}},
		{"Montréal, before the gap", utc(2026, 3, 8, 1, 59), montreal, []time.Time{utc(2026, 3, 8, 6, 59)}},
		{"Montréal, in the gap", utc(2026, 3, 8, 2, 30), montreal, nil},
		{"Montréal, after the gap", utc(2026, 3, 8, 3, 0), montreal, []time.Time{utc(2026, 3, 8, 7, 0)}},
		{"Montréal, before the fold", utc(2026, 11, 1, 0, 59), montreal, []time.Time{utc(2026, 11, 1, 4, 59)}},
		{"Montréal, fold starts", utc(2026, 11, 1, 1, 0), montreal, []time.Time{utc(2026, 11, 1, 5, 0), utc(2026, 11, 1, 6, 0)}},
		{"Montréal, in the fold", utc(2026, 11, 1, 1, 30), montreal, []time.Time{utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 30)}},
		{"Montréal, fold ends", utc(2026, 11, 1, 1, 59), montreal, []time.Time{utc(2026, 11, 1, 5, 59), utc(2026, 11, 1, 6, 59)}},
		{"Montréal, after the fold", utc(2026, 11, 1, 2, 0), montreal, []time.Time{utc(2026, 11, 1, 7, 0)}},
		// St. John's goes from UTC-3:30 to UTC-2:30 at 02:00 on 8 March
		// 2026, and back at 02:00 on 1 November.
		{"St. John's, ordinary day", utc(2026, 1, 15, 9, 0), stJohns, []time.Time{utc(2026, 1, 15, 12, 30)}},
		{"St. John's, before the gap", utc(2026, 3, 8, 1, 59), stJohns, []time.Time{utc(2026, 3, 8, 5, 29)}},
		{"St. John's, in the gap", utc(2026, 3, 8, 2, 30), stJohns, nil},
		{"St. John's, gap ends", utc(2026, 3, 8, 2, 59), stJohns, nil},
		{"St. John's, after the gap", utc(2026, 3, 8, 3, 0), stJohns, []time.Time{utc(2026, 3, 8, 5, 30)}},
		{"St. John's, before the fold", utc(2026, 11, 1, 0, 59), stJohns, []time.Time{utc(2026, 11, 1, 3, 29)}},
		{"St. John's, in the fold", utc(2026, 11, 1, 1, 30), stJohns, []time.Time{utc(2026, 11, 1, 4, 0), utc(2026, 11, 1, 5, 0)}},
		{"St. John's, after the fold", utc(2026, 11, 1, 2, 0), stJohns, []time.Time{utc(2026, 11, 1, 5, 30)}},
		// Lord Howe goes from UTC+11 back to UTC+10:30 at 02:00, first
		// Sunday of April.
		{"Lord Howe, in the fold", utc(2026, 4, 5, 1, 45), lordHowe, []time.Time{utc(2026, 4, 4, 14, 45), utc(2026, 4, 4, 15, 15)}},
		{"Lord Howe, before the fold", utc(2026, 4, 5, 1, 29), lordHowe, []time.Time{utc(2026, 4, 4, 14, 29)}},
		{"Samoa, the day skipped", utc(2011, 12, 30, 12, 0), apia, nil},
		{"Samoa, the day after", utc(2011, 12, 31, 0, 0), apia, []time.Time{utc(2011, 12, 30, 10, 0)}},
		{"no zone is UTC", utc(2026, 6, 1, 12, 0), nil, []time.Time{utc(2026, 6, 1, 12, 0)}},
		// The fields are read, not the instant: 14:30 in Montréal's
		// location is still "14:30".
		{"fields, not instant", time.Date(2026, 6, 15, 14, 30, 0, 0, montreal), paris, []time.Time{utc(2026, 6, 15, 12, 30)}},
	} {
		got := tact.WallInstants(tc.wall, tc.loc)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %s in %v: %v, want %v", tc.name, tc.wall.Format("2006-01-02 15:04"), tc.loc, got, tc.want)
			continue
		}
		for i := range got {
			if !got[i].Equal(tc.want[i]) {
				t.Errorf("%s: %s in %v: %v, want %v", tc.name, tc.wall.Format("2006-01-02 15:04"), tc.loc, got, tc.want)
				break
			}
		}
	}
}
