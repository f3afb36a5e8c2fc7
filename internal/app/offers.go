package app

import (
	"context"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Offers is the service over the operator's offers and the offers that fit
// each customer.
type Offers struct {
	service
	stores Stores
}

// CustomerOffers are the offers that fit a customer, best for him first, and
// those that do not, with every rule that objected.
type CustomerOffers struct {
	CustomerID string             `json:"customer_id"`
	Offers     []*offer.Candidate `json:"offers"`
	NotOffered []NotOffered       `json:"not_offered"`
}

// NotOffered is an offer left out for a line, and why.
type NotOffered struct {
	OfferCode string         `json:"offer_code"`
	LineID    string         `json:"line_id"`
	Reasons   []offer.Reason `json:"reasons"`
}

// RuleNoUsage: an offer is compared on the line's own usage; without any
// month of it there is nothing to compare, and nothing is offered. Source:
// EECC Art. 105(3) (the best tariff is judged on actual use).
const RuleNoUsage offer.RuleID = "no_usage"

// Put validates and stores an offer, creating or replacing it by code.
func (s *Offers) Put(ctx context.Context, o offer.Offer) (*offer.Offer, error) {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := s.stores.Offers.PutOffer(ctx, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Get returns one offer.
func (s *Offers) Get(ctx context.Context, code string) (*offer.Offer, error) {
	return s.stores.Offers.FindOfferByCode(ctx, code)
}

// List lists offers.
func (s *Offers) List(ctx context.Context, f offer.Filter) ([]*offer.Offer, error) {
	if f.Jurisdiction != "" && !f.Jurisdiction.Valid() {
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", f.Jurisdiction)
	}
	return s.stores.Offers.FindOffers(ctx, f)
}

// ForCustomer assesses every active offer of the customer's jurisdiction for
// each of his lines in force, compares the cost of those that fit on the
// line's last months of usage, and ranks them.
func (s *Offers) ForCustomer(ctx context.Context, customerID string) (*CustomerOffers, error) {
	c, err := s.stores.Customers.FindCustomerByID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	today := tact.DateOf(s.clock.Now())
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	devices, err := s.stores.Customers.FindDevices(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	thisMonth := tact.MonthOf(s.clock.Now())
	usage, err := s.stores.Customers.FindUsage(ctx, c.ID, thisMonth.AddMonths(-offer.UsageMonths), thisMonth)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogOf(ctx, c.Jurisdiction)
	if err != nil {
		return nil, err
	}
	offers, err := s.stores.Offers.FindOffers(ctx, offer.Filter{Jurisdiction: c.Jurisdiction, ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	out := &CustomerOffers{CustomerID: c.ID, Offers: []*offer.Candidate{}, NotOffered: []NotOffered{}}
	for _, o := range offers {
		rule, err := offer.Compile(o.Eligibility)
		if err != nil {
			return nil, err
		}
		for _, sub := range offer.SubjectsOf(c, lines, devices, usage, cat, today) {
			a, err := offer.Assess(o, rule, sub, cat, today)
			if err != nil {
				return nil, err
			}
			if !a.Fits {
				out.NotOffered = append(out.NotOffered, NotOffered{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: a.Reasons})
				continue
			}
			if len(sub.Usage) == 0 {
				out.NotOffered = append(out.NotOffered, NotOffered{OfferCode: o.Code, LineID: sub.Line.ID, Reasons: []offer.Reason{{Rule: RuleNoUsage,
					Text: tact.Text{FR: "Aucune consommation connue sur cette ligne : rien à comparer.", EN: "No usage known on this line: nothing to compare."}}}})
				continue
			}
			cmp, err := offer.Compare(o, sub, cat)
			if err != nil {
				return nil, err
			}
			out.Offers = append(out.Offers, &offer.Candidate{Offer: o, LineID: sub.Line.ID, Comparison: cmp})
		}
	}
	offer.Rank(out.Offers)
	return out, nil
}

// catalogOf reads a jurisdiction's catalogue, withdrawn entries included:
// the customer's line may be on a plan no longer sold.
func (s *Offers) catalogOf(ctx context.Context, j tact.Jurisdiction) (offer.Catalog, error) {
	f := catalog.Filter{Jurisdiction: j}
	plans, err := s.stores.Catalog.FindPlans(ctx, f)
	if err != nil {
		return offer.Catalog{}, err
	}
	devices, err := s.stores.Catalog.FindDevices(ctx, f)
	if err != nil {
		return offer.Catalog{}, err
	}
	options, err := s.stores.Catalog.FindOptions(ctx, f)
	if err != nil {
		return offer.Catalog{}, err
	}
	return offer.CatalogOf(plans, devices, options), nil
}
