package app

import (
	"context"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// ThirdParty is the service over customers' third-party billing consents
// (story 1). A third-party charge stays on a bill only when the customer's
// switch (customer.Customer.ThirdPartyBilling, changed like any of his
// fields) is on and a double opt-in recorded here covers it; the bill review
// (internal/billing) strips the others.
type ThirdParty struct {
	service
	store     billing.ConsentStore
	customers *Customers
}

// RecordConsent records a customer's double opt-in. The same consent
// recorded again (same reference, provider, service, times and channel)
// returns the stored one with created false, so the payment page's system
// may retry; another consent under a reference the customer already has is a
// conflict on ref: a reference is never reused, even after a withdrawal.
func (s *ThirdParty) RecordConsent(ctx context.Context, customerID string, c billing.ThirdPartyConsent) (*billing.ThirdPartyConsent, bool, error) {
	cu, err := s.customers.Get(ctx, customerID)
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	c.CustomerID, c.CreatedAt = cu.ID, now
	c.Normalize()
	if err := c.Validate(now); err != nil {
		return nil, false, err
	}
	err = s.store.CreateConsent(ctx, &c)
	if tact.ErrorCode(err) != tact.CodeConflict {
		return &c, err == nil, err
	}
	old, err := s.find(ctx, cu.ID, c.Ref)
	if err != nil {
		return nil, false, err
	}
	if !sameConsent(old, &c) {
		return nil, false, tact.FieldError(tact.CodeConflict, "ref", "customer %s already has another consent under reference %q", cu.ID, c.Ref)
	}
	return old, false, nil
}

// sameConsent compares what the customer agreed to, and when: not when tact
// recorded it, nor a withdrawal since.
func sameConsent(a, b *billing.ThirdPartyConsent) bool {
	return a.CustomerID == b.CustomerID && a.Ref == b.Ref && a.Provider == b.Provider && a.Service == b.Service &&
		a.PaymentPageAt.Equal(b.PaymentPageAt) && a.ConfirmedAt.Equal(b.ConfirmedAt) && a.ConfirmedBy == b.ConfirmedBy
}

// Consents returns a customer's consents, withdrawn ones included, oldest
// confirmed first.
func (s *ThirdParty) Consents(ctx context.Context, customerID string) ([]billing.ThirdPartyConsent, error) {
	cu, err := s.customers.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.FindConsents(ctx, []string{cu.ID})
	if err != nil {
		return nil, err
	}
	if all[cu.ID] == nil {
		return []billing.ThirdPartyConsent{}, nil
	}
	return all[cu.ID], nil
}

// WithdrawConsent ends a customer's consent now: from today his charges
// under it are stripped from his bills. Withdrawing a consent already
// withdrawn returns it as it stands, withdrawn at the first time, so that a
// retry is safe.
func (s *ThirdParty) WithdrawConsent(ctx context.Context, customerID, ref string) (*billing.ThirdPartyConsent, error) {
	cu, err := s.customers.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.WithdrawConsent(ctx, cu.ID, ref, s.now())
	if tact.ErrorCode(err) != tact.CodeConflict {
		return c, err
	}
	return s.find(ctx, cu.ID, ref)
}

// now is the time in UTC to the microsecond, as the stores keep it, so that
// what a call answers is what a later read gives.
func (s *ThirdParty) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// find returns one of a customer's consents.
func (s *ThirdParty) find(ctx context.Context, customerID, ref string) (*billing.ThirdPartyConsent, error) {
	all, err := s.store.FindConsents(ctx, []string{customerID})
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all[customerID], func(c billing.ThirdPartyConsent) bool { return c.Ref == ref })
	if i < 0 {
		return nil, tact.NotFound("third-party consent", ref)
	}
	return &all[customerID][i], nil
}
