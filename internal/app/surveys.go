package app

import (
	"context"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// Surveys is the service over survey answers: what a customer says is
// turned into owned action (issue 7, story 5).
type Surveys struct {
	service
	stores      Stores
	cases       *Cases
	commitments *Commitments
}

// Answer records a customer's answer to a survey a vendor was allowed to
// make (POST /v1/survey-requests) and acts on it: a detractor gets a
// complaint case with his words and a promise to call him back within 48
// hours; a passive a promise of a follow-up within 5 business days; both
// owned by his named advisor, else by a supervisor. The same answer sent
// again returns the first (created false) and does nothing twice.
func (s *Surveys) Answer(ctx context.Context, r survey.Response) (*survey.Response, bool, error) {
	now := s.clock.Now()
	if err := r.Validate(now); err != nil {
		return nil, false, err
	}
	c, err := s.stores.Customers.FindCustomerByID(ctx, r.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, false, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", r.CustomerID)
	}
	if err != nil {
		return nil, false, err
	}
	answered, err := s.stores.Responses.FindResponses(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if i := slices.IndexFunc(answered, func(a *survey.Response) bool { return a.Event == r.Event }); i >= 0 {
		if a := answered[i]; a.Source != r.Source || a.Scale != r.Scale || a.Score != r.Score || a.Verbatim != r.Verbatim {
			return nil, false, tact.FieldError(tact.CodeConflict, "event", "event %q was already answered, differently", r.Event)
		}
		return answered[i], false, nil
	}
	surveys, err := s.stores.Surveys.FindSurveys(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if !slices.ContainsFunc(surveys, func(q *survey.Request) bool { return q.Event == r.Event && q.Source == r.Source }) {
		return nil, false, tact.FieldError(tact.CodeInvalid, "event", "no survey of event %q was allowed to %s: ask first (POST /v1/survey-requests)", r.Event, r.Source)
	}
	if f, ok := survey.FollowUpOf(&r, c, now); ok {
		if err := s.act(ctx, c, &r, f); err != nil {
			return nil, false, err
		}
	}
	r.ID, r.CreatedAt = s.ids.New(tact.PrefixSurvey), now.UTC()
	r.AnsweredAt = r.AnsweredAt.UTC()
	if err := s.stores.Responses.CreateResponse(ctx, &r); err != nil {
		return nil, false, err
	}
	return &r, true, nil
}

// act carries out what an unhappy or lukewarm answer calls for
// (survey.FollowUpOf), owned by ownerFor.
func (s *Surveys) act(ctx context.Context, c *customer.Customer, r *survey.Response, f survey.FollowUp) error {
	owner, err := s.ownerFor(ctx, c)
	if err != nil {
		return err
	}
	d := f.Promise
	d.OwnerID = owner
	if f.Case != nil {
		k := *f.Case
		k.OwnerID = owner
		opened, err := s.cases.open(ctx, c, k, "")
		if err != nil {
			return err
		}
		r.CaseID, d.CaseID = opened.ID, opened.ID
	}
	made, err := s.commitments.Make(ctx, d)
	if err != nil {
		return err
	}
	r.CommitmentID = made.ID
	return nil
}

// ownerFor is who owns what an answer calls for: the customer's named
// advisor, else the first enabled supervisor (the quality desk); an
// operator with neither is told so.
func (s *Surveys) ownerFor(ctx context.Context, c *customer.Customer) (string, error) {
	if c.AdvisorID != "" {
		if u, err := s.stores.Access.FindUserByID(ctx, c.AdvisorID); err == nil && u.DisabledAt == nil {
			return u.ID, nil
		}
	}
	users, err := s.stores.Access.FindUsers(ctx)
	if err != nil {
		return "", err
	}
	slices.SortFunc(users, func(a, b *access.User) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range users {
		if u.Role == access.Supervisor && u.DisabledAt == nil {
			return u.ID, nil
		}
	}
	return "", tact.Errorf(tact.CodeConflict, "nobody can own the follow-up: the customer has no advisor and the operator no supervisor")
}

// Answers returns a customer's survey answers, newest first, with what was
// done with each.
func (s *Surveys) Answers(ctx context.Context, customerID string) ([]*survey.Response, error) {
	if customerID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "customer_id", "say whose answers")
	}
	return s.stores.Responses.FindResponses(ctx, customerID)
}
