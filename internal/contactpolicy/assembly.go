package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
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
	// creditNotes are the pending credit notes counted in PendingCredits,
	// kept apart for the profile, which holds the promises and counts their
	// credits again when it is read.
	creditNotes map[string]int
}

// Assemble starts the facts of q's customers.
func (q FactsQuery) Assemble() *Assembly {
	return &Assembly{q: q, facts: map[string]*Facts{}, since: map[string]time.Time{},
		outbound: map[string][]Attempt{}, surveys: map[string][]Attempt{}, creditNotes: map[string]int{}}
}

// AddCustomers records the customers read (those that exist) and returns
// their ids and the earliest look-back among them, from which to read their
// outbound contacts; each customer's own look-back is applied by AddOutbound.
func (a *Assembly) AddCustomers(list []*customer.Customer) (ids []string, earliest time.Time) {
	for i, c := range list {
		a.facts[c.ID] = &Facts{Customer: c, OppositionCheckedAt: c.OppositionCheckedAt}
		if a.q.LastContacts > 0 {
			a.facts[c.ID].Context = &Context{}
		}
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

// AddOpenDisputes records that n of the customer's bill disputes are open.
func (a *Assembly) AddOpenDisputes(customerID string, n int) {
	if f := a.facts[customerID]; f != nil {
		f.OpenDisputes += n
	}
}

// AddPendingCreditNotes records that n credit notes owed to the customer are
// pending (neither applied to a bill nor refunded): credits he is waiting
// for, as much as a promise to issue one.
func (a *Assembly) AddPendingCreditNotes(customerID string, n int) {
	if f := a.facts[customerID]; f != nil {
		f.PendingCredits += n
		a.creditNotes[customerID] += n
	}
}

// AddCase adds an open case; they come newest opened first, at most MaxOpen
// a customer.
func (a *Assembly) AddCase(k *cases.Case) {
	if f := a.facts[k.CustomerID]; f != nil && len(f.Cases) < a.q.MaxOpen {
		f.Cases = append(f.Cases, k)
	}
}

// AddLine adds a line of the customer to his context, if asked; they come by
// start then id.
func (a *Assembly) AddLine(l *customer.Line) {
	if c := a.context(l.CustomerID); c != nil {
		c.Lines = append(c.Lines, l)
	}
}

// AddDevice adds a device of the customer to his context, if asked; they come
// by acquisition then id.
func (a *Assembly) AddDevice(d *customer.Device) {
	if c := a.context(d.CustomerID); c != nil {
		c.Devices = append(c.Devices, d)
	}
}

// AddLastContact adds one of the customer's latest contacts to his context,
// if asked; they come newest first, and those past LastContacts are left out.
func (a *Assembly) AddLastContact(i *interaction.Interaction) {
	if c := a.context(i.CustomerID); c != nil && len(c.LastContacts) < a.q.LastContacts {
		c.LastContacts = append(c.LastContacts, i)
	}
}

// context returns the context of a customer read, nil when the query did not
// ask for it.
func (a *Assembly) context(customerID string) *Context {
	if f := a.facts[customerID]; f != nil {
		return f.Context
	}
	return nil
}

// Profile is the facts of one customer as a store may keep them between
// requests, so that a decision reads its customer with one lookup: the rows
// one query assembled, within that query's look-back and bounds, which are
// kept with them. The store must drop a profile in the same transaction as
// any change to the rows it was assembled from.
type Profile struct {
	Customer    *customer.Customer       `json:"customer"`
	HasContract bool                     `json:"has_contract,omitempty"`
	Outbound    []Attempt                `json:"outbound,omitempty"`
	Surveys     []Attempt                `json:"surveys,omitempty"`
	Promises    []*commitment.Commitment `json:"promises,omitempty"`
	Cases       []*cases.Case            `json:"cases,omitempty"`
	// OpenDisputes and PendingCreditNotes are counts, whatever the bounds.
	OpenDisputes       int      `json:"open_disputes,omitempty"`
	PendingCreditNotes int      `json:"pending_credit_notes,omitempty"`
	Context            *Context `json:"context,omitempty"`
	// Since, MaxAttempts, MaxOpen and LastContacts are the look-back and the
	// bounds of the query the profile was assembled for: it can answer any
	// query that asks for no more.
	Since        time.Time `json:"since"`
	MaxAttempts  int       `json:"max_attempts"`
	MaxOpen      int       `json:"max_open"`
	LastContacts int       `json:"last_contacts,omitempty"`
}

// Profiles returns the profiles of the customers assembled, by id, to be kept
// for later queries.
func (a *Assembly) Profiles() map[string]*Profile {
	out := make(map[string]*Profile, len(a.facts))
	for id, f := range a.facts {
		out[id] = &Profile{Customer: f.Customer, HasContract: f.HasContract, Outbound: a.outbound[id], Surveys: a.surveys[id],
			Promises: f.Promises, Cases: f.Cases, OpenDisputes: f.OpenDisputes, PendingCreditNotes: a.creditNotes[id], Context: f.Context,
			Since: a.since[id], MaxAttempts: a.q.MaxAttempts, MaxOpen: a.q.MaxOpen, LastContacts: a.q.LastContacts}
	}
	return out
}

// AddProfile assembles a kept profile as if its rows had been read now, and
// reports whether it could: a profile assembled for a longer look-back or
// larger bounds holds everything the query asks for; one assembled for less
// does not, and the customer must be read from the rows.
func (a *Assembly) AddProfile(p *Profile) bool {
	if !a.q.AnsweredBy(p) {
		return false
	}
	c := p.Customer
	a.AddCustomers([]*customer.Customer{c})
	if p.HasContract {
		a.HasContract(c.ID)
	}
	for _, t := range p.Outbound {
		a.AddOutbound(c.ID, t)
	}
	for _, t := range p.Surveys {
		a.AddSurvey(c.ID, t)
	}
	for _, k := range p.Promises {
		a.AddPromise(k)
	}
	for _, k := range p.Cases {
		a.AddCase(k)
	}
	a.AddOpenDisputes(c.ID, p.OpenDisputes)
	a.AddPendingCreditNotes(c.ID, p.PendingCreditNotes)
	if a.q.LastContacts > 0 {
		for _, l := range p.Context.Lines {
			a.AddLine(l)
		}
		for _, d := range p.Context.Devices {
			a.AddDevice(d)
		}
		for _, i := range p.Context.LastContacts {
			a.AddLastContact(i)
		}
	}
	return true
}

// AnsweredBy reports whether p holds everything q asks of its customer: a
// profile assembled for a longer look-back or larger bounds does; one
// assembled for less does not.
func (q FactsQuery) AnsweredBy(p *Profile) bool {
	c := p.Customer
	return c != nil && !q.Since(c.Jurisdiction).Before(p.Since) && q.MaxAttempts <= p.MaxAttempts && q.MaxOpen <= p.MaxOpen &&
		q.LastContacts <= p.LastContacts && (q.LastContacts == 0 || p.Context != nil)
}

// Facts returns the facts assembled, by customer id: each customer's
// attempts are his outbound contacts, then his surveys.
func (a *Assembly) Facts() map[string]*Facts {
	for id, f := range a.facts {
		f.Attempts = append(a.outbound[id], a.surveys[id]...)
	}
	return a.facts
}
