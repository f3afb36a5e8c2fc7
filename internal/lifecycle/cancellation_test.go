package lifecycle_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

func d(y int, m time.Month, day int) tact.Date { return tact.Date{Year: y, Month: m, Day: day} }

// TestEndDate: ten days at most in France, the same day in Québec, later
// when asked, never before the request.
func TestEndDate(t *testing.T) {
	received := d(2026, 11, 10)
	for _, c := range []struct {
		j      tact.Jurisdiction
		wanted tact.Date
		want   tact.Date
	}{
		{tact.FR, tact.Date{}, d(2026, 11, 20)},
		{tact.FR, d(2026, 11, 12), d(2026, 11, 12)},
		{tact.FR, d(2026, 11, 20), d(2026, 11, 20)},
		{tact.FR, d(2026, 12, 31), d(2026, 12, 31)},
		{tact.FR, d(2026, 11, 9), d(2026, 11, 20)},
		{tact.CAQC, tact.Date{}, d(2026, 11, 10)},
		{tact.CAQC, d(2026, 11, 9), d(2026, 11, 10)},
		{tact.CAQC, d(2026, 11, 30), d(2026, 11, 30)},
		{tact.FR, d(2026, 11, 10), d(2026, 11, 10)},
	} {
		if got := lifecycle.EndDate(c.j, received, c.wanted); got != c.want {
			t.Errorf("%s, wanted %v: %v, want %v", c.j, c.wanted, got, c.want)
		}
	}
	// Over the end of a month and a year.
	if got := lifecycle.EndDate(tact.FR, d(2026, 12, 25), tact.Date{}); got != d(2027, 1, 4) {
		t.Errorf("25 December + 10 days: %v", got)
	}
}

// TestEarlyFee: C. conso. L224-28 at its boundaries, for a 24-month
// commitment at €20 a month started 15 March 2026 (ends 14 March 2028).
func TestEarlyFee(t *testing.T) {
	start, ends := d(2026, 3, 15), d(2028, 3, 14)
	for _, c := range []struct {
		name string
		end  tact.Date
		want int64
	}{
		{"the day it ends: nothing", d(2028, 3, 14), 0},
		{"after it ends: nothing", d(2028, 4, 1), 0},
		{"one month left: a quarter of €20", d(2028, 2, 15), 500},
		{"12 months elapsed: a quarter of the 12 left", d(2027, 3, 15), 12 * 2000 / 4},
		{"11 months elapsed: 1 month in full, a quarter of 12", d(2027, 2, 15), 2000 + 12*2000/4},
		{"five days in: 12 months in full, a quarter of the other 12", d(2026, 3, 20), 12*2000 + 12*2000/4},
	} {
		if got := lifecycle.EarlyFee(tact.FR, start, ends, c.end, 2000); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	if got := lifecycle.EarlyFee(tact.FR, d(2026, 3, 15), d(2026, 9, 14), d(2026, 6, 15), 2000); got != 3*2000 {
		t.Errorf("6-month commitment, 3 months left: %d, want all three", got)
	}
	if got := lifecycle.EarlyFee(tact.CAQC, start, ends, d(2027, 1, 1), 2000); got != 0 {
		t.Errorf("Québec: %d, want none computed", got)
	}
	if got := lifecycle.EarlyFee(tact.FR, start, tact.Date{}, d(2027, 1, 1), 2000); got != 0 {
		t.Errorf("no commitment: %d", got)
	}
}
