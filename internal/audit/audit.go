// Package audit keeps the record of who read which customer's record, when
// and why (RGPD art. 5(2) and 32: the controller can show who accessed
// personal data; issue 8: every advisor read of a customer record is logged).
// A supervisor reads it back per customer or per person.
package audit

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// Reason is why a record was read: the page an advisor opened.
type Reason string

// Reasons: the pages of the console that open a customer's record.
const (
	// ReasonBrief: the customer's page, which opens on the brief.
	ReasonBrief Reason = "brief"
	// ReasonTimeline: a further page of the customer's timeline.
	ReasonTimeline Reason = "timeline"
	// ReasonContactCheck: "may I contact him now?", asked of the policy.
	ReasonContactCheck Reason = "contact_check"
	// ReasonCase: one of his cases, opened, read or changed.
	ReasonCase Reason = "case"
	// ReasonPromise: a promise made to him, recorded or read.
	ReasonPromise Reason = "promise"
	// ReasonOffers: the offers that fit him, one of them, its document.
	ReasonOffers Reason = "offers"
	// ReasonBill: one of his bills, in the supervision.
	ReasonBill Reason = "bill"
)

// Reasons lists the reasons the console records, in the order of a
// customer's visit.
var Reasons = []Reason{ReasonBrief, ReasonTimeline, ReasonContactCheck, ReasonCase, ReasonPromise, ReasonOffers, ReasonBill}

// Read is one read of a customer's record by a person.
type Read struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	UserID     string    `json:"user_id"`
	UserName   string    `json:"user_name"`
	CustomerID string    `json:"customer_id"`
	Reason     Reason    `json:"reason"`
}

// maxReason bounds a reason's length.
const maxReason = 100

// Validate checks a read before it is stored.
func (r *Read) Validate() error {
	r.Reason = Reason(strings.TrimSpace(string(r.Reason)))
	switch {
	case !tact.HasPrefix(r.UserID, tact.PrefixUser):
		return tact.FieldError(tact.CodeRequired, "user_id", "a read is made by a person signed in")
	case !tact.HasPrefix(r.CustomerID, tact.PrefixCustomer):
		return tact.FieldError(tact.CodeRequired, "customer_id", "a read is of one customer's record")
	case r.Reason == "" || utf8.RuneCountInString(string(r.Reason)) > maxReason:
		return tact.FieldError(tact.CodeRequired, "reason", "a read says why, in up to %d characters", maxReason)
	case r.At.IsZero():
		return tact.FieldError(tact.CodeRequired, "at", "a read has a time")
	}
	return nil
}

// Cursor returns the position just after r, for the next page.
func (r *Read) Cursor() tact.Cursor { return tact.Cursor{At: r.At, ID: r.ID} }

// Filter selects reads. Any of CustomerID, UserID and the period may be
// set.
type Filter struct {
	CustomerID string
	UserID     string
	// From and To bound the period: reads at or after From and before To;
	// a zero time leaves that side open.
	From, To time.Time
	// After is the last read of the previous page.
	After tact.Cursor
	Limit int
}

// Validate checks a filter's ids and period before a search.
func (f Filter) Validate() error {
	switch {
	case f.UserID != "" && !tact.HasPrefix(f.UserID, tact.PrefixUser):
		return tact.FieldError(tact.CodeInvalid, "user_id", "%q is not a user's id (%s_…)", f.UserID, tact.PrefixUser)
	case f.CustomerID != "" && !tact.HasPrefix(f.CustomerID, tact.PrefixCustomer):
		return tact.FieldError(tact.CodeInvalid, "customer_id", "%q is not a customer's id (%s_…)", f.CustomerID, tact.PrefixCustomer)
	case !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From):
		return tact.FieldError(tact.CodeInvalid, "from", "the period starts at %s, not before its end %s",
			f.From.UTC().Format(time.RFC3339), f.To.UTC().Format(time.RFC3339))
	}
	return nil
}

// Store keeps the reads. Errors: internal only.
type Store interface {
	// RecordRead stores one read.
	RecordRead(ctx context.Context, r *Read) error
	// FindReads returns up to f.Limit reads matching f (of the customer,
	// by the user, within the period, each when set) strictly after
	// f.After, newest first (by time, then id descending).
	FindReads(ctx context.Context, f Filter) ([]*Read, error)
}
