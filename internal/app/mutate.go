package app

import (
	"context"

	"github.com/tactcrm/tact/internal/tact"
)

// updateAttempts bounds the retries of an update that raced another one and
// carried no If-Match: the change is re-applied to the fresh record.
const updateAttempts = 3

// mutate loads a record, checks the version the client last read (ifVersion,
// from If-Match; 0 when none), applies a change and saves it. A stale
// ifVersion is refused with precondition_failed and nothing is lost; without
// one, a lost race is retried on the fresh record. apply returns the events of
// the change; none means nothing changed, and then nothing is saved.
func mutate[T, E any](ctx context.Context, kind, id string, ifVersion int,
	load func() (T, int, error), apply func(T) ([]E, error), save func(T, []E) error) (T, error) {
	for attempt := 1; ; attempt++ {
		rec, version, err := load()
		if err != nil {
			return rec, err
		}
		if ifVersion != 0 && version != ifVersion {
			return rec, tact.Errorf(tact.CodePreconditionFailed, "%s %s is at version %d, not %d; read it again", kind, id, version, ifVersion)
		}
		evs, err := apply(rec)
		if err != nil || len(evs) == 0 {
			return rec, err
		}
		err = save(rec, evs)
		if tact.ErrorCode(err) == tact.CodePreconditionFailed && ifVersion == 0 && attempt < updateAttempts {
			continue
		}
		return rec, err
	}
}
