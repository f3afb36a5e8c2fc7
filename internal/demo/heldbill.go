package demo

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// HeldBillTotal is the total of story 3's absurd bill: €149,000 for a
// month of a €20-something plan (DESIGN story 3).
const HeldBillTotal = 149_000_00

// heldBill gives story 3's customer the bill of DESIGN story 3: three
// ordinary months, billed, sent and paid, then a month billed €149,000 —
// a data line out of all proportion. The review holds it (bill_spike: above
// three times the median of her last bills and the floor) for a supervisor
// to release or adjust; it returns the held bill's id.
func (s *storyBuilder) heldBill(ctx context.Context, p *storyPerson, c *customer.Customer, l *customer.Line) (string, error) {
	cur := c.Jurisdiction.Currency()
	price := planOf(l.PlanCode).MonthlyPrice
	source := sources[c.Jurisdiction][roleBilling].name
	local := s.now.In(p.loc)
	thisMonth := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, p.loc)
	planLine := func(from time.Time) billing.Line {
		return billing.Line{Kind: billing.Plan, Description: "Forfait " + planOf(l.PlanCode).Name.FR + " — " + monthsFR[from.Month()-1] + " " + from.Format("2006"), Amount: price}
	}
	// submitted is when the billing system submits the bill of the month
	// starting at from: the second day of the next month, 06:00, and never
	// after the demo's end.
	submitted := func(from time.Time) time.Time {
		at := from.AddDate(0, 1, 1).Add(6 * time.Hour).UTC()
		if latest := s.now.Add(-time.Hour); at.After(latest) {
			at = latest
		}
		return at
	}
	draft := func(from time.Time, lines ...billing.Line) billing.Bill {
		to := from.AddDate(0, 1, -1)
		return billing.Bill{CustomerID: c.ID, LineID: l.ID, From: tact.DateOf(from), To: tact.DateOf(to), DueOn: tact.DateOf(to).AddDays(15),
			Lines: lines, Total: tact.Money{Cents: billing.Sum(lines), Currency: cur}}
	}
	for m := 4; m >= 2; m-- {
		from := thisMonth.AddDate(0, -m, 0)
		at := submitted(from)
		s.clock.Set(at)
		run, err := s.app.Bills.Submit(ctx, source, []billing.Bill{draft(from, planLine(from))})
		if err != nil {
			return "", err
		}
		b := run.Bills[0]
		s.clock.Set(at.Add(2 * time.Hour))
		if _, err := s.app.Bills.Report(ctx, b.ID, billing.Sent, 0); err != nil {
			return "", err
		}
		s.clock.Set(at.Add(20 * 24 * time.Hour))
		if _, err := s.app.Bills.Report(ctx, b.ID, billing.Settled, b.Total.Cents); err != nil {
			return "", err
		}
	}
	from := thisMonth.AddDate(0, -1, 0)
	s.clock.Set(submitted(from))
	run, err := s.app.Bills.Submit(ctx, source, []billing.Bill{draft(from, planLine(from),
		billing.Line{Kind: billing.Usage, Description: "Données mobiles hors forfait", Date: tact.DateOf(from.AddDate(0, 0, 20)),
			Amount: tact.Money{Cents: HeldBillTotal - price.Cents, Currency: cur}})})
	if err != nil {
		return "", err
	}
	return run.Bills[0].ID, nil
}
