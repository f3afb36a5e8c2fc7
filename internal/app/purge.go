package app

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/session"
)

// PurgeResult is what a purge of sign-ins deleted.
type PurgeResult struct {
	// EndedBefore is the time everything deleted had ended by: KeepEnded
	// before the purge.
	EndedBefore time.Time `json:"ended_before"`
	// Sessions, SpaceSessions and Codes count the people's sessions, the
	// customers' sessions and the sign-in codes deleted.
	Sessions      int `json:"sessions"`
	SpaceSessions int `json:"space_sessions"`
	Codes         int `json:"sign_in_codes"`
	// Attempts counts the sign-in attempts deleted: those out of the
	// limits' window (session.FailureWindow), which count for nothing.
	Attempts int `json:"sign_in_attempts"`
	// More says a kind had more to delete than one pass does
	// (session.PurgeBatch): the next pass goes on.
	More bool `json:"more"`
}

// Changed reports whether the purge deleted anything.
func (r PurgeResult) Changed() bool { return r.Sessions+r.SpaceSessions+r.Codes+r.Attempts > 0 }

// Purge deletes the people's and the customers' sessions and the sign-in
// codes that ended session.KeepEnded ago or more, and the sign-in attempts
// out of the limits' window, up to session.PurgeBatch of each kind. Running it twice deletes nothing twice, and passes on
// several nodes at once delete each row once.
func (s *Sessions) Purge(ctx context.Context) (PurgeResult, error) {
	now := s.clock.Now()
	res := PurgeResult{EndedBefore: session.PurgeBefore(now)}
	for _, p := range []struct {
		n      *int
		purge  func(context.Context, time.Time, int) (int, error)
		before time.Time
	}{
		{&res.Sessions, s.store.PurgeSessions, res.EndedBefore},
		{&res.SpaceSessions, s.space.PurgeSpaceSessions, res.EndedBefore},
		{&res.Codes, s.space.PurgeCodes, res.EndedBefore},
		{&res.Attempts, s.limits.store.PurgeAttempts, session.WindowStart(now)},
	} {
		n, err := p.purge(ctx, p.before, session.PurgeBatch)
		*p.n = n
		if err != nil {
			return res, err
		}
		res.More = res.More || n == session.PurgeBatch
	}
	return res, nil
}
