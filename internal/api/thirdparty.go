package api

import (
	"net/http"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// consentBody is a double opt-in as the operator's payment page system
// reports it; the customer comes from the path.
type consentBody struct {
	// Ref is the reference the provider's bill lines cite (consent_ref).
	Ref      string `json:"ref"`
	Provider string `json:"provider"`
	Service  string `json:"service"`
	// PaymentPageAt is when the customer confirmed on the operator's
	// payment page; ConfirmedAt when he confirmed again, by ConfirmedBy (sms
	// or email).
	PaymentPageAt time.Time    `json:"payment_page_at"`
	ConfirmedAt   time.Time    `json:"confirmed_at"`
	ConfirmedBy   tact.Channel `json:"confirmed_by"`
}

func (api *API) recordConsent(r *http.Request) (reply, error) {
	var b consentBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	c, created, err := api.app.ThirdParty.RecordConsent(r.Context(), pathID(r, "id"), billing.ThirdPartyConsent{
		Ref: b.Ref, Provider: b.Provider, Service: b.Service, PaymentPageAt: b.PaymentPageAt, ConfirmedAt: b.ConfirmedAt, ConfirmedBy: b.ConfirmedBy})
	if err != nil {
		return reply{}, err
	}
	if !created {
		return reply{status: http.StatusOK, body: c}, nil
	}
	return reply{status: http.StatusCreated, body: c, location: "/v1/customers/" + c.CustomerID + "/third-party-consents"}, nil
}

func (api *API) listConsents(r *http.Request) (reply, error) {
	all, err := api.app.ThirdParty.Consents(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(all, "")}, nil
}

func (api *API) withdrawConsent(r *http.Request) (reply, error) {
	c, err := api.app.ThirdParty.WithdrawConsent(r.Context(), pathID(r, "id"), pathID(r, "ref"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c}, nil
}
