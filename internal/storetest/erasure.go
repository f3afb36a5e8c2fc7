package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

var erasureTests = []contractTest{
	{"EraseMarketingData", testEraseMarketingData},
	{"EraseMarketingDataRefusals", testEraseMarketingDataRefusals},
	{"MarketingErasureCandidates", testMarketingErasureCandidates},
}

// erasureDay is the day the fixtures' erasures are made: three years and more
// after their customers left.
var erasureDay = date(2026, time.March, 2)

// leave makes c a former customer since the given day, through the domain.
func (f *fixture) leave(t *testing.T, c *customer.Customer, since tact.Date) {
	t.Helper()
	u := customer.Update{Status: tact.Some(customer.Former), FormerSince: tact.Some(since)}
	if since.Before(c.CustomerSince) {
		u.CustomerSince = tact.Some(date(2015, time.January, 1))
	}
	evs := f.update(t, c, u)
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, c, evs))
}

// marketingRich is a customer with marketing data of every kind beside his
// record, and legal records the erasure must keep: a line with two months of
// usage and two devices, an entry in two campaign plans, two survey answers
// (one with words), an interaction, a contact decision, a survey request, a
// promise, a bill and a third-party consent.
type marketingRich struct {
	c            *customer.Customer
	line         *customer.Line
	plans        []*campaign.Campaign
	answers      []*survey.Response
	bill         *billing.Bill
	decision     *contactpolicy.Record
	thirdParty   billing.ThirdPartyConsent
	promise      *commitment.Commitment
	deviceEvents []customer.Event
}

func (f *fixture) marketingRich(t *testing.T, u customer.Update, number string, campaigns ...*campaign.Campaign) *marketingRich {
	t.Helper()
	m := &marketingRich{}
	m.c, _ = f.createCustomer(t, u)
	c := m.c
	m.line = f.createLine(t, c, number, "FR-ERASE", date(2019, time.May, 1))
	for _, d := range []struct {
		brand, model string
		os           tact.OS
	}{{"Apple", "iPhone 15 Pro", tact.IOS}, {"Freebox", "Pop", tact.OtherOS}} {
		dev, evs := f.newDevice(t, c, "", d.brand, d.model, d.os)
		must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, dev, evs))
		m.deviceEvents = append(m.deviceEvents, evs...)
	}
	for _, month := range []tact.Month{"2022-11", "2022-12"} {
		must(t, "PutUsage", f.st.Customers.PutUsage(f.ctx, usage(t, m.line, month, 4200)))
	}
	for i, words := range []string{"Appelé en numéro masqué après mon départ.", ""} {
		r := &survey.Response{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: fmt.Sprintf("case:cas_%d", i), Source: "pollster",
			Scale: survey.NPS, Score: 3 + i, Verbatim: words, Sentiment: survey.Detractor, CaseID: "cas_1", AnsweredAt: epoch.UTC(), CreatedAt: epoch.UTC()}
		must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, r, nil))
		m.answers = append(m.answers, r)
	}
	f.createInteraction(t, c, "pbx", "", epoch.Add(-time.Hour))
	m.decision = f.newDecision(t, c, salesCall(time.Time{}))
	must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{m.decision}))
	f.survey(t, c, "pollster", "exit:"+c.ID)
	m.promise = f.promise(t, c, commitment.SendOffer, epoch.Add(72*time.Hour))
	r := f.run(1)
	m.bill = f.draftBill(r.ID, c.ID, date(2022, time.December, 31), 1999, billing.Validated)
	must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, []*billing.Bill{m.bill}, []billing.Event{reviewedEvent(f, m.bill)}))
	m.thirdParty = f.createConsent(t, c.ID, "TP-1", time.Hour)
	return m
}

// planWith saves a plan of campaign cp whose entries name each of ids.
func (f *fixture) planWith(t *testing.T, cp *campaign.Campaign, ids ...string) {
	t.Helper()
	var entries []*campaign.Entry
	for _, id := range ids {
		entries = append(entries, &campaign.Entry{CustomerID: id, Outcome: campaign.Suppressed, Rules: []string{"former_customer"}})
	}
	plan := &campaign.Plan{Campaign: cp.Code, PlannedAt: epoch.UTC(), Customers: len(ids), Audience: len(ids),
		Counts: map[campaign.Outcome]int{campaign.Suppressed: len(ids)}, NoOffer: map[string]int{}, Suppressed: map[string]int{"former_customer": len(ids)}}
	must(t, "SavePlan", f.st.Campaigns.SavePlan(f.ctx, plan, entries))
}

// entriesOf returns the customer ids of every entry of the campaign's plan.
func (f *fixture) entriesOf(t *testing.T, code string) []string {
	t.Helper()
	list, err := f.st.Campaigns.FindEntries(f.ctx, code, "", "", 1000)
	must(t, "FindEntries", err)
	var ids []string
	for _, e := range list {
		ids = append(ids, e.CustomerID)
	}
	return ids
}

// legalRecords is what of a customer the erasure must leave as it was: his
// lines, bills, promises, decisions, third-party consents, and his timeline
// (interactions, case and promise events, his own events) without the
// device events, which lose what the device was, and the erasure's event.
func (f *fixture) legalRecords(t *testing.T, customerID string) map[string]any {
	t.Helper()
	lines, err := f.st.Customers.FindLines(f.ctx, customerID)
	must(t, "FindLines", err)
	bills, err := f.st.Bills.FindBills(f.ctx, billing.Filter{CustomerID: customerID, Limit: tact.MaxPageSize})
	must(t, "FindBills", err)
	promises, err := f.st.Commitments.FindCommitments(f.ctx, commitment.Filter{CustomerID: customerID, Limit: tact.MaxPageSize})
	must(t, "FindCommitments", err)
	decisions, err := f.st.Decisions.FindDecisions(f.ctx, contactpolicy.Filter{CustomerID: customerID, Limit: tact.MaxPageSize})
	must(t, "FindDecisions", err)
	surveys, err := f.st.Surveys.FindSurveys(f.ctx, customerID)
	must(t, "FindSurveys", err)
	var kept []timeline.Entry
	for _, e := range f.timeline(t, customerID) {
		if e.Kind == timeline.KindEvent && (e.Event.Kind == customer.EventDeviceAdded || e.Event.Kind == customer.EventMarketingErased) {
			continue
		}
		kept = append(kept, e)
	}
	return map[string]any{"lines": lines, "bills": bills, "promises": promises, "decisions": decisions, "surveys": surveys,
		"third-party consents": f.consentsOf(t, customerID)[customerID], "timeline": kept}
}

// testEraseMarketingData: the erasure removes exactly the marketing data,
// of him alone, keeps the legal records and what protects him, records
// itself once, and erasing again does nothing.
func testEraseMarketingData(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-ERASE", tact.FR, 2)
	spring, autumn := newCampaign("SPRING"), newCampaign("AUTUMN")
	must(t, "CreateCampaign", f.st.Campaigns.CreateCampaign(f.ctx, spring))
	must(t, "CreateCampaign", f.st.Campaigns.CreateCampaign(f.ctx, autumn))
	him := f.marketingRich(t, full(f), "06 12 34 56 78")
	other := f.marketingRich(t, person(tact.FR, "Zoé", "Durand"), "06 99 88 77 66")
	f.planWith(t, spring, him.c.ID, other.c.ID)
	f.planWith(t, autumn, him.c.ID)
	f.leave(t, him.c, date(2022, time.December, 31))
	f.leave(t, other.c, date(2022, time.December, 31))
	legal := f.legalRecords(t, him.c.ID)
	otherBefore := f.find(t, other.c.ID)

	f.tick()
	c := f.find(t, him.c.ID)
	version := c.Version
	erased := lifecycle.EraseMarketingData(c, erasureDay)
	c.UpdatedAt = f.now()
	ev := []customer.Event{{Kind: customer.EventMarketingErased}}
	customer.Stamp(ev, c.ID, f.now(), f.actor, f.ids)
	got, done, err := f.st.Customers.EraseMarketingData(f.ctx, c, erased, ev[0])
	must(t, "EraseMarketingData", err)
	if !done {
		t.Error("EraseMarketingData said the customer was erased before")
	}
	want := customer.MarketingErasure{Consents: 1, PreferredSlots: 1, OppositionCheck: 1, Devices: 2, DeviceEvents: 2, Usage: 2,
		CampaignEntries: 2, SurveyVerbatims: 1}
	diff(t, "what was erased", want, got)
	if c.Version != version+1 {
		t.Errorf("the erasure left version %d, want %d", c.Version, version+1)
	}

	// His record: as the domain left it, the refusal, do-not-call, quiet
	// hours and preferred channel still there, marked erased.
	stored := f.find(t, c.ID)
	diff(t, "customer after the erasure", c, stored)
	if len(stored.Consents) != 1 || stored.Consents[0].Granted || stored.DoNotCall == nil || len(stored.Preferences.QuietHours) != 1 ||
		stored.Preferences.PreferredChannel != tact.ChannelEmail || len(stored.Preferences.PreferredSlots) != 0 ||
		stored.OppositionCheckedAt != nil || stored.MarketingErasedOn != erasureDay || !stored.ThirdPartyBilling {
		t.Errorf("customer after the erasure: %+v", stored)
	}
	// What lay beside it.
	devices, err := f.st.Customers.FindDevices(f.ctx, c.ID)
	must(t, "FindDevices", err)
	use, err := f.st.Customers.FindUsage(f.ctx, c.ID, "2000-01", "2100-12")
	must(t, "FindUsage", err)
	if len(devices) != 0 || len(use) != 0 {
		t.Errorf("after the erasure: %d devices, %d months of usage, want none", len(devices), len(use))
	}
	diff(t, "spring plan's entries", []string{other.c.ID}, f.entriesOf(t, spring.Code))
	diff(t, "autumn plan's entries", []string(nil), f.entriesOf(t, autumn.Code))
	answers, err := f.st.Responses.FindResponses(f.ctx, c.ID)
	must(t, "FindResponses", err)
	for _, a := range him.answers {
		a.Verbatim = ""
	}
	diff(t, "his answers without their words", []*survey.Response{him.answers[1], him.answers[0]}, answers)
	// The device events stay, without what the devices were; the erasure's
	// event says what went.
	events := map[string]customer.Event{}
	for _, e := range f.timeline(t, c.ID) {
		if e.Kind == timeline.KindEvent {
			events[e.ID] = *e.Event
		}
	}
	for _, d := range him.deviceEvents {
		e := events[d.ID]
		if e.Kind != customer.EventDeviceAdded || e.Detail["device_id"] == "" || e.Detail["brand"] != "" || e.Detail["model"] != "" || e.Detail["os"] != "" {
			t.Errorf("device event after the erasure: %+v", e)
		}
	}
	ev[0].Detail = want.Detail()
	f.wantEvents(t, c.ID, ev)
	diff(t, "his legal records", legal, f.legalRecords(t, c.ID))

	// The other customer: untouched.
	diff(t, "the other customer", otherBefore, f.find(t, other.c.ID))
	devices, err = f.st.Customers.FindDevices(f.ctx, other.c.ID)
	must(t, "FindDevices", err)
	use, err = f.st.Customers.FindUsage(f.ctx, other.c.ID, "2000-01", "2100-12")
	must(t, "FindUsage", err)
	theirs, err := f.st.Responses.FindResponses(f.ctx, other.c.ID)
	must(t, "FindResponses", err)
	if len(devices) != 2 || len(use) != 2 || theirs[1].Verbatim == "" {
		t.Errorf("the other customer lost data: %d devices, %d months of usage, answer %+v", len(devices), len(use), theirs[1])
	}
	f.wantEvents(t, other.c.ID, other.deviceEvents)

	// Again, from a fresh read or from the stale copy: nothing happens.
	for what, again := range map[string]*customer.Customer{"read again": f.find(t, c.ID), "stale copy": him.c} {
		before := f.find(t, c.ID)
		e := lifecycle.EraseMarketingData(again, erasureDay.AddDays(1))
		evs := []customer.Event{{Kind: customer.EventMarketingErased}}
		customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
		got, done, err := f.st.Customers.EraseMarketingData(f.ctx, again, e, evs[0])
		must(t, "EraseMarketingData "+what, err)
		if done {
			t.Errorf("a second erasure, %s, said it erased", what)
		}
		diff(t, "a second erasure, "+what, customer.MarketingErasure{}, got)
		diff(t, "customer after a second erasure, "+what, before, f.find(t, c.ID))
		f.noEvents(t, c.ID, evs)
	}
}

// testEraseMarketingDataRefusals: a stale version is refused and a missing
// customer not found, writing nothing.
func testEraseMarketingDataRefusals(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-ERASE", tact.FR, 2)
	m := f.marketingRich(t, full(f), "06 12 34 56 78")
	f.leave(t, m.c, date(2022, time.December, 31))
	stale := f.find(t, m.c.ID)
	f.tick()
	fresh := f.find(t, m.c.ID)
	evs := f.update(t, fresh, customer.Update{GivenName: tact.Some("Hélène-Marie")})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, fresh, evs))

	version := stale.Version
	ev := []customer.Event{{Kind: customer.EventMarketingErased}}
	customer.Stamp(ev, stale.ID, f.now(), f.actor, f.ids)
	_, _, err := f.st.Customers.EraseMarketingData(f.ctx, stale, lifecycle.EraseMarketingData(stale, erasureDay), ev[0])
	wantCode(t, "an erasure of a stale version", err, tact.CodePreconditionFailed, "")
	if stale.Version != version {
		t.Errorf("a refused erasure left version %d, want %d", stale.Version, version)
	}
	diff(t, "customer after a refused erasure", fresh, f.find(t, m.c.ID))
	devices, err := f.st.Customers.FindDevices(f.ctx, m.c.ID)
	must(t, "FindDevices", err)
	if len(devices) != 2 {
		t.Errorf("a refused erasure deleted devices: %d left", len(devices))
	}
	f.noEvents(t, m.c.ID, ev)

	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	_, _, err = f.st.Customers.EraseMarketingData(f.ctx, ghost, customer.MarketingErasure{}, ev[0])
	wantCode(t, "an erasure of a missing customer", err, tact.CodeNotFound, "")
}

// testMarketingErasureCandidates: former customers who ended by the cutoff
// and were not erased since, in (former_since, id) order, a page at a time;
// not the active, the later, the erased; again the one who came back after
// his erasure and left again.
func testMarketingErasureCandidates(t *testing.T, f *fixture) {
	cutoff := date(2023, time.March, 2)
	mk := func(name string, since tact.Date) *customer.Customer {
		c, _ := f.createCustomer(t, person(tact.FR, name, "Ancien"))
		if !since.IsZero() {
			f.leave(t, c, since)
		}
		return c
	}
	// Created out of order so that id order and end order differ.
	late := mk("Late", cutoff.AddDays(1))
	b := mk("B", cutoff)
	a := mk("A", date(2020, time.June, 1))
	sameDay1 := mk("S1", date(2021, time.January, 15))
	sameDay2 := mk("S2", date(2021, time.January, 15))
	mk("Active", tact.Date{})
	erased := mk("Erased", date(2019, time.January, 1))
	ev := []customer.Event{{Kind: customer.EventMarketingErased}}
	customer.Stamp(ev, erased.ID, f.now(), f.actor, f.ids)
	_, _, err := f.st.Customers.EraseMarketingData(f.ctx, erased, lifecycle.EraseMarketingData(erased, date(2022, time.January, 1)), ev[0])
	must(t, "EraseMarketingData", err)
	// Came back after his erasure, left again before the cutoff.
	back := mk("Back", date(2018, time.January, 1))
	back.MarketingErasedOn = date(2021, time.January, 1)
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, back, nil))
	f.leave(t, back, date(2022, time.June, 1))
	// Came back and is a customer again (his last end still on file): not
	// a candidate.
	returned := mk("Returned", date(2019, time.June, 1))
	evs := f.update(t, returned, customer.Update{Status: tact.Some(customer.Active)})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, returned, evs))
	_ = late

	first, second := sameDay1, sameDay2
	if second.ID < first.ID {
		first, second = second, first
	}
	want := []string{a.ID, first.ID, second.ID, back.ID, b.ID}
	var got []string
	q := customer.ErasureQuery{EndedBy: cutoff, Limit: 2}
	for pages := 0; ; pages++ {
		page, err := f.st.Customers.FindMarketingErasureCandidates(f.ctx, q)
		must(t, "FindMarketingErasureCandidates", err)
		for _, c := range page {
			got = append(got, c.ID)
			if c.Status != customer.Former || c.GivenName == "" {
				t.Errorf("candidate %s read as %+v", c.ID, c)
			}
		}
		if len(page) < q.Limit || pages > 10 {
			break
		}
		last := page[len(page)-1]
		q.AfterEnded, q.AfterID = last.FormerSince, last.ID
	}
	diff(t, "candidates by end then id, in pages of 2", want, got)

	// Read as FindCustomerByID reads them.
	page, err := f.st.Customers.FindMarketingErasureCandidates(f.ctx, customer.ErasureQuery{EndedBy: cutoff, Limit: 1})
	must(t, "FindMarketingErasureCandidates", err)
	diff(t, "a candidate read back", f.find(t, a.ID), page[0])
}
