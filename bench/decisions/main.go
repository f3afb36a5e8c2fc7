// Command decisions measures contact decisions over HTTP on loopback, for
// random customers of a large demo database: POST /v1/contact-decisions one
// at a time from several clients (issue 4: ≥ 10,000 decisions/s, p99 ≤ 5 ms),
// and POST /v1/contact-decisions:batch of 10,000 (≥ 100,000 decisions/s),
// against a reference run of GET /healthz in the same process.
//
//	go run ./cmd/tact demo --customers 1000000 --build-only --db sqlite:/tmp/tact-1m.db
//	go run ./bench/decisions -db /tmp/tact-1m.db
//
// Every decision is stored, as in production: the run adds rows to the
// database. See BENCHMARKS.md for figures.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/tactcrm/tact/bench/internal/cpuprofile"
	"github.com/tactcrm/tact/bench/internal/loadtest"
)

// target is issue 4's p99 for one decision over HTTP.
const target = 5 * time.Millisecond

func main() {
	o := loadtest.Flags("single decisions")
	batches := flag.Int("batches", 5, "batches of 10,000 to send")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the measured single decisions (server and clients: one process) to this file")
	batchprofile := flag.String("batchprofile", "", "write a CPU profile of the measured batches to this file")
	loadtest.Main("decisions", o, func(env *loadtest.Env) error { return run(env, o.N, o.Workers, *batches, *profile, *batchprofile) })
}

// request is a contact decision request as a dialer sends it.
type request struct {
	CustomerID string    `json:"customer_id"`
	Purpose    string    `json:"purpose"`
	Channel    string    `json:"channel"`
	Source     string    `json:"source"`
	CallerID   string    `json:"caller_id,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	At         time.Time `json:"at,omitzero"`
}

func run(env *loadtest.Env, n, workers, batches int, profile, batchprofile string) error {

	// A dialer's mix: mostly sales calls, some service calls and SMS.
	r := rand.New(rand.NewPCG(9, 9))
	mix := []request{
		{Purpose: "sales", Channel: "phone", Source: "dialer", CallerID: "+33 1 76 00 00 00", Subject: "device_upgrade"},
		{Purpose: "sales", Channel: "phone", Source: "subcontractor", CallerID: "+33 1 76 00 00 00"},
		{Purpose: "service", Channel: "phone", Source: "dialer", CallerID: "+33 1 76 00 00 00"},
		{Purpose: "sales", Channel: "sms", Source: "campaigns"},
	}
	bodies := make([][]byte, n)
	for i := range bodies {
		q := mix[r.IntN(len(mix))]
		q.CustomerID = env.Customers[r.IntN(len(env.Customers))]
		bodies[i], _ = json.Marshal(q)
	}
	one := func(i int) loadtest.Call {
		return loadtest.Call{Method: "POST", Path: "/v1/contact-decisions", Body: bodies[i%len(bodies)]}
	}
	env.Reference(workers, 2000)
	env.MeasureRequests(workers, 2000, one)

	ref := env.Reference(workers, n)
	stop, err := cpuprofile.Start(profile)
	if err != nil {
		return err
	}
	single := env.MeasureRequests(workers, n, one)
	if err := stop(); err != nil {
		return err
	}

	// Batches of 10,000 over random customers, one at a time.
	var batch []byte
	{
		reqs := make([]request, 10000)
		for i := range reqs {
			reqs[i] = mix[r.IntN(len(mix))]
			reqs[i].CustomerID = env.Customers[r.IntN(len(env.Customers))]
		}
		batch, _ = json.Marshal(map[string]any{"requests": reqs})
	}
	stop, err = cpuprofile.Start(batchprofile)
	if err != nil {
		return err
	}
	start := time.Now()
	batched := env.MeasureRequests(1, batches, func(int) loadtest.Call {
		return loadtest.Call{Method: "POST", Path: "/v1/contact-decisions:batch", Body: batch}
	})
	elapsed := time.Since(start)
	if err := stop(); err != nil {
		return err
	}

	loadtest.Header()
	ref.Print("reference GET /healthz")
	single.Print("POST /v1/contact-decisions")
	batched.Print("POST …:batch (10,000 each)")
	fmt.Println()
	env.Verdict(target, ref, single)
	fmt.Printf("single decisions: %.0f/s (target ≥ 10,000/s)\n", single.Rate())
	fmt.Printf("batch: %.0f decisions/s over %d batches (target ≥ 100,000/s), %d errors\n",
		float64(batches*10000)/elapsed.Seconds(), batches, batched.Errors)
	return nil
}
