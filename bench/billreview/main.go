// Command billreview measures the review of bills (issue 6: 1M bills, about
// 10M lines, in ≤ 10 s on this machine, peak memory reported).
//
//	go run ./bench/billreview -bills 1000000
//
// The bills are made in memory first, like a billing system's run (about ten
// lines each: plan, options, usage, roaming, a third-party charge in one bill
// in five, a credit now and then; a spike, a blank bill and an uncovered
// third-party line among them), each customer with six previous totals and
// his consents. Then, on every core, each bill is validated (its total adds
// up) and reviewed (billing.ReviewBill, every rule). The reference, in the
// same command over the same bills, is the least a review can cost: one pass
// adding up every line.
//
// See BENCHMARKS.md for figures.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/tactcrm/tact/bench/internal/cpuprofile"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// target is issue 6's time for 1M bills.
const target = 10 * time.Second

type work struct {
	bill  billing.Bill
	facts billing.Facts
	rules billing.Rules
}

func main() {
	n := flag.Int("bills", 1_000_000, "bills to review")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the review to this file")
	flag.Parse()
	start := time.Now()
	all := makeBills(*n)
	lines := 0
	for i := range all {
		lines += len(all[i].bill.Lines)
	}
	fmt.Printf("%d bills, %d lines, made in %s; %d CPUs\n", len(all), lines, time.Since(start).Round(time.Millisecond), runtime.NumCPU())

	// The reference: add up every line, on every core.
	ref := parallel(all, func(w *work) int {
		if billing.Sum(w.bill.Lines) != w.bill.Total.Cents {
			return 1
		}
		return 0
	})
	// The review: validate, then every rule.
	status := map[billing.Status]int{}
	stop, err := cpuprofile.Start(*profile)
	if err != nil {
		panic(err)
	}
	review := parallel(all, func(w *work) int {
		b := &w.bill
		if err := b.Validate(b.Total.Currency); err != nil {
			panic(err)
		}
		r := billing.ReviewBill(b, w.facts, w.rules)
		b.Review = &r
		return len(r.Findings)
	})
	if err := stop(); err != nil {
		panic(err)
	}
	for i := range all {
		status[all[i].bill.Status]++
	}
	fmt.Printf("\n%-40s %10s %12s %8s\n", "run", "time", "bills/s", "ratio")
	fmt.Printf("%-40s %10s %12.0f %8s\n", "reference: add up every line", ref.Round(time.Millisecond), float64(len(all))/ref.Seconds(), "1.0")
	fmt.Printf("%-40s %10s %12.0f %8.1f\n", "review: validate and every rule", review.Round(time.Millisecond), float64(len(all))/review.Seconds(), review.Seconds()/ref.Seconds())
	fmt.Printf("\nstatuses after review: %v\npeak memory (VmHWM): %s\n", status, peak())
	scaled := time.Duration(float64(review) * 1e6 / float64(len(all)))
	verdict := "met"
	if scaled > target {
		verdict = "NOT met"
	}
	fmt.Printf("1M bills at this rate: %s (target ≤ %s): %s\n", scaled.Round(time.Millisecond), target, verdict)
}

// parallel runs f over all on every core and returns the wall time.
func parallel(all []work, f func(*work) int) time.Duration {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	start := time.Now()
	chunk := (len(all) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(all))
		wg.Add(1)
		go func() {
			defer wg.Done()
			sink := 0
			for i := lo; i < hi; i++ {
				sink += f(&all[i])
			}
			_ = sink
		}()
	}
	wg.Wait()
	return time.Since(start)
}

// makeBills makes n bills like a French operator's month (one in four Québec).
func makeBills(n int) []work {
	r := rand.New(rand.NewPCG(6, 6))
	paris, _ := time.LoadLocation("Europe/Paris")
	montreal, _ := time.LoadLocation("America/Toronto")
	pol := billing.DefaultPolicy()
	from, to := tact.Date{Year: 2026, Month: 10, Day: 1}, tact.Date{Year: 2026, Month: 10, Day: 31}
	consentAt := time.Date(2026, 9, 1, 10, 0, 0, 0, paris)
	out := make([]work, n)
	for i := range out {
		j, cur, loc := tact.FR, tact.EUR, paris
		if i%4 == 3 {
			j, cur, loc = tact.CAQC, tact.CAD, montreal
		}
		m := func(c int64) tact.Money { return tact.Money{Cents: c, Currency: cur} }
		plan := 999 + int64(r.IntN(4))*1000
		lines := []billing.Line{{Kind: billing.Plan, Description: "Forfait mobile", Amount: m(plan)}}
		for range 1 + r.IntN(3) {
			lines = append(lines, billing.Line{Kind: billing.Option, Description: "Option", Amount: m(int64(r.IntN(1500)))})
		}
		for range 5 + r.IntN(4) {
			lines = append(lines, billing.Line{Kind: billing.Usage, Description: "Appels et données", Amount: m(int64(r.IntN(400))),
				Date: from.AddDays(r.IntN(30)), InPlan: r.IntN(3) > 0})
		}
		if r.IntN(10) == 0 {
			lines = append(lines, billing.Line{Kind: billing.Roaming, Description: "Données à l'étranger", Amount: m(int64(r.IntN(9000))), Date: from.AddDays(r.IntN(30))})
		}
		f := billing.Facts{Jurisdiction: j, Location: loc, ThirdPartyBilling: r.IntN(2) == 0}
		if r.IntN(5) == 0 {
			ref := fmt.Sprintf("tp-%d", i)
			lines = append(lines, billing.Line{Kind: billing.ThirdParty, Description: "Service de tiers", Amount: m(299 + int64(r.IntN(900))),
				Date: from.AddDays(r.IntN(30)), Provider: &billing.Provider{Name: "Digital Virgo", Service: "Contact+", Complaints: "0 800 00 00 00", ConsentRef: ref}})
			if r.IntN(2) == 0 {
				f.Consents = []billing.ThirdPartyConsent{{Ref: ref, Provider: "Digital Virgo", Service: "Contact+", PaymentPageAt: consentAt,
					ConfirmedAt: consentAt.Add(time.Minute), ConfirmedBy: tact.ChannelSMS}}
			}
		}
		if r.IntN(20) == 0 {
			lines = append(lines, billing.Line{Kind: billing.Credit, Description: "Avoir", Amount: m(-int64(r.IntN(500)))})
		}
		switch {
		case i%100_000 == 7:
			lines = append(lines, billing.Line{Kind: billing.Usage, Description: "Données hors forfait", Amount: m(14_898_000)})
		case i%100_000 == 11:
			lines = nil
		}
		for k := range 6 {
			f.History = append(f.History, plan+int64(k*37%300))
		}
		out[i] = work{bill: billing.Bill{CustomerID: "cus_" + strings.Repeat("0", 3), From: from, To: to, DueOn: to.AddDays(15),
			Lines: lines, Total: m(billing.Sum(lines))}, facts: f, rules: pol.Review[j]}
	}
	return out
}

// peak is the process's resident memory high-water mark.
func peak() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}
