package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

// TestQualityFiguresOfTheDemo computes the quality figures of a default-size
// demo over the whole horizon and checks each figure has something to show
// a supervisor, good and bad: cases resolved at the first contact and not,
// promises kept on time and late, detractors called back within 48 hours
// and after, contacts repeated, disputes, and French customers called past
// the ceiling of 4 sales calls in 30 days.
func TestQualityFiguresOfTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 customers")
	}
	t.Parallel()
	ctx := context.Background()
	st := openStores(t)
	res, err := demo.Build(ctx, st, demo.Options{Seed: 1, Customers: demo.DefaultCustomers, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(st, app.Options{Clock: tact.NewManualClock(res.Now.Add(9 * time.Hour))})
	for pass := 0; ; pass++ {
		r, err := a.Quality.Refresh(ctx, quality.Refresh)
		if err != nil {
			t.Fatal(err)
		}
		if r.Remaining == 0 {
			break
		}
		if pass > 2*quality.Horizon {
			t.Fatalf("the horizon is not filled after %d passes", pass)
		}
	}
	type sum struct{ n, d int }
	add := func(s *sum, r quality.Ratio) { s.n, s.d = s.n+r.Numerator, s.d+r.Denominator }
	var fcr, repeats, promises, loop sum
	var opened, above, contacts int
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		rep, err := a.Quality.Report(ctx, j, quality.FirstWeek(now, time.UTC).String(), quality.WeekOf(now, time.UTC).String())
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Missing) != 0 {
			t.Errorf("%s: weeks missing after the backfill: %v", j, rep.Missing)
		}
		for _, w := range rep.Weeks {
			add(&fcr, w.FirstContactResolution)
			add(&repeats, w.RepeatContacts)
			add(&promises, w.PromisesKeptOnTime)
			add(&loop, w.ClosedLoop)
			opened += w.Disputes.Opened
			contacts += w.ContactPressure.Contacts
			if j == tact.FR {
				above += w.ContactPressure.AboveSalesCallCap
			} else if w.ContactPressure.AboveSalesCallCap != 0 {
				t.Errorf("%s %s: %d above a ceiling Québec does not have", j, w.Week, w.ContactPressure.AboveSalesCallCap)
			}
		}
	}
	t.Logf("over the horizon: first-contact resolution %v, repeats %v, promises kept on time %v, closed loop %v, %d disputes opened, %d outbound contacts, %d customer-weeks above the French ceiling",
		fcr, repeats, promises, loop, opened, contacts, above)
	for _, c := range []struct {
		what string
		s    sum
	}{{"first-contact resolution", fcr}, {"repeat contacts", repeats}, {"promises kept on time", promises}, {"closed loop", loop}} {
		if c.s.n == 0 || c.s.n == c.s.d {
			t.Errorf("%s: %d of %d, want some and not all", c.what, c.s.n, c.s.d)
		}
	}
	if opened == 0 || above == 0 || contacts == 0 {
		t.Errorf("%d disputes opened, %d above the ceiling, %d outbound contacts: want some of each", opened, above, contacts)
	}
}
