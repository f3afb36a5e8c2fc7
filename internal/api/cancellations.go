package api

import (
	"net/http"
	"strings"

	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/lifecycle"
)

// idempotencyKey is the client's Idempotency-Key header.
func idempotencyKey(r *http.Request) string {
	return strings.TrimSpace(r.Header.Get("Idempotency-Key"))
}

// created answers 201 for what a request created, 200 for a replay.
func created(body any, isNew bool, location string) reply {
	status := http.StatusCreated
	if !isNew {
		status = http.StatusOK
	}
	return reply{status: status, body: body, location: location}
}

func (api *API) requestCancellation(r *http.Request) (reply, error) {
	var b lifecycle.Request
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	x, isNew, err := api.app.Cancellations.Request(r.Context(), pathID(r, "id"), b, idempotencyKey(r))
	if err != nil {
		return reply{}, err
	}
	return created(x, isNew, "/v1/cancellations/"+x.ID), nil
}

func (api *API) listCancellations(r *http.Request) (reply, error) {
	found, err := api.app.Cancellations.List(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, "")}, nil
}

func (api *API) getCancellation(r *http.Request) (reply, error) {
	x, err := api.app.Cancellations.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: x}, nil
}

func (api *API) confirmCancellation(r *http.Request) (reply, error) {
	x, _, err := api.app.Cancellations.Confirm(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: x}, nil
}

func (api *API) cancellationReceipt(r *http.Request) (reply, error) {
	return renderDocument(r, func() (document.Receipt, error) {
		return api.app.Cancellations.Receipt(r.Context(), pathID(r, "id"), nil)
	})
}

func (api *API) portOut(r *http.Request) (reply, error) {
	var b lifecycle.PortOut
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	x, isNew, err := api.app.Cancellations.PortOut(r.Context(), b, idempotencyKey(r))
	if err != nil {
		return reply{}, err
	}
	return created(x, isNew, "/v1/cancellations/"+x.ID), nil
}

func (api *API) completeCancellations(r *http.Request) (reply, error) {
	res, err := api.app.Cancellations.Complete(r.Context())
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: res}, nil
}
