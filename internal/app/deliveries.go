package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tactcrm/tact/internal/mail"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// Deliveries is the service over written messages to customers.
type Deliveries struct {
	service
	store       delivery.Store
	customers   customer.Store
	cases       cases.Store
	commitments commitment.Store
	operator    tact.Operator
	// mailer sends email; printQueue is the folder letters are written to
	// ("" when letters cannot be sent).
	mailer     mail.Sender
	printQueue string
}

// Written is a document a delivery carries: its HTML (an email's body)
// and its PDF (an email's attachment, a letter).
type Written struct {
	HTML    string
	PDF     []byte
	PDFName string
}

// Dispatch sends a queued email or letter with its document: an email
// through the mailer, the HTML as its body beside the delivery's text and
// the PDF attached (an email with no document is its text alone); a letter
// as the PDF into the print queue. The delivery is recorded sent, or failed
// with the reason, and a failure is answered as delivery_failed naming it.
func (s *Deliveries) Dispatch(ctx context.Context, d *delivery.Delivery, doc Written) (*delivery.Delivery, error) {
	var note string
	var err error
	switch d.Method {
	case delivery.Email:
		var files []mail.Attachment
		if len(doc.PDF) > 0 {
			files = []mail.Attachment{{Name: doc.PDFName, ContentType: "application/pdf", Data: doc.PDF}}
		}
		err = s.mailer.Send(ctx, mail.Message{To: d.To, Subject: d.Subject, Text: d.Body, HTML: doc.HTML, Language: string(d.Language), ID: d.ID,
			Attachments: files})
		note = "accepted by the mail server"
	case delivery.Letter:
		note, err = s.print(d.ID, doc.PDF)
	default:
		return nil, tact.Errorf(tact.CodeInvalid, "a %s delivery is not dispatched with a document", d.Method)
	}
	if err != nil {
		if _, serr := s.SetStatus(ctx, d.ID, delivery.Failed, err.Error()); serr != nil {
			return nil, serr
		}
		return nil, tact.Errorf(tact.CodeDeliveryFailed, "delivery %s failed: %v", d.ID, err)
	}
	return s.SetStatus(ctx, d.ID, delivery.Sent, note)
}

// print writes a letter's PDF into the print queue as <delivery id>.pdf,
// through a temporary file renamed into place, so the print shop never
// collects half a file.
func (s *Deliveries) print(id string, pdf []byte) (string, error) {
	if s.printQueue == "" {
		return "", fmt.Errorf("no print queue is configured (--print-queue)")
	}
	if err := os.MkdirAll(s.printQueue, 0o750); err != nil {
		return "", err
	}
	path := filepath.Join(s.printQueue, id+".pdf")
	tmp := path + ".part"
	if err := os.WriteFile(tmp, pdf, 0o640); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	return "in the print queue: " + path, nil
}

// Queue checks a delivery and queues it, once per key: a delivery queued again
// with the same key returns the first. It is the one way a delivery is made
// (Write, the offers' Send and every text tact writes come through it), so
// the rules for a text to a former customer (delivery.CheckFormerCustomerText:
// his own matters only, no sales without his opt-in, no subscriber-only
// number, the free support number given) hold for all of them (story 5).
// The case or promise a delivery names must be the customer's.
func (s *Deliveries) Queue(ctx context.Context, d delivery.Delivery) (*delivery.Delivery, bool, error) {
	c, err := s.customers.FindCustomerByID(ctx, d.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, false, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", d.CustomerID)
	}
	if err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	d.ID, d.Status, d.CreatedAt, d.UpdatedAt = s.ids.New(tact.PrefixDelivery), delivery.Queued, now, now
	if d.Language == "" {
		d.Language = c.Language
	}
	if err := d.Validate(); err != nil {
		return nil, false, err
	}
	if err := s.checkMatters(ctx, &d); err != nil {
		return nil, false, err
	}
	if err := delivery.CheckFormerCustomerText(&d, c, s.operator); err != nil {
		return nil, false, err
	}
	return s.store.CreateDelivery(ctx, &d)
}

// checkMatters refuses a delivery whose case or promise is not its
// customer's: the former-customer rules take a named matter as his, and a
// text about another customer's matter is a leak whoever receives it.
func (s *Deliveries) checkMatters(ctx context.Context, d *delivery.Delivery) error {
	if d.CaseID != "" {
		k, err := s.cases.FindCaseByID(ctx, d.CaseID)
		if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
			return err
		}
		if k == nil || k.CustomerID != d.CustomerID {
			return tact.FieldError(tact.CodeInvalid, "case_id", "case %q is not one of this customer's", d.CaseID)
		}
	}
	if d.CommitmentID != "" {
		p, err := s.commitments.FindCommitmentByID(ctx, d.CommitmentID)
		if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
			return err
		}
		if p == nil || p.CustomerID != d.CustomerID {
			return tact.FieldError(tact.CodeInvalid, "commitment_id", "promise %q is not one of this customer's", d.CommitmentID)
		}
	}
	return nil
}

// Get returns one delivery.
func (s *Deliveries) Get(ctx context.Context, id string) (*delivery.Delivery, error) {
	if !tact.HasPrefix(id, tact.PrefixDelivery) {
		return nil, tact.NotFound("delivery", id)
	}
	return s.store.FindDeliveryByID(ctx, id)
}

// List returns a page of deliveries, oldest first: the sending systems read
// the queued ones in order.
func (s *Deliveries) List(ctx context.Context, f delivery.Filter, cursor string) ([]*delivery.Delivery, string, error) {
	after, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not queued, sent, delivered or failed", f.Status)
	}
	f.After, f.Limit = after, tact.PageSize(f.Limit)
	list, err := s.store.FindDeliveries(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{At: last.CreatedAt, ID: last.ID}.Encode(), nil
}

// SetStatus records what became of a delivery: sent, delivered or failed
// (with a note). A delivered or failed delivery does not go back.
func (s *Deliveries) SetStatus(ctx context.Context, id string, status delivery.Status, note string) (*delivery.Delivery, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if status == delivery.Queued || !status.Valid() {
		return nil, tact.FieldError(tact.CodeInvalid, "status", "a delivery becomes sent, delivered or failed")
	}
	if d.Status == delivery.Delivered || d.Status == delivery.Failed {
		return nil, tact.Errorf(tact.CodeInvalidTransition, "delivery %s is already %s", id, d.Status)
	}
	now := s.clock.Now()
	sentAt := d.SentAt
	if sentAt == nil && status != delivery.Failed {
		sentAt = &now
	}
	if err := s.store.UpdateDeliveryStatus(ctx, id, status, note, sentAt, now); err != nil {
		return nil, err
	}
	return s.store.FindDeliveryByID(ctx, id)
}

// Write queues d to customer c on their written route (customer.WrittenRoute:
// their preferred written channel, else email, letter, SMS), once per d.Key;
// it fills the customer, method, address and language. routed is false, and
// nothing is queued, when c can be written to on no channel.
func (s *Deliveries) Write(ctx context.Context, c *customer.Customer, d delivery.Delivery) (created, routed bool, err error) {
	lines, err := s.customers.FindLines(ctx, c.ID)
	if err != nil {
		return false, false, err
	}
	ch, to, ok := c.WrittenRoute(lines)
	if !ok {
		return false, false, nil
	}
	d.CustomerID, d.Method, d.To, d.Language = c.ID, delivery.MethodFor(ch), to, c.Language
	_, created, err = s.Queue(ctx, d)
	return created, true, err
}
