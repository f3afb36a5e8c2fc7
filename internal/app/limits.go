package app

import (
	"context"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// limits applies the sign-in limits (session.LimitsOf, session.Limit.Over)
// to the people's and the customers' sign-ins. The counts are the
// database's (session.AttemptStore), shared by every node; what this node
// keeps is only the refusals it was told, until they end, so that a flood
// past the limit costs the database nothing. It decides nothing itself: a
// key is remembered refused only when the rule refused it, until the time
// the rule said, and the database would refuse it as long.
type limits struct {
	store session.AttemptStore
	mu    sync.Mutex
	// refused holds, by key, until when an attempt under it is refused.
	refused map[string]time.Time
}

// maxRefused bounds the refusals kept in memory: past it those ended are
// dropped, and if none has, all: the database still refuses them.
const maxRefused = 100_000

func newLimits(store session.AttemptStore) *limits {
	return &limits{store: store, refused: map[string]time.Time{}}
}

// take counts one attempt at now under ls. Within every limit, it returns
// the attempt, which stays counted unless released; past one, it returns a
// *RateLimitedError saying how long to wait (what, e.g. "failed sign-ins",
// in its message), and the attempt counts for nothing.
func (l *limits) take(ctx context.Context, now time.Time, ls []session.Limit, what string) (*session.Attempt, error) {
	if until := l.known(now, ls); !until.IsZero() {
		return nil, limited(until.Sub(now), what)
	}
	a, err := session.NewAttempt(now, ls)
	if err != nil {
		return nil, err
	}
	recent, err := l.store.AddAttempt(ctx, a, session.WindowStart(now))
	if err != nil {
		return nil, err
	}
	var until time.Time
	for i, lim := range ls {
		if u, over := lim.Over(now, recent[i]); over {
			l.remember(now, lim.Key, u)
			if u.After(until) {
				until = u
			}
		}
	}
	if until.IsZero() {
		return a, nil
	}
	if err := l.store.DropAttempt(ctx, a); err != nil {
		return nil, err
	}
	return nil, limited(until.Sub(now), what)
}

// release uncounts an attempt that turned out not to be a failure: the
// right password or code, or a fault of ours before any was checked.
func (l *limits) release(ctx context.Context, a *session.Attempt) error {
	return l.store.DropAttempt(ctx, a)
}

// reset forgets every attempt under key: after a success, the person's own
// earlier typos no longer count against his email. The client address
// keeps its count, so one good account does not unlock guessing others.
func (l *limits) reset(ctx context.Context, key string) error {
	l.mu.Lock()
	delete(l.refused, key)
	l.mu.Unlock()
	return l.store.ClearAttempts(ctx, key)
}

// known returns the latest end of the refusals this node remembers for ls
// at now, zero when none holds.
func (l *limits) known(now time.Time, ls []session.Limit) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	var until time.Time
	for _, lim := range ls {
		if u, ok := l.refused[lim.Key]; ok && now.Before(u) && u.After(until) {
			until = u
		}
	}
	return until
}

// remember keeps a refusal of key until until.
func (l *limits) remember(now time.Time, key string, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.refused) >= maxRefused {
		for k, u := range l.refused {
			if !now.Before(u) {
				delete(l.refused, k)
			}
		}
		if len(l.refused) >= maxRefused {
			clear(l.refused)
		}
	}
	l.refused[key] = until
}

// limited is the refusal of an attempt past a limit, for wait more.
func limited(wait time.Duration, what string) *RateLimitedError {
	return &RateLimitedError{Wait: wait, err: tact.Errorf(tact.CodeRateLimited, "too many %s; try again in %s", what, wait.Round(time.Second))}
}
