// Package billing is the words and rules of bills as tact sees them: drafts
// that a billing system submits for review before they leave, the findings
// of that review (a bill held for a person, a third-party charge stripped),
// and the decision asked before any dunning step. Billing systems produce
// bills; tact checks them against the customer's own history, his consents
// and the law (DESIGN stories 1 and 3, §5).
package billing

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// Kind is what a bill line charges for.
type Kind string

// Kinds of bill lines.
const (
	Plan       Kind = "plan"
	Option     Kind = "option"
	Usage      Kind = "usage"
	Roaming    Kind = "roaming"
	ThirdParty Kind = "third_party"
	Credit     Kind = "credit"
	Adjustment Kind = "adjustment"
)

// Kinds lists every kind of line.
var Kinds = []Kind{Plan, Option, Usage, Roaming, ThirdParty, Credit, Adjustment}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Status is where a bill is, after TM Forum TMF678 (Customer Bill
// Management): new → on_hold | validated → sent → partially_paid → settled,
// and disputed.
type Status string

// Statuses.
const (
	New           Status = "new"
	OnHold        Status = "on_hold"
	Validated     Status = "validated"
	Sent          Status = "sent"
	PartiallyPaid Status = "partially_paid"
	Settled       Status = "settled"
	Disputed      Status = "disputed"
)

// Statuses lists every status.
var Statuses = []Status{New, OnHold, Validated, Sent, PartiallyPaid, Settled, Disputed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Left reports whether a bill in status s has passed its review and left
// for the customer: neither under review (new) nor held for a person. Only a
// bill that has left is read, printed or disputed by its customer; a held
// one (story 3's €149,000) is a supervisor's until released or corrected.
func (s Status) Left() bool { return s.Valid() && s != New && s != OnHold }

// Provider is who bills through the operator on a third-party line, and how
// the customer complains to them.
type Provider struct {
	Name    string `json:"name"`
	Service string `json:"service"`
	// Complaints is how to complain to the provider: a phone number, an
	// address or a web page, as printed on the bill.
	Complaints string `json:"complaints"`
	// ConsentRef is the reference of the customer's consent to this charge
	// (see ThirdPartyConsent).
	ConsentRef string `json:"consent_ref,omitempty"`
}

// Line is one line of a bill.
type Line struct {
	Kind        Kind       `json:"kind"`
	Description string     `json:"description"`
	Amount      tact.Money `json:"amount"`
	// Date is the day the charge arose (a usage day, a purchase); zero for
	// the plan and options, which cover the period.
	Date tact.Date `json:"date,omitzero"`
	// InPlan marks usage or roaming included in the plan, at no charge
	// beyond it; out-of-plan lines are what the caps limit.
	InPlan bool `json:"in_plan,omitempty"`
	// Provider is set on third-party lines, and only there.
	Provider *Provider `json:"provider,omitempty"`
	// CreditNoteID is the credit note a credit line refunds, when it
	// refunds one (a final bill refunds them all: RuleFinalBillCredits).
	CreditNoteID string `json:"credit_note_id,omitempty"`
}

// Bill is a bill of one line of service for one period.
type Bill struct {
	ID         string    `json:"id"`
	RunID      string    `json:"run_id"`
	CustomerID string    `json:"customer_id"`
	LineID     string    `json:"line_id"`
	From       tact.Date `json:"period_from"`
	To         tact.Date `json:"period_to"`
	// Lines are the charges; Total their sum, as the billing system says.
	Lines []Line     `json:"lines"`
	Total tact.Money `json:"total"`
	// DueOn is when payment is asked for; zero when nothing is asked (a
	// bill in credit, or settled by direct debit).
	DueOn  tact.Date `json:"due_on,omitzero"`
	Status Status    `json:"status"`
	// Paid is what the customer has paid of the total, as the billing system
	// reports it.
	Paid tact.Money `json:"paid"`
	// Review is the outcome of tact's review of the draft: findings, lines
	// stripped, warnings.
	Review    *Review   `json:"review,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Balance is what is left to pay, in cents.
func (b *Bill) Balance() int64 { return b.Total.Cents - b.Paid.Cents }

// Limits of a draft bill.
const (
	MaxLines       = 500
	maxDescription = 200
)

// Sum adds up lines in cents.
func Sum(lines []Line) int64 {
	var n int64
	for _, l := range lines {
		n += l.Amount.Cents
	}
	return n
}

// Validate checks a draft in currency cur (the customer's jurisdiction's):
// the period, every line, and that the total is the sum of the lines; a
// draft whose total does not add up is refused, naming both figures. A bill
// with no lines is valid here: the review holds it (rule empty_bill).
func (b *Bill) Validate(cur tact.Currency) error {
	switch {
	case b.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "a bill is for a customer")
	case b.From.IsZero() || b.To.IsZero() || b.To.Before(b.From):
		return tact.FieldError(tact.CodeInvalid, "period_to", "a bill covers a period from period_from to period_to, in that order")
	case len(b.Lines) > MaxLines:
		return tact.FieldError(tact.CodeInvalid, "lines", "at most %d lines", MaxLines)
	case b.Total.Currency != cur:
		return tact.FieldError(tact.CodeInvalid, "total", "the total is in %s", cur)
	}
	for i, l := range b.Lines {
		if err := l.validate(cur); err != nil {
			return tact.Prefix("lines["+strconv.Itoa(i)+"]", err)
		}
	}
	if sum := Sum(b.Lines); sum != b.Total.Cents {
		return tact.FieldError(tact.CodeInvalid, "total", "the lines add up to %s, the total says %s",
			tact.Money{Cents: sum, Currency: cur}, b.Total)
	}
	return nil
}

func (l Line) validate(cur tact.Currency) error {
	switch {
	case !l.Kind.Valid():
		return tact.FieldError(tact.CodeInvalid, "kind", "kind %q is not one of plan, option, usage, roaming, third_party, credit, adjustment", l.Kind)
	case strings.TrimSpace(l.Description) == "" || len(l.Description) > maxDescription:
		return tact.FieldError(tact.CodeInvalid, "description", "a line says what it charges for, in at most %d characters", maxDescription)
	case l.Amount.Currency != cur:
		return tact.FieldError(tact.CodeInvalid, "amount", "an amount in %s", cur)
	case l.Kind == Credit && l.Amount.Cents > 0:
		return tact.FieldError(tact.CodeInvalid, "amount", "a credit is negative")
	case l.Kind != Credit && l.Kind != Adjustment && l.Amount.Cents < 0:
		return tact.FieldError(tact.CodeInvalid, "amount", "only credits and adjustments are negative")
	case l.Kind == ThirdParty && l.Provider == nil:
		// Story 1: every third-party charge names who bills and how to
		// complain to them.
		return tact.FieldError(tact.CodeRequired, "provider", "a third-party line names its provider, service and how to complain")
	case l.Kind != ThirdParty && l.Provider != nil:
		return tact.FieldError(tact.CodeInvalid, "provider", "only third-party lines have a provider")
	case l.CreditNoteID != "" && l.Kind != Credit:
		return tact.FieldError(tact.CodeInvalid, "credit_note_id", "only a credit line refunds a credit note")
	}
	if p := l.Provider; p != nil && (strings.TrimSpace(p.Name) == "" || strings.TrimSpace(p.Service) == "" || strings.TrimSpace(p.Complaints) == "") {
		return tact.FieldError(tact.CodeRequired, "provider", "a third-party line names its provider, service and how to complain")
	}
	return nil
}
