package customer

import (
	"context"

	"github.com/tactcrm/tact/internal/tact"
)

// Store keeps customers, their lines, devices, usage and events. Every method
// owns its transaction: a method that fails has written nothing.
//
// Errors: not_found for a missing customer, line or device; conflict for a
// duplicate account number or a number already on another live line;
// precondition_failed when an update's version is no longer current. Anything
// else is internal.
type Store interface {
	// CreateCustomer stores a validated customer with its contact points,
	// consents and events, at version 1.
	CreateCustomer(ctx context.Context, c *Customer, events []Event) error
	// FindCustomerByID returns the customer with its contact points and current consents.
	FindCustomerByID(ctx context.Context, id string) (*Customer, error)
	// FindCustomers returns up to f.Limit customers matching f after f.After,
	// ordered by name key then id.
	FindCustomers(ctx context.Context, f Filter) ([]*Customer, error)
	// UpdateCustomer stores c if its version is still c.Version, and moves it to
	// c.Version+1 (c is updated in place); the events are appended in the same
	// transaction.
	UpdateCustomer(ctx context.Context, c *Customer, events []Event) error

	// CreateLine stores a validated line and its event.
	CreateLine(ctx context.Context, l *Line, events []Event) error
	// UpdateLine stores l if its version is still l.Version, like UpdateCustomer.
	UpdateLine(ctx context.Context, l *Line, events []Event) error
	// FindLineByID returns one line.
	FindLineByID(ctx context.Context, id string) (*Line, error)
	// FindLines returns a customer's lines, oldest first.
	FindLines(ctx context.Context, customerID string) ([]*Line, error)

	// CreateDevice stores a validated device and its event.
	CreateDevice(ctx context.Context, d *Device, events []Event) error
	// FindDevices returns a customer's devices, oldest first.
	FindDevices(ctx context.Context, customerID string) ([]*Device, error)

	// PutUsage creates or replaces the usage of a line for a month.
	PutUsage(ctx context.Context, u *Usage) error
	// FindUsage returns a customer's usage for months in [from, to], by month then line.
	FindUsage(ctx context.Context, customerID string, from, to tact.Month) ([]*Usage, error)
	// FindCustomerIDs returns the ids of a jurisdiction's customers after the
	// id after, in id order, at most limit: how planning walks every customer
	// in pages without reading them twice.
	FindCustomerIDs(ctx context.Context, j tact.Jurisdiction, after string, limit int) ([]string, error)
	// CountCustomers counts a jurisdiction's customers.
	CountCustomers(ctx context.Context, j tact.Jurisdiction) (int, error)
	// FindUsageOf returns the usage of several customers for months in
	// [from, to], by customer, month, then line: one query for a page of
	// customers being planned.
	FindUsageOf(ctx context.Context, customerIDs []string, from, to tact.Month) ([]*Usage, error)

	// FindMarketingErasureCandidates returns the former customers whose
	// relationship ended on or before q.EndedBy and whose marketing data was
	// not erased since (MarketingErased false), in (FormerSince, id) order
	// after q's cursor, at most q.Limit, read as FindCustomerByID reads them:
	// those lifecycle.MarketingErasureDue may find due.
	FindMarketingErasureCandidates(ctx context.Context, q ErasureQuery) ([]*Customer, error)
	// EraseMarketingData erases a former customer's marketing data in one
	// transaction: it stores c as lifecycle.EraseMarketingData left it
	// (erased counts what that took out of the record: consents, preferred
	// slots, the opposition-list check) and removes the rest, kept outside
	// the record: every device of his and the brand, model and OS of their
	// device_added events, every month of usage of his lines, every campaign
	// plan entry naming him, the verbatim of every survey answer of his. It
	// appends event with the whole erasure's Detail and returns the counts,
	// with done true. c.Version must be the stored version, else
	// precondition_failed; c moves to the next. A customer whose stored
	// record says his marketing data is already erased for his ending
	// (MarketingErased) is left as he is, with no event, and done is false:
	// erasing twice is erasing once. not_found for a missing customer.
	EraseMarketingData(ctx context.Context, c *Customer, erased MarketingErasure, event Event) (all MarketingErasure, done bool, err error)

	// ImportCustomers stores many validated records at once, for bulk loads. It
	// is all or nothing per call.
	ImportCustomers(ctx context.Context, records []*Record) error
}

// Record is a customer with everything that belongs to them, for bulk import.
type Record struct {
	Customer *Customer
	Lines    []*Line
	Devices  []*Device
	Usage    []*Usage
	Events   []Event
}
