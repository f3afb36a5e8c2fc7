package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/tact"
)

// getQuality answers the stored weekly figures: it reads the weeks the job
// computed, never the history, so it stays one indexed read at any size.
func (api *API) getQuality(r *http.Request) (reply, error) {
	q := r.URL.Query()
	rep, err := api.app.Quality.Report(r.Context(), tact.Jurisdiction(q.Get("jurisdiction")), q.Get("from"), q.Get("to"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: rep}, nil
}

// runQuality runs a pass of the quality job now, computing the current and
// the previous week whatever their age: whoever asks wants today's figures.
func (api *API) runQuality(r *http.Request) (reply, error) {
	res, err := api.app.Quality.Refresh(r.Context(), 0)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: res}, nil
}

// weekSchema is the schema of an ISO week as the API writes and reads it.
var weekSchema = map[string]any{
	"type": "string", "pattern": `^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$`,
	"description": "An ISO 8601 week, YYYY-Www: Monday 00:00 to the next Monday 00:00 in the jurisdiction's reference zone.",
	"examples":    []any{"2026-W01"},
}
