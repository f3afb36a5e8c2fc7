package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/campaign"
)

func (api *API) createCampaign(r *http.Request) (reply, error) {
	var c campaign.Campaign
	if err := decode(r, &c); err != nil {
		return reply{}, err
	}
	stored, created, err := api.app.Campaigns.Create(r.Context(), c)
	if err != nil {
		return reply{}, err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return reply{status: status, body: stored, location: "/v1/campaigns/" + stored.Code}, nil
}

func (api *API) listCampaigns(r *http.Request) (reply, error) {
	all, err := api.app.Campaigns.List(r.Context())
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(all, "")}, nil
}

func (api *API) getCampaign(r *http.Request) (reply, error) {
	c, err := api.app.Campaigns.Get(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c}, nil
}

func (api *API) planCampaign(r *http.Request) (reply, error) {
	p, _, err := api.app.Campaigns.Plan(r.Context(), pathID(r, "code"), nil)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: p, location: "/v1/campaigns/" + p.Campaign + "/plan"}, nil
}

func (api *API) getCampaignPlan(r *http.Request) (reply, error) {
	p, err := api.app.Campaigns.LatestPlan(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: p}, nil
}

func (api *API) campaignTargets(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	q := r.URL.Query()
	entries, next, err := api.app.Campaigns.Entries(r.Context(), pathID(r, "code"), campaign.Outcome(q.Get("outcome")), q.Get("cursor"), limit)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(entries, next)}, nil
}
