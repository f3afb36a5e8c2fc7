package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

var factsTests = []contractTest{
	{"SeveralCustomers", testFactsSeveral},
	{"Bounds", testFactsBounds},
	{"ManyCustomers", testFactsMany},
	{"FollowEveryChange", testFactsFollowEveryChange},
}

// lookBacks is a FactsQuery.Since whose look-back differs by jurisdiction,
// as the policy's does, so a store that applies one to everybody fails.
func (f *fixture) lookBacks() func(tact.Jurisdiction) time.Time {
	now := f.now()
	return func(j tact.Jurisdiction) time.Time {
		if j == tact.CAQC {
			return now.Add(-90 * 24 * time.Hour)
		}
		return now.Add(-30 * 24 * time.Hour)
	}
}

// outbound stores an outbound contact of c started at, and returns the
// attempt the facts must show for it.
func (f *fixture) outbound(t *testing.T, c *customer.Customer, key string, at time.Time, outcome interaction.Outcome) contactpolicy.Attempt {
	t.Helper()
	i := &interaction.Interaction{ID: f.ids.New(tact.PrefixInteraction), CustomerID: c.ID, Channel: tact.ChannelPhone,
		Direction: interaction.Outbound, Purpose: tact.PurposeSales, Subject: "device_upgrade", Source: "dialer", ExternalID: key,
		Actor: "dialer 3", CallerID: "+33 1 76 00 00 00", StartedAt: at, Outcome: outcome, RecordedAt: f.now()}
	must(t, "Interaction.Normalize", i.Normalize(c.Jurisdiction.PhoneRegion()))
	must(t, "Interaction.Validate", i.Validate(f.now()))
	stored, _, err := f.st.Interactions.CreateInteraction(f.ctx, i)
	must(t, "CreateInteraction", err)
	return contactpolicy.Attempt{At: stored.StartedAt, Channel: stored.Channel, Purpose: stored.Purpose, Source: stored.Source,
		Outcome: stored.Outcome, Subject: stored.Subject}
}

// survey books a survey of c about event, with the decision that allowed it.
func (f *fixture) survey(t *testing.T, c *customer.Customer, source, event string) *survey.Request {
	t.Helper()
	d := f.newDecision(t, c, contactpolicy.Request{Purpose: tact.PurposeSurvey, Channel: tact.ChannelEmail, Source: source, Event: event})
	r := &survey.Request{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: event, Source: source, Channel: tact.ChannelEmail,
		At: d.At, DecisionID: d.ID, CreatedAt: f.now()}
	must(t, "CreateSurvey", f.st.Surveys.CreateSurvey(f.ctx, r, d))
	return r
}

// promise makes and stores a pending promise of c.
func (f *fixture) promise(t *testing.T, c *customer.Customer, kind commitment.Kind, due time.Time) *commitment.Commitment {
	t.Helper()
	p, evs := f.newCommitment(t, c, kind, advisorA, due)
	must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, evs))
	return p
}

// findFacts asks the store for the facts of ids.
func (f *fixture) findFacts(t *testing.T, q contactpolicy.FactsQuery) map[string]*contactpolicy.Facts {
	t.Helper()
	if q.Since == nil {
		q.Since = f.lookBacks()
	}
	got, err := f.st.Facts.FindFacts(f.ctx, q)
	must(t, "FindFacts", err)
	return got
}

func testFactsSeveral(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	u := person(tact.FR, "Jean", "Dupont")
	u.Phones = tact.Some([]customer.Phone{{Number: "06 12 34 56 78", Primary: true}})
	u.Emails = tact.Some([]customer.Email{{Address: "jean@example.fr"}})
	u.Consents = []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb,
		Proof: "form-2026-0042", At: f.now().Add(-time.Hour)}}
	u.OppositionCheckedAt = tact.Some(f.now().Add(-24*time.Hour + 7*time.Microsecond))
	jean, _ := f.createCustomer(t, u)
	rejean, _ := f.createCustomer(t, person(tact.CAQC, "Réjean", "Tardif"))
	nobody, _ := f.createCustomer(t, person(tact.FR, "Anne", "Rien"))
	ghost := f.ids.New(tact.PrefixCustomer)

	// Jean: a line in force, contacts in and out of his 30-day look-back and
	// an inbound call, two surveys, open and kept promises, open and
	// resolved cases.
	f.createLine(t, jean, "06 11 22 33 44", plan.Code, date(2020, time.January, 10))
	recent := f.outbound(t, jean, "recent", f.now().Add(-time.Hour), interaction.Refused)
	older := f.outbound(t, jean, "older", f.now().Add(-10*24*time.Hour), interaction.NoAnswer)
	f.outbound(t, jean, "too-old", f.now().Add(-31*24*time.Hour), interaction.Completed)
	f.createInteraction(t, jean, "ivr", "inbound", f.now().Add(-2*time.Hour))
	first := f.survey(t, jean, "vendor-a", "exit:1")
	f.tick()
	second := f.survey(t, jean, "vendor-b", "case:2")
	credit := f.promise(t, jean, commitment.IssueCredit, f.now().Add(48*time.Hour))
	offer := f.promise(t, jean, commitment.SendOffer, f.now().Add(24*time.Hour))
	kept := f.promise(t, jean, commitment.SendOffer, f.now().Add(12*time.Hour))
	evs, err := kept.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: "dlv_x"}, f.now())
	must(t, "Keep", err)
	commitment.Stamp(evs, kept, f.now(), f.actor, f.ids)
	must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, kept, evs))
	open, _ := f.createCase(t, jean, cases.Complaint, advisorA)
	f.tick()
	done, _ := f.createCase(t, jean, cases.Billing, advisorA)
	evs2, err := done.Resolve(cases.Person{UserID: advisorA}, "Avoir émis.", f.now())
	must(t, "Resolve", err)
	cases.Stamp(evs2, done, f.now(), f.actor, f.ids)
	must(t, "UpdateCase", f.st.Cases.UpdateCase(f.ctx, done, evs2))
	// Bills: two disputes, one resolved; two credit notes, one applied.
	f.dispute(t, jean, date(2026, time.January, 31))
	f.resolve(t, f.dispute(t, jean, date(2026, time.February, 28)))
	f.credit(t, jean)
	f.settle(t, f.credit(t, jean))

	// Réjean: an ended line only, and a contact 40 days ago, inside his
	// 90-day look-back though outside Jean's; a dispute resolved, a credit
	// applied.
	l := f.createLine(t, rejean, "514 555 0101", plan.Code, date(2021, time.May, 3))
	f.resolve(t, f.dispute(t, rejean, date(2026, time.January, 31)))
	f.settle(t, f.credit(t, rejean))
	ended := f.changeLine(t, rejean, l, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(2026, time.January, 31))})
	must(t, "end the line", f.st.Customers.UpdateLine(f.ctx, l, ended))
	far := f.outbound(t, rejean, "far", f.now().Add(-40*24*time.Hour), interaction.Completed)

	got := f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: []string{jean.ID, ghost, rejean.ID, nobody.ID, jean.ID},
		MaxAttempts: 100, MaxOpen: 100})
	jeanNow := f.find(t, jean.ID)
	want := map[string]*contactpolicy.Facts{
		jean.ID: {Customer: jeanNow, OppositionCheckedAt: jeanNow.OppositionCheckedAt, HasContract: true,
			Attempts: []contactpolicy.Attempt{recent, older, second.Attempt(), first.Attempt()},
			Promises: []*commitment.Commitment{f.findCommitment(t, offer.ID), f.findCommitment(t, credit.ID)},
			Cases:    []*cases.Case{f.findCase(t, open.ID)}, OpenDisputes: 1, PendingCredits: 2},
		rejean.ID: {Customer: f.find(t, rejean.ID), Attempts: []contactpolicy.Attempt{far}},
		nobody.ID: {Customer: f.find(t, nobody.ID)},
	}
	diff(t, "facts of several customers (none of the one that does not exist)", want, got)
	for id, fs := range got {
		for _, a := range fs.Attempts {
			wantUTC(t, "attempt of "+id, a.At)
		}
	}
	diff(t, "facts of one customer alike", map[string]*contactpolicy.Facts{nobody.ID: want[nobody.ID]},
		f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: []string{nobody.ID}, MaxAttempts: 100, MaxOpen: 100}))
	diff(t, "facts of nobody", map[string]*contactpolicy.Facts{},
		f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: nil, MaxAttempts: 100, MaxOpen: 100}))
	diff(t, "facts of a customer that does not exist", map[string]*contactpolicy.Facts{},
		f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: []string{ghost}, MaxAttempts: 100, MaxOpen: 100}))
}

// testFactsBounds checks that the caps keep the newest contacts, the
// promises due first and the cases opened last.
func testFactsBounds(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	var attempts []contactpolicy.Attempt
	for k := range 4 {
		attempts = append([]contactpolicy.Attempt{f.outbound(t, c, fmt.Sprint("call-", k), f.now().Add(-time.Duration(10-k)*time.Hour), interaction.NoAnswer)}, attempts...)
	}
	var promises []*commitment.Commitment
	for _, hours := range []int{70, 5, 30} {
		promises = append(promises, f.promise(t, c, commitment.SendOffer, f.now().Add(time.Duration(hours)*time.Hour)))
	}
	var open []*cases.Case
	for range 3 {
		k, _ := f.createCase(t, c, cases.Complaint, "")
		open = append([]*cases.Case{f.findCase(t, k.ID)}, open...)
		f.tick()
	}
	got := f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: []string{c.ID}, MaxAttempts: 2, MaxOpen: 2})[c.ID]
	if got == nil {
		t.Fatalf("no facts for %s", c.ID)
	}
	diff(t, "the newest contacts", attempts[:2], got.Attempts)
	diff(t, "the promises due first", []*commitment.Commitment{f.findCommitment(t, promises[1].ID), f.findCommitment(t, promises[2].ID)}, got.Promises)
	diff(t, "the cases opened last", open[:2], got.Cases)
}

// testFactsMany reads more customers than an engine may put in one query.
func testFactsMany(t *testing.T, f *fixture) {
	const n = 1203
	ids := make([]string, n)
	want := map[string]int{}
	for k := range n {
		c, _ := f.createCustomer(t, person(tact.FR, "Client", fmt.Sprintf("Lot%04d", k)))
		ids[k] = c.ID
		if k%100 == 7 {
			f.outbound(t, c, fmt.Sprint("call-", k), f.now().Add(-time.Hour), interaction.Completed)
			want[c.ID] = 1
		}
	}
	got := f.findFacts(t, contactpolicy.FactsQuery{CustomerIDs: ids, MaxAttempts: 10, MaxOpen: 10})
	if len(got) != n {
		t.Fatalf("facts of %d customers, want %d", len(got), n)
	}
	for _, id := range ids {
		if got[id].Customer == nil || got[id].Customer.ID != id {
			t.Fatalf("facts of %s hold customer %v", id, got[id].Customer)
		}
		if len(got[id].Attempts) != want[id] {
			t.Errorf("customer %s has %d attempts, want %d", id, len(got[id].Attempts), want[id])
		}
	}
}

// testFactsFollowEveryChange reads a customer's facts and context after each
// kind of change to the rows they come from, each change made after a read:
// a store that keeps what it read (SQLite's profiles) must show every change
// at once. (SQLite's test databases also compare every kept profile with its
// rows, naming the change that did not drop it.)
func testFactsFollowEveryChange(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Luc", "Martin"))
	q := contactpolicy.FactsQuery{CustomerIDs: []string{c.ID}, MaxAttempts: 100, MaxOpen: 100, LastContacts: 3}
	read := func(step string) *contactpolicy.Facts {
		t.Helper()
		got := f.findFacts(t, q)[c.ID]
		if got == nil || got.Context == nil {
			t.Fatalf("%s: no facts or no context: %+v", step, got)
		}
		return got
	}
	read("at first")
	read("read again")

	evs := f.update(t, c, customer.Update{DoNotCall: tact.Some(&customer.DoNotCall{Since: f.now(), Source: "phone"})})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, c, evs))
	if got := read("do-not-call set"); got.Customer.DoNotCall == nil {
		t.Error("do-not-call set: not shown")
	}

	l := f.createLine(t, c, "06 11 22 33 44", plan.Code, date(2020, time.January, 10))
	if got := read("line added"); !got.HasContract || len(got.Context.Lines) != 1 {
		t.Errorf("line added: contract %v, lines %d", got.HasContract, len(got.Context.Lines))
	}
	d, devEvs := f.newDevice(t, c, l.ID, "Apple", "iPhone 15", tact.IOS)
	must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, d, devEvs))
	if got := read("device added"); len(got.Context.Devices) != 1 {
		t.Errorf("device added: %d devices", len(got.Context.Devices))
	}

	call := f.outbound(t, c, "call-1", f.now().Add(-time.Hour), interaction.Refused)
	if got := read("outbound call"); len(got.Attempts) != 1 || got.Attempts[0] != call {
		t.Errorf("outbound call: attempts %+v", got.Attempts)
	}
	in := f.createInteraction(t, c, "ivr", "in-1", f.now().Add(-time.Minute))
	if got := read("inbound call"); len(got.Context.LastContacts) != 2 || got.Context.LastContacts[0].ID != in.ID {
		t.Errorf("inbound call: last contacts %+v", got.Context.LastContacts)
	}
	f.survey(t, c, "vendor-a", "exit:1")
	if got := read("survey booked"); len(got.Attempts) != 2 {
		t.Errorf("survey booked: attempts %+v", got.Attempts)
	}

	p := f.promise(t, c, commitment.IssueCredit, f.now().Add(48*time.Hour))
	if got := read("promise made"); len(got.Promises) != 1 || got.PendingCredits != 1 {
		t.Errorf("promise made: %d promises, %d credits", len(got.Promises), got.PendingCredits)
	}
	kept, err := p.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: "dlv_x"}, f.now())
	must(t, "Keep", err)
	commitment.Stamp(kept, p, f.now(), f.actor, f.ids)
	must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, p, kept))
	if got := read("promise kept"); len(got.Promises) != 0 || got.PendingCredits != 0 {
		t.Errorf("promise kept: %d promises, %d credits", len(got.Promises), got.PendingCredits)
	}

	k, _ := f.createCase(t, c, cases.Complaint, advisorA)
	if got := read("case opened"); len(got.Cases) != 1 {
		t.Errorf("case opened: %d cases", len(got.Cases))
	}
	resolved, err := k.Resolve(cases.Person{UserID: advisorA}, "Réglé.", f.now())
	must(t, "Resolve", err)
	cases.Stamp(resolved, k, f.now(), f.actor, f.ids)
	must(t, "UpdateCase", f.st.Cases.UpdateCase(f.ctx, k, resolved))
	if got := read("case resolved"); len(got.Cases) != 0 {
		t.Errorf("case resolved: %d cases", len(got.Cases))
	}

	dsp := f.dispute(t, c, date(2026, time.January, 31))
	if got := read("bill disputed"); got.OpenDisputes != 1 || got.PendingCredits != 0 {
		t.Errorf("bill disputed: %d open disputes, %d credits", got.OpenDisputes, got.PendingCredits)
	}
	f.resolve(t, dsp)
	if got := read("dispute resolved"); got.OpenDisputes != 0 {
		t.Errorf("dispute resolved: %d open disputes", got.OpenDisputes)
	}
	n := f.credit(t, c)
	if got := read("credit note pending"); got.PendingCredits != 1 {
		t.Errorf("credit note pending: %d credits", got.PendingCredits)
	}
	f.settle(t, n)
	if got := read("credit note applied"); got.PendingCredits != 0 {
		t.Errorf("credit note applied: %d credits", got.PendingCredits)
	}

	ended := f.changeLine(t, c, l, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(2026, time.January, 31))})
	must(t, "end the line", f.st.Customers.UpdateLine(f.ctx, l, ended))
	if got := read("line ended"); got.HasContract || got.Context.Lines[0].Status != customer.LineEnded {
		t.Errorf("line ended: contract %v, lines %+v", got.HasContract, got.Context.Lines)
	}

	evs = f.update(t, c, customer.Update{Consents: []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true,
		Source: customer.SourceWeb, Proof: "form-1"}}})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, c, evs))
	f.leave(t, c, date(2022, time.January, 31))
	if got := read("left"); got.Customer.Status != customer.Former || len(got.Customer.Consents) != 1 {
		t.Errorf("left: %+v", got.Customer)
	}
	erasure := []customer.Event{{Kind: customer.EventMarketingErased}}
	customer.Stamp(erasure, c.ID, f.now(), f.actor, f.ids)
	_, _, err = f.st.Customers.EraseMarketingData(f.ctx, c, lifecycle.EraseMarketingData(c, date(2026, time.March, 2)), erasure[0])
	must(t, "EraseMarketingData", err)
	if got := read("marketing data erased"); len(got.Customer.Consents) != 0 || len(got.Context.Devices) != 0 || got.Customer.MarketingErasedOn.IsZero() {
		t.Errorf("marketing data erased: consents %+v, devices %d, erased on %v", got.Customer.Consents, len(got.Context.Devices), got.Customer.MarketingErasedOn)
	}
}
