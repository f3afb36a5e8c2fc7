package campaign_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/tact"
)

// BenchmarkConsider is the planner's work for one customer with two lines'
// worth of offers: the audience, every offer assessed, the fitting ones
// compared and ranked, the contact decided. go test -bench Consider
// ./internal/campaign
func BenchmarkConsider(b *testing.B) {
	w := newWorld()
	// Twenty offers: the world's two, and variants of them with expressions.
	base := w.offers
	for i := len(w.offers); i < 20; i++ {
		o := *base[i%len(base)]
		o.Code = o.Code + "-" + string(rune('A'+i))
		o.Eligibility = []string{"", "tenure_months >= 12", "usage.max_data_mb > 10000", "device_age_months >= 24"}[i%4]
		w.offers = append(w.offers, &o)
	}
	var codes []string
	for _, o := range w.offers {
		codes = append(codes, o.Code)
	}
	c := phoneCampaign(codes...)
	p, err := campaign.NewPlanner(c, w.offers, w.cat, w.policy, sunday)
	if err != nil {
		b.Fatal(err)
	}
	in := customerOn(1, "FR-20G", tact.Android, 25000)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.Consider(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchedule is the scheduling of 20,000 targets at 500 calls a day:
// most wait many days for room, which is where deciding each waiting
// target again for every day he waits cost the 1M planning a minute (see
// BENCHMARKS.md §6). go test -bench Schedule ./internal/campaign
func BenchmarkSchedule(b *testing.B) {
	w := newWorld()
	c := phoneCampaign("FR-UP-100G")
	c.CapacityPerDay, c.Ends = 500, c.Starts.AddDays(59)
	p, err := campaign.NewPlanner(c, w.offers, w.cat, w.policy, sunday)
	if err != nil {
		b.Fatal(err)
	}
	var list []campaign.Considered
	for i := range 20000 {
		x, ok, err := p.Consider(customerOn(i+1, "FR-20G", tact.IOS, 21000+int64(i%5000)))
		if err != nil || !ok {
			b.Fatal(err, ok)
		}
		list = append(list, x)
	}
	b.ReportAllocs()
	for b.Loop() {
		fresh := make([]campaign.Considered, len(list))
		for i, x := range list {
			e := *x.Entry
			fresh[i] = x
			fresh[i].Entry = &e
		}
		sum, _ := p.Schedule(fresh, len(fresh), len(fresh))
		if sum.Counts[campaign.Target] == 0 {
			b.Fatal("no target scheduled")
		}
	}
}
