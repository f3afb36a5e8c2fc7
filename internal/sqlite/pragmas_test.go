package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

// TestConnectionPragmas reads back what each pool's connections were set to:
// the driver runs a DSN's pragmas in alphabetical order, so a pragma named
// twice is silently set by whichever copy sorts last; each must be in force
// as Open means it.
func TestConnectionPragmas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "tact.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		pool, pragma, want string
	}{
		{"write", "cache_size", writerCache},
		{"read", "cache_size", readerCache},
		{"read", "query_only", "1"},
		{"write", "query_only", "0"},
		{"read", "journal_mode", "wal"},
		{"write", "synchronous", "2"}, // FULL
		{"read", "foreign_keys", "1"},
		{"read", "busy_timeout", "10000"},
	} {
		pool := db.write
		if c.pool == "read" {
			pool = db.read
		}
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+c.pragma).Scan(&got); err != nil {
			t.Fatalf("%s: PRAGMA %s: %v", c.pool, c.pragma, err)
		}
		if got != c.want {
			t.Errorf("%s connection: %s = %s, want %s", c.pool, c.pragma, got, c.want)
		}
	}
}
