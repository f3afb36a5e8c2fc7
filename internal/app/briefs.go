package app

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Briefs is the service that writes advisors' briefs.
type Briefs struct {
	service
	stores Stores
	plans  planCache
}

// PlanCacheTTL is how long the plans of a jurisdiction, which every brief
// shows, are kept without reading them again: the catalogue changes a few
// times a year, and a brief is written for every allowed contact.
const PlanCacheTTL = 30 * time.Second

// planCache keeps the plans of each jurisdiction for PlanCacheTTL.
type planCache struct {
	mu     sync.Mutex
	byJuri map[tact.Jurisdiction]cachedPlans
}

// cachedPlans are a jurisdiction's plans by code, its top active tier, and
// when they were read.
type cachedPlans struct {
	byCode  map[string]*catalog.Plan
	topTier int
	readAt  time.Time
}

// Get gathers a customer's facts and writes their brief.
func (s *Briefs) Get(ctx context.Context, customerID string) (*brief.Brief, error) {
	if !tact.HasPrefix(customerID, tact.PrefixCustomer) {
		return nil, tact.NotFound("customer", customerID)
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	f := brief.Facts{Customer: c}
	if f.OpenCases, err = s.stores.Cases.FindCases(ctx, cases.Filter{CustomerID: c.ID, OpenOnly: true, Limit: tact.MaxPageSize}); err != nil {
		return nil, err
	}
	if f.Promises, err = s.stores.Commitments.FindCommitments(ctx, commitment.Filter{CustomerID: c.ID, OpenOnly: true, Limit: tact.MaxPageSize}); err != nil {
		return nil, err
	}
	return s.complete(ctx, f)
}

// ForContact writes the brief of a contact from the facts its decision read
// (the customer, his open cases and promises, and the context when the facts
// carry it), reading only the rest.
func (s *Briefs) ForContact(ctx context.Context, cf contactpolicy.Facts) (*brief.Brief, error) {
	f := brief.Facts{Customer: cf.Customer, OpenCases: cf.Cases, Promises: cf.Promises}
	if c := cf.Context; c != nil {
		f.Lines, f.Devices, f.LastContact = c.Lines, c.Devices, c.LastContacts
		return s.write(ctx, f)
	}
	return s.complete(ctx, f)
}

// complete reads what a brief needs besides the customer and his open
// matters, and writes it.
func (s *Briefs) complete(ctx context.Context, f brief.Facts) (*brief.Brief, error) {
	c := f.Customer
	var err error
	if f.Lines, err = s.stores.Customers.FindLines(ctx, c.ID); err != nil {
		return nil, err
	}
	if f.Devices, err = s.stores.Customers.FindDevices(ctx, c.ID); err != nil {
		return nil, err
	}
	if f.LastContact, err = s.stores.Interactions.FindInteractions(ctx, interaction.Filter{CustomerID: c.ID, Limit: brief.LastContacts}); err != nil {
		return nil, err
	}
	return s.write(ctx, f)
}

// write adds the plans of the customer's jurisdiction and the names of the
// people who own his open matters, and writes the brief.
func (s *Briefs) write(ctx context.Context, f brief.Facts) (*brief.Brief, error) {
	var err error
	if f.Plans, f.TopTier, err = s.plansOf(ctx, f.Customer.Jurisdiction); err != nil {
		return nil, err
	}
	f.People = map[string]string{}
	for _, id := range owners(f) {
		if u, err := s.stores.Access.FindUserByID(ctx, id); err == nil {
			f.People[id] = u.Name
		} else if tact.ErrorCode(err) != tact.CodeNotFound {
			return nil, err
		}
	}
	b := brief.Build(f, s.clock.Now())
	return &b, nil
}

// plansOf returns the plans of a jurisdiction by code and its top active
// tier, read at most once per PlanCacheTTL. The maps are shared: read only.
func (s *Briefs) plansOf(ctx context.Context, j tact.Jurisdiction) (map[string]*catalog.Plan, int, error) {
	now := s.clock.Now()
	s.plans.mu.Lock()
	e, ok := s.plans.byJuri[j]
	s.plans.mu.Unlock()
	if ok && now.Sub(e.readAt) < PlanCacheTTL && !now.Before(e.readAt) {
		return e.byCode, e.topTier, nil
	}
	plans, err := s.stores.Catalog.FindPlans(ctx, catalog.Filter{Jurisdiction: j})
	if err != nil {
		return nil, 0, err
	}
	e = cachedPlans{byCode: map[string]*catalog.Plan{}, readAt: now}
	for _, p := range plans {
		e.byCode[p.Code] = p
		if p.Active && p.Tier > e.topTier {
			e.topTier = p.Tier
		}
	}
	s.plans.mu.Lock()
	if s.plans.byJuri == nil {
		s.plans.byJuri = map[tact.Jurisdiction]cachedPlans{}
	}
	s.plans.byJuri[j] = e
	s.plans.mu.Unlock()
	return e.byCode, e.topTier, nil
}

// owners returns the owners of a customer's open cases and promises, once each.
func owners(f brief.Facts) []string {
	var ids []string
	for _, k := range f.OpenCases {
		ids = append(ids, k.OwnerID)
	}
	for _, p := range f.Promises {
		ids = append(ids, p.OwnerID)
	}
	slices.Sort(ids)
	return slices.DeleteFunc(slices.Compact(ids), func(id string) bool { return id == "" })
}
