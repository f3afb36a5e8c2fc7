package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// A story customer's bills come from his operator's billing system as
// anyone's would, through the review (app.Bills.Submit, what POST
// /v1/bill-runs calls): a bill of the month is submitted the second day of
// the next month at 06:00, reported sent two hours later, and paid by
// direct debit twenty days after. The visitor who signs in to a story
// customer's space reads the bills the review let go; one it holds stays
// the supervision's.
const (
	billSentAfter = 2 * time.Hour
	billPaidAfter = 20 * day
)

// storyBilling bills one story customer's line.
type storyBilling struct {
	s *storyBuilder
	p *storyPerson
	c *customer.Customer
	l *customer.Line
}

// billsOf is the billing of story person p's customer c on his line l.
func (s *storyBuilder) billsOf(p *storyPerson, c *customer.Customer, l *customer.Line) storyBilling {
	return storyBilling{s: s, p: p, c: c, l: l}
}

// month is the first instant of the month ago months before the demo's
// month, in the customer's zone.
func (sb storyBilling) month(ago int) time.Time {
	local := sb.s.now.In(sb.p.loc)
	return time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, sb.p.loc).AddDate(0, -ago, 0)
}

// money is cents in the customer's currency.
func (sb storyBilling) money(cents int64) tact.Money {
	return tact.Money{Cents: cents, Currency: sb.c.Jurisdiction.Currency()}
}

// plan is the plan's line for the month starting at from, in French as the
// demo's billing systems write (both jurisdictions' customers are French
// speakers).
func (sb storyBilling) plan(from time.Time) billing.Line {
	p := planOf(sb.l.PlanCode)
	return billing.Line{Kind: billing.Plan, Description: "Forfait " + p.Name.FR + " — " + monthsFR[from.Month()-1] + " " + from.Format("2006"), Amount: p.MonthlyPrice}
}

// dayOf is the n-th day of the month starting at from.
func dayOf(from time.Time, n int) tact.Date { return tact.DateOf(from.AddDate(0, 0, n-1)) }

// past is t, or a minute before the demo's end when t would be after it:
// nothing the demo records happens after its end.
func (sb storyBilling) past(t time.Time) time.Time {
	if latest := sb.s.now.Add(-time.Minute); t.After(latest) {
		return latest
	}
	return t
}

// monthly submits the bill of the month starting at from with lines (its
// total their sum), then reports it sent and, once twenty days have passed,
// paid, as the billing system would. A bill the review holds is left held.
func (sb storyBilling) monthly(ctx context.Context, from time.Time, lines ...billing.Line) (*billing.Bill, error) {
	to := tact.DateOf(from.AddDate(0, 1, -1))
	submitted := from.AddDate(0, 1, 1).Add(6 * time.Hour)
	return sb.bill(ctx, tact.DateOf(from), to, submitted, lines...)
}

// bill submits the bill of the period from–to at submitted (moved back
// before the demo's end when later), due fifteen days after the period,
// and has it sent and paid in turn.
func (sb storyBilling) bill(ctx context.Context, from, to tact.Date, submitted time.Time, lines ...billing.Line) (*billing.Bill, error) {
	s := sb.s
	at := sb.past(submitted.UTC())
	s.clock.Set(at)
	draft := billing.Bill{CustomerID: sb.c.ID, LineID: sb.l.ID, From: from, To: to, DueOn: to.AddDays(15),
		Lines: lines, Total: sb.money(billing.Sum(lines))}
	run, err := s.app.Bills.Submit(ctx, sources[sb.c.Jurisdiction][roleBilling].name, []billing.Bill{draft})
	if err != nil {
		return nil, err
	}
	b := run.Bills[0]
	if b.Status != billing.Validated {
		return b, nil
	}
	s.clock.Set(sb.past(at.Add(billSentAfter)))
	if b, err = s.app.Bills.Report(ctx, b.ID, billing.Sent, 0); err != nil {
		return nil, err
	}
	if paid := at.Add(billPaidAfter); paid.Before(s.now) {
		s.clock.Set(paid)
		if b, err = s.app.Bills.Report(ctx, b.ID, billing.Settled, b.Total.Cents); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// monthsAgo is how many months before the demo's month t's month is, in
// the customer's zone.
func (sb storyBilling) monthsAgo(t time.Time) int {
	now, then := sb.s.now.In(sb.p.loc), t.In(sb.p.loc)
	return (now.Year()-then.Year())*12 + int(now.Month()) - int(then.Month())
}

// final bills the last days of a line that ended on the day of ended: the
// plan pro rata from the first of that month, submitted the next morning.
func (sb storyBilling) final(ctx context.Context, ended time.Time) (*billing.Bill, error) {
	local := ended.In(sb.p.loc)
	from := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, sb.p.loc)
	days, inMonth := int64(local.Day()), int64(from.AddDate(0, 1, -1).Day())
	plan := sb.plan(from)
	first := "1er"
	if days > 1 {
		first = "du 1er au " + fmt.Sprint(days)
	}
	plan.Description = "Forfait " + planOf(sb.l.PlanCode).Name.FR + " — " + first + " " + monthsFR[from.Month()-1] + " " + from.Format("2006") + " (fin de contrat)"
	plan.Amount.Cents = (plan.Amount.Cents*days + inMonth/2) / inMonth
	next := time.Date(local.Year(), local.Month(), local.Day()+1, 6, 0, 0, 0, sb.p.loc)
	return sb.bill(ctx, tact.DateOf(from), tact.DateOf(local), next, plan)
}

// ordinary bills the plan alone for each month ago months before the
// demo's month, oldest first.
func (sb storyBilling) ordinary(ctx context.Context, ago ...int) ([]*billing.Bill, error) {
	var out []*billing.Bill
	for _, m := range ago {
		from := sb.month(m)
		b, err := sb.monthly(ctx, from, sb.plan(from))
		if err != nil {
			return nil, err
		}
		if b.Status == billing.OnHold {
			return nil, fmt.Errorf("the ordinary bill of %s is held: %+v", from.Format("2006-01"), b.Review.Findings)
		}
		out = append(out, b)
	}
	return out, nil
}

// Story 1's partners and what they bill a month, in cents.
const (
	internetPlus = 9_99
	contactPlus  = 4_98
)

// Story 1's partners, as their lines name them on her bill: who bills, for
// what, how to complain.
var (
	kiosque = billing.Provider{Name: "Kiosque Média", Service: "Internet+ (contenus multimédia)",
		Complaints: "0 805 690 415 (appel gratuit) ou reclamations@kiosque-media.example"}
	phoneo = billing.Provider{Name: "Phonéo Services", Service: "Contact+",
		Complaints: "0 800 123 456 (appel gratuit) ou reclamations@phoneo.example"}
)

// thirdPartyBills gives story 1's customer her bills as partners bill her
// through them (DESIGN story 1), and returns the last. Four months ago, her
// plan alone. From three months ago Kiosque Média bills Internet+ on the
// strength of her line's address, with a consent reference of its own that
// tact never recorded: the review strips it, first because her third-party
// billing is off, then because no double opt-in covers it. Two months ago a
// page opened from her phone took her through Phonéo's Contact+ payment
// page, then a code by SMS she took for a check: the switch on and a double
// opt-in recorded. Contact+ stays on her last two bills, naming its provider
// and how to complain, for her to dispute in one click.
func (s *storyBuilder) thirdPartyBills(ctx context.Context, p *storyPerson, c *customer.Customer, l *customer.Line) (*billing.Bill, error) {
	sb := s.billsOf(p, c, l)
	if _, err := sb.ordinary(ctx, 4); err != nil {
		return nil, err
	}
	internet := func(from time.Time) billing.Line {
		pr := kiosque
		pr.ConsentRef = "KM-" + c.AccountNumber
		return billing.Line{Kind: billing.ThirdParty, Description: "Internet+ — abonnement Kiosque Média", Date: dayOf(from, 6), Amount: sb.money(internetPlus), Provider: &pr}
	}
	contact := func(from time.Time) billing.Line {
		pr := phoneo
		pr.ConsentRef = "PHN-" + c.AccountNumber
		return billing.Line{Kind: billing.ThirdParty, Description: "Contact+ (abonnement mensuel)", Date: dayOf(from, 8), Amount: sb.money(contactPlus), Provider: &pr}
	}
	from := sb.month(3)
	if _, err := sb.monthly(ctx, from, sb.plan(from), internet(from)); err != nil {
		return nil, err
	}
	// The payment page, then the SMS: the evening of the 8th, two months ago.
	from = sb.month(2)
	page := time.Date(from.Year(), from.Month(), 8, 21, 14, 0, 0, p.loc).UTC()
	if err := s.update(ctx, c.ID, page, customer.Update{ThirdPartyBilling: tact.Some(true)}); err != nil {
		return nil, err
	}
	s.clock.Set(page.Add(2 * time.Minute))
	if _, _, err := s.app.ThirdParty.RecordConsent(ctx, c.ID, billing.ThirdPartyConsent{Ref: "PHN-" + c.AccountNumber, Provider: phoneo.Name, Service: phoneo.Service,
		PaymentPageAt: page, ConfirmedAt: page.Add(time.Minute), ConfirmedBy: tact.ChannelSMS}); err != nil {
		return nil, err
	}
	var last *billing.Bill
	for m := 2; m >= 1; m-- {
		from := sb.month(m)
		b, err := sb.monthly(ctx, from, sb.plan(from), internet(from), contact(from))
		if err != nil {
			return nil, err
		}
		if b.Status == billing.OnHold || len(b.Review.Stripped) != 1 {
			return nil, fmt.Errorf("the bill of %s: %s, findings %+v", from.Format("2006-01"), b.Status, b.Review.Findings)
		}
		last = b
	}
	return last, nil
}
