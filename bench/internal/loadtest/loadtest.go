// Package loadtest is what tact's read benchmarks share: a real server over a
// large demo database on loopback, random customers drawn from it, and GETs
// measured from several clients against a reference run of GET /healthz in
// the same process, so that figures are read as ratios on any machine.
package loadtest

import (
	"bytes"
	"cmp"
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

	_ "modernc.org/sqlite" // the sampler reads the file directly

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/sqlite"
)

// ReadTarget is the p99 the read benchmarks (timeline, brief) are held to at
// 1M customers.
const ReadTarget = 10 * time.Millisecond

// Options are the flags every benchmark over HTTP takes.
type Options struct {
	DB                 string
	N, Workers, Sample int
	// FactCache serves the contact facts from memory (internal/factbase),
	// loaded before the runs, as tact serve does by default.
	FactCache bool
	// Seed draws the sample of customers: another seed reads customers
	// whom an earlier run did not, whose records may not be in the page
	// cache.
	Seed uint64
}

// Flags registers -db, -n (what one request is, for the help), -c, -seed and
// -customers on the command line.
func Flags(what string) *Options {
	o := &Options{}
	flag.StringVar(&o.DB, "db", "/tmp/tact-1m.db", "SQLite demo database built by tact demo --build-only")
	flag.IntVar(&o.N, "n", 20000, what+" per run")
	flag.IntVar(&o.Workers, "c", 4, "concurrent clients")
	flag.IntVar(&o.Sample, "customers", 10000, "random customers to draw from")
	flag.Uint64Var(&o.Seed, "seed", 7, "draws the sample of customers; another one reads customers an earlier run did not")
	flag.BoolVar(&o.FactCache, "fact-cache", true, "hold every customer's contact facts in memory, loaded before the runs (tact serve --fact-cache)")
	return o
}

// Main parses the flags, serves the database, says what it measures, and
// runs run; an error ends the process with status 1.
func Main(name string, o *Options, run func(env *Env) error) {
	flag.Parse()
	err := func() error {
		env, err := Start(context.Background(), o.DB, o.Workers, o.Sample, o.Seed, o.FactCache)
		if err != nil {
			return err
		}
		defer env.Close()
		env.Describe(o.DB, o.N, o.Workers)
		return run(env)
	}()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+" bench:", err)
		os.Exit(1)
	}
}

// Env is a served demo database and a sample of its customers.
type Env struct {
	// Base is the server's URL, without a trailing slash.
	Base string
	// Customers is a uniform sample of customer ids.
	Customers []string
	// CustomerCount and InteractionCount size the database.
	CustomerCount, InteractionCount int64
	// App is the served application, for a benchmark that must set up what
	// it measures through the services (a signed-in session, say).
	App *app.App
	// Stores are the served database's stores, for set-up the services do
	// not offer (a customer's space session without his emailed code).
	Stores app.Stores

	client *http.Client
	token  string
	db     *sqlite.DB
	stop   context.CancelFunc
}

// Start migrates the database at path (a no-op when it is current), serves it
// on loopback, and samples customers. Close stops it.
// With factCache, every customer's facts are loaded into memory first, and
// the time it took and their size printed.
func Start(ctx context.Context, path string, workers, sample int, seed uint64, factCache bool) (*Env, error) {
	ids, customers, interactions, err := randomCustomers(ctx, path, sample, seed)
	if err != nil {
		return nil, err
	}
	opt := sqlite.Options{}
	if factCache {
		opt.FactBase = sqlite.FactBaseOn
	}
	db, err := sqlite.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	st := db.Stores()
	a := app.New(st, app.Options{})
	if base := db.Base(); base != nil {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		n, err := base.Load(ctx, a.Contacts.FactsQuery(nil, start), 0, nil)
		if err != nil {
			db.Close()
			return nil, err
		}
		took := time.Since(start)
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		st := base.Stats()
		fmt.Printf("fact base: %d customers loaded in %s; records %.1f MB (%d bytes a customer), dictionary %d kB; heap +%.0f MB (%d bytes a customer)\n",
			n, took.Round(time.Millisecond), float64(st.Bytes)/1e6, st.Bytes/int64(max(1, st.Customers)), st.DictBytes/1000,
			float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/1e6, (int64(after.HeapAlloc)-int64(before.HeapAlloc))/int64(max(1, n)))
	}
	_, secret, err := a.Access.CreateToken(ctx, "bench", access.Scopes, time.Hour)
	if err != nil {
		db.Close()
		return nil, err
	}
	srv := server.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	addr, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, err
	}
	sctx, stop := context.WithCancel(ctx)
	go func() { _ = srv.Serve(sctx, time.Second) }()
	return &Env{
		Base: "http://" + addr.String(), Customers: ids, CustomerCount: customers, InteractionCount: interactions, App: a, Stores: st,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}, token: secret, db: db, stop: stop,
	}, nil
}

// Close stops the server and closes the database.
func (e *Env) Close() {
	e.stop()
	e.db.Close()
}

// Describe prints the size of the run.
func (e *Env) Describe(path string, n, workers int) {
	fmt.Printf("database: %s — %d customers, %d interactions; %d CPUs; %d requests, %d clients\n",
		path, e.CustomerCount, e.InteractionCount, runtime.NumCPU(), n, workers)
}

// Order returns n customers drawn from the sample, the same on every run.
func (e *Env) Order(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		out[i] = e.Customers[rng.IntN(len(e.Customers))]
	}
	return out
}

// Reference measures GET /healthz: the cost of HTTP itself.
func (e *Env) Reference(workers, n int) Result {
	return e.Measure(workers, n, func(int) string { return "/healthz" })
}

// Measure runs n authenticated GETs of path(i) over workers clients and
// returns the sorted latencies; any answer but 200 counts as an error.
func (e *Env) Measure(workers, n int, path func(i int) string) Result {
	return e.MeasureRequests(workers, n, func(i int) Call { return Call{Method: "GET", Path: path(i)} })
}

// Call is one request of a run: a GET, or a POST of a JSON body (or of
// what ContentType says).
type Call struct {
	Method, Path string
	Body         []byte
	// Cookie, when set, is sent as the Cookie header: the console's pages
	// are reached with a session cookie, not the bearer token.
	Cookie string
	// ContentType overrides application/json for a body.
	ContentType string
}

// MeasureRequests runs n authenticated calls over workers clients and returns
// the sorted latencies; any answer but 200 or 201 counts as an error.
func (e *Env) MeasureRequests(workers, n int, call func(i int) Call) Result {
	lat := make([]time.Duration, n)
	var errs int
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int, workers)
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				c := call(i)
				req, _ := http.NewRequest(c.Method, e.Base+c.Path, bytes.NewReader(c.Body))
				req.Header.Set("Authorization", "Bearer "+e.token)
				if c.Cookie != "" {
					req.Header.Set("Cookie", c.Cookie)
				}
				if c.Body != nil {
					req.Header.Set("Content-Type", cmp.Or(c.ContentType, "application/json"))
				}
				t0 := time.Now()
				resp, err := e.client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat[i] = time.Since(t0)
				if err != nil || (resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated) {
					mu.Lock()
					errs++
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	return Result{lat: lat, Errors: errs, elapsed: elapsed}
}

// NextCursor returns the next_cursor of the list at path, "" at the end.
func (e *Env) NextCursor(path string) string {
	req, _ := http.NewRequest("GET", e.Base+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := e.client.Do(req)
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

// Result is one run's latencies, sorted.
type Result struct {
	lat     []time.Duration
	Errors  int
	elapsed time.Duration
}

// P returns the q-th percentile.
func (r Result) P(q int) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[min(len(r.lat)-1, len(r.lat)*q/100)]
}

// Max returns the slowest request of the run.
func (r Result) Max() time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[len(r.lat)-1]
}

// Rate returns the requests a second of the run.
func (r Result) Rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// Header prints the column titles of Print.
func Header() {
	fmt.Printf("\n%-38s %9s %9s %9s %9s %10s %8s\n", "run", "p50", "p90", "p99", "max", "req/s", "errors")
}

// Print prints one line of figures.
func (r Result) Print(name string) {
	if len(r.lat) == 0 {
		fmt.Printf("%-38s (no requests)\n", name)
		return
	}
	fmt.Printf("%-38s %9s %9s %9s %9s %10.0f %8d\n", name, r.P(50).Round(time.Microsecond), r.P(90).Round(time.Microsecond),
		r.P(99).Round(time.Microsecond), r.lat[len(r.lat)-1].Round(time.Microsecond), r.Rate(), r.Errors)
}

// Verdict prints the ratios to the reference and whether every run meets
// target, and says so when the database is smaller than the target's.
func (e *Env) Verdict(target time.Duration, ref Result, runs ...Result) {
	met := true
	for _, r := range runs {
		fmt.Printf("ratio to reference: p50 %.1f×, p99 %.1f×\n", float64(r.P(50))/float64(ref.P(50)), float64(r.P(99))/float64(ref.P(99)))
		met = met && r.P(99) <= target && r.Errors == 0
	}
	verdict := "MET"
	if !met {
		verdict = "NOT MET"
	}
	fmt.Printf("target p99 ≤ %s at ≥ 1M customers and ≥ 20M interactions: %s\n", target, verdict)
	if e.CustomerCount < 1_000_000 || e.InteractionCount < 20_000_000 {
		fmt.Println("(this database is smaller than the target's: build it with tact demo --customers 1000000)")
	}
}

// randomCustomers draws customer ids uniformly by rowid, reading the file
// directly: sampling is the benchmark's business, not the product's.
func randomCustomers(ctx context.Context, path string, n int, seed uint64) ([]string, int64, int64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, 0, 0, err
	}
	defer db.Close()
	var customers, interactions int64
	if err := db.QueryRowContext(ctx, "SELECT max(rowid) FROM customers").Scan(&customers); err != nil {
		return nil, 0, 0, fmt.Errorf("%s is not a tact database: %w", path, err)
	}
	// Counted: interactions is a WITHOUT ROWID table (SQLite migration
	// 0024), which has no rowid to take the largest of. The count walks the
	// smallest index, a few seconds at 20M contacts when it is not cached.
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM interactions").Scan(&interactions); err != nil {
		return nil, 0, 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 11))
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
