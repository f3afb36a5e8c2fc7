package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/tact"
)

// TestStorySpaceBills reads each story customer's bills as his space shows
// them (app.Bills.Issued, what /space/bills lists): what the story is about,
// for a visitor who signs in as him.
func TestStorySpaceBills(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{})
	issued := func(t *testing.T, key string) []*billing.Bill {
		t.Helper()
		s := story(t, res, key)
		bills, err := a.Bills.Issued(ctx, s.CustomerID, 100)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range bills {
			if b.CustomerID != s.CustomerID || b.LineID == "" || !b.Status.Left() || b.Total.Cents != billing.Sum(b.Lines) || len(b.Lines) == 0 {
				t.Errorf("bill %s: customer %s, line %q, %s, total %v for lines adding up to %d", b.ID, b.CustomerID, b.LineID, b.Status, b.Total, billing.Sum(b.Lines))
			}
			if b.Review == nil || slices.ContainsFunc(b.Review.Findings, func(f billing.Finding) bool { return f.Holds }) {
				t.Errorf("bill %s: review %+v; want no finding that holds it", b.ID, b.Review)
			}
			if i > 0 && !b.To.Before(bills[i-1].From) {
				t.Errorf("bills %s and %s overlap or are not newest first", bills[i-1].ID, b.ID)
			}
			if !b.CreatedAt.Before(res.Now) || !b.UpdatedAt.Before(res.Now) {
				t.Errorf("bill %s: created %s, updated %s, after the demo's end %s", b.ID, b.CreatedAt, b.UpdatedAt, res.Now)
			}
		}
		return bills
	}
	month := func(b *billing.Bill) tact.Month { return tact.MonthOf(b.From.In(time.UTC)) }
	// thisMonth is the demo's month where the story's customer lives.
	thisMonth := func(t *testing.T, key string) tact.Month {
		c, err := a.Customers.Get(ctx, story(t, res, key).CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		return tact.MonthOf(res.Now.In(c.Location()))
	}

	t.Run("1 hostage: the charge to dispute", func(t *testing.T) {
		s := story(t, res, "hostage")
		bills := issued(t, "hostage")
		if m := thisMonth(t, "hostage"); len(bills) != 4 || month(bills[0]) != m.AddMonths(-1) || month(bills[3]) != m.AddMonths(-4) {
			t.Fatalf("%d bills %v; want the last 4 months'", len(bills), periods(bills))
		}
		last := bills[0]
		if s.SpaceBillID != last.ID {
			t.Errorf("the story's bill to act on is %q, want her last, %s", s.SpaceBillID, last.ID)
		}
		// Her last two bills carry Contact+, naming who bills it and how
		// to complain, disputable; Internet+ is stripped from the last
		// three, first for her switch, then for want of a double opt-in.
		for i, b := range bills[:3] {
			var third []billing.Line
			for _, l := range b.Lines {
				if l.Kind == billing.ThirdParty {
					third = append(third, l)
				}
			}
			stripped := b.Review.Stripped
			if len(stripped) != 1 || !strings.Contains(stripped[0].Description, "Internet+") || stripped[0].Provider.Name != "Kiosque Média" {
				t.Errorf("bill of %s: stripped %+v, want Internet+", month(b), stripped)
			}
			rule := billing.RuleThirdPartyNoConsent
			if i == 2 {
				rule = billing.RuleThirdPartySwitchOff
			}
			if !slices.ContainsFunc(b.Review.Findings, func(f billing.Finding) bool { return f.Rule == rule }) {
				t.Errorf("bill of %s: findings %+v, want %s", month(b), b.Review.Findings, rule)
			}
			if i == 2 {
				if len(third) != 0 {
					t.Errorf("bill of %s: third-party lines %+v before she opted in", month(b), third)
				}
				continue
			}
			if len(third) != 1 || third[0].Description != "Contact+ (abonnement mensuel)" || third[0].Amount.Cents != 4_98 {
				t.Fatalf("bill of %s: third-party lines %+v, want Contact+ at €4.98", month(b), third)
			}
			p := third[0].Provider
			if p.Name != "Phonéo Services" || p.Service != "Contact+" || !strings.Contains(p.Complaints, "appel gratuit") || p.ConsentRef == "" {
				t.Errorf("Contact+'s provider %+v: want its name, service, a free number to complain and the consent it cites", p)
			}
			if b.Total.Cents != 9_99+4_98 {
				t.Errorf("bill of %s: total %v, want her plan and Contact+", month(b), b.Total)
			}
		}
		disputes, err := a.Bills.Disputes(ctx, last.ID)
		if err != nil || len(disputes) != 0 {
			t.Errorf("her last bill's disputes: %+v (%v); want none, for the visitor to open", disputes, err)
		}
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if !c.ThirdPartyBilling {
			t.Error("her third-party billing is off: Contact+ would have been stripped too")
		}
		consents, err := a.ThirdParty.Consents(ctx, s.CustomerID)
		if err != nil || len(consents) != 1 || !consents[0].Double() || consents[0].Provider != "Phonéo Services" {
			t.Errorf("her third-party consents: %+v (%v); want Phonéo's double opt-in", consents, err)
		}
		// One click, and it stops: credited, the switch off (on a copy of
		// the demo: the shared one is read only).
		st2, res2 := copyOfShared(t)
		a2 := app.New(st2, app.Options{Clock: tact.NewManualClock(res2.Now)})
		line := slices.IndexFunc(last.Lines, func(l billing.Line) bool { return l.Kind == billing.ThirdParty })
		d, err := a2.Bills.Dispute(ctx, story(t, res2, "hostage").SpaceBillID, line, "Je n'ai jamais souscrit Contact+.")
		if err != nil {
			t.Fatal(err)
		}
		if d.CreditNote == nil || d.CreditNote.Amount.Cents != 4_98 || d.CreditNote.Status != billing.CreditPending {
			t.Errorf("the dispute's credit: %+v", d.CreditNote)
		}
		if c, err := a2.Customers.Get(ctx, s.CustomerID); err != nil || c.ThirdPartyBilling {
			t.Errorf("after the dispute third-party billing is still on (%v)", err)
		}
	})

	t.Run("3 cancellation: the held bill hidden, the credit pending", func(t *testing.T) {
		s := story(t, res, "cancellation")
		bills := issued(t, "cancellation")
		if len(bills) != 3 {
			t.Fatalf("%d bills %v; want her three paid ones", len(bills), periods(bills))
		}
		for _, b := range bills {
			if b.ID == s.BillID || b.Status != billing.Settled || b.Total.Cents > 100_00 {
				t.Errorf("bill %s of %s: %s, %v; want settled, ordinary", b.ID, month(b), b.Status, b.Total)
			}
		}
		held, err := a.Bills.Get(ctx, s.BillID)
		if err != nil || held.Status != billing.OnHold || held.Total.Cents != demo.HeldBillTotal {
			t.Fatalf("the €149,000 bill: %+v (%v)", held, err)
		}
		notes, err := a.Bills.CreditNotes(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 1 || notes[0].Status != billing.CreditPending || notes[0].Amount.Cents != demo.PendingCredit || notes[0].Amount.Currency != tact.EUR {
			t.Fatalf("her credit notes %+v; want one of €23.40, pending", notes)
		}
		// It corrects a bill she reads, the one debited twice: its amount.
		i := slices.IndexFunc(bills, func(b *billing.Bill) bool { return b.ID == notes[0].BillID })
		if i < 0 || bills[i].Total.Cents != demo.PendingCredit || !strings.Contains(notes[0].Reason, "Double prélèvement") {
			t.Errorf("the credit %+v is not on one of her bills of €23.40 (%v)", notes[0], periods(bills))
		}
		if !notes[0].CreatedAt.Before(res.Now.Add(-20 * 24 * time.Hour)) {
			t.Errorf("the credit was issued %s, want before she asked to cancel", notes[0].CreatedAt)
		}
	})

	for _, key := range []string{"offer", "tactless"} {
		t.Run(key+": two ordinary bills", func(t *testing.T) {
			bills := issued(t, key)
			if m := thisMonth(t, key); len(bills) != 2 || month(bills[0]) != m.AddMonths(-1) || month(bills[1]) != m.AddMonths(-2) {
				t.Fatalf("%d bills %v; want last month's and the one before", len(bills), periods(bills))
			}
			for _, b := range bills {
				if len(b.Lines) != 1 || b.Lines[0].Kind != billing.Plan || b.Status != billing.Settled && b.Status != billing.Sent {
					t.Errorf("bill of %s: %s, lines %+v; want the plan alone, sent or paid", month(b), b.Status, b.Lines)
				}
			}
			if bills[1].Status != billing.Settled {
				t.Errorf("the bill of %s is %s, want paid", month(bills[1]), bills[1].Status)
			}
		})
	}

	t.Run("5 goodbye: nothing billed after he left", func(t *testing.T) {
		s := story(t, res, "goodbye")
		bills := issued(t, "goodbye")
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if len(bills) != 3 {
			t.Fatalf("%d bills %v; want two months and the final bill", len(bills), periods(bills))
		}
		final := bills[0]
		if final.To != c.FormerSince || final.From.Day != 1 || final.Status != billing.Settled {
			t.Errorf("his final bill %s–%s, %s; want from the first of the month to %s, paid", final.From, final.To, final.Status, c.FormerSince)
		}
		full := bills[1].Total.Cents
		if final.Total.Cents <= 0 || final.Total.Cents >= full && final.To.Day < 28 {
			t.Errorf("his final bill is %v for %d days, a full month %v", final.Total, final.To.Day, bills[1].Total)
		}
	})
}

// periods are the bills' first days, for messages.
func periods(bills []*billing.Bill) []string {
	var out []string
	for _, b := range bills {
		out = append(out, b.From.String()+" "+string(b.Status))
	}
	return out
}
