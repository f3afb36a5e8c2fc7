package api

import (
	"net/http"
	"time"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/tact"
)

// listReads lists the audit of customer-record reads, as the supervision's
// page does; the service lets only a supervisor or an admin read it.
func (api *API) listReads(r *http.Request) (reply, error) {
	q := r.URL.Query()
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	f := audit.Filter{UserID: q.Get("user_id"), CustomerID: q.Get("customer_id"), Limit: limit}
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if s := q.Get(p.name); s != "" {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return reply{}, tact.FieldError(tact.CodeInvalid, p.name, "%q is not a time in RFC 3339, e.g. 2026-03-17T00:00:00+01:00", s)
			}
			*p.to = t
		}
	}
	found, next, err := api.app.Audit.Reads(r.Context(), f, q.Get("cursor"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(found, next)}, nil
}
