package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
)

// Assembly turns the rows a FactsStore reads into Facts, applying the query's
// look-back and limits as the rows come: what a customer's facts hold is said
// here once, and each engine only reads rows.
type Assembly struct {
	q        FactsQuery
	facts    map[string]*Facts
	since    map[string]time.Time
	outbound map[string][]Attempt
	surveys  map[string][]Attempt
}

// Assemble starts the facts of q's customers.
func (q FactsQuery) Assemble() *Assembly {
	return &Assembly{q: q, facts: map[string]*Facts{}, since: map[string]time.Time{},
		outbound: map[string][]Attempt{}, surveys: map[string][]Attempt{}}
}

// AddCustomers records the customers read (those that exist) and returns
// their ids and the earliest look-back among them, from which to read their
// outbound contacts; each customer's own look-back is applied by AddOutbound.
func (a *Assembly) AddCustomers(list []*customer.Customer) (ids []string, earliest time.Time) {
	for i, c := range list {
		a.facts[c.ID] = &Facts{Customer: c, OppositionCheckedAt: c.OppositionCheckedAt}
		since := a.q.Since(c.Jurisdiction)
		a.since[c.ID] = since
		if i == 0 || since.Before(earliest) {
			earliest = since
		}
		ids = append(ids, c.ID)
	}
	return ids, earliest
}

// HasContract records that a line of the customer is in force.
func (a *Assembly) HasContract(customerID string) {
	if f := a.facts[customerID]; f != nil {
		f.HasContract = true
	}
}

// AddOutbound adds an outbound contact of the customer; they come newest
// first. One before the customer's look-back, or past MaxAttempts, is left out.
func (a *Assembly) AddOutbound(customerID string, at Attempt) {
	if at.At.Before(a.since[customerID]) || len(a.outbound[customerID]) >= a.q.MaxAttempts {
		return
	}
	a.outbound[customerID] = append(a.outbound[customerID], at)
}

// AddSurvey adds a survey made of the customer, whenever it was made (one per
// event); they come newest first.
func (a *Assembly) AddSurvey(customerID string, at Attempt) {
	a.surveys[customerID] = append(a.surveys[customerID], at)
}

// AddPromise adds an open promise; they come soonest due first, at most
// MaxOpen a customer.
func (a *Assembly) AddPromise(p *commitment.Commitment) {
	if f := a.facts[p.CustomerID]; f != nil && len(f.Promises) < a.q.MaxOpen {
		f.Promises = append(f.Promises, p)
		if p.Kind == commitment.IssueCredit {
			f.PendingCredits++
		}
	}
}

// AddCase adds an open case; they come newest opened first, at most MaxOpen
// a customer.
func (a *Assembly) AddCase(k *cases.Case) {
	if f := a.facts[k.CustomerID]; f != nil && len(f.Cases) < a.q.MaxOpen {
		f.Cases = append(f.Cases, k)
	}
}

// Facts returns the facts assembled, by customer id: each customer's
// attempts are his outbound contacts, then his surveys.
func (a *Assembly) Facts() map[string]*Facts {
	for id, f := range a.facts {
		f.Attempts = append(a.outbound[id], a.surveys[id]...)
	}
	return a.facts
}
