package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/api"
)

// TestBadBodies sends faulty bodies to POST /v1/customers: each answer is a
// problem with the right status, code and field, and nothing is stored.
func TestBadBodies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	big := `{"family_name":"` + strings.Repeat("a", api.MaxBodyBytes) + `"}`
	with := func(family string, change func(map[string]any)) map[string]any {
		b := customerBody(family)
		change(b)
		return b
	}
	for _, c := range []struct {
		name        string
		family      string // the customer the body would create, searched for after
		body        any
		contentType string
		status      int
		code        string
		field       string
	}{
		{name: "malformed JSON", family: "Malformed", body: `{"family_name": "Malformed",`, status: 400, code: "malformed_json"},
		{name: "not JSON at all", family: "Notjson", body: `family_name=Notjson`, status: 400, code: "malformed_json"},
		{name: "empty body", body: ``, status: 400, code: "malformed_json"},
		{name: "two JSON values", family: "Twice", body: `{"jurisdiction":"FR","family_name":"Twice"} {"jurisdiction":"FR","family_name":"Twice"}`, status: 400, code: "malformed_json"},
		{name: "trailing garbage", family: "Trailing", body: `{"jurisdiction":"FR","family_name":"Trailing"} ]`, status: 400, code: "malformed_json"},
		{name: "unknown field", family: "Unknown", body: with("Unknown", func(b map[string]any) { b["nickname"] = "Cam" }),
			status: 400, code: "unknown_field", field: "nickname"},
		{name: "unknown field inside a phone", family: "Nested", body: with("Nested", func(b map[string]any) {
			b["phones"] = []map[string]any{{"number": "0612345678", "primay": true}}
		}), status: 400, code: "unknown_field", field: "phones[0].primay"},
		{name: "unknown field inside the address", family: "Addr", body: with("Addr", func(b map[string]any) {
			b["postal_address"] = map[string]any{"lines": []string{"1 rue X"}, "postal_code": "75001", "city": "Paris", "country": "FR", "zip": "75001"}
		}), status: 400, code: "unknown_field", field: "postal_address.zip"},
		{name: "body over 1 MiB", family: "a", body: big, status: 413, code: "body_too_large"},
		{name: "text/plain", family: "Plain", body: customerBody("Plain"), contentType: "text/plain", status: 415, code: "unsupported_media_type"},
		{name: "form", family: "Form", body: customerBody("Form"), contentType: "application/x-www-form-urlencoded", status: 415, code: "unsupported_media_type"},
		{name: "a JSON array", body: `[]`, status: 422, code: "invalid"},
		{name: "null", body: `null`, status: 422, code: "invalid"},
		{name: "a number where a string goes", family: "Typed", body: with("Typed", func(b map[string]any) { b["given_name"] = 3 }),
			status: 422, code: "invalid", field: "given_name"},
		{name: "a number where a phone number goes", family: "Typedphone", body: with("Typedphone", func(b map[string]any) {
			b["phones"] = []map[string]any{{"number": "0612345678"}, {"number": 612345679}}
		}), status: 422, code: "invalid", field: "phones[1].number"},
		{name: "invalid phone", family: "Badphone", body: with("Badphone", func(b map[string]any) {
			b["phones"] = []map[string]any{{"number": "12"}}
		}), status: 422, code: "invalid_phone", field: "phones[0].number"},
		{name: "invalid email", family: "Bademail", body: with("Bademail", func(b map[string]any) {
			b["emails"] = []map[string]any{{"address": "camille@@example"}}
		}), status: 422, code: "invalid_email", field: "emails[0].address"},
		{name: "time zone on Mars", family: "Mars", body: with("Mars", func(b map[string]any) { b["time_zone"] = "Mars/Olympus" }),
			status: 422, code: "invalid_time_zone", field: "time_zone"},
		{name: "time zone as an offset", family: "Offset", body: with("Offset", func(b map[string]any) { b["time_zone"] = "+02:00" }),
			status: 422, code: "invalid_time_zone", field: "time_zone"},
		{name: "unknown jurisdiction", family: "Usa", body: with("Usa", func(b map[string]any) { b["jurisdiction"] = "US" }),
			status: 422, code: "invalid_jurisdiction", field: "jurisdiction"},
		{name: "no jurisdiction", family: "Nowhere", body: with("Nowhere", func(b map[string]any) { delete(b, "jurisdiction") }),
			status: 422, code: "required", field: "jurisdiction"},
		{name: "consent without proof", family: "Noproof", body: with("Noproof", func(b map[string]any) {
			b["consents"] = []map[string]any{{"channel": "sms", "purpose": "sales", "granted": true, "source": "web"}}
		}), status: 422, code: "invalid_consent", field: "consents[0].proof"},
		{name: "bad date", family: "Baddate", body: with("Baddate", func(b map[string]any) { b["customer_since"] = "2026-13-45" }),
			status: 422, code: "invalid", field: "customer_since"},
		{name: "date with a time", family: "Datetime", body: with("Datetime", func(b map[string]any) { b["customer_since"] = "2026-01-05T10:00:00Z" }),
			status: 422, code: "invalid", field: "customer_since"},
		{name: "bad time of day, deep", family: "Badtime", body: with("Badtime", func(b map[string]any) {
			b["preferences"] = map[string]any{"quiet_hours": []map[string]any{{"from": "19:00", "to": "09:00"}, {"from": "25:00", "to": "07:00"}}}
		}), status: 422, code: "invalid", field: "preferences.quiet_hours[1].from"},
		{name: "bad weekday", family: "Badday", body: with("Badday", func(b map[string]any) {
			b["preferences"] = map[string]any{"preferred_slots": []map[string]any{{"days": []string{"mon", "lundi"}, "from": "10:00", "to": "12:00"}}}
		}), status: 422, code: "invalid", field: "preferences.preferred_slots[0].days[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := e.do(req{method: "POST", path: "/v1/customers", token: e.admin, body: c.body, contentType: c.contentType})
			p := r.wantProblem(t, c.status, c.code, c.field)
			if c.field == "" && p.Field != "" {
				t.Errorf("field %q, want none", p.Field)
			}
			if strings.Contains(p.Detail, "customer.") || strings.Contains(p.Detail, "tact.") {
				t.Errorf("detail %q names a Go type", p.Detail)
			}
			if c.family != "" {
				// Nothing half-written: the search finds no such customer.
				var found struct{ Items []customer }
				e.get("/v1/customers?q="+url.QueryEscape(c.family)).must(t, http.StatusOK, &found)
				if len(found.Items) > 0 {
					t.Errorf("a refused create stored %+v", found.Items)
				}
			}
		})
	}
}

// TestRefusedPatchChangesNothing sends faulty patches to a customer: each is
// refused, and neither the record nor its timeline moves.
func TestRefusedPatchChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Dubois")
	path := "/v1/customers/" + c.ID
	before := e.get(path).must(t, http.StatusOK, nil).body
	timelineBefore := e.timeline(c.ID)

	for _, c := range []struct {
		name   string
		body   any
		header map[string]string
		status int
		code   string
		field  string
	}{
		{name: "invalid phone among valid changes", body: map[string]any{"given_name": "Claire", "phones": []map[string]any{{"number": "0612345678"}, {"number": "not a number"}}},
			status: 422, code: "invalid_phone", field: "phones[1].number"},
		{name: "jurisdiction change", body: map[string]any{"given_name": "Claire", "jurisdiction": "CA-QC"}, status: 422, code: "invalid", field: "jurisdiction"},
		{name: "bad time zone", body: map[string]any{"given_name": "Claire", "time_zone": "Europe/Pariss"}, status: 422, code: "invalid_time_zone", field: "time_zone"},
		{name: "consent without proof", body: map[string]any{"given_name": "Claire", "consents": []map[string]any{{"channel": "email", "purpose": "sales", "granted": true, "source": "web"}}},
			status: 422, code: "invalid_consent", field: "consents[0].proof"},
		{name: "consent in the future", body: map[string]any{"consents": []map[string]any{{"channel": "email", "purpose": "sales", "granted": false, "source": "web", "at": "2030-01-01T00:00:00Z"}}},
			status: 422, code: "invalid_consent", field: "consents[0].at"},
		{name: "cancelling without its date", body: map[string]any{"status": "cancelling"}, status: 422, code: "required", field: "cancelling_since"},
		{name: "unknown field", body: map[string]any{"given_name": "Claire", "middle_name": "Anne"}, status: 400, code: "unknown_field", field: "middle_name"},
		{name: "malformed JSON", body: `{"given_name": "Claire"`, status: 400, code: "malformed_json"},
		{name: "stale If-Match", body: map[string]any{"given_name": "Claire"}, header: map[string]string{"If-Match": `"7"`}, status: 412, code: "precondition_failed"},
		{name: "If-Match that is no ETag", body: map[string]any{"given_name": "Claire"}, header: map[string]string{"If-Match": "yesterday"}, status: 412, code: "precondition_failed", field: "If-Match"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(req{method: "PATCH", path: path, token: e.admin, body: c.body, header: c.header})
			r.wantProblem(t, c.status, c.code, c.field)
		})
	}
	if after := e.get(path).must(t, http.StatusOK, nil).body; string(after) != string(before) {
		t.Errorf("the customer changed:\nbefore %s\nafter  %s", before, after)
	}
	if after := e.timeline(c.ID); len(after) != len(timelineBefore) {
		t.Errorf("the timeline went from %d to %d entries: %+v", len(timelineBefore), len(after), after)
	}
}

// TestBadQueries checks query parameters: each fault is a problem naming the
// parameter.
func TestBadQueries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Martin")
	for _, q := range []struct {
		path   string
		status int
		code   string
		field  string
	}{
		{"/v1/customers?limit=0", 422, "invalid", "limit"},
		{"/v1/customers?limit=ten", 422, "invalid", "limit"},
		{"/v1/customers?cursor=garbage", 400, "invalid_cursor", "cursor"},
		{"/v1/customers?status=asleep", 422, "invalid", "status"},
		{"/v1/customers?jurisdiction=US", 422, "invalid_jurisdiction", "jurisdiction"},
		{"/v1/customers/" + c.ID + "/timeline?cursor=garbage", 400, "invalid_cursor", "cursor"},
		{"/v1/customers/" + c.ID + "/timeline?limit=-1", 422, "invalid", "limit"},
		{"/v1/customers/" + c.ID + "/usage?from=2026-13", 422, "invalid", "from"},
		{"/v1/plans?active=yes", 422, "invalid", "active"},
	} {
		t.Run(q.path, func(t *testing.T) {
			t.Parallel()
			e.get(q.path).wantProblem(t, q.status, q.code, q.field)
		})
	}
}

// TestUnknownRecords checks that a path naming no record is a problem+json
// 404, on reads and writes alike.
func TestUnknownRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, q := range []req{
		{method: "GET", path: "/v1/customers/cus_01KKBH9WE011HHP0SE100A34CD"},
		{method: "GET", path: "/v1/customers/not-an-id"},
		{method: "PATCH", path: "/v1/customers/cus_01KKBH9WE011HHP0SE100A34CD", body: `{"given_name":"X"}`},
		{method: "GET", path: "/v1/customers/cus_01KKBH9WE011HHP0SE100A34CD/timeline"},
		{method: "GET", path: "/v1/interactions/int_01KKBH9WE011HHP0SE100A34CD"},
		{method: "GET", path: "/v1/lines/lin_01KKBH9WE011HHP0SE100A34CD"},
		{method: "GET", path: "/v1/plans/NOPE"},
	} {
		t.Run(q.method+" "+q.path, func(t *testing.T) {
			t.Parallel()
			q.token = e.admin
			e.do(q).wantProblem(t, http.StatusNotFound, "not_found", "")
		})
	}
}
