package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

func catalogFilter(r *http.Request) (catalog.Filter, error) {
	q := r.URL.Query()
	f := catalog.Filter{Jurisdiction: tact.Jurisdiction(q.Get("jurisdiction"))}
	switch q.Get("active") {
	case "", "false":
	case "true":
		f.ActiveOnly = true
	default:
		return f, tact.FieldError(tact.CodeInvalid, "active", "active is true or false")
	}
	return f, nil
}

func (api *API) listPlans(r *http.Request) (reply, error) {
	f, err := catalogFilter(r)
	if err != nil {
		return reply{}, err
	}
	plans, err := api.app.Catalog.Plans(r.Context(), f)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(plans, "")}, nil
}

func (api *API) getPlan(r *http.Request) (reply, error) {
	p, err := api.app.Catalog.Plan(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: p}, nil
}

func (api *API) putPlan(r *http.Request) (reply, error) {
	var p catalog.Plan
	if err := decode(r, &p); err != nil {
		return reply{}, err
	}
	if p.Code == "" {
		p.Code = pathID(r, "code")
	}
	if p.Code != pathID(r, "code") {
		return reply{}, tact.FieldError(tact.CodeInvalid, "code", "the body's code is not the path's")
	}
	out, err := api.app.Catalog.PutPlan(r.Context(), p)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: out}, nil
}

func (api *API) listCatalogDevices(r *http.Request) (reply, error) {
	f, err := catalogFilter(r)
	if err != nil {
		return reply{}, err
	}
	devices, err := api.app.Catalog.Devices(r.Context(), f)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(devices, "")}, nil
}

func (api *API) getCatalogDevice(r *http.Request) (reply, error) {
	d, err := api.app.Catalog.Device(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: d}, nil
}

func (api *API) putCatalogDevice(r *http.Request) (reply, error) {
	var d catalog.Device
	if err := decode(r, &d); err != nil {
		return reply{}, err
	}
	if d.Code == "" {
		d.Code = pathID(r, "code")
	}
	if d.Code != pathID(r, "code") {
		return reply{}, tact.FieldError(tact.CodeInvalid, "code", "the body's code is not the path's")
	}
	out, err := api.app.Catalog.PutDevice(r.Context(), d)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: out}, nil
}
