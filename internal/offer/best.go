package offer

import (
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

// BestTariff is the answer of the best-tariff notice EECC Art. 105(3)
// requires at least once a year: what the customer's line cost him a month
// on average over his last months, and the plan on sale that would have cost
// him least for the same use.
type BestTariff struct {
	LineID string `json:"line_id"`
	// Months is how many months of usage were costed.
	Months int `json:"months"`
	// Current is his plan; CurrentMonthly what it cost him a month, on
	// average, overage and options included.
	Current        *catalog.Plan `json:"current"`
	CurrentMonthly tact.Money    `json:"current_monthly"`
	// Best is the cheapest plan on sale that is not below his use in any of
	// the months (his own when none is cheaper), and BestMonthly its cost for
	// the same use with the same options.
	Best        *catalog.Plan `json:"best"`
	BestMonthly tact.Money    `json:"best_monthly"`
	// YearlySaving is twelve times the monthly difference (0 when his plan
	// is the best).
	YearlySaving tact.Money `json:"yearly_saving"`
}

// BestPlan finds the best tariff for s among plans (the jurisdiction's
// plans): only plans on sale, of the customer's jurisdiction, not below any
// month of his use (rule below_usage) are candidates; a tie goes to the
// higher tier, then to his own plan. ok is false when s has no usage or no
// plan. Source: EECC Art. 105(3) (best tariff advice, based on the
// consumer's use).
func BestPlan(s Subject, plans []*catalog.Plan) (best BestTariff, ok bool) {
	if s.Plan == nil || len(s.Usage) == 0 {
		return BestTariff{}, false
	}
	cur := s.Plan.MonthlyPrice.Currency
	monthly := func(p *catalog.Plan) int64 {
		b := bundleOf(p, p.MonthlyPrice, s.Options)
		var total int64
		for _, u := range s.Usage {
			total += b.cost(u)
		}
		return total / int64(len(s.Usage))
	}
	now := monthly(s.Plan)
	best = BestTariff{Months: len(s.Usage), Current: s.Plan, CurrentMonthly: money(now, cur), Best: s.Plan, BestMonthly: money(now, cur)}
	if s.Line != nil {
		best.LineID = s.Line.ID
	}
	bestCost := now
	for _, p := range plans {
		if !p.Active || p.Jurisdiction != s.Customer.Jurisdiction || p.Code == s.Plan.Code {
			continue
		}
		if _, _, _, below := belowUsage(p, s); below {
			continue
		}
		c := monthly(p)
		if c < bestCost || (c == bestCost && p.Tier > best.Best.Tier) {
			best.Best, best.BestMonthly, bestCost = p, money(c, cur), c
		}
	}
	best.YearlySaving = money(12*(now-bestCost), cur)
	return best, true
}
