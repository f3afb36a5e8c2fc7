package contactpolicy_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// frHolidays are France's public holidays from 2026 to early 2027, written
// out here so the oracle does not share the calendar the rules use.
var frHolidays = map[string]bool{
	"2026-01-01": true, "2026-04-06": true, "2026-05-01": true, "2026-05-08": true, "2026-05-14": true,
	"2026-05-25": true, "2026-07-14": true, "2026-08-15": true, "2026-11-01": true, "2026-11-11": true,
	"2026-12-25": true, "2027-01-01": true, "2027-03-29": true,
}

// lawful is an independent statement of when a sales call may be made: the
// law's hours, the customer's quiet hours, the French cap and cooldown.
func lawful(t time.Time, c *customer.Customer, attempts []contactpolicy.Attempt) bool {
	local := t.In(c.Location())
	clock := local.Hour()*60 + local.Minute()
	in := func(from, to int) bool { return clock >= from && clock < to }
	weekend := local.Weekday() == time.Saturday || local.Weekday() == time.Sunday
	for _, w := range c.Preferences.QuietHours {
		if w.Contains(tact.TimeOfDay(clock)) {
			return false
		}
	}
	if c.Jurisdiction == tact.CAQC {
		if weekend {
			return in(10*60, 18*60)
		}
		return in(9*60, 21*60+30)
	}
	if weekend || frHolidays[local.Format("2006-01-02")] || !(in(10*60, 13*60) || in(14*60, 20*60)) {
		return false
	}
	recent := 0
	for _, a := range attempts {
		if a.At.After(t.Add(-30*24*time.Hour)) && !a.At.After(t) {
			recent++
		}
		if a.Outcome == interaction.Refused && a.At.After(t.Add(-60*24*time.Hour)) && !a.At.After(t) {
			return false
		}
	}
	return recent < 4
}

// TestNotBeforeProperty: over random instants, customers and histories, an
// allowed call is lawful, a deferred one is not, and its not_before is lawful
// and the first lawful instant: never inside a forbidden window.
func TestNotBeforeProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 4))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Sub(start) / time.Minute)
	runs := 2000
	if testing.Short() {
		runs = 300
	}
	denied := 0
	for range runs {
		c := frCustomer()
		if r.IntN(3) == 0 {
			c = qcCustomer()
		}
		// Quiet hours as people set them: evenings into the morning, or a
		// span of the day; now and then one that leaves no lawful moment.
		for range r.IntN(3) {
			var w customer.Window
			switch r.IntN(10) {
			case 0:
				w = customer.Window{From: tact.TimeOfDay(r.IntN(96) * 15), To: tact.TimeOfDay(r.IntN(96) * 15)}
			case 1, 2, 3:
				from := 8*60 + r.IntN(48)*15
				w = customer.Window{From: tact.TimeOfDay(from), To: tact.TimeOfDay(from + 15 + r.IntN(12)*15)}
			default:
				w = customer.Window{From: tact.TimeOfDay(17*60 + r.IntN(21)*15), To: tact.TimeOfDay(7*60 + r.IntN(13)*15)}
			}
			if w.From != w.To {
				c.Preferences.QuietHours = append(c.Preferences.QuietHours, w)
			}
		}
		// Seconds and microseconds too: expiries need not fall on the minute.
		at := start.Add(time.Duration(r.Int64N(span))*time.Minute + time.Duration(r.Int64N(int64(time.Minute))))
		var attempts []contactpolicy.Attempt
		if c.Jurisdiction == tact.FR {
			for range r.IntN(7) {
				outcome := interaction.NoAnswer
				if r.IntN(6) == 0 {
					outcome = interaction.Refused
				}
				attempts = append(attempts, attempt(at.Add(-time.Duration(r.Int64N(int64(70*24*time.Hour)))), outcome))
			}
		}
		f := contactpolicy.Facts{Customer: c, HasContract: true, Attempts: attempts}
		d := decide(salesCall(at), f)
		switch d.Verdict {
		case contactpolicy.Allow:
			if !lawful(at, c, attempts) {
				t.Fatalf("allowed at %s (%s), which the oracle forbids; quiet %v, attempts %v", at.In(c.Location()), c.Jurisdiction, c.Preferences.QuietHours, attempts)
			}
		case contactpolicy.Defer:
			nb := *d.NotBefore
			if lawful(at, c, attempts) {
				t.Fatalf("deferred at %s (%s), which the oracle allows: %v", at.In(c.Location()), c.Jurisdiction, d.Reasons)
			}
			if !nb.After(at) || !lawful(nb, c, attempts) {
				t.Fatalf("from %s (%s) not_before %s is not lawful; quiet %v, attempts %v, reasons %v",
					at.In(c.Location()), c.Jurisdiction, nb.In(c.Location()), c.Preferences.QuietHours, attempts, d.Reasons)
			}
			// Nothing earlier is lawful: probe every 7 minutes and the instant before.
			for p := at; p.Before(nb); p = p.Add(7 * time.Minute) {
				if lawful(p, c, attempts) {
					t.Fatalf("from %s (%s) not_before %s, but %s was lawful already", at.In(c.Location()), c.Jurisdiction, nb.In(c.Location()), p.In(c.Location()))
				}
			}
			if before := nb.Add(-time.Microsecond); before.After(at) && lawful(before, c, attempts) {
				t.Fatalf("not_before %s is not the first lawful instant", nb)
			}
			// Asked again at not_before, the call is allowed.
			if again := decide(salesCall(nb), f); again.Verdict != contactpolicy.Allow {
				t.Fatalf("at its not_before %s the call is %s: %v", nb, again.Verdict, again.Reasons)
			}
		default:
			// Only when nothing is ever lawful (quiet hours that cover the
			// law's windows): the oracle finds no lawful quarter-hour.
			if d.Reasons[len(d.Reasons)-1].Rule != "no_lawful_moment" {
				t.Fatalf("denied: %v", d.Reasons)
			}
			for p := at; p.Before(at.Add(90 * 24 * time.Hour)); p = p.Add(15 * time.Minute) {
				if lawful(p, c, attempts) {
					t.Fatalf("denied for lack of a lawful moment from %s, but %s is lawful", at, p.In(c.Location()))
				}
			}
			denied++
		}
	}
	t.Logf("%d runs, %d with no lawful moment", runs, denied)
}
