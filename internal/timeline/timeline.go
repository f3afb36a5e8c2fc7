// Package timeline owns the customer's timeline: every contact, every change
// to their record, to their cases and to the promises made to them, newest
// first, in one list an advisor reads before saying a word.
package timeline

import (
	"context"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Kind is what an entry is.
type Kind string

// Entry kinds.
const (
	KindInteraction Kind = "interaction"
	KindEvent       Kind = "event"
	KindCaseEvent   Kind = "case_event"
	KindPromise     Kind = "promise_event"
)

// Entry is one item of a timeline; exactly one of its payloads is set.
type Entry struct {
	Kind        Kind                     `json:"kind"`
	At          time.Time                `json:"at"`
	ID          string                   `json:"id"`
	Interaction *interaction.Interaction `json:"interaction,omitempty"`
	Event       *customer.Event          `json:"event,omitempty"`
	CaseEvent   *cases.Event             `json:"case_event,omitempty"`
	Promise     *commitment.Event        `json:"promise_event,omitempty"`
}

// Cursor returns the position just after e, for the next page.
func (e Entry) Cursor() tact.Cursor { return tact.Cursor{At: e.At, ID: e.ID} }

// Before reports whether a sorts before b on a timeline: newer first, and by id
// (descending) between entries of the same instant, so pages never overlap.
func Before(a, b Entry) bool {
	if !a.At.Equal(b.At) {
		return a.At.After(b.At)
	}
	return a.ID > b.ID
}

// Merge combines entry lists that are each already in timeline order and
// returns the first limit entries. A store reads limit entries of each kind
// past the cursor and merges them here, so the order is decided once.
func Merge(limit int, lists ...[]Entry) []Entry {
	var all []Entry
	for _, l := range lists {
		all = append(all, l...)
	}
	slices.SortFunc(all, func(a, b Entry) int {
		switch {
		case Before(a, b):
			return -1
		case Before(b, a):
			return 1
		}
		return 0
	})
	if len(all) > limit {
		all = all[:limit]
	}
	return all
}

// Store reads timelines. Errors: internal only; an unknown customer has an
// empty timeline (the service checks existence).
type Store interface {
	// FindTimeline returns up to limit entries of a customer's timeline strictly
	// after the cursor position, newest first.
	FindTimeline(ctx context.Context, customerID string, after tact.Cursor, limit int) ([]Entry, error)
}

// CaseEntries wraps case events, in timeline order, as entries.
func CaseEntries(events []cases.Event) []Entry {
	out := make([]Entry, len(events))
	for i := range events {
		out[i] = Entry{Kind: KindCaseEvent, At: events[i].At, ID: events[i].ID, CaseEvent: &events[i]}
	}
	return out
}

// PromiseEntries wraps promise events, in timeline order, as entries.
func PromiseEntries(events []commitment.Event) []Entry {
	out := make([]Entry, len(events))
	for i := range events {
		out[i] = Entry{Kind: KindPromise, At: events[i].At, ID: events[i].ID, Promise: &events[i]}
	}
	return out
}
