package app

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// Cancellations is the service over customers leaving (issue 7): a
// cancellation in three steps (request, preview, confirm) with a durable
// receipt, a port-out that cancels its line, and the job that ends the lines
// and makes the customer former at the end date. No step offers anything:
// no retention stands in the path.
type Cancellations struct {
	service
	stores     Stores
	customers  *Customers
	deliveries *Deliveries
	operator   tact.Operator
}

// Request records a customer's request to cancel under the client's
// Idempotency-Key and answers with its preview: nothing changes until he
// confirms. The same key again returns the first (created false); the same
// key with another request is idempotency_mismatch.
func (s *Cancellations) Request(ctx context.Context, customerID string, r lifecycle.Request, key string) (*lifecycle.Cancellation, bool, error) {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 200 {
		return nil, false, tact.FieldError(tact.CodeRequired, "Idempotency-Key", "a cancellation is asked once: send an Idempotency-Key header (at most 200 characters)")
	}
	c, err := s.customers.Get(ctx, customerID)
	if err != nil {
		return nil, false, err
	}
	// A retry is answered from what was stored, whatever has happened
	// since (confirmed, completed): it is not planned again.
	earlier, err := s.stores.Cancellations.FindCancellations(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if i := slices.IndexFunc(earlier, func(x *lifecycle.Cancellation) bool { return x.Key == key }); i >= 0 {
		return replay(earlier[i], r)
	}
	if c.Status == customer.Former {
		return nil, false, tact.Errorf(tact.CodeInvalidTransition, "the customer's contract has already ended (former since %s)", c.FormerSince)
	}
	now := s.clock.Now()
	p, err := s.plan(ctx, c, r, now, earlier)
	if err != nil {
		return nil, false, err
	}
	if r.Lines == nil {
		r.Lines = []string{} // every line, said as a list
	}
	x := &lifecycle.Cancellation{ID: s.ids.New(tact.PrefixCancellation), CustomerID: c.ID, Kind: lifecycle.ByRequest, Status: lifecycle.Previewed,
		Key: key, Request: r, Preview: p, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	stored, created, err := s.stores.Cancellations.CreateCancellation(ctx, x)
	if err != nil || created {
		return stored, created, err
	}
	return replay(stored, r)
}

// replay answers a request sent again under the key of stored: the stored
// cancellation, or idempotency_mismatch when the request differs.
func replay(stored *lifecycle.Cancellation, r lifecycle.Request) (*lifecycle.Cancellation, bool, error) {
	if stored.Kind != lifecycle.ByRequest || !reflect.DeepEqual(normalRequest(stored.Request), normalRequest(r)) {
		return nil, false, tact.FieldError(tact.CodeIdempotencyMismatch, "Idempotency-Key", "this key was used for another cancellation request (%s)", stored.ID)
	}
	return stored, false, nil
}

// normalRequest is a request as compared for a replay: spaces aside, no
// lines the same as an empty list.
func normalRequest(r lifecycle.Request) lifecycle.Request {
	r.GivenName, r.FamilyName, r.AccountNumber = strings.TrimSpace(r.GivenName), strings.TrimSpace(r.FamilyName), strings.TrimSpace(r.AccountNumber)
	if len(r.Lines) == 0 {
		r.Lines = nil
	}
	return r
}

// plan previews r for c at now, from the catalogue's prices and his pending
// credit notes, against his earlier cancellations.
func (s *Cancellations) plan(ctx context.Context, c *customer.Customer, r lifecycle.Request, now time.Time, earlier []*lifecycle.Cancellation) (lifecycle.Preview, error) {
	lines, prices, err := s.facts(ctx, c)
	if err != nil {
		return lifecycle.Preview{}, err
	}
	credits, err := s.stores.Bills.FindCreditNotes(ctx, c.ID)
	if err != nil {
		return lifecycle.Preview{}, err
	}
	p, err := lifecycle.Plan(c, lines, r, prices, credits, now)
	if err != nil {
		return p, err
	}
	if err := lifecycle.NotCancelledTwice(c.Jurisdiction, p, earlier); err != nil {
		return p, err
	}
	return p, nil
}

// facts are a customer's lines and the prices of his jurisdiction's plans
// and options.
func (s *Cancellations) facts(ctx context.Context, c *customer.Customer) ([]*customer.Line, lifecycle.Prices, error) {
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return nil, lifecycle.Prices{}, err
	}
	plans, err := s.stores.Catalog.FindPlans(ctx, catalog.Filter{Jurisdiction: c.Jurisdiction})
	if err != nil {
		return nil, lifecycle.Prices{}, err
	}
	options, err := s.stores.Catalog.FindOptions(ctx, catalog.Filter{Jurisdiction: c.Jurisdiction})
	if err != nil {
		return nil, lifecycle.Prices{}, err
	}
	prices := lifecycle.Prices{Plans: map[string]int64{}, Options: map[string]int64{}}
	for _, p := range plans {
		prices.Plans[p.Code] = p.MonthlyPrice.Cents
	}
	for _, o := range options {
		prices.Options[o.Code] = o.MonthlyPrice.Cents
	}
	return lines, prices, nil
}

// Confirm confirms a previewed cancellation: the request is received now,
// its preview made again from now (the law counts from the receipt), the
// customer becomes cancelling when no line is left, and the receipt goes
// by email (PDF attached), else by letter. Confirming again changes nothing
// and sends nothing (created false); a confirmation interrupted after it was
// stored finishes what it left undone.
func (s *Cancellations) Confirm(ctx context.Context, id string) (*lifecycle.Cancellation, bool, error) {
	x, err := s.Get(ctx, id)
	if err != nil {
		return nil, false, err
	}
	if x.Status != lifecycle.Previewed {
		done, err := s.finish(ctx, x)
		return done, false, err
	}
	c, err := s.customers.Get(ctx, x.CustomerID)
	if err != nil {
		return nil, false, err
	}
	earlier, err := s.stores.Cancellations.FindCancellations(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	now := s.clock.Now()
	p, err := s.plan(ctx, c, x.Request, now, earlier)
	if err != nil {
		return nil, false, err
	}
	if err := x.Confirm(p, now); err != nil {
		return nil, false, err
	}
	x.UpdatedAt = now.UTC()
	if err := s.stores.Cancellations.UpdateCancellation(ctx, x); err != nil {
		if tact.ErrorCode(err) != tact.CodePreconditionFailed {
			return nil, false, err
		}
		// Another confirmation won the race: its receipt is the one.
		if x, err = s.Get(ctx, id); err != nil {
			return nil, false, err
		}
		done, err := s.finish(ctx, x)
		return done, false, err
	}
	done, err := s.finish(ctx, x)
	return done, true, err
}

// PortOut records a portability request: the number leaves for another
// operator on p.Date, which cancels its line (CPCE D.406-18) and nothing
// else; the customer becomes cancelling only when it was his last line in
// service. It is confirmed at once (the customer asked his new operator)
// and the receipt sent. Once per key: without one, the number and date
// are the key.
func (s *Cancellations) PortOut(ctx context.Context, p lifecycle.PortOut, key string) (*lifecycle.Cancellation, bool, error) {
	number := strings.TrimSpace(p.Number)
	var line *customer.Line
	var c *customer.Customer
	for _, region := range []string{"FR", "CA"} {
		e164, _, err := customer.NormalizePhone(number, region)
		if err != nil {
			continue
		}
		if line, c, err = s.lineOf(ctx, e164); err != nil {
			return nil, false, err
		}
		if line != nil {
			break
		}
	}
	if line == nil {
		return nil, false, tact.FieldError(tact.CodeInvalid, "number", "%q is not a line in service", p.Number)
	}
	p.Number = line.Number
	now := s.clock.Now()
	if err := p.Validate(c.Jurisdiction, tact.DateOf(now.In(c.Location()))); err != nil {
		return nil, false, err
	}
	if key = strings.TrimSpace(key); key == "" {
		key = "port-out:" + p.Number + ":" + p.Date.String()
	}
	lines, prices, err := s.facts(ctx, c)
	if err != nil {
		return nil, false, err
	}
	credits, err := s.stores.Bills.FindCreditNotes(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	at := now.UTC()
	x := &lifecycle.Cancellation{ID: s.ids.New(tact.PrefixCancellation), CustomerID: c.ID, Kind: lifecycle.ByPortOut, Status: lifecycle.Confirmed,
		Key: key, Request: lifecycle.Request{GivenName: c.GivenName, FamilyName: c.FamilyName, AccountNumber: c.AccountNumber, Lines: []string{line.Number}},
		PortOut: &p, Preview: lifecycle.PlanPortOut(c, lines, line, p, prices, credits), ReceivedAt: &at, CreatedAt: at, UpdatedAt: at}
	stored, created, err := s.stores.Cancellations.CreateCancellation(ctx, x)
	if err != nil {
		return nil, false, err
	}
	if !created && (stored.PortOut == nil || *stored.PortOut != p) {
		return nil, false, tact.FieldError(tact.CodeIdempotencyMismatch, "Idempotency-Key", "this key was used for another request (%s)", stored.ID)
	}
	done, err := s.finish(ctx, stored)
	return done, created, err
}

// lineOf finds the line in service with number e164 and its customer; nil
// when none.
func (s *Cancellations) lineOf(ctx context.Context, e164 string) (*customer.Line, *customer.Customer, error) {
	found, err := s.stores.Customers.FindCustomers(ctx, customer.Filter{Search: customer.Search{Phones: []string{e164}}, Limit: 10})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range found {
		lines, err := s.stores.Customers.FindLines(ctx, c.ID)
		if err != nil {
			return nil, nil, err
		}
		if i := slices.IndexFunc(lines, func(l *customer.Line) bool { return l.Number == e164 && l.Status != customer.LineEnded }); i >= 0 {
			return lines[i], c, nil
		}
	}
	return nil, nil, nil
}

// finish does what a confirmed cancellation calls for and was not done yet:
// the customer cancelling when no line is left, the receipt queued once and
// sent. Each step can be repeated: a confirmation cut short by a crash is
// finished by the next call.
func (s *Cancellations) finish(ctx context.Context, x *lifecycle.Cancellation) (*lifecycle.Cancellation, error) {
	if x.Status == lifecycle.Previewed || x.ReceiptDeliveryID != "" {
		return x, nil
	}
	c, err := s.customers.Get(ctx, x.CustomerID)
	if err != nil {
		return nil, err
	}
	if x.Preview.WholeAccount && c.Status == customer.Active {
		received := tact.DateOf(x.ReceivedAt.In(c.Location()))
		if c, err = s.customers.Update(ctx, c.ID, customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(received)}, 0); err != nil {
			return nil, err
		}
	}
	d, err := s.sendReceipt(ctx, c, x)
	if err != nil || d == nil {
		return x, err
	}
	x.ReceiptDeliveryID, x.UpdatedAt = d.ID, s.clock.Now().UTC()
	if err := s.stores.Cancellations.UpdateCancellation(ctx, x); err != nil {
		if tact.ErrorCode(err) != tact.CodePreconditionFailed {
			return nil, err
		}
		return s.Get(ctx, x.ID)
	}
	return x, nil
}

// sendReceipt queues the receipt once (its key is the cancellation's) and
// sends it by email, else by letter; nil when he has neither address. A receipt queued before and not sent
// (a crash between the two) is sent now; one that failed stays failed, for
// a person to see.
func (s *Cancellations) sendReceipt(ctx context.Context, c *customer.Customer, x *lifecycle.Cancellation) (*delivery.Delivery, error) {
	doc, err := s.Receipt(ctx, x.ID, x)
	if err != nil {
		return nil, err
	}
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	method, to := delivery.Email, c.WrittenAddress(tact.ChannelEmail, lines)
	if to == "" {
		method, to = delivery.Letter, c.WrittenAddress(tact.ChannelLetter, lines)
	}
	if to == "" {
		// The cancellation stands without a way to write to him: the
		// receipt is in his space and at GET /v1/cancellations/{id}/receipt.
		s.log.WarnContext(ctx, "cancellation receipt not sent: no email or postal address", "cancellation", x.ID)
		return nil, nil
	}
	subject, text, err := doc.Cover()
	if err != nil {
		return nil, err
	}
	var pdf, html bytes.Buffer
	if err := doc.PDF(&pdf); err != nil {
		return nil, err
	}
	if err := doc.HTML(&html); err != nil {
		return nil, err
	}
	d, created, err := s.deliveries.Queue(ctx, delivery.Delivery{CustomerID: c.ID, Kind: delivery.Receipt, Method: method, To: to,
		Subject: subject, Body: text, Key: "cancellation-receipt:" + x.ID})
	if err != nil || (!created && d.Status != delivery.Queued) {
		return d, err
	}
	sent, err := s.deliveries.Dispatch(ctx, d, Written{HTML: html.String(), PDF: pdf.Bytes(), PDFName: "receipt-" + x.ID + ".pdf"})
	if tact.ErrorCode(err) == tact.CodeDeliveryFailed {
		// The cancellation stands; the failed receipt is on record, listed
		// with the deliveries that failed.
		s.log.WarnContext(ctx, "cancellation receipt not sent", "cancellation", x.ID, "err", err)
		return s.deliveries.Get(ctx, d.ID)
	}
	return sent, err
}

// Receipt is the receipt document of a confirmed cancellation; x, when
// given, is the cancellation already read.
func (s *Cancellations) Receipt(ctx context.Context, id string, x *lifecycle.Cancellation) (document.Receipt, error) {
	var err error
	if x == nil {
		if x, err = s.Get(ctx, id); err != nil {
			return document.Receipt{}, err
		}
	}
	if x.ReceivedAt == nil {
		return document.Receipt{}, tact.Errorf(tact.CodeInvalidTransition, "cancellation %s is not confirmed: it has no receipt yet", x.ID)
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, x.CustomerID)
	if err != nil {
		return document.Receipt{}, err
	}
	return document.Receipt{Operator: s.operator, Customer: c, Cancellation: x, Issued: *x.ReceivedAt}, nil
}

// Get returns one cancellation.
func (s *Cancellations) Get(ctx context.Context, id string) (*lifecycle.Cancellation, error) {
	if !tact.HasPrefix(id, tact.PrefixCancellation) {
		return nil, tact.NotFound("cancellation", id)
	}
	return s.stores.Cancellations.FindCancellation(ctx, id)
}

// List returns a customer's cancellations, newest first.
func (s *Cancellations) List(ctx context.Context, customerID string) ([]*lifecycle.Cancellation, error) {
	if _, err := s.customers.Get(ctx, customerID); err != nil {
		return nil, err
	}
	return s.stores.Cancellations.FindCancellations(ctx, customerID)
}

// CompletionResult counts a pass of Complete.
type CompletionResult struct {
	// Completed cancellations ended their lines; Former customers left.
	Completed, Former int
}

// completionPage bounds the cancellations one read of Complete takes.
const completionPage = 200

// Complete ends the lines of every confirmed cancellation whose end date
// has come in its customer's zone, and makes former a customer left with
// no line in service (former since the end date). Each step can be
// repeated: a pass cut short is finished by the next.
func (s *Cancellations) Complete(ctx context.Context) (CompletionResult, error) {
	var res CompletionResult
	now := s.clock.Now()
	// The latest date any zone has reached: a cancellation due there is
	// read, then judged in its own customer's zone.
	horizon := tact.DateOf(now.UTC()).AddDays(1)
	due, err := s.stores.Cancellations.FindDueCancellations(ctx, horizon, completionPage)
	if err != nil {
		return res, err
	}
	for _, x := range due {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		former, done, err := s.complete(ctx, x, now)
		if err != nil {
			return res, err
		}
		if done {
			res.Completed++
		}
		if former {
			res.Former++
		}
	}
	return res, nil
}

// complete ends x's lines and closes it if its end date has come.
func (s *Cancellations) complete(ctx context.Context, x *lifecycle.Cancellation, now time.Time) (former, done bool, err error) {
	c, err := s.customers.Get(ctx, x.CustomerID)
	if err != nil {
		return false, false, err
	}
	if !x.Due(tact.DateOf(now.In(c.Location()))) {
		return false, false, nil
	}
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return false, false, err
	}
	live := 0
	for _, l := range lines {
		ending := slices.ContainsFunc(x.Preview.Lines, func(e lifecycle.LineEnd) bool { return e.LineID == l.ID })
		switch {
		case ending && l.Status != customer.LineEnded:
			if _, err := s.customers.UpdateLine(ctx, l.ID, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(x.Preview.EndDate)}, 0); err != nil {
				return false, false, err
			}
		case !ending && l.Status != customer.LineEnded:
			live++
		}
	}
	if live == 0 && c.Status != customer.Former {
		u := customer.Update{Status: tact.Some(customer.Former), FormerSince: tact.Some(x.Preview.EndDate)}
		if _, err := s.customers.Update(ctx, c.ID, u, 0); err != nil {
			return false, false, err
		}
		former = true
	}
	if err := x.Complete(now); err != nil {
		return former, false, err
	}
	x.UpdatedAt = now.UTC()
	if err := s.stores.Cancellations.UpdateCancellation(ctx, x); err != nil && tact.ErrorCode(err) != tact.CodePreconditionFailed {
		return former, false, err
	}
	return former, true, nil
}
