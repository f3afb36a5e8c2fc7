package contactpolicy_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// TestWholeHours splits periods at their boundaries: on the hour, a
// microsecond either side, within one hour, days in zones of whole and half
// hours, and the empty period.
func TestWholeHours(t *testing.T) {
	h := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	us := time.Microsecond
	day := func(zone string, d tact.Date) (time.Time, time.Time) {
		loc, err := tact.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		return d.In(loc), d.AddDays(1).In(loc)
	}
	parisFrom, parisTo := day("Europe/Paris", tact.DateOf(h))
	torontoFrom, torontoTo := day("America/Toronto", tact.DateOf(h))
	stJohnsFrom, stJohnsTo := day("America/St_Johns", tact.DateOf(h))
	type span [2]time.Time
	for _, tc := range []struct {
		name     string
		from, to time.Time
		hours    span   // the whole hours; zero when none
		left     []span // what is counted one by one
	}{
		{"on the hour", h, h.Add(3 * time.Hour), span{h, h.Add(3 * time.Hour)}, nil},
		{"one hour", h, h.Add(time.Hour), span{h, h.Add(time.Hour)}, nil},
		{"a microsecond after the hour", h.Add(us), h.Add(3 * time.Hour), span{h.Add(time.Hour), h.Add(3 * time.Hour)}, []span{{h.Add(us), h.Add(time.Hour)}}},
		{"a microsecond before the hour", h.Add(-us), h.Add(3 * time.Hour), span{h, h.Add(3 * time.Hour)}, []span{{h.Add(-us), h}}},
		{"ending a microsecond after the hour", h, h.Add(3*time.Hour + us), span{h, h.Add(3 * time.Hour)}, []span{{h.Add(3 * time.Hour), h.Add(3*time.Hour + us)}}},
		{"ending a microsecond before the hour", h, h.Add(3*time.Hour - us), span{h, h.Add(2 * time.Hour)}, []span{{h.Add(2 * time.Hour), h.Add(3*time.Hour - us)}}},
		{"both ends inside hours", h.Add(30 * time.Minute), h.Add(150 * time.Minute), span{h.Add(time.Hour), h.Add(2 * time.Hour)},
			[]span{{h.Add(30 * time.Minute), h.Add(time.Hour)}, {h.Add(2 * time.Hour), h.Add(150 * time.Minute)}}},
		{"across one hour's edge, no whole hour", h.Add(30 * time.Minute), h.Add(90 * time.Minute), span{}, []span{{h.Add(30 * time.Minute), h.Add(90 * time.Minute)}}},
		{"within an hour", h.Add(10 * time.Minute), h.Add(50 * time.Minute), span{}, []span{{h.Add(10 * time.Minute), h.Add(50 * time.Minute)}}},
		{"a day in Paris", parisFrom, parisTo, span{parisFrom, parisTo}, nil},
		{"a day in Toronto", torontoFrom, torontoTo, span{torontoFrom, torontoTo}, nil},
		{"a day in St. John's", stJohnsFrom, stJohnsTo, span{stJohnsFrom.Add(30 * time.Minute), stJohnsTo.Add(-30 * time.Minute)},
			[]span{{stJohnsFrom, stJohnsFrom.Add(30 * time.Minute)}, {stJohnsTo.Add(-30 * time.Minute), stJohnsTo}}},
		{"empty", h, h, span{}, []span{{h, h}}},
	} {
		f := contactpolicy.RefusalFilter{From: tc.from, To: tc.to, Rule: "caller_id_shown", Jurisdiction: tact.CAQC, Limit: 7}
		from, to, left := f.WholeHours()
		var got span
		if from.Before(to) {
			got = span{from, to}
		} else if !from.Equal(to) {
			t.Errorf("%s: whole hours from %s to %s, before their start", tc.name, from, to)
		}
		if !got[0].Equal(tc.hours[0]) || !got[1].Equal(tc.hours[1]) {
			t.Errorf("%s: whole hours %v, want %v", tc.name, got, tc.hours)
		}
		var gotLeft []span
		for _, g := range left {
			gotLeft = append(gotLeft, span{g.From, g.To})
			if g.Rule != f.Rule || g.Jurisdiction != f.Jurisdiction || g.Limit != f.Limit {
				t.Errorf("%s: a part left lost the filter: %+v", tc.name, g)
			}
		}
		if !slices.EqualFunc(gotLeft, tc.left, func(a, b span) bool { return a[0].Equal(b[0]) && a[1].Equal(b[1]) }) {
			t.Errorf("%s: left %v, want %v", tc.name, gotLeft, tc.left)
		}
	}
	if stJohnsFrom.Truncate(time.Hour).Equal(stJohnsFrom) || !parisFrom.Truncate(time.Hour).Equal(parisFrom) {
		t.Fatalf("St. John's day starts at %s, Paris's at %s", stJohnsFrom, parisFrom)
	}
}

// TestCountSpans checks that the spans of any period sum, hour by hour, to
// its whole hours exactly, on UTC midnights for the days, with at most
// twelve hours read by the hour at each end; and reads a few periods a
// supervisor asks for as the days and hours they should be.
func TestCountSpans(t *testing.T) {
	const day = 24 * time.Hour
	base := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(3, 9))
	for i := range 5000 {
		from := base.Add(time.Duration(r.Int64N(int64(10*day/time.Minute))) * time.Minute)
		to := from.Add(time.Duration(r.Int64N(int64(10*day/time.Minute))) * time.Minute)
		if i%3 == 0 {
			from, to = from.Truncate(time.Hour), to.Truncate(time.Hour)
		}
		f := contactpolicy.RefusalFilter{From: from, To: to, Rule: "quiet_hours"}
		spans, left := f.CountSpans()
		hoursFrom, hoursTo, wantLeft := f.WholeHours()
		if len(left) != len(wantLeft) {
			t.Fatalf("%s to %s: left %v, want %v", from, to, left, wantLeft)
		}
		edgeHours := 0
		for _, s := range spans {
			if !s.From.Before(s.To) || !s.From.Truncate(time.Hour).Equal(s.From) || !s.To.Truncate(time.Hour).Equal(s.To) {
				t.Fatalf("%s to %s: span %+v is not whole hours", from, to, s)
			}
			if s.Days && (!s.From.Truncate(day).Equal(s.From) || !s.To.Truncate(day).Equal(s.To)) {
				t.Fatalf("%s to %s: days %+v not from midnight to midnight UTC", from, to, s)
			}
			if !s.Days {
				edgeHours += int(s.To.Sub(s.From) / time.Hour)
			}
		}
		if edgeHours > 2*12 {
			t.Fatalf("%s to %s: %d hours read by the hour: %+v", from, to, edgeHours, spans)
		}
		for h := base.Add(-2 * day); h.Before(base.Add(22 * day)); h = h.Add(time.Hour) {
			n := 0
			for _, s := range spans {
				if !h.Before(s.From) && h.Before(s.To) {
					n += map[bool]int{false: 1, true: -1}[s.Subtract]
				}
			}
			if want := map[bool]int{false: 0, true: 1}[!h.Before(hoursFrom) && h.Before(hoursTo)]; n != want {
				t.Fatalf("%s to %s: the hour %s counted %d times, want %d: %+v", from, to, h, n, want, spans)
			}
		}
	}

	type span struct {
		from, to       time.Time
		days, subtract bool
	}
	at := func(d, h int) time.Time { return base.Add(time.Duration(d)*day + time.Duration(h)*time.Hour) }
	paris, _ := tact.LoadLocation("Europe/Paris")
	toronto, _ := tact.LoadLocation("America/Toronto")
	monday := tact.DateOf(base)
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     []span
	}{
		{"a UTC week", at(0, 0), at(7, 0), []span{{at(0, 0), at(7, 0), true, false}}},
		{"a week in Paris (UTC+1)", monday.In(paris), monday.AddDays(7).In(paris),
			[]span{{at(-1, 23), at(0, 0), false, false}, {at(6, 23), at(7, 0), false, true}, {at(0, 0), at(7, 0), true, false}}},
		{"a week in Toronto (UTC-4 after 8 March)", monday.In(toronto), monday.AddDays(7).In(toronto),
			[]span{{at(0, 0), at(0, 4), false, true}, {at(7, 0), at(7, 4), false, false}, {at(0, 0), at(7, 0), true, false}}},
		{"a day in Paris", monday.In(paris), monday.AddDays(1).In(paris),
			[]span{{at(-1, 23), at(0, 0), false, false}, {at(0, 23), at(1, 0), false, true}, {at(0, 0), at(1, 0), true, false}}},
		{"a day in Toronto", monday.In(toronto), monday.AddDays(1).In(toronto),
			[]span{{at(0, 0), at(0, 4), false, true}, {at(1, 0), at(1, 4), false, false}, {at(0, 0), at(1, 0), true, false}}},
		{"twelve hours", at(2, 6), at(2, 18), []span{{at(2, 6), at(2, 18), false, false}}},
		{"twenty hours of one day", at(2, 2), at(2, 22), []span{{at(2, 0), at(3, 0), true, false}, {at(2, 0), at(2, 2), false, true}, {at(2, 22), at(3, 0), false, true}}},
		{"across midnight", at(2, 20), at(3, 4), []span{{at(2, 20), at(3, 0), false, false}, {at(3, 0), at(3, 4), false, false}}},
	} {
		spans, _ := contactpolicy.RefusalFilter{From: tc.from, To: tc.to}.CountSpans()
		var got []span
		for _, s := range spans {
			got = append(got, span{s.From, s.To, s.Days, s.Subtract})
		}
		if !slices.EqualFunc(got, tc.want, func(a, b span) bool {
			return a.from.Equal(b.from) && a.to.Equal(b.to) && a.days == b.days && a.subtract == b.subtract
		}) {
			t.Errorf("%s: spans %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAddDecisions counts a kind of refusal as Add counts its decisions one
// by one, and Names finds a rule among its reasons.
func TestAddDecisions(t *testing.T) {
	kind := [][2]string{{"caller_id_shown", "deny"}, {"sales_call_hours", "defer"}, {"caller_id_shown", "deny"}}
	got := &contactpolicy.RefusalCounts{}
	got.AddDecisions(contactpolicy.Deny, kind, 3)
	got.AddDecisions(contactpolicy.Defer, nil, 2)
	want := &contactpolicy.RefusalCounts{}
	for range 3 {
		want.Add(contactpolicy.Deny, "", 1)
		for _, r := range kind {
			want.Add(contactpolicy.Verdict(r[1]), contactpolicy.RuleID(r[0]), 1)
		}
	}
	want.Add(contactpolicy.Defer, "", 2)
	if got.Denied != 3 || got.Deferred != 2 || !slices.Equal(got.Rules, want.Rules) || want.Rules[0].Denied != 6 {
		t.Errorf("AddDecisions: %+v, want %+v", got, want)
	}
	if !contactpolicy.Names(kind, "sales_call_hours") || contactpolicy.Names(kind, "quiet_hours") || contactpolicy.Names(nil, "quiet_hours") {
		t.Error("Names")
	}
}

// TestAddKind counts a kind of refusal only when it passes the filter's rule,
// and every kind when the filter names none.
func TestAddKind(t *testing.T) {
	kind := [][2]string{{"caller_id_shown", "deny"}, {"sales_call_hours", "defer"}}
	for _, c := range []struct {
		rule contactpolicy.RuleID
		want int
	}{{"", 2}, {"sales_call_hours", 2}, {"quiet_hours", 0}} {
		got := &contactpolicy.RefusalCounts{}
		got.AddKind(contactpolicy.RefusalFilter{Rule: c.rule}, contactpolicy.Deny, kind, 2)
		if got.Denied != c.want {
			t.Errorf("rule %q: %d denied, want %d", c.rule, got.Denied, c.want)
		}
	}
}
