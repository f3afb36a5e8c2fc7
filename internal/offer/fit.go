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

// Detail is how much Fit says of the offers it leaves out.
type Detail int

// Details.
const (
	// NoRefusals: only the offers that fit.
	NoRefusals Detail = iota
	// RefusalRules: each refusal with the ids of the rules that objected, no
	// texts (a planner counting rules over many customers).
	RefusalRules
	// RefusalTexts: each refusal with its rules' texts, for people.
	RefusalTexts
)

// Fit assesses every offer for each subject (one per line in force), compares
// the cost of those that fit on the line's own usage, and ranks them, best for
// the customer first. Those left out are returned as detail asks.
func Fit(offers []Compiled, subjects []Subject, cat Catalog, today tact.Date, detail Detail) (fits []*Candidate, refused []Refusal, err error) {
	refused, err = eachFit(offers, subjects, cat, today, detail, func(o *Offer, sub Subject) error {
		cmp, err := Compare(o, sub, cat)
		if err != nil {
			return err
		}
		fits = append(fits, &Candidate{Offer: o, LineID: sub.Line.ID, Comparison: cmp})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	Rank(fits)
	return fits, refused, nil
}

// Best is the candidate Fit would rank first, nil when no offer fits. Only
// it is costed in full: the others only as far as ranking needs (their
// 24-month totals), which is what makes it fit for planning a campaign over
// a million customers.
func Best(offers []Compiled, subjects []Subject, cat Catalog, today tact.Date, detail Detail) (best *Candidate, refused []Refusal, err error) {
	var (
		bestOffer         *Offer
		bestSub           Subject
		bestSave, bestOff int64
	)
	refused, err = eachFit(offers, subjects, cat, today, detail, func(o *Offer, sub Subject) error {
		cur, off, err := totals24(o, sub, cat)
		if err != nil {
			return err
		}
		save := cur - off
		// Rank's order: the greater saving, then the greater value to the
		// operator, then the code; the first seen on a full tie.
		if bestOffer == nil || save > bestSave || (save == bestSave && (off > bestOff || (off == bestOff && o.Code < bestOffer.Code))) {
			bestOffer, bestSub, bestSave, bestOff = o, sub, save, off
		}
		return nil
	})
	if err != nil || bestOffer == nil {
		return nil, refused, err
	}
	cmp, err := Compare(bestOffer, bestSub, cat)
	if err != nil {
		return nil, nil, err
	}
	best = &Candidate{Offer: bestOffer, LineID: bestSub.Line.ID, Comparison: cmp}
	best.Reason = reason(best)
	return best, refused, nil
}

// eachFit assesses every offer for each subject and calls fit for those that
// fit and can be compared (the line has usage); it returns the others as
// detail asks.
func eachFit(offers []Compiled, subjects []Subject, cat Catalog, today tact.Date, detail Detail, fit func(*Offer, Subject) error) ([]Refusal, error) {
	var refused []Refusal
	envs := make([]Env, len(subjects))
	for i, sub := range subjects {
		envs[i] = EnvOf(sub, today)
	}
	for _, o := range offers {
		for i, sub := range subjects {
			a, err := assess(o.Offer, o.Rule, sub, envs[i], cat, today, detail == RefusalTexts)
			if err != nil {
				return nil, err
			}
			if !a.Fits {
				if detail != NoRefusals {
					refused = append(refused, Refusal{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: a.Reasons})
				}
				continue
			}
			if len(sub.Usage) == 0 {
				if detail != NoRefusals {
					r := Reason{Rule: RuleNoUsage}
					if detail == RefusalTexts {
						r.Text = tact.Text{FR: "Aucune consommation connue sur cette ligne : rien à comparer.", EN: "No usage known on this line: nothing to compare."}
					}
					refused = append(refused, Refusal{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: []Reason{r}})
				}
				continue
			}
			if err := fit(o.Offer, sub); err != nil {
				return nil, err
			}
		}
	}
	return refused, nil
}
