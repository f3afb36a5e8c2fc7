// Package postgres implements tact's stores on PostgreSQL, the scale-out
// engine: stateless tact nodes share one database through a pgx connection
// pool. It behaves exactly as internal/sqlite does (same errors, ordering,
// pagination and idempotency), which the contract suite in internal/storetest
// checks against both. SQL is written by hand here; the rules it stores are
// the domain's.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tactcrm/tact/internal/migration"
	"github.com/tactcrm/tact/internal/tact"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open tact database: a pool of connections to one PostgreSQL
// database (and the schema its URL's search_path names, if any).
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url, a postgres:// URL or a key=value
// connection string as libpq reads them; pool settings such as pool_max_conns
// may be given in it. It does not migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	cfg.AfterConnect = func(_ context.Context, conn *pgx.Conn) error {
		// Times come back in UTC, as SQLite's do, rather than in the process's
		// local zone: the instant is the same, but logs, JSON and tests read
		// one way whatever the engine.
		conn.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := &DB{pool: pool}
	if err := db.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return db, nil
}

// Close closes every connection of the pool, waiting for those in use.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers a query (not only that a connection
// opens), for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.pool.QueryRow(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies the embedded migrations not yet applied, each in its own
// transaction, and returns the names of those it applied. Running it again
// does nothing. Every step holds a transaction-scoped advisory lock named after
// the current schema, so that tact nodes starting together apply each script
// once (and the losers then see it applied), while migrations of other
// schemas in the same database do not wait on each other.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	all, err := migration.Load(sub)
	if err != nil {
		return nil, err
	}
	// Even CREATE TABLE IF NOT EXISTS fails when two sessions run it at once
	// (both miss the table, one trips on the catalogue's unique index): it too
	// runs under the lock.
	err = db.migrationTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		err := db.migrationTx(ctx, func(tx pgx.Tx) error {
			var done bool
			if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)", m.Version).Scan(&done); err != nil || done {
				return err
			}
			// No arguments: pgx sends the script with the simple protocol, which
			// runs several statements in one call.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())", m.Version, m.Name); err != nil {
				return err
			}
			applied = append(applied, fmt.Sprintf("%04d_%s", m.Version, m.Name))
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	return applied, nil
}

// migrationTx runs fn in a transaction that first takes the migration lock of
// the current schema; the lock is released at commit or rollback.
func (db *DB) migrationTx(ctx context.Context, fn func(pgx.Tx) error) error {
	return db.writeTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('tact migrate ' || coalesce(current_schema(), '')))"); err != nil {
			return err
		}
		return fn(tx)
	})
}

// writeTx runs fn in a read-committed transaction and commits it, or rolls back
// on error. The optimistic version checks and unique indexes decide races; no
// stricter isolation is needed.
func (db *DB) writeTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// GetMeta returns a value of the database's own bookkeeping, or not_found.
func (db *DB) GetMeta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.pool.QueryRow(ctx, "SELECT value FROM meta WHERE key = $1", key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", tact.NotFound("meta", key)
	}
	return v, err
}

// PutMeta sets a bookkeeping value.
func (db *DB) PutMeta(ctx context.Context, key, value string) error {
	_, err := db.pool.Exec(ctx, "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// querier is what a pool and a transaction share, so helpers run in either.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// SQLSTATE codes of the constraint violations the stores translate.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// pgError returns the server error inside err, if any.
func pgError(err error) (*pgconn.PgError, bool) {
	var e *pgconn.PgError
	ok := errors.As(err, &e)
	return e, ok
}

func isUnique(err error) bool {
	e, ok := pgError(err)
	return ok && e.Code == uniqueViolation
}

// isUniqueOn and isForeignKeyOn report whether err is a violation on a given
// table: in a batch of inserts, only the table tells which write failed.
func isUniqueOn(err error, table string) bool {
	e, ok := pgError(err)
	return ok && e.Code == uniqueViolation && e.TableName == table
}

func isForeignKeyOn(err error, table string) bool {
	e, ok := pgError(err)
	return ok && e.Code == foreignKeyViolation && e.TableName == table
}

// nullString stores "" as NULL, as the SQLite engine does.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// date encodes a civil date; the zero Date is NULL.
func date(d tact.Date) pgtype.Date {
	if d.IsZero() {
		return pgtype.Date{}
	}
	return pgtype.Date{Time: d.In(time.UTC), Valid: true}
}

// fromDate decodes date; NULL is the zero Date.
func fromDate(d pgtype.Date) tact.Date {
	if !d.Valid {
		return tact.Date{}
	}
	return tact.DateOf(d.Time.UTC())
}
