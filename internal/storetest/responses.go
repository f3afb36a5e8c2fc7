package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

func testSurveyResponses(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	answer := func(event string, at time.Time) *survey.Response {
		return &survey.Response{ID: f.ids.New(tact.PrefixSurvey), CustomerID: c.ID, Event: event, Source: "pollster", Scale: survey.NPS, Score: 3,
			Verbatim: "On m'a appelé en numéro masqué après mon départ.", Sentiment: survey.Detractor, CaseID: "cas_1", CommitmentID: "com_1",
			AnsweredAt: at, CreatedAt: at}
	}
	first, second := answer("case:cas_9", epoch.UTC()), answer("exit:"+c.ID, epoch.Add(time.Hour).UTC())
	must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, first))
	must(t, "CreateResponse", f.st.Responses.CreateResponse(f.ctx, second))
	wantCode(t, "a second answer for the event", f.st.Responses.CreateResponse(f.ctx, answer("exit:"+c.ID, epoch.Add(2*time.Hour).UTC())), tact.CodeConflict, "event")
	orphan := answer("exit:x", epoch.UTC())
	orphan.CustomerID = f.ids.New(tact.PrefixCustomer)
	wantCode(t, "an answer of no customer", f.st.Responses.CreateResponse(f.ctx, orphan), tact.CodeNotFound, "customer_id")
	got, err := f.st.Responses.FindResponses(f.ctx, c.ID)
	must(t, "FindResponses", err)
	diff(t, "his answers, newest first", []*survey.Response{second, first}, got)
}
