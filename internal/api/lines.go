package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

func (api *API) listLines(r *http.Request) (reply, error) {
	lines, err := api.app.Customers.Lines(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(lines, "")}, nil
}

func (api *API) createLine(r *http.Request) (reply, error) {
	var u customer.LineUpdate
	if err := decode(r, &u); err != nil {
		return reply{}, err
	}
	l, err := api.app.Customers.AddLine(r.Context(), pathID(r, "id"), u)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: l, etag: etag(l.Version), location: "/v1/lines/" + l.ID}, nil
}

func (api *API) getLine(r *http.Request) (reply, error) {
	l, err := api.app.Customers.Line(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: l, etag: etag(l.Version)}, nil
}

func (api *API) updateLine(r *http.Request) (reply, error) {
	version, err := ifMatch(r)
	if err != nil {
		return reply{}, err
	}
	var u customer.LineUpdate
	if err := decode(r, &u); err != nil {
		return reply{}, err
	}
	l, err := api.app.Customers.UpdateLine(r.Context(), pathID(r, "id"), u, version)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: l, etag: etag(l.Version)}, nil
}

// usageBody is the body of a usage PUT: the line and month come from the path.
type usageBody struct {
	DataMB          int64      `json:"data_mb"`
	VoiceMinutes    int64      `json:"voice_minutes"`
	SMS             int64      `json:"sms"`
	RoamingDataMB   int64      `json:"roaming_data_mb"`
	RoamingSpend    tact.Money `json:"roaming_spend"`
	ThirdPartySpend tact.Money `json:"third_party_spend"`
}

func (api *API) putUsage(r *http.Request) (reply, error) {
	month, err := tact.ParseMonth(pathID(r, "month"))
	if err != nil {
		return reply{}, tact.FieldError(tact.CodeInvalid, "month", "%v", err)
	}
	var b usageBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	u, err := api.app.Customers.PutUsage(r.Context(), pathID(r, "id"), customer.Usage{Month: month, DataMB: b.DataMB,
		VoiceMinutes: b.VoiceMinutes, SMS: b.SMS, RoamingDataMB: b.RoamingDataMB, RoamingSpend: b.RoamingSpend, ThirdPartySpend: b.ThirdPartySpend})
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: u}, nil
}

func (api *API) listUsage(r *http.Request) (reply, error) {
	q := r.URL.Query()
	to := tact.MonthOf(api.app.Clock().Now())
	if s := q.Get("to"); s != "" {
		m, err := tact.ParseMonth(s)
		if err != nil {
			return reply{}, tact.FieldError(tact.CodeInvalid, "to", "%v", err)
		}
		to = m
	}
	from := to.AddMonths(-11)
	if s := q.Get("from"); s != "" {
		m, err := tact.ParseMonth(s)
		if err != nil {
			return reply{}, tact.FieldError(tact.CodeInvalid, "from", "%v", err)
		}
		from = m
	}
	usage, err := api.app.Customers.Usage(r.Context(), pathID(r, "id"), from, to)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(usage, "")}, nil
}

func (api *API) listDevices(r *http.Request) (reply, error) {
	devices, err := api.app.Customers.Devices(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(devices, "")}, nil
}

func (api *API) createDevice(r *http.Request) (reply, error) {
	var d customer.Device
	if err := decode(r, &d); err != nil {
		return reply{}, err
	}
	out, err := api.app.Customers.AddDevice(r.Context(), pathID(r, "id"), d)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: out}, nil
}
