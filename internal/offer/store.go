package offer

import (
	"context"
	"slices"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Filter selects offers; zero values match all.
type Filter struct {
	Jurisdiction tact.Jurisdiction
	ActiveOnly   bool
}

// Store keeps offers. Errors: not_found for a missing code; anything else is
// internal. PutOffer creates or replaces by code.
type Store interface {
	// PutOffer creates or replaces an offer.
	PutOffer(ctx context.Context, o *Offer) error
	// FindOfferByCode returns one offer.
	FindOfferByCode(ctx context.Context, code string) (*Offer, error)
	// FindOffers returns offers by jurisdiction then code.
	FindOffers(ctx context.Context, f Filter) ([]*Offer, error)
}

// SubjectsOf returns the subjects of a customer's lines in force, in the
// order of lines: each with its plan and options from cat, the device used
// with it (else the customer's latest), and its usage of the UsageMonths
// months before today's month, newest first. A line whose plan is not in the
// catalogue is left out: nothing can be compared with it.
func SubjectsOf(c *customer.Customer, lines []*customer.Line, devices []*customer.Device, usage []*customer.Usage, cat Catalog, today tact.Date) []Subject {
	thisMonth := tact.Month(today.String()[:7])
	first := thisMonth.AddMonths(-UsageMonths)
	var latest *customer.Device
	for _, d := range devices {
		if latest == nil || latest.AcquiredOn.Before(d.AcquiredOn) {
			latest = d
		}
	}
	var out []Subject
	for _, l := range lines {
		plan := cat.Plans[l.PlanCode]
		if l.Status == customer.LineEnded || plan == nil {
			continue
		}
		s := Subject{Customer: c, Line: l, Plan: plan, Device: latest}
		for _, code := range l.Options {
			if o := cat.Options[code]; o != nil {
				s.Options = append(s.Options, o)
			}
		}
		for _, d := range devices {
			if d.LineID == l.ID {
				s.Device = d
			}
		}
		for _, u := range usage {
			if u.LineID == l.ID && u.Month >= first && u.Month < thisMonth {
				s.Usage = append(s.Usage, u)
			}
		}
		slices.SortFunc(s.Usage, func(a, b *customer.Usage) int { return -compareMonths(a.Month, b.Month) })
		out = append(out, s)
	}
	return out
}

func compareMonths(a, b tact.Month) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CatalogOf indexes catalogue entries by code.
func CatalogOf(plans []*catalog.Plan, devices []*catalog.Device, options []*catalog.Option) Catalog {
	cat := Catalog{Plans: map[string]*catalog.Plan{}, Devices: map[string]*catalog.Device{}, Options: map[string]*catalog.Option{}}
	for _, p := range plans {
		cat.Plans[p.Code] = p
	}
	for _, d := range devices {
		cat.Devices[d.Code] = d
	}
	for _, o := range options {
		cat.Options[o.Code] = o
	}
	return cat
}
