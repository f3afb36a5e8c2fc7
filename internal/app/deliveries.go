package app

import (
	"context"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// Deliveries is the service over written messages to customers.
type Deliveries struct {
	service
	store     delivery.Store
	customers customer.Store
	operator  tact.Operator
}

// Queue checks a delivery and queues it, once per key: a delivery queued again
// with the same key returns the first. A text for a former customer that gives
// a subscriber-only number is refused (story 5).
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
	if err := delivery.CheckFormerCustomerText(c.Status == customer.Former, d.Subject+"\n"+d.Body, s.operator.SubscriberOnly); err != nil {
		return nil, false, err
	}
	return s.store.CreateDelivery(ctx, &d)
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
