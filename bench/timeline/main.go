// Command timeline measures GET /v1/customers/{id}/timeline over HTTP on
// loopback, for random customers of a large demo database, against a reference
// run of GET /healthz in the same process (the cost of HTTP itself).
//
//	go run ./cmd/tact demo --customers 1000000 --build-only --db sqlite:/tmp/tact-1m.db
//	go run ./bench/timeline -db /tmp/tact-1m.db
//
// See BENCHMARKS.md for figures.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	_ "modernc.org/sqlite"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/sqlite"
)

func main() {
	path := flag.String("db", "/tmp/tact-1m.db", "SQLite demo database built by tact demo --build-only")
	n := flag.Int("n", 20000, "requests per run")
	workers := flag.Int("c", 4, "concurrent clients")
	sample := flag.Int("customers", 10000, "random customers to draw from")
	flag.Parse()
	if err := run(*path, *n, *workers, *sample); err != nil {
		fmt.Fprintln(os.Stderr, "timeline bench:", err)
		os.Exit(1)
	}
}

func run(path string, n, workers, sample int) error {
	ctx := context.Background()
	ids, customers, interactions, err := randomCustomers(ctx, path, sample)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	a := app.New(db.Stores(), app.Options{})
	_, secret, err := a.Access.CreateToken(ctx, "bench", []access.Scope{access.CustomersRead}, time.Hour)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := server.New(a, log)
	addr, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = srv.Serve(sctx, time.Second) }()
	base := "http://" + addr.String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}

	fmt.Printf("database: %s — %d customers, %d interactions; %d CPUs; %d requests, %d clients\n",
		path, customers, interactions, runtime.NumCPU(), n, workers)

	// Warm both paths (connections, page cache) before measuring.
	measure(client, workers, 2000, func(i int) string { return base + "/healthz" }, "")
	measure(client, workers, 2000, func(i int) string { return base + "/v1/customers/" + ids[i%len(ids)] + "/timeline" }, secret)

	ref := measure(client, workers, n, func(i int) string { return base + "/healthz" }, "")
	rng := rand.New(rand.NewPCG(1, 2))
	order := make([]string, n)
	for i := range order {
		order[i] = ids[rng.IntN(len(ids))]
	}
	tl := measure(client, workers, n, func(i int) string { return base + "/v1/customers/" + order[i] + "/timeline" }, secret)

	// Paging: pages of 10 (a customer has about 21 contacts and a few record
	// changes), following each first page's cursor to the second.
	cursors := make([]string, 0, 2000)
	for _, id := range order[:2000] {
		if c := nextCursor(client, base+"/v1/customers/"+id+"/timeline?limit=10", secret); c != "" {
			cursors = append(cursors, id+"/timeline?limit=10&cursor="+c)
		}
	}
	var tl2 result
	if len(cursors) > 0 {
		tl2 = measure(client, workers, n, func(i int) string { return base + "/v1/customers/" + cursors[i%len(cursors)] }, secret)
	}

	fmt.Printf("\n%-34s %9s %9s %9s %9s %10s %8s\n", "run", "p50", "p90", "p99", "max", "req/s", "errors")
	ref.print("reference GET /healthz")
	tl.print("GET …/timeline (first page, 50)")
	if len(cursors) > 0 {
		tl2.print("GET …/timeline?cursor= (page 2 of 10)")
	}
	fmt.Printf("\nratio to reference: timeline p50 %.1f×, p99 %.1f×\n", float64(tl.p(50))/float64(ref.p(50)), float64(tl.p(99))/float64(ref.p(99)))
	target := 10 * time.Millisecond
	verdict := "MET"
	if tl.p(99) > target || tl2.p(99) > target || tl.errors > 0 {
		verdict = "NOT MET"
	}
	fmt.Printf("target p99 ≤ %s at ≥ 1M customers and ≥ 20M interactions: %s\n", target, verdict)
	if customers < 1_000_000 || interactions < 20_000_000 {
		fmt.Println("(this database is smaller than the target's: build it with tact demo --customers 1000000)")
	}
	return nil
}

type result struct {
	lat     []time.Duration
	errors  int
	elapsed time.Duration
}

func (r result) p(q int) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, len(r.lat)*q/100)]
}

func (r result) print(name string) {
	fmt.Printf("%-34s %9s %9s %9s %9s %10.0f %8d\n", name, r.p(50).Round(time.Microsecond), r.p(90).Round(time.Microsecond),
		r.p(99).Round(time.Microsecond), r.lat[len(r.lat)-1].Round(time.Microsecond), float64(len(r.lat))/r.elapsed.Seconds(), r.errors)
}

// measure runs n GETs over workers clients and returns the sorted latencies.
func measure(client *http.Client, workers, n int, url func(i int) string, token string) result {
	lat := make([]time.Duration, n)
	var errs int
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int, workers)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest("GET", url(i), nil)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat[i] = time.Since(t0)
				if err != nil || resp.StatusCode != http.StatusOK {
					mu.Lock()
					errs++
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return result{lat: lat, errors: errs, elapsed: elapsed}
}

func nextCursor(client *http.Client, url, token string) string {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var page struct {
		NextCursor string `json:"next_cursor"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)
	return page.NextCursor
}

// randomCustomers draws customer ids uniformly by rowid, reading the file
// directly: sampling is the benchmark's business, not the product's.
func randomCustomers(ctx context.Context, path string, n int) ([]string, int64, int64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, 0, 0, err
	}
	defer db.Close()
	var customers, interactions int64
	if err := db.QueryRowContext(ctx, "SELECT max(rowid) FROM customers").Scan(&customers); err != nil {
		return nil, 0, 0, fmt.Errorf("%s is not a tact database: %w", path, err)
	}
	if err := db.QueryRowContext(ctx, "SELECT max(rowid) FROM interactions").Scan(&interactions); err != nil {
		return nil, 0, 0, err
	}
	rng := rand.New(rand.NewPCG(7, 11))
	ids := make([]string, 0, n)
	for len(ids) < n {
		var id string
		err := db.QueryRowContext(ctx, "SELECT id FROM customers WHERE rowid = ?", 1+rng.Int64N(customers)).Scan(&id)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, 0, 0, err
		}
		ids = append(ids, id)
	}
	return ids, customers, interactions, nil
}
