package quality

import (
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// Week is an ISO 8601 week: Monday to Sunday, numbered 1 to 52 or 53 within
// its ISO year (the year of its Thursday, so 2025-12-29 is in 2026-W01). It
// is written "2026-W01".
type Week struct {
	Year   int
	Number int
}

var weekPattern = regexp.MustCompile(`^([0-9]{4})-W([0-9]{2})$`)

// ParseWeek reads "YYYY-Www". A week number the year does not have
// (2026-W53: 2026 has 52) is an error.
func ParseWeek(s string) (Week, error) {
	m := weekPattern.FindStringSubmatch(s)
	if m == nil {
		return Week{}, fmt.Errorf("%q is not an ISO week such as 2026-W01", s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{Year: y, Number: n}
	if !w.Valid() {
		return Week{}, fmt.Errorf("%q: %d has weeks 1 to %d", s, y, weeksIn(y))
	}
	return w, nil
}

// Valid reports whether w names a week of the ISO calendar.
func (w Week) Valid() bool {
	return w.Year >= 1 && w.Year <= 9999 && w.Number >= 1 && w.Number <= weeksIn(w.Year)
}

// weeksIn returns how many ISO weeks year has: 53 when its 28 December,
// always in its last week, is in week 53.
func weeksIn(year int) int {
	_, n := time.Date(year, time.December, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return n
}

// String writes w as "YYYY-Www".
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Number) }

// MarshalText writes w as "YYYY-Www", in JSON as a string.
func (w Week) MarshalText() ([]byte, error) {
	if !w.Valid() {
		return nil, fmt.Errorf("quality: week %d-%d is not a week", w.Year, w.Number)
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads "YYYY-Www".
func (w *Week) UnmarshalText(b []byte) error {
	v, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// WeekOf returns the week t falls in, read on the wall clock of loc.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, n := t.In(loc).ISOWeek()
	return Week{Year: y, Number: n}
}

// Monday returns the civil date the week starts on.
func (w Week) Monday() tact.Date {
	// 4 January is always in week 1; its week's Monday starts the ISO year.
	jan4 := time.Date(w.Year, time.January, 4, 12, 0, 0, 0, time.UTC)
	back := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return tact.DateOf(jan4.AddDate(0, 0, 7*(w.Number-1)-back))
}

// Bounds returns the instants the week starts and ends in loc: Monday 00:00
// and the next Monday 00:00 (Sunday 24:00), so a week is [start, end). A
// week that changes summer time lasts 167 or 169 hours: the boundaries are
// midnights on the wall clock, not multiples of 168 hours.
func (w Week) Bounds(loc *time.Location) (start, end time.Time) {
	m := w.Monday()
	return m.In(loc), m.AddDays(7).In(loc)
}

// Add returns the week n weeks after w (before for n < 0).
func (w Week) Add(n int) Week {
	d := w.Monday().AddDays(7 * n).In(time.UTC).Add(12 * time.Hour)
	return WeekOf(d, time.UTC)
}

// Compare returns -1, 0 or 1 as w is before, the same as or after v.
func (w Week) Compare(v Week) int {
	if w.Year != v.Year {
		return cmp.Compare(w.Year, v.Year)
	}
	return cmp.Compare(w.Number, v.Number)
}

// WeeksBetween returns how many weeks run from w to v, both included; 0
// when v is before w.
func WeeksBetween(w, v Week) int {
	if v.Compare(w) < 0 {
		return 0
	}
	days := v.Monday().In(time.UTC).Sub(w.Monday().In(time.UTC)).Hours() / 24
	return int(days)/7 + 1
}

// Zone returns the reference zone of a jurisdiction's weeks: the zone of
// its main population (Europe/Paris for FR, America/Toronto, Montréal's, for
// CA-QC). Weeks are cut in the jurisdiction's zone, not each customer's: a
// week is then one interval of time, so its figures add contacts, cases and
// promises that happened in the same hours, and the stores select a week
// with one range. A customer of FR living in Réunion has his Sunday-evening
// call counted in the week Paris was in at that instant.
func Zone(j tact.Jurisdiction) (*time.Location, error) {
	if !j.Valid() {
		return nil, tact.FieldError(tact.CodeInvalid, "jurisdiction", "jurisdiction %q is not FR or CA-QC", j)
	}
	return tact.LoadLocation(j.DefaultTimeZone())
}
