package app

import (
	"context"
	"strconv"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/factbase"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// Contacts is the service every outbound contact asks first: it gathers the
// customer's facts, has the contact policy decide, stores every decision for
// audit and, for an allowed one, hands over the brief of the contact.
type Contacts struct {
	service
	stores Stores
	briefs *Briefs
	policy contactpolicy.Policy
}

// Decision is a stored decision as the one who asked reads it: with the
// brief of the contact when it is allowed (single requests only).
type Decision struct {
	contactpolicy.Record
	Brief *brief.Brief `json:"brief,omitempty"`
}

// SurveyDecision is the answer to a survey vendor: the decision and, when
// allowed, the survey now booked for the event.
type SurveyDecision struct {
	Decision
	Survey *survey.Request `json:"survey,omitempty"`
}

// Explanation is a decision step by step, for people: the facts read, what
// every rule said, and the verdict. Nothing of it is stored.
type Explanation struct {
	Request  contactpolicy.Request
	Facts    contactpolicy.Facts
	Steps    []contactpolicy.Reason
	Decision contactpolicy.Decision
}

// maxAttempts bounds the outbound contacts read as one customer's facts: far
// above what the law lets anyone make in the policy's look-back.
const maxAttempts = 1000

// Policy returns the contact policy in force.
func (s *Contacts) Policy() contactpolicy.Policy { return s.policy }

// lookBack is how far back the policy reads a customer's contacts: the
// longest of its windows and cooldowns in the customer's jurisdiction.
func (s *Contacts) lookBack(j tact.Jurisdiction) time.Duration {
	r := s.policy.Jurisdictions[j]
	return max(r.SalesCallWindow, r.RefusalCooldown, r.SurveyCooldown).Duration()
}

// Facts gathers what the policy knows of a customer at now. A customer that
// does not exist is a fault of the request (invalid customer_id).
func (s *Contacts) Facts(ctx context.Context, customerID string, now time.Time) (contactpolicy.Facts, error) {
	if !tact.HasPrefix(customerID, tact.PrefixCustomer) {
		return contactpolicy.Facts{}, noCustomer(customerID)
	}
	found, err := s.stores.Facts.FindFacts(ctx, s.factsQuery([]string{customerID}, now))
	if err != nil {
		return contactpolicy.Facts{}, err
	}
	f, ok := found[customerID]
	if !ok {
		return contactpolicy.Facts{}, noCustomer(customerID)
	}
	return *f, nil
}

// factsQuery asks for the facts of ids as the policy reads them at now: the
// contacts of each customer's look-back, bounded as one page of promises and
// cases, and the context of the brief. A batch writes no briefs but asks for
// the same: a store that keeps profiles keeps one kind.
func (s *Contacts) factsQuery(ids []string, now time.Time) contactpolicy.FactsQuery {
	return contactpolicy.FactsQuery{CustomerIDs: ids, MaxAttempts: maxAttempts, MaxOpen: tact.MaxPageSize, LastContacts: brief.LastContacts,
		Since: func(j tact.Jurisdiction) time.Time { return now.Add(-s.lookBack(j)) }}
}

// FactsQuery is the query the service reads the facts of ids with at now:
// what a memory-resident fact base (internal/factbase) loads its customers
// with.
func (s *Contacts) FactsQuery(ids []string, now time.Time) contactpolicy.FactsQuery {
	return s.factsQuery(ids, now)
}

// FactBounds are the bounds of every query the service reads facts with: a
// fact base keeping profiles of these bounds answers all of them.
func FactBounds() factbase.Bounds {
	return factbase.Bounds{MaxAttempts: maxAttempts, MaxOpen: tact.MaxPageSize, LastContacts: brief.LastContacts}
}

// WriteProfiles has a store that keeps customer profiles write those it lacks,
// as decisions read them now, and returns how many it wrote; other stores
// have nothing to write.
func (s *Contacts) WriteProfiles(ctx context.Context, progress func(written int)) (int, error) {
	w, ok := s.stores.Facts.(contactpolicy.ProfileWriter)
	if !ok {
		return 0, nil
	}
	return w.WriteMissingProfiles(ctx, s.factsQuery(nil, s.clock.Now()), progress)
}

// noCustomer is the fault of a request naming a customer that does not
// exist: a reference in a body that points nowhere is a fault of the body.
func noCustomer(id string) error {
	return tact.FieldError(tact.CodeInvalid, "customer_id", "customer %q does not exist", id)
}

// prepare normalizes and validates a request and truncates its time to what
// the stores keep.
func prepare(req *contactpolicy.Request) error {
	req.Normalize()
	if !req.At.IsZero() {
		req.At = req.At.UTC().Truncate(tact.Resolution)
	}
	return req.Validate()
}

// judge decides req on f and returns the record to store.
func (s *Contacts) judge(ctx context.Context, req contactpolicy.Request, f contactpolicy.Facts, now time.Time) *contactpolicy.Record {
	d := contactpolicy.Decide(req, f, s.policy, now)
	return &contactpolicy.Record{ID: s.ids.New(tact.PrefixDecision), Request: req, Actor: tact.ActorFrom(ctx), Decision: d, DecidedAt: now}
}

// Decide answers one request, stores the decision, and adds the brief of the
// contact when it is allowed.
func (s *Contacts) Decide(ctx context.Context, req contactpolicy.Request) (*Decision, error) {
	if err := prepare(&req); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	f, err := s.Facts(ctx, req.CustomerID, now)
	if err != nil {
		return nil, err
	}
	rec := s.judge(ctx, req, f, now)
	if err := s.stores.Decisions.CreateDecisions(ctx, []*contactpolicy.Record{rec}); err != nil {
		return nil, err
	}
	out := &Decision{Record: *rec}
	if rec.Verdict == contactpolicy.Allow {
		if out.Brief, err = s.briefs.ForContact(ctx, f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecideBatch answers up to contactpolicy.MaxBatch requests in order: the
// facts of all its customers are read at once, and every decision is stored
// in one write. Briefs are not added (a dialer reads one when it connects). A fault
// in any request refuses the whole batch, naming it (requests[i].field).
func (s *Contacts) DecideBatch(ctx context.Context, reqs []contactpolicy.Request) ([]*Decision, error) {
	if len(reqs) > contactpolicy.MaxBatch {
		return nil, tact.FieldError(tact.CodeBatchTooLarge, "requests", "a batch holds at most %d requests, not %d; split it", contactpolicy.MaxBatch, len(reqs))
	}
	for i := range reqs {
		if err := prepare(&reqs[i]); err != nil {
			return nil, tact.Prefix(indexed("requests", i), err)
		}
	}
	now := s.clock.Now()
	facts, err := s.gather(ctx, reqs, now)
	if err != nil {
		return nil, err
	}
	recs := make([]*contactpolicy.Record, len(reqs))
	for i, req := range reqs {
		recs[i] = s.judge(ctx, req, *facts[req.CustomerID], now)
	}
	if err := s.stores.Decisions.CreateDecisions(ctx, recs); err != nil {
		return nil, err
	}
	out := make([]*Decision, len(recs))
	for i, r := range recs {
		out[i] = &Decision{Record: *r}
	}
	return out, nil
}

// gather reads the facts of every customer of a batch at once, in one
// snapshot. The first fault found in request order is returned, naming its
// request.
func (s *Contacts) gather(ctx context.Context, reqs []contactpolicy.Request, now time.Time) (map[string]*contactpolicy.Facts, error) {
	ids := make([]string, 0, len(reqs))
	for _, r := range reqs {
		if tact.HasPrefix(r.CustomerID, tact.PrefixCustomer) {
			ids = append(ids, r.CustomerID)
		}
	}
	facts, err := s.stores.Facts.FindFacts(ctx, s.factsQuery(ids, now))
	if err != nil {
		return nil, err
	}
	for i, r := range reqs {
		if _, ok := facts[r.CustomerID]; !ok {
			return nil, tact.Prefix(indexed("requests", i), noCustomer(r.CustomerID))
		}
	}
	return facts, nil
}

// RequestSurvey answers a survey vendor. An allowed survey is booked with its
// decision in one write, so the next vendor asking about the same event is
// refused by the policy (survey_once_per_event) before anyone contacts the
// customer. Two vendors asking at the same instant are told apart by the
// store: the second is judged again on the facts that now hold the first.
func (s *Contacts) RequestSurvey(ctx context.Context, ask survey.Ask) (*SurveyDecision, error) {
	req, err := ask.Request()
	if err != nil {
		return nil, err
	}
	if !req.At.IsZero() {
		req.At = req.At.UTC().Truncate(tact.Resolution)
	}
	for attempt := 1; ; attempt++ {
		now := s.clock.Now()
		f, err := s.Facts(ctx, req.CustomerID, now)
		if err != nil {
			return nil, err
		}
		rec := s.judge(ctx, req, f, now)
		if rec.Verdict != contactpolicy.Allow {
			if err := s.stores.Decisions.CreateDecisions(ctx, []*contactpolicy.Record{rec}); err != nil {
				return nil, err
			}
			return &SurveyDecision{Decision: Decision{Record: *rec}}, nil
		}
		sr := &survey.Request{ID: s.ids.New(tact.PrefixSurvey), CustomerID: req.CustomerID, Event: req.Event, Source: req.Source,
			Channel: req.Channel, At: rec.At, DecisionID: rec.ID, CreatedAt: now}
		err = s.stores.Surveys.CreateSurvey(ctx, sr, rec)
		if tact.ErrorCode(err) == tact.CodeConflict && attempt < 2 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &SurveyDecision{Decision: Decision{Record: *rec}, Survey: sr}, nil
	}
}

// Get returns one stored decision.
func (s *Contacts) Get(ctx context.Context, id string) (*contactpolicy.Record, error) {
	if !tact.HasPrefix(id, tact.PrefixDecision) {
		return nil, tact.NotFound("contact decision", id)
	}
	return s.stores.Decisions.FindDecisionByID(ctx, id)
}

// List returns a page of a customer's decisions, newest first.
func (s *Contacts) List(ctx context.Context, customerID, cursor string, limit int) ([]*contactpolicy.Record, string, error) {
	if customerID == "" {
		return nil, "", tact.FieldError(tact.CodeRequired, "customer_id", "list the decisions about one customer (customer_id)")
	}
	before, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	f := contactpolicy.Filter{CustomerID: customerID, Before: before, Limit: tact.PageSize(limit)}
	list, err := s.stores.Decisions.FindDecisions(ctx, f)
	if err != nil || len(list) < f.Limit {
		return list, "", err
	}
	last := list[len(list)-1]
	return list, tact.Cursor{At: last.DecidedAt, ID: last.ID}.Encode(), nil
}

// Explain decides req without storing anything and returns the facts read,
// each rule's say, and the verdict: what `tact policy explain` prints.
func (s *Contacts) Explain(ctx context.Context, req contactpolicy.Request) (*Explanation, error) {
	if err := prepare(&req); err != nil {
		return nil, err
	}
	// An explanation replays: it judges at the instant asked, even a past
	// one, with the facts of now. A real decision never judges the past.
	now := s.clock.Now()
	if !req.At.IsZero() {
		now = req.At
	}
	f, err := s.Facts(ctx, req.CustomerID, now)
	if err != nil {
		return nil, err
	}
	return &Explanation{Request: req, Facts: f, Steps: contactpolicy.Explain(req, f, s.policy, now),
		Decision: contactpolicy.Decide(req, f, s.policy, now)}, nil
}

// indexed names the i-th member of a list in a body: "requests[3]".
func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }
