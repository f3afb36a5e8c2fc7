// Package testenv opens real, migrated, throwaway databases of each engine for
// tests: a SQLite file in the test's temporary directory, a fresh schema on the
// PostgreSQL server named by TACT_TEST_POSTGRES. It is an ordinary package so
// that the tests of any package can import it; nothing outside tests should.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/postgres"
	"github.com/tactcrm/tact/internal/sqlite"
)

// Environment variables that point the tests at a PostgreSQL server.
const (
	// PostgresURLEnv names a server the tests may create and drop schemas on,
	// as a postgres:// URL (scripts/with-postgres sets it).
	PostgresURLEnv = "TACT_TEST_POSTGRES"
	// RequirePostgresEnv set to 1 turns a missing PostgresURLEnv from a skip
	// into a failure, so that CI never passes by silently skipping PostgreSQL.
	RequirePostgresEnv = "TACT_REQUIRE_POSTGRES"
)

// setupTimeout bounds opening, migrating and dropping a test database, so a
// server that hangs fails the test instead of the whole run's deadline.
const setupTimeout = 30 * time.Second

// SQLite returns a migrated SQLite database in tb.TempDir(), closed when the
// test ends. It uses synchronous=NORMAL: durability across power loss is not
// what tests check, and it keeps them fast. Its contact profiles are checked
// (sqlite.ProfilesChecked): every profile a test's decision reads is compared
// with the rows, so a change that leaves a profile stale fails the test.
// Its facts are served by a memory-resident fact base, itself checked
// (sqlite.FactBaseChecked): every answer from memory is compared with the
// database's, so a write that leaves the base stale fails the test.
func SQLite(tb testing.TB) *sqlite.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "tact.db"), sqlite.Options{Synchronous: sqlite.SyncNormal, Profiles: sqlite.ProfilesChecked, FactBase: sqlite.FactBaseChecked})
	if err != nil {
		tb.Fatalf("testenv: open sqlite: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("testenv: close sqlite: %v", err)
		}
	})
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("testenv: migrate sqlite: %v", err)
	}
	return db
}

// PostgresURL returns the URL of the test PostgreSQL server. When none is
// configured it skips the test, or fails it if RequirePostgresEnv is 1. Call it
// first in a test that needs PostgreSQL to skip before doing any work.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(PostgresURLEnv)
	if u != "" {
		return u
	}
	if os.Getenv(RequirePostgresEnv) == "1" {
		tb.Fatalf("testenv: %s=1 but %s is not set; run the tests under scripts/with-postgres", RequirePostgresEnv, PostgresURLEnv)
	}
	tb.Skipf("testenv: %s is not set, skipping PostgreSQL (run under scripts/with-postgres to include it)", PostgresURLEnv)
	return ""
}

// Postgres returns a migrated PostgreSQL database of its own, in a fresh
// schema (see PostgresSchema). The DB is closed and the schema dropped when
// the test ends. Schemas, unlike databases, cost a few milliseconds to create,
// so every test can have its own and run in parallel.
func Postgres(tb testing.TB) *postgres.DB {
	tb.Helper()
	u := PostgresSchema(tb)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	db, err := postgres.Open(ctx, u)
	if err != nil {
		tb.Fatalf("testenv: open postgres: %v", err)
	}
	// Registered after the schema's drop, so it runs before it: connections
	// close before their schema goes.
	tb.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatalf("testenv: migrate postgres: %v", err)
	}
	return db
}

// PostgresSchema creates an empty schema with a random name on the server at
// PostgresURL, drops it (and everything in it) when the test ends, and returns
// a URL whose connections use it as their search_path. Tests of migrations
// start from it; other tests want Postgres.
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL(tb)
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "tact_test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("testenv: connect to %s: %v", PostgresURLEnv, err)
	}
	_, err = admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize())
	admin.Close(ctx)
	if err != nil {
		tb.Fatalf("testenv: create schema: %v", err)
	}
	tb.Cleanup(func() { dropSchema(tb, base, schema) })
	u, err := withSearchPath(base, schema)
	if err != nil {
		tb.Fatalf("testenv: %s: %v", PostgresURLEnv, err)
	}
	return u
}

// withSearchPath returns the URL base with the search_path run-time parameter
// set to schema, which pgx sends when each connection starts.
func withSearchPath(base, schema string) (string, error) {
	if !strings.Contains(base, "://") {
		// A key=value connection string.
		return base + " search_path=" + schema, nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Parallel tests each hold a pool: keep each small so that many fit
	// under the server's max_connections.
	if !q.Has("pool_max_conns") {
		q.Set("pool_max_conns", "4")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func dropSchema(tb testing.TB, base, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Errorf("testenv: connect to drop schema %s: %v", schema, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		tb.Errorf("testenv: drop schema %s: %v", schema, err)
	}
}

// Engines runs fn once per engine, as the subtests "sqlite" and "postgres",
// each with the stores of a fresh database. The postgres subtest skips (or
// fails, see PostgresURL) when no server is configured.
func Engines(t *testing.T, fn func(t *testing.T, st app.Stores)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t).Stores()) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t).Stores()) })
}

// RequireBrowserEnv set to 1 turns a missing Chromium from a skip into a
// failure, so that CI never passes by silently skipping the browser tests.
const RequireBrowserEnv = "TACT_REQUIRE_BROWSER"

// Chromium returns the path of a Chromium (or Chrome) to drive headless:
// /usr/bin/chromium, the Debian package's, else the first of chromium,
// chromium-browser, google-chrome on PATH. When there is none it skips the
// test, or fails it if RequireBrowserEnv is 1.
func Chromium(tb testing.TB) string {
	tb.Helper()
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(RequireBrowserEnv) == "1" {
		tb.Fatalf("testenv: %s=1 but no Chromium was found at /usr/bin/chromium or on PATH (Debian: apt-get install chromium; scripts/test installs it as root)", RequireBrowserEnv)
	}
	tb.Skipf("testenv: no Chromium at /usr/bin/chromium or on PATH, skipping the browser test (set %s=1 to make this a failure)", RequireBrowserEnv)
	return ""
}
