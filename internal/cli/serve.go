package cli

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/factbase"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/web"
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
	pol, err := cfg.ContactPolicy()
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.close()
	st := db.stores
	var base *factbase.Base
	if cfg.FactCache && db.factBase != nil {
		if base, err = db.factBase(ctx, app.FactBounds()); err != nil {
			return err
		}
		st.Facts = base
	}
	a := services(cfg, st, pol, log)
	if base != nil {
		go loadFacts(ctx, log, base, a)
	}
	return run(ctx, env, cfg, a, log, nil)
}

// loadFacts warms the fact base up while the server serves (reading from the
// database what it does not hold yet), and logs what it took.
func loadFacts(ctx context.Context, log *slog.Logger, base *factbase.Base, a *app.App) {
	start := time.Now()
	n, err := base.Load(ctx, a.Contacts.FactsQuery(nil, start), 0, nil)
	if err != nil {
		log.Error("fact base: warm-up failed; customers not loaded are read from the database", "loaded", n, "err", err)
		return
	}
	st := base.Stats()
	var per int64
	if st.Customers > 0 {
		per = st.Bytes / int64(st.Customers)
	}
	log.Info("fact base loaded", "customers", n, "took", time.Since(start).Round(time.Millisecond), "bytes", st.Bytes, "bytes_per_customer", per)
}

// run listens, prints where it serves (and what ready adds), and serves until
// ctx is done, running the scheduled jobs every cfg.JobsInterval meanwhile.
// The first stdout line is always "tact serving on URL", which scripts and
// tests read. On stop, the jobs' pass under way ends with the requests.
func run(ctx context.Context, env Env, cfg *config.Config, a *app.App, log *slog.Logger, ready func(url string)) error {
	srv := server.New(a, log, server.WithEdge(web.Edge{HTTPS: cfg.HTTPS(), TrustedProxies: cfg.TrustedProxies}))
	addr, err := srv.Listen(cfg.Addr)
	if err != nil {
		return err
	}
	url := "http://" + addr.String()
	fmt.Fprintf(env.Stdout, "tact serving on %s\n", url)
	if ready != nil {
		ready(url)
	}
	log.Info("serving", "url", url, "db", redact(cfg.DB), "jobs_interval", cfg.JobsInterval, "public_url", cfg.PublicURL,
		"secure_cookies", cfg.HTTPS(), "trusted_proxies", len(cfg.TrustedProxies))

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
