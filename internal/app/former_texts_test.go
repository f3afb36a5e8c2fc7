package app_test

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestTactTextsPassTheFormerCustomerRules: every text tact writes itself
// (the apology, the withdrawal of a promise, the cap warning, the yearly
// best-tariff advice, the commitment-end notice, the notice of a space
// password set or changed) gives the free support
// number of the customer's jurisdiction and no subscriber-only number, so
// that, sent to a former customer tact may write to (about his promise, or
// with his opt-in for the notices that sell), delivery.CheckFormerCustomerText
// lets it through: in France and Québec, in French ("vous" and "tu") and in
// English. The offer's cover is checked in internal/document.
func TestTactTextsPassTheFormerCustomerRules(t *testing.T) {
	op := tact.DefaultOperator()
	at := time.Date(2026, 5, 11, 9, 0, 0, 0, time.UTC)
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		for _, form := range []struct {
			lang tact.Language
			tu   customer.FormOfAddress
		}{{j.DefaultLanguage(), customer.Vous}, {j.DefaultLanguage(), customer.Tu}, {tact.LangEN, customer.Vous}} {
			c := customer.New(j)
			c.GivenName, c.FamilyName, c.Salutation, c.Language, c.FormOfAddress = "Paul", "Girard", customer.Monsieur, form.lang, form.tu
			c.Status, c.FormerSince = customer.Former, tact.DateOf(at)
			c.Consents = []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb, Proof: "form-7", At: at}}
			loc := c.Location()
			p := &commitment.Commitment{ID: "com_1", CustomerID: c.ID, Kind: commitment.CallBack, Words: "Je vous rappelle demain.",
				Due: at.Add(24 * time.Hour), CreatedAt: at, CancelReason: "le technicien est déjà passé"}
			cur := j.Currency()
			plan := &catalog.Plan{Code: "P20", Name: tact.Text{FR: "Mobile 20 Go", EN: "Mobile 20 GB"}, Jurisdiction: j,
				MonthlyPrice: tact.Money{Cents: 1500, Currency: cur}, Active: true}
			ends := tact.DateOf(at.Add(60 * 24 * time.Hour))
			l := &customer.Line{ID: "lin_1", CustomerID: c.ID, Number: "+33611223344", PlanCode: "P20", CommitmentEndsOn: ends}
			if j == tact.CAQC {
				l.Number = "+15145550199"
			}
			advice := notice.Advice{Line: l, Plan: plan, Known: true, Tariff: offer.BestTariff{LineID: l.ID, Months: 6, Current: plan,
				CurrentMonthly: tact.Money{Cents: 1500, Currency: cur}, Best: plan, BestMonthly: tact.Money{Cents: 1500, Currency: cur}}}

			texts := map[string]delivery.Delivery{}
			subject, body := p.Apology(c.Person(), op, j, loc)
			texts["apology"] = delivery.Delivery{Kind: delivery.Apology, CommitmentID: p.ID, Subject: subject, Body: body}
			subject, body = p.Withdrawal(c.Person(), op, j, loc)
			texts["withdrawal"] = delivery.Delivery{Kind: delivery.Notice, CommitmentID: p.ID, Subject: subject, Body: body}
			subject, body = billing.CapWarning(c.Person(), billing.RuleRoamingCap, tact.Money{Cents: 4000, Currency: cur},
				tact.Money{Cents: 5000, Currency: cur}, op.Name, op.SupportPhone[j])
			// A cap warning names no matter; as text, it is checked as if it did.
			texts["cap warning"] = delivery.Delivery{Kind: delivery.Notice, CaseID: "cas_1", Subject: subject, Body: body}
			subject, body = notice.BestTariffText(c, op, []notice.Advice{advice})
			texts["best tariff"] = delivery.Delivery{Kind: delivery.BestTariff, Subject: subject, Body: body}
			subject, body = notice.CommitmentEndText(c, op, advice)
			texts["commitment end"] = delivery.Delivery{Kind: delivery.CommitmentEnd, Subject: subject, Body: body}
			for _, changed := range []bool{false, true} {
				subject, body = app.PasswordMessage(c, at, changed, op)
				texts[fmt.Sprintf("space password (changed %v)", changed)] = delivery.Delivery{Kind: delivery.Security, Subject: subject, Body: body}
			}
			for name, d := range texts {
				d.Method = delivery.Email
				if err := delivery.CheckFormerCustomerText(&d, c, op); err != nil {
					t.Errorf("%s, %s, %s %s: %v\n%s", name, j, form.lang, form.tu, err, d.Body)
				}
			}
		}
	}
}

// TestQueueToAFormerCustomer: through the service, on each engine, what a
// former customer may be sent. A notice about no matter of his is refused,
// one about his case is queued; a notice naming another customer's case is
// refused whoever it goes to; a receipt needs no case; an offer needs his
// opt-in on its channel.
func TestQueueToAFormerCustomer(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		clock := tact.NewManualClock(time.Date(2026, 5, 11, 9, 0, 0, 0, time.UTC))
		a := app.New(st, app.Options{Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		ctx := t.Context()
		create := func(family string, status customer.Status, consents ...customer.Consent) *customer.Customer {
			u := customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Paul"), FamilyName: tact.Some(family),
				Emails: tact.Some([]customer.Email{{Address: family + "@example.fr", Primary: true}}), Consents: consents}
			if status == customer.Former {
				u.Status, u.FormerSince, u.CustomerSince = tact.Some(status), tact.Some(tact.DateOf(clock.Now().AddDate(0, -1, 0))), tact.Some(tact.DateOf(clock.Now().AddDate(-3, 0, 0)))
			}
			c, err := a.Customers.Create(ctx, u)
			if err != nil {
				t.Fatalf("Create %s: %v", family, err)
			}
			return c
		}
		openCase := func(c *customer.Customer) string {
			k, err := a.Cases.Open(ctx, cases.Draft{CustomerID: c.ID, Subject: "Incident réseau", Category: cases.Incident, Channel: tact.ChannelPhone})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			return k.ID
		}
		paul := create("Girard", customer.Former)
		other := create("Roux", customer.Active)
		paulsCase, othersCase := openCase(paul), openCase(other)
		text := "Bonjour,\n\nAu sujet de votre dossier : notre service client vous répond gratuitement au 0 800 940 940."
		queue := func(c *customer.Customer, kind delivery.Kind, caseID, key string) error {
			_, _, err := a.Deliveries.Queue(ctx, delivery.Delivery{CustomerID: c.ID, Kind: kind, Method: delivery.Email, To: c.PrimaryEmail(),
				Subject: "Votre dossier", Body: text, CaseID: caseID, Key: key})
			return err
		}
		for _, tc := range []struct {
			name        string
			c           *customer.Customer
			kind        delivery.Kind
			caseID      string
			code, field string
		}{
			{"a notice about nothing of his", paul, delivery.Notice, "", string(tact.CodeFormerNoMatter), "kind"},
			{"a notice about his case", paul, delivery.Notice, paulsCase, "", ""},
			{"a notice naming another's case", paul, delivery.Notice, othersCase, string(tact.CodeInvalid), "case_id"},
			{"an active customer's notice naming another's case", other, delivery.Notice, paulsCase, string(tact.CodeInvalid), "case_id"},
			{"a receipt", paul, delivery.Receipt, "", "", ""},
			{"an offer without his opt-in", paul, delivery.Offer, "", string(tact.CodeFormerMarketing), "kind"},
		} {
			err := queue(tc.c, tc.kind, tc.caseID, tc.name)
			if string(tact.ErrorCode(err)) != tc.code || tact.ErrorField(err) != tc.field {
				t.Errorf("%s: %v, want %q on %q", tc.name, err, tc.code, tc.field)
			}
		}
		// His opt-in to offers by email, recorded: the offer goes.
		if _, err := a.Customers.Update(ctx, paul.ID, customer.Update{Consents: []customer.Consent{{Channel: tact.ChannelEmail,
			Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb, Proof: "form-7"}}}, 0); err != nil {
			t.Fatalf("Update: %v", err)
		}
		if err := queue(paul, delivery.Offer, "", "an offer with his opt-in"); err != nil {
			t.Errorf("an offer with his opt-in by email: %v", err)
		}
	})
}
