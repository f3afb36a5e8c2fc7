package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Commitments is the service over promises made to customers.
type Commitments struct {
	service
	store        commitment.Store
	customers    customer.Store
	cases        cases.Store
	users        access.Store
	interactions interaction.Store
	deliveries   *Deliveries
	operator     tact.Operator
}

// Make records a promise. Its owner must be a user; its case, if any, the
// customer's.
func (s *Commitments) Make(ctx context.Context, d commitment.Draft) (*commitment.Commitment, error) {
	if !tact.HasPrefix(d.CustomerID, tact.PrefixCustomer) {
		return nil, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", d.CustomerID)
	}
	if _, err := s.customers.FindCustomerByID(ctx, d.CustomerID); err != nil {
		if tact.ErrorCode(err) == tact.CodeNotFound {
			return nil, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", d.CustomerID)
		}
		return nil, err
	}
	if d.OwnerID != "" {
		if _, err := user(ctx, s.users, d.OwnerID, "owner_id"); err != nil {
			return nil, err
		}
	}
	if d.CaseID != "" {
		k, err := s.cases.FindCaseByID(ctx, d.CaseID)
		if err != nil || k.CustomerID != d.CustomerID {
			return nil, tact.FieldError(tact.CodeInvalid, "case_id", "case %q is not one of this customer's cases", d.CaseID)
		}
	}
	now := s.clock.Now()
	c, evs, err := commitment.Make(d, now)
	if err != nil {
		return nil, err
	}
	c.ID = s.ids.New(tact.PrefixCommitment)
	commitment.Stamp(evs, c, now, tact.ActorFrom(ctx), s.ids)
	if err := s.store.CreateCommitment(ctx, c, evs); err != nil {
		return nil, err
	}
	return c, nil
}

// Get returns one promise.
func (s *Commitments) Get(ctx context.Context, id string) (*commitment.Commitment, error) {
	if !tact.HasPrefix(id, tact.PrefixCommitment) {
		return nil, tact.NotFound("commitment", id)
	}
	return s.store.FindCommitmentByID(ctx, id)
}

// List returns a page of promises, soonest due first.
func (s *Commitments) List(ctx context.Context, f commitment.Filter, cursor string) ([]*commitment.Commitment, string, error) {
	after, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "status", "status %q is not pending, overdue, kept or cancelled", f.Status)
	}
	f.After, f.Limit = after, tact.PageSize(f.Limit)
	list, err := s.store.FindCommitments(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{At: last.Due, ID: last.ID}.Encode(), nil
}

func (s *Commitments) change(ctx context.Context, id string, ifVersion int, step func(*commitment.Commitment, time.Time) ([]commitment.Event, error)) (*commitment.Commitment, error) {
	return mutate(ctx, "commitment", id, ifVersion,
		func() (*commitment.Commitment, int, error) {
			c, err := s.Get(ctx, id)
			if err != nil {
				return nil, 0, err
			}
			return c, c.Version, nil
		},
		func(c *commitment.Commitment) ([]commitment.Event, error) {
			now := s.clock.Now()
			evs, err := step(c, now)
			commitment.Stamp(evs, c, now, tact.ActorFrom(ctx), s.ids)
			return evs, err
		},
		func(c *commitment.Commitment, evs []commitment.Event) error {
			return s.store.UpdateCommitment(ctx, c, evs)
		})
}

// Keep records a promise kept. The evidence must exist and be the customer's
// when tact holds it (a delivery, an interaction); a credit note's id is
// recorded as given.
func (s *Commitments) Keep(ctx context.Context, id string, ev commitment.Evidence, ifVersion int) (*commitment.Commitment, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	owner := ""
	switch ev.Kind {
	case commitment.EvidenceDelivery:
		if d, err := s.deliveries.Get(ctx, ev.ID); err == nil {
			owner = d.CustomerID
		}
	case commitment.EvidenceInteraction:
		if tact.HasPrefix(ev.ID, tact.PrefixInteraction) {
			if i, err := s.interactions.FindInteractionByID(ctx, ev.ID); err == nil {
				owner = i.CustomerID
			}
		}
	default:
		owner = c.CustomerID
	}
	if owner != c.CustomerID {
		return nil, tact.FieldError(tact.CodeInvalid, "evidence.id", "%s %q is not one of this customer's", ev.Kind, ev.ID)
	}
	return s.change(ctx, id, ifVersion, func(c *commitment.Commitment, now time.Time) ([]commitment.Event, error) {
		return c.Keep(ev, now)
	})
}

// Cancel withdraws a promise with the reason the customer is told, and tells
// them: the withdrawal is queued in writing, once (key "withdrawal:" + id),
// before the promise is marked, as the sweep does with its apology. A customer
// with no written channel is not written to; the cancellation stands.
func (s *Commitments) Cancel(ctx context.Context, id, reason string, ifVersion int) (*commitment.Commitment, error) {
	return s.change(ctx, id, ifVersion, func(c *commitment.Commitment, now time.Time) ([]commitment.Event, error) {
		evs, err := c.Cancel(reason, now)
		if err != nil {
			return nil, err
		}
		cust, err := s.customers.FindCustomerByID(ctx, c.CustomerID)
		if err != nil {
			return nil, err
		}
		subject, body := c.Withdrawal(cust.Person(), s.operator, cust.Jurisdiction, cust.Location())
		_, routed, err := s.deliveries.Write(ctx, cust, delivery.Delivery{Kind: delivery.Notice, Subject: subject, Body: body,
			CaseID: c.CaseID, CommitmentID: c.ID, Key: "withdrawal:" + c.ID})
		if err == nil && !routed {
			s.log.WarnContext(ctx, "cancelled promise: the customer has no written channel to be told", "commitment", c.ID)
		}
		return evs, err
	})
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Overdue   int `json:"overdue"`
	Apologies int `json:"apologies"`
}

// sweepBatch is how many past-due promises a sweep reads at a time.
const sweepBatch = 200

// Sweep finds pending promises past their due date: each becomes overdue, is
// escalated to its owner's supervisor, and the customer's apology with a new
// date is queued in writing. The apology is queued first, under a key of its
// own, then the promise is marked: a sweep interrupted between the two does
// the rest next time, and a sweep run twice does nothing twice. A promise that
// fails is logged and left for the next pass; the others are swept.
func (s *Commitments) Sweep(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	var failed error
	now := s.clock.Now()
	// Read all the users once per sweep, and only if an owner has no
	// supervisor of his own.
	anySupervisor := sync.OnceValue(func() string { return s.firstSupervisor(ctx) })
	var after tact.Cursor
	for {
		list, err := s.store.FindCommitments(ctx, commitment.Filter{Status: commitment.Pending, DueBefore: now, After: after, Limit: sweepBatch})
		if err != nil {
			return res, errors.Join(failed, err)
		}
		for _, c := range list {
			queued, err := s.overdue(ctx, c, now, anySupervisor)
			if ctx.Err() != nil {
				return res, errors.Join(failed, ctx.Err())
			}
			if err != nil {
				// One promise that cannot be swept must not keep the others
				// from their apology; it is retried next pass.
				s.log.ErrorContext(ctx, "overdue sweep: promise not swept", "commitment", c.ID, "err", err)
				failed = errors.Join(failed, fmt.Errorf("promise %s: %w", c.ID, err))
				continue
			}
			res.Overdue++
			if queued {
				res.Apologies++
			}
		}
		if len(list) < sweepBatch {
			return res, failed
		}
		last := list[len(list)-1]
		after = tact.Cursor{At: last.Due, ID: last.ID}
	}
}

func (s *Commitments) overdue(ctx context.Context, c *commitment.Commitment, now time.Time, anySupervisor func() string) (bool, error) {
	cust, err := s.customers.FindCustomerByID(ctx, c.CustomerID)
	if err != nil {
		return false, err
	}
	cal, loc := calendar.For(cust.Jurisdiction), cust.Location()
	supervisor := s.supervisorOf(ctx, c.OwnerID, anySupervisor)
	probe := *c
	probe.FallOverdue(now, supervisor, cal, loc)

	subject, body := probe.Apology(cust.Person(), s.operator, cust.Jurisdiction, loc)
	queued, routed, err := s.deliveries.Write(ctx, cust, delivery.Delivery{Kind: delivery.Apology, Subject: subject, Body: body,
		CaseID: c.CaseID, CommitmentID: c.ID, Key: "apology:" + c.ID})
	if err != nil {
		return false, err
	}
	if !routed {
		s.log.WarnContext(ctx, "overdue promise: the customer has no written channel for the apology", "commitment", c.ID)
	}
	sys := tact.WithActor(ctx, tact.Actor{Kind: tact.ActorSystem, ID: "sweep", Name: "overdue sweep"})
	_, err = s.change(sys, c.ID, 0, func(c *commitment.Commitment, _ time.Time) ([]commitment.Event, error) {
		return c.FallOverdue(now, supervisor, cal, loc), nil
	})
	return queued, err
}

// supervisorOf returns the supervisor an owner's overdue promises go to: the
// owner's own, else anySupervisor's (the first supervisor on file), else ""
// (the promise still shows in the overdue list every supervisor reads).
func (s *Commitments) supervisorOf(ctx context.Context, ownerID string, anySupervisor func() string) string {
	if u, err := s.users.FindUserByID(ctx, ownerID); err == nil && u.SupervisorID != "" {
		return u.SupervisorID
	}
	return anySupervisor()
}

// firstSupervisor returns the first enabled supervisor on file, or "".
func (s *Commitments) firstSupervisor(ctx context.Context) string {
	users, err := s.users.FindUsers(ctx)
	if err != nil {
		return ""
	}
	for _, u := range users {
		if u.Role == access.Supervisor && u.DisabledAt == nil {
			return u.ID
		}
	}
	return ""
}
