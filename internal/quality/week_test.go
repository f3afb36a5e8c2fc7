package quality_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

func zone(t *testing.T, j tact.Jurisdiction) *time.Location {
	t.Helper()
	loc, err := quality.Zone(j)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func week(t *testing.T, s string) quality.Week {
	t.Helper()
	w, err := quality.ParseWeek(s)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestParseWeek(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"2026-W01", true}, {"2026-W53", true}, // 2026 starts on a Thursday: 53 weeks
		{"2027-W52", true}, {"2027-W53", false}, {"2026-W00", false},
		{"2026-W1", false}, {"2026W01", false}, {"2026-w01", false}, {"", false}, {"2026-01", false},
	} {
		w, err := quality.ParseWeek(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseWeek(%q) = %v, %v; want ok %v", c.in, w, err, c.ok)
		}
		if err == nil && w.String() != c.in {
			t.Errorf("ParseWeek(%q).String() = %q", c.in, w)
		}
	}
	var got struct{ W quality.Week }
	if err := json.Unmarshal([]byte(`{"W":"2026-W10"}`), &got); err != nil || got.W != (quality.Week{Year: 2026, Number: 10}) {
		t.Errorf("JSON: %v %v", got, err)
	}
	if b, err := json.Marshal(got); err != nil || string(b) != `{"W":"2026-W10"}` {
		t.Errorf("JSON out: %s %v", b, err)
	}
	if err := json.Unmarshal([]byte(`{"W":"2026-W54"}`), &got); err == nil {
		t.Error("2026-W54 read")
	}
}

// TestWeekBoundaries: a week is Monday 00:00 to the next Monday 00:00 on
// the reference zone's wall clock: Sunday 23:59 is the week, Monday 00:00
// the next; the ISO year is the Thursday's; a week that changes summer time
// lasts 167 or 169 hours.
func TestWeekBoundaries(t *testing.T) {
	paris, toronto := zone(t, tact.FR), zone(t, tact.CAQC)
	for _, c := range []struct {
		name string
		at   time.Time
		loc  *time.Location
		want string
	}{
		{"Paris, Sunday 23:59", time.Date(2026, 3, 8, 23, 59, 0, 0, paris), paris, "2026-W10"},
		{"Paris, Monday 00:00", time.Date(2026, 3, 9, 0, 0, 0, 0, paris), paris, "2026-W11"},
		// The same instant is still Sunday in Toronto.
		{"Paris's Monday 00:00 in Toronto", time.Date(2026, 3, 9, 0, 0, 0, 0, paris), toronto, "2026-W10"},
		{"Toronto, Sunday 23:59", time.Date(2026, 3, 8, 23, 59, 0, 0, toronto), toronto, "2026-W10"},
		{"Toronto, Monday 00:00", time.Date(2026, 3, 9, 0, 0, 0, 0, toronto), toronto, "2026-W11"},
		{"Paris, Sunday 23:59 after the spring change", time.Date(2026, 3, 29, 23, 59, 0, 0, paris), paris, "2026-W13"},
		{"Paris, Monday 00:00 after the spring change", time.Date(2026, 3, 30, 0, 0, 0, 0, paris), paris, "2026-W14"},
		{"29 December 2025 is in 2026", time.Date(2025, 12, 29, 0, 0, 0, 0, paris), paris, "2026-W01"},
		{"3 January 2027 is in 2026", time.Date(2027, 1, 3, 12, 0, 0, 0, paris), paris, "2026-W53"},
	} {
		if got := quality.WeekOf(c.at, c.loc).String(); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		week  string
		loc   *time.Location
		start time.Time
		hours float64
	}{
		{"2026-W11", paris, time.Date(2026, 3, 8, 23, 0, 0, 0, time.UTC), 168},
		{"2026-W13", paris, time.Date(2026, 3, 22, 23, 0, 0, 0, time.UTC), 167},   // 29 March: summer time
		{"2026-W43", paris, time.Date(2026, 10, 18, 22, 0, 0, 0, time.UTC), 169},  // 25 October: winter time
		{"2026-W10", toronto, time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC), 167},   // 8 March
		{"2026-W44", toronto, time.Date(2026, 10, 26, 4, 0, 0, 0, time.UTC), 169}, // 1 November
		{"2026-W01", paris, time.Date(2025, 12, 28, 23, 0, 0, 0, time.UTC), 168},
	} {
		start, end := week(t, c.week).Bounds(c.loc)
		if !start.Equal(c.start) || end.Sub(start).Hours() != c.hours {
			t.Errorf("%s in %s: %s + %vh, want %s + %vh", c.week, c.loc, start.UTC(), end.Sub(start).Hours(), c.start, c.hours)
		}
		// The last minute is the week's, the end the next week's.
		if got := quality.WeekOf(end.Add(-time.Minute), c.loc).String(); got != c.week {
			t.Errorf("%s: its last minute is in %s", c.week, got)
		}
		if got := quality.WeekOf(end, c.loc); got != week(t, c.week).Add(1) {
			t.Errorf("%s: its end is in %s", c.week, got)
		}
	}
}

func TestWeekArithmetic(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-W53", 1, "2027-W01"}, {"2026-W01", -1, "2025-W52"}, {"2026-W10", 0, "2026-W10"},
		{"2026-W10", -104, "2024-W10"}, {"2020-W53", 1, "2021-W01"},
	} {
		if got := week(t, c.from).Add(c.n).String(); got != c.want {
			t.Errorf("%s + %d = %s, want %s", c.from, c.n, got, c.want)
		}
	}
	if n := quality.WeeksBetween(week(t, "2025-W52"), week(t, "2026-W02")); n != 3 {
		t.Errorf("2025-W52 to 2026-W02: %d weeks, want 3", n)
	}
	if n := quality.WeeksBetween(week(t, "2026-W02"), week(t, "2026-W01")); n != 0 {
		t.Errorf("backwards: %d", n)
	}
	if week(t, "2026-W09").Compare(week(t, "2026-W10")) != -1 || week(t, "2027-W01").Compare(week(t, "2026-W53")) != 1 {
		t.Error("Compare")
	}
	if _, err := quality.Zone("FR-XX"); tact.ErrorCode(err) != tact.CodeInvalid {
		t.Errorf("Zone of no jurisdiction: %v", err)
	}
}
