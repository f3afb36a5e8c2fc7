package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// openCommitter opens a fresh database with a table t and a committer on it.
func openCommitter(t *testing.T) (*DB, *committer) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"), Options{Synchronous: SyncNormal})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.write.ExecContext(ctx, "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT"); err != nil {
		t.Fatal(err)
	}
	c := newCommitter(db.write, "t", "id, n")
	t.Cleanup(c.close)
	return db, c
}

func count(t *testing.T, db *DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow("SELECT count(*) FROM t WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCommitterGroups stores the rows of many concurrent callers, and a bad
// write fails only its own caller even when it shares a group.
func TestCommitterGroups(t *testing.T) {
	db, c := openCommitter(t)
	ctx := context.Background()
	if err := c.insert(ctx, [][]any{{"dup", 0}}); err != nil {
		t.Fatal(err)
	}
	const callers, rounds = 16, 50
	var wg sync.WaitGroup
	errs := make([]error, callers*rounds)
	for g := range callers {
		wg.Go(func() {
			for r := range rounds {
				i := g*rounds + r
				row := []any{fmt.Sprint("id", i), i}
				if i%97 == 0 {
					row = []any{"dup", i} // refused by the primary key
				}
				errs[i] = c.insert(ctx, [][]any{row, {fmt.Sprint("second", i), i}})
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if (i%97 == 0) != (err != nil) {
			t.Errorf("write %d: err %v", i, err)
		}
	}
	// All or nothing per write: the refused writes left no second row.
	if got, want := count(t, db, "id LIKE 'second%'"), callers*rounds-(callers*rounds+96)/97; got != want {
		t.Errorf("%d second rows, want %d", got, want)
	}
}

// TestCommitterCanceled returns a canceled caller's error and stores nothing
// of it.
func TestCommitterCanceled(t *testing.T) {
	db, c := openCommitter(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.insert(ctx, [][]any{{"a", 1}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("insert with a canceled context: %v", err)
	}
	if n := count(t, db, "1"); n != 0 {
		t.Fatalf("%d rows stored", n)
	}
}

// TestCommitterClose commits what is queued, stops its goroutine and refuses
// later writes.
func TestCommitterClose(t *testing.T) {
	db, c := openCommitter(t)
	if err := c.insert(context.Background(), [][]any{{"a", 1}}); err != nil {
		t.Fatal(err)
	}
	c.close()
	select {
	case <-c.done:
	default:
		t.Fatal("the committer still runs after close")
	}
	if err := c.insert(context.Background(), [][]any{{"b", 1}}); !errors.Is(err, errClosed) {
		t.Fatalf("insert after close: %v", err)
	}
	if n := count(t, db, "1"); n != 1 {
		t.Fatalf("%d rows stored, want 1", n)
	}
}

// BenchmarkCommitterGroup measures the writer's cost of a group of four
// one-row writes, the common group under load; SyncNormal leaves the fsync
// out, so what remains is CPU.
func BenchmarkCommitterGroup(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "c.db"), Options{Synchronous: SyncNormal})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT, d INTEGER, e INTEGER, f TEXT, g TEXT, h TEXT, i TEXT) STRICT"); err != nil {
		b.Fatal(err)
	}
	c := newCommitter(db.write, "t", "id, a, b, c, d, e, f, g, h, i")
	defer c.close()
	id := 0
	row := func() []any {
		id++
		return []any{id, "cus_0123456789", "sales", "phone", 1700000000000000, 1700000000000000, "dialer", "+33 1 76 00 00 00", "allow", "[]"}
	}
	b.ResetTimer()
	for range b.N {
		group := make([]*groupWrite, 4)
		for i := range group {
			group[i] = &groupWrite{rows: [][]any{row()}, done: make(chan struct{})}
		}
		c.commit(group)
		if group[0].err != nil {
			b.Fatal(group[0].err)
		}
	}
}

// BenchmarkDecisionWrites stores one decision per call from 16 goroutines,
// as concurrent requests do, with synchronous=FULL on a real file: a
// transaction per call (the way before group commit) against the committer.
// Foreign keys are off so that no customer need exist. The Refused variants
// store denials with two reasons (one denying, one deferring) about a
// customer who exists, as the refusal counts (migration 0023) need his
// jurisdiction: what a refusal adds to the write. The Batch1000 variants
// store ten thousand decisions per transaction, so that the fsync does not
// hide the writer's own cost.
func BenchmarkDecisionWrites(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "d.db"), Options{Synchronous: SyncFull})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		b.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO customers (id, given_name, family_name, name_key, salutation, form_of_address,
		language, jurisdiction, time_zone, status, preferences, third_party_billing, version, created_at, updated_at)
		VALUES ('cus_0123456789', 'Jean', 'Dupont', 'dupont jean', 'none', 'vous', 'fr-FR', 'FR', 'Europe/Paris', 'active', '{}', 0, 1, 0, 0)`); err != nil {
		b.Fatal(err)
	}
	s := NewDecisionStore(db)
	var seq atomic.Int64
	allowed := func() *contactpolicy.Record {
		return &contactpolicy.Record{ID: fmt.Sprintf("dec_%020d", seq.Add(1)), Request: contactpolicy.Request{
			CustomerID: "cus_0123456789", Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, Source: "dialer"},
			Decision: contactpolicy.Decision{Verdict: contactpolicy.Allow, At: time.Now()}, DecidedAt: time.Now()}
	}
	refused := func() *contactpolicy.Record {
		d := allowed()
		d.Verdict = contactpolicy.Deny
		d.Reasons = []contactpolicy.Reason{
			{Rule: "caller_id_shown", Verdict: contactpolicy.Deny, Text: tact.Text{FR: "Numéro masqué.", EN: "Caller id masked."}},
			{Rule: "sales_call_hours", Verdict: contactpolicy.Defer, Text: tact.Text{FR: "Hors des heures.", EN: "Outside the hours."}, Until: time.Now().Add(time.Hour)},
		}
		return d
	}
	txPerCall := func(d *contactpolicy.Record) error {
		return db.writeTx(ctx, func(tx *sql.Tx) error { return insertDecisions(ctx, tx, []*contactpolicy.Record{d}) })
	}
	group := func(d *contactpolicy.Record) error { return s.CreateDecisions(ctx, []*contactpolicy.Record{d}) }
	for _, bc := range []struct {
		name  string
		rec   func() *contactpolicy.Record
		write func(*contactpolicy.Record) error
	}{
		{"TxPerCall", allowed, txPerCall},
		{"GroupCommit", allowed, group},
		{"TxPerCallRefused", refused, txPerCall},
		{"GroupCommitRefused", refused, group},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := bc.write(bc.rec()); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
		})
	}
	// Ten thousand decisions per transaction: the fsync aside, what storing
	// a decision costs the writer, with and without a refusal to count; the
	// process's CPU time too, which a loaded disk does not inflate.
	for _, bc := range []struct {
		name string
		rec  func() *contactpolicy.Record
	}{{"Batch10000", allowed}, {"Batch10000Refused", refused}} {
		b.Run(bc.name, func(b *testing.B) {
			recs := make([]*contactpolicy.Record, 10000)
			cpu0 := cpuTime(b)
			for range b.N {
				for i := range recs {
					recs[i] = bc.rec()
				}
				if err := db.writeTx(ctx, func(tx *sql.Tx) error { return insertDecisions(ctx, tx, recs) }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(recs)), "µs/decision")
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/float64(b.N*len(recs)), "cpu-µs/decision")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
