package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/interaction"
)

func (api *API) createInteraction(r *http.Request) (reply, error) {
	var in interaction.Interaction
	if err := decode(r, &in); err != nil {
		return reply{}, err
	}
	stored, created, err := api.app.Interactions.Record(r.Context(), in)
	if err != nil {
		return reply{}, err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return reply{status: status, body: stored, location: "/v1/interactions/" + stored.ID}, nil
}

func (api *API) getInteraction(r *http.Request) (reply, error) {
	i, err := api.app.Interactions.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: i}, nil
}
