package offer

import "github.com/tactcrm/tact/internal/tact"

// RuleNoUsage: an offer is compared on the line's own usage; without any
// month of it there is nothing to compare, and nothing is offered. Source:
// EECC Art. 105(3) (the best tariff is judged on actual use).
const RuleNoUsage RuleID = "no_usage"

// Compiled is an offer with its eligibility expression compiled, so that
// many customers are assessed without compiling it again.
type Compiled struct {
	*Offer
	Rule *Rule
}

// CompileAll compiles the eligibility expression of each offer.
func CompileAll(offers []*Offer) ([]Compiled, error) {
	out := make([]Compiled, 0, len(offers))
	for _, o := range offers {
		r, err := Compile(o.Eligibility)
		if err != nil {
			return nil, err
		}
		out = append(out, Compiled{Offer: o, Rule: r})
	}
	return out, nil
}

// Refusal is an offer left out for a line, and every rule that objected.
type Refusal struct {
	OfferCode string   `json:"offer_code"`
	LineID    string   `json:"line_id"`
	Reasons   []Reason `json:"reasons"`
}

// Fit assesses every offer for each subject (one per line in force), compares
// the cost of those that fit on the line's own usage, and ranks them, best for
// the customer first. Those left out are returned with their reasons when
// refusals is true; a planner that only needs the best asks for none.
func Fit(offers []Compiled, subjects []Subject, cat Catalog, today tact.Date, refusals bool) (fits []*Candidate, refused []Refusal, err error) {
	for _, o := range offers {
		for _, sub := range subjects {
			a, err := Assess(o.Offer, o.Rule, sub, cat, today)
			if err != nil {
				return nil, nil, err
			}
			if !a.Fits {
				if refusals {
					refused = append(refused, Refusal{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: a.Reasons})
				}
				continue
			}
			if len(sub.Usage) == 0 {
				if refusals {
					refused = append(refused, Refusal{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: []Reason{{Rule: RuleNoUsage,
						Text: tact.Text{FR: "Aucune consommation connue sur cette ligne : rien à comparer.", EN: "No usage known on this line: nothing to compare."}}}})
				}
				continue
			}
			cmp, err := Compare(o.Offer, sub, cat)
			if err != nil {
				return nil, nil, err
			}
			fits = append(fits, &Candidate{Offer: o.Offer, LineID: sub.Line.ID, Comparison: cmp})
		}
	}
	Rank(fits)
	return fits, refused, nil
}
