package billing

import (
	"context"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// ConsentStore keeps customers' third-party billing consents. Errors:
// not_found for a missing consent or customer; conflict when a customer's
// consent reference is taken, or the consent is already withdrawn; anything
// else is internal.
type ConsentStore interface {
	// CreateConsent records a consent: not_found on customer_id when the
	// customer does not exist, conflict on ref when he has a consent of that
	// reference (standing or withdrawn: a reference is never reused).
	CreateConsent(ctx context.Context, c *ThirdPartyConsent) error
	// WithdrawConsent ends a standing consent at at and returns it;
	// not_found when the customer has no consent of that reference, conflict
	// when it is already withdrawn (the first withdrawal's time is kept).
	WithdrawConsent(ctx context.Context, customerID, ref string, at time.Time) (*ThirdPartyConsent, error)
	// FindConsents returns the consents of several customers, withdrawn ones
	// included, by customer, oldest confirmed first (then by reference): one
	// query for a page of bills under review. A customer with none has no
	// entry.
	FindConsents(ctx context.Context, customerIDs []string) (map[string][]ThirdPartyConsent, error)
}

// Run is a bill run: drafts a billing system submitted together, reviewed
// at once.
type Run struct {
	ID string `json:"id"`
	// Source is the billing system that submitted it.
	Source      string    `json:"source"`
	SubmittedAt time.Time `json:"submitted_at"`
	Bills       int       `json:"bills"`
	// Counts are the bills by status after review; Findings the findings by
	// rule; Stripped the third-party lines taken off.
	Counts   map[Status]int `json:"counts"`
	Findings map[RuleID]int `json:"findings"`
	Stripped int            `json:"stripped"`
}

// EventKind is what happened to a bill.
type EventKind string

// Bill events.
const (
	Reviewed EventKind = "reviewed"
	Released EventKind = "released"
	Adjusted EventKind = "adjusted"
	// StatusReported: the billing system reported the bill sent, partly
	// paid or settled.
	StatusReported EventKind = "status_reported"
	DisputeOpened  EventKind = "dispute_opened"
)

// EventKinds lists every kind of bill event.
var EventKinds = []EventKind{Reviewed, Released, Adjusted, StatusReported, DisputeOpened}

// Valid reports whether k is a known kind of event.
func (k EventKind) Valid() bool { return slices.Contains(EventKinds, k) }

// Event is one change of a bill, with who made it and why: a held bill's
// release or adjustment is audited.
type Event struct {
	ID     string     `json:"id"`
	BillID string     `json:"bill_id"`
	Kind   EventKind  `json:"kind"`
	Actor  tact.Actor `json:"actor"`
	At     time.Time  `json:"at"`
	From   Status     `json:"from,omitempty"`
	To     Status     `json:"to,omitempty"`
	Reason string     `json:"reason,omitempty"`
}

// Filter selects bills, by id.
type Filter struct {
	RunID      string
	CustomerID string
	Status     Status
	After      string
	Limit      int
}

// Store keeps bill runs and bills. Errors: not_found for a missing run or
// bill, not_found on customer_id for a bill of no customer;
// precondition_failed when a bill changed since it was read (version);
// anything else is internal.
type Store interface {
	// CreateRun stores a run, its bills and their reviewed events in one
	// transaction: all or nothing.
	CreateRun(ctx context.Context, r *Run, bills []*Bill, events []Event) error
	FindRun(ctx context.Context, id string) (*Run, error)
	FindBill(ctx context.Context, id string) (*Bill, error)
	FindBills(ctx context.Context, f Filter) ([]*Bill, error)
	// UpdateBill writes b, with its event, if its stored version is still
	// b.Version, and then increments b.Version.
	UpdateBill(ctx context.Context, b *Bill, ev Event) error
	// FindBillEvents returns a bill's events, oldest first.
	FindBillEvents(ctx context.Context, billID string) ([]Event, error)
	// FindHistory returns, for each customer, the totals of his last n bills
	// that left (validated, sent, partially paid, settled or disputed) with a
	// period ending before before, oldest first.
	FindHistory(ctx context.Context, customerIDs []string, before tact.Date, n int) (map[string][]int64, error)

	// OpenDispute stores a dispute, its bill's change (versioned, as
	// UpdateBill) and event, and the credit note issued with it if any, in
	// one transaction.
	OpenDispute(ctx context.Context, d *Dispute, b *Bill, ev Event, credit *CreditNote) error
	// FindDisputes returns a bill's disputes, oldest first.
	FindDisputes(ctx context.Context, billID string) ([]Dispute, error)
	// ResolveDispute writes d, resolved (see ResolveDispute), if the stored
	// dispute is still open: not_found when there is none,
	// invalid_transition when it was resolved meanwhile (the first
	// resolution is kept).
	ResolveDispute(ctx context.Context, d *Dispute) error

	// CreateCreditNote stores a credit note; not_found on customer_id when
	// the customer does not exist.
	CreateCreditNote(ctx context.Context, c *CreditNote) error
	FindCreditNote(ctx context.Context, id string) (*CreditNote, error)
	// FindCreditNotes returns a customer's credit notes, oldest first.
	FindCreditNotes(ctx context.Context, customerID string) ([]*CreditNote, error)
	// UpdateCreditNote writes c if its stored version is still c.Version,
	// then increments it.
	UpdateCreditNote(ctx context.Context, c *CreditNote) error

	// CreateDunningDecision stores a dunning decision for audit.
	CreateDunningDecision(ctx context.Context, r *DunningRecord) error
	// FindDunningDecisions returns a bill's dunning decisions, oldest first.
	FindDunningDecisions(ctx context.Context, billID string) ([]*DunningRecord, error)
}
