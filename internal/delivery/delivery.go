// Package delivery owns what tact sends customers in writing: an email, an
// SMS, a letter or an insert in the next paper bill, each with its status, so
// that "we sent it" can be proven. Every text is checked before it is queued:
// a text to a former customer must be about his own matters, give the free
// support number he can still call and no number he cannot (story 5; the
// rules are in former.go).
package delivery

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// Method is how a delivery travels.
type Method string

// Methods.
const (
	Email      Method = "email"
	SMS        Method = "sms"
	Letter     Method = "letter"
	BillInsert Method = "bill_insert" // printed in the customer's next paper bill (story 2)
)

// Methods lists every method.
var Methods = []Method{Email, SMS, Letter, BillInsert}

// Valid reports whether m is a known method.
func (m Method) Valid() bool { return slices.Contains(Methods, m) }

// MethodFor is the method that carries a text on a written channel (email,
// sms, letter); any other channel has none ("").
func MethodFor(ch tact.Channel) Method {
	if m := Method(ch); m != BillInsert && m.Valid() {
		return m
	}
	return ""
}

// Channel is the channel a delivery by m reaches the customer on, the one his
// consents are recorded for: a bill insert travels in the paper bill, by
// post, so it is a letter.
func (m Method) Channel() tact.Channel {
	if m == BillInsert {
		return tact.ChannelLetter
	}
	return tact.Channel(m)
}

// Kind is what a delivery carries.
type Kind string

// Kinds.
const (
	Apology Kind = "apology" // a late promise: the apology and the new date
	Offer   Kind = "offer"   // an offer in writing
	Notice  Kind = "notice"  // a written notice about a case
	Receipt Kind = "receipt" // a receipt (cancellation, dispute)
	// BestTariff is the yearly best-tariff advice (internal/notice, EECC
	// Art. 105(3)); its time is what the next one is counted from.
	BestTariff Kind = "best_tariff"
	// CommitmentEnd tells a line's commitment is about to end, with the
	// best-tariff advice (internal/notice).
	CommitmentEnd Kind = "commitment_end"
	// Security tells the customer of a change to how he signs in (his
	// space's password set or changed), so that one he did not make does
	// not go unnoticed.
	Security Kind = "security"
)

// Kinds lists every kind.
var Kinds = []Kind{Apology, Offer, Notice, Receipt, BestTariff, CommitmentEnd, Security}

// Status is where a delivery is.
type Status string

// Statuses.
const (
	Queued    Status = "queued"
	Sent      Status = "sent"
	Delivered Status = "delivered"
	Failed    Status = "failed"
)

// Statuses lists every status.
var Statuses = []Status{Queued, Sent, Delivered, Failed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Delivery is one written message to a customer.
type Delivery struct {
	ID           string        `json:"id"`
	CustomerID   string        `json:"customer_id"`
	Kind         Kind          `json:"kind"`
	Method       Method        `json:"method"`
	To           string        `json:"to"`
	Language     tact.Language `json:"language"`
	Subject      string        `json:"subject"`
	Body         string        `json:"body"`
	CaseID       string        `json:"case_id,omitempty"`
	CommitmentID string        `json:"commitment_id,omitempty"`
	// OfferCode is the offer an offer delivery carries: a bill insert is
	// drawn again from it when the bill is printed.
	OfferCode string `json:"offer_code,omitempty"`
	// Key makes a delivery once-only: a second delivery with the same key is
	// the first one (the overdue sweep runs every minute; the apology goes once).
	Key        string     `json:"key"`
	Status     Status     `json:"status"`
	StatusNote string     `json:"status_note,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	SentAt     *time.Time `json:"sent_at,omitempty"`
	UpdatedAt  time.Time  `json:"updated_at"`
}

// Validate checks a delivery before it is queued.
func (d *Delivery) Validate() error {
	switch {
	case d.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "a delivery goes to a customer")
	case !slices.Contains(Kinds, d.Kind):
		return tact.FieldError(tact.CodeInvalid, "kind", "kind %q is not one of apology, offer, notice, receipt, best_tariff, commitment_end, security", d.Kind)
	case !d.Method.Valid():
		return tact.FieldError(tact.CodeInvalid, "method", "method %q is not email, sms, letter or bill_insert", d.Method)
	case strings.TrimSpace(d.To) == "" && d.Method != BillInsert:
		return tact.FieldError(tact.CodeRequired, "to", "a delivery has an address")
	case strings.TrimSpace(d.Body) == "":
		return tact.FieldError(tact.CodeRequired, "body", "a delivery has a text")
	case utf8.RuneCountInString(d.Body) > 20000:
		return tact.FieldError(tact.CodeTooLong, "body", "at most 20000 characters")
	case d.Key == "":
		return tact.FieldError(tact.CodeRequired, "key", "a delivery has a once-only key")
	}
	return nil
}

// Filter selects deliveries, oldest first.
type Filter struct {
	CustomerID   string
	CommitmentID string
	Status       Status
	Method       Method
	After        tact.Cursor
	Limit        int
}

// Store keeps deliveries. Errors: not_found for a missing delivery; anything
// else is internal.
type Store interface {
	// CreateDelivery stores d unless a delivery with the same key exists: then
	// it stores nothing and returns that one with created false.
	CreateDelivery(ctx context.Context, d *Delivery) (stored *Delivery, created bool, err error)
	// FindDeliveryByID returns one delivery.
	FindDeliveryByID(ctx context.Context, id string) (*Delivery, error)
	// FindDeliveries returns deliveries matching f, by created_at then id.
	FindDeliveries(ctx context.Context, f Filter) ([]*Delivery, error)
	// UpdateDeliveryStatus sets a delivery's status, note and sent time.
	UpdateDeliveryStatus(ctx context.Context, id string, status Status, note string, sentAt *time.Time, now time.Time) error
}
