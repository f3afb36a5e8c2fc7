package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

var timelineTests = []contractTest{
	{"Interleaved", testTimeline},
}

// entryKey is what identifies a timeline entry in a comparison.
func entryKeys(entries []timeline.Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = fmt.Sprintf("%s %s %s", e.At.UTC().Format(time.RFC3339Nano), e.Kind, e.ID)
	}
	return out
}

func testTimeline(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	t0 := f.now()
	u := person(tact.FR, "Jean", "Dupont")
	u.Consents = []customer.Consent{
		{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb, Proof: "form-1", At: t0},
		{Channel: tact.ChannelSMS, Purpose: tact.PurposeSurvey, Granted: false, Source: customer.SourceWeb, At: t0},
	}
	c, evs := f.createCustomer(t, u)
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	events := slices.Clone(evs)
	var contacts []*interaction.Interaction

	// Contacts reported after the fact: one at the very instant of the
	// creation (a tie with its events), one from before it (a late report).
	f.tick()
	contacts = append(contacts, f.createInteraction(t, c, "dialer", "at-creation", t0))
	contacts = append(contacts, f.createInteraction(t, c, "legacy", "before", t0.Add(-2*time.Hour)))
	f.createInteraction(t, other, "dialer", "other-1", t0)

	// Three contacts in the same instant, then an update in that instant too.
	t1 := t0.Add(time.Minute)
	f.clock.Set(t1)
	for k := range 3 {
		contacts = append(contacts, f.createInteraction(t, c, "dialer", fmt.Sprintf("burst-%d", k), t1))
	}
	cur := f.find(t, c.ID)
	upd := f.update(t, cur, customer.Update{GivenName: tact.Some("Jean-Marc"), ThirdPartyBilling: tact.Some(true)})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, cur, upd))
	events = append(events, upd...)

	f.clock.Set(t0.Add(2 * time.Minute))
	l, lineEvs := f.newLine(t, c, "06 11 22 33 44", "FR-M", date(2024, time.January, 10))
	must(t, "CreateLine", f.st.Customers.CreateLine(f.ctx, l, lineEvs))
	events = append(events, lineEvs...)
	contacts = append(contacts, f.createInteraction(t, c, "dialer", "last", f.now()))

	// A case opened and a promise made in the instant of the burst, then
	// both changed later: their events interleave with the rest.
	f.clock.Set(t1)
	k, caseEvs := f.createCase(t, c, cases.Billing, advisorA)
	p, promiseEvs := f.newCommitment(t, c, commitment.SendOffer, advisorA, t1.Add(time.Hour))
	must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, promiseEvs))
	f.clock.Set(t0.Add(90 * time.Second))
	handoff, err := k.HandOff(cases.Person{UserID: advisorA}, advisorB, "Avoir demandé, le client attend l'e-mail.", f.now())
	must(t, "HandOff", err)
	cases.Stamp(handoff, k, f.now(), f.actor, f.ids)
	must(t, "UpdateCase", f.st.Cases.UpdateCase(f.ctx, k, handoff))
	caseEvs = append(caseEvs, handoff...)
	f.clock.Set(t0.Add(3 * time.Minute))
	kept, err := p.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: "dlv_1"}, f.now())
	must(t, "Keep", err)
	commitment.Stamp(kept, p, f.now(), f.actor, f.ids)
	must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, p, kept))
	promiseEvs = append(promiseEvs, kept...)
	f.createCase(t, other, cases.Billing, "")

	var want []timeline.Entry
	for _, i := range contacts {
		want = append(want, timeline.Entry{Kind: timeline.KindInteraction, At: i.StartedAt, ID: i.ID, Interaction: i})
	}
	for _, e := range events {
		want = append(want, timeline.Entry{Kind: timeline.KindEvent, At: e.At, ID: e.ID, Event: &e})
	}
	want = append(want, timeline.CaseEntries(caseEvs)...)
	want = append(want, timeline.PromiseEntries(promiseEvs)...)
	slices.SortFunc(want, func(a, b timeline.Entry) int {
		switch {
		case timeline.Before(a, b):
			return -1
		case timeline.Before(b, a):
			return 1
		}
		return 0
	})

	got := f.timeline(t, c.ID)
	diff(t, "timeline order", entryKeys(want), entryKeys(got))
	diff(t, "timeline entries", want, got)

	for _, size := range []int{1, 2, 3, 5, len(want), len(want) + 1} {
		var paged []timeline.Entry
		after := tact.Cursor{}
		for pages := 0; ; pages++ {
			if pages > len(want)+1 {
				t.Fatalf("pages of %d: pagination does not end", size)
			}
			page, err := f.st.Timeline.FindTimeline(f.ctx, c.ID, after, size)
			must(t, "FindTimeline", err)
			if len(page) > size {
				t.Fatalf("pages of %d: a page of %d", size, len(page))
			}
			paged = append(paged, page...)
			if len(page) < size {
				break
			}
			after = page[len(page)-1].Cursor()
		}
		diff(t, fmt.Sprintf("timeline by pages of %d", size), entryKeys(want), entryKeys(paged))
	}

	empty, err := f.st.Timeline.FindTimeline(f.ctx, f.ids.New(tact.PrefixCustomer), tact.Cursor{}, 10)
	must(t, "FindTimeline of an unknown customer", err)
	if len(empty) != 0 {
		t.Errorf("an unknown customer's timeline has %d entries", len(empty))
	}
}
