package app

import (
	"context"
	"strconv"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Bills is the service over bill runs: drafts reviewed before they leave,
// held bills released or adjusted by supervisors, what the billing system
// reports afterwards.
type Bills struct {
	service
	stores Stores
	policy billing.Policy
}

// MaxRun bounds the drafts of one run submitted at once.
const MaxRun = 10000

// historyBills is how many of a customer's previous bills the review
// compares a new one with.
const historyBills = 6

// RunResult is a reviewed run and its bills.
type RunResult struct {
	Run   *billing.Run    `json:"run"`
	Bills []*billing.Bill `json:"bills"`
}

// Submit reviews a run of drafts from source and stores it. Every draft is
// checked first: one that is invalid refuses the whole run (naming it as
// bills[i]) and nothing is stored. Each bill is then reviewed against the
// customer's previous bills, his third-party switch and consents, and his
// line's end: it is validated, or held with its findings; third-party lines
// that cannot stand are stripped.
func (s *Bills) Submit(ctx context.Context, source string, drafts []billing.Bill) (*RunResult, error) {
	switch {
	case source == "":
		return nil, tact.FieldError(tact.CodeRequired, "source", "say which billing system submits the run")
	case len(drafts) == 0:
		return nil, tact.FieldError(tact.CodeRequired, "bills", "a run has at least one bill")
	case len(drafts) > MaxRun:
		return nil, tact.FieldError(tact.CodeBatchTooLarge, "bills", "at most %d bills per run", MaxRun)
	}
	now := s.clock.Now().UTC()
	facts, err := s.factsOf(ctx, drafts)
	if err != nil {
		return nil, err
	}
	run := &billing.Run{ID: s.ids.New(tact.PrefixBillRun), Source: source, SubmittedAt: now, Bills: len(drafts),
		Counts: map[billing.Status]int{}, Findings: map[billing.RuleID]int{}}
	bills := make([]*billing.Bill, len(drafts))
	events := make([]billing.Event, len(drafts))
	actor := tact.ActorFrom(ctx)
	for i := range drafts {
		b := &drafts[i]
		f := facts[i]
		r := billing.ReviewBill(b, f.Facts, s.policy.Review[f.Jurisdiction])
		b.ID, b.RunID, b.Review, b.Version, b.CreatedAt, b.UpdatedAt = s.ids.New(tact.PrefixBill), run.ID, &r, 1, now, now
		b.Paid = tact.Money{Currency: b.Total.Currency}
		bills[i] = b
		events[i] = billing.Event{ID: s.ids.New(tact.PrefixBillEvent), BillID: b.ID, Kind: billing.Reviewed, To: b.Status, Actor: actor, At: now}
		run.Counts[b.Status]++
		run.Stripped += len(r.Stripped)
		for _, fd := range r.Findings {
			run.Findings[fd.Rule]++
		}
	}
	if err := s.stores.Bills.CreateRun(ctx, run, bills, events); err != nil {
		return nil, err
	}
	return &RunResult{Run: run, Bills: bills}, nil
}

// billFacts are a draft's review facts and its customer's jurisdiction.
type billFacts struct {
	billing.Facts
	Jurisdiction tact.Jurisdiction
}

// factsOf checks every draft and gathers what its review reads: the
// customer, the line, the history, the consents; one query per kind of fact
// for the history and the consents.
func (s *Bills) factsOf(ctx context.Context, drafts []billing.Bill) ([]billFacts, error) {
	customers := map[string]*customer.Customer{}
	out := make([]billFacts, len(drafts))
	var ids []string
	var earliest tact.Date
	for i := range drafts {
		d := &drafts[i]
		field := "bills[" + strconv.Itoa(i) + "]"
		c, ok := customers[d.CustomerID]
		if !ok && tact.HasPrefix(d.CustomerID, tact.PrefixCustomer) {
			var err error
			c, err = s.stores.Customers.FindCustomerByID(ctx, d.CustomerID)
			if err != nil && tact.ErrorCode(err) != tact.CodeNotFound {
				return nil, err
			}
			if c != nil {
				customers[c.ID], ids = c, append(ids, c.ID)
			}
		}
		if c == nil {
			return nil, tact.FieldError(tact.CodeInvalid, field+".customer_id", "customer %q does not exist", d.CustomerID)
		}
		if err := d.Validate(c.Jurisdiction.Currency()); err != nil {
			return nil, tact.Prefix(field, err)
		}
		d.Status = billing.New
		f := billing.Facts{Jurisdiction: c.Jurisdiction, Location: c.Location(), ThirdPartyBilling: c.ThirdPartyBilling}
		if d.LineID != "" {
			l, err := s.stores.Customers.FindLineByID(ctx, d.LineID)
			if tact.ErrorCode(err) == tact.CodeNotFound || (err == nil && l.CustomerID != c.ID) {
				return nil, tact.FieldError(tact.CodeInvalid, field+".line_id", "line %q is not one of the customer's", d.LineID)
			}
			if err != nil {
				return nil, err
			}
			f.ContractEnd = l.EndedOn
		}
		if earliest.IsZero() || d.From.Before(earliest) {
			earliest = d.From
		}
		out[i] = billFacts{Facts: f, Jurisdiction: c.Jurisdiction}
	}
	history, err := s.stores.Bills.FindHistory(ctx, ids, earliest, historyBills)
	if err != nil {
		return nil, err
	}
	consents := map[string][]billing.ThirdPartyConsent{}
	if s.stores.Consents != nil {
		if consents, err = s.stores.Consents.FindConsents(ctx, ids); err != nil {
			return nil, err
		}
	}
	for i := range drafts {
		id := drafts[i].CustomerID
		out[i].History, out[i].Consents = history[id], consents[id]
	}
	return out, nil
}

// Run returns a run and a page of its bills.
func (s *Bills) Run(ctx context.Context, id, cursor string, limit int) (*RunResult, string, error) {
	run, err := s.stores.Bills.FindRun(ctx, id)
	if err != nil {
		return nil, "", err
	}
	bills, next, err := s.List(ctx, billing.Filter{RunID: id, After: cursor, Limit: limit})
	if err != nil {
		return nil, "", err
	}
	return &RunResult{Run: run, Bills: bills}, next, nil
}

// List returns a page of bills by id; After is a cursor.
func (s *Bills) List(ctx context.Context, f billing.Filter) ([]*billing.Bill, string, error) {
	after, err := tact.DecodeCursor(f.After)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not a bill status", f.Status)
	}
	f.After, f.Limit = after.ID, tact.PageSize(f.Limit)
	list, err := s.stores.Bills.FindBills(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	return list, tact.Cursor{ID: list[len(list)-1].ID}.Encode(), nil
}

// Get returns one bill.
func (s *Bills) Get(ctx context.Context, id string) (*billing.Bill, error) {
	return s.stores.Bills.FindBill(ctx, id)
}

// Events returns a bill's history, oldest first.
func (s *Bills) Events(ctx context.Context, id string) ([]billing.Event, error) {
	if _, err := s.stores.Bills.FindBill(ctx, id); err != nil {
		return nil, err
	}
	return s.stores.Bills.FindBillEvents(ctx, id)
}

// Release lets a held bill go, with the supervisor's reason.
func (s *Bills) Release(ctx context.Context, id, reason string, ifVersion int) (*billing.Bill, error) {
	return s.change(ctx, id, ifVersion, true, func(b *billing.Bill) (billing.Event, error) { return billing.Release(b, reason) })
}

// Adjust replaces the lines of a bill that has not left, with the
// supervisor's reason, and reviews it again.
func (s *Bills) Adjust(ctx context.Context, id string, lines []billing.Line, reason string, ifVersion int) (*billing.Bill, error) {
	return s.change(ctx, id, ifVersion, true, func(b *billing.Bill) (billing.Event, error) {
		f, err := s.factsOf(ctx, []billing.Bill{*b})
		if err != nil {
			return billing.Event{}, err
		}
		return billing.Adjust(b, lines, reason, f[0].Facts, s.policy.Review[f[0].Jurisdiction])
	})
}

// Report records what the billing system says of a bill: sent, partially
// paid or settled, with what has been paid.
func (s *Bills) Report(ctx context.Context, id string, to billing.Status, paid int64) (*billing.Bill, error) {
	return s.change(ctx, id, 0, false, func(b *billing.Bill) (billing.Event, error) { return billing.Report(b, to, paid) })
}

// change applies step to a bill at the version read (ifVersion, when not
// 0), stamps its event and stores both; a supervisor's step checks the
// person acting.
func (s *Bills) change(ctx context.Context, id string, ifVersion int, supervisor bool, step func(*billing.Bill) (billing.Event, error)) (*billing.Bill, error) {
	b, err := s.stores.Bills.FindBill(ctx, id)
	if err != nil {
		return nil, err
	}
	if supervisor {
		p, err := person(ctx, s.stores.Access)
		if err != nil {
			return nil, err
		}
		if !p.Supervisor {
			return nil, tact.Errorf(tact.CodeForbidden, "only a supervisor releases or adjusts a held bill (On-Behalf-Of a supervisor)")
		}
	}
	if ifVersion != 0 && b.Version != ifVersion {
		return nil, tact.Errorf(tact.CodePreconditionFailed, "the bill was changed by someone else; read it again and retry")
	}
	ev, err := step(b)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	ev.ID, ev.BillID, ev.Actor, ev.At = s.ids.New(tact.PrefixBillEvent), b.ID, tact.ActorFrom(ctx), now
	b.UpdatedAt = now
	if err := s.stores.Bills.UpdateBill(ctx, b, ev); err != nil {
		return nil, err
	}
	return b, nil
}
