package app

import (
	"context"
	"slices"

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
// (the customer, his open cases and promises), reading only the rest.
func (s *Briefs) ForContact(ctx context.Context, cf contactpolicy.Facts) (*brief.Brief, error) {
	return s.complete(ctx, brief.Facts{Customer: cf.Customer, OpenCases: cf.Cases, Promises: cf.Promises})
}

// complete reads what a brief needs besides the customer and his open
// matters, and writes it.
func (s *Briefs) complete(ctx context.Context, f brief.Facts) (*brief.Brief, error) {
	c := f.Customer
	var err error
	f.Plans = map[string]*catalog.Plan{}
	if f.Lines, err = s.stores.Customers.FindLines(ctx, c.ID); err != nil {
		return nil, err
	}
	plans, err := s.stores.Catalog.FindPlans(ctx, catalog.Filter{Jurisdiction: c.Jurisdiction})
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		f.Plans[p.Code] = p
		if p.Active && p.Tier > f.TopTier {
			f.TopTier = p.Tier
		}
	}
	if f.Devices, err = s.stores.Customers.FindDevices(ctx, c.ID); err != nil {
		return nil, err
	}
	if f.LastContact, err = s.stores.Interactions.FindInteractions(ctx, interaction.Filter{CustomerID: c.ID, Limit: brief.LastContacts}); err != nil {
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
