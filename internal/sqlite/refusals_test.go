package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/storetest"
)

// TestRefusalsAsScanned checks migrations 0023's and 0025's backfills, their
// triggers and the reads of their tables against the queries before them,
// kept here.
func TestRefusalsAsScanned(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tact.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: sqlite.SyncNormal})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(t *testing.T, q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	storetest.RefusalsAsScanned(t, db.Stores(), storetest.RefusalEngine{
		Unmigrate: func(t *testing.T) {
			exec(t, `DROP TRIGGER contact_decisions_refusals; DROP TRIGGER contact_decisions_refusals_deleted;
				DROP TABLE contact_refusal_counts; DROP TABLE contact_decision_reasons; DROP TABLE contact_refusal_days;
				DELETE FROM schema_migrations WHERE version IN (23, 25)`)
		},
		Migrate: func(t *testing.T) {
			applied, err := db.Migrate(ctx)
			if err != nil || len(applied) != 2 || !strings.HasPrefix(applied[0], "0023_") || !strings.HasPrefix(applied[1], "0025_") {
				t.Fatalf("Migrate: %v, %v", applied, err)
			}
		},
		Delete: func(t *testing.T, ids []string) {
			for _, id := range ids {
				exec(t, "DELETE FROM contact_decisions WHERE id = ?", id)
			}
		},
		Scan: func(t *testing.T, f contactpolicy.RefusalFilter) ([]string, *contactpolicy.RefusalCounts) {
			where, args := "d.verdict <> 'allow' AND d.decided_at >= ? AND d.decided_at < ?", []any{f.From.UnixMicro(), f.To.UnixMicro()}
			if f.Jurisdiction != "" {
				where, args = where+" AND EXISTS (SELECT 1 FROM customers c WHERE c.id = d.customer_id AND c.jurisdiction = ?)", append(args, string(f.Jurisdiction))
			}
			if f.Verdict != "" {
				where, args = where+" AND d.verdict = ?", append(args, string(f.Verdict))
			}
			if f.Rule != "" {
				where, args = where+" AND EXISTS (SELECT 1 FROM json_each(d.reasons) r WHERE json_extract(r.value, '$.rule') = ?)", append(args, string(f.Rule))
			}
			if f.Purpose != "" {
				where, args = where+" AND d.purpose = ?", append(args, string(f.Purpose))
			}
			if f.Channel != "" {
				where, args = where+" AND d.channel = ?", append(args, string(f.Channel))
			}
			var ids []string
			counts := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
			for _, q := range []string{
				"SELECT d.id, '', '', 0 FROM contact_decisions d WHERE " + where + " ORDER BY d.decided_at DESC, d.id DESC",
				"SELECT '', d.verdict, '', count(*) FROM contact_decisions d WHERE " + where + " GROUP BY d.verdict",
				"SELECT '', json_extract(r.value, '$.verdict'), json_extract(r.value, '$.rule'), count(*) FROM contact_decisions d, json_each(d.reasons) r WHERE " +
					where + " GROUP BY 2, 3",
			} {
				rows, err := raw.QueryContext(ctx, q, args...)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				for rows.Next() {
					var id string
					var v contactpolicy.Verdict
					var rule contactpolicy.RuleID
					var n int
					if err := rows.Scan(&id, &v, &rule, &n); err != nil {
						t.Fatal(err)
					}
					if id != "" {
						ids = append(ids, id)
					} else {
						counts.Add(v, rule, n)
					}
				}
				if err := rows.Close(); err != nil {
					t.Fatal(err)
				}
			}
			return ids, counts
		},
	})
}
