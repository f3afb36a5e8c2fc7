package cli

import (
	"context"
	"fmt"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/tact"
)

// jobs runs the scheduled jobs once, as a server does every --jobs-interval,
// and prints what they did: for cron, or to catch up by hand.
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
		res, err := a.Commitments.Sweep(tact.WithActor(ctx, batch.Actor))
		fmt.Fprintf(env.Stdout, "overdue sweep: %d %s now overdue, %d %s queued\n",
			res.Overdue, plural(res.Overdue, "promise", "promises"), res.Apologies, plural(res.Apologies, "apology", "apologies"))
		return err
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
