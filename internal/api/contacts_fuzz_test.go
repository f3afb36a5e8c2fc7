package api

import (
	"errors"
	"net/http"
	"testing"

	"github.com/tactcrm/tact/internal/tact"
)

// FuzzContactDecisionRequest feeds the contact-decision request decoder
// anything: it never panics, and every body it refuses is refused with a
// problem that carries a stable code and a 4xx status.
func FuzzContactDecisionRequest(f *testing.F) {
	for _, seed := range []string{
		`{"customer_id":"cus_01JQ0000000000000000000000","purpose":"sales","channel":"phone","source":"dialer","caller_id":"+33140000000"}`,
		`{"customer_id":"cus_1","purpose":"survey","channel":"email","source":"pollster","event":"exit:cus_1","at":"2026-03-10T19:05:00-04:00"}`,
		`{"customer_id":"cus_1","purpose":"sales","channel":"fax","source":"dialer"}`,
		`{"customer_id":"cus_1","purpose":"sales","channel":"phone","source":"dialer","at":"tomorrow"}`,
		`{"customer_id":"cus_1","purpose":"sales","channel":"phone","source":"dialer","nickname":"x"}`,
		`{"customer_id":7}`, `{"purpose":["sales"]}`, `null`, `[]`, `{}`, ``, `{"a":`, `{} {}`, "\x00", `"\ud800"`,
		`{"customer_id":"cus_1","purpose":"sales","channel":"phone","source":"dial er"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := decodeDecisionRequest(body)
		if err == nil {
			if req.CustomerID == "" || !req.Purpose.Valid() || !req.Channel.Valid() || req.Source == "" {
				t.Fatalf("accepted an incomplete request: %+v", req)
			}
			return
		}
		var e *tact.Error
		if !errors.As(err, &e) || e.Code == "" {
			t.Fatalf("error without a code: %v", err)
		}
		if s := StatusOf(e.Code); s < http.StatusBadRequest || s >= http.StatusInternalServerError {
			t.Fatalf("code %s answers %d, not a fault of the request", e.Code, s)
		}
	})
}
