package api

import "net/http"

// purgeSessions runs the purge of ended sessions and sign-in codes now, as
// the scheduler does; running it twice deletes nothing twice.
func (api *API) purgeSessions(r *http.Request) (reply, error) {
	res, err := api.app.Sessions.Purge(r.Context())
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: res}, nil
}
