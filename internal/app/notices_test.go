package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// world is an app over a real store with the notices' fixtures: a French
// and a Québec catalogue, and customers built through the services.
type world struct {
	t     *testing.T
	ctx   context.Context
	a     *app.App
	clock *tact.ManualClock
}

func newWorld(t *testing.T, st app.Stores, start time.Time, leads notice.Leads) *world {
	clock := tact.NewManualClock(start)
	w := &world{t: t, ctx: t.Context(), clock: clock,
		a: app.New(st, app.Options{Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoticeLeads: leads})}
	gb := func(n int64) catalog.Allowance { return catalog.Allowance{Amount: n * 1000} }
	eur := func(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }
	cad := func(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.CAD} }
	for _, p := range []catalog.Plan{
		{Code: "FR-5G", Name: tact.Text{FR: "Mobile 5 Go", EN: "Mobile 5 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(800), DataMB: gb(5),
			VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 1, Active: true, Tariff: catalog.Tariff{DataPerGB: eur(1000)}},
		{Code: "FR-20G", Name: tact.Text{FR: "Mobile 20 Go", EN: "Mobile 20 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(1500), DataMB: gb(20),
			VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true, Tariff: catalog.Tariff{DataPerGB: eur(1000)}},
		{Code: "FR-40G", Name: tact.Text{FR: "Mobile 40 Go", EN: "Mobile 40 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(1700), DataMB: gb(40),
			VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3, Active: true, Tariff: catalog.Tariff{DataPerGB: eur(1000)}},
		{Code: "QC-10G", Name: tact.Text{FR: "Mobile 10 Go", EN: "Mobile 10 GB"}, Jurisdiction: tact.CAQC, MonthlyPrice: cad(4500), DataMB: gb(10),
			VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true, Tariff: catalog.Tariff{DataPerGB: cad(1000)}},
		{Code: "QC-25G", Name: tact.Text{FR: "Mobile 25 Go", EN: "Mobile 25 GB"}, Jurisdiction: tact.CAQC, MonthlyPrice: cad(5000), DataMB: gb(25),
			VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3, Active: true, Tariff: catalog.Tariff{DataPerGB: cad(1000)}},
	} {
		if _, err := w.a.Catalog.PutPlan(w.ctx, p); err != nil {
			t.Fatalf("PutPlan %s: %v", p.Code, err)
		}
	}
	return w
}

func date(s string) tact.Date {
	d, err := tact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// customer creates a customer with one line on plan, whose commitment ends
// on ends, and a month of usage of dataMB for each month in [from, to].
func (w *world) customer(u customer.Update, number, plan, ends string, dataMB int64, from, to tact.Month) (*customer.Customer, *customer.Line) {
	w.t.Helper()
	c, err := w.a.Customers.Create(w.ctx, u)
	if err != nil {
		w.t.Fatalf("Create: %v", err)
	}
	lu := customer.LineUpdate{Number: tact.Some(number), PlanCode: tact.Some(plan), StartedOn: tact.Some(date("2024-08-01"))}
	if ends != "" {
		lu.CommitmentEndsOn = tact.Some(date(ends))
	}
	l, err := w.a.Customers.AddLine(w.ctx, c.ID, lu)
	if err != nil {
		w.t.Fatalf("AddLine: %v", err)
	}
	w.usage(c, l, dataMB, from, to)
	return c, l
}

func (w *world) usage(c *customer.Customer, l *customer.Line, dataMB int64, from, to tact.Month) {
	w.t.Helper()
	if dataMB == 0 {
		return
	}
	zero := tact.Money{Currency: c.Jurisdiction.Currency()}
	for m := from; m <= to; m = m.AddMonths(1) {
		if _, err := w.a.Customers.PutUsage(w.ctx, l.ID, customer.Usage{Month: m, DataMB: dataMB, VoiceMinutes: 120, SMS: 30,
			RoamingSpend: zero, ThirdPartySpend: zero}); err != nil {
			w.t.Fatalf("PutUsage: %v", err)
		}
	}
}

// at moves the clock.
func (w *world) at(s string) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		w.t.Fatal(err)
	}
	w.clock.Set(t)
}

func (w *world) commitmentEnds() app.NoticeResult {
	w.t.Helper()
	res, err := w.a.Notices.CommitmentEnds(w.ctx)
	if err != nil {
		w.t.Fatalf("CommitmentEnds: %v", err)
	}
	return res
}

func (w *world) bestTariff() app.NoticeResult {
	w.t.Helper()
	res, err := w.a.Notices.BestTariff(w.ctx)
	if err != nil {
		w.t.Fatalf("BestTariff: %v", err)
	}
	return res
}

// deliveries are a customer's deliveries of kind, oldest first.
func (w *world) deliveries(c *customer.Customer, kind delivery.Kind) []*delivery.Delivery {
	w.t.Helper()
	list, _, err := w.a.Deliveries.List(w.ctx, delivery.Filter{CustomerID: c.ID, Limit: tact.MaxPageSize}, "")
	if err != nil {
		w.t.Fatalf("Deliveries.List: %v", err)
	}
	var out []*delivery.Delivery
	for _, d := range list {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

func wantQueued(t *testing.T, what string, res app.NoticeResult, queued int) {
	t.Helper()
	if res.Queued != queued {
		t.Errorf("%s: queued %d, want %d (%+v)", what, res.Queued, queued, res)
	}
}

func wantText(t *testing.T, d *delivery.Delivery, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(d.Subject+"\n"+d.Body, p) {
			t.Errorf("%s %s lacks %q:\n%s\n\n%s", d.Kind, d.Key, p, d.Subject, d.Body)
		}
	}
}

// TestNoticesScenario follows a French and a Québec customer through a year
// of notices, on each engine: the yearly best-tariff advice in each one's
// language and form of address, the end-of-commitment notice 90 days (Québec)
// and 31 days (France) before the end judged in the customer's own time zone,
// and passes run again that queue nothing twice.
func TestNoticesScenario(t *testing.T) {
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		w := newWorld(t, st, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), notice.Leads{})
		// Camille, in Paris, "vous": 18 to 23 GB a month on a 20 GB plan at €15 with €10 per GB beyond.
		camille, frLine := w.customer(customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Camille"), FamilyName: tact.Some("Roux"),
			Salutation: tact.Some(customer.Madame), CustomerSince: tact.Some(date("2022-01-10")),
			Emails: tact.Some([]customer.Email{{Address: "camille.roux@example.fr", Primary: true}})},
			"06 12 34 56 78", "FR-20G", "2026-08-02", 0, "", "")
		for i, mb := range []int64{18000, 21000, 19500, 20000, 17000, 22500} {
			m := tact.Month("2025-11").AddMonths(i)
			w.usage(camille, frLine, mb, m, m)
		}
		// Julie, in Montréal, "tu", fr-CA: 12 GB a month on a 10 GB plan at CA$45 with CA$10 per GB beyond.
		julie, _ := w.customer(customer.Update{Jurisdiction: tact.Some(tact.CAQC), GivenName: tact.Some("Julie"), FamilyName: tact.Some("Tremblay"),
			Salutation: tact.Some(customer.Madame), FormOfAddress: tact.Some(customer.Tu), Language: tact.Some(tact.LangFrCA),
			CustomerSince: tact.Some(date("2023-03-15")), Emails: tact.Some([]customer.Email{{Address: "julie.tremblay@example.ca", Primary: true}})},
			"514 555 0199", "QC-10G", "2026-07-31", 12000, "2025-11", "2026-04")
		// Marc cannot be written to and has no usage; Paul is leaving.
		marc, _ := w.customer(customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Marc"), FamilyName: tact.Some("Blanc"),
			CustomerSince: tact.Some(date("2021-06-01"))}, "06 12 34 56 79", "FR-20G", "2026-08-02", 0, "", "")
		paul, _ := w.customer(customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Paul"), FamilyName: tact.Some("Martin"),
			CustomerSince: tact.Some(date("2021-06-01")), Emails: tact.Some([]customer.Email{{Address: "paul.martin@example.fr", Primary: true}})},
			"06 12 34 56 80", "FR-20G", "2026-07-20", 15000, "2025-11", "2026-04")
		if _, err := w.a.Customers.Update(w.ctx, paul.ID, customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(date("2026-04-28"))}, 0); err != nil {
			t.Fatalf("cancelling: %v", err)
		}

		// 1 May, 91 days before Julie's commitment ends: no notice of its end.
		wantQueued(t, "1 May: commitment ends", w.commitmentEnds(), 0)
		// The yearly advice: both customers are long past a year with tact.
		res := w.bestTariff()
		wantQueued(t, "1 May: best tariff", res, 2)
		if res.NoUsage != 1 {
			t.Errorf("Marc has no usage to compare on: %+v", res)
		}
		advice := w.deliveries(camille, delivery.BestTariff)
		if len(advice) != 1 {
			t.Fatalf("Camille's best-tariff notices: %d", len(advice))
		}
		if d := advice[0]; d.Language != tact.LangFrFR || d.Method != delivery.Email || d.To != "camille.roux@example.fr" ||
			d.Key != notice.BestTariffKey(camille.ID, tact.Date{}) {
			t.Errorf("Camille's notice: %s %s %s %s", d.Language, d.Method, d.To, d.Key)
		}
		// €21.67 a month on average against €17.00 on the 40 GB plan.
		wantText(t, advice[0], "Votre conseil tarifaire annuel", "Bonjour Madame Roux,", "Ligne 06 12 34 56 78 (forfait « Mobile 20 Go »)",
			"elle vous a coûté en moyenne 21,66\u00a0€ par mois", "« Mobile 40 Go » : 17,00\u00a0€ par mois",
			"Vous économiseriez 4,66\u00a0€ par mois, soit 55,92\u00a0€ sur 12 mois.", "0 800 940 940", "Opérateur Démo")
		advice = w.deliveries(julie, delivery.BestTariff)
		if len(advice) != 1 || advice[0].Language != tact.LangFrCA {
			t.Fatalf("Julie's best-tariff notices: %v", advice)
		}
		// CA$65 a month (two GB beyond) against CA$50 on the 25 GB plan.
		wantText(t, advice[0], "Ton conseil tarifaire annuel", "Bonjour Julie,", "Ligne (514) 555-0199",
			"elle t'a coûté en moyenne 65,00\u00a0$ par mois", "Tu économiserais 15,00\u00a0$ par mois, soit 180,00\u00a0$ sur 12 mois.", "1 888 555-0140")
		if n := len(w.deliveries(paul, delivery.BestTariff)); n != 0 {
			t.Errorf("Paul, who is leaving, was sent %d best-tariff notices", n)
		}

		// Run again at once: every customer was just seen, the pass waits.
		if res := w.bestTariff(); !res.Skipped || res.Queued != 0 {
			t.Errorf("best tariff run again at once: %+v", res)
		}
		// Two hours later a full pass reads again: nobody is due.
		w.at("2026-05-01T14:00:00Z")
		if res := w.bestTariff(); res.Skipped || res.Queued != 0 {
			t.Errorf("best tariff two hours later: %+v", res)
		}

		// 04:30 UTC on 2 May is 00:30 in Montréal: 90 days before 31 July.
		// An hour before, it is still 1 May there: 91 days.
		w.at("2026-05-02T03:30:00Z")
		res = w.commitmentEnds()
		wantQueued(t, "23:30 on 1 May in Montréal", res, 0)
		if res.NotDue != 1 {
			t.Errorf("Julie's line is in the window but not due: %+v", res)
		}
		w.at("2026-05-02T04:30:00Z")
		wantQueued(t, "00:30 on 2 May in Montréal", w.commitmentEnds(), 1)
		wantQueued(t, "the same pass again", w.commitmentEnds(), 0)
		ends := w.deliveries(julie, delivery.CommitmentEnd)
		if len(ends) != 1 {
			t.Fatalf("Julie's end-of-commitment notices: %d", len(ends))
		}
		wantText(t, ends[0], "Ton engagement sur la ligne (514) 555-0199 se termine le vendredi 31 juillet 2026",
			"Fin de ton engagement : vendredi 31 juillet 2026", "À partir du samedi 1er août 2026, tu n'as plus d'engagement",
			"sans frais de résiliation", "un autre fournisseur", "Notre conseil tarifaire pour cette ligne",
			"Tu économiserais 15,00\u00a0$ par mois", "1 888 555-0140")

		// France, 31 days ahead: 32 days before 2 August, nothing; 31, Camille
		// is told; Marc, who cannot be written to, is counted; Paul, leaving, is not.
		w.at("2026-07-01T12:00:00Z")
		wantQueued(t, "1 July", w.commitmentEnds(), 0)
		w.at("2026-07-02T12:00:00Z")
		res = w.commitmentEnds()
		wantQueued(t, "2 July", res, 1)
		if res.Unreachable != 1 || res.Late != 0 {
			t.Errorf("2 July: %+v", res)
		}
		wantQueued(t, "2 July again", w.commitmentEnds(), 0)
		ends = w.deliveries(camille, delivery.CommitmentEnd)
		if len(ends) != 1 || ends[0].Key != notice.CommitmentEndKey(frLine.ID, date("2026-08-02")) {
			t.Fatalf("Camille's end-of-commitment notices: %v", ends)
		}
		wantText(t, ends[0], "Votre engagement sur la ligne 06 12 34 56 78 se termine le dimanche 2 août 2026",
			"Bonjour Madame Roux,", "Fin de votre engagement : dimanche 2 août 2026", "vous n'avez plus d'engagement",
			"un autre opérateur en gardant votre numéro", "0 800 940 940",
			// Her last six months hold four of usage, January to April.
			"Sur vos 4 derniers mois, elle vous a coûté en moyenne 22,50\u00a0€ par mois", "Vous économiseriez 5,50\u00a0€ par mois")
		for _, c := range []*customer.Customer{marc, paul} {
			if n := len(w.deliveries(c, delivery.CommitmentEnd)); n != 0 {
				t.Errorf("%s was sent %d end-of-commitment notices", c.GivenName, n)
			}
		}

		// A year on: 364 days after the first advice nobody is due; on the
		// 365th both are, on their new months of usage, once.
		w.usage(camille, frLine, 30000, "2026-11", "2027-04")
		w.at("2027-04-30T12:00:00Z")
		res = w.bestTariff()
		wantQueued(t, "30 April 2027", res, 0)
		w.at("2027-05-01T13:00:00Z")
		res = w.bestTariff()
		wantQueued(t, "1 May 2027", res, 1) // Julie has no usage for these months
		if res.NoUsage != 2 {
			t.Errorf("1 May 2027: Julie and Marc have no usage to compare on: %+v", res)
		}
		advice = w.deliveries(camille, delivery.BestTariff)
		if len(advice) != 2 || advice[1].Key != notice.BestTariffKey(camille.ID, date("2026-05-01")) {
			t.Fatalf("Camille's best-tariff notices a year on: %v", advice)
		}
		// 30 GB a month: €25 on her plan, €17 on the 40 GB one.
		wantText(t, advice[1], "elle vous a coûté en moyenne 115,00\u00a0€ par mois", "Vous économiseriez 98,00\u00a0€ par mois")
		w.at("2027-05-01T15:00:00Z")
		wantQueued(t, "1 May 2027 again", w.bestTariff(), 0)
	})
}

// TestNoticePassesAreBounded: a pass examines at most its bound and the next
// one goes on from there, so a first run over a large base is spread over
// passes; every customer is told once.
func TestNoticePassesAreBounded(t *testing.T) {
	st := testenv.SQLite(t).Stores()
	w := newWorld(t, st, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC), notice.Leads{})
	app.SetNoticePass(w.a, 2)
	var all []*customer.Customer
	for i := range 5 {
		c, _ := w.customer(customer.Update{Jurisdiction: tact.Some(tact.CAQC), GivenName: tact.Some("Client"), FamilyName: tact.Some(string(rune('A' + i))),
			CustomerSince: tact.Some(date("2020-01-01")), Emails: tact.Some([]customer.Email{{Address: "client" + string(rune('a'+i)) + "@example.ca", Primary: true}})},
			"514 555 01"+string(rune('0'+i))+"0", "QC-10G", "2026-07-30", 9000, "2025-11", "2026-04")
		all = append(all, c)
	}
	for i, want := range []int{2, 2, 1} {
		if res := w.bestTariff(); res.Queued != want || res.Examined != want {
			t.Errorf("best-tariff pass %d: %+v, want %d", i+1, res, want)
		}
		if res := w.commitmentEnds(); res.Queued != want || res.Examined != want {
			t.Errorf("commitment-end pass %d: %+v, want %d", i+1, res, want)
		}
	}
	if res := w.bestTariff(); !res.Skipped {
		t.Errorf("after a full pass: %+v", res)
	}
	for _, c := range all {
		if len(w.deliveries(c, delivery.BestTariff)) != 1 || len(w.deliveries(c, delivery.CommitmentEnd)) != 1 {
			t.Errorf("%s was not told once of each", c.FamilyName)
		}
	}
}

// TestCommitmentEndLeadConfigured: a French lead of 45 days (within the
// law's one to three months) moves the notice earlier.
func TestCommitmentEndLeadConfigured(t *testing.T) {
	w := newWorld(t, testenv.SQLite(t).Stores(), time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC), notice.Leads{FR: 45})
	c, _ := w.customer(customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Léa"), FamilyName: tact.Some("Petit"),
		Emails: tact.Some([]customer.Email{{Address: "lea.petit@example.fr", Primary: true}})}, "06 12 34 56 81", "FR-20G", "2026-08-02", 0, "", "")
	wantQueued(t, "46 days before", w.commitmentEnds(), 0)
	w.at("2026-06-18T12:00:00Z")
	wantQueued(t, "45 days before", w.commitmentEnds(), 1)
	// No usage yet: the notice says the advice cannot be given yet.
	wantText(t, w.deliveries(c, delivery.CommitmentEnd)[0], "Nous ne connaissons pas encore votre consommation sur cette ligne")
}
