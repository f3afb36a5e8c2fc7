package tact

import (
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
