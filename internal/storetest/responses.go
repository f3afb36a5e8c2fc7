package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

func testSurveyResponses(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	answer := func(event string, at time.Time) *survey.Response {
		return &survey.Response{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: event, Source: "pollster", Scale: survey.NPS, Score: 3,
			Verbatim: "On m'a appelé en numéro masqué après mon départ.", Sentiment: survey.Detractor, FollowUp: survey.FollowUpPending,
			AnsweredAt: at, CreatedAt: at, Version: 1}
	}
	events := func(r *survey.Response) []customer.Event {
		evs := []customer.Event{r.TimelineEvent()}
		customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
		return evs
	}

	// Created with its events, or alone; a second answer for the event is
	// a conflict that writes none of its events.
	first, second := answer("case:cas_9", epoch.UTC()), answer("exit:"+c.ID, epoch.Add(time.Hour).UTC())
	first.FollowUp, first.Sentiment, first.Score = "", survey.Promoter, 10
	firstEvs := events(first)
	must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, first, firstEvs))
	f.wantEvents(t, c.ID, firstEvs)
	must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, second, nil))
	dup := answer("exit:"+c.ID, epoch.Add(2*time.Hour).UTC())
	dupEvs := events(dup)
	wantCode(t, "a second answer for the event", f.st.Responses.CreateResponse(f.ctx, dup, dupEvs), tact.CodeConflict, "event")
	f.noEvents(t, c.ID, dupEvs)
	orphan := answer("exit:x", epoch.UTC())
	orphan.CustomerID = f.ids.New(tact.PrefixCustomer)
	wantCode(t, "an answer of no customer", f.st.Responses.CreateResponse(f.ctx, orphan, nil), tact.CodeNotFound, "customer_id")

	// Updated at its version only, with its events.
	done := *second
	done.FollowUp, done.CaseID, done.CommitmentID = survey.FollowUpDone, "cas_1", "com_1"
	doneEvs := events(&done)
	must(t, "UpdateResponse", f.st.Responses.UpdateResponse(f.ctx, &done, doneEvs))
	if done.Version != 2 {
		t.Errorf("version after an update: %d, want 2", done.Version)
	}
	f.wantEvents(t, c.ID, doneEvs)
	stale := *second
	stale.FollowUp = survey.FollowUpInterrupted
	staleEvs := events(&stale)
	wantCode(t, "an update of a stale answer", f.st.Responses.UpdateResponse(f.ctx, &stale, staleEvs), tact.CodePreconditionFailed, "")
	if stale.Version != 1 {
		t.Errorf("version after a failed update: %d, want 1 as read", stale.Version)
	}
	f.noEvents(t, c.ID, staleEvs)
	ghost := *second
	ghost.ID = f.ids.New(tact.PrefixSurvey)
	wantCode(t, "an update of no answer", f.st.Responses.UpdateResponse(f.ctx, &ghost, nil), tact.CodeNotFound, "")
	got, err := f.st.Responses.FindResponses(f.ctx, c.ID)
	must(t, "FindResponses", err)
	diff(t, "his answers, newest first", []*survey.Response{&done, first}, got)
}

// testSurveyResponseRaces: vendors storing the same answer at once store it
// once, and retries moving it on from one version move it once: the
// service's follow-up relies on both to act once.
func testSurveyResponseRaces(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	const n = 8
	race := func(try func(i int) error) (won int, errs []error) {
		errs = make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = try(i)
			})
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err == nil {
				won++
			}
		}
		return won, errs
	}
	tries := make([]*survey.Response, n)
	for i := range tries {
		tries[i] = &survey.Response{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: "exit:" + c.ID, Source: "pollster", Scale: survey.NPS,
			Score: 2, Sentiment: survey.Detractor, FollowUp: survey.FollowUpPending, AnsweredAt: epoch.UTC(), CreatedAt: epoch.UTC(), Version: 1}
	}
	won, errs := race(func(i int) error { return f.st.Responses.CreateResponse(f.ctx, tries[i], nil) })
	for i, err := range errs {
		if err != nil && (tact.ErrorCode(err) != tact.CodeConflict || tact.ErrorField(err) != "event") {
			t.Errorf("create %d: %v, want a conflict on event", i, err)
		}
	}
	got, err := f.st.Responses.FindResponses(f.ctx, c.ID)
	must(t, "FindResponses", err)
	if won != 1 || len(got) != 1 {
		t.Fatalf("%d of %d creations of one answer succeeded, %d stored; want 1 and 1", won, n, len(got))
	}
	stored := got[0]
	won, errs = race(func(i int) error {
		resumed := *stored
		resumed.FollowUp = survey.FollowUpInterrupted
		return f.st.Responses.UpdateResponse(f.ctx, &resumed, nil)
	})
	for i, err := range errs {
		if err != nil && tact.ErrorCode(err) != tact.CodePreconditionFailed {
			t.Errorf("update %d: %v, want precondition_failed", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d updates of version 1 succeeded, want 1", won, n)
	}
}
