package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/survey"
)

// MaxBatchBodyBytes caps the body of a batch of contact decisions: 10,000
// requests of a few hundred bytes each.
const MaxBatchBodyBytes = 8 << 20

// batchBody is a batch of contact-decision requests.
type batchBody struct {
	// Requests are answered in order; at most 10,000.
	Requests []contactpolicy.Request `json:"requests"`
}

// batchAnswer holds the decisions of a batch, in the order of its requests.
type batchAnswer struct {
	Decisions []*app.Decision `json:"decisions"`
}

// decodeDecisionRequest reads one contact-decision request: strict JSON, then
// the domain's normalization and validation. Every error is a *tact.Error
// with a code (FuzzContactDecisionRequest holds it to that).
func decodeDecisionRequest(body []byte) (contactpolicy.Request, error) {
	var req contactpolicy.Request
	if err := decodeBytes(body, &req); err != nil {
		return req, err
	}
	req.Normalize()
	return req, req.Validate()
}

func (api *API) decideContact(r *http.Request) (reply, error) {
	body, err := readBody(r, MaxBodyBytes)
	if err != nil {
		return reply{}, err
	}
	req, err := decodeDecisionRequest(body)
	if err != nil {
		return reply{}, err
	}
	d, err := api.app.Contacts.Decide(r.Context(), req)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: d, location: "/v1/contact-decisions/" + d.ID}, nil
}

func (api *API) decideContacts(r *http.Request) (reply, error) {
	body, err := readBody(r, MaxBatchBodyBytes)
	if err != nil {
		return reply{}, err
	}
	var b batchBody
	if err := decodeBytes(body, &b); err != nil {
		return reply{}, err
	}
	ds, err := api.app.Contacts.DecideBatch(r.Context(), b.Requests)
	if err != nil {
		return reply{}, err
	}
	if ds == nil {
		ds = []*app.Decision{}
	}
	return reply{status: http.StatusOK, body: batchAnswer{Decisions: ds}}, nil
}

func (api *API) getContactDecision(r *http.Request) (reply, error) {
	d, err := api.app.Contacts.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: d}, nil
}

func (api *API) listContactDecisions(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	q := r.URL.Query()
	found, next, err := api.app.Contacts.List(r.Context(), q.Get("customer_id"), q.Get("cursor"), limit)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}

func (api *API) requestSurvey(r *http.Request) (reply, error) {
	var a survey.Ask
	if err := decode(r, &a); err != nil {
		return reply{}, err
	}
	d, err := api.app.Contacts.RequestSurvey(r.Context(), a)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: d, location: "/v1/contact-decisions/" + d.ID}, nil
}

func (api *API) listInteractions(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	unasked, err := queryBool(r, "unasked")
	if err != nil {
		return reply{}, err
	}
	q := r.URL.Query()
	found, next, err := api.app.Interactions.List(r.Context(), interaction.Filter{CustomerID: q.Get("customer_id"), CaseID: q.Get("case_id"),
		Unasked: unasked, Limit: limit}, q.Get("cursor"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}

func (api *API) answerSurvey(r *http.Request) (reply, error) {
	var in survey.Response
	if err := decode(r, &in); err != nil {
		return reply{}, err
	}
	stored, created, err := api.app.Surveys.Answer(r.Context(), in)
	if err != nil {
		return reply{}, err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return reply{status: status, body: stored}, nil
}

func (api *API) listSurveyAnswers(r *http.Request) (reply, error) {
	answers, err := api.app.Surveys.Answers(r.Context(), r.URL.Query().Get("customer_id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(answers, "")}, nil
}
