package app

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Cases is the service over cases.
type Cases struct {
	service
	store        cases.Store
	customers    customer.Store
	users        access.Store
	interactions interaction.Store
	levels       map[cases.Category]cases.ServiceLevel
}

// Open opens a case for a customer; service levels are counted in the
// customer's calendar from now.
func (s *Cases) Open(ctx context.Context, d cases.Draft) (*cases.Case, error) {
	c, err := s.customerOf(ctx, d.CustomerID)
	if err != nil {
		return nil, err
	}
	if d.OwnerID != "" {
		if _, err := user(ctx, s.users, d.OwnerID, "owner_id"); err != nil {
			return nil, err
		}
	}
	p, err := person(ctx, s.users)
	if err != nil {
		return nil, err
	}
	if err := d.MayAssign(p); err != nil {
		return nil, err
	}
	return s.open(ctx, c, d, "")
}

func (s *Cases) open(ctx context.Context, c *customer.Customer, d cases.Draft, reopens string) (*cases.Case, error) {
	now := s.clock.Now()
	k, evs, err := cases.Open(d, now, calendar.For(c.Jurisdiction), c.Location(), s.levels)
	if err != nil {
		return nil, err
	}
	k.ID, k.ReopensCaseID = s.ids.New(tact.PrefixCase), reopens
	cases.Stamp(evs, k, now, tact.ActorFrom(ctx), s.ids)
	if err := s.store.CreateCase(ctx, k, evs); err != nil {
		return nil, err
	}
	return k, nil
}

func (s *Cases) customerOf(ctx context.Context, id string) (*customer.Customer, error) {
	if !tact.HasPrefix(id, tact.PrefixCustomer) {
		return nil, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", id)
	}
	c, err := s.customers.FindCustomerByID(ctx, id)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", id)
	}
	return c, err
}

// Get returns one case.
func (s *Cases) Get(ctx context.Context, id string) (*cases.Case, error) {
	if !tact.HasPrefix(id, tact.PrefixCase) {
		return nil, tact.NotFound("case", id)
	}
	return s.store.FindCaseByID(ctx, id)
}

// Events returns a case's history, oldest first.
func (s *Cases) Events(ctx context.Context, id string) ([]cases.Event, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindCaseEvents(ctx, id)
}

// CaseQuery selects cases for a list.
type CaseQuery struct {
	CustomerID string
	OwnerID    string
	Status     cases.Status
	OpenOnly   bool
	// Breached keeps the cases that have missed a service level by now.
	Breached bool
	Cursor   string
	Limit    int
}

// List returns a page of cases, newest first, and the next page's cursor.
func (s *Cases) List(ctx context.Context, q CaseQuery) ([]*cases.Case, string, error) {
	after, err := tact.DecodeCursor(q.Cursor)
	if err != nil {
		return nil, "", err
	}
	if q.Status != "" && !q.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not a case status", q.Status)
	}
	f := cases.Filter{CustomerID: q.CustomerID, OwnerID: q.OwnerID, Status: q.Status, OpenOnly: q.OpenOnly, After: after, Limit: tact.PageSize(q.Limit)}
	if q.Breached {
		f.DueBefore = s.clock.Now()
	}
	list, err := s.store.FindCases(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{At: last.OpenedAt, ID: last.ID}.Encode(), nil
}

// load returns mutate's reader of case id: the case and its version.
func (s *Cases) load(ctx context.Context, id string) func() (*cases.Case, int, error) {
	return func() (*cases.Case, int, error) {
		k, err := s.Get(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		return k, k.Version, nil
	}
}

// change loads a case, applies a step as the person acting in ctx, and saves
// it with its events, under the optimistic version rule.
func (s *Cases) change(ctx context.Context, id string, ifVersion int, step func(*cases.Case, cases.Person, time.Time) ([]cases.Event, error)) (*cases.Case, error) {
	p, err := person(ctx, s.users)
	if err != nil {
		return nil, err
	}
	return mutate(ctx, "case", id, ifVersion,
		s.load(ctx, id),
		func(k *cases.Case) ([]cases.Event, error) {
			now := s.clock.Now()
			evs, err := step(k, p, now)
			cases.Stamp(evs, k, now, tact.ActorFrom(ctx), s.ids)
			return evs, err
		},
		func(k *cases.Case, evs []cases.Event) error { return s.store.UpdateCase(ctx, k, evs) })
}

// Take puts a new case in progress with an owner (the acting person when
// ownerID is "").
func (s *Cases) Take(ctx context.Context, id, ownerID string, ifVersion int) (*cases.Case, error) {
	if ownerID != "" {
		if _, err := user(ctx, s.users, ownerID, "owner_id"); err != nil {
			return nil, err
		}
	}
	return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
		return k.Take(p, ownerID, now)
	})
}

// AddNote adds a note to a case.
func (s *Cases) AddNote(ctx context.Context, id, note string, ifVersion int) (*cases.Case, error) {
	return s.change(ctx, id, ifVersion, func(k *cases.Case, _ cases.Person, now time.Time) ([]cases.Event, error) {
		return k.AddNote(note, now)
	})
}

// HandOff gives a case to another owner with a written summary.
func (s *Cases) HandOff(ctx context.Context, id, to, summary string, ifVersion int) (*cases.Case, error) {
	if to != "" {
		if _, err := user(ctx, s.users, to, "to_owner_id"); err != nil {
			return nil, err
		}
	}
	return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
		return k.HandOff(p, to, summary, now)
	})
}

// SetStatus moves a case between in progress and waiting.
func (s *Cases) SetStatus(ctx context.Context, id string, status cases.Status, ifVersion int) (*cases.Case, error) {
	return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
		return k.SetStatus(p, status, now)
	})
}

// Resolve records a case's resolution.
func (s *Cases) Resolve(ctx context.Context, id, resolution string, ifVersion int) (*cases.Case, error) {
	return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
		return k.Resolve(p, resolution, now)
	})
}

// Close closes a case. For lack of answer, the written notices recorded on the
// case and the channels the customer can still use decide (story 5).
func (s *Cases) Close(ctx context.Context, id string, reason cases.CloseReason, note string, ifVersion int) (*cases.Case, error) {
	var facts cases.NoAnswerFacts
	if reason == cases.ClosedNoAnswer {
		k, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		if facts, err = s.noAnswerFacts(ctx, k); err != nil {
			return nil, err
		}
	}
	return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
		return k.Close(p, reason, note, facts, now)
	})
}

// noAnswerFacts reads what the no-answer rule judges (cases.NoAnswerFactsFrom):
// the channels the customer can still use and the contacts about the case.
func (s *Cases) noAnswerFacts(ctx context.Context, k *cases.Case) (cases.NoAnswerFacts, error) {
	c, err := s.customers.FindCustomerByID(ctx, k.CustomerID)
	if err != nil {
		return cases.NoAnswerFacts{}, err
	}
	lines, err := s.customers.FindLines(ctx, k.CustomerID)
	if err != nil {
		return cases.NoAnswerFacts{}, err
	}
	list, err := s.interactions.FindInteractions(ctx, interaction.Filter{CustomerID: k.CustomerID, CaseID: k.ID, Limit: tact.MaxPageSize})
	if err != nil {
		return cases.NoAnswerFacts{}, err
	}
	return cases.NoAnswerFactsFrom(c.WrittenChannels(lines), list), nil
}

// Reopen puts a case resolved within 30 days back in progress; a closed case
// is followed by a new case linked to it, which is returned.
func (s *Cases) Reopen(ctx context.Context, id, reason string, ifVersion int) (*cases.Case, error) {
	k, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if k.Status != cases.Closed {
		return s.change(ctx, id, ifVersion, func(k *cases.Case, p cases.Person, now time.Time) ([]cases.Event, error) {
			return k.Reopen(p, reason, now)
		})
	}
	if ifVersion != 0 && k.Version != ifVersion {
		return nil, tact.Errorf(tact.CodePreconditionFailed, "case %s is at version %d, not %d; read it again", k.ID, k.Version, ifVersion)
	}
	d, err := k.FollowUp(reason)
	if err != nil {
		return nil, err
	}
	c, err := s.customers.FindCustomerByID(ctx, k.CustomerID)
	if err != nil {
		return nil, err
	}
	return s.open(ctx, c, d, k.ID)
}

// MarkAnswered records that the customer was answered about a case at a time
// (a contact recorded on the case). It does nothing to a case already answered.
func (s *Cases) MarkAnswered(ctx context.Context, id string, at time.Time) error {
	_, err := mutate(ctx, "case", id, 0,
		s.load(ctx, id),
		func(k *cases.Case) ([]cases.Event, error) {
			evs := k.MarkAnswered(at)
			cases.Stamp(evs, k, at, tact.ActorFrom(ctx), s.ids)
			return evs, nil
		},
		func(k *cases.Case, evs []cases.Event) error { return s.store.UpdateCase(ctx, k, evs) })
	return err
}
