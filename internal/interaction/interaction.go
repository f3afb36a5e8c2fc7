// Package interaction owns the record of every contact with a customer, on every
// channel, in both directions: who reached whom, why, showing which number, and
// how it ended. Operator systems report contacts with an external id; a retry
// of the same report is recognised and stored once.
package interaction

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Direction says who started the contact.
type Direction string

// Directions.
const (
	Inbound  Direction = "inbound"  // the customer reached the operator
	Outbound Direction = "outbound" // the operator, or a subcontractor, reached the customer
)

// Outcome is how a contact ended. Refusals and unanswered calls are recorded
// too: the contact policy counts attempts, not only conversations.
type Outcome string

// Outcomes.
const (
	Completed Outcome = "completed" // a conversation took place, or the customer's request was handled
	Delivered Outcome = "delivered" // a message or letter reached the customer
	NoAnswer  Outcome = "no_answer"
	Busy      Outcome = "busy"
	Voicemail Outcome = "voicemail" // a message was left
	Refused   Outcome = "refused"   // the customer refused the contact or the offer
	Failed    Outcome = "failed"    // not delivered: bounce, wrong number
)

var outcomes = []Outcome{Completed, Delivered, NoAnswer, Busy, Voicemail, Refused, Failed}

// CallerIDWithheld records that an outbound call showed no number. It is stored
// as it happened (story 5); the contact policy is what forbids it.
const CallerIDWithheld = "withheld"

// Interaction is one contact with a customer.
type Interaction struct {
	ID         string       `json:"id"`
	CustomerID string       `json:"customer_id"`
	Channel    tact.Channel `json:"channel"`
	Direction  Direction    `json:"direction"`
	Purpose    tact.Purpose `json:"purpose"`
	// Subject is a short topic, e.g. "contract_adaptation", that promises and
	// campaigns match on.
	Subject string `json:"subject,omitempty"`
	// Source is the system or company that made or took the contact: the
	// dialer, a subcontractor's call centre, a survey vendor.
	Source string `json:"source"`
	// ExternalID is the source's own id for the contact; with Source it makes
	// a report idempotent.
	ExternalID string `json:"external_id,omitempty"`
	// Actor is the agent or advisor, as the source names them.
	Actor string `json:"actor,omitempty"`
	// CallerID is, on an outbound call or SMS, the number the customer saw (E.164,
	// or "withheld"); on an inbound one, the number the customer used.
	CallerID  string     `json:"caller_id,omitempty"`
	StartedAt time.Time  `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	Summary   string     `json:"summary,omitempty"`
	Outcome   Outcome    `json:"outcome"`
	// CaseID links the contact to the case it was about.
	CaseID string `json:"case_id,omitempty"`
	// DecisionID is the contact decision the contact was made under (an
	// outbound contact asks first); empty when none was asked for.
	DecisionID string    `json:"decision_id,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Unasked reports whether i is an outbound contact made without asking for a
// contact decision.
func (i *Interaction) Unasked() bool { return i.Direction == Outbound && i.DecisionID == "" }

// futureSkew is how far ahead of tact's clock a reported contact may start:
// other systems' clocks drift.
const futureSkew = 5 * time.Minute

// Normalize tidies free text and writes a caller id in E.164 (read in the
// customer's numbering plan region).
func (i *Interaction) Normalize(region string) error {
	i.Source = strings.TrimSpace(i.Source)
	i.ExternalID = strings.TrimSpace(i.ExternalID)
	i.Subject = strings.TrimSpace(i.Subject)
	i.Actor = strings.TrimSpace(i.Actor)
	i.Summary = strings.TrimSpace(i.Summary)
	i.CallerID = strings.TrimSpace(i.CallerID)
	i.DecisionID = strings.TrimSpace(i.DecisionID)
	if i.CallerID != "" && i.CallerID != CallerIDWithheld {
		n, _, err := customer.NormalizePhone(i.CallerID, region)
		if err != nil {
			return tact.Prefix("caller_id", err)
		}
		i.CallerID = n
	}
	return nil
}

// Validate checks a normalized interaction against the time now.
func (i *Interaction) Validate(now time.Time) error {
	switch {
	case i.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "an interaction is with a customer")
	case !i.Channel.Valid():
		return tact.FieldError(tact.CodeInvalid, "channel", "channel %q is not one of phone, sms, email, letter, chat, web, app, shop", i.Channel)
	case i.Direction != Inbound && i.Direction != Outbound:
		return tact.FieldError(tact.CodeInvalid, "direction", "direction %q is not inbound or outbound", i.Direction)
	case !i.Purpose.Valid():
		return tact.FieldError(tact.CodeInvalid, "purpose", "purpose %q is not one of sales, service, billing, collection, survey, incident, cancellation, legal", i.Purpose)
	case i.Source == "":
		return tact.FieldError(tact.CodeRequired, "source", "say which system or company made the contact")
	case !validToken(i.Source, 64):
		return tact.FieldError(tact.CodeInvalid, "source", "a source is up to 64 letters, digits, '-', '_' or '.'")
	case utf8.RuneCountInString(i.ExternalID) > 128:
		return tact.FieldError(tact.CodeTooLong, "external_id", "at most 128 characters")
	case utf8.RuneCountInString(i.Subject) > 64:
		return tact.FieldError(tact.CodeTooLong, "subject", "at most 64 characters")
	case utf8.RuneCountInString(i.Actor) > 100:
		return tact.FieldError(tact.CodeTooLong, "actor", "at most 100 characters")
	case utf8.RuneCountInString(i.Summary) > 4000:
		return tact.FieldError(tact.CodeTooLong, "summary", "at most 4000 characters")
	case utf8.RuneCountInString(i.CaseID) > 64:
		return tact.FieldError(tact.CodeTooLong, "case_id", "at most 64 characters")
	case utf8.RuneCountInString(i.DecisionID) > 64:
		return tact.FieldError(tact.CodeTooLong, "decision_id", "at most 64 characters")
	case i.StartedAt.IsZero():
		return tact.FieldError(tact.CodeRequired, "started_at", "when did the contact start?")
	case i.StartedAt.After(now.Add(futureSkew)):
		return tact.FieldError(tact.CodeInvalid, "started_at", "a contact cannot start in the future")
	case i.EndedAt != nil && i.EndedAt.Before(i.StartedAt):
		return tact.FieldError(tact.CodeInvalid, "ended_at", "a contact cannot end before it starts")
	}
	return i.validateOutcome()
}

// validateOutcome keeps outcomes true to their channel, and makes an outbound
// call or SMS say which number the customer saw.
func (i *Interaction) validateOutcome() error {
	if !oneOf(i.Outcome, outcomes) {
		return tact.FieldError(tact.CodeInvalid, "outcome", "outcome %q is not one of completed, delivered, no_answer, busy, voicemail, refused, failed", i.Outcome)
	}
	phone := i.Channel == tact.ChannelPhone
	switch i.Outcome {
	case NoAnswer, Busy, Voicemail:
		if !phone {
			return tact.FieldError(tact.CodeInvalid, "outcome", "%s is an outcome of a phone call", i.Outcome)
		}
	case Delivered:
		if phone || i.Direction != Outbound {
			return tact.FieldError(tact.CodeInvalid, "outcome", "delivered is the outcome of an outbound message or letter")
		}
	}
	if i.Direction == Outbound && (phone || i.Channel == tact.ChannelSMS) && i.CallerID == "" {
		return tact.FieldError(tact.CodeRequired, "caller_id", "an outbound call or SMS records the number shown, or %q", CallerIDWithheld)
	}
	return nil
}

// SameReport reports whether a and b describe the same contact, so that a retry
// carrying the same (source, external_id) but other facts is told apart from a
// true retry.
func SameReport(a, b *Interaction) bool {
	endA, endB := time.Time{}, time.Time{}
	if a.EndedAt != nil {
		endA = *a.EndedAt
	}
	if b.EndedAt != nil {
		endB = *b.EndedAt
	}
	return a.CustomerID == b.CustomerID && a.Channel == b.Channel && a.Direction == b.Direction &&
		a.Purpose == b.Purpose && a.Subject == b.Subject && a.Actor == b.Actor && a.CallerID == b.CallerID &&
		a.StartedAt.Equal(b.StartedAt) && endA.Equal(endB) && a.Summary == b.Summary &&
		a.Outcome == b.Outcome && a.CaseID == b.CaseID && a.DecisionID == b.DecisionID
}

func validToken(s string, max int) bool {
	if len(s) > max {
		return false
	}
	return strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == ""
}

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// Filter selects a customer's interactions, newest first.
type Filter struct {
	// CustomerID is the customer whose interactions are listed; with
	// Unasked, "" lists every customer's.
	CustomerID string
	// CaseID, when set, keeps the interactions about that case.
	CaseID string
	// Unasked keeps the outbound contacts made without a contact decision.
	Unasked bool
	// Before is the last interaction already seen (by started_at, id).
	Before tact.Cursor
	Limit  int
}

// Store keeps interactions. Errors: not_found for a missing interaction or
// customer; anything else is internal.
type Store interface {
	// CreateInteraction stores i. If an interaction with the same source and
	// external id exists, it stores nothing and returns that one with created
	// false; concurrent reports of one contact store it once.
	CreateInteraction(ctx context.Context, i *Interaction) (stored *Interaction, created bool, err error)
	// FindInteractionByID returns one interaction.
	FindInteractionByID(ctx context.Context, id string) (*Interaction, error)
	// FindInteractions returns a customer's interactions newest first.
	FindInteractions(ctx context.Context, f Filter) ([]*Interaction, error)
	// FindOutbound returns up to limit of a customer's outbound contacts
	// started at or after since, newest first: the attempts the contact
	// policy counts.
	FindOutbound(ctx context.Context, customerID string, since time.Time, limit int) ([]*Interaction, error)
	// ImportInteractions stores many validated interactions at once (bulk
	// loads), all or nothing.
	ImportInteractions(ctx context.Context, list []*Interaction) error
}
