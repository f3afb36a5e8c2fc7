package tact

import (
	"sync"
	"time"
)

// Clock tells the time. Services take it in their constructor so that tests and
// the demo can set the time; nothing in tact calls time.Now directly.
type Clock interface {
	Now() time.Time
}

// Resolution is the precision tact keeps times at: microseconds, the finest
// both PostgreSQL and the SQLite encoding hold, so a time reads back equal to
// what was written.
const Resolution = time.Microsecond

// SystemClock is the real clock, in UTC, at tact's resolution.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC().Truncate(Resolution) }

// ManualClock is a clock that only moves when told. It is safe for concurrent use.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock returns a clock stopped at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t.UTC().Truncate(Resolution)} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC().Truncate(Resolution)
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d).Truncate(Resolution)
	c.mu.Unlock()
}
