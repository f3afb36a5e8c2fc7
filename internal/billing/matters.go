package billing

import (
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// CreditStatus is where a credit note is.
type CreditStatus string

// Credit note statuses: pending until the billing system applies it to a
// bill or refunds it.
const (
	CreditPending  CreditStatus = "pending"
	CreditApplied  CreditStatus = "applied"
	CreditRefunded CreditStatus = "refunded"
)

// CreditStatuses lists every status of a credit note.
var CreditStatuses = []CreditStatus{CreditPending, CreditApplied, CreditRefunded}

// Valid reports whether s is a known status.
func (s CreditStatus) Valid() bool { return slices.Contains(CreditStatuses, s) }

// CreditNote is money owed to the customer: pending until applied to a bill
// or refunded. A pending credit is netted before any dunning step.
type CreditNote struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// BillID is the bill it corrects, "" for a goodwill gesture.
	BillID string `json:"bill_id,omitempty"`
	// DisputeID is the dispute it settles, when it comes from one.
	DisputeID string `json:"dispute_id,omitempty"`
	// CommitmentID is the promise to refund it, kept when it is refunded:
	// the balance a final bill leaves in the customer's favour
	// (lifecycle.RuleRefundDelay).
	CommitmentID string       `json:"commitment_id,omitempty"`
	Amount       tact.Money   `json:"amount"`
	Reason       string       `json:"reason"`
	Status       CreditStatus `json:"status"`
	Version      int          `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// Validate checks a new credit note in currency cur.
func (c *CreditNote) Validate(cur tact.Currency) error {
	c.Reason = strings.TrimSpace(c.Reason)
	switch {
	case c.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "a credit note is a customer's")
	case c.Amount.Cents <= 0 || c.Amount.Currency != cur:
		return tact.FieldError(tact.CodeInvalid, "amount", "a positive amount in %s", cur)
	case c.Reason == "" || len(c.Reason) > maxReason:
		return tact.FieldError(tact.CodeRequired, "reason", "say why, in at most %d characters: the customer reads it", maxReason)
	}
	return nil
}

// Settle moves a pending credit note to applied or refunded.
func (c *CreditNote) Settle(to CreditStatus) error {
	if c.Status != CreditPending || (to != CreditApplied && to != CreditRefunded) {
		return tact.Errorf(tact.CodeInvalidTransition, "a %s credit note does not become %s", c.Status, to)
	}
	c.Status = to
	return nil
}

// Dispute is the customer contesting a line of a bill: the line's amount is
// frozen for dunning while it is open.
type Dispute struct {
	ID         string `json:"id"`
	BillID     string `json:"bill_id"`
	CustomerID string `json:"customer_id"`
	// Line is the index of the line disputed in the bill; Amount its amount.
	Line   int        `json:"line"`
	Amount tact.Money `json:"amount"`
	Reason string     `json:"reason"`
	Open   bool       `json:"open"`
	// CaseID is the case opened to handle it; CreditNoteID the credit note
	// issued at once for a third-party line.
	CaseID       string    `json:"case_id,omitempty"`
	CreditNoteID string    `json:"credit_note_id,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	// Resolution is how the dispute ended, in words the customer may read;
	// ResolvedAt when. Both are set once, when it stops being open.
	Resolution string     `json:"resolution,omitempty"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
}

// ResolveDispute ends an open dispute with its resolution (the charge
// upheld, or credited): its amount is no longer frozen for dunning, and it
// no longer holds sales and dunning contacts. A dispute is resolved once.
func ResolveDispute(d *Dispute, resolution string, at time.Time) error {
	resolution = strings.TrimSpace(resolution)
	switch {
	case !d.Open:
		return tact.Errorf(tact.CodeInvalidTransition, "dispute %s is already resolved", d.ID)
	case resolution == "" || len(resolution) > maxReason:
		return tact.FieldError(tact.CodeRequired, "resolution", "say how the dispute ended, in at most %d characters: the customer reads it", maxReason)
	}
	at = at.UTC()
	d.Open, d.Resolution, d.ResolvedAt = false, resolution, &at
	return nil
}

// OpenDispute contests line of b: the bill must have left (validated, sent,
// partially paid, settled or already disputed), the line be a charge not
// already disputed. The bill becomes disputed. For a third-party line it
// returns true: the charge is credited at once and third-party billing
// switched off (story 1: one click, and it stops).
func OpenDispute(b *Bill, line int, why string, open []Dispute) (Dispute, Event, bool, error) {
	why, err := reason(why)
	if err != nil {
		return Dispute{}, Event{}, false, err
	}
	switch {
	case !b.Status.Left():
		return Dispute{}, Event{}, false, tact.Errorf(tact.CodeInvalidTransition, "a bill that has not left (%s) is not disputed: it is still reviewed", b.Status)
	case line < 0 || line >= len(b.Lines):
		return Dispute{}, Event{}, false, tact.FieldError(tact.CodeInvalid, "line", "the bill has lines 0 to %d", len(b.Lines)-1)
	case b.Lines[line].Amount.Cents <= 0:
		return Dispute{}, Event{}, false, tact.FieldError(tact.CodeInvalid, "line", "line %d is a credit: nothing to dispute", line)
	case slices.ContainsFunc(open, func(d Dispute) bool { return d.Open && d.Line == line }):
		return Dispute{}, Event{}, false, tact.FieldError(tact.CodeConflict, "line", "line %d is already disputed", line)
	}
	from := b.Status
	b.Status = Disputed
	l := b.Lines[line]
	d := Dispute{BillID: b.ID, CustomerID: b.CustomerID, Line: line, Amount: l.Amount, Reason: why, Open: true}
	return d, Event{Kind: DisputeOpened, From: from, To: Disputed, Reason: why}, l.Kind == ThirdParty, nil
}

// Frozen is the amount of b under open disputes, in cents.
func Frozen(disputes []Dispute) int64 {
	var n int64
	for _, d := range disputes {
		if d.Open {
			n += d.Amount.Cents
		}
	}
	return n
}

// Pending is the sum of a customer's pending credit notes, in cents,
// netted before a dunning step; a credit issued for one of disputes still
// open is left out: it settles an amount Frozen already keeps out of the
// claim, and would otherwise be netted twice.
func Pending(notes []*CreditNote, disputes []Dispute) int64 {
	open := map[string]bool{}
	for _, d := range disputes {
		open[d.ID] = d.Open
	}
	var n int64
	for _, c := range notes {
		if c.Status == CreditPending && !(c.DisputeID != "" && open[c.DisputeID]) {
			n += c.Amount.Cents
		}
	}
	return n
}

// DunningRecord is a dunning decision as stored for audit.
type DunningRecord struct {
	ID     string `json:"id"`
	BillID string `json:"bill_id"`
	Step   Step   `json:"step"`
	DunningDecision
	Actor     tact.Actor `json:"actor"`
	DecidedAt time.Time  `json:"decided_at"`
}
