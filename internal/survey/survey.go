// Package survey owns the words of surveys asked of customers: a survey
// vendor asks tact before surveying, the contact policy judges the request
// (one survey per event whatever the vendor, a cooldown per customer, none
// while a complaint is open, one exit survey for a former customer), and an
// allowed request is kept, so that the next vendor asking about the same
// event is refused before anyone contacts the customer (story 5).
package survey

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// Ask is a vendor's question: may Source survey the customer about Event on
// Channel at At?
type Ask struct {
	CustomerID string `json:"customer_id"`
	// Event is what the survey is about, as the operator names it (e.g.
	// "exit:cus_…" for a departure, "case:cas_…" for a closed case): one
	// survey per event, whatever the vendor.
	Event   string       `json:"event"`
	Source  string       `json:"source"`
	Channel tact.Channel `json:"channel"`
	// At is when the survey would be made; zero means now.
	At time.Time `json:"at,omitzero"`
	// CallerID is the number a phone survey would show.
	CallerID string `json:"caller_id,omitempty"`
}

// Request returns the contact-policy question the ask is, after checking
// that it names its event.
func (a Ask) Request() (contactpolicy.Request, error) {
	r := contactpolicy.Request{CustomerID: a.CustomerID, Purpose: tact.PurposeSurvey, Channel: a.Channel, At: a.At,
		Source: a.Source, CallerID: a.CallerID, Event: a.Event}
	r.Normalize()
	if err := r.Validate(); err != nil {
		return r, err
	}
	if r.Event == "" {
		return r, tact.FieldError(tact.CodeRequired, "event", "a survey is about an event: name it")
	}
	return r, nil
}

// Request is an allowed survey: a vendor was told yes, and the survey is as
// good as made for the policy.
type Request struct {
	ID         string       `json:"id"`
	CustomerID string       `json:"customer_id"`
	Event      string       `json:"event"`
	Source     string       `json:"source"`
	Channel    tact.Channel `json:"channel"`
	// At is when the survey is made.
	At time.Time `json:"at"`
	// DecisionID is the decision that allowed it.
	DecisionID string    `json:"decision_id"`
	CreatedAt  time.Time `json:"created_at"`
}

// Attempt returns the survey as the contact policy counts it: a survey
// contact whose subject is the event.
func (r *Request) Attempt() contactpolicy.Attempt {
	return contactpolicy.Attempt{At: r.At, Channel: r.Channel, Purpose: tact.PurposeSurvey, Source: r.Source, Subject: r.Event}
}

// Store keeps allowed survey requests. Errors: conflict when the customer's
// event already has a survey; anything else is internal.
type Store interface {
	// CreateSurvey stores an allowed survey request with the decision that
	// allowed it, in one transaction: both or neither.
	CreateSurvey(ctx context.Context, r *Request, d *contactpolicy.Record) error
	// FindSurveys returns every survey request of a customer, newest first
	// (a few per year at most).
	FindSurveys(ctx context.Context, customerID string) ([]*Request, error)
}
