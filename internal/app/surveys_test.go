package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// failingCommitments is a promise store whose next creations fail, as a
// database that goes away between the case and the promise.
type failingCommitments struct {
	commitment.Store
	fail atomic.Int32
}

func (f *failingCommitments) CreateCommitment(ctx context.Context, c *commitment.Commitment, evs []commitment.Event) error {
	if f.fail.Add(-1) >= 0 {
		return errors.New("the database went away")
	}
	return f.Store.CreateCommitment(ctx, c, evs)
}

// surveyWorld is an app whose promise store can be made to fail, and a
// customer an exit survey was allowed of.
type surveyWorld struct {
	t           *testing.T
	ctx         context.Context
	a           *app.App
	st          app.Stores
	commitments *failingCommitments
	c           *customer.Customer
	answer      survey.Response
}

func newSurveyWorld(t *testing.T, st app.Stores) *surveyWorld {
	t.Helper()
	now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC) // a Tuesday
	w := &surveyWorld{t: t, ctx: t.Context(), st: st, commitments: &failingCommitments{Store: st.Commitments}}
	st.Commitments = w.commitments
	w.a = app.New(st, app.Options{Clock: tact.NewManualClock(now), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	c, err := w.a.Customers.Create(w.ctx, customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Paul"), FamilyName: tact.Some("Leroy"),
		Phones: tact.Some([]customer.Phone{{Number: "06 12 34 56 78", Primary: true}})})
	if err != nil {
		t.Fatal(err)
	}
	w.c = c
	event := "exit:" + c.ID
	d, err := w.a.Contacts.RequestSurvey(w.ctx, survey.Ask{CustomerID: c.ID, Event: event, Source: "pollster", Channel: tact.ChannelSMS})
	if err != nil || d.Survey == nil {
		t.Fatalf("the exit survey: %v, %+v", err, d)
	}
	w.answer = survey.Response{CustomerID: c.ID, Event: event, Source: "pollster", Scale: survey.NPS, Score: 2,
		Verbatim: "Un appel masqué après mon départ.", AnsweredAt: now.Add(-time.Hour)}
	return w
}

// supervisor adds the quality desk, who owns follow-ups of customers
// without an advisor.
func (w *surveyWorld) supervisor() {
	w.t.Helper()
	if err := w.st.Access.CreateUser(w.ctx, &access.User{ID: "usr_01QUALITY0000000000000000", Email: "qualite@example.fr", Name: "Qualité",
		Role: access.Supervisor, PasswordHash: "never signs in", CreatedAt: time.Now()}); err != nil {
		w.t.Fatal(err)
	}
}

// done checks what the answer led to: one complaint case and one call back
// about it, and the answer on his timeline once.
func (w *surveyWorld) done(r *survey.Response) {
	w.t.Helper()
	ks, err := w.st.Cases.FindCases(w.ctx, cases.Filter{CustomerID: w.c.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	ps, err := w.st.Commitments.FindCommitments(w.ctx, commitment.Filter{CustomerID: w.c.ID})
	if err != nil {
		w.t.Fatal(err)
	}
	if len(ks) != 1 || len(ps) != 1 || r.FollowUp != survey.FollowUpDone || r.CaseID != ks[0].ID || r.CommitmentID != ps[0].ID || ps[0].CaseID != ks[0].ID {
		w.t.Fatalf("%d cases and %d promises for one answer %+v, want one of each, named by it", len(ks), len(ps), r)
	}
	entries, err := w.st.Timeline.FindTimeline(w.ctx, w.c.ID, tact.Cursor{}, tact.MaxPageSize)
	if err != nil {
		w.t.Fatal(err)
	}
	answered := 0
	for _, e := range entries {
		if e.Event != nil && e.Event.Kind == customer.EventSurveyAnswered {
			answered++
		}
	}
	if answered != 1 {
		w.t.Errorf("the answer is %d times on his timeline, want once", answered)
	}
	stored, err := w.a.Surveys.Answers(w.ctx, w.c.ID)
	if err != nil || len(stored) != 1 || stored[0].FollowUp != survey.FollowUpDone || stored[0].CaseID != r.CaseID {
		w.t.Errorf("stored answers %+v (%v), want the one done", stored, err)
	}
}

// TestSurveyAnswerRaceActsOnce: vendors sending the same detractor answer
// at once open one case and make one promise; every one of them is answered
// with the one answer stored.
func TestSurveyAnswerRaceActsOnce(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		w := newSurveyWorld(t, st)
		w.supervisor()
		const n = 8
		type result struct {
			r       *survey.Response
			created bool
			err     error
		}
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				r, created, err := w.a.Surveys.Answer(w.ctx, w.answer)
				results[i] = result{r, created, err}
			})
		}
		close(start)
		wg.Wait()
		created, id := 0, ""
		var first *survey.Response
		for i, res := range results {
			if res.err != nil {
				t.Fatalf("answer %d: %v", i, res.err)
			}
			if res.created {
				created, first = created+1, res.r
			}
			if id == "" {
				id = res.r.ID
			}
			if res.r.ID != id {
				t.Errorf("answer %d is %s, another %s", i, res.r.ID, id)
			}
		}
		if created != 1 {
			t.Fatalf("%d of %d identical answers were created, want 1", created, n)
		}
		w.done(first)
	})
}

// TestSurveyAnswerRetryAfterNoOwner: an answer whose follow-up nobody can
// own (no advisor, no supervisor) is kept, interrupted, nothing done; the
// same answer sent again once a supervisor exists resumes it, and a third
// time does nothing.
func TestSurveyAnswerRetryAfterNoOwner(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		w := newSurveyWorld(t, st)
		if _, _, err := w.a.Surveys.Answer(w.ctx, w.answer); tact.ErrorCode(err) != tact.CodeConflict {
			t.Fatalf("an answer nobody can own: %v, want conflict", err)
		}
		stored, err := w.a.Surveys.Answers(w.ctx, w.c.ID)
		if err != nil || len(stored) != 1 || stored[0].FollowUp != survey.FollowUpInterrupted || stored[0].CaseID != "" {
			t.Fatalf("after the failure: %+v (%v), want the answer interrupted, nothing done", stored, err)
		}
		w.supervisor()
		r, created, err := w.a.Surveys.Answer(w.ctx, w.answer)
		if err != nil || created || r.ID != stored[0].ID {
			t.Fatalf("the retry: %+v created %v, %v; want the stored answer resumed", r, created, err)
		}
		w.done(r)
		again, _, err := w.a.Surveys.Answer(w.ctx, w.answer)
		if err != nil || again.CaseID != r.CaseID {
			t.Fatalf("a third time: %+v, %v", again, err)
		}
		w.done(again)
	})
}

// TestSurveyAnswerRetryAfterPromiseFails: when the promise fails after the
// case was opened, the answer keeps its case; sent again, it makes the
// promise about that case without opening a second.
func TestSurveyAnswerRetryAfterPromiseFails(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		w := newSurveyWorld(t, st)
		w.supervisor()
		w.commitments.fail.Store(1)
		if _, _, err := w.a.Surveys.Answer(w.ctx, w.answer); err == nil {
			t.Fatal("the promise failed, the answer did not")
		}
		stored, err := w.a.Surveys.Answers(w.ctx, w.c.ID)
		if err != nil || len(stored) != 1 || stored[0].FollowUp != survey.FollowUpInterrupted || stored[0].CaseID == "" || stored[0].CommitmentID != "" {
			t.Fatalf("after the failure: %+v (%v), want the answer interrupted with its case", stored, err)
		}
		r, created, err := w.a.Surveys.Answer(w.ctx, w.answer)
		if err != nil || created || r.CaseID != stored[0].CaseID {
			t.Fatalf("the retry: %+v created %v, %v; want the stored answer resumed with its case", r, created, err)
		}
		w.done(r)
	})
}
