package app

import (
	"context"
	"errors"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// Customers is the service over customers, their lines, devices and usage.
type Customers struct {
	service
	store    customer.Store
	catalog  catalog.Store
	timeline timeline.Store
}

// Create validates and stores a new customer.
func (s *Customers) Create(ctx context.Context, u customer.Update) (*customer.Customer, error) {
	now := s.clock.Now()
	c, evs, err := customer.Create(u, now)
	if err != nil {
		return nil, err
	}
	c.ID = s.ids.New(tact.PrefixCustomer)
	customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
	if err := s.store.CreateCustomer(ctx, c, evs); err != nil {
		return nil, err
	}
	return c, nil
}

// Get returns one customer.
func (s *Customers) Get(ctx context.Context, id string) (*customer.Customer, error) {
	if !tact.HasPrefix(id, tact.PrefixCustomer) {
		return nil, tact.NotFound("customer", id)
	}
	return s.store.FindCustomerByID(ctx, id)
}

// GetMany returns the customers of ids by id, each read once, in as few
// queries as a page of them takes (the supervision's lists name 50
// customers a page; read one by one, they were 150 queries). An id that is
// not a customer's, or a customer gone, is left out.
func (s *Customers) GetMany(ctx context.Context, ids []string) (map[string]*customer.Customer, error) {
	out := make(map[string]*customer.Customer, len(ids))
	var want []string
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !seen[id] && tact.HasPrefix(id, tact.PrefixCustomer) {
			seen[id] = true
			want = append(want, id)
		}
	}
	for len(want) > 0 {
		chunk := want[:min(len(want), tact.MaxPageSize)]
		want = want[len(chunk):]
		list, err := s.store.FindCustomers(ctx, customer.Filter{Search: customer.Search{IDs: chunk}, Limit: len(chunk)})
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			out[c.ID] = c
		}
	}
	return out, nil
}

// SearchParams are the criteria of a customer search.
type SearchParams struct {
	Query        string
	Status       customer.Status
	Jurisdiction tact.Jurisdiction
	AdvisorID    string
	Cursor       string
	Limit        int
}

// Search finds customers by free text (name, phone number, email, account
// number, id) and filters, a page at a time. The returned cursor is "" on the
// last page.
func (s *Customers) Search(ctx context.Context, p SearchParams) ([]*customer.Customer, string, error) {
	after, err := tact.DecodeCursor(p.Cursor)
	if err != nil {
		return nil, "", err
	}
	if p.Status != "" && !p.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not active, cancelling or former", p.Status)
	}
	if p.Jurisdiction != "" && !p.Jurisdiction.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", p.Jurisdiction)
	}
	limit := tact.PageSize(p.Limit)
	list, err := s.store.FindCustomers(ctx, customer.Filter{Search: customer.ParseQuery(p.Query), Status: p.Status,
		Jurisdiction: p.Jurisdiction, AdvisorID: p.AdvisorID, After: after, Limit: limit})
	if err != nil || len(list) < limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{Key: customer.NameKey(last.FamilyName, last.GivenName), ID: last.ID}.Encode(), nil
}

// Update applies a partial update. ifVersion, when not 0, is the version the
// client last read (If-Match): if the customer has moved on, the update is
// refused with precondition_failed and nothing is lost. Without it, a race with
// another writer is retried on the fresh record.
func (s *Customers) Update(ctx context.Context, id string, u customer.Update, ifVersion int) (*customer.Customer, error) {
	return mutate(ctx, "customer", id, ifVersion,
		func() (*customer.Customer, int, error) {
			c, err := s.Get(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			return c, c.Version, nil
		},
		func(c *customer.Customer) ([]customer.Event, error) {
			now := s.clock.Now()
			evs, err := u.Apply(c, now)
			customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
			return evs, err
		},
		func(c *customer.Customer, evs []customer.Event) error { return s.store.UpdateCustomer(ctx, c, evs) })
}

// AddLine creates a line for a customer on a plan of the customer's jurisdiction.
func (s *Customers) AddLine(ctx context.Context, customerID string, u customer.LineUpdate) (*customer.Line, error) {
	c, err := s.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	l := &customer.Line{ID: s.ids.New(tact.PrefixLine), CustomerID: c.ID, Status: customer.LineActive, CreatedAt: now, UpdatedAt: now}
	u.Apply(l)
	if l.StartedOn.IsZero() {
		l.StartedOn = tact.DateOf(now.In(c.Location()))
	}
	if err := s.checkLine(ctx, c, l); err != nil {
		return nil, err
	}
	evs := []customer.Event{{Kind: customer.EventLineAdded, Detail: map[string]string{"line_id": l.ID, "number": l.Number, "plan_code": l.PlanCode}}}
	customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
	if err := s.store.CreateLine(ctx, l, evs); err != nil {
		return nil, err
	}
	return l, nil
}

// checkLine normalizes and validates a line, and checks that its plan exists in
// the customer's jurisdiction.
func (s *Customers) checkLine(ctx context.Context, c *customer.Customer, l *customer.Line) error {
	if err := l.Normalize(c.Jurisdiction); err != nil {
		return err
	}
	if err := l.Validate(); err != nil {
		return err
	}
	p, err := s.catalog.FindPlanByCode(ctx, l.PlanCode)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return tact.FieldError(tact.CodeInvalid, "plan_code", "plan %q is not in the catalogue", l.PlanCode)
	}
	if err != nil {
		return err
	}
	if p.Jurisdiction != c.Jurisdiction {
		return tact.FieldError(tact.CodeInvalid, "plan_code", "plan %s is sold in %s, the customer is in %s", p.Code, p.Jurisdiction, c.Jurisdiction)
	}
	return nil
}

// UpdateLine applies a partial update to a line, with the same version rule as Update.
func (s *Customers) UpdateLine(ctx context.Context, lineID string, u customer.LineUpdate, ifVersion int) (*customer.Line, error) {
	return mutate(ctx, "line", lineID, ifVersion,
		func() (*customer.Line, int, error) {
			l, err := s.Line(ctx, lineID)
			if err != nil {
				return nil, 0, err
			}
			return l, l.Version, nil
		},
		func(l *customer.Line) ([]customer.Event, error) {
			changed := u.Apply(l)
			if len(changed) == 0 {
				return nil, nil
			}
			c, err := s.store.FindCustomerByID(ctx, l.CustomerID)
			if err != nil {
				return nil, err
			}
			if err := s.checkLine(ctx, c, l); err != nil {
				return nil, err
			}
			now := s.clock.Now()
			l.UpdatedAt = now
			evs := []customer.Event{{Kind: customer.EventLineUpdated, Fields: changed, Detail: map[string]string{"line_id": l.ID, "number": l.Number, "plan_code": l.PlanCode}}}
			customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
			return evs, nil
		},
		func(l *customer.Line, evs []customer.Event) error { return s.store.UpdateLine(ctx, l, evs) })
}

// Line returns one line.
func (s *Customers) Line(ctx context.Context, id string) (*customer.Line, error) {
	if !tact.HasPrefix(id, tact.PrefixLine) {
		return nil, tact.NotFound("line", id)
	}
	return s.store.FindLineByID(ctx, id)
}

// Lines returns a customer's lines.
func (s *Customers) Lines(ctx context.Context, customerID string) ([]*customer.Line, error) {
	if _, err := s.Get(ctx, customerID); err != nil {
		return nil, err
	}
	return s.store.FindLines(ctx, customerID)
}

// AddDevice records a device the customer owns.
func (s *Customers) AddDevice(ctx context.Context, customerID string, d customer.Device) (*customer.Device, error) {
	c, err := s.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if d.LineID != "" {
		l, err := s.Line(ctx, d.LineID)
		if err != nil || l.CustomerID != c.ID {
			return nil, tact.FieldError(tact.CodeInvalid, "line_id", "line %q is not one of this customer's lines", d.LineID)
		}
	}
	now := s.clock.Now()
	d.ID, d.CustomerID, d.CreatedAt = s.ids.New(tact.PrefixDevice), c.ID, now
	if err := d.Validate(); err != nil {
		return nil, err
	}
	evs := []customer.Event{{Kind: customer.EventDeviceAdded, Detail: map[string]string{"device_id": d.ID, "brand": d.Brand, "model": d.Model, "os": string(d.OS)}}}
	customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
	if err := s.store.CreateDevice(ctx, &d, evs); err != nil {
		return nil, err
	}
	return &d, nil
}

// Devices returns a customer's devices.
func (s *Customers) Devices(ctx context.Context, customerID string) ([]*customer.Device, error) {
	if _, err := s.Get(ctx, customerID); err != nil {
		return nil, err
	}
	return s.store.FindDevices(ctx, customerID)
}

// PutUsage records a line's usage for a month, replacing what was there.
func (s *Customers) PutUsage(ctx context.Context, lineID string, u customer.Usage) (*customer.Usage, error) {
	l, err := s.Line(ctx, lineID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCustomerByID(ctx, l.CustomerID)
	if err != nil {
		return nil, err
	}
	u.LineID, u.CustomerID = l.ID, l.CustomerID
	if err := u.Validate(c.Jurisdiction.Currency()); err != nil {
		return nil, err
	}
	if err := s.store.PutUsage(ctx, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Usage returns a customer's usage for months in [from, to].
func (s *Customers) Usage(ctx context.Context, customerID string, from, to tact.Month) ([]*customer.Usage, error) {
	if _, err := s.Get(ctx, customerID); err != nil {
		return nil, err
	}
	return s.store.FindUsage(ctx, customerID, from, to)
}

// Timeline returns a page of a customer's timeline, newest first, and the
// cursor of the next page ("" on the last).
func (s *Customers) Timeline(ctx context.Context, customerID, cursor string, limit int) ([]timeline.Entry, string, error) {
	after, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	if !tact.HasPrefix(customerID, tact.PrefixCustomer) {
		return nil, "", tact.NotFound("customer", customerID)
	}
	limit = tact.PageSize(limit)
	entries, err := s.timeline.FindTimeline(ctx, customerID, after, limit)
	if err != nil {
		return nil, "", err
	}
	// Every customer's timeline starts with their creation, so an empty first
	// page means there is no such customer; only then is it worth a query.
	if len(entries) == 0 && after.IsZero() {
		if _, err := s.Get(ctx, customerID); err != nil {
			return nil, "", err
		}
	}
	if len(entries) < limit {
		return entries, "", nil
	}
	return entries, entries[len(entries)-1].Cursor().Encode(), nil
}

// Import stores many customer records at once, for bulk loads such as the
// demo. Every object is validated by the domain as on the one-by-one path; the
// first fault stops the import before anything is written.
func (s *Customers) Import(ctx context.Context, records []*customer.Record) error {
	for _, r := range records {
		if r.Customer == nil {
			return errors.New("import: a record without a customer")
		}
		if err := r.Customer.Validate(); err != nil {
			return tact.Prefix("customer "+r.Customer.ID, err)
		}
		for _, l := range r.Lines {
			if err := l.Validate(); err != nil {
				return tact.Prefix("line "+l.ID, err)
			}
		}
		for _, d := range r.Devices {
			if err := d.Validate(); err != nil {
				return tact.Prefix("device "+d.ID, err)
			}
		}
		for _, u := range r.Usage {
			if err := u.Validate(r.Customer.Jurisdiction.Currency()); err != nil {
				return tact.Prefix("usage "+u.LineID, err)
			}
		}
	}
	return s.store.ImportCustomers(ctx, records)
}

// IDs returns the identifier generator, for bulk builders that assemble records
// before Import.
func (s *Customers) IDs() *tact.IDGen { return s.ids }
