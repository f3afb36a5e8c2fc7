package api

import "net/http"

func (api *API) getBrief(r *http.Request) (reply, error) {
	b, err := api.app.Briefs.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: b}, nil
}
