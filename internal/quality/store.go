package quality

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// Store reads the facts of a week and keeps the weekly figures. Every
// method owns its transaction.
type Store interface {
	// ReadFacts reads what q names, in one snapshot, for the customers of
	// q.Jurisdiction (their jurisdiction now). It selects and counts; it
	// judges nothing (see the package comment).
	ReadFacts(ctx context.Context, q Query) (*Facts, error)
	// SaveWeek stores a week's figures, replacing those stored before for
	// the same jurisdiction and week.
	SaveWeek(ctx context.Context, f *WeekFigures) error
	// FindWeeks returns the stored figures of j for the weeks from to to,
	// both included, oldest first.
	FindWeeks(ctx context.Context, j tact.Jurisdiction, from, to Week) ([]*WeekFigures, error)
}

// How the job walks the weeks.
const (
	// Horizon is how many weeks back from the current one the job
	// computes: two years of charts.
	Horizon = 104
	// BackfillPerPass bounds the older weeks one pass computes per
	// jurisdiction, so a pass stays short on a large database; the
	// horizon fills over a few dozen passes.
	BackfillPerPass = 4
	// Refresh is how old the figures of the current and the previous week
	// may get before a scheduled pass computes them again: a chart by
	// weeks needs no fresher, and a pass every minute would recompute two
	// weeks of contacts every minute.
	Refresh = 10 * time.Minute
)

// Plan returns the weeks a pass computes at now for one jurisdiction whose
// weeks are cut in loc, given the figures stored over the horizon: the
// current week and the previous one (whose repeats and closed loops are
// still coming in) unless computed less than fresh ago; then, newest first,
// up to backfill older weeks within Horizon never computed, or computed
// before they were final.
func Plan(now time.Time, loc *time.Location, stored []*WeekFigures, fresh time.Duration, backfill int) []Week {
	at := map[Week]time.Time{}
	for _, f := range stored {
		at[f.Week] = f.ComputedAt
	}
	current := WeekOf(now, loc)
	var out []Week
	for _, w := range []Week{current, current.Add(-1)} {
		if t, ok := at[w]; !ok || now.Sub(t) >= fresh {
			out = append(out, w)
		}
	}
	for w, n := current.Add(-2), 0; n < backfill && WeeksBetween(w, current) <= Horizon; w = w.Add(-1) {
		_, end := w.Bounds(loc)
		if t, ok := at[w]; !ok || t.Before(end.Add(Settle)) {
			out = append(out, w)
			n++
		}
	}
	return out
}

// FirstWeek returns the oldest week of the horizon at now.
func FirstWeek(now time.Time, loc *time.Location) Week {
	return WeekOf(now, loc).Add(-(Horizon - 1))
}

// MaxWeeks bounds the weeks one report spans: three years.
const MaxWeeks = 156

// DefaultWeeks is how many weeks a report spans when its start is not
// given: a quarter.
const DefaultWeeks = 13

// Report is the stored figures of a jurisdiction over a range of weeks.
type Report struct {
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// Zone is the reference zone the weeks are cut in.
	Zone string `json:"zone"`
	From Week   `json:"from"`
	To   Week   `json:"to"`
	// Weeks are the weeks computed, oldest first; Missing the weeks of the
	// range not computed yet (the job fills the horizon a few weeks per
	// pass, and computes no week before the horizon or after the current
	// one).
	Weeks   []*WeekFigures `json:"weeks"`
	Missing []Week         `json:"missing"`
}

// Span reads a report's range from the query's from and to ("" for the
// defaults: to the current week at now, from DefaultWeeks before to). A
// range of more than MaxWeeks, or backwards, is refused naming the field.
func Span(from, to string, now time.Time, loc *time.Location) (Week, Week, error) {
	last := WeekOf(now, loc)
	if to != "" {
		w, err := ParseWeek(to)
		if err != nil {
			return Week{}, Week{}, tact.FieldError(tact.CodeInvalid, "to", "%s", err)
		}
		last = w
	}
	first := last.Add(-(DefaultWeeks - 1))
	if from != "" {
		w, err := ParseWeek(from)
		if err != nil {
			return Week{}, Week{}, tact.FieldError(tact.CodeInvalid, "from", "%s", err)
		}
		first = w
	}
	switch n := WeeksBetween(first, last); {
	case n == 0:
		return Week{}, Week{}, tact.FieldError(tact.CodeInvalid, "from", "%s is after %s", first, last)
	case n > MaxWeeks:
		return Week{}, Week{}, tact.FieldError(tact.CodeInvalid, "from", "%s to %s is %d weeks; at most %d at once", first, last, n, MaxWeeks)
	}
	return first, last, nil
}

// NewReport returns the report of j over from to to (cut in zone) from the
// figures stored for those weeks.
func NewReport(j tact.Jurisdiction, zone string, from, to Week, stored []*WeekFigures) *Report {
	r := &Report{Jurisdiction: j, Zone: zone, From: from, To: to, Weeks: []*WeekFigures{}, Missing: []Week{}}
	have := map[Week]*WeekFigures{}
	for _, f := range stored {
		have[f.Week] = f
	}
	for w := from; w.Compare(to) <= 0; w = w.Add(1) {
		if f := have[w]; f != nil {
			r.Weeks = append(r.Weeks, f)
		} else {
			r.Missing = append(r.Missing, w)
		}
	}
	return r
}
