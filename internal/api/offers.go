package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/offer"
)

func (api *API) listOffers(r *http.Request) (reply, error) {
	f, err := catalogFilter(r)
	if err != nil {
		return reply{}, err
	}
	offers, err := api.app.Offers.List(r.Context(), offer.Filter{Jurisdiction: f.Jurisdiction, ActiveOnly: f.ActiveOnly})
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(offers, "")}, nil
}

func (api *API) getOffer(r *http.Request) (reply, error) {
	o, err := api.app.Offers.Get(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: o}, nil
}

func (api *API) putOffer(r *http.Request) (reply, error) {
	return putByCode(r, func(o *offer.Offer) *string { return &o.Code }, api.app.Offers.Put)
}

func (api *API) customerOffers(r *http.Request) (reply, error) {
	out, err := api.app.Offers.ForCustomer(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: out}, nil
}
