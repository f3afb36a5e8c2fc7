package quality_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// The week of the tests: 2026-W11 in Paris, Monday 9 March 00:00 (23:00 UTC
// the day before) to Monday 16 March 00:00.
var (
	from  = time.Date(2026, 3, 8, 23, 0, 0, 0, time.UTC)
	to    = from.Add(7 * 24 * time.Hour)
	later = to.Add(30 * 24 * time.Hour) // every window has passed
)

func at(d time.Duration) time.Time { return from.Add(d) }

func ptr(t time.Time) *time.Time { return &t }

const (
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

func wantRatio(t *testing.T, what string, got quality.Ratio, n, d int) {
	t.Helper()
	if got.Numerator != n || got.Denominator != d {
		t.Errorf("%s: %d of %d, want %d of %d", what, got.Numerator, got.Denominator, n, d)
	}
	switch {
	case d == 0 && got.Value != nil:
		t.Errorf("%s: value %v with nothing to count, want null", what, *got.Value)
	case d > 0 && (got.Value == nil || *got.Value != float64(int(float64(n)/float64(d)*10000+0.5))/10000):
		t.Errorf("%s: value %v, want %d/%d", what, got.Value, n, d)
	}
}

func TestFirstContactResolution(t *testing.T) {
	resolvedAt := at(2 * day)
	for _, c := range []struct {
		name    string
		inbound []time.Duration // from the resolution
		fcr     bool
	}{
		{"no inbound contact: he never had to come back", nil, true},
		{"one call, then resolved", []time.Duration{-hour}, true},
		{"one call at the very instant of the resolution", []time.Duration{0}, true},
		{"two calls before the resolution", []time.Duration{-2 * day, -hour}, false},
		{"one call before, one after the resolution", []time.Duration{-hour, minute}, true},
	} {
		k := quality.ResolvedCase{ID: "cas_1", ResolvedAt: resolvedAt}
		for _, d := range c.inbound {
			k.Inbound = append(k.Inbound, resolvedAt.Add(d))
		}
		want := 0
		if c.fcr {
			want = 1
		}
		wantRatio(t, c.name, quality.FirstContact([]quality.ResolvedCase{k}, from, to), want, 1)
	}
	// Only the cases resolved in the week count.
	cases := []quality.ResolvedCase{
		{ID: "before", ResolvedAt: from.Add(-minute)},
		{ID: "first minute", ResolvedAt: from},
		{ID: "last minute", ResolvedAt: to.Add(-minute), Inbound: []time.Time{at(0), at(hour)}},
		{ID: "next week", ResolvedAt: to},
	}
	wantRatio(t, "the week's cases", quality.FirstContact(cases, from, to), 1, 2)
	wantRatio(t, "no case", quality.FirstContact(nil, from, to), 0, 0)
}

func TestRepeatContacts(t *testing.T) {
	for _, c := range []struct {
		name   string
		next   time.Duration // after the first contact
		repeat bool
	}{
		{"6 days 23:59 later", 7*day - minute, true},
		{"7 days later", 7 * day, false},
		{"an hour later", hour, true},
		{"at the same instant", 0, true},
	} {
		first := at(5*day + 20*hour) // Saturday evening: its repeat falls next week
		contacts := []quality.Contact{
			{CustomerID: "cus_a", At: first.Add(c.next)},
			{CustomerID: "cus_a", At: first},
		}
		want := 0
		if c.repeat {
			want = 1
		}
		// The second contact, when in the week, counts too (not repeated).
		d := 1
		if first.Add(c.next).Before(to) {
			d = 2
		}
		wantRatio(t, c.name, quality.Repeats(contacts, from, to, later), want, d)
	}
	// Another customer's contact is no repeat; a contact before the week
	// is not counted, nor its repeat in the week made one.
	contacts := []quality.Contact{
		{CustomerID: "cus_a", At: at(hour)},
		{CustomerID: "cus_b", At: at(2 * hour)},
		{CustomerID: "cus_c", At: from.Add(-hour)},
		{CustomerID: "cus_c", At: at(hour)},
	}
	wantRatio(t, "three customers, once each", quality.Repeats(contacts, from, to, later), 0, 3)
	// A contact enters the figure once its 7 days have passed.
	now := at(7*day + 90*minute) // a week after those at 01:00, not yet after the one at 02:00
	wantRatio(t, "before their window passed", quality.Repeats(contacts, from, to, now), 0, 2)
	wantRatio(t, "no contact", quality.Repeats(nil, from, to, later), 0, 0)
}

func TestPromisesKeptOnTime(t *testing.T) {
	due := at(3*day + 17*hour)
	for _, c := range []struct {
		name   string
		p      quality.Promise
		n, d   int
		reason string
	}{
		{"kept at its due", quality.Promise{Due: due, Status: commitment.Kept, KeptAt: ptr(due)}, 1, 1, ""},
		{"kept a minute late", quality.Promise{Due: due, Status: commitment.Kept, KeptAt: ptr(due.Add(minute))}, 0, 1, ""},
		{"kept early", quality.Promise{Due: due, Status: commitment.Kept, KeptAt: ptr(due.Add(-day))}, 1, 1, ""},
		{"overdue", quality.Promise{Due: due, Status: commitment.Overdue}, 0, 1, ""},
		{"pending past its due, not swept yet", quality.Promise{Due: due, Status: commitment.Pending}, 0, 1, ""},
		{"withdrawn before its due", quality.Promise{Due: due, Status: commitment.Cancelled, CancelledAt: ptr(due.Add(-hour))}, 0, 0, "the customer was told in time"},
		{"withdrawn at its due", quality.Promise{Due: due, Status: commitment.Cancelled, CancelledAt: ptr(due)}, 0, 0, ""},
		{"withdrawn after its due", quality.Promise{Due: due, Status: commitment.Cancelled, CancelledAt: ptr(due.Add(minute))}, 0, 1, "broken first"},
		{"due Sunday 23:59", quality.Promise{Due: to.Add(-minute), Status: commitment.Kept, KeptAt: ptr(to.Add(-minute))}, 1, 1, ""},
		{"due Monday 00:00: next week's", quality.Promise{Due: to, Status: commitment.Kept, KeptAt: ptr(to)}, 0, 0, ""},
	} {
		wantRatio(t, c.name, quality.PromisesKept([]quality.Promise{c.p}, from, to, later), c.n, c.d)
	}
	// A promise not yet due is not judged.
	pending := quality.Promise{Due: due, Status: commitment.Pending}
	wantRatio(t, "not yet due", quality.PromisesKept([]quality.Promise{pending}, from, to, due.Add(-minute)), 0, 0)
	wantRatio(t, "due now", quality.PromisesKept([]quality.Promise{pending}, from, to, due), 0, 1)
}

func TestContactPressure(t *testing.T) {
	// 20 customers: 10 with one contact, 8 with two, one with 5, one with 9.
	tallies := []quality.Tally{{Contacts: 2, Customers: 8}, {Contacts: 9, Customers: 1}, {Contacts: 1, Customers: 10}, {Contacts: 5, Customers: 1}}
	p := quality.PressureOf(tallies, nil, from, to, quality.Ceiling{})
	want := quality.Pressure{Contacts: 10 + 16 + 5 + 9, Customers: 20, Mean: 2, P95: 5, Max: 9}
	if p != want {
		t.Errorf("pressure %+v, want %+v", p, want)
	}
	// The 95th percentile by nearest rank: of 21 customers, the 20th.
	tallies = append(tallies, quality.Tally{Contacts: 7, Customers: 1})
	if p := quality.PressureOf(tallies, nil, from, to, quality.Ceiling{}); p.P95 != 7 || p.Max != 9 || p.Mean != 2.24 {
		t.Errorf("21 customers: %+v, want p95 7, max 9, mean 2.24", p)
	}
	if p := quality.PressureOf(nil, nil, from, to, quality.Ceiling{}); p != (quality.Pressure{}) {
		t.Errorf("no contact: %+v", p)
	}
}

// TestSalesCallCeiling: the French ceiling is 4 sales calls in 30 days; a
// customer is above it in the week when a sales call of the week had 4
// others in the 30 days before it — the call the sales_call_cap rule would
// have held.
func TestSalesCallCeiling(t *testing.T) {
	fr := quality.Ceiling{Calls: 4, Window: 30 * day}
	fifth := at(2 * day)
	calls := func(customer string, offsets ...time.Duration) []quality.Contact {
		var out []quality.Contact
		for _, d := range offsets {
			out = append(out, quality.Contact{CustomerID: customer, At: fifth.Add(d)})
		}
		return out
	}
	for _, c := range []struct {
		name  string
		calls []quality.Contact
		above int
	}{
		{"4 before within 30 days, the 5th in the week", calls("c", -29*day, -20*day, -10*day, -day, 0), 1},
		{"the first exactly 30 days before: it left the window", calls("c", -30*day, -20*day, -10*day, -day, 0), 0},
		{"the first 29 days 23:59 before", calls("c", -30*day+minute, -20*day, -10*day, -day, 0), 1},
		{"4 calls only", calls("c", -20*day, -10*day, -day, 0), 0},
		{"the 5th before the week: last week's excess", calls("c", -40*day, -35*day, -33*day, -32*day, -3*day), 0},
		{"five in the week, counted once", calls("c", 0, hour, 2*hour, 3*hour, 4*hour, 5*hour), 1},
	} {
		p := quality.PressureOf(nil, c.calls, from, to, fr)
		if p.AboveSalesCallCap != c.above || p.SalesCallCap != 4 || p.SalesCallWindowDays != 30 {
			t.Errorf("%s: %+v, want %d above 4 in 30 days", c.name, p, c.above)
		}
	}
	// Québec has no ceiling: nothing is counted, and the query reads no call.
	p := quality.PressureOf(nil, calls("c", 0, hour, 2*hour, 3*hour, 4*hour), from, to, quality.Ceiling{})
	if p.SalesCallCap != 0 || p.AboveSalesCallCap != 0 {
		t.Errorf("no ceiling: %+v", p)
	}
	q := quality.NewQuery(tact.CAQC, week(t, "2026-W11"), zone(t, tact.CAQC), quality.Ceiling{})
	if q.SalesMinCalls != 0 || !q.SalesFrom.Equal(q.From) {
		t.Errorf("no ceiling: query %+v", q)
	}
	q = quality.NewQuery(tact.FR, week(t, "2026-W11"), zone(t, tact.FR), fr)
	if q.SalesMinCalls != 5 || !q.SalesFrom.Equal(from.Add(-30*day)) || !q.From.Equal(from) || !q.To.Equal(to) || !q.InboundUntil.Equal(to.Add(7*day)) {
		t.Errorf("FR query %+v", q)
	}
}

func TestClosedLoop(t *testing.T) {
	answered := at(4 * day)
	for _, c := range []struct {
		name string
		a    quality.Answer
		n, d int
	}{
		{"called back at 48 hours", quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor, CommitmentID: "com_1", KeptAt: ptr(answered.Add(48 * hour))}, 1, 1},
		{"called back at 48 hours and a minute", quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor, CommitmentID: "com_1", KeptAt: ptr(answered.Add(48*hour + minute))}, 0, 1},
		{"called back the same day", quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor, CommitmentID: "com_1", KeptAt: ptr(answered.Add(3 * hour))}, 1, 1},
		{"never called back", quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor, CommitmentID: "com_1"}, 0, 1},
		{"a passive", quality.Answer{AnsweredAt: answered, Sentiment: survey.Passive, CommitmentID: "com_1"}, 0, 0},
		{"a promoter", quality.Answer{AnsweredAt: answered, Sentiment: survey.Promoter}, 0, 0},
		{"a detractor with no promise", quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor}, 0, 0},
	} {
		wantRatio(t, c.name, quality.LoopsClosed([]quality.Answer{c.a}, later), c.n, c.d)
	}
	open := quality.Answer{AnsweredAt: answered, Sentiment: survey.Detractor, CommitmentID: "com_1"}
	wantRatio(t, "48 hours not yet passed", quality.LoopsClosed([]quality.Answer{open}, answered.Add(47*hour)), 0, 0)
	wantRatio(t, "48 hours passed", quality.LoopsClosed([]quality.Answer{open}, answered.Add(48*hour)), 0, 1)
}

func TestDisputes(t *testing.T) {
	ds := []quality.Dispute{
		{OpenedAt: from.Add(-day), Open: true},                                     // open all week
		{OpenedAt: from.Add(-day), ResolvedAt: ptr(at(day))},                       // resolved during the week
		{OpenedAt: at(day), Open: true},                                            // opened, still open
		{OpenedAt: at(2 * day), ResolvedAt: ptr(at(3 * day))},                      // opened and resolved in the week
		{OpenedAt: to.Add(-minute), ResolvedAt: ptr(to)},                           // opened Sunday 23:59, resolved Monday 00:00
		{OpenedAt: to, Open: true},                                                 // next week's
		{OpenedAt: from.Add(-10 * day), Open: false},                               // closed at a time not recorded
		{OpenedAt: from.Add(-10 * day), ResolvedAt: ptr(to.Add(day)), Open: false}, // resolved after the week
	}
	if got, want := quality.DisputesOf(ds, from, to, later), (quality.DisputeCounts{Opened: 3, OpenAtEnd: 4}); got != want {
		t.Errorf("disputes %+v, want %+v", got, want)
	}
	// For the week under way, open means open now.
	if got, want := quality.DisputesOf(ds, from, to, at(2*day+hour)), (quality.DisputeCounts{Opened: 3, OpenAtEnd: 4}); got != want {
		t.Errorf("Wednesday: %+v, want %+v", got, want)
	}
}

// TestComputeAndNames: Compute fills each figure from its facts, says
// whether the week is final, and each figure's JSON member is its name.
func TestComputeAndNames(t *testing.T) {
	paris := zone(t, tact.FR)
	w := week(t, "2026-W11")
	f := &quality.Facts{
		Resolved: []quality.ResolvedCase{{ID: "cas_1", ResolvedAt: at(day)}},
		Inbound:  []quality.Contact{{CustomerID: "c", At: at(hour)}, {CustomerID: "c", At: at(2 * hour)}},
		Outbound: []quality.Tally{{Contacts: 3, Customers: 2}},
		Promises: []quality.Promise{{Due: at(day), Status: commitment.Kept, KeptAt: ptr(at(day))}},
		Answers:  []quality.Answer{{AnsweredAt: at(hour), Sentiment: survey.Detractor, CommitmentID: "com_1", KeptAt: ptr(at(2 * hour))}},
		Disputes: []quality.Dispute{{OpenedAt: at(hour), Open: true}},
	}
	fr := quality.Ceiling{Calls: 4, Window: 30 * day}
	got := quality.Compute(tact.FR, w, paris, fr, f, to.Add(quality.Settle))
	if !got.Final || got.Week != w || got.Zone != "Europe/Paris" || !got.Starts.Equal(from) || !got.Ends.Equal(to) || got.Starts.Location() != time.UTC {
		t.Errorf("week %+v", got)
	}
	wantRatio(t, "fcr", got.FirstContactResolution, 1, 1)
	wantRatio(t, "repeats", got.RepeatContacts, 1, 2)
	wantRatio(t, "promises", got.PromisesKeptOnTime, 1, 1)
	wantRatio(t, "loop", got.ClosedLoop, 1, 1)
	if got.ContactPressure.Contacts != 6 || got.ContactPressure.SalesCallCap != 4 || got.Disputes.Opened != 1 {
		t.Errorf("pressure %+v, disputes %+v", got.ContactPressure, got.Disputes)
	}
	if quality.Compute(tact.FR, w, paris, fr, f, to.Add(quality.Settle-minute)).Final {
		t.Error("final a minute before it settles")
	}

	// Every figure is a member of the JSON, under its name.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]any
	_ = json.Unmarshal(b, &members)
	for _, name := range quality.Figures {
		if _, ok := members[string(name)]; !ok || !name.Valid() {
			t.Errorf("figure %s is not a member of %s", name, b)
		}
	}
	figures := 0
	for i := range reflect.TypeFor[quality.WeekFigures]().NumField() {
		tag := reflect.TypeFor[quality.WeekFigures]().Field(i).Tag.Get("json")
		if quality.Figure(strings.Split(tag, ",")[0]).Valid() {
			figures++
		}
	}
	if figures != len(quality.Figures) {
		t.Errorf("%d members are figures, %d figures are named", figures, len(quality.Figures))
	}
}

// TestPlan: a pass computes the current and the previous week unless fresh,
// then older weeks never computed or not final, newest first, a few at a
// time, within the horizon.
func TestPlan(t *testing.T) {
	paris := zone(t, tact.FR)
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, paris) // Wednesday of 2026-W11
	stored := func(w string, computed time.Time) *quality.WeekFigures {
		return &quality.WeekFigures{Week: week(t, w), ComputedAt: computed}
	}
	names := func(ws []quality.Week) string {
		var s []string
		for _, w := range ws {
			s = append(s, w.String())
		}
		return strings.Join(s, " ")
	}
	if got := names(quality.Plan(now, paris, nil, quality.Refresh, 3)); got != "2026-W11 2026-W10 2026-W09 2026-W08 2026-W07" {
		t.Errorf("empty: %s", got)
	}
	// W09 ended 2 March 00:00, final from 9 March: computed on the 8th at
	// 23:59 it is not. W08 ended 23 February: computed on 2 March 00:00, it
	// is final. W07 was never computed.
	ws := []*quality.WeekFigures{
		stored("2026-W11", now.Add(-5*time.Minute)),
		stored("2026-W10", now.Add(-quality.Refresh)),
		stored("2026-W09", time.Date(2026, 3, 8, 23, 59, 0, 0, paris)),
		stored("2026-W08", time.Date(2026, 3, 2, 0, 0, 0, 0, paris)),
	}
	if got := names(quality.Plan(now, paris, ws, quality.Refresh, 2)); got != "2026-W10 2026-W09 2026-W07" {
		t.Errorf("some stored: %s", got)
	}
	if got := names(quality.Plan(now, paris, ws, 0, 0)); got != "2026-W11 2026-W10" {
		t.Errorf("forced, no backfill: %s", got)
	}
	// Nothing older than the horizon.
	all := []*quality.WeekFigures{}
	for w := quality.FirstWeek(now, paris); w.Compare(quality.WeekOf(now, paris)) <= 0; w = w.Add(1) {
		_, end := w.Bounds(paris)
		all = append(all, &quality.WeekFigures{Week: w, ComputedAt: later.Add(end.Sub(from))})
	}
	if len(all) != quality.Horizon {
		t.Fatalf("%d weeks in the horizon", len(all))
	}
	all[0].ComputedAt = time.Time{} // the oldest is not final
	if got := names(quality.Plan(now.Add(time.Hour), paris, all[:len(all)-2], time.Hour, 5)); got != "2026-W11 2026-W10 "+all[0].Week.String() {
		t.Errorf("the horizon: %s", got)
	}
}

func TestSpanAndReport(t *testing.T) {
	paris := zone(t, tact.FR)
	now := time.Date(2026, 3, 11, 10, 0, 0, 0, paris)
	for _, c := range []struct {
		from, to string
		want     string
		field    string
	}{
		{"", "", "2025-W51 2026-W11", ""},
		{"2026-W01", "2026-W48", "2026-W01 2026-W48", ""},
		{"2026-W10", "2026-W10", "2026-W10 2026-W10", ""},
		{"", "2026-W02", "2025-W42 2026-W02", ""},
		{"2026-W11", "2026-W10", "", "from"},
		{"2026-W1", "", "", "from"},
		{"", "2026-W54", "", "to"},
		{"2023-W01", "2026-W01", "", "from"}, // 158 weeks
		{"2023-W03", "2026-W01", "2023-W03 2026-W01", ""},
	} {
		f, l, err := quality.Span(c.from, c.to, now, paris)
		switch {
		case c.field != "":
			if tact.ErrorCode(err) != tact.CodeInvalid || tact.ErrorField(err) != c.field {
				t.Errorf("Span(%q, %q): %v, want invalid on %s", c.from, c.to, err, c.field)
			}
		case err != nil || f.String()+" "+l.String() != c.want:
			t.Errorf("Span(%q, %q) = %s %s %v, want %s", c.from, c.to, f, l, err, c.want)
		}
	}
	r := quality.NewReport(tact.FR, "Europe/Paris", week(t, "2026-W08"), week(t, "2026-W11"),
		[]*quality.WeekFigures{{Week: week(t, "2026-W09")}, {Week: week(t, "2026-W11")}})
	if len(r.Weeks) != 2 || r.Weeks[0].Week.String() != "2026-W09" || len(r.Missing) != 2 || r.Missing[0].String() != "2026-W08" || r.Missing[1].String() != "2026-W10" {
		t.Errorf("report %+v", r)
	}
}
