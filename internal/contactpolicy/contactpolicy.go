// Package contactpolicy decides whether the operator may contact a customer:
// for this purpose, on this channel, now. Every dialer, mailer, survey vendor
// and advisor asks before contacting; the answer is allow, deny, or defer
// until the next instant every time-based rule allows, with the rules that
// decided in words an advisor understands. A deferred contact is held, never
// dropped.
//
// Decide is a pure function of the request, the customer's facts, the policy
// and the time: the service gathers the facts, stores the decision and adds
// the brief. Each rule is one named value in rules.go with its source.
package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Request is one question: may Source contact the customer for Purpose on
// Channel at At?
type Request struct {
	CustomerID string       `json:"customer_id"`
	Purpose    tact.Purpose `json:"purpose"`
	Channel    tact.Channel `json:"channel"`
	// At is when the contact would be made; zero means now.
	At time.Time `json:"at,omitzero"`
	// Source is the system that would make the contact: a dialer, a
	// subcontracted call centre, a survey vendor. Attempts are counted across
	// every source: the company and its subcontractors together.
	Source string `json:"source"`
	// CallerID is the number a call would show; a call with none (masked) is
	// refused.
	CallerID string `json:"caller_id,omitempty"`
	// Campaign names the campaign a sales contact belongs to.
	Campaign string `json:"campaign,omitempty"`
	// Subject is what the contact is about (e.g. contract_adaptation): a
	// pending promise on the same subject suppresses sales contacts about it.
	Subject string `json:"subject,omitempty"`
	// Event is the event a survey is about (a closed case, a shop visit, a
	// cancellation): one survey per event, whatever the vendor.
	Event string `json:"event,omitempty"`
	// CaseID is the customer's open case a service contact is about; a former
	// customer may only be contacted about his own open matters.
	CaseID string `json:"case_id,omitempty"`
}

// Attempt is a contact made to the customer, as the facts count it: every
// outbound contact of the recent past, whoever made it.
type Attempt struct {
	At      time.Time           `json:"at"`
	Channel tact.Channel        `json:"channel"`
	Purpose tact.Purpose        `json:"purpose"`
	Source  string              `json:"source"`
	Outcome interaction.Outcome `json:"outcome"`
	// Subject and Event are the interaction's subject: for a survey, the
	// event it was about.
	Subject string `json:"subject,omitempty"`
}

// Facts are what the policy knows of the customer when deciding.
type Facts struct {
	Customer *customer.Customer
	// Attempts are the outbound contacts of at least the longest look-back of
	// the policy (the refusal cooldown, the survey cooldown), newest first or
	// in any order.
	Attempts []Attempt
	// Promises are the customer's open promises (pending or overdue).
	Promises []*commitment.Commitment
	// Cases are the customer's open cases.
	Cases []*cases.Case
	// OpenDisputes counts the customer's bill disputes under review;
	// PendingCredits the credits owed to him and not yet given: his open
	// promises to issue one (among Promises) and his pending credit notes.
	OpenDisputes   int
	PendingCredits int
	// HasContract reports whether the customer has a line in force; without
	// one he is a prospect for the opposition-list rules.
	HasContract bool
	// OppositionCheckedAt is when the customer's numbers were last checked
	// against the national opposition list (Bloctel, DNCL) and found clear;
	// nil when never.
	OppositionCheckedAt *time.Time
	// Context is what the brief of an allowed contact shows besides, read
	// with the facts so that a decision reads its customer once; nil unless
	// the query asked for it. No rule reads it.
	Context *Context
}

// Context is what the brief of a contact needs of a customer besides his
// facts.
type Context struct {
	// Lines are all his lines, by start then id.
	Lines []*customer.Line `json:"lines,omitempty"`
	// Devices are all his devices, by acquisition then id.
	Devices []*customer.Device `json:"devices,omitempty"`
	// LastContacts are his latest contacts, either direction, newest first.
	LastContacts []*interaction.Interaction `json:"last_contacts,omitempty"`
}

// Verdict is the answer.
type Verdict string

// Verdicts.
const (
	Allow Verdict = "allow"
	Deny  Verdict = "deny"
	// Defer means "not now": the contact may be made at NotBefore.
	Defer Verdict = "defer"
)

// RuleID names a rule; it is stable and appears in every decision it makes.
type RuleID string

// Reason is one rule's say in a decision that was not a plain allow.
type Reason struct {
	Rule    RuleID    `json:"rule"`
	Verdict Verdict   `json:"verdict"`
	Text    tact.Text `json:"text"`
	// Until is when a deferring rule stops objecting (for a deny: zero).
	Until time.Time `json:"until,omitzero"`
	// Ref names the record behind the reason: the pending promise, the open
	// case, the survey already made.
	Ref string `json:"ref,omitempty"`
}

// Decision is the verdict, with every rule that denied or deferred.
type Decision struct {
	Verdict Verdict `json:"verdict"`
	// At is the instant judged.
	At time.Time `json:"at"`
	// NotBefore, for a deferral, is the first instant at which every
	// time-based rule allows: never inside a forbidden window.
	NotBefore *time.Time `json:"not_before,omitempty"`
	Reasons   []Reason   `json:"reasons"`
}
