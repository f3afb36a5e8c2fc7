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
	"fmt"

	"github.com/tactcrm/tact/bench/internal/loadtest"
)

func main() {
	o := loadtest.Flags("requests")
	loadtest.Main("timeline", o, func(env *loadtest.Env) error { return run(env, o.N, o.Workers) })
}

func run(env *loadtest.Env, n, workers int) error {
	// Warm both paths (connections, page cache) before measuring.
	env.Reference(workers, 2000)
	env.Measure(workers, 2000, func(i int) string { return "/v1/customers/" + env.Customers[i%len(env.Customers)] + "/timeline" })

	ref := env.Reference(workers, n)
	order := env.Order(n)
	first := env.Measure(workers, n, func(i int) string { return "/v1/customers/" + order[i] + "/timeline" })

	// Paging: pages of 10 (a customer has about 21 contacts and a few record
	// changes), following each first page's cursor to the second.
	cursors := make([]string, 0, 2000)
	for _, id := range order[:min(2000, len(order))] {
		if c := env.NextCursor("/v1/customers/" + id + "/timeline?limit=10"); c != "" {
			cursors = append(cursors, id+"/timeline?limit=10&cursor="+c)
		}
	}
	runs := []loadtest.Result{first}
	loadtest.Header()
	ref.Print("reference GET /healthz")
	first.Print("GET …/timeline (first page, 50)")
	if len(cursors) > 0 {
		second := env.Measure(workers, n, func(i int) string { return "/v1/customers/" + cursors[i%len(cursors)] })
		second.Print("GET …/timeline?cursor= (page 2 of 10)")
		runs = append(runs, second)
	}
	fmt.Println()
	env.Verdict(loadtest.ReadTarget, ref, runs...)
	return nil
}
