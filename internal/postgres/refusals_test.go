package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/postgres"
	"github.com/tactcrm/tact/internal/storetest"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestRefusalsAsScanned checks migrations 0023's and 0025's backfills, their
// triggers and the reads of their tables against the queries before them,
// kept here.
func TestRefusalsAsScanned(t *testing.T) {
	ctx := context.Background()
	url := testenv.PostgresSchema(t)
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(t *testing.T, q string, args ...any) {
		t.Helper()
		if _, err := raw.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	storetest.RefusalsAsScanned(t, db.Stores(), storetest.RefusalEngine{
		Unmigrate: func(t *testing.T) {
			exec(t, `DROP TABLE contact_refusal_counts; DROP TABLE contact_decision_reasons; DROP TABLE contact_refusal_days;
				DROP FUNCTION contact_decisions_refusals CASCADE; DROP FUNCTION contact_decisions_refusals_deleted CASCADE;
				DELETE FROM schema_migrations WHERE version IN (23, 25)`)
		},
		Migrate: func(t *testing.T) {
			applied, err := db.Migrate(ctx)
			if err != nil || len(applied) != 2 || !strings.HasPrefix(applied[0], "0023_") || !strings.HasPrefix(applied[1], "0025_") {
				t.Fatalf("Migrate: %v, %v", applied, err)
			}
		},
		Delete: func(t *testing.T, ids []string) {
			// Half one by one, half in one statement.
			for _, id := range ids[:len(ids)/2] {
				exec(t, "DELETE FROM contact_decisions WHERE id = $1", id)
			}
			exec(t, "DELETE FROM contact_decisions WHERE id = ANY($1)", ids[len(ids)/2:])
		},
		Scan: func(t *testing.T, f contactpolicy.RefusalFilter) ([]string, *contactpolicy.RefusalCounts) {
			where, args := "d.verdict <> 'allow' AND d.decided_at >= $1 AND d.decided_at < $2", []any{f.From, f.To}
			add := func(cond string, arg any) {
				args = append(args, arg)
				where += " AND " + strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args)))
			}
			if f.Jurisdiction != "" {
				add("EXISTS (SELECT 1 FROM customers c WHERE c.id = d.customer_id AND c.jurisdiction = ?)", string(f.Jurisdiction))
			}
			if f.Verdict != "" {
				add("d.verdict = ?", string(f.Verdict))
			}
			if f.Rule != "" {
				add("d.reasons @> ?::jsonb", `[{"rule": "`+string(f.Rule)+`"}]`)
			}
			if f.Purpose != "" {
				add("d.purpose = ?", string(f.Purpose))
			}
			if f.Channel != "" {
				add("d.channel = ?", string(f.Channel))
			}
			var ids []string
			counts := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
			for _, q := range []string{
				"SELECT d.id, '', '', 0 FROM contact_decisions d WHERE " + where + " ORDER BY d.decided_at DESC, d.id DESC",
				"SELECT '', d.verdict, '', count(*) FROM contact_decisions d WHERE " + where + " GROUP BY d.verdict",
				"SELECT '', r->>'verdict', r->>'rule', count(*) FROM contact_decisions d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) r WHERE " + where + " GROUP BY 2, 3",
			} {
				rows, err := raw.Query(ctx, q, args...)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				var id string
				var v contactpolicy.Verdict
				var rule contactpolicy.RuleID
				var n int
				if _, err := pgx.ForEachRow(rows, []any{&id, &v, &rule, &n}, func() error {
					if id != "" {
						ids = append(ids, id)
					} else {
						counts.Add(v, rule, n)
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			return ids, counts
		},
	})
}
