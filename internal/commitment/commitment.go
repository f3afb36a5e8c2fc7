// Package commitment owns the promises made to customers. "I will send you the
// offer by Friday" becomes a commitment with an owner and a due date (story 2);
// it is kept with evidence, or cancelled with a reason the customer is told,
// or it falls overdue: then it is escalated, and the customer receives an
// apology with a new date, once.
package commitment

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/tact"
)

// Kind is what was promised.
type Kind string

// Kinds.
const (
	SendOffer   Kind = "send_offer"
	CallBack    Kind = "call_back"
	IssueCredit Kind = "issue_credit"
	Fix         Kind = "fix"
	SendLetter  Kind = "send_letter"
	Other       Kind = "other"
)

// Kinds lists every kind.
var Kinds = []Kind{SendOffer, CallBack, IssueCredit, Fix, SendLetter, Other}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Status is where a promise stands.
type Status string

// Statuses: pending until kept or cancelled; overdue once its due date passed
// without either (a broken promise, still to keep).
const (
	Pending   Status = "pending"
	Overdue   Status = "overdue"
	Kept      Status = "kept"
	Cancelled Status = "cancelled"
)

// Statuses lists every status.
var Statuses = []Status{Pending, Overdue, Kept, Cancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether a promise in status s is still to keep.
func (s Status) Open() bool { return s == Pending || s == Overdue }

// EvidenceKind is what proves a promise kept.
type EvidenceKind string

// Evidence kinds.
const (
	EvidenceDelivery    EvidenceKind = "delivery"    // the email, letter or bill insert that carried it
	EvidenceInteraction EvidenceKind = "interaction" // the call that was made
	EvidenceCreditNote  EvidenceKind = "credit_note" // the credit that was issued
)

// Evidence points at the record that shows a promise kept.
type Evidence struct {
	Kind EvidenceKind `json:"kind"`
	ID   string       `json:"id"`
}

// Slot is the window the customer chose for a call back.
type Slot struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Commitment is a promise made to a customer.
type Commitment struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	CaseID     string `json:"case_id,omitempty"`
	Kind       Kind   `json:"kind"`
	// Subject is the topic, e.g. "contract_adaptation": while a promise on a
	// subject is pending, no campaign calls the customer about it (story 2).
	Subject string `json:"subject"`
	// Words are what the customer was told, as they were told it.
	Words   string       `json:"words"`
	Channel tact.Channel `json:"channel"`
	Due     time.Time    `json:"due"`
	// Slot is the call-back window the customer chose (kind call_back).
	Slot    *Slot  `json:"slot,omitempty"`
	OwnerID string `json:"owner_id"`
	Status  Status `json:"status"`

	KeptAt       *time.Time `json:"kept_at,omitempty"`
	Evidence     *Evidence  `json:"evidence,omitempty"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty"`
	CancelReason string     `json:"cancel_reason,omitempty"`
	// OverdueAt is when the sweep found it past due; EscalatedTo the
	// supervisor it went to; NewDue the date the apology promised.
	OverdueAt   *time.Time `json:"overdue_at,omitempty"`
	EscalatedTo string     `json:"escalated_to,omitempty"`
	NewDue      *time.Time `json:"new_due,omitempty"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// KeptLate reports whether the promise was kept after its due date.
func (c *Commitment) KeptLate() bool { return c.KeptAt != nil && c.KeptAt.After(c.Due) }

// Draft is what making a promise takes.
type Draft struct {
	CustomerID string       `json:"customer_id"`
	CaseID     string       `json:"case_id,omitempty"`
	Kind       Kind         `json:"kind"`
	Subject    string       `json:"subject"`
	Words      string       `json:"words"`
	Channel    tact.Channel `json:"channel"`
	Due        time.Time    `json:"due"`
	Slot       *Slot        `json:"slot,omitempty"`
	OwnerID    string       `json:"owner_id"`
}

// maxHorizon is how far ahead a promise may be due: a promise for next year is
// not one a customer can hold the operator to.
const maxHorizon = 366 * 24 * time.Hour

// Make validates a draft and returns the promise, pending, with its event. A
// call back is due at the end of the slot the customer chose.
func Make(d Draft, now time.Time) (*Commitment, []Event, error) {
	d.Subject = strings.TrimSpace(d.Subject)
	d.Words = strings.TrimSpace(d.Words)
	if d.Kind == CallBack && d.Slot != nil && d.Due.IsZero() {
		d.Due = d.Slot.To
	}
	switch {
	case d.CustomerID == "":
		return nil, nil, tact.FieldError(tact.CodeRequired, "customer_id", "a promise is made to a customer")
	case !d.Kind.Valid():
		return nil, nil, tact.FieldError(tact.CodeInvalid, "kind", "kind %q is not one of send_offer, call_back, issue_credit, fix, send_letter, other", d.Kind)
	case d.Subject == "" || !validSubject(d.Subject):
		return nil, nil, tact.FieldError(tact.CodeInvalid, "subject", "a subject is a short code of letters, digits and '_', e.g. contract_adaptation")
	case d.Words == "":
		return nil, nil, tact.FieldError(tact.CodeRequired, "words", "write what the customer was told, as it was said")
	case utf8.RuneCountInString(d.Words) > 2000:
		return nil, nil, tact.FieldError(tact.CodeTooLong, "words", "at most 2000 characters")
	case !d.Channel.Outbound():
		return nil, nil, tact.FieldError(tact.CodeInvalid, "channel", "a promise is kept by phone, sms, email or letter, not %q", d.Channel)
	case d.OwnerID == "":
		return nil, nil, tact.FieldError(tact.CodeRequired, "owner_id", "a promise has an owner who keeps it")
	case d.Kind == CallBack && d.Slot == nil:
		return nil, nil, tact.FieldError(tact.CodeRequired, "slot", "a call back carries the slot the customer chose")
	case d.Slot != nil && !d.Slot.To.After(d.Slot.From):
		return nil, nil, tact.FieldError(tact.CodeInvalid, "slot", "a slot ends after it starts")
	case d.Due.IsZero():
		return nil, nil, tact.FieldError(tact.CodeRequired, "due", "a promise has a due date")
	case !d.Due.After(now):
		return nil, nil, tact.FieldError(tact.CodeInvalid, "due", "a promise is due in the future")
	case d.Due.After(now.Add(maxHorizon)):
		return nil, nil, tact.FieldError(tact.CodeInvalid, "due", "a promise is due within a year")
	}
	c := &Commitment{CustomerID: d.CustomerID, CaseID: d.CaseID, Kind: d.Kind, Subject: d.Subject, Words: d.Words,
		Channel: d.Channel, Due: d.Due.UTC().Truncate(tact.Resolution), Slot: d.Slot, OwnerID: d.OwnerID, Status: Pending,
		CreatedAt: now, UpdatedAt: now}
	return c, []Event{{Kind: EventMade, ToStatus: Pending}}, nil
}

func validSubject(s string) bool {
	return len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == ""
}

// Keep records the promise kept, with its evidence. An overdue promise can
// still be kept: late, and said so.
func (c *Commitment) Keep(ev Evidence, now time.Time) ([]Event, error) {
	if !c.Status.Open() {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "promise %s is %s", c.ID, c.Status)
	}
	if ev.Kind != EvidenceDelivery && ev.Kind != EvidenceInteraction && ev.Kind != EvidenceCreditNote {
		return nil, tact.FieldError(tact.CodeInvalid, "evidence.kind", "evidence is a delivery, an interaction or a credit_note")
	}
	if strings.TrimSpace(ev.ID) == "" {
		return nil, tact.FieldError(tact.CodeRequired, "evidence.id", "name the record that shows the promise kept")
	}
	from := c.Status
	c.Status, c.KeptAt, c.Evidence, c.UpdatedAt = Kept, &now, &ev, now
	return []Event{{Kind: EventKept, FromStatus: from, ToStatus: Kept,
		Detail: map[string]string{"evidence_kind": string(ev.Kind), "evidence_id": ev.ID, "late": onOff(c.KeptLate())}}}, nil
}

// Cancel withdraws the promise with the reason the customer is told.
func (c *Commitment) Cancel(reason string, now time.Time) ([]Event, error) {
	if !c.Status.Open() {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "promise %s is %s", c.ID, c.Status)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, tact.FieldError(tact.CodeRequired, "reason", "say why, in the words the customer will read")
	}
	if utf8.RuneCountInString(reason) > 2000 {
		return nil, tact.FieldError(tact.CodeTooLong, "reason", "at most 2000 characters")
	}
	from := c.Status
	c.Status, c.CancelledAt, c.CancelReason, c.UpdatedAt = Cancelled, &now, reason, now
	return []Event{{Kind: EventCancelled, Text: reason, FromStatus: from, ToStatus: Cancelled}}, nil
}

// ApologyDelay is how many business days after the sweep the apology's new
// date falls: time enough to do what was promised, short enough to mean it.
const ApologyDelay = 2

// FallOverdue is the overdue rule: a pending promise whose due date has
// passed becomes overdue, goes to a supervisor, and gets a new date ApologyDelay
// business days ahead in the customer's calendar, which the apology states.
// It does nothing to a promise that is not pending or not yet due, so a sweep
// run twice changes nothing twice. Source: DESIGN §1 story 2.
func (c *Commitment) FallOverdue(now time.Time, supervisorID string, cal *calendar.Calendar, loc *time.Location) []Event {
	if c.Status != Pending || now.Before(c.Due) {
		return nil
	}
	newDue := cal.AddBusinessDays(now, loc, ApologyDelay)
	c.Status, c.OverdueAt, c.EscalatedTo, c.NewDue, c.UpdatedAt = Overdue, &now, supervisorID, &newDue, now
	return []Event{{Kind: EventOverdue, FromStatus: Pending, ToStatus: Overdue,
		Detail: map[string]string{"escalated_to": supervisorID, "new_due": newDue.Format(time.RFC3339)}}}
}

func onOff(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// EventKind names a change to a promise.
type EventKind string

// Event kinds.
const (
	EventMade      EventKind = "made"
	EventKept      EventKind = "kept"
	EventCancelled EventKind = "cancelled"
	EventOverdue   EventKind = "overdue"
)

// Event is one change to a promise, shown on the customer's timeline.
type Event struct {
	ID           string            `json:"id"`
	CommitmentID string            `json:"commitment_id"`
	CustomerID   string            `json:"customer_id"`
	At           time.Time         `json:"at"`
	Actor        tact.Actor        `json:"actor"`
	Kind         EventKind         `json:"kind"`
	Text         string            `json:"text,omitempty"`
	FromStatus   Status            `json:"from_status,omitempty"`
	ToStatus     Status            `json:"to_status,omitempty"`
	Detail       map[string]string `json:"detail,omitempty"`
}

// Stamp gives each event its id, promise, customer, time and actor.
func Stamp(evs []Event, c *Commitment, at time.Time, actor tact.Actor, ids *tact.IDGen) {
	for i := range evs {
		evs[i].ID = ids.New(tact.PrefixPromiseEvent)
		evs[i].CommitmentID, evs[i].CustomerID, evs[i].At, evs[i].Actor = c.ID, c.CustomerID, at, actor
	}
}

// Filter selects promises, soonest due first.
type Filter struct {
	CustomerID string
	OwnerID    string
	CaseID     string
	Status     Status
	// OpenOnly keeps pending and overdue promises.
	OpenOnly bool
	// DueBefore keeps promises due before it.
	DueBefore time.Time
	After     tact.Cursor
	Limit     int
}

// Store keeps promises and their events. Errors: not_found for a missing
// promise; precondition_failed when an update's version is no longer current;
// anything else is internal.
type Store interface {
	// CreateCommitment stores a new promise at version 1 with its events.
	CreateCommitment(ctx context.Context, c *Commitment, events []Event) error
	// FindCommitmentByID returns one promise.
	FindCommitmentByID(ctx context.Context, id string) (*Commitment, error)
	// FindCommitments returns promises matching f, by due date then id.
	FindCommitments(ctx context.Context, f Filter) ([]*Commitment, error)
	// UpdateCommitment stores c if its version is still c.Version, moves it to
	// c.Version+1 (in place), and appends the events, in one transaction.
	UpdateCommitment(ctx context.Context, c *Commitment, events []Event) error
}
