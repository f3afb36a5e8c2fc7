package api

import (
	"context"
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
	return putByCode(r, func(p *catalog.Plan) *string { return &p.Code }, api.app.Catalog.PutPlan)
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
	return putByCode(r, func(d *catalog.Device) *string { return &d.Code }, api.app.Catalog.PutDevice)
}

func (api *API) listCatalogOptions(r *http.Request) (reply, error) {
	f, err := catalogFilter(r)
	if err != nil {
		return reply{}, err
	}
	options, err := api.app.Catalog.Options(r.Context(), f)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(options, "")}, nil
}

func (api *API) putCatalogOption(r *http.Request) (reply, error) {
	return putByCode(r, func(o *catalog.Option) *string { return &o.Code }, api.app.Catalog.PutOption)
}

// putByCode decodes a catalogue entry whose code is the path's (the body may
// leave it out) and has put store it.
func putByCode[T any](r *http.Request, code func(*T) *string, put func(context.Context, T) (*T, error)) (reply, error) {
	var v T
	if err := decode(r, &v); err != nil {
		return reply{}, err
	}
	c := code(&v)
	if *c == "" {
		*c = pathID(r, "code")
	}
	if *c != pathID(r, "code") {
		return reply{}, tact.FieldError(tact.CodeInvalid, "code", "the body's code is not the path's")
	}
	out, err := put(r.Context(), v)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: out}, nil
}
