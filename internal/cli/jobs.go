package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/tact"
)

// jobs runs one pass of each scheduled job, as a server does every
// --jobs-interval, and prints what they did: for cron, or to catch up by
// hand. A notice or erasure pass is bounded (app.Notices, app.Erasures),
// and so is the quality figures' backfill (app.Quality): a large backlog
// takes several.
func jobs(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "run" {
		fmt.Fprintln(env.Stderr, "usage: tact jobs run")
		return errUsage
	}
	fs, cfg, err := flags(env, "jobs run")
	if err != nil {
		return err
	}
	if err := parse(fs, cfg, args[1:]); err != nil {
		return err
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		ctx := tact.WithActor(ctx, batch.Actor)
		res, err := a.Commitments.Sweep(ctx)
		fmt.Fprintf(env.Stdout, "overdue sweep: %d %s now overdue, %d %s queued\n",
			res.Overdue, plural(res.Overdue, "promise", "promises"), res.Apologies, plural(res.Apologies, "apology", "apologies"))
		done, doneErr := a.Cancellations.Complete(ctx)
		fmt.Fprintf(env.Stdout, "cancellations: %d completed, %d %s now former\n",
			done.Completed, done.Former, plural(done.Former, "customer", "customers"))
		ends, endsErr := a.Notices.CommitmentEnds(ctx)
		fmt.Fprintf(env.Stdout, "commitment-end notices: %d queued (%d late), %d %s examined, %d %s no written channel\n",
			ends.Queued, ends.Late, ends.Examined, plural(ends.Examined, "line", "lines"), ends.Unreachable, plural(ends.Unreachable, "customer has", "customers have"))
		best, bestErr := a.Notices.BestTariff(ctx)
		if best.Skipped {
			fmt.Fprintln(env.Stdout, "best-tariff notices: every customer was examined less than an hour ago")
		} else {
			fmt.Fprintf(env.Stdout, "best-tariff notices: %d queued, %d %s examined, %d without usage yet, %d %s no written channel\n",
				best.Queued, best.Examined, plural(best.Examined, "customer", "customers"), best.NoUsage, best.Unreachable, plural(best.Unreachable, "has", "have"))
		}
		erased, erasedErr := a.Erasures.EraseMarketingData(ctx)
		fmt.Fprintf(env.Stdout, "marketing data erasure: %d former %s erased three years after leaving, %d examined, %d not due yet on %s own date\n",
			erased.Erased, plural(erased.Erased, "customer", "customers"), erased.Examined, erased.NotDue, plural(erased.NotDue, "his", "their"))
		// By hand, the current and the previous week are computed whatever
		// their age: whoever runs this wants today's figures.
		q, qErr := a.Quality.Refresh(ctx, 0)
		if q != nil {
			var weeks []string
			for _, w := range q.Computed {
				weeks = append(weeks, string(w.Jurisdiction)+" "+w.Week.String())
			}
			fmt.Fprintf(env.Stdout, "quality figures: %d %s computed (%s), %d %s of the horizon left for later passes\n",
				len(q.Computed), plural(len(q.Computed), "week", "weeks"), strings.Join(weeks, ", "), q.Remaining, plural(q.Remaining, "week", "weeks"))
		}
		purged, purgedErr := a.Sessions.Purge(ctx)
		more := ""
		if purged.More {
			more = "; more left for the next pass"
		}
		fmt.Fprintf(env.Stdout, "session purge: %d %s, %d customer %s and %d sign-in %s deleted, ended before %s; %d sign-in %s out of the limits' window%s\n",
			purged.Sessions, plural(purged.Sessions, "session", "sessions"), purged.SpaceSessions, plural(purged.SpaceSessions, "session", "sessions"),
			purged.Codes, plural(purged.Codes, "code", "codes"), purged.EndedBefore.UTC().Format(time.RFC3339),
			purged.Attempts, plural(purged.Attempts, "attempt", "attempts"), more)
		return errors.Join(err, doneErr, endsErr, bestErr, erasedErr, qErr, purgedErr)
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
