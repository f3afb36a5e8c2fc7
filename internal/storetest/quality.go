package storetest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

var qualityTests = []contractTest{
	{"facts of a week, by its bounds and jurisdiction", testQualityFacts},
	{"weeks saved, replaced and read by range", testQualityWeeks},
}

const qualityDay = 24 * time.Hour

// testQualityFacts stores contacts, cases, promises, survey answers and
// disputes on both sides of every bound of a week's query, and of another
// jurisdiction, and checks that the facts hold exactly those within.
func testQualityFacts(t *testing.T, f *fixture) {
	paris, err := quality.Zone(tact.FR)
	must(t, "Zone", err)
	w := quality.Week{Year: 2026, Number: 10} // 2 to 8 March in Paris
	q := quality.NewQuery(tact.FR, w, paris, quality.Ceiling{Calls: 4, Window: 30 * qualityDay})
	from, to := q.From, q.To
	us := time.Microsecond
	// Québec's week is cut in Toronto: its records fall in both weeks, so
	// that only the jurisdiction tells them apart.
	caqc, err := quality.Zone(tact.CAQC)
	must(t, "Zone", err)
	qq := quality.NewQuery(tact.CAQC, w, caqc, quality.Ceiling{})
	qfrom := qq.From
	a, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	b, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	qc, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Gagnon"))

	// Promises are made before they fall due; then everything else is in
	// the past.
	f.clock.Set(from.Add(-40 * qualityDay))
	promise := func(c *customer.Customer, due time.Time, change func(*commitment.Commitment)) *commitment.Commitment {
		p, evs := f.newCommitment(t, c, commitment.SendOffer, advisorA, due)
		change(p)
		must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, evs))
		return p
	}
	keptAt := from.Add(time.Hour + us)
	p1 := promise(a, from, func(p *commitment.Commitment) { p.Status, p.KeptAt = commitment.Kept, &keptAt })
	cancelledAt := from.Add(qualityDay)
	promise(b, to.Add(-us), func(p *commitment.Commitment) { p.Status, p.CancelledAt = commitment.Cancelled, &cancelledAt })
	promise(a, to, func(*commitment.Commitment) {})
	promise(qc, qfrom.Add(qualityDay), func(*commitment.Commitment) {})
	f.clock.Set(to.Add(20 * qualityDay))

	contact := func(c *customer.Customer, dir interaction.Direction, purpose tact.Purpose, ch tact.Channel, at time.Time, caseID string) {
		t.Helper()
		i := &interaction.Interaction{ID: f.ids.New(tact.PrefixInteraction), CustomerID: c.ID, Channel: ch, Direction: dir, Purpose: purpose,
			Source: "crm", CallerID: "+33176000000", StartedAt: at, Outcome: interaction.Completed, CaseID: caseID, RecordedAt: f.now()}
		must(t, "Interaction.Validate", i.Validate(f.now()))
		_, _, err := f.st.Interactions.CreateInteraction(f.ctx, i)
		must(t, "CreateInteraction", err)
	}
	in := func(c *customer.Customer, at time.Time, caseID string) {
		contact(c, interaction.Inbound, tact.PurposeService, tact.ChannelPhone, at, caseID)
	}
	sales := func(c *customer.Customer, at time.Time) {
		contact(c, interaction.Outbound, tact.PurposeSales, tact.ChannelPhone, at, "")
	}

	// Cases: two of FR resolved in the week, one resolved at its end (the
	// next week's), one of Québec, one still open.
	resolved := func(c *customer.Customer, at time.Time) *cases.Case {
		k, evs := f.newCase(t, c, cases.Billing, advisorA)
		if !at.IsZero() {
			k.Status, k.ResolvedAt, k.Resolution = cases.Resolved, &at, "Remboursé."
		}
		must(t, "CreateCase", f.st.Cases.CreateCase(f.ctx, k, evs))
		return k
	}
	k1 := resolved(a, from.Add(qualityDay))
	k2 := resolved(b, to.Add(-us))
	resolved(a, to)
	resolved(qc, qfrom.Add(qualityDay))
	open := resolved(a, time.Time{})
	in(a, from.Add(-2*qualityDay), k1.ID) // any time: before the week too
	in(a, from.Add(time.Hour), k1.ID)
	contact(a, interaction.Outbound, tact.PurposeService, tact.ChannelPhone, from.Add(2*time.Hour), k1.ID) // not inbound
	in(a, from.Add(3*time.Hour), open.ID)

	// Inbound contacts around the bounds [from, to + 7 days).
	in(a, from.Add(-us), "")
	in(a, from, "")
	in(a, to.Add(-us), "")
	in(b, q.InboundUntil.Add(-us), "")
	in(b, q.InboundUntil, "")
	in(qc, qfrom.Add(time.Hour), "")

	// Outbound contacts in the week: a gets 3 sales calls and an SMS, b
	// one sales call (and one at the week's end, next week's), Québec two.
	for _, h := range []time.Duration{5, 6, 7} {
		sales(a, from.Add(h*time.Hour))
	}
	contact(a, interaction.Outbound, tact.PurposeSales, tact.ChannelSMS, from.Add(8*time.Hour), "")
	sales(b, from.Add(5*time.Hour))
	sales(b, to)
	sales(qc, qfrom.Add(5*time.Hour))
	sales(qc, qfrom.Add(6*time.Hour))
	// Before the week: a's within the ceiling's 30 days count, one before
	// them does not; b has 4 in all, under the 5 that could pass the cap.
	sales(a, from.Add(-10*qualityDay))
	sales(a, q.SalesFrom)
	sales(a, q.SalesFrom.Add(-us))
	sales(b, from.Add(-3*qualityDay))
	sales(b, from.Add(-2*qualityDay))

	// Survey answers, received in the week or not; the first carries p1.
	answer := func(c *customer.Customer, event string, s survey.Sentiment, commitmentID string, received time.Time) {
		r := &survey.Response{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: event, Source: "pollster", Scale: survey.NPS, Score: 3,
			Sentiment: s, CommitmentID: commitmentID, AnsweredAt: received.Add(-time.Hour), CreatedAt: received}
		must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, r, nil))
	}
	answer(a, "case:1", survey.Detractor, p1.ID, from)
	answer(b, "case:2", survey.Promoter, "", to.Add(-us))
	answer(a, "case:3", survey.Detractor, "", to)
	answer(qc, "case:4", survey.Detractor, "", qfrom.Add(time.Hour))

	// Disputes opened before the week's end, or not; one resolved.
	dispute := func(c *customer.Customer, at time.Time) *billing.Dispute {
		r := f.run(1)
		bill := f.draftBill(r.ID, c.ID, date(2026, 2, 28), 1999, billing.Sent)
		must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, []*billing.Bill{bill}, []billing.Event{reviewedEvent(f, bill)}))
		d := &billing.Dispute{ID: f.ids.New(tact.PrefixDispute), BillID: bill.ID, CustomerID: c.ID, Amount: bill.Total, Reason: "Pas commandé",
			Open: true, CreatedAt: at}
		disputed := *bill
		disputed.Status = billing.Disputed
		must(t, "OpenDispute", f.st.Bills.OpenDispute(f.ctx, d, &disputed, billing.Event{ID: f.ids.New(tact.PrefixBillEvent), BillID: bill.ID,
			Kind: billing.DisputeOpened, From: billing.Sent, To: billing.Disputed, At: at, Reason: "Pas commandé"}, nil))
		return d
	}
	resolvedAt := from.Add(qualityDay + us)
	settled := dispute(b, from.Add(-3*qualityDay))
	must(t, "billing.ResolveDispute", billing.ResolveDispute(settled, "Remboursé.", resolvedAt))
	must(t, "ResolveDispute", f.st.Bills.ResolveDispute(f.ctx, settled))
	dispute(a, from.Add(-5*qualityDay))
	dispute(b, to.Add(-us))
	dispute(a, to)
	dispute(qc, qfrom)

	got, err := f.st.Quality.ReadFacts(f.ctx, q)
	must(t, "ReadFacts", err)
	for i := range got.Resolved {
		slices.SortFunc(got.Resolved[i].Inbound, time.Time.Compare)
	}
	slices.SortFunc(got.Resolved, func(x, y quality.ResolvedCase) int { return cmp.Compare(x.ID, y.ID) })
	wantResolved := []quality.ResolvedCase{
		{ID: k1.ID, ResolvedAt: *k1.ResolvedAt, Inbound: []time.Time{from.Add(-2 * qualityDay), from.Add(time.Hour)}},
		{ID: k2.ID, ResolvedAt: *k2.ResolvedAt},
	}
	slices.SortFunc(wantResolved, func(x, y quality.ResolvedCase) int { return cmp.Compare(x.ID, y.ID) })
	diff(t, "the cases resolved in the week, with their inbound contacts", wantResolved, got.Resolved)

	byCustomer := func(cs []quality.Contact) []quality.Contact {
		slices.SortFunc(cs, func(x, y quality.Contact) int {
			return cmp.Or(cmp.Compare(x.CustomerID, y.CustomerID), x.At.Compare(y.At))
		})
		return cs
	}
	diff(t, "the inbound contacts from the week's start to 7 days after its end", byCustomer([]quality.Contact{
		{CustomerID: a.ID, At: from}, {CustomerID: a.ID, At: from.Add(time.Hour)}, {CustomerID: a.ID, At: from.Add(3 * time.Hour)},
		{CustomerID: a.ID, At: to.Add(-us)}, {CustomerID: b.ID, At: q.InboundUntil.Add(-us)},
	}), byCustomer(got.Inbound))

	slices.SortFunc(got.Outbound, func(x, y quality.Tally) int { return cmp.Compare(x.Contacts, y.Contacts) })
	// a: 3 sales calls, an SMS and the service call about k1; b: 1.
	diff(t, "the customers contacted outbound, by count", []quality.Tally{{Contacts: 1, Customers: 1}, {Contacts: 5, Customers: 1}}, got.Outbound)

	diff(t, "the sales calls of the customers who may pass the ceiling", byCustomer([]quality.Contact{
		{CustomerID: a.ID, At: q.SalesFrom}, {CustomerID: a.ID, At: from.Add(-10 * qualityDay)},
		{CustomerID: a.ID, At: from.Add(5 * time.Hour)}, {CustomerID: a.ID, At: from.Add(6 * time.Hour)}, {CustomerID: a.ID, At: from.Add(7 * time.Hour)},
	}), byCustomer(got.SalesCalls))

	slices.SortFunc(got.Promises, func(x, y quality.Promise) int { return x.Due.Compare(y.Due) })
	diff(t, "the promises due in the week", []quality.Promise{
		{Due: from, Status: commitment.Kept, KeptAt: &keptAt},
		{Due: to.Add(-us), Status: commitment.Cancelled, CancelledAt: &cancelledAt},
	}, got.Promises)

	slices.SortFunc(got.Answers, func(x, y quality.Answer) int { return x.AnsweredAt.Compare(y.AnsweredAt) })
	diff(t, "the answers received in the week, with their promise", []quality.Answer{
		{AnsweredAt: from.Add(-time.Hour), Sentiment: survey.Detractor, CommitmentID: p1.ID, KeptAt: &keptAt},
		{AnsweredAt: to.Add(-us - time.Hour), Sentiment: survey.Promoter},
	}, got.Answers)

	slices.SortFunc(got.Disputes, func(x, y quality.Dispute) int { return x.OpenedAt.Compare(y.OpenedAt) })
	diff(t, "the disputes opened before the week's end", []quality.Dispute{
		{OpenedAt: from.Add(-5 * qualityDay), Open: true}, {OpenedAt: from.Add(-3 * qualityDay), ResolvedAt: &resolvedAt},
		{OpenedAt: to.Add(-us), Open: true},
	}, got.Disputes)

	// Québec has no ceiling: no sales call is read; its own records are.
	got, err = f.st.Quality.ReadFacts(f.ctx, qq)
	must(t, "ReadFacts", err)
	if len(got.SalesCalls) != 0 || len(got.Outbound) != 1 || got.Outbound[0] != (quality.Tally{Contacts: 2, Customers: 1}) ||
		len(got.Inbound) != 1 || len(got.Promises) != 1 || len(got.Answers) != 1 || len(got.Disputes) != 1 || len(got.Resolved) != 1 {
		t.Errorf("Québec's facts: %+v", got)
	}
}

func testQualityWeeks(t *testing.T, f *fixture) {
	paris, err := quality.Zone(tact.FR)
	must(t, "Zone", err)
	figures := func(j tact.Jurisdiction, w quality.Week, n int) *quality.WeekFigures {
		loc, err := quality.Zone(j)
		must(t, "Zone", err)
		from, to := w.Bounds(loc)
		v := 0.5
		return &quality.WeekFigures{Jurisdiction: j, Week: w, Zone: loc.String(), Starts: from.UTC(), Ends: to.UTC(), ComputedAt: f.now().UTC(),
			FirstContactResolution: quality.Ratio{Numerator: n, Denominator: 2 * n, Value: &v},
			ContactPressure:        quality.Pressure{Contacts: 7, Customers: 3, Mean: 2.33, P95: 4, Max: 4, SalesCallCap: 4, SalesCallWindowDays: 30},
			Disputes:               quality.DisputeCounts{Opened: n, OpenAtEnd: n + 1}}
	}
	w9, w10, w11 := quality.Week{Year: 2026, Number: 9}, quality.Week{Year: 2026, Number: 10}, quality.Week{Year: 2026, Number: 11}
	last := quality.Week{Year: 2025, Number: 52}
	first, old, nine := figures(tact.FR, w11, 1), figures(tact.FR, last, 2), figures(tact.FR, w9, 4)
	for _, x := range []*quality.WeekFigures{first, old, figures(tact.CAQC, w10, 3), nine} {
		must(t, "SaveWeek", f.st.Quality.SaveWeek(f.ctx, x))
	}
	f.tick()
	again := figures(tact.FR, w11, 5)
	again.Final = true
	must(t, "SaveWeek again", f.st.Quality.SaveWeek(f.ctx, again))

	got, err := f.st.Quality.FindWeeks(f.ctx, tact.FR, last, w11)
	must(t, "FindWeeks", err)
	diff(t, "FR's weeks, oldest first, the last saved", []*quality.WeekFigures{old, nine, again}, got)
	got, err = f.st.Quality.FindWeeks(f.ctx, tact.FR, w10, w10)
	must(t, "FindWeeks", err)
	if len(got) != 0 {
		t.Errorf("FR's 2026-W10, never saved: %+v", got)
	}
	got, err = f.st.Quality.FindWeeks(f.ctx, tact.CAQC, quality.WeekOf(epoch, paris).Add(-100), w11)
	must(t, "FindWeeks", err)
	if len(got) != 1 || got[0].Week != w10 || got[0].Disputes.Opened != 3 {
		t.Errorf("CA-QC's weeks: %+v", got)
	}
}
