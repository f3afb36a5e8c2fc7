// Command decide measures one contact decision in-process: contactpolicy.Decide
// over customers and histories like the demo's (France and Québec, quiet
// hours, a few dozen recent contacts, open promises and cases), at instants
// spread over a year, against a reference run in the same process: encoding
// the decision as JSON, the least an answer over HTTP costs.
//
//	go run ./bench/decide -n 200000
//
// See BENCHMARKS.md for figures.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

func main() {
	n := flag.Int("n", 200000, "decisions per run")
	flag.Parse()
	pol := contactpolicy.Default()
	pol.CallerIDs = []string{"+33 1 76 00 00 00", "+1 514 555 0100"}
	work := inputs(*n)

	// Warm up, then measure each decision and, as the reference, the JSON
	// encoding of the same decision.
	for _, w := range work[:min(len(work), 5000)] {
		contactpolicy.Decide(w.req, w.facts, pol, w.req.At)
	}
	decide := make([]time.Duration, len(work))
	encode := make([]time.Duration, len(work))
	verdicts := map[contactpolicy.Verdict]int{}
	enc := json.NewEncoder(io.Discard)
	start := time.Now()
	for i, w := range work {
		t0 := time.Now()
		d := contactpolicy.Decide(w.req, w.facts, pol, w.req.At)
		t1 := time.Now()
		_ = enc.Encode(d)
		decide[i], encode[i] = t1.Sub(t0), time.Since(t1)
		verdicts[d.Verdict]++
	}
	elapsed := time.Since(start)
	slices.Sort(decide)
	slices.Sort(encode)
	p := func(l []time.Duration, q int) time.Duration { return l[min(len(l)-1, len(l)*q/100)] }
	fmt.Printf("%d decisions on %d CPUs (GOMAXPROCS %d), one goroutine; verdicts %v\n", len(work), runtime.NumCPU(), runtime.GOMAXPROCS(0), verdicts)
	fmt.Printf("\n%-34s %9s %9s %9s %9s\n", "run", "p50", "p90", "p99", "max")
	for _, r := range []struct {
		name string
		lat  []time.Duration
	}{{"reference: JSON-encode the decision", encode}, {"contactpolicy.Decide", decide}} {
		fmt.Printf("%-34s %9s %9s %9s %9s\n", r.name, p(r.lat, 50), p(r.lat, 90), p(r.lat, 99), r.lat[len(r.lat)-1])
	}
	fmt.Printf("\nratio to reference: p50 %.1f×, p99 %.1f×; %.0f decisions/s with the encoding, one core\n",
		float64(p(decide, 50))/float64(p(encode, 50)), float64(p(decide, 99))/float64(p(encode, 99)), float64(len(work))/elapsed.Seconds())
}

type input struct {
	req   contactpolicy.Request
	facts contactpolicy.Facts
}

// inputs builds n requests over varied customers: a third in Québec, some
// with quiet hours, do-not-call entries, refusals, open promises and cases.
func inputs(n int) []input {
	r := rand.New(rand.NewPCG(4, 2026))
	start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	purposes := []tact.Purpose{tact.PurposeSales, tact.PurposeSales, tact.PurposeService, tact.PurposeSurvey, tact.PurposeBilling}
	channels := []tact.Channel{tact.ChannelPhone, tact.ChannelPhone, tact.ChannelEmail, tact.ChannelSMS}
	out := make([]input, n)
	for i := range out {
		c := &customer.Customer{ID: fmt.Sprintf("cus_%d", i), Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangFrFR, Status: customer.Active}
		if r.IntN(3) == 0 {
			c.Jurisdiction, c.TimeZone, c.Language = tact.CAQC, "America/Toronto", tact.LangFrCA
		}
		if r.IntN(4) == 0 {
			c.Preferences.QuietHours = []customer.Window{{From: 19 * 60, To: 9 * 60}}
		}
		if r.IntN(20) == 0 {
			c.DoNotCall = &customer.DoNotCall{Since: start.AddDate(-1, 0, 0), Source: "phone"}
		}
		at := start.Add(time.Duration(r.Int64N(int64(330 * 24 * time.Hour))))
		f := contactpolicy.Facts{Customer: c, HasContract: r.IntN(10) != 0}
		for range r.IntN(40) {
			outcome := interaction.Completed
			if r.IntN(8) == 0 {
				outcome = interaction.Refused
			}
			f.Attempts = append(f.Attempts, contactpolicy.Attempt{At: at.Add(-time.Duration(r.Int64N(int64(90 * 24 * time.Hour)))),
				Channel: channels[r.IntN(len(channels))], Purpose: purposes[r.IntN(len(purposes))], Source: "dialer", Outcome: outcome})
		}
		if r.IntN(10) == 0 {
			f.Promises = []*commitment.Commitment{{ID: "com_x", Kind: commitment.SendOffer, Subject: "contract_adaptation", Status: commitment.Pending, Due: at.Add(48 * time.Hour)}}
		}
		if r.IntN(15) == 0 {
			f.Cases = []*cases.Case{{ID: "cas_x", Category: cases.Complaint, Status: cases.InProgress}}
		}
		req := contactpolicy.Request{CustomerID: c.ID, Purpose: purposes[r.IntN(len(purposes))], Channel: channels[r.IntN(len(channels))],
			At: at, Source: "dialer", CallerID: "+33 1 76 00 00 00", Event: fmt.Sprintf("case:%d", r.IntN(5))}
		out[i] = input{req: req, facts: f}
	}
	return out
}
