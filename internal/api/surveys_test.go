package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

type answerView struct {
	ID           string `json:"id"`
	Sentiment    string `json:"sentiment"`
	FollowUp     string `json:"follow_up"`
	CaseID       string `json:"case_id"`
	CommitmentID string `json:"commitment_id"`
}

// answerOnTimeline checks that a's answer is on the customer's timeline
// once, as survey_answered with what was done with it, and that the case
// opened and the promise made for it are there too.
func answerOnTimeline(t *testing.T, e *env, customerID string, a answerView, score string) {
	t.Helper()
	answered, caseOpened, promised := 0, false, false
	for _, en := range e.timeline(customerID) {
		switch en.Kind {
		case "event":
			if en.Event["kind"] != "survey_answered" {
				continue
			}
			answered++
			d, _ := en.Event["detail"].(map[string]any)
			if d["response_id"] != a.ID || d["score"] != score || d["sentiment"] != a.Sentiment ||
				d["case_id"] != nonEmpty(a.CaseID) || d["commitment_id"] != nonEmpty(a.CommitmentID) {
				t.Errorf("the answer on the timeline: %v, want %+v", d, a)
			}
		case "case_event":
			caseOpened = caseOpened || (en.CaseEvent["case_id"] == a.CaseID && en.CaseEvent["kind"] == "opened")
		case "promise_event":
			promised = promised || en.PromiseEvent["commitment_id"] == a.CommitmentID
		}
	}
	if answered != 1 || caseOpened != (a.CaseID != "") || promised != (a.CommitmentID != "") {
		t.Errorf("timeline: %d survey_answered events, case opened %v, promise %v; want 1 and what %+v names", answered, caseOpened, promised, a)
	}
}

// nonEmpty is s as a JSON detail holds it: absent when empty.
func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TestStory5SurveyAnswers: what a customer says in a survey becomes owned
// action. His detractor answer to the exit survey opens a complaint case
// with his words, owned by his advisor, and a promise to call him back
// within 48 hours; the call back's contact decision refuses a masked
// number. A passive answer gets a follow-up within 5 business days, a
// promoter nothing; an answer to a survey nobody was allowed to make is
// refused; the same answer twice is one. The timeline shows each answer
// once, with the case and the promise it led to.
func TestStory5SurveyAnswers(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC) // a Tuesday
		e := newContactEnv(t, st, now)
		sup := e.user(access.Supervisor, "qualite@example.fr", "")
		adv := e.user(access.Advisor, "julie@example.fr", sup)
		var c customer
		e.send("POST", "/v1/customers", customerBody("Lambert")).must(t, http.StatusCreated, &c)
		e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"advisor_id": adv}).must(t, http.StatusOK, nil)

		ask := func(event, vendor string) string {
			var d struct{ Verdict string }
			e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "event": event, "source": vendor, "channel": "sms"}).
				must(t, http.StatusCreated, &d)
			return d.Verdict
		}
		if v := ask("exit:"+c.ID, "pollster-a"); v != "allow" {
			t.Fatalf("vendor A's exit survey: %s", v)
		}
		if v := ask("exit:"+c.ID, "pollster-b"); v != "deny" {
			t.Errorf("vendor B's survey of the same event: %s, want deny", v)
		}
		answer := func(event, vendor string, score int, verbatim string) map[string]any {
			return map[string]any{"customer_id": c.ID, "event": event, "source": vendor, "scale": "nps", "score": score,
				"verbatim": verbatim, "answered_at": now.Add(-time.Hour).Format(time.RFC3339)}
		}
		e.send("POST", "/v1/survey-responses", answer("exit:"+c.ID, "pollster-b", 2, "x")).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "event")
		e.send("POST", "/v1/survey-responses", answer("case:cas_none", "pollster-a", 2, "x")).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "event")

		words := "Deux enquêtes et un appel masqué après mon départ, et on me dit d'appeler le 614."
		var a answerView
		e.send("POST", "/v1/survey-responses", answer("exit:"+c.ID, "pollster-a", 3, words)).must(t, http.StatusCreated, &a)
		if a.Sentiment != "detractor" || a.FollowUp != "done" || a.CaseID == "" || a.CommitmentID == "" {
			t.Fatalf("detractor answer: %+v", a)
		}
		// The timeline shows him what was done with his answer.
		answerOnTimeline(t, e, c.ID, a, "3")
		var k struct {
			OwnerID  string `json:"owner_id"`
			Category string `json:"category"`
			Status   string `json:"status"`
		}
		e.get("/v1/cases/"+a.CaseID).must(t, http.StatusOK, &k)
		if k.OwnerID != adv || k.Category != "complaint" || k.Status != "in_progress" {
			t.Errorf("the case: %+v, want a complaint owned by his advisor", k)
		}
		var notes struct {
			Items []struct {
				Kind string `json:"kind"`
				Text string `json:"text"`
			}
		}
		e.get("/v1/cases/"+a.CaseID+"/events").must(t, http.StatusOK, &notes)
		found := false
		for _, n := range notes.Items {
			found = found || strings.Contains(n.Text, words)
		}
		if !found {
			t.Errorf("his words are not in the case: %+v", notes.Items)
		}
		var p struct {
			Kind    string    `json:"kind"`
			OwnerID string    `json:"owner_id"`
			CaseID  string    `json:"case_id"`
			Due     time.Time `json:"due"`
		}
		e.get("/v1/commitments/"+a.CommitmentID).must(t, http.StatusOK, &p)
		if p.Kind != "call_back" || p.CaseID != a.CaseID || p.OwnerID != adv || !p.Due.Equal(now.Add(48*time.Hour)) {
			t.Errorf("the call back: %+v, due 48 hours after the answer", p)
		}
		// The call back is a service contact about his open case: never
		// with a masked number.
		var d struct {
			Verdict string
			Reasons []struct{ Rule string }
		}
		e.send("POST", "/v1/contact-decisions", map[string]any{"customer_id": c.ID, "purpose": "service", "channel": "phone", "source": "service-client",
			"case_id": a.CaseID}).must(t, http.StatusCreated, &d)
		if d.Verdict != "deny" || len(d.Reasons) == 0 || d.Reasons[0].Rule != "caller_id_shown" {
			t.Errorf("a masked call back: %+v", d)
		}

		// The same answer again is the same; another under the event is refused.
		var again answerView
		e.send("POST", "/v1/survey-responses", answer("exit:"+c.ID, "pollster-a", 3, words)).must(t, http.StatusOK, &again)
		if again.ID != a.ID || again.CaseID != a.CaseID {
			t.Errorf("a retry: %+v, want %+v", again, a)
		}
		e.send("POST", "/v1/survey-responses", answer("exit:"+c.ID, "pollster-a", 9, "")).wantProblem(t, http.StatusConflict, "conflict", "event")
		answerOnTimeline(t, e, c.ID, a, "3")

		// Another customer, no advisor: his passive answer gets a follow-up
		// in 5 business days (Tuesday 10 → Wednesday 18: the 11th is
		// Armistice Day), owned by the supervisor; a third's promoter
		// answer, nothing.
		for _, tc := range []struct {
			name, sentiment string
			score           int
		}{{"Roussel", "passive", 7}, {"Marchand", "promoter", 9}} {
			var other customer
			e.send("POST", "/v1/customers", customerBody(tc.name)).must(t, http.StatusCreated, &other)
			e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": other.ID, "event": "shop:visit-1", "source": "pollster-a", "channel": "sms"}).
				must(t, http.StatusCreated, nil)
			var got answerView
			// What was done with it is not the vendor's to say.
			e.send("POST", "/v1/survey-responses", map[string]any{"customer_id": other.ID, "event": "shop:visit-1", "source": "pollster-a", "scale": "nps",
				"score": tc.score, "answered_at": now.Format(time.RFC3339), "case_id": "cas_forged", "commitment_id": "com_forged", "follow_up": "done"}).
				must(t, http.StatusCreated, &got)
			if got.Sentiment != tc.sentiment || got.CaseID != "" || (tc.sentiment == "passive") != (got.CommitmentID != "") ||
				(tc.sentiment == "passive") != (got.FollowUp == "done") || got.CommitmentID == "com_forged" {
				t.Errorf("%s: %+v", tc.sentiment, got)
				continue
			}
			answerOnTimeline(t, e, other.ID, got, strconv.Itoa(tc.score))
			if tc.sentiment == "passive" {
				p.CaseID = ""
				e.get("/v1/commitments/"+got.CommitmentID).must(t, http.StatusOK, &p)
				local := p.Due.In(parisLoc(t))
				if p.OwnerID != sup || p.CaseID != "" || local.Weekday() != time.Wednesday || local.Day() != 18 {
					t.Errorf("the follow-up: %+v (%v), want the supervisor's, due Wednesday the 18th", p, local)
				}
			}
		}
		var list struct{ Items []answerView }
		e.get("/v1/survey-responses?customer_id="+c.ID).must(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ID != a.ID {
			t.Errorf("his answers: %+v", list.Items)
		}
	})
}

func parisLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
