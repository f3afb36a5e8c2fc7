package sqlite

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// BenchmarkFindFacts reads facts from the database at $TACT_BENCH_DB (a
// built demo database such as bench/decisions uses), one customer and 10,000
// at a time, over 10,000 random customers read again and again, as a dialer's
// list is: the first pass reads cold pages, the figures are of warm ones. It
// asks as the contact service does (app.Contacts), so that the customers'
// profiles answer; a query asking for more would read the rows.
func BenchmarkFindFacts(b *testing.B) {
	path := os.Getenv("TACT_BENCH_DB")
	if path == "" {
		b.Skip("set TACT_BENCH_DB to a built database")
	}
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// A recursive count stands for generate_series, which this build lacks.
	rows, err := db.read.QueryContext(ctx, "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k+1 FROM n WHERE k < 12000) SELECT id FROM customers WHERE rowid IN (SELECT 1 + abs(random()) % (SELECT max(rowid) FROM customers) FROM n)")
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	ids = ids[:min(10000, len(ids))]
	now := time.Now()
	since := func(tact.Jurisdiction) time.Time { return now.Add(-90 * 24 * time.Hour) }
	s := NewFactsStore(db)
	b.Run("10000", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.FindFacts(ctx, contactpolicy.FactsQuery{CustomerIDs: ids, Since: since, MaxAttempts: 1000, MaxOpen: tact.MaxPageSize, LastContacts: brief.LastContacts}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := s.FindFacts(ctx, contactpolicy.FactsQuery{CustomerIDs: ids[i%len(ids) : i%len(ids)+1], Since: since, MaxAttempts: 1000, MaxOpen: tact.MaxPageSize, LastContacts: brief.LastContacts}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
