package tact

import (
	"cmp"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a civil date with no time of day and no zone, such as a contract's
// commitment end. It marshals as "2026-05-14". The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns the instant at which d starts in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.In(time.UTC).AddDate(0, 0, n)) }

// AddYears returns d moved by n years, on the same month and day. A 29
// February that lands in a common year becomes 28 February, the last day of
// that February, not 1 March: a period counted in years ends on the day of
// the same number, or failing one the last day of the month (Code de
// procédure civile art. 641, al. 2), so a period begun on 29 February never
// outlasts its years. time.AddDate would normalize it into March.
func (d Date) AddYears(n int) Date {
	out := Date{Year: d.Year + n, Month: d.Month, Day: d.Day}
	if last := daysIn(out.Year, out.Month); out.Day > last {
		out.Day = last
	}
	return out
}

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Before reports whether d is before e; the zero Date is before every other.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1 as d is before, on or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// MarshalJSON writes the date as a string, or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Month is a calendar month such as "2026-10", the period of monthly usage.
type Month string

// ParseMonth checks "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	if _, err := time.Parse("2006-01", s); err != nil {
		return "", fmt.Errorf("month %q is not YYYY-MM", s)
	}
	return Month(s), nil
}

// MonthOf returns the month of t in t's location.
func MonthOf(t time.Time) Month { return Month(t.Format("2006-01")) }

// AddMonths returns m moved by n months.
func (m Month) AddMonths(n int) Month {
	t, _ := time.Parse("2006-01", string(m))
	return MonthOf(t.AddDate(0, n, 0))
}
