package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/commitment"
)

// keepBody records a promise kept, with the record that shows it: a delivery,
// an interaction or a credit note.
type keepBody struct {
	Evidence commitment.Evidence `json:"evidence"`
}

// cancelBody withdraws a promise with the reason the customer is told.
type cancelBody struct {
	Reason string `json:"reason"`
}

func (api *API) makeCommitment(r *http.Request) (reply, error) {
	var d commitment.Draft
	if err := decode(r, &d); err != nil {
		return reply{}, err
	}
	c, err := api.app.Commitments.Make(r.Context(), d)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: c, etag: etag(c.Version), location: "/v1/commitments/" + c.ID}, nil
}

func (api *API) getCommitment(r *http.Request) (reply, error) {
	c, err := api.app.Commitments.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c, etag: etag(c.Version)}, nil
}

func (api *API) listCommitments(r *http.Request) (reply, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	open, err := queryBool(r, "open")
	if err != nil {
		return reply{}, err
	}
	found, next, err := api.app.Commitments.List(r.Context(), commitment.Filter{CustomerID: q.Get("customer_id"), OwnerID: q.Get("owner_id"),
		CaseID: q.Get("case_id"), Status: commitment.Status(q.Get("status")), OpenOnly: open, Limit: limit}, q.Get("cursor"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}

// commitmentStep is a step on a promise (versionedStep), answered with it.
func commitmentStep[B any](r *http.Request, step func(id string, b B, version int) (*commitment.Commitment, error)) (reply, error) {
	return versionedStep(r, step, func(c *commitment.Commitment) (any, int) { return c, c.Version })
}

func (api *API) keepCommitment(r *http.Request) (reply, error) {
	return commitmentStep(r, func(id string, b keepBody, v int) (*commitment.Commitment, error) {
		return api.app.Commitments.Keep(r.Context(), id, b.Evidence, v)
	})
}

func (api *API) cancelCommitment(r *http.Request) (reply, error) {
	return commitmentStep(r, func(id string, b cancelBody, v int) (*commitment.Commitment, error) {
		return api.app.Commitments.Cancel(r.Context(), id, b.Reason, v)
	})
}

// sweepOverdue runs the overdue sweep now, as the scheduler does: each
// pending promise past due becomes overdue, is escalated, and its apology is
// queued once. Running it twice does nothing twice.
func (api *API) sweepOverdue(r *http.Request) (reply, error) {
	res, err := api.app.Commitments.Sweep(r.Context())
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: res}, nil
}
