// Package cli is tact's command line and its one wiring point: it reads the
// configuration, opens the chosen store, builds the services and the server,
// and runs a subcommand. cmd/tact only calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/mail"
)

// Env is what a command runs with: its streams and environment. Tests pass
// buffers and a map; main passes the process's.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// errUsage marks an error whose message is enough: the usage was already printed.
var errUsage = errors.New("usage")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the API on --addr over --db", serve},
		{"demo", "build (or reuse) the demo operator and serve it", runDemo},
		{"migrate", "apply database migrations (safe to run twice)", migrate},
		{"jobs", "run the scheduled jobs once (overdue sweep, cancellations due, end-of-commitment and best-tariff notices, marketing data erasure, quality figures, session purge)", jobs},
		{"token", "create, list or revoke API tokens", token},
		{"user", "create or list people's accounts (advisor, supervisor, admin)", user},
		{"policy", "show the contact policy in force (show [--policy FILE] [--format toml])", policy},
		{"catalog", "load a catalogue file (load [--dry-run] FILE) or show the stored one (show [--format toml])", catalogCmd},
		{"bills", "submit bills for review from a CSV file (import FILE)", billsCmd},
		{"campaign", "plan a campaign from a file: targets, suppressions, control, CSV/JSON (plan FILE)", campaignCmd},
		{"version", "print the version", version},
	}
}

// Run runs the command in args (without the program name) and returns the
// process exit code: 0 success, 1 failure, 2 bad usage.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
			return 2
		default:
			fmt.Fprintf(env.Stderr, "tact %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "tact: unknown command %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tact — the customer's memory and conscience, for telecom operators.")
	fmt.Fprintln(w, "\nUsage: tact <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'tact <command> -h' for a command's flags. Configuration also comes from TACT_DB, TACT_ADDR, TACT_SQLITE_SYNC, TACT_LOG_LEVEL, TACT_LOG_FORMAT, TACT_SHUTDOWN_TIMEOUT, TACT_JOBS_INTERVAL,\nthe contact policy file from TACT_POLICY, and the operator's profile from TACT_OPERATOR_NAME, TACT_SUPPORT_PHONE_FR, TACT_SUPPORT_PHONE_CAQC, TACT_SUBSCRIBER_ONLY_NUMBERS.")
}

// flags returns a flag set for a command, printing to stderr, with the
// configuration loaded from the environment and its flags registered.
func flags(env Env, name string) (*flag.FlagSet, *config.Config, error) {
	cfg, err := config.FromEnv(env.Getenv)
	if err != nil {
		return nil, nil, err
	}
	fs := flag.NewFlagSet("tact "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.Flags(fs)
	return fs, &cfg, nil
}

// parse parses args, then checks the configuration.
func parse(fs *flag.FlagSet, cfg *config.Config, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return errUsage
	}
	return cfg.Validate()
}

func logger(env Env, cfg *config.Config) *slog.Logger {
	level, _ := cfg.Level()
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(env.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.Stderr, opts))
}

// open loads the contact policy, opens and migrates the configured store and
// builds the services. An invalid policy file stops it before the store is
// touched: a server does not start with it.
func open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*app.App, app.Stores, func(), error) {
	pol, err := cfg.ContactPolicy()
	if err != nil {
		return nil, app.Stores{}, nil, err
	}
	st, closeFn, err := openStores(ctx, cfg, log)
	if err != nil {
		return nil, app.Stores{}, nil, err
	}
	return services(cfg, st, pol, log), st, closeFn, nil
}

// services builds the services over st. The configuration was validated, so
// its mailer is well-formed.
func services(cfg *config.Config, st app.Stores, pol contactpolicy.Policy, log *slog.Logger) *app.App {
	return servicesMailing(cfg, st, pol, log, nil)
}

// servicesMailing is services with another mailer than the configuration's
// (the demo's), nil for the configuration's.
func servicesMailing(cfg *config.Config, st app.Stores, pol contactpolicy.Policy, log *slog.Logger, mailer mail.Sender) *app.App {
	if mailer == nil {
		var err error
		if mailer, err = cfg.Mailer(); err != nil {
			mailer = nil // cannot happen after Validate; nil sends no email
		}
	}
	return app.New(st, app.Options{Logger: log, Operator: cfg.Operator(), ServiceLevels: cfg.ServiceLevels, ContactPolicy: pol,
		Mailer: mailer, PrintQueue: cfg.PrintQueue, NoticeLeads: cfg.NoticeLeads()})
}

// writeProfiles has the store write the customer profiles it lacks (see
// contactpolicy.ProfileWriter), telling how many every 100,000 and at the end.
func writeProfiles(ctx context.Context, env Env, a *app.App) error {
	start := time.Now()
	n, err := a.Contacts.WriteProfiles(ctx, func(written int) {
		if written%100_000 == 0 {
			fmt.Fprintf(env.Stdout, "  %d customer profiles written, %s\n", written, time.Since(start).Round(time.Second))
		}
	})
	if n > 0 {
		fmt.Fprintf(env.Stdout, "Wrote %d customer profiles in %s.\n", n, time.Since(start).Round(time.Second))
	}
	return err
}

// withApp opens the configured store, runs fn with the services, and closes
// the store: the shape of every command that is not a server.
func withApp(ctx context.Context, env Env, cfg *config.Config, fn func(*app.App) error) error {
	a, _, closeFn, err := open(ctx, cfg, logger(env, cfg))
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(a)
}

// OSEnv returns the process's streams and environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}
