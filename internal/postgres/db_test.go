package postgres_test

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tactcrm/tact/internal/postgres"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestMigrationsMatchSQLite keeps the two engines' migrations in step: the same
// numbers and names, so a version means the same schema on both.
func TestMigrationsMatchSQLite(t *testing.T) {
	names := func(dir string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	pg, lite := names("migrations"), names("../sqlite/migrations")
	if !slices.Equal(pg, lite) || len(pg) == 0 {
		t.Errorf("postgres migrations %v, sqlite migrations %v: they must match", pg, lite)
	}
}

// TestMigrate checks that migrating is idempotent and that tact nodes starting
// at once apply each migration once: separate pools are separate sessions, as
// separate processes would be.
func TestMigrate(t *testing.T) {
	url := testenv.PostgresSchema(t)
	const nodes = 4
	dbs := make([]*postgres.DB, nodes)
	for i := range dbs {
		db, err := postgres.Open(t.Context(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(db.Close)
		dbs[i] = db
	}
	applied := make([][]string, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	for i, db := range dbs {
		wg.Go(func() { applied[i], errs[i] = db.Migrate(t.Context()) })
	}
	wg.Wait()
	var all []string
	for i := range dbs {
		if errs[i] != nil {
			t.Errorf("node %d: Migrate: %v", i, errs[i])
		}
		all = append(all, applied[i]...)
	}
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		want = append(want, strings.TrimSuffix(e.Name(), ".sql"))
	}
	// One node may apply 0001 and another 0002: only the union counts.
	slices.Sort(all)
	if !slices.Equal(all, want) {
		t.Errorf("nodes migrating at once applied %v in all, want %v once each", all, want)
	}
	again, err := dbs[0].Migrate(t.Context())
	if err != nil || len(again) != 0 {
		t.Errorf("Migrate again: applied %v, err %v; want nothing", again, err)
	}
	if _, err := dbs[0].GetMeta(t.Context(), "absent"); err == nil {
		t.Error("GetMeta of an absent key on a migrated schema succeeded")
	}
}
