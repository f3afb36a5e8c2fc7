package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/tact"
)

// servedDocument fetches the document as a client does, with a token that
// carries a single scope unrelated to the document: any valid token may read it.
func servedDocument(t *testing.T, e *env) map[string]any {
	t.Helper()
	r := e.do(req{method: "GET", path: "/v1/openapi.json", token: e.token(access.CatalogRead)})
	var doc map[string]any
	r.must(t, http.StatusOK, &doc)
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	return doc
}

// operations lists the document's operations as "METHOD /path".
func operations(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	paths, _ := doc["paths"].(map[string]any)
	for p, item := range paths {
		for method, op := range item.(map[string]any) {
			out[strings.ToUpper(method)+" "+p], _ = op.(map[string]any)
		}
	}
	return out
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := servedDocument(t, e)
	for _, c := range []struct {
		pointer string
		want    any
	}{
		{"/openapi", "3.1.0"},
		{"/info/title", "tact API"},
		{"/info/version", "v1"},
		{"/servers/0/url", "/"},
		{"/components/securitySchemes/bearer/type", "http"},
		{"/components/securitySchemes/bearer/scheme", "bearer"},
		{"/components/schemas/Customer/properties/id/readOnly", true},
		{"/components/schemas/Customer/properties/version/readOnly", true},
		{"/components/schemas/Customer/properties/marketing_erased_on/readOnly", true}, // only the erasure job sets it
		{"/components/schemas/Customer/properties/marketing_erased_on/$ref", "#/components/schemas/Date"},
		{"/components/schemas/EventKind/enum/10", "marketing_data_erased"},
		{"/components/schemas/Line/properties/customer_id/readOnly", true},
		{"/components/schemas/Interaction/properties/recorded_at/readOnly", true},
		{"/components/schemas/Interaction/properties/customer_id/readOnly", nil}, // the client names the customer
		{"/components/schemas/Interaction/properties/started_at/format", "date-time"},
		{"/components/schemas/Date/format", "date"},
		{"/components/schemas/Month/pattern", `^[0-9]{4}-(0[1-9]|1[0-2])$`},
		{"/components/schemas/Weekday/enum/0", "mon"},
		{"/components/schemas/Allowance/oneOf/1/const", "unlimited"},
		{"/components/schemas/Jurisdiction/enum/1", "CA-QC"},
		{"/components/schemas/CustomerList/properties/items/items/$ref", "#/components/schemas/Customer"},
		{"/components/schemas/CustomerDeviceList/properties/items/items/$ref", "#/components/schemas/CustomerDevice"},
		{"/components/schemas/CatalogDeviceList/properties/items/items/$ref", "#/components/schemas/CatalogDevice"},
		{"/components/schemas/Event", nil},  // the clashing Go name is not used bare
		{"/components/schemas/Device", nil}, // idem
		{"/paths/~1v1~1customers~1{id}/patch/requestBody/content/application~1merge-patch+json/schema/$ref", "#/components/schemas/CustomerUpdate"},
		{"/paths/~1v1~1customers~1{id}/patch/parameters/1/name", "If-Match"},
		{"/paths/~1v1~1customers~1{id}/get/responses/200/headers/ETag/schema/type", "string"},
		{"/paths/~1v1~1interactions/post/responses/200/content/application~1json/schema/$ref", "#/components/schemas/Interaction"},
		{"/paths/~1v1~1customers/get/parameters/4/schema/maximum", 200.0},
		{"/components/responses/Unauthorized/headers/WWW-Authenticate/schema/type", "string"},
		{"/components/schemas/CaseStatus/enum/5", "closed"},
		{"/components/schemas/CaseCategory/enum/4", "complaint"},
		{"/components/schemas/CaseCloseReason/enum/1", "no_answer"},
		{"/components/schemas/CommitmentStatus/enum/1", "overdue"},
		{"/components/schemas/DeliveryMethod/enum/3", "bill_insert"},
		{"/components/schemas/TimelineEntryKind/enum/2", "case_event"},
		{"/components/schemas/Case/properties/version/readOnly", true},
		{"/components/schemas/Case/properties/first_answer_due/format", "date-time"},
		{"/components/schemas/Commitment/properties/escalated_to/readOnly", true},
		{"/components/schemas/CaseEvent/properties/kind/$ref", "#/components/schemas/CaseEventKind"},
		{"/paths/~1v1~1cases/get/parameters/2/schema/$ref", "#/components/schemas/CaseStatus"},
		{"/paths/~1v1~1commitments/get/parameters/3/schema/$ref", "#/components/schemas/CommitmentStatus"},
		{"/paths/~1v1~1deliveries/get/parameters/3/schema/$ref", "#/components/schemas/DeliveryMethod"},
		{"/paths/~1v1~1cases~1{id}~1handoff/post/parameters/1/name", "If-Match"},
		{"/paths/~1v1~1cases~1{id}~1handoff/post/parameters/2/name", "On-Behalf-Of"},
		{"/paths/~1v1~1cases~1{id}~1handoff/post/responses/412/$ref", "#/components/responses/PreconditionFailed"},
		{"/paths/~1v1~1cases~1{id}~1reopen/post/responses/201/content/application~1json/schema/$ref", "#/components/schemas/Case"},
		{"/paths/~1v1~1openapi.json/get/parameters", nil},
		{"/paths/~1v1~1quality/get/parameters/0/schema/$ref", "#/components/schemas/Jurisdiction"},
		{"/paths/~1v1~1quality/get/parameters/1/schema/$ref", "#/components/schemas/ISOWeek"},
		{"/components/schemas/QualityRatio/properties/value/type/1", "null"},
		{"/components/responses/UnprocessableEntity/content/application~1problem+json/schema/$ref", "#/components/schemas/Problem"},
	} {
		if got := lookup(doc, c.pointer); got != c.want {
			t.Errorf("%s = %v, want %v", c.pointer, got, c.want)
		}
	}
	if d, _ := lookup(doc, "/info/description").(string); len(d) < 100 {
		t.Errorf("info.description is %q; introduce the API", d)
	}
	// The problem codes are the status table's, all of them.
	codes := lookup(doc, "/components/schemas/ProblemCode/enum").([]any)
	if len(codes) != len(api.Codes()) {
		t.Errorf("ProblemCode lists %d codes, the status table %d", len(codes), len(api.Codes()))
	}
	for _, c := range api.Codes() {
		if !slices.Contains(codes, any(string(c))) {
			t.Errorf("ProblemCode lacks %s", c)
		}
	}
}

func TestOpenAPIServedIsCached(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.api.OpenAPI()
	first[0] = 'X' // a caller's copy is its own
	var a, b bytes.Buffer
	if err := json.Compact(&a, e.api.OpenAPI()); err != nil {
		t.Fatal(err)
	}
	served := e.do(req{method: "GET", path: "/v1/openapi.json", token: e.admin}).must(t, http.StatusOK, nil)
	if err := json.Compact(&b, served.body); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the served document differs from OpenAPI()")
	}
	// Built from the route table only, it is the same for every API.
	if !bytes.Equal(e.api.OpenAPI(), api.New(nil, nil).OpenAPI()) {
		t.Error("two APIs over the same route table give different documents")
	}
}

func TestOpenAPINeedsAToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.do(req{method: "GET", path: "/v1/openapi.json"}).wantProblem(t, http.StatusUnauthorized, "unauthorized", "")
}

func TestOpenAPIEveryRoute(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc := servedDocument(t, e)
	ops := operations(doc)
	routes := e.api.Routes()
	if len(ops) != len(routes) {
		t.Errorf("the document has %d operations, the route table %d routes", len(ops), len(routes))
	}
	ids := map[string]string{}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		op := ops[key]
		if op == nil {
			t.Errorf("%s: not in the document", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			id, _ := op["operationId"].(string)
			if id == "" || id != api.OperationID(rt.Method, rt.Pattern) {
				t.Errorf("operationId %q", id)
			}
			if other, dup := ids[id]; dup {
				t.Errorf("operationId %q is also %s's", id, other)
			}
			ids[id] = key
			if op["summary"] != rt.Summary {
				t.Errorf("summary %q, want %q", op["summary"], rt.Summary)
			}
			if tags := asSlice(op["tags"]); len(tags) != 1 {
				t.Errorf("tags %v", tags)
			}

			// The scope, three ways: the extension, the security roles and
			// the description a person reads.
			scope, has := op["x-tact-scope"]
			switch {
			case rt.Scope == "" && has:
				t.Errorf("x-tact-scope %v on a route open to any token", scope)
			case rt.Scope != "" && scope != string(rt.Scope):
				t.Errorf("x-tact-scope %v, want %s", scope, rt.Scope)
			}
			roles := lookup(op, "/security/0/bearer")
			wantRoles := []any{}
			if rt.Scope != "" {
				wantRoles = []any{string(rt.Scope)}
			}
			if !slices.Equal(asSlice(roles), wantRoles) || roles == nil {
				t.Errorf("security bearer %v, want %v", roles, wantRoles)
			}
			if desc, _ := op["description"].(string); rt.Scope != "" && !strings.Contains(desc, string(rt.Scope)) {
				t.Errorf("description %q does not name the scope", desc)
			}

			// Parameters: one per {…} of the pattern, and the documented queries.
			var pathParams, queryParams []string
			for _, p := range asSlice(op["parameters"]) {
				p := p.(map[string]any)
				switch p["in"] {
				case "path":
					pathParams = append(pathParams, p["name"].(string))
					if p["required"] != true {
						t.Errorf("path parameter %v is not required", p["name"])
					}
				case "query":
					queryParams = append(queryParams, p["name"].(string))
				}
				if p["schema"] == nil {
					t.Errorf("parameter %v has no schema", p["name"])
				}
			}
			var wantPath, wantQuery []string
			for _, seg := range strings.Split(rt.Pattern, "/") {
				if strings.HasPrefix(seg, "{") {
					wantPath = append(wantPath, strings.Trim(seg, "{}"))
				}
			}
			for _, q := range rt.Query {
				wantQuery = append(wantQuery, q.Name)
			}
			if !slices.Equal(pathParams, wantPath) || !slices.Equal(queryParams, wantQuery) {
				t.Errorf("parameters path %v query %v, want %v %v", pathParams, queryParams, wantPath, wantQuery)
			}

			// Bodies.
			body := lookup(op, "/requestBody/content")
			if (body != nil) != (rt.Request != nil) {
				t.Errorf("requestBody %v, route Request %T", body, rt.Request)
			}
			if rt.Request != nil {
				if lookup(op, "/requestBody/content/application~1json/schema") == nil {
					t.Error("requestBody has no application/json schema")
				}
				merge := lookup(op, "/requestBody/content/application~1merge-patch+json/schema")
				if (merge != nil) != (rt.Method == http.MethodPatch) {
					t.Errorf("merge-patch content %v on a %s", merge, rt.Method)
				}
			}
			success := lookup(op, "/responses/"+strconv.Itoa(rt.Status))
			if success == nil {
				t.Fatalf("no %d response", rt.Status)
			}
			if content := lookup(success, "/content/application~1json/schema"); (content != nil) != (rt.Response != nil) {
				t.Errorf("success content %v, route Response %T", content, rt.Response)
			}

			// Errors: every route checks a token; a scope can be lacking.
			want := map[int]bool{http.StatusUnauthorized: true, http.StatusInternalServerError: true}
			if rt.Scope != "" {
				want[http.StatusForbidden] = true
			}
			if strings.Contains(rt.Pattern, "{id}") {
				want[http.StatusNotFound] = true
			}
			if rt.Request != nil {
				for _, s := range []int{400, 413, 415, 422} {
					want[s] = true
				}
			}
			for s := range want {
				if lookup(op, "/responses/"+strconv.Itoa(s)) == nil {
					t.Errorf("no %d response", s)
				}
			}
			if rt.Scope == "" && lookup(op, "/responses/403") != nil {
				t.Error("a 403 on a route any token may call")
			}
			for status, r := range lookup(op, "/responses").(map[string]any) {
				if n, _ := strconv.Atoi(status); n < 400 {
					continue
				}
				problem := lookup(resolve(doc, r), "/content/application~1problem+json/schema/$ref")
				if problem != "#/components/schemas/Problem" {
					t.Errorf("%s response is %v, want a problem+json Problem", status, problem)
				}
			}
		})
	}
}

// fill gives each {param} of a pattern a value: a well-formed month (so the
// handler reads past it) and unknown ids.
func fill(pattern string) string {
	out := strings.ReplaceAll(pattern, "{month}", "2026-02")
	for {
		i := strings.Index(out, "{")
		if i < 0 {
			return out
		}
		j := strings.Index(out[i:], "}")
		out = out[:i] + "no-such-record" + out[i+j+1:]
	}
}

func TestOpenAPIDocumentedRoutesAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const noRoute = "no such route"
	// The control: what the mux answers for a path or method with no route,
	// so that a documented route is told apart from it below.
	p := e.do(req{method: "GET", path: "/v1/no-such-resource", token: e.admin}).wantProblem(t, http.StatusNotFound, "not_found", "")
	if !strings.HasPrefix(p.Detail, noRoute) {
		t.Fatalf("detail %q; the test tells routes apart by it", p.Detail)
	}
	// A path that exists under other methods answers 405 and says which.
	res := e.do(req{method: "DELETE", path: "/v1/customers/no-such-record", token: e.admin})
	res.wantProblem(t, http.StatusMethodNotAllowed, "method_not_allowed", "")
	if allow := res.header.Get("Allow"); allow != "GET, PATCH" {
		t.Fatalf("Allow: %q, want \"GET, PATCH\"", allow)
	}
	doc := servedDocument(t, e)
	for _, key := range sortedKeys(operations(doc)) {
		method, path, _ := strings.Cut(key, " ")
		t.Run(key, func(t *testing.T) {
			q := req{method: method, path: fill(path), token: e.admin}
			if lookup(doc, "/paths/"+pointerEscape(path)+"/"+strings.ToLower(method)+"/requestBody") != nil {
				q.body = "{}"
			}
			r := e.do(q)
			if r.status == http.StatusMethodNotAllowed {
				t.Fatalf("405: %s", r.body)
			}
			if r.status == http.StatusNotFound {
				if p := r.problem(t); strings.HasPrefix(p.Detail, noRoute) {
					t.Fatalf("the mux has no such route: %s", p.Detail)
				}
			}
		})
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	t.Parallel()
	doc, _ := reference()
	refs := map[string]bool{}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				refs[ref] = true
				if !strings.HasPrefix(ref, "#/components/") || lookup(doc, strings.TrimPrefix(ref, "#")) == nil {
					t.Errorf("%s: $ref %q does not resolve to a component", at, ref)
				}
			}
			for k, v := range x {
				walk(v, at+"/"+k)
			}
		case []any:
			for i, v := range x {
				walk(v, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "")
	// And the other way: no component is left unused.
	for _, kind := range []string{"schemas", "responses"} {
		for name := range lookup(doc, "/components/"+kind).(map[string]any) {
			if !refs["#/components/"+kind+"/"+name] {
				t.Errorf("components/%s/%s is never referenced", kind, name)
			}
		}
	}
}

func TestOperationID(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ method, pattern, want string }{
		{"GET", "/v1/customers", "getCustomers"},
		{"PATCH", "/v1/customers/{id}", "patchCustomersById"},
		{"GET", "/v1/customers/{id}/timeline", "getCustomersByIdTimeline"},
		{"PUT", "/v1/lines/{id}/usage/{month}", "putLinesByIdUsageByMonth"},
		{"GET", "/v1/openapi.json", "getOpenapiJson"},
		{"POST", "/v1/contact-decisions", "postContactDecisions"},
		{"GET", "/v1/files/{path...}", "getFilesByPath"},
	} {
		if got := api.OperationID(c.method, c.pattern); got != c.want {
			t.Errorf("OperationID(%s %s) = %q, want %q", c.method, c.pattern, got, c.want)
		}
	}
}

// TestOpenAPIAnswersMatchSchemas calls every route once on its happy path,
// with bodies that the documented request schemas accept, and checks each
// answer against the documented response. (Every answer of every test is
// checked too, by the recorder TestMain reads; this test makes sure each
// route's success is among them.)
func TestOpenAPIAnswersMatchSchemas(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	doc, routes := reference()
	covered := map[string]bool{}
	actAs := ""   // the user the calls act for (On-Behalf-Of), when not ""
	idemKey := "" // the Idempotency-Key the calls carry, when not ""
	call := func(method, path string, body any, status int) map[string]any {
		t.Helper()
		rt, ok := routeOf(routes, method, strings.SplitN(path, "?", 2)[0])
		if !ok {
			t.Fatalf("%s %s: no route", method, path)
		}
		op := "/paths/" + pointerEscape(rt.Pattern) + "/" + strings.ToLower(method)
		if body != nil {
			j, _ := json.Marshal(body)
			var v any
			_ = json.Unmarshal(j, &v)
			for _, f := range validate(doc, lookup(doc, op+"/requestBody/content/application~1json/schema"), v, "request") {
				t.Errorf("%s %s: the documented request schema refuses a body the API takes: %s", method, path, f)
			}
		}
		h := map[string]string{}
		if actAs != "" {
			h["On-Behalf-Of"] = actAs
		}
		if idemKey != "" {
			h["Idempotency-Key"] = idemKey
		}
		r := e.do(req{method: method, path: path, token: e.admin, body: body, header: h})
		if r.status != status {
			t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
		}
		for _, f := range answerFaults(method, strings.SplitN(path, "?", 2)[0], r.status, r.header.Get("Content-Type"), r.body) {
			t.Errorf("%s %s: %s", method, path, f)
		}
		covered[rt.Method+" "+rt.Pattern+" "+strconv.Itoa(status)] = true
		if len(rt.Produces) > 0 {
			return nil // a document: its content is the document package's to test
		}
		var out map[string]any
		r.decode(t, &out)
		return out
	}

	call("GET", "/v1/openapi.json", nil, 200)
	call("PUT", "/v1/plans/FR-MOBILE-100G", map[string]any{
		"name": map[string]any{"fr": "Mobile 100 Go", "en": "Mobile 100 GB"}, "jurisdiction": "FR",
		"monthly_price": map[string]any{"cents": 1999, "currency": "EUR"},
		"data_mb":       100000, "voice_minutes": "unlimited", "sms": "unlimited", "tier": 2, "active": true,
	}, 200)
	call("GET", "/v1/plans?jurisdiction=FR&active=true", nil, 200)
	call("GET", "/v1/plans/FR-MOBILE-100G", nil, 200)
	call("PUT", "/v1/devices/PHONE-X", map[string]any{
		"brand": "Fairphone", "model": "5", "os": "android", "jurisdiction": "FR",
		"price": map[string]any{"cents": 69900, "currency": "EUR"}, "active": true,
	}, 200)
	call("GET", "/v1/devices", nil, 200)
	call("GET", "/v1/devices/PHONE-X", nil, 200)
	call("PUT", "/v1/options/FR-DATA-10G", map[string]any{
		"name": map[string]any{"fr": "Recharge 10 Go", "en": "10 GB pack"}, "jurisdiction": "FR",
		"monthly_price": map[string]any{"cents": 500, "currency": "EUR"}, "data_mb": 10000, "roaming_data_mb": 0, "active": true,
	}, 200)
	call("GET", "/v1/options?jurisdiction=FR", nil, 200)
	call("PUT", "/v1/offers/FR-PACK", map[string]any{
		"kind": "option", "jurisdiction": "FR", "name": map[string]any{"fr": "Recharge offerte 3 mois", "en": "Pack free for 3 months"},
		"option_code": "FR-DATA-10G", "monthly_price": map[string]any{"cents": 300, "currency": "EUR"}, "valid_until": "2026-12-31",
		"eligibility": "usage.max_data_mb > 5000", "active": true,
	}, 200)
	call("GET", "/v1/offers?jurisdiction=FR&active=true", nil, 200)
	call("GET", "/v1/offers/FR-PACK", nil, 200)

	full := customerBody("Lefèvre")
	full["account_number"] = "A-1001"
	full["salutation"] = "madame"
	full["postal_address"] = map[string]any{"lines": []string{"12 rue de la Paix"}, "postal_code": "75002", "city": "Paris", "country": "FR"}
	full["consents"] = []map[string]any{{"channel": "sms", "purpose": "sales", "granted": true, "source": "web", "proof": "form-81", "at": epoch.Add(-time.Hour).Format(time.RFC3339)}}
	full["preferences"] = map[string]any{
		"quiet_hours":       []map[string]any{{"from": "19:00", "to": "09:00"}},
		"preferred_slots":   []map[string]any{{"days": []string{"mon", "thu"}, "from": "10:00", "to": "12:00"}},
		"preferred_channel": "sms",
	}
	full["do_not_call"] = map[string]any{"source": "asked on the phone"}
	c := call("POST", "/v1/customers", full, 201)
	id := c["id"].(string)
	call("POST", "/v1/customers", customerBody("Roux"), 201) // the lean shape: nulls where nothing was said
	call("GET", "/v1/customers?q=lefevre&limit=5", nil, 200)
	call("GET", "/v1/customers/"+id, nil, 200)
	call("PATCH", "/v1/customers/"+id, map[string]any{"advisor_id": "usr_1", "third_party_billing": true}, 200)
	consent := map[string]any{"ref": "DV-000042", "provider": "Digital Virgo", "service": "Contact+", "confirmed_by": "sms",
		"payment_page_at": epoch.Add(-10 * time.Minute).Format(time.RFC3339), "confirmed_at": epoch.Add(-8 * time.Minute).Format(time.RFC3339)}
	call("POST", "/v1/customers/"+id+"/third-party-consents", consent, 201)
	call("POST", "/v1/customers/"+id+"/third-party-consents", consent, 200)
	call("GET", "/v1/customers/"+id+"/third-party-consents", nil, 200)
	call("POST", "/v1/customers/"+id+"/third-party-consents/DV-000042/withdraw", nil, 200)

	l := call("POST", "/v1/customers/"+id+"/lines", map[string]any{"number": "06 98 76 54 32", "plan_code": "FR-MOBILE-100G", "commitment_ends_on": "2027-03-10"}, 201)
	lineID := l["id"].(string)
	call("GET", "/v1/customers/"+id+"/lines", nil, 200)
	call("GET", "/v1/lines/"+lineID, nil, 200)
	call("PATCH", "/v1/lines/"+lineID, map[string]any{"options": []string{"roaming-eu"}}, 200)
	call("PUT", "/v1/lines/"+lineID+"/usage/2026-02", map[string]any{
		"data_mb": 5300, "voice_minutes": 120, "sms": 14, "roaming_data_mb": 0,
		"roaming_spend": map[string]any{"cents": 0, "currency": "EUR"}, "third_party_spend": map[string]any{"cents": 499, "currency": "EUR"},
	}, 200)
	call("GET", "/v1/customers/"+id+"/usage?from=2026-01&to=2026-03", nil, 200)
	call("POST", "/v1/customers/"+id+"/devices", map[string]any{"brand": "Fairphone", "model": "5", "os": "android", "line_id": lineID, "catalog_code": "PHONE-X", "acquired_on": "2026-01-05"}, 201)
	call("GET", "/v1/customers/"+id+"/devices", nil, 200)
	call("GET", "/v1/customers/"+id+"/offers", nil, 200)
	call("GET", "/v1/customers/"+id+"/offers/FR-PACK/comparison", nil, 200)
	call("POST", "/v1/customers/"+id+"/offers/FR-PACK/send", map[string]any{"method": "bill_insert"}, 201)
	call("POST", "/v1/customers/"+id+"/offers/FR-PACK/send", map[string]any{"method": "bill_insert"}, 200)
	camp := map[string]any{"code": "FR-PACK-SMS", "name": map[string]any{"fr": "Recharge", "en": "Pack"}, "jurisdiction": "FR",
		"offers": []string{"FR-PACK"}, "target": `platform == "android"`, "channel": "sms", "source": "sms-gateway",
		"capacity_per_day": 100, "starts": epoch.Format(time.DateOnly), "ends": epoch.AddDate(0, 0, 30).Format(time.DateOnly), "control_percent": 0}
	call("POST", "/v1/campaigns", camp, 201)
	call("POST", "/v1/campaigns", camp, 200)
	call("GET", "/v1/campaigns", nil, 200)
	call("GET", "/v1/campaigns/FR-PACK-SMS", nil, 200)
	call("POST", "/v1/campaigns/FR-PACK-SMS/plan", nil, 201)
	call("GET", "/v1/campaigns/FR-PACK-SMS/plan", nil, 200)
	if targets := call("GET", "/v1/campaigns/FR-PACK-SMS/targets?outcome=target", nil, 200); len(targets["items"].([]any)) != 1 {
		t.Errorf("campaign targets: %v, want the customer", targets)
	}

	in := interactionBody(id, "call-1", epoch.Add(-10*time.Minute))
	in["ended_at"] = epoch.Add(-5 * time.Minute).Format(time.RFC3339)
	i := call("POST", "/v1/interactions", in, 201)
	call("POST", "/v1/interactions", in, 200)
	call("GET", "/v1/interactions/"+i["id"].(string), nil, 200)
	call("GET", "/v1/customers/"+id+"/timeline?limit=50", nil, 200)

	// Cases: opened by a system, taken, noted, handed off and resolved by
	// advisors, reopened, closed, and followed by a new case.
	sup := e.user(access.Supervisor, "sup@example.fr", "")
	a := e.user(access.Advisor, "a@example.fr", sup)
	b := e.user(access.Advisor, "b@example.fr", sup)
	k := call("POST", "/v1/cases", map[string]any{"customer_id": id, "subject": "Facture de mars", "category": "billing", "channel": "phone",
		"note": "Deux lignes Internet+ inconnues."}, 201)
	kid := k["id"].(string)
	call("GET", "/v1/cases?customer_id="+id+"&open=true&status=new&limit=10", nil, 200)
	call("GET", "/v1/cases/"+kid, nil, 200)
	actAs = a
	call("POST", "/v1/cases/"+kid+"/take", map[string]any{}, 200)
	call("POST", "/v1/cases/"+kid+"/notes", map[string]any{"note": "Demande de remboursement transmise."}, 200)
	call("POST", "/v1/cases/"+kid+"/status", map[string]any{"status": "waiting_internal"}, 200)
	call("POST", "/v1/cases/"+kid+"/handoff", map[string]any{"to_owner_id": b, "summary": "Remboursement demandé au service facturation, attendre leur accord."}, 200)
	actAs = b
	call("POST", "/v1/cases/"+kid+"/resolve", map[string]any{"resolution": "Remboursé et tiers bloqué."}, 200)
	call("POST", "/v1/cases/"+kid+"/reopen", map[string]any{"reason": "Une ligne revient sur la facture d'avril."}, 200)
	call("POST", "/v1/cases/"+kid+"/resolve", map[string]any{"resolution": "Remboursé à nouveau."}, 200)
	call("POST", "/v1/cases/"+kid+"/close", map[string]any{"reason": "resolved"}, 200)
	call("POST", "/v1/cases/"+kid+"/reopen", map[string]any{"reason": "Encore facturé en mai."}, 201)
	call("GET", "/v1/cases/"+kid+"/events", nil, 200)
	call("GET", "/v1/customers/"+id+"/brief", nil, 200)

	// Promises: one kept with its apology as evidence, one cancelled.
	actAs = a
	due := epoch.Add(48 * time.Hour)
	p := call("POST", "/v1/commitments", map[string]any{"customer_id": id, "kind": "send_offer", "subject": "contract_adaptation",
		"words": "Je vous envoie l'offre par courriel d'ici vendredi.", "channel": "email", "due": due.Format(time.RFC3339), "owner_id": a}, 201)
	pid := p["id"].(string)
	cb := call("POST", "/v1/commitments", map[string]any{"customer_id": id, "case_id": kid, "kind": "call_back", "subject": "billing",
		"words": "Je vous rappelle jeudi entre 10 h et 12 h.", "channel": "phone", "owner_id": a,
		"slot": map[string]any{"from": epoch.Add(24 * time.Hour).Format(time.RFC3339), "to": epoch.Add(26 * time.Hour).Format(time.RFC3339)}}, 201)
	call("GET", "/v1/commitments?customer_id="+id+"&status=pending&open=true&limit=10", nil, 200)
	call("GET", "/v1/commitments/"+pid, nil, 200)
	call("POST", "/v1/commitments/"+cb["id"].(string)+"/cancel", map[string]any{"reason": "Vous avez préféré un courriel."}, 200)
	actAs = ""
	e.clock.Advance(72 * time.Hour)
	call("POST", "/v1/jobs/overdue-sweep", nil, 200)
	ds := call("GET", "/v1/deliveries?commitment_id="+pid+"&status=queued&method=sms", nil, 200)
	did := ds["items"].([]any)[0].(map[string]any)["id"].(string)
	call("GET", "/v1/deliveries/"+did, nil, 200)
	call("POST", "/v1/deliveries/"+did+"/status", map[string]any{"status": "sent", "note": "accepted by the SMS gateway"}, 200)
	call("POST", "/v1/commitments/"+pid+"/keep", map[string]any{"evidence": map[string]any{"kind": "delivery", "id": did}}, 200)
	call("GET", "/v1/customers/"+id+"/timeline?limit=200", nil, 200)

	// Contact decisions: one allowed with its brief, a batch, a survey.
	ask := map[string]any{"customer_id": id, "purpose": "service", "channel": "sms", "source": "crm", "case_id": kid}
	dec := call("POST", "/v1/contact-decisions", ask, 201)
	if dec["verdict"] != "allow" || dec["brief"] == nil {
		t.Errorf("the happy path's decision: %v", dec)
	}
	call("POST", "/v1/contact-decisions:batch", map[string]any{"requests": []any{ask,
		map[string]any{"customer_id": id, "purpose": "sales", "channel": "phone", "source": "dialer", "caller_id": "+33140000000",
			"campaign": "spring", "subject": "contract_adaptation", "at": epoch.Add(100 * time.Hour).Format(time.RFC3339)}}}, 200)
	call("GET", "/v1/contact-decisions/"+dec["id"].(string), nil, 200)
	call("GET", "/v1/contact-decisions?customer_id="+id+"&limit=10", nil, 200)
	call("POST", "/v1/survey-requests", map[string]any{"customer_id": id, "event": "case:" + kid, "source": "pollster", "channel": "sms"}, 201)
	answer := map[string]any{"customer_id": id, "event": "case:" + kid, "source": "pollster", "scale": "nps", "score": 3,
		"verbatim": "Trois appels pour une ligne Internet+.", "answered_at": epoch.Format(time.RFC3339)}
	call("POST", "/v1/survey-responses", answer, 201)
	call("POST", "/v1/survey-responses", answer, 200)
	call("GET", "/v1/survey-responses?customer_id="+id, nil, 200)
	call("GET", "/v1/interactions?customer_id="+id+"&unasked=true&limit=10", nil, 200)

	// Bills: a run of two, one held; the held one adjusted, then released
	// after a second hold; the other sent and settled.
	eur := func(c int) map[string]any { return map[string]any{"cents": c, "currency": "EUR"} }
	billBody := func(lines ...map[string]any) map[string]any {
		total := 0
		for _, l := range lines {
			total += l["amount"].(map[string]any)["cents"].(int)
		}
		return map[string]any{"customer_id": id, "line_id": lineID, "period_from": "2026-02-01", "period_to": "2026-02-28",
			"due_on": "2026-03-15", "lines": lines, "total": eur(total)}
	}
	plan := map[string]any{"kind": "plan", "description": "Forfait 100 Go", "amount": eur(1999)}
	huge := map[string]any{"kind": "roaming", "description": "Données hors UE", "amount": eur(8000), "date": "2026-02-10"}
	run := call("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{billBody(plan), billBody(plan, huge)}}, 201)
	bills := run["bills"].([]any)
	if st := bills[1].(map[string]any)["status"]; st != "on_hold" {
		t.Errorf("€80 of roaming beyond the €50 cap: %v, want on_hold", st)
	}
	okBill, heldBill := bills[0].(map[string]any)["id"].(string), bills[1].(map[string]any)["id"].(string)
	call("GET", "/v1/bill-runs/"+run["run"].(map[string]any)["id"].(string)+"?limit=10", nil, 200)
	call("GET", "/v1/bill-runs/"+run["run"].(map[string]any)["id"].(string)+"/stripped?provider=Digital+Virgo", nil, 200)
	call("GET", "/v1/bills?customer_id="+id+"&status=on_hold&limit=10", nil, 200)
	call("GET", "/v1/bills/"+heldBill, nil, 200)
	actAs = sup
	call("POST", "/v1/bills/"+heldBill+"/adjust", map[string]any{"lines": []any{plan, map[string]any{"kind": "roaming", "description": "Données hors UE",
		"amount": eur(6000), "date": "2026-02-10"}}, "reason": "Relevé corrigé par le réseau, toujours au-delà du plafond"}, 200)
	call("POST", "/v1/bills/"+heldBill+"/release", map[string]any{"reason": "Dépassement accepté par écrit par le client"}, 200)
	// The audit of reads: an advisor opened the customer's brief in the
	// console; the supervisor reads who did.
	if err := e.app.Audit.RecordRead(tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: a, Name: "a"}), id, audit.ReasonBrief); err != nil {
		t.Fatal(err)
	}
	if reads := call("GET", "/v1/record-reads?customer_id="+id+"&user_id="+a+"&from=2026-01-01T00:00:00Z&limit=10", nil, 200); len(reads["items"].([]any)) != 1 {
		t.Errorf("the advisor's read of the brief: %v", reads)
	}
	actAs = ""
	call("GET", "/v1/bills/"+heldBill+"/events", nil, 200)
	call("POST", "/v1/bills/"+okBill+"/status", map[string]any{"status": "sent"}, 200)
	call("GET", "/v1/bills/"+okBill+"/document", nil, 200)
	call("POST", "/v1/dunning-decisions", map[string]any{"bill_id": okBill, "step": "reminder"}, 201)
	call("GET", "/v1/dunning-decisions?bill_id="+okBill, nil, 200)
	dispute := call("POST", "/v1/bills/"+okBill+"/disputes", map[string]any{"line": 0, "reason": "Le forfait a changé sans mon accord."}, 201)
	call("GET", "/v1/bills/"+okBill+"/disputes", nil, 200)
	call("POST", "/v1/bills/"+okBill+"/disputes/"+dispute["dispute"].(map[string]any)["id"].(string)+"/resolve",
		map[string]any{"resolution": "Le forfait souscrit est bien celui-ci : contestation rejetée."}, 200)
	cn := call("POST", "/v1/credit-notes", map[string]any{"customer_id": id, "bill_id": okBill, "amount": eur(500), "reason": "Geste commercial"}, 201)
	call("GET", "/v1/credit-notes?customer_id="+id, nil, 200)
	call("GET", "/v1/credit-notes/"+cn["id"].(string), nil, 200)
	call("POST", "/v1/credit-notes/"+cn["id"].(string)+"/status", map[string]any{"status": "applied"}, 200)

	// Leaving: a second line ported out, then the account cancelled in
	// three steps, and the job that ends what is due.
	call("POST", "/v1/customers/"+id+"/lines", map[string]any{"number": "06 55 44 33 22", "plan_code": "FR-MOBILE-100G"}, 201)
	port := map[string]any{"number": "+33655443322", "rio": "02P123ABC4X7", "date": "2026-03-20"}
	call("POST", "/v1/port-outs", port, 201)
	call("POST", "/v1/port-outs", port, 200)
	idemKey = "leave-1"
	leave := map[string]any{"given_name": "Camille", "family_name": "Lefèvre", "account_number": "A-1001", "lines": []string{"06 98 76 54 32"}}
	x := call("POST", "/v1/customers/"+id+"/cancellations", leave, 201)
	call("POST", "/v1/customers/"+id+"/cancellations", leave, 200)
	idemKey = ""
	xid := x["id"].(string)
	call("GET", "/v1/cancellations/"+xid, nil, 200)
	call("POST", "/v1/cancellations/"+xid+"/confirm", nil, 200)
	call("GET", "/v1/cancellations/"+xid+"/receipt", nil, 200)
	call("GET", "/v1/customers/"+id+"/cancellations", nil, 200)
	call("POST", "/v1/jobs/cancellations", nil, 200)
	call("POST", "/v1/jobs/session-purge", nil, 200)

	// Quality: the job computes the weeks, the dashboard reads them.
	job := call("POST", "/v1/jobs/quality", nil, 200)
	if len(job["computed"].([]any)) == 0 {
		t.Errorf("the quality job computed nothing: %v", job)
	}
	call("GET", "/v1/quality?jurisdiction=FR&from=2026-W01&to=2026-W11", nil, 200)

	for _, rt := range routes {
		for _, s := range []int{rt.Status, rt.Replay, rt.Also} {
			if s != 0 && !covered[rt.Method+" "+rt.Pattern+" "+strconv.Itoa(s)] {
				t.Errorf("%s %s %d: not called on its happy path here; add it", rt.Method, rt.Pattern, s)
			}
		}
	}
}
