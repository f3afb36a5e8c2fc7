package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/sqlite"
)

// TestBuildMillion measures the bulk path at full size: a million customers
// must build in under ten minutes on a two-core machine. It runs only when
// TACT_DEMO_1M=1, into TACT_DEMO_DB (default: tact-demo-1m.db in the temp
// directory, kept for inspection), with TACT_DEMO_SYNC (FULL, as tact demo
// uses by default, or NORMAL) and TACT_DEMO_CUSTOMERS to try other sizes:
//
//	TACT_DEMO_1M=1 go test ./internal/demo -run Million -v -timeout 30m
func TestBuildMillion(t *testing.T) {
	if os.Getenv("TACT_DEMO_1M") != "1" {
		t.Skip("set TACT_DEMO_1M=1 to build a million customers")
	}
	n := 1_000_000
	if s := os.Getenv("TACT_DEMO_CUSTOMERS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	path := os.Getenv("TACT_DEMO_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), "tact-demo-1m.db")
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	sync := sqlite.SyncFull
	if strings.EqualFold(os.Getenv("TACT_DEMO_SYNC"), "NORMAL") {
		sync = sqlite.SyncNormal
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: sync})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	next := 0
	res, err := demo.Build(ctx, db.Stores(), demo.Options{Seed: 1, Customers: n, Progress: func(done, total int) {
		if done >= next {
			t.Logf("%7d/%d customers after %s", done, total, time.Since(start).Round(time.Second))
			next += total / 10
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			size += fi.Size()
		}
	}
	t.Logf("%d customers, %d lines, %d interactions in %s (synchronous %s); %s: %.2f GB",
		res.Customers, res.Lines, res.Interactions, took.Round(time.Second), sync, path, float64(size)/1e9)
	if n == 1_000_000 && took > 10*time.Minute {
		t.Errorf("a million customers took %s, over the 10 minutes allowed", took.Round(time.Second))
	}
}
