// Package sqlite implements tact's stores on an embedded SQLite database, the
// default engine: one file, WAL mode, one writer connection and a pool of
// readers. SQL is written by hand here; the rules it stores are the domain's.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/factbase"
	"github.com/tactcrm/tact/internal/migration"
	"github.com/tactcrm/tact/internal/tact"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Synchronous is SQLite's durability setting for commits in WAL mode.
type Synchronous string

// Durability settings. FULL syncs the WAL at every commit: an acknowledged write
// survives a crash of the process and of the machine. NORMAL syncs only at
// checkpoints: it survives kill -9 but may lose the last commits on power loss.
const (
	SyncFull   Synchronous = "FULL"
	SyncNormal Synchronous = "NORMAL"
)

// Options tune how a database is opened.
type Options struct {
	// Synchronous defaults to FULL.
	Synchronous Synchronous
	// Readers is the size of the reader pool; 0 means 2 per CPU, at least 4.
	Readers int
	// Profiles says how contact profiles are written (ProfilesAsync by default).
	Profiles ProfileMode
	// FactBase puts a memory-resident fact base in front of the facts store
	// (FactBaseOff by default); see FactBase.
	FactBase FactBaseMode
}

// FactBaseMode says whether a memory-resident fact base (internal/factbase)
// serves the contact facts.
type FactBaseMode int

// Fact base modes.
const (
	// FactBaseOff reads every customer's facts from the database.
	FactBaseOff FactBaseMode = iota
	// FactBaseOn holds them in memory, kept current by every write of this
	// DB; Migrate starts it, empty (Base().Load warms it up).
	FactBaseOn
	// FactBaseChecked is FactBaseOn with every answer from memory compared
	// with the database's, failing the read on any difference: tests run
	// so, and thereby prove that every write keeps the base current.
	FactBaseChecked
)

// DB is an open tact database: a single writer connection, so writes never
// wait on SQLite's lock, and a pool of read-only connections that WAL lets run
// beside it.
type DB struct {
	write *sql.DB
	read  *sql.DB
	path  string
	// decisions group-commits the decisions stored on write.
	decisions *committer
	// profiles keeps the contact profiles.
	profiles *profiles
	// watch, when a fact base follows the writes, tells it what changed
	// (see WatchFacts); nil otherwise.
	watch *factsWatch
	// factMode and base: the fact base asked for, and the one Migrate
	// started.
	factMode FactBaseMode
	base     *factbase.Base
}

// The page caches of the connections, as cache_size takes them (negative:
// KiB). The writer's stays valid across its own commits, so it keeps a large
// one. A reader's is dropped whole at its next read after any commit of
// another connection (SQLite in WAL mode), and the pure-Go driver frees it
// page by page under one lock that every connection's allocations share: at
// 64 MB, the first write after a spell of reads stalled every request of the
// process for 200-400 ms at 1M customers (BENCHMARKS.md, §8.2). Reads that
// miss it are served by the OS page cache.
const (
	writerCache = "-65536"
	readerCache = "-2048"
)

// dsn is the driver's data source name for the file at path with pragmas.
func dsn(path string, pragmas []string) string {
	return "file:" + path + "?" + url.Values{"_pragma": pragmas}.Encode()
}

// Open opens (creating if needed) the database file at path. It does not
// migrate; call Migrate.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.Synchronous == "" {
		opt.Synchronous = SyncFull
	}
	if opt.Synchronous != SyncFull && opt.Synchronous != SyncNormal {
		return nil, fmt.Errorf("sqlite: synchronous must be FULL or NORMAL, not %q", opt.Synchronous)
	}
	if opt.Readers <= 0 {
		opt.Readers = max(4, 2*runtime.NumCPU())
	}
	// Pragmas go in the DSN so that every connection the pool opens has them.
	// The driver runs busy_timeout first (setting WAL may itself wait for a
	// lock), then the others in alphabetical order: a pragma given twice is
	// set by whichever copy sorts last, so each list names each pragma once.
	common := []string{
		"busy_timeout(10000)",
		"journal_mode(WAL)",
		"synchronous(" + string(opt.Synchronous) + ")",
		"foreign_keys(1)",
		"temp_store(MEMORY)",
		"mmap_size(4294967296)",
		"journal_size_limit(268435456)",
	}
	writeDSN := dsn(path, slices.Concat(common, []string{"cache_size(" + writerCache + ")"})) + "&_txlock=immediate"
	readDSN := dsn(path, slices.Concat(common, []string{"cache_size(" + readerCache + ")", "query_only(1)"}))

	w, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", readDSN)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(opt.Readers)
	r.SetMaxIdleConns(opt.Readers)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	db := &DB{write: w, read: r, path: path, decisions: newCommitter(w, "contact_decisions", decisionColumns), factMode: opt.FactBase}
	db.profiles = newProfiles(db, opt.Profiles)
	return db, nil
}

// Close commits the writes it has been handed and closes both pools.
func (db *DB) Close() error {
	db.decisions.close()
	db.profiles.close()
	if db.watch != nil {
		db.watch.close()
	}
	return errors.Join(db.read.Close(), db.write.Close())
}

// Ping checks that the database answers a read.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Migrate applies the embedded migrations not yet applied, each in its own
// transaction. Running it again does nothing.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	all, err := migration.Load(sub)
	if err != nil {
		return nil, err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`); err != nil {
		return nil, err
	}
	// The write transaction (BEGIN IMMEDIATE) holds the file's write lock, so two
	// processes migrating at once apply each script once.
	for _, m := range all {
		err := db.writeTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, micros(time.Now())); err != nil {
				return err
			}
			applied = append(applied, fmt.Sprintf("%04d_%s", m.Version, m.Name))
			return nil
		})
		if err != nil {
			return applied, err
		}
	}
	if db.factMode != FactBaseOff && db.base == nil {
		base, err := db.FactBase(ctx, app.FactBounds())
		if err != nil {
			return applied, err
		}
		base.SetChecked(db.factMode == FactBaseChecked)
		db.base = base
	}
	return applied, nil
}

// Base returns the fact base Migrate started, nil when the DB was opened
// without one.
func (db *DB) Base() *factbase.Base { return db.base }

// writeTx runs fn in a write transaction on the single writer connection and
// commits it, or rolls back on error.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if db.watch == nil {
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("sqlite: commit: %w", err)
		}
		return nil
	}
	changed, foreign, err := db.watch.harvest(ctx, tx)
	if err != nil {
		_ = tx.Rollback()
		return err
	}
	// Told before the commit as well as after: a read that starts while the
	// commit is under way goes to the rows and sees them before or after it,
	// and whatever it kept is dropped again once the commit is done. A
	// checked base relies on it to tell a race from a stale record.
	if len(changed) > 0 {
		db.watch.changed(changed)
	}
	err = tx.Commit()
	// Told even when the commit failed: a commit whose outcome is unknown may
	// have changed them, and reading a customer again costs only time.
	if foreign {
		db.watch.reset()
	}
	if len(changed) > 0 {
		db.watch.changed(changed)
	}
	if err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read transaction, so that several queries see one snapshot.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// GetMeta returns a value of the database's own bookkeeping, or not_found.
func (db *DB) GetMeta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", tact.NotFound("meta", key)
	}
	return v, err
}

// PutMeta sets a bookkeeping value.
func (db *DB) PutMeta(ctx context.Context, key, value string) error {
	_, err := db.write.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// micros encodes a time as microseconds since the epoch.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros decodes micros.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func nullMicros(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicros(n.Int64)
	return &t
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullDate(d tact.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func parseDate(s sql.NullString) tact.Date {
	if !s.Valid {
		return tact.Date{}
	}
	d, _ := tact.ParseDate(s.String)
	return d
}

// isConstraint reports whether err is a SQLite constraint violation of the
// given extended code.
func isConstraint(err error, code int) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code() == code
}

func isUnique(err error) bool {
	return isConstraint(err, sqlite3.SQLITE_CONSTRAINT_UNIQUE) || isConstraint(err, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

func isForeignKey(err error) bool { return isConstraint(err, sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY) }

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// filtered is a filtered SELECT in the making: its conditions and their
// arguments, in order.
type filtered struct {
	where []string
	args  []any
}

// and adds a condition with the arguments of its placeholders.
func (f *filtered) and(cond string, args ...any) {
	f.where, f.args = append(f.where, cond), append(f.args, args...)
}

// query returns "selectFrom [WHERE …] ORDER BY order LIMIT ?" and its arguments.
func (f *filtered) query(selectFrom, order string, limit int) (string, []any) {
	q := selectFrom
	if len(f.where) > 0 {
		q += " WHERE " + strings.Join(f.where, " AND ")
	}
	return q + " ORDER BY " + order + " LIMIT ?", append(f.args, limit)
}
