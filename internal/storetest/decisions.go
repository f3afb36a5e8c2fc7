package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

var decisionTests = []contractTest{
	{"CreateFind", testDecisionCreateFind},
	{"AllOrNothing", testDecisionAllOrNothing},
	{"Pages", testDecisionPages},
	{"LargeBatch", testDecisionLargeBatch},
	{"Surveys", testSurveys},
	{"SurveyResponses", testSurveyResponses},
	{"SurveyResponseRaces", testSurveyResponseRaces},
	{"InteractionDecision", testInteractionDecision},
	{"Refusals", testDecisionRefusals},
	{"RefusalCounts", testDecisionRefusalCounts},
}

// newDecision decides req for c through the domain, as the service does,
// and returns the record to store, stamped now.
func (f *fixture) newDecision(t *testing.T, c *customer.Customer, req contactpolicy.Request) *contactpolicy.Record {
	t.Helper()
	req.CustomerID = c.ID
	req.Normalize()
	if err := req.Validate(); err != nil {
		t.Fatalf("Request.Validate: %v", err)
	}
	facts := contactpolicy.Facts{Customer: c, HasContract: true}
	d := contactpolicy.Decide(req, facts, contactpolicy.Default(), f.now())
	return &contactpolicy.Record{ID: f.ids.New(tact.PrefixDecision), Request: req, Actor: f.actor, Decision: d, DecidedAt: f.now()}
}

// salesCall is a sales call from the operator's dialer.
func salesCall(at time.Time) contactpolicy.Request {
	return contactpolicy.Request{Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, At: at, Source: "dialer",
		CallerID: "+33140000000", Campaign: "spring-2026", Subject: "contract_adaptation"}
}

func testDecisionCreateFind(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	// Monday 10:30 in Paris: allowed now; on Saturday, held until Monday;
	// masked, denied.
	now := f.newDecision(t, c, salesCall(time.Time{}))
	saturday := f.newDecision(t, c, salesCall(time.Date(2026, 3, 7, 11, 0, 0, 250, time.UTC).Truncate(time.Microsecond)))
	masked := salesCall(time.Time{})
	masked.CallerID = ""
	denied := f.newDecision(t, c, masked)
	denied.Actor = tact.Actor{Kind: tact.ActorToken, ID: "tok_1", Name: "crm", OnBehalfOf: "usr_2"}
	if now.Verdict != contactpolicy.Allow || saturday.Verdict != contactpolicy.Defer || saturday.NotBefore == nil || denied.Verdict != contactpolicy.Deny {
		t.Fatalf("the fixture's decisions are %s, %s, %s", now.Verdict, saturday.Verdict, denied.Verdict)
	}
	recs := []*contactpolicy.Record{now, saturday, denied}
	must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, recs))
	for _, want := range recs {
		got, err := f.st.Decisions.FindDecisionByID(f.ctx, want.ID)
		must(t, "FindDecisionByID", err)
		diff(t, "decision "+string(want.Verdict)+" read back", want, got)
		wantUTC(t, "decided_at", got.DecidedAt)
		wantUTC(t, "at", got.At)
		if got.NotBefore != nil {
			wantUTC(t, "not_before", *got.NotBefore)
		}
		if got.Reasons == nil {
			t.Errorf("decision %s read back with reasons nil, want a list", got.ID)
		}
	}
	_, err := f.st.Decisions.FindDecisionByID(f.ctx, f.ids.New(tact.PrefixDecision))
	wantCode(t, "FindDecisionByID of an unknown id", err, tact.CodeNotFound, "")
	must(t, "CreateDecisions of none", f.st.Decisions.CreateDecisions(f.ctx, nil))
}

func testDecisionAllOrNothing(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	good := f.newDecision(t, c, salesCall(time.Time{}))
	bad := f.newDecision(t, ghost, salesCall(time.Time{}))
	err := f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{good, bad})
	wantCode(t, "decision about an unknown customer", err, tact.CodeNotFound, "customer_id")
	_, err = f.st.Decisions.FindDecisionByID(f.ctx, good.ID)
	wantCode(t, "decision of a failed batch", err, tact.CodeNotFound, "")
}

func testDecisionPages(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Anne", "Autre"))
	var want []string
	for range 7 {
		d := f.newDecision(t, c, salesCall(time.Time{}))
		must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{d, f.newDecision(t, other, salesCall(time.Time{}))}))
		want = append([]string{d.ID}, want...)
		f.tick()
	}
	var got []string
	var before tact.Cursor
	for page := 0; ; page++ {
		list, err := f.st.Decisions.FindDecisions(f.ctx, contactpolicy.Filter{CustomerID: c.ID, Before: before, Limit: 3})
		must(t, "FindDecisions", err)
		for _, d := range list {
			got = append(got, d.ID)
		}
		if len(list) < 3 || page > 5 {
			break
		}
		last := list[len(list)-1]
		before = tact.Cursor{At: last.DecidedAt, ID: last.ID}
	}
	diff(t, "decisions newest first, page by page", want, got)
}

func testDecisionLargeBatch(t *testing.T, f *fixture) {
	var cs []*customer.Customer
	for k := range 10 {
		c, _ := f.createCustomer(t, person(tact.CAQC, "Client", fmt.Sprintf("Lot%02d", k)))
		cs = append(cs, c)
	}
	const n = 2503 // full statements and a remainder
	recs := make([]*contactpolicy.Record, n)
	for i := range recs {
		recs[i] = f.newDecision(t, cs[i%len(cs)], salesCall(time.Time{}))
	}
	must(t, "CreateDecisions of a large batch", f.st.Decisions.CreateDecisions(f.ctx, recs))
	for _, i := range []int{0, 99, 100, 1250, n - 1} {
		got, err := f.st.Decisions.FindDecisionByID(f.ctx, recs[i].ID)
		must(t, "FindDecisionByID", err)
		diff(t, fmt.Sprintf("decision %d of the batch", i), recs[i], got)
	}
}

func testSurveys(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	ask := func(source, event string) (*survey.Request, *contactpolicy.Record) {
		d := f.newDecision(t, c, contactpolicy.Request{Purpose: tact.PurposeSurvey, Channel: tact.ChannelEmail, Source: source, Event: event})
		return &survey.Request{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: event, Source: source, Channel: tact.ChannelEmail,
			At: d.At, DecisionID: d.ID, CreatedAt: f.now()}, d
	}
	first, d1 := ask("vendor-a", "exit:"+c.ID)
	must(t, "CreateSurvey", f.st.Surveys.CreateSurvey(f.ctx, first, d1))
	got, err := f.st.Decisions.FindDecisionByID(f.ctx, d1.ID)
	must(t, "FindDecisionByID of a survey's decision", err)
	diff(t, "survey decision", d1, got)

	f.tick()
	second, d2 := ask("vendor-b", "exit:"+c.ID)
	wantCode(t, "a second survey of the event", f.st.Surveys.CreateSurvey(f.ctx, second, d2), tact.CodeConflict, "event")
	_, err = f.st.Decisions.FindDecisionByID(f.ctx, d2.ID)
	wantCode(t, "the decision of a refused survey", err, tact.CodeNotFound, "")

	f.tick()
	other, d3 := ask("vendor-b", "case:cas_1")
	must(t, "CreateSurvey of another event", f.st.Surveys.CreateSurvey(f.ctx, other, d3))

	list, err := f.st.Surveys.FindSurveys(f.ctx, c.ID)
	must(t, "FindSurveys", err)
	diff(t, "surveys newest first", []*survey.Request{other, first}, list)
	for _, r := range list {
		wantUTC(t, "survey at", r.At)
	}
	none, err := f.st.Surveys.FindSurveys(f.ctx, f.ids.New(tact.PrefixCustomer))
	must(t, "FindSurveys of nobody", err)
	if len(none) != 0 {
		t.Errorf("surveys of nobody: %v", none)
	}
}

func testInteractionDecision(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Anne", "Autre"))
	d := f.newDecision(t, c, salesCall(time.Time{}))
	must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{d}))

	outbound := func(cu *customer.Customer, key string, at time.Time, decisionID string) *interaction.Interaction {
		i := f.newInteraction(t, cu, "dialer", key, at)
		i.Direction, i.Purpose, i.DecisionID, i.CaseID = interaction.Outbound, tact.PurposeSales, decisionID, ""
		stored, _, err := f.st.Interactions.CreateInteraction(f.ctx, i)
		must(t, "CreateInteraction", err)
		return stored
	}
	asked := outbound(c, "asked", f.now().Add(-time.Hour), d.ID)
	got, err := f.st.Interactions.FindInteractionByID(f.ctx, asked.ID)
	must(t, "FindInteractionByID", err)
	diff(t, "interaction with its decision", asked, got)

	old := outbound(c, "old", f.now().Add(-40*24*time.Hour), "")
	unasked := outbound(c, "unasked", f.now().Add(-2*time.Hour), "")
	inbound := f.createInteraction(t, c, "ivr", "inbound", f.now().Add(-3*time.Hour))
	elsewhere := outbound(other, "elsewhere", f.now().Add(-30*time.Minute), "")

	ids := func(list []*interaction.Interaction, err error) []string {
		t.Helper()
		must(t, "find interactions", err)
		var out []string
		for _, i := range list {
			out = append(out, i.ID)
		}
		return out
	}
	diff(t, "a customer's unasked contacts", []string{unasked.ID, old.ID},
		ids(f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{CustomerID: c.ID, Unasked: true})))
	diff(t, "everyone's unasked contacts", []string{elsewhere.ID, unasked.ID, old.ID},
		ids(f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{Unasked: true})))
	diff(t, "unasked contacts after a cursor", []string{old.ID},
		ids(f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{Unasked: true, Before: tact.Cursor{At: unasked.StartedAt, ID: unasked.ID}})))
	diff(t, "outbound contacts of the last 30 days", []string{asked.ID, unasked.ID},
		ids(f.st.Interactions.FindOutbound(f.ctx, c.ID, f.now().Add(-30*24*time.Hour), 100)))
	diff(t, "the latest outbound contact", []string{asked.ID},
		ids(f.st.Interactions.FindOutbound(f.ctx, c.ID, f.now().Add(-30*24*time.Hour), 1)))
	_ = inbound
}

// testDecisionRefusals reads, across customers and over a period, the
// decisions that denied or deferred, with every filter, page by page, and
// counts them by verdict and by rule.
func testDecisionRefusals(t *testing.T, f *fixture) {
	fr, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	qc, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Tremblay"))
	saturday := time.Date(2026, 3, 7, 11, 0, 0, 250, time.UTC).Truncate(time.Microsecond)
	masked := salesCall(time.Time{})
	masked.CallerID = ""
	email := contactpolicy.Request{Purpose: tact.PurposeService, Channel: tact.ChannelEmail, Source: "crm", Subject: "outage"}
	from := f.now()
	var all []*contactpolicy.Record
	for i := range 4 {
		for _, c := range []*customer.Customer{fr, qc} {
			for _, req := range []contactpolicy.Request{salesCall(time.Time{}), salesCall(saturday), masked, email} {
				d := f.newDecision(t, c, req)
				must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{d}))
				all = append(all, d)
				f.tick()
			}
		}
		if i == 2 {
			// What is decided from here on is after the period.
			f.clock.Advance(time.Hour)
		}
	}
	// The period ends at the first decision after it: To is excluded.
	to := all[24].DecidedAt
	before := f.newDecision(t, fr, masked)
	before.DecidedAt = from.Add(-time.Microsecond)
	must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{before}))

	want := func(keep func(*contactpolicy.Record) bool) ([]string, *contactpolicy.RefusalCounts) {
		var ids []string
		counts := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
		for i := len(all) - 1; i >= 0; i-- {
			d := all[i]
			if d.Verdict == contactpolicy.Allow || d.DecidedAt.Before(from) || !d.DecidedAt.Before(to) || !keep(d) {
				continue
			}
			ids = append(ids, d.ID)
			counts.Add(d.Verdict, "", 1)
			for _, r := range d.Reasons {
				counts.Add(r.Verdict, r.Rule, 1)
			}
		}
		return ids, counts
	}
	sortRules := func(c *contactpolicy.RefusalCounts) {
		slices.SortFunc(c.Rules, func(a, b contactpolicy.RuleCount) int { return strings.Compare(string(a.Rule), string(b.Rule)) })
	}
	hasRule := func(rule contactpolicy.RuleID) func(*contactpolicy.Record) bool {
		return func(d *contactpolicy.Record) bool {
			return slices.ContainsFunc(d.Reasons, func(r contactpolicy.Reason) bool { return r.Rule == rule })
		}
	}
	for _, tc := range []struct {
		name string
		f    contactpolicy.RefusalFilter
		keep func(*contactpolicy.Record) bool
	}{
		{"all", contactpolicy.RefusalFilter{}, func(*contactpolicy.Record) bool { return true }},
		{"FR", contactpolicy.RefusalFilter{Jurisdiction: tact.FR}, func(d *contactpolicy.Record) bool { return d.Request.CustomerID == fr.ID }},
		{"CA-QC", contactpolicy.RefusalFilter{Jurisdiction: tact.CAQC}, func(d *contactpolicy.Record) bool { return d.Request.CustomerID == qc.ID }},
		{"denied", contactpolicy.RefusalFilter{Verdict: contactpolicy.Deny}, func(d *contactpolicy.Record) bool { return d.Verdict == contactpolicy.Deny }},
		{"deferred", contactpolicy.RefusalFilter{Verdict: contactpolicy.Defer}, func(d *contactpolicy.Record) bool { return d.Verdict == contactpolicy.Defer }},
		{"rule caller_id_shown", contactpolicy.RefusalFilter{Rule: "caller_id_shown"}, hasRule("caller_id_shown")},
		{"rule sales_call_hours", contactpolicy.RefusalFilter{Rule: "sales_call_hours"}, hasRule("sales_call_hours")},
		{"no such rule", contactpolicy.RefusalFilter{Rule: "no_such_rule"}, hasRule("no_such_rule")},
		{"service", contactpolicy.RefusalFilter{Purpose: tact.PurposeService}, func(d *contactpolicy.Record) bool { return d.Request.Purpose == tact.PurposeService }},
		{"phone in FR", contactpolicy.RefusalFilter{Channel: tact.ChannelPhone, Jurisdiction: tact.FR}, func(d *contactpolicy.Record) bool {
			return d.Request.Channel == tact.ChannelPhone && d.Request.CustomerID == fr.ID
		}},
	} {
		tc.f.From, tc.f.To = from, to
		wantIDs, wantCounts := want(tc.keep)
		got := refusalPages(t, f, tc.name, tc.f, 3, 20)
		diff(t, "refusals "+tc.name+", newest first, page by page", wantIDs, got)
		counts, err := f.st.Decisions.CountRefusals(f.ctx, tc.f)
		must(t, "CountRefusals "+tc.name, err)
		sortRules(wantCounts)
		sortRules(counts)
		diff(t, "refusal counts "+tc.name, wantCounts, counts)
	}
	// The fixture has both verdicts, and rules of both.
	_, counts := want(func(*contactpolicy.Record) bool { return true })
	if counts.Denied == 0 || counts.Deferred == 0 || len(counts.Rules) < 2 {
		t.Errorf("the fixture's refusals %+v, want denials and deferrals by several rules", counts)
	}
	list, err := f.st.Decisions.FindRefusals(f.ctx, contactpolicy.RefusalFilter{From: from, To: to, Limit: 1})
	must(t, "FindRefusals", err)
	if len(list) != 1 {
		t.Fatalf("FindRefusals with limit 1: %d decisions", len(list))
	}
	stored, err := f.st.Decisions.FindDecisionByID(f.ctx, list[0].ID)
	must(t, "FindDecisionByID", err)
	diff(t, "a refusal read back", stored, list[0])
}

// testDecisionRefusalCounts checks the refusal counts and listings against
// what reading every decision gives (the queries before migration 0023 read
// them so), on a varied set: several reasons per decision, a rule given
// twice, a deferring reason of a denial, allowed decisions (with a reason
// too) that are neither counted nor listed, both jurisdictions, several
// purposes and channels, decisions on an hour's edges, one microsecond
// either side of them and sharing an instant; over periods on whole UTC
// hours, days in Paris and Toronto (whole hours) and in St. John's (a day
// edge at :30), periods within an hour and periods starting or ending on a
// decision, and an empty one; with every filter, listed page by page.
func testDecisionRefusalCounts(t *testing.T, f *fixture) {
	fr, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	qc, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Tremblay"))
	reason := func(rule string, v contactpolicy.Verdict) contactpolicy.Reason {
		return contactpolicy.Reason{Rule: contactpolicy.RuleID(rule), Verdict: v, Text: tact.Text{FR: "Motif " + rule, EN: "Reason " + rule}}
	}
	deny, deferred, allow := contactpolicy.Deny, contactpolicy.Defer, contactpolicy.Allow
	kinds := []struct {
		verdict contactpolicy.Verdict
		reasons []contactpolicy.Reason
	}{
		{deny, []contactpolicy.Reason{reason("caller_id_shown", deny)}},
		{deny, []contactpolicy.Reason{reason("caller_id_shown", deny), reason("sales_call_hours", deferred)}},
		{deferred, []contactpolicy.Reason{reason("sales_call_hours", deferred)}},
		{deferred, []contactpolicy.Reason{reason("quiet_hours", deferred), reason("quiet_hours", deferred)}},
		{deny, []contactpolicy.Reason{reason("sales_consent", deny), reason("sales_call_hours", deferred), reason("caller_id_shown", deny)}},
		{deny, []contactpolicy.Reason{}},
		{allow, []contactpolicy.Reason{}},
		{allow, []contactpolicy.Reason{reason("sales_call_hours", deferred)}},
	}
	requests := []contactpolicy.Request{
		{Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, Source: "dialer", CallerID: "+33140000000"},
		{Purpose: tact.PurposeSales, Channel: tact.ChannelSMS, Source: "campaigns"},
		{Purpose: tact.PurposeService, Channel: tact.ChannelEmail, Source: "crm", Subject: "outage"},
	}
	// h0 is midnight UTC, 01:00 in Paris, 20:00 the day before in Toronto
	// and 21:30 in St. John's (daylight time from 8 March 2026).
	h0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	var offsets []time.Duration
	for _, o := range []time.Duration{-time.Hour, 0, time.Hour, 2*time.Hour + 30*time.Minute, 4 * time.Hour, 23 * time.Hour} {
		offsets = append(offsets, o-time.Microsecond, o, o, o+time.Microsecond)
	}
	for i := range 40 {
		offsets = append(offsets, time.Duration(i*i*7919)%(7*time.Hour)-time.Hour+time.Duration(i)*time.Microsecond)
	}
	var all []*contactpolicy.Record
	var batch []*contactpolicy.Record
	for i, o := range offsets {
		k := kinds[(i*5+i/7)%len(kinds)]
		req := requests[(i+i/3)%len(requests)]
		req.CustomerID = []*customer.Customer{fr, qc}[i%2].ID
		d := &contactpolicy.Record{ID: f.ids.New(tact.PrefixDecision), Request: req, Actor: f.actor, DecidedAt: h0.Add(o),
			Decision: contactpolicy.Decision{Verdict: k.verdict, At: h0.Add(o), Reasons: k.reasons}}
		all = append(all, d)
		// One by one, then the rest at once (a batch large enough for
		// PostgreSQL's COPY).
		if i < 30 {
			must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, []*contactpolicy.Record{d}))
		} else {
			batch = append(batch, d)
		}
	}
	must(t, "CreateDecisions", f.st.Decisions.CreateDecisions(f.ctx, batch))
	newest := slices.Clone(all)
	slices.SortFunc(newest, func(a, b *contactpolicy.Record) int {
		if c := b.DecidedAt.Compare(a.DecidedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})

	day := func(zone string, d tact.Date) (time.Time, time.Time) {
		loc, err := tact.LoadLocation(zone)
		must(t, "LoadLocation", err)
		return d.In(loc), d.AddDays(1).In(loc)
	}
	tuesday, monday := tact.DateOf(h0), tact.DateOf(h0.Add(-time.Hour))
	type period struct {
		name     string
		from, to time.Time
	}
	periods := []period{
		{"whole UTC hours", h0, h0.Add(3 * time.Hour)},
		{"a week of whole hours", h0.Add(-72 * time.Hour), h0.Add(96 * time.Hour)},
		{"within an hour", h0.Add(10 * time.Minute), h0.Add(50 * time.Minute)},
		{"one microsecond after the hour to one before", h0.Add(time.Microsecond), h0.Add(4*time.Hour - time.Microsecond)},
		{"from a decision to another", all[10].DecidedAt, all[3].DecidedAt},
		{"empty", h0, h0},
	}
	for _, z := range []struct {
		zone string
		d    tact.Date
	}{{"Europe/Paris", tuesday}, {"America/Toronto", tuesday}, {"America/Toronto", monday}, {"America/St_Johns", monday}, {"America/St_Johns", tuesday}} {
		from, to := day(z.zone, z.d)
		periods = append(periods, period{z.zone + " " + z.d.String(), from, to})
	}
	// The fixture's days: whole hours in Paris and Toronto, a half hour in
	// St. John's.
	for _, p := range periods[len(periods)-5:] {
		if onHour := p.from.Truncate(time.Hour).Equal(p.from); onHour != !strings.Contains(p.name, "St_Johns") {
			t.Fatalf("period %s starts at %s", p.name, p.from)
		}
	}

	hasRule := func(rule contactpolicy.RuleID) func(*contactpolicy.Record) bool {
		return func(d *contactpolicy.Record) bool {
			return slices.ContainsFunc(d.Reasons, func(r contactpolicy.Reason) bool { return r.Rule == rule })
		}
	}
	filters := []struct {
		name string
		f    contactpolicy.RefusalFilter
		keep func(*contactpolicy.Record) bool
	}{
		{"all", contactpolicy.RefusalFilter{}, func(*contactpolicy.Record) bool { return true }},
		{"CA-QC", contactpolicy.RefusalFilter{Jurisdiction: tact.CAQC}, func(d *contactpolicy.Record) bool { return d.Request.CustomerID == qc.ID }},
		{"deferred", contactpolicy.RefusalFilter{Verdict: deferred}, func(d *contactpolicy.Record) bool { return d.Verdict == deferred }},
		{"sms", contactpolicy.RefusalFilter{Channel: tact.ChannelSMS}, func(d *contactpolicy.Record) bool { return d.Request.Channel == tact.ChannelSMS }},
		{"service", contactpolicy.RefusalFilter{Purpose: tact.PurposeService}, func(d *contactpolicy.Record) bool { return d.Request.Purpose == tact.PurposeService }},
		{"rule caller_id_shown", contactpolicy.RefusalFilter{Rule: "caller_id_shown"}, hasRule("caller_id_shown")},
		{"rule sales_call_hours (a deferral of denials, and of allowed decisions)", contactpolicy.RefusalFilter{Rule: "sales_call_hours"}, hasRule("sales_call_hours")},
		{"rule quiet_hours (twice a decision)", contactpolicy.RefusalFilter{Rule: "quiet_hours"}, hasRule("quiet_hours")},
		{"rule sales_call_hours, denied, FR, by phone", contactpolicy.RefusalFilter{Rule: "sales_call_hours", Verdict: deny, Jurisdiction: tact.FR, Channel: tact.ChannelPhone},
			func(d *contactpolicy.Record) bool {
				return hasRule("sales_call_hours")(d) && d.Verdict == deny && d.Request.CustomerID == fr.ID && d.Request.Channel == tact.ChannelPhone
			}},
		{"rule sales_consent, sales", contactpolicy.RefusalFilter{Rule: "sales_consent", Purpose: tact.PurposeSales}, func(d *contactpolicy.Record) bool {
			return hasRule("sales_consent")(d) && d.Request.Purpose == tact.PurposeSales
		}},
		{"no such rule", contactpolicy.RefusalFilter{Rule: "no_such_rule"}, hasRule("no_such_rule")},
	}
	sortRules := func(c *contactpolicy.RefusalCounts) {
		slices.SortFunc(c.Rules, func(a, b contactpolicy.RuleCount) int { return strings.Compare(string(a.Rule), string(b.Rule)) })
	}
	var seen contactpolicy.RefusalCounts
	for _, p := range periods {
		for _, fc := range filters {
			name := p.name + ", " + fc.name
			var wantIDs []string
			want := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
			for _, d := range newest {
				if d.Verdict == allow || d.DecidedAt.Before(p.from) || !d.DecidedAt.Before(p.to) || !fc.keep(d) {
					continue
				}
				wantIDs = append(wantIDs, d.ID)
				want.Add(d.Verdict, "", 1)
				for _, r := range d.Reasons {
					want.Add(r.Verdict, r.Rule, 1)
				}
			}
			rf := fc.f
			rf.From, rf.To = p.from, p.to
			got, err := f.st.Decisions.CountRefusals(f.ctx, rf)
			must(t, "CountRefusals "+name, err)
			sortRules(want)
			sortRules(got)
			diff(t, "refusal counts, "+name, want, got)
			seen.Denied, seen.Deferred = seen.Denied+want.Denied, seen.Deferred+want.Deferred
			if len(want.Rules) > len(seen.Rules) {
				seen.Rules = want.Rules
			}

			gotIDs := refusalPages(t, f, name, rf, 4, 40)
			diff(t, "refusals, newest first, page by page, "+name, wantIDs, gotIDs)
		}
	}
	// The fixture has what it claims: denials and deferrals, by the four
	// rules.
	if seen.Denied == 0 || seen.Deferred == 0 || len(seen.Rules) != 4 {
		t.Errorf("the fixture's refusals %+v, want denials and deferrals by four rules", seen)
	}
	list, err := f.st.Decisions.FindRefusals(f.ctx, contactpolicy.RefusalFilter{From: h0, To: h0.Add(time.Hour), Rule: "sales_call_hours", Limit: 1})
	must(t, "FindRefusals", err)
	if len(list) != 1 {
		t.Fatalf("FindRefusals of a rule with limit 1: %d decisions", len(list))
	}
	stored, err := f.st.Decisions.FindDecisionByID(f.ctx, list[0].ID)
	must(t, "FindDecisionByID", err)
	diff(t, "a refusal of a rule read back", stored, list[0])
}

// refusalPages lists the refusals filter selects, limit a page, following
// each page's last decision to the next for at most pages pages, and
// returns their ids in the order read.
func refusalPages(t *testing.T, f *fixture, name string, filter contactpolicy.RefusalFilter, limit, pages int) []string {
	t.Helper()
	var ids []string
	filter.Limit = limit
	for range pages {
		list, err := f.st.Decisions.FindRefusals(f.ctx, filter)
		must(t, "FindRefusals "+name, err)
		for _, d := range list {
			ids = append(ids, d.ID)
		}
		if len(list) < limit {
			break
		}
		last := list[len(list)-1]
		filter.Before = tact.Cursor{At: last.DecidedAt, ID: last.ID}
	}
	return ids
}
