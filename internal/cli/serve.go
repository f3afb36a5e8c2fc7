package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/server"
)

func serve(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "serve")
	if err != nil {
		return err
	}
	cfg.ServeFlags(fs)
	if err := parse(fs, cfg, args); err != nil {
		return err
	}
	log := logger(env, cfg)
	a, _, closeFn, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeFn()
	return run(ctx, env, cfg, a, log, nil)
}

// run listens, prints where it serves (and what ready adds), and serves until
// ctx is done, running the scheduled jobs every cfg.JobsInterval meanwhile.
// The first stdout line is always "tact serving on URL", which scripts and
// tests read. On stop, the jobs' pass under way ends with the requests.
func run(ctx context.Context, env Env, cfg *config.Config, a *app.App, log *slog.Logger, ready func(url string)) error {
	srv := server.New(a, log)
	addr, err := srv.Listen(cfg.Addr)
	if err != nil {
		return err
	}
	url := "http://" + addr.String()
	fmt.Fprintf(env.Stdout, "tact serving on %s\n", url)
	if ready != nil {
		ready(url)
	}
	log.Info("serving", "url", url, "db", redact(cfg.DB), "jobs_interval", cfg.JobsInterval)

	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		batch.Run(jobsCtx, log, cfg.JobsInterval, batch.Jobs(a)...)
	}()
	err = srv.Serve(ctx, cfg.ShutdownTimeout)
	stopJobs()
	<-jobsDone
	return err
}
