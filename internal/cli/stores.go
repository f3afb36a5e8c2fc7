package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/factbase"
	"github.com/tactcrm/tact/internal/postgres"
	"github.com/tactcrm/tact/internal/sqlite"
)

// database is an open engine, whichever it is.
type database struct {
	engine  string
	migrate func(context.Context) ([]string, error)
	stores  app.Stores
	close   func()
	// factBase, for an engine one process serves alone (SQLite), puts a
	// memory-resident fact base in front of its facts store, kept current
	// by its writes; nil for the others.
	factBase func(context.Context, factbase.Bounds) (*factbase.Base, error)
}

// openDatabase opens the engine cfg.DB names, without migrating.
func openDatabase(ctx context.Context, cfg *config.Config) (*database, error) {
	engine, target, err := cfg.Engine()
	if err != nil {
		return nil, err
	}
	switch engine {
	case config.SQLite:
		db, err := sqlite.Open(ctx, target, sqlite.Options{Synchronous: sqlite.Synchronous(strings.ToUpper(cfg.SQLiteSync))})
		if err != nil {
			return nil, err
		}
		return &database{engine: engine, migrate: db.Migrate, stores: db.Stores(), close: func() { db.Close() }, factBase: db.FactBase}, nil
	default:
		db, err := postgres.Open(ctx, target)
		if err != nil {
			return nil, err
		}
		return &database{engine: engine, migrate: db.Migrate, stores: db.Stores(), close: func() { db.Close() }}, nil
	}
}

// openStores opens the configured engine and brings its schema up to date.
func openStores(ctx context.Context, cfg *config.Config, log *slog.Logger) (app.Stores, func(), error) {
	db, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return app.Stores{}, nil, err
	}
	return db.stores, db.close, nil
}

// openMigrated opens the configured engine and brings its schema up to date.
func openMigrated(ctx context.Context, cfg *config.Config, log *slog.Logger) (*database, error) {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, err
	}
	applied, err := db.migrate(ctx)
	if err != nil {
		db.close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		log.Info("migrated", "engine", db.engine, "applied", strings.Join(applied, ", "))
	}
	return db, nil
}

func migrate(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "migrate")
	if err != nil {
		return err
	}
	if err := parse(fs, cfg, args); err != nil {
		return err
	}
	pol, err := cfg.ContactPolicy()
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.close()
	applied, err := db.migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(env.Stdout, "up to date")
	}
	for _, m := range applied {
		fmt.Fprintln(env.Stdout, "applied", m)
	}
	// After an upgrade, decisions are fast from the first one.
	return writeProfiles(ctx, env, services(cfg, db.stores, pol, logger(env, cfg)))
}
