package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

func (api *API) createCustomer(r *http.Request) (reply, error) {
	var u customer.Update
	if err := decode(r, &u); err != nil {
		return reply{}, err
	}
	c, err := api.app.Customers.Create(r.Context(), u)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: c, etag: etag(c.Version), location: "/v1/customers/" + c.ID}, nil
}

func (api *API) getCustomer(r *http.Request) (reply, error) {
	c, err := api.app.Customers.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c, etag: etag(c.Version)}, nil
}

func (api *API) searchCustomers(r *http.Request) (reply, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	found, next, err := api.app.Customers.Search(r.Context(), app.SearchParams{
		Query: q.Get("q"), Status: customer.Status(q.Get("status")), Jurisdiction: tact.Jurisdiction(q.Get("jurisdiction")),
		AdvisorID: q.Get("advisor_id"), Cursor: q.Get("cursor"), Limit: limit,
	})
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}

func (api *API) updateCustomer(r *http.Request) (reply, error) {
	version, err := ifMatch(r)
	if err != nil {
		return reply{}, err
	}
	var u customer.Update
	if err := decode(r, &u); err != nil {
		return reply{}, err
	}
	c, err := api.app.Customers.Update(r.Context(), pathID(r, "id"), u, version)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c, etag: etag(c.Version)}, nil
}

func (api *API) getTimeline(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	entries, next, err := api.app.Customers.Timeline(r.Context(), pathID(r, "id"), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(entries, next)}, nil
}
