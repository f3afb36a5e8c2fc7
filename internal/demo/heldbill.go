package demo

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
)

// HeldBillTotal is the total of story 3's absurd bill: €149,000 for a
// month of a €20-something plan (DESIGN story 3).
const HeldBillTotal = 149_000_00

// PendingCredit is story 3's credit note, pending while a demand to pay
// €0.01 reaches her: a month's bill she was debited twice for.
const PendingCredit = 23_40

// heldBill gives story 3's customer the bills of DESIGN story 3: three
// months billed, sent and paid (double, the month starting then, with her
// calls abroad as she prepared to move), then a month billed €149,000 — a
// data line out of all proportion. The review holds it (bill_spike: above
// three times the median of her last bills and the floor) for a supervisor
// to release or adjust; it returns her paid bills, oldest first, and the
// held one. double is the first instant of the month debited twice.
func (s *storyBuilder) heldBill(ctx context.Context, p *storyPerson, c *customer.Customer, l *customer.Line, double time.Time) ([]*billing.Bill, *billing.Bill, error) {
	sb := s.billsOf(p, c, l)
	var paid []*billing.Bill
	for m := 4; m >= 2; m-- {
		from := sb.month(m)
		lines := []billing.Line{sb.plan(from)}
		if from.Equal(double) {
			// Her calls abroad as she prepared to move make that bill the
			// credit's amount.
			lines = append(lines, billing.Line{Kind: billing.Usage, Description: "Appels vers l'international hors forfait", Date: dayOf(from, 12),
				Amount: sb.money(PendingCredit - lines[0].Amount.Cents)})
		}
		b, err := sb.monthly(ctx, from, lines...)
		if err != nil {
			return nil, nil, err
		}
		paid = append(paid, b)
	}
	from := sb.month(1)
	plan := sb.plan(from)
	held, err := sb.monthly(ctx, from, plan,
		billing.Line{Kind: billing.Usage, Description: "Données mobiles hors forfait", Date: dayOf(from, 21), Amount: sb.money(HeldBillTotal - plan.Amount.Cents)})
	if err != nil {
		return nil, nil, err
	}
	return paid, held, nil
}
