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
