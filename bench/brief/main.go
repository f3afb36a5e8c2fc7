// Command brief measures GET /v1/customers/{id}/brief — what an advisor's
// screen asks before every contact — over HTTP on loopback, for random
// customers of a large demo database and for the customers who have open
// cases, against a reference run of GET /healthz in the same process.
//
//	go run ./cmd/tact demo --customers 1000000 --build-only --db sqlite:/tmp/tact-1m.db
//	go run ./bench/brief -db /tmp/tact-1m.db
//
// See BENCHMARKS.md for figures.
package main

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tactcrm/tact/bench/internal/loadtest"
)

func main() {
	o := loadtest.Flags("requests")
	loadtest.Main("brief", o, func(env *loadtest.Env) error { return run(env, o) })
}

func run(env *loadtest.Env, o *loadtest.Options) error {
	n, workers := o.N, o.Workers
	withCases, err := customersWithOpenCases(context.Background(), o.DB, o.Sample)
	if err != nil {
		return err
	}
	fmt.Printf("customers with an open case sampled: %d\n", len(withCases))

	brief := func(ids []string) func(i int) string {
		return func(i int) string { return "/v1/customers/" + ids[i%len(ids)] + "/brief" }
	}
	env.Reference(workers, 2000)
	env.Measure(workers, 2000, brief(env.Customers))

	ref := env.Reference(workers, n)
	random := env.Measure(workers, n, brief(env.Order(n)))
	runs := []loadtest.Result{random}
	loadtest.Header()
	ref.Print("reference GET /healthz")
	random.Print("GET …/brief (random customers)")
	if len(withCases) > 0 {
		busy := env.Measure(workers, n, brief(withCases))
		busy.Print("GET …/brief (customers with a case)")
		runs = append(runs, busy)
	}
	fmt.Println()
	env.Verdict(loadtest.ReadTarget, ref, runs...)
	return nil
}

// customersWithOpenCases samples customers who have an open case: their brief
// reads the most.
func customersWithOpenCases(ctx context.Context, path string, n int) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT DISTINCT customer_id FROM cases WHERE status NOT IN ('resolved', 'closed')
		ORDER BY opened_at DESC, id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
