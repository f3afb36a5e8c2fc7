package tact

import (
	"slices"
	"sync"
	"time"
)

// zones memoizes time zones by name. time.LoadLocation reads and parses the
// zone database on every call (tens of microseconds); a customer's zone is
// needed on every contact decision and every validation. Zones never change
// while the process runs, so the cache holds immutable values only.
var zones sync.Map // string → *time.Location

// LoadLocation returns the zone named by an IANA name, as time.LoadLocation,
// from a cache after the first call.
func LoadLocation(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// WallInstants are the instants at which clocks in loc read wall, earliest
// first: none when loc skips that time (clocks going forward), two when it
// repeats it (clocks going back), one otherwise. Only wall's date and clock
// are read, its location is not: a time typed by a person is fields, not
// yet an instant. A nil loc is UTC.
//
// time.Date and time.ParseInLocation never say that: a skipped time comes
// back moved to another instant, and a repeated one as one of its two
// without saying which. A person who typed "02:30" must be told that it
// does not exist that day, or which 01:30 was meant.
func WallInstants(wall time.Time, loc *time.Location) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	wall = wallFields(wall)
	// The offsets in force a day either side of it, and at it: a zone
	// changes its offset at most once in such a span (Samoa skipping 30
	// December 2011 included).
	var out []time.Time
	for _, probe := range []time.Time{wall.Add(-24 * time.Hour), wall, wall.Add(24 * time.Hour)} {
		_, offset := probe.In(loc).Zone()
		at := wall.Add(-time.Duration(offset) * time.Second)
		if !wallFields(at.In(loc)).Equal(wall) {
			continue
		}
		if !slices.ContainsFunc(out, at.Equal) {
			out = append(out, at)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// wallFields is t's date and clock as read in its location, set in UTC:
// two wall-clock times compare equal when they read the same.
func wallFields(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}
