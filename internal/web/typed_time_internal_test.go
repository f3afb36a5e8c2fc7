package web

import (
	"testing"
	"time"
)

// TestTypedTime: a time typed in the customer's zone is the instant his
// clocks read then; one they skip is a fault, not moved an hour on; one
// they repeat is the first, before the change; empty is the zero time.
func TestTypedTime(t *testing.T) {
	montreal, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, time.UTC) }
	for _, tc := range []struct {
		in    string
		loc   *time.Location
		want  time.Time
		fault wallFault
	}{
		{"", montreal, time.Time{}, wallOK},
		{"  ", montreal, time.Time{}, wallOK},
		{"2026-03-19T10:00", montreal, utc(3, 19, 14, 0), wallOK},
		{" 2026-03-19 10:00 ", montreal, utc(3, 19, 14, 0), wallOK},
		{"2026-03-19T10:00:30", montreal, time.Date(2026, 3, 19, 14, 0, 30, 0, time.UTC), wallOK},
		{"2026-03-08T01:59", montreal, utc(3, 8, 6, 59), wallOK},
		{"2026-03-08T02:00", montreal, time.Time{}, wallGap},
		{"2026-03-08T02:30", montreal, time.Time{}, wallGap},
		{"2026-03-08T03:00", montreal, utc(3, 8, 7, 0), wallOK},
		{"2026-11-01T01:30", montreal, utc(11, 1, 5, 30), wallOK}, // twice: the first, UTC-4
		{"2026-11-01T02:00", montreal, utc(11, 1, 7, 0), wallOK},
		{"2026-03-08T02:30", nil, utc(3, 8, 2, 30), wallOK},
		{"2026-03-19", montreal, time.Time{}, wallUnreadable},
		{"jeudi 10 h", montreal, time.Time{}, wallUnreadable},
		{"2026-02-30T10:00", montreal, time.Time{}, wallUnreadable},
	} {
		got, fault := typedTime(tc.in, tc.loc)
		if !got.Equal(tc.want) || fault != tc.fault || got.Location() != time.UTC {
			t.Errorf("typedTime(%q, %v) = %s %d, want %s %d", tc.in, tc.loc, got, fault, tc.want, tc.fault)
		}
	}
}

// TestFoldOf: the verdict of a time the clocks repeat says which of the two
// was asked, with its offset; any other time has nothing to say.
func TestFoldOf(t *testing.T) {
	montreal, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(h, mi int) time.Time { return time.Date(2026, 11, 1, h, mi, 0, 0, time.UTC) }
	for _, tc := range []struct {
		at   time.Time
		want *wallFold
	}{
		{utc(4, 59), nil},
		{utc(5, 0), &wallFold{Wall: "01:00", Offset: "UTC-04:00", First: true}},
		{utc(5, 30), &wallFold{Wall: "01:30", Offset: "UTC-04:00", First: true}},
		{utc(6, 30), &wallFold{Wall: "01:30", Offset: "UTC-05:00", First: false}},
		{utc(6, 59), &wallFold{Wall: "01:59", Offset: "UTC-05:00", First: false}},
		{utc(7, 0), nil},
		{time.Time{}, nil},
	} {
		got := foldOf(tc.at, montreal)
		if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
			t.Errorf("foldOf(%s) = %+v, want %+v", tc.at.Format(time.RFC3339), got, tc.want)
		}
	}
}
