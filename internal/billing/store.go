package billing

import (
	"context"
	"time"
)

// ConsentStore keeps customers' third-party billing consents. Errors:
// not_found for a missing consent or customer; conflict when a customer's
// consent reference is taken; anything else is internal.
type ConsentStore interface {
	// CreateConsent records a consent.
	CreateConsent(ctx context.Context, c *ThirdPartyConsent) error
	// WithdrawConsent ends a standing consent at at and returns it.
	WithdrawConsent(ctx context.Context, customerID, ref string, at time.Time) (*ThirdPartyConsent, error)
	// FindConsents returns the consents of several customers, withdrawn ones
	// included, by customer, oldest confirmed first: one query for a page
	// of bills under review.
	FindConsents(ctx context.Context, customerIDs []string) (map[string][]ThirdPartyConsent, error)
}
