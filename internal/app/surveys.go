package app

import (
	"context"
	"slices"
	"time"

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
// make (POST /v1/survey-requests) and acts on it (survey.FollowUpOf): a
// detractor gets a complaint case with his words and a promise to call him
// back within 48 hours; a passive a promise of a follow-up within 5
// business days; both owned by his named advisor, else by a supervisor. The
// answer goes on his timeline with what was done with it.
//
// The answer is stored first, under its unique (customer, event), and only
// the request that stored it acts: two vendors sending it at once open one
// case. The same answer sent again returns the stored one (created false)
// and does nothing twice; when a failure interrupted its follow-up, it
// resumes it, from where it stopped.
func (s *Surveys) Answer(ctx context.Context, r survey.Response) (*survey.Response, bool, error) {
	now := s.clock.Now()
	if err := r.Validate(now); err != nil {
		return nil, false, err
	}
	// What was done with the answer is tact's to say, not the vendor's: a
	// case named here would be taken for one already opened.
	r.FollowUp, r.CaseID, r.CommitmentID = "", "", ""
	c, err := s.stores.Customers.FindCustomerByID(ctx, r.CustomerID)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, false, tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", r.CustomerID)
	}
	if err != nil {
		return nil, false, err
	}
	if stored, err := s.stored(ctx, c.ID, r.Event); err != nil || stored != nil {
		if err != nil {
			return nil, false, err
		}
		return s.again(ctx, c, stored, &r)
	}
	surveys, err := s.stores.Surveys.FindSurveys(ctx, c.ID)
	if err != nil {
		return nil, false, err
	}
	if !slices.ContainsFunc(surveys, func(q *survey.Request) bool { return q.Event == r.Event && q.Source == r.Source }) {
		return nil, false, tact.FieldError(tact.CodeInvalid, "event", "no survey of event %q was allowed to %s: ask first (POST /v1/survey-requests)", r.Event, r.Source)
	}
	r.ID, r.CreatedAt, r.Version = s.ids.New(tact.PrefixSurvey), now.UTC(), 1
	r.AnsweredAt = r.AnsweredAt.UTC()
	f, acts := survey.FollowUpOf(&r, c, now)
	var evs []customer.Event
	if acts {
		r.FollowUp = survey.FollowUpPending
	} else {
		evs = s.timelineEvents(ctx, &r, now)
	}
	if err := s.stores.Responses.CreateResponse(ctx, &r, evs); err != nil {
		if tact.ErrorCode(err) != tact.CodeConflict {
			return nil, false, err
		}
		// Another request stored it since it was looked for: that one acts.
		stored, ferr := s.stored(ctx, c.ID, r.Event)
		if ferr != nil {
			return nil, false, ferr
		}
		if stored == nil {
			return nil, false, err
		}
		return s.again(ctx, c, stored, &r)
	}
	if acts {
		if err := s.followUp(ctx, c, &r, f, now); err != nil {
			return nil, false, err
		}
	}
	return &r, true, nil
}

// stored returns the customer's answer about event, nil when there is none.
func (s *Surveys) stored(ctx context.Context, customerID, event string) (*survey.Response, error) {
	answered, err := s.stores.Responses.FindResponses(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(answered, func(a *survey.Response) bool { return a.Event == event }); i >= 0 {
		return answered[i], nil
	}
	return nil, nil
}

// again answers r sent again when stored has its event: a different answer
// is a conflict; the same one is stored, whose follow-up a failure
// interrupted is resumed by the one request that moves it on from the
// version read (the others return it as they read it).
func (s *Surveys) again(ctx context.Context, c *customer.Customer, stored, r *survey.Response) (*survey.Response, bool, error) {
	if stored.Source != r.Source || stored.Scale != r.Scale || stored.Score != r.Score || stored.Verbatim != r.Verbatim {
		return nil, false, tact.FieldError(tact.CodeConflict, "event", "event %q was already answered, differently", r.Event)
	}
	if stored.FollowUp != survey.FollowUpInterrupted {
		return stored, false, nil
	}
	now := s.clock.Now()
	f, acts := survey.FollowUpOf(stored, c, now)
	if !acts {
		return nil, false, tact.Errorf(tact.CodeInternal, "survey answer %s: interrupted, yet its %s answer calls for nothing", stored.ID, stored.Sentiment)
	}
	resumed := *stored
	resumed.FollowUp = survey.FollowUpPending
	if err := s.stores.Responses.UpdateResponse(ctx, &resumed, nil); err != nil {
		if tact.ErrorCode(err) == tact.CodePreconditionFailed {
			return stored, false, nil // another retry resumed it first
		}
		return nil, false, err
	}
	if err := s.followUp(ctx, c, &resumed, f, now); err != nil {
		return nil, false, err
	}
	return &resumed, false, nil
}

// followUp carries out f for the pending answer r and records the outcome:
// done, with what was done and the answer on the customer's timeline; or
// interrupted, with what was done so far, so that the same answer sent
// again resumes it. The outcome is recorded even when the request was
// cancelled: an answer left pending is never acted on again.
func (s *Surveys) followUp(ctx context.Context, c *customer.Customer, r *survey.Response, f survey.FollowUp, now time.Time) error {
	err := s.act(ctx, c, r, f)
	if err != nil {
		r.FollowUp = survey.FollowUpInterrupted
		if werr := s.stores.Responses.UpdateResponse(context.WithoutCancel(ctx), r, nil); werr != nil {
			s.log.ErrorContext(ctx, "survey answer: its follow-up failed and could not be marked interrupted; it stays pending",
				"response", r.ID, "err", err, "write_err", werr)
		}
		return err
	}
	r.FollowUp = survey.FollowUpDone
	return s.stores.Responses.UpdateResponse(context.WithoutCancel(ctx), r, s.timelineEvents(ctx, r, now))
}

// timelineEvents are the customer events that put r on his timeline.
func (s *Surveys) timelineEvents(ctx context.Context, r *survey.Response, now time.Time) []customer.Event {
	evs := []customer.Event{r.TimelineEvent()}
	customer.Stamp(evs, r.CustomerID, now, tact.ActorFrom(ctx), s.ids)
	return evs
}

// act carries out what an unhappy or lukewarm answer calls for
// (survey.FollowUpOf), owned by ownerOf, recording on r what it did: a
// case r already names (opened before an interruption) is not opened again.
func (s *Surveys) act(ctx context.Context, c *customer.Customer, r *survey.Response, f survey.FollowUp) error {
	owner, err := ownerOf(ctx, s.stores.Access, c)
	if err != nil {
		return err
	}
	d := f.Promise
	d.OwnerID = owner
	if f.Case != nil && r.CaseID == "" {
		k := *f.Case
		k.OwnerID = owner
		opened, err := s.cases.open(ctx, c, k, "")
		if err != nil {
			return err
		}
		r.CaseID = opened.ID
	}
	d.CaseID = r.CaseID
	made, err := s.commitments.Make(ctx, d)
	if err != nil {
		return err
	}
	r.CommitmentID = made.ID
	return nil
}

// Answers returns a customer's survey answers, newest first, with what was
// done with each.
func (s *Surveys) Answers(ctx context.Context, customerID string) ([]*survey.Response, error) {
	if customerID == "" {
		return nil, tact.FieldError(tact.CodeRequired, "customer_id", "say whose answers")
	}
	return s.stores.Responses.FindResponses(ctx, customerID)
}
