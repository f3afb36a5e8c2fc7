package lifecycle

import (
	"context"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/customer"

	"github.com/tactcrm/tact/internal/tact"
)

// Store keeps cancellations. Every method owns its transaction.
//
// Errors: not_found for a missing cancellation or customer;
// precondition_failed when an update's version is no longer current.
type Store interface {
	// CreateCancellation stores x at version 1, unless the customer already
	// has a cancellation under x.Key: then it returns that one and false,
	// storing nothing.
	CreateCancellation(ctx context.Context, x *Cancellation) (*Cancellation, bool, error)
	// FindCancellation returns one cancellation.
	FindCancellation(ctx context.Context, id string) (*Cancellation, error)
	// FindCancellations returns a customer's cancellations, newest first.
	FindCancellations(ctx context.Context, customerID string) ([]*Cancellation, error)
	// UpdateCancellation writes x if its stored version is still x.Version,
	// then increments x.Version.
	UpdateCancellation(ctx context.Context, x *Cancellation) error
	// FindDueCancellations returns up to limit confirmed cancellations whose
	// end date is on or before on, oldest end first: what the completion job
	// walks.
	FindDueCancellations(ctx context.Context, on tact.Date, limit int) ([]*Cancellation, error)
}

// Confirm receives a previewed cancellation at now with p, its preview made
// again at that instant (the law's delays count from the request's
// receipt, not from the preview). A cancellation already confirmed or
// completed is not confirmed twice: invalid_transition.
func (x *Cancellation) Confirm(p Preview, now time.Time) error {
	if x.Status != Previewed {
		return tact.Errorf(tact.CodeInvalidTransition, "a %s cancellation is not confirmed again", x.Status)
	}
	at := now.UTC()
	x.Preview, x.Status, x.ReceivedAt = p, Confirmed, &at
	return nil
}

// Due reports whether a confirmed cancellation's end date has come on today
// (the customer's date): its lines end that day.
func (x *Cancellation) Due(today tact.Date) bool {
	return x.Status == Confirmed && !today.Before(x.Preview.EndDate)
}

// Complete marks a due cancellation done at now.
func (x *Cancellation) Complete(now time.Time) error {
	if x.Status != Confirmed {
		return tact.Errorf(tact.CodeInvalidTransition, "a %s cancellation is not completed", x.Status)
	}
	at := now.UTC()
	x.Status, x.CompletedAt = Completed, &at
	return nil
}

// NotCancelledTwice refuses a preview that would end a line a confirmed
// cancellation among earlier already ends: the customer is told when it
// ends (conflict on lines), not given a second receipt for it.
func NotCancelledTwice(j tact.Jurisdiction, p Preview, earlier []*Cancellation) error {
	for _, x := range earlier {
		if x.Status != Confirmed {
			continue
		}
		for _, e := range x.Preview.Lines {
			if slices.ContainsFunc(p.Lines, func(l LineEnd) bool { return l.LineID == e.LineID }) {
				return tact.FieldError(tact.CodeConflict, "lines", "line %s is already cancelled: its service ends on %s (%s)",
					customer.NationalNumber(e.Number, j), e.EndDate, x.ID)
			}
		}
	}
	return nil
}
