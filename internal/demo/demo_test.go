package demo_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// now is the reference instant of the tests' demos: a Tuesday.
var now = time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC)

const size = 300

// sharedDir holds the demo that several tests read; TestMain removes it.
var sharedDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tact-demo-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func openDB(ctx context.Context, path string) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: sqlite.SyncNormal})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openStores(tb testing.TB) app.Stores {
	tb.Helper()
	db, err := openDB(context.Background(), filepath.Join(tb.TempDir(), "demo.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db.Stores()
}

func build(tb testing.TB, seed int64) (app.Stores, *demo.Result) {
	tb.Helper()
	st := openStores(tb)
	res, err := demo.Build(context.Background(), st, demo.Options{Seed: seed, Customers: size, Now: now})
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return st, res
}

type built struct {
	stores app.Stores
	res    *demo.Result
}

// sharedDemo is the seed-7 demo that tests only read, built once.
var sharedDemo = sync.OnceValues(func() (built, error) {
	db, err := openDB(context.Background(), filepath.Join(sharedDir, "shared.db"))
	if err != nil {
		return built{}, err
	}
	res, err := demo.Build(context.Background(), db.Stores(), demo.Options{Seed: 7, Customers: size, Now: now})
	return built{db.Stores(), res}, err
})

func shared(tb testing.TB) (app.Stores, *demo.Result) {
	tb.Helper()
	b, err := sharedDemo()
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return b.stores, b.res
}

// copyOfShared is a copy of the shared demo for a test that writes: a
// consistent snapshot of its database (VACUUM INTO, through a connection of
// its own), opened on its own, with the shared demo's result. It gives what
// build(tb, 7) gives in a fraction of the time.
func copyOfShared(tb testing.TB) (app.Stores, *demo.Result) {
	tb.Helper()
	_, res := shared(tb)
	ctx := context.Background()
	src, err := sql.Open("sqlite", "file:"+filepath.Join(sharedDir, "shared.db")+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(tb.TempDir(), "demo.db")
	if _, err := src.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		tb.Fatalf("copy the shared demo: %v", err)
	}
	db, err := openDB(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db.Stores(), res
}

// allCustomers reads every customer, in name order.
func allCustomers(tb testing.TB, a *app.App) []*customer.Customer {
	tb.Helper()
	var out []*customer.Customer
	cursor := ""
	for {
		list, next, err := a.Customers.Search(context.Background(), app.SearchParams{Cursor: cursor, Limit: tact.MaxPageSize})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, list...)
		if next == "" {
			return out
		}
		cursor = next
	}
}

func story(tb testing.TB, res *demo.Result, key string) demo.Story {
	tb.Helper()
	for _, s := range res.Stories {
		if s.Key == key {
			return s
		}
	}
	tb.Fatalf("no story %q in %+v", key, res.Stories)
	return demo.Story{}
}

// timelineOf reads a customer's whole timeline.
func timelineOf(tb testing.TB, a *app.App, id string) []timeline.Entry {
	tb.Helper()
	var out []timeline.Entry
	cursor := ""
	for {
		page, next, err := a.Customers.Timeline(context.Background(), id, cursor, tact.MaxPageSize)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, page...)
		if next == "" {
			return out
		}
		cursor = next
	}
}

func interactionsOf(tb testing.TB, a *app.App, id string) []*interaction.Interaction {
	var out []*interaction.Interaction
	for _, e := range timelineOf(tb, a, id) {
		if e.Interaction != nil {
			out = append(out, e.Interaction)
		}
	}
	return out
}

func TestBuildIsRepeatable(t *testing.T) {
	t.Parallel()
	st1, res1 := shared(t)
	st2, res2 := build(t, 7)
	st3, res3 := build(t, 8)
	if diff := cmp.Diff(res1, res2); diff != "" {
		t.Errorf("same seed, different results (-first +second):\n%s", diff)
	}
	a1, a2, a3 := app.New(st1, app.Options{}), app.New(st2, app.Options{}), app.New(st3, app.Options{})
	names := func(list []*customer.Customer) []string {
		var out []string
		for _, c := range list {
			out = append(out, c.ID+" "+c.FullName()+" "+c.PrimaryPhone())
		}
		return out
	}
	c1, c2, c3 := allCustomers(t, a1), allCustomers(t, a2), allCustomers(t, a3)
	if len(c1) != size {
		t.Fatalf("built %d customers, want %d", len(c1), size)
	}
	if diff := cmp.Diff(names(c1), names(c2)); diff != "" {
		t.Errorf("same seed, different customers (-first +second):\n%s", diff)
	}
	if slices.Equal(names(c1), names(c3)) {
		t.Error("seeds 7 and 8 built the same customers")
	}
	for _, s := range res1.Stories {
		p1, _, err := a1.Customers.Timeline(context.Background(), s.CustomerID, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		p2, _, err := a2.Customers.Timeline(context.Background(), s.CustomerID, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(p1) < 5 {
			t.Errorf("story %d: timeline has %d entries", s.Number, len(p1))
		}
		if diff := cmp.Diff(p1, p2); diff != "" {
			t.Errorf("story %d: same seed, different timelines (-first +second):\n%s", s.Number, diff)
		}
	}
	matters := func(a *app.App) []string {
		var out []string
		list, _, err := a.Cases.List(context.Background(), app.CaseQuery{Limit: tact.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range list {
			out = append(out, k.ID+" "+k.CustomerID+" "+string(k.Status)+" "+k.OwnerID+" "+k.WhereWeAre)
		}
		promises, _, err := a.Commitments.List(context.Background(), commitment.Filter{Limit: tact.MaxPageSize}, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range promises {
			out = append(out, p.ID+" "+p.CustomerID+" "+string(p.Status)+" "+p.Due.String())
		}
		return out
	}
	if diff := cmp.Diff(matters(a1), matters(a2)); diff != "" {
		t.Errorf("same seed, different cases and promises (-first +second):\n%s", diff)
	}
	if res1.Stories[0].CustomerID == res3.Stories[0].CustomerID {
		t.Error("seeds 7 and 8 gave the hostage the same id")
	}
}

func TestStories(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{})
	if len(res.Stories) != 5 {
		t.Fatalf("%d stories, want 5", len(res.Stories))
	}
	for i, s := range res.Stories {
		if s.Number != i+1 || s.Key == "" || s.Title == "" || s.Name == "" || s.Note == "" || !s.Jurisdiction.Valid() {
			t.Errorf("story %d is incomplete: %+v", i+1, s)
		}
		// Each name is distinctive: searching the family name, or the full
		// name as an advisor types it (given name first), finds that customer
		// alone.
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{c.FamilyName, c.FullName()} {
			found, _, err := a.Customers.Search(ctx, app.SearchParams{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != 1 || found[0].ID != s.CustomerID || c.FullName() != s.Name {
				t.Errorf("story %d: searching %q finds %d customers", s.Number, q, len(found))
			}
		}
	}

	t.Run("1 hostage", func(t *testing.T) {
		s := story(t, res, "hostage")
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		// On since Phonéo's payment page: what lets Contact+ through to
		// her bills (TestStorySpaceBills).
		if c.Jurisdiction != tact.FR || !c.ThirdPartyBilling {
			t.Errorf("jurisdiction %s, third-party billing %v; want FR and on", c.Jurisdiction, c.ThirdPartyBilling)
		}
		usage, err := a.Customers.Usage(ctx, c.ID, "2025-01", "2026-12")
		if err != nil {
			t.Fatal(err)
		}
		var spend int64
		for _, u := range usage {
			spend += u.ThirdPartySpend.Cents
		}
		if len(usage) != 12 || spend == 0 {
			t.Errorf("%d months of usage with %d cents of third-party spend; want 12 with some", len(usage), spend)
		}
		if !slices.ContainsFunc(interactionsOf(t, a, c.ID), func(i *interaction.Interaction) bool {
			return i.Direction == interaction.Inbound && i.Subject == "third_party_charges" && strings.Contains(i.Summary, "Internet+")
		}) {
			t.Error("no inbound complaint about Internet+")
		}
	})

	t.Run("2 offer", func(t *testing.T) {
		s := story(t, res, "offer")
		var calls []*interaction.Interaction
		for _, i := range interactionsOf(t, a, s.CustomerID) {
			if i.Subject == "contract_adaptation" && i.Direction == interaction.Outbound && i.Channel == tact.ChannelPhone && i.Source == "atlas-contact" {
				calls = append(calls, i)
			}
		}
		if len(calls) < 3 {
			t.Fatalf("%d contract_adaptation calls from atlas-contact, want at least 3", len(calls))
		}
		if !slices.ContainsFunc(calls, func(i *interaction.Interaction) bool { return strings.Contains(i.Summary, "par écrit") }) {
			t.Error("no call where he asks for the offer in writing")
		}
		for _, i := range calls {
			if i.CallerID == "" || i.CallerID == interaction.CallerIDWithheld {
				t.Errorf("call %s shows caller id %q", i.ID, i.CallerID)
			}
		}
	})

	t.Run("3 cancellation", func(t *testing.T) {
		s := story(t, res, "cancellation")
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != customer.Cancelling || c.CancellingSince.IsZero() {
			t.Errorf("status %s since %v, want cancelling with a date", c.Status, c.CancellingSince)
		}
		actors := map[string]bool{}
		for _, i := range interactionsOf(t, a, c.ID) {
			if i.Direction == interaction.Inbound && !i.StartedAt.Before(c.CancellingSince.In(time.UTC).Add(-24*time.Hour)) {
				actors[i.Actor] = true
			}
		}
		if len(actors) < 3 {
			t.Errorf("bounced between %d agents since the request, want at least 3", len(actors))
		}
		// Her last bill, €149,000, is held for a supervisor: above three
		// times the median of her three paid ones.
		if s.BillID == "" {
			t.Fatal("story 3 has no held bill")
		}
		b, err := a.Bills.Get(ctx, s.BillID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != billing.OnHold || b.Total.Cents != demo.HeldBillTotal || b.CustomerID != c.ID ||
			!slices.ContainsFunc(b.Review.Findings, func(f billing.Finding) bool { return f.Rule == billing.RuleSpike && f.Holds }) {
			t.Errorf("the €149,000 bill: %s, %v, findings %+v; want on hold by %s", b.Status, b.Total, b.Review.Findings, billing.RuleSpike)
		}
		paid, _, err := a.Bills.List(ctx, billing.Filter{CustomerID: c.ID, Status: billing.Settled})
		if err != nil || len(paid) != 3 {
			t.Errorf("%d bills paid before it (%v), want 3", len(paid), err)
		}
	})

	t.Run("4 tactless: the offers that fit", func(t *testing.T) {
		// Story 4's campaign offers an LG phone and "more data": neither is
		// for the Québec iPhone owner on the largest plan.
		s := story(t, res, "tactless")
		then := app.New(st, app.Options{Clock: tact.NewManualClock(res.Now)})
		got, err := then.Offers.ForCustomer(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		refused := map[string][]offer.RuleID{}
		for _, n := range got.NotOffered {
			for _, r := range n.Reasons {
				refused[n.OfferCode] = append(refused[n.OfferCode], r.Rule)
			}
		}
		for _, o := range got.Offers {
			if o.Offer.Code == "QC-LG-K92" || o.Offer.Code == "QC-PLUS-DE-DONNEES" {
				t.Errorf("%s is offered to him", o.Offer.Code)
			}
		}
		if !slices.Contains(refused["QC-LG-K92"], offer.RulePlatform) {
			t.Errorf("the LG phone: refused by %v, want %s among them", refused["QC-LG-K92"], offer.RulePlatform)
		}
		if !slices.Contains(refused["QC-PLUS-DE-DONNEES"], offer.RuleUpgradeNotAbove) {
			t.Errorf("more data: refused by %v, want %s among them", refused["QC-PLUS-DE-DONNEES"], offer.RuleUpgradeNotAbove)
		}
	})

	t.Run("4 tactless: campaigns", func(t *testing.T) {
		// Story 4 replayed as campaigns over the demo operator: the LG phone
		// and "more data" campaigns leave the Québec iPhone owner on the
		// largest plan out, with the rule; a campaign of an offer that fits
		// him targets him at a lawful moment, with a brief that says vous.
		s := story(t, res, "tactless")
		then := app.New(st, app.Options{Clock: tact.NewManualClock(res.Now)})
		fit, err := then.Offers.ForCustomer(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fit.Offers) == 0 {
			t.Fatal("no offer fits him: nothing to target him with")
		}
		for _, tc := range []struct {
			code, offer string
			want        campaign.Outcome
			rule        offer.RuleID
		}{
			{"QC-LG", "QC-LG-K92", campaign.NoOffer, offer.RulePlatform},
			{"QC-PLUS", "QC-PLUS-DE-DONNEES", campaign.NoOffer, offer.RuleUpgradeNotAbove},
			{"QC-FITS", fit.Offers[0].Offer.Code, campaign.Target, ""},
		} {
			c := campaign.Campaign{Code: tc.code, Name: tact.Text{FR: tc.code, EN: tc.code}, Jurisdiction: tact.CAQC, Offers: []string{tc.offer},
				Channel: tact.ChannelPhone, Source: "dialer", CallerID: "+15145550100", CapacityPerDay: 10000,
				Starts: tact.DateOf(res.Now), Ends: tact.DateOf(res.Now).AddDays(30)}
			if _, _, err := then.Campaigns.Create(ctx, c); err != nil {
				t.Fatalf("%s: %v", tc.code, err)
			}
			plan, _, err := then.Campaigns.Plan(ctx, tc.code, nil)
			if err != nil {
				t.Fatalf("%s: %v", tc.code, err)
			}
			var his *app.Target
			cursor := ""
			for his == nil {
				page, next, err := then.Campaigns.Entries(ctx, tc.code, "", cursor, tact.MaxPageSize)
				if err != nil {
					t.Fatal(err)
				}
				for i := range page {
					if page[i].CustomerID == s.CustomerID {
						his = &page[i]
					}
				}
				if next == "" {
					break
				}
				cursor = next
			}
			if his == nil || his.Outcome != tc.want {
				t.Errorf("%s: his entry %+v, want %s (plan %+v)", tc.code, his, tc.want, plan.Counts)
				continue
			}
			if tc.rule != "" && !slices.Contains(his.Rules, string(tc.rule)) {
				t.Errorf("%s: rules %v, want %s among them", tc.code, his.Rules, tc.rule)
			}
			if tc.want != campaign.Target {
				continue
			}
			if his.Brief == nil || his.Brief.Address.FormOfAddress != customer.Vous || !strings.Contains(his.Brief.Address.HowTo, "Vouvoyer") ||
				his.Address == nil || his.Address.FormOfAddress != customer.Vous {
				t.Errorf("%s: target without a brief that says vous: %+v", tc.code, his)
			}
			d, err := then.Contacts.Decide(ctx, contactpolicy.Request{CustomerID: s.CustomerID, Purpose: tact.PurposeSales, Channel: tact.ChannelPhone,
				At: *his.Slot, Source: "dialer", CallerID: "+15145550100", Campaign: tc.code})
			if err != nil {
				t.Fatal(err)
			}
			if d.Verdict != contactpolicy.Allow {
				t.Errorf("%s: at his slot %v the contact policy says %s %v", tc.code, his.Slot, d.Verdict, d.Reasons)
			}
		}
	})

	t.Run("4 tactless", func(t *testing.T) {
		s := story(t, res, "tactless")
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Jurisdiction != tact.CAQC || c.Language != tact.LangFrCA || c.FormOfAddress != customer.Vous || c.Salutation != customer.Monsieur {
			t.Errorf("got %s %s %s %s, want CA-QC fr-CA vous monsieur", c.Jurisdiction, c.Language, c.FormOfAddress, c.Salutation)
		}
		want := []customer.Window{{From: 19 * 60, To: 9 * 60}}
		if !slices.Equal(c.Preferences.QuietHours, want) {
			t.Errorf("quiet hours %v, want 19:00–09:00", c.Preferences.QuietHours)
		}
		devices, err := a.Customers.Devices(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(devices, func(d *customer.Device) bool { return d.OS == tact.IOS }) {
			t.Errorf("no iOS device in %v", devices)
		}
		plans, err := a.Catalog.Plans(ctx, catalog.Filter{Jurisdiction: tact.CAQC})
		if err != nil {
			t.Fatal(err)
		}
		top := plans[0]
		for _, p := range plans {
			if p.Tier > top.Tier {
				top = p
			}
		}
		lines, err := a.Customers.Lines(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) == 0 || lines[0].PlanCode != top.Code {
			t.Errorf("lines %v, want one on %s (tier %d)", lines, top.Code, top.Tier)
		}
		loc := c.Location()
		if !slices.ContainsFunc(interactionsOf(t, a, c.ID), func(i *interaction.Interaction) bool {
			local := i.StartedAt.In(loc)
			return i.Purpose == tact.PurposeSales && i.Direction == interaction.Outbound && local.Hour() == 19 && local.Minute() == 5 &&
				strings.Contains(i.Summary, "« tu »") && strings.Contains(i.Summary, "silence")
		}) {
			t.Error("no outbound sales call at 19:05 with silence and « tu »")
		}
	})

	t.Run("5 goodbye", func(t *testing.T) {
		s := story(t, res, "goodbye")
		c, err := a.Customers.Get(ctx, s.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != customer.Former || c.FormerSince.IsZero() {
			t.Errorf("status %s since %v, want former with a date", c.Status, c.FormerSince)
		}
		surveyors := map[string]bool{}
		var withheld, six14 bool
		for _, i := range interactionsOf(t, a, c.ID) {
			if i.Purpose == tact.PurposeSurvey && i.Subject == "exit_survey" {
				surveyors[i.Source] = true
			}
			if i.CallerID == interaction.CallerIDWithheld && i.Outcome == interaction.Voicemail {
				withheld = true
				six14 = strings.Contains(i.Summary, "614")
			}
		}
		if len(surveyors) != 2 || !withheld || !six14 {
			t.Errorf("surveys from %v, withheld voicemail %v mentioning 614 %v", surveyors, withheld, six14)
		}
		lines, err := a.Customers.Lines(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if l.Status != customer.LineEnded {
				t.Errorf("line %s is %s after he left", l.ID, l.Status)
			}
		}
	})
}

func TestExistingAndRebuild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	empty := openStores(t)
	if _, ok, err := demo.Existing(ctx, empty); ok || err != nil {
		t.Errorf("Existing on an empty database: ok %v, err %v", ok, err)
	}
	st, res := shared(t)
	got, ok, err := demo.Existing(ctx, st)
	if err != nil || !ok {
		t.Fatalf("Existing: ok %v, err %v", ok, err)
	}
	if diff := cmp.Diff(res, got); diff != "" {
		t.Errorf("Existing differs from Build's result (-built +read):\n%s", diff)
	}
	if got.Seed != 7 || got.Customers != size || len(got.Stories) != 5 || !got.Now.Equal(now) {
		t.Errorf("marker %+v", got)
	}
	if _, err := demo.Build(ctx, st, demo.Options{Seed: 7, Customers: size, Now: now}); tact.ErrorCode(err) != tact.CodeConflict || !strings.Contains(err.Error(), "already holds the demo") {
		t.Errorf("second Build: %v, want a conflict saying the demo is there", err)
	}

	// A database with someone else's customers is refused too.
	other := openStores(t)
	a := app.New(other, app.Options{})
	if _, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.FR), FamilyName: tact.Some("Réel")}); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Build(ctx, other, demo.Options{Customers: size, Now: now}); tact.ErrorCode(err) != tact.CodeConflict {
		t.Errorf("Build over real customers: %v, want a conflict", err)
	}
	if _, ok, err := demo.Existing(ctx, other); ok || err != nil {
		t.Errorf("Existing over real customers: ok %v, err %v", ok, err)
	}
}

// TestMix checks that the crowd looks like an operator's customers.
func TestMix(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{})
	count := map[string]int{}
	lastMonth := tact.MonthOf(now).AddMonths(-1)
	for _, c := range allCustomers(t, a) {
		count[string(c.Jurisdiction)]++
		count[string(c.Language)]++
		count[string(c.FormOfAddress)]++
		count[string(c.Salutation)]++
		count[string(c.Status)]++
		count[c.TimeZone]++
		if c.DoNotCall != nil {
			count["dnc"]++
		}
		if c.ThirdPartyBilling {
			count["third-party on"]++
		}
		if len(c.Preferences.QuietHours) > 0 {
			count["quiet hours"]++
		}
		if len(c.Consents) > 0 {
			count["consents"]++
		}
		if c.Status == customer.Former && c.FormerSince.IsZero() || c.Status == customer.Cancelling && c.CancellingSince.IsZero() {
			t.Errorf("%s is %s without its date", c.ID, c.Status)
		}
		for _, p := range c.Phones {
			n, _, err := customer.NormalizePhone(p.Number, c.Jurisdiction.PhoneRegion())
			if err != nil || n != p.Number {
				t.Errorf("%s: phone %s does not survive the numbering plan: %v", c.ID, p.Number, err)
			}
			if c.Jurisdiction == tact.FR && p.Primary && !strings.HasPrefix(p.Number, "+336") && !strings.HasPrefix(p.Number, "+337") {
				t.Errorf("%s: French mobile %s is not an 06/07 number", c.ID, p.Number)
			}
		}
		devices, err := a.Customers.Devices(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range devices {
			count["os "+string(d.OS)]++
		}
		lines, err := a.Customers.Lines(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) == 0 || len(lines) > 3 {
			t.Errorf("%s has %d lines", c.ID, len(lines))
		}
		usage, err := a.Customers.Usage(ctx, c.ID, lastMonth.AddMonths(-11), lastMonth.AddMonths(1))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range usage {
			if u.Month > lastMonth {
				t.Errorf("%s: usage for %s, after the last full month %s", c.ID, u.Month, lastMonth)
			}
			if u.RoamingDataMB > 0 {
				count["roaming"]++
			}
		}
		if c.Status == customer.Active && len(usage) == 0 {
			t.Errorf("active %s has no usage", c.ID)
		}
		for _, i := range interactionsOf(t, a, c.ID) {
			count["interactions"]++
			count["channel "+string(i.Channel)]++
			count["purpose "+string(i.Purpose)]++
			count["outcome "+string(i.Outcome)]++
			if i.ExternalID != "" {
				count["external ids"]++
			}
			if i.Direction == interaction.Outbound && (i.Channel == tact.ChannelPhone || i.Channel == tact.ChannelSMS) && i.CallerID != interaction.CallerIDWithheld {
				if n, _, err := customer.NormalizePhone(i.CallerID, c.Jurisdiction.PhoneRegion()); err != nil || n != i.CallerID {
					t.Errorf("caller id %q of %s is not a valid E.164 number", i.CallerID, i.ID)
				}
			}
			if i.StartedAt.After(now) {
				t.Errorf("interaction %s starts after now", i.ID)
			}
		}
	}
	t.Logf("mix of %d customers: %v", res.Customers, count)
	perCustomer := float64(count["interactions"]) / float64(size)
	if perCustomer < 20 || perCustomer > 28 {
		t.Errorf("%.1f interactions per customer, want over 20", perCustomer)
	}
	fr, qc := count[string(tact.FR)], count[string(tact.CAQC)]
	if fr < size/2 || qc < size/4 {
		t.Errorf("%d FR and %d CA-QC customers, want about 60/40", fr, qc)
	}
	for _, k := range []string{
		string(tact.LangFrFR), string(tact.LangFrCA), string(tact.LangEN), "tu", "vous", "madame", "monsieur", "none",
		"active", "cancelling", "former", "Europe/Paris", "America/Toronto", "quiet hours", "consents", "roaming",
		"os ios", "os android", "external ids", "channel email", "channel sms", "channel letter", "channel chat",
		"channel web", "channel app", "channel shop", "purpose sales", "purpose survey", "purpose incident",
		"purpose collection", "purpose legal", "outcome no_answer", "outcome voicemail", "outcome refused",
	} {
		if count[k] == 0 {
			t.Errorf("no %q in the crowd", k)
		}
	}
}

// TestDefaultSize builds the default demo and checks it is quick.
func TestDefaultSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,000 customers")
	}
	t.Parallel()
	st := openStores(t)
	start := time.Now()
	var calls int
	res, err := demo.Build(context.Background(), st, demo.Options{Seed: 1, Progress: func(done, total int) {
		calls++
		if total != demo.DefaultCustomers || done > total {
			t.Errorf("progress %d/%d", done, total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d customers, %d lines, %d interactions in %s", res.Customers, res.Lines, res.Interactions, time.Since(start))
	if res.Customers != demo.DefaultCustomers || calls == 0 {
		t.Errorf("%d customers, %d progress calls", res.Customers, calls)
	}
	if want := (tact.SystemClock{}).Now().Truncate(24 * time.Hour); !res.Now.Equal(want) {
		t.Errorf("reference instant %v, want the start of today %v", res.Now, want)
	}
}
