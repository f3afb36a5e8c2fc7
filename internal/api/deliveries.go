package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// deliveryStatusBody is what a sending system reports of a delivery: sent,
// delivered or failed, with a note (a bounce, a tracking number).
type deliveryStatusBody struct {
	Status delivery.Status `json:"status"`
	Note   string          `json:"note,omitempty"`
}

func (api *API) listDeliveries(r *http.Request) (reply, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	m := delivery.Method(q.Get("method"))
	if m != "" && !m.Valid() {
		return reply{}, tact.FieldError(tact.CodeInvalid, "method", "method %q is not email, sms, letter or bill_insert", m)
	}
	found, next, err := api.app.Deliveries.List(r.Context(), delivery.Filter{CustomerID: q.Get("customer_id"),
		CommitmentID: q.Get("commitment_id"), Status: delivery.Status(q.Get("status")), Method: m, Limit: limit}, q.Get("cursor"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}

func (api *API) getDelivery(r *http.Request) (reply, error) {
	d, err := api.app.Deliveries.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: d}, nil
}

func (api *API) setDeliveryStatus(r *http.Request) (reply, error) {
	var b deliveryStatusBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	if b.Status == "" {
		return reply{}, tact.FieldError(tact.CodeRequired, "status", "say what became of the delivery: sent, delivered or failed")
	}
	d, err := api.app.Deliveries.SetStatus(r.Context(), pathID(r, "id"), b.Status, b.Note)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: d}, nil
}
