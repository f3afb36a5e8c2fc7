package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/tact"
)

// The bodies of a case's steps. Each step answers the case and its new ETag;
// If-Match (optional) makes it apply only to the version read.

// takeBody takes a new case: for the person acting (On-Behalf-Of) when
// owner_id is empty; a supervisor may name anyone.
type takeBody struct {
	OwnerID string `json:"owner_id,omitempty"`
}

// noteBody adds a note to a case.
type noteBody struct {
	Note string `json:"note"`
}

// handoffBody hands a case to another owner with the summary the next person
// reads instead of asking the customer again.
type handoffBody struct {
	ToOwnerID string `json:"to_owner_id"`
	Summary   string `json:"summary"`
}

// caseStatusBody moves a case between in_progress, waiting_customer and
// waiting_internal.
type caseStatusBody struct {
	Status cases.Status `json:"status"`
}

// resolveBody records a case's resolution.
type resolveBody struct {
	Resolution string `json:"resolution"`
}

// closeBody closes a case for a reason: no_answer only after a written notice
// and 7 days (close_needs_written_notice otherwise).
type closeBody struct {
	Reason cases.CloseReason `json:"reason"`
	Note   string            `json:"note,omitempty"`
}

// reopenBody reopens a resolved case, or follows a closed one with a new case.
type reopenBody struct {
	Reason string `json:"reason"`
}

func (api *API) openCase(r *http.Request) (reply, error) {
	var d cases.Draft
	if err := decode(r, &d); err != nil {
		return reply{}, err
	}
	k, err := api.app.Cases.Open(r.Context(), d)
	if err != nil {
		return reply{}, err
	}
	return api.caseReply(http.StatusCreated, k), nil
}

// caseView is a case as the API shows it: the record and the service levels
// it has missed so far, so a supervisor sees a breach on the case itself.
type caseView struct {
	cases.Case
	Breaches []cases.Breach `json:"breaches"`
}

// view shows k as of now.
func (api *API) view(k *cases.Case) caseView {
	b := k.Breaches(api.app.Clock().Now())
	if b == nil {
		b = []cases.Breach{}
	}
	return caseView{Case: *k, Breaches: b}
}

func (api *API) caseReply(status int, k *cases.Case) reply {
	return reply{status: status, body: api.view(k), etag: etag(k.Version), location: "/v1/cases/" + k.ID}
}

func (api *API) getCase(r *http.Request) (reply, error) {
	k, err := api.app.Cases.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: api.view(k), etag: etag(k.Version)}, nil
}

func (api *API) listCases(r *http.Request) (reply, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	open, err := queryBool(r, "open")
	if err != nil {
		return reply{}, err
	}
	breached, err := queryBool(r, "breached")
	if err != nil {
		return reply{}, err
	}
	found, next, err := api.app.Cases.List(r.Context(), app.CaseQuery{CustomerID: q.Get("customer_id"), OwnerID: q.Get("owner_id"),
		Status: cases.Status(q.Get("status")), OpenOnly: open, Breached: breached, Cursor: q.Get("cursor"), Limit: limit})
	if err != nil {
		return reply{}, err
	}
	views := make([]caseView, len(found))
	for i, k := range found {
		views[i] = api.view(k)
	}
	return reply{status: http.StatusOK, body: list(views, next)}, nil
}

func (api *API) caseEvents(r *http.Request) (reply, error) {
	evs, err := api.app.Cases.Events(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(evs, "")}, nil
}

// caseStep is a step on a case (versionedStep), answered as the API shows a case.
func caseStep[B any](api *API, r *http.Request, step func(id string, b B, version int) (*cases.Case, error)) (reply, error) {
	return versionedStep(r, step, func(k *cases.Case) (any, int) { return api.view(k), k.Version })
}

func (api *API) takeCase(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b takeBody, v int) (*cases.Case, error) {
		return api.app.Cases.Take(r.Context(), id, b.OwnerID, v)
	})
}

func (api *API) addCaseNote(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b noteBody, v int) (*cases.Case, error) {
		return api.app.Cases.AddNote(r.Context(), id, b.Note, v)
	})
}

func (api *API) handOffCase(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b handoffBody, v int) (*cases.Case, error) {
		return api.app.Cases.HandOff(r.Context(), id, b.ToOwnerID, b.Summary, v)
	})
}

func (api *API) setCaseStatus(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b caseStatusBody, v int) (*cases.Case, error) {
		if b.Status == "" {
			return nil, tact.FieldError(tact.CodeRequired, "status", "say which status the case moves to")
		}
		return api.app.Cases.SetStatus(r.Context(), id, b.Status, v)
	})
}

func (api *API) resolveCase(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b resolveBody, v int) (*cases.Case, error) {
		return api.app.Cases.Resolve(r.Context(), id, b.Resolution, v)
	})
}

func (api *API) closeCase(r *http.Request) (reply, error) {
	return caseStep(api, r, func(id string, b closeBody, v int) (*cases.Case, error) {
		if b.Reason == "" {
			return nil, tact.FieldError(tact.CodeRequired, "reason", "say why the case is closed: resolved, no_answer, duplicate or withdrawn")
		}
		return api.app.Cases.Close(r.Context(), id, b.Reason, b.Note, v)
	})
}

// reopenCase answers 200 with the case reopened, or 201 with the new case
// that follows a closed one (reopens_case_id names the old one).
func (api *API) reopenCase(r *http.Request) (reply, error) {
	rep, err := caseStep(api, r, func(id string, b reopenBody, v int) (*cases.Case, error) {
		return api.app.Cases.Reopen(r.Context(), id, b.Reason, v)
	})
	if err != nil {
		return rep, err
	}
	if k := rep.body.(caseView); k.ID != pathID(r, "id") {
		return api.caseReply(http.StatusCreated, &k.Case), nil
	}
	return rep, nil
}
