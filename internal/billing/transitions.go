package billing

import (
	"strings"

	"github.com/tactcrm/tact/internal/tact"
)

// maxReason bounds the reason a person gives for a change of a bill.
const maxReason = 500

// reason checks the reason a person gives: a held bill is released or
// adjusted only with one, which the audit keeps.
func reason(r string) (string, error) {
	r = strings.TrimSpace(r)
	if r == "" || len(r) > maxReason {
		return "", tact.FieldError(tact.CodeRequired, "reason", "say why, in at most %d characters: the audit keeps it", maxReason)
	}
	return r, nil
}

// Release lets a held bill go: on_hold → validated, with the reason a
// supervisor gives (the findings stay on the bill).
func Release(b *Bill, why string) (Event, error) {
	why, err := reason(why)
	if err != nil {
		return Event{}, err
	}
	if b.Status != OnHold {
		return Event{}, tact.Errorf(tact.CodeInvalidTransition, "only a held bill is released; this one is %s", b.Status)
	}
	b.Status = Validated
	return Event{Kind: Released, From: OnHold, To: Validated, Reason: why}, nil
}

// Adjust replaces the lines of a bill that has not left (new, on_hold or
// validated) and reviews it again: a supervisor corrects the €149,000 line
// and the bill is judged anew. The total becomes the lines' sum.
func Adjust(b *Bill, lines []Line, why string, f Facts, rules Rules) (Event, error) {
	why, err := reason(why)
	if err != nil {
		return Event{}, err
	}
	if b.Status != New && b.Status != OnHold && b.Status != Validated {
		return Event{}, tact.Errorf(tact.CodeInvalidTransition, "a bill that has left (%s) is not adjusted: issue a credit note", b.Status)
	}
	from := b.Status
	next := *b
	next.Lines = lines
	next.Total.Cents = Sum(lines)
	if err := next.Validate(b.Total.Currency); err != nil {
		return Event{}, err
	}
	r := ReviewBill(&next, f, rules)
	next.Review = &r
	*b = next
	return Event{Kind: Adjusted, From: from, To: b.Status, Reason: why}, nil
}

// Report records what the billing system says of a bill: sent, partially
// paid, or settled, with what has been paid. A held bill cannot be sent;
// a bill is settled when paid in full.
func Report(b *Bill, to Status, paid int64) (Event, error) {
	allowed := map[Status][]Status{
		Validated:     {Sent},
		Sent:          {PartiallyPaid, Settled},
		PartiallyPaid: {PartiallyPaid, Settled},
		Disputed:      {PartiallyPaid, Settled},
	}
	ok := false
	for _, s := range allowed[b.Status] {
		ok = ok || s == to
	}
	// A bill in the customer's favour (a final bill refunding credits) asks
	// for nothing: nothing is paid on it, and it is settled as it is.
	due := max(b.Total.Cents, 0)
	switch {
	case !ok:
		return Event{}, tact.Errorf(tact.CodeInvalidTransition, "a %s bill does not become %s", b.Status, to)
	case paid < 0 || paid > due:
		return Event{}, tact.FieldError(tact.CodeInvalid, "paid", "from 0 to the total")
	case to == Settled && paid != due:
		return Event{}, tact.FieldError(tact.CodeInvalid, "paid", "a settled bill is paid in full")
	case to == PartiallyPaid && (paid == 0 || paid == due):
		return Event{}, tact.FieldError(tact.CodeInvalid, "paid", "a partly paid bill is paid in part")
	}
	from := b.Status
	b.Status, b.Paid.Cents = to, paid
	return Event{Kind: StatusReported, From: from, To: to}, nil
}
