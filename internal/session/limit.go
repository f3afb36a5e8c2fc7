package session

import (
	"sync"
	"time"
)

// The sign-in limit: OWASP Authentication Cheat Sheet (account lockout and
// throttling) and NIST SP 800-63B §5.2.2 (rate limiting of failed attempts).
// Five failures in a quarter of an hour, counted per email (someone guessing
// one advisor's password) and per client address (someone trying many
// advisors), refuse further attempts from that email or address until the
// oldest failure is older than the window. A refused attempt checks no
// password, so a flood costs no argon2 work.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
)

// maxLimiterKeys bounds the limiter's memory: past it the oldest record is
// dropped rather than the map grown without end by a flood of addresses.
const maxLimiterKeys = 100_000

// Limiter counts failed sign-ins by key ("email:…", "ip:…") in the process's
// memory. Each tact node counts its own: behind a load balancer of n nodes an
// attacker gets at most n times the limit, which is still a limit; a shared
// count would cost a database write per failure. It is safe for concurrent use.
type Limiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	max      int
	window   time.Duration
}

// NewLimiter returns an empty limiter of MaxFailures in FailureWindow.
func NewLimiter() *Limiter { return NewLimiterOf(MaxFailures, FailureWindow) }

// NewLimiterOf returns an empty limiter of max failures in window.
func NewLimiterOf(max int, window time.Duration) *Limiter {
	return &Limiter{failures: map[string][]time.Time{}, max: max, window: window}
}

// Allowed reports whether an attempt under every key may go ahead at now. When
// not, wait is how long until the first key frees a slot.
func (l *Limiter) Allowed(now time.Time, keys ...string) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok = true
	for _, k := range keys {
		recent := l.recent(k, now)
		if len(recent) >= l.max {
			ok = false
			// The slot frees when the oldest failure that keeps the count at
			// the limit leaves the window.
			free := recent[len(recent)-l.max].Add(l.window).Sub(now)
			wait = max(wait, free)
		}
	}
	return ok, wait
}

// Fail records a failed attempt under every key at now.
func (l *Limiter) Fail(now time.Time, keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= maxLimiterKeys {
		l.prune(now)
	}
	for _, k := range keys {
		list := append(l.recent(k, now), now)
		// Only the last max decide anything.
		if len(list) > l.max {
			list = list[len(list)-l.max:]
		}
		l.failures[k] = list
	}
}

// Reset forgets the failures under key: after a successful sign-in, the
// person's own earlier typos no longer count against their email. The client
// address keeps its count, so one good account does not unlock guessing others.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

// recent returns the failures of key still inside the window at now, and
// drops the older ones. The caller holds the lock.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	list := l.failures[key]
	i := 0
	for i < len(list) && !now.Before(list[i].Add(l.window)) {
		i++
	}
	if i == len(list) {
		delete(l.failures, key)
		return nil
	}
	list = list[i:]
	l.failures[key] = list
	return list
}

// prune drops every key with no failure inside the window, and, if the map
// is still full, empties it: under a flood of addresses, forgetting is better
// than running out of memory. The caller holds the lock.
func (l *Limiter) prune(now time.Time) {
	for k := range l.failures {
		l.recent(k, now)
	}
	if len(l.failures) >= maxLimiterKeys {
		clear(l.failures)
	}
}
