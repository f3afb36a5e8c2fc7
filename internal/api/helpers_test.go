package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
)

// epoch is where every test's clock starts. Tests move it explicitly; nothing
// here reads the wall clock, so runs are repeatable.
var epoch = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

// env is one tact instance for a test: a real app over its own SQLite file,
// served by api.New on a loopback port, with a clock the test moves.
type env struct {
	t     testing.TB
	app   *app.App
	api   *api.API
	srv   *httptest.Server
	clock *tact.ManualClock
	// admin carries every scope.
	admin string
	// stores are the app's, for what the API does not do (users with a
	// supervisor).
	stores app.Stores
}

// user creates a person's account of the given role, whose overdue promises
// escalate to supervisorID (none when ""), and returns its id.
func (e *env) user(role access.Role, email, supervisorID string) string {
	e.t.Helper()
	u := &access.User{ID: tact.NewIDGen(e.clock, nil).New(tact.PrefixUser), Email: email, Name: email, Role: role,
		SupervisorID: supervisorID, PasswordHash: "not-a-hash: this user never signs in", CreatedAt: e.clock.Now()}
	if err := e.stores.Access.CreateUser(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// as sends a body with the admin token, acting for a user (On-Behalf-Of)
// when user is not "", and If-Match when ifMatch is not "".
func (e *env) as(user, method, path, ifMatch string, body any) *response {
	e.t.Helper()
	h := map[string]string{}
	if user != "" {
		h["On-Behalf-Of"] = user
	}
	if ifMatch != "" {
		h["If-Match"] = ifMatch
	}
	return e.do(req{method: method, path: path, token: e.admin, body: body, header: h})
}

// newEnv starts a fresh instance. Each test gets its own database, so tests
// can run in parallel without seeing each other's records.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), sqlite.Options{Synchronous: sqlite.SyncNormal, Readers: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, db.Stores(), epoch)
}

// newEnvOn starts an instance over the stores of any engine (testenv.Engines
// gives one of each), its clock at start.
func newEnvOn(t testing.TB, st app.Stores, start time.Time) *env {
	t.Helper()
	clock := tact.NewManualClock(start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log})
	h := api.New(a, log)
	e := &env{t: t, app: a, api: h, clock: clock, stores: st}
	e.srv = httptest.NewServer(recordStatuses(h))
	t.Cleanup(e.srv.Close)
	e.admin = e.token(access.Scopes...)
	return e
}

// token creates a token with the given scopes and returns its secret.
func (e *env) token(scopes ...access.Scope) string {
	e.t.Helper()
	_, secret, err := e.app.Access.CreateToken(context.Background(), "test", scopes, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// response is an answer read in full.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode reads the body as JSON into v, failing the test if it is not.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body is not JSON (%v): %s", err, r.body)
	}
}

// problem reads the body as an RFC 9457 problem and checks its shape: the
// media type, the members every problem carries, and a status equal to the
// HTTP one.
func (r *response) problem(t testing.TB) problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.body)
	}
	var members map[string]any
	r.decode(t, &members)
	for _, m := range []string{"type", "title", "status", "detail", "code"} {
		if _, ok := members[m]; !ok {
			t.Errorf("problem lacks %q: %s", m, r.body)
		}
	}
	var p problem
	r.decode(t, &p)
	if p.Status != r.status {
		t.Errorf("problem status %d, HTTP status %d", p.Status, r.status)
	}
	if p.Type != api.ProblemType(tact.Code(p.Code)) {
		t.Errorf("problem type %q does not match code %q", p.Type, p.Code)
	}
	return p
}

// problem is what a client reads of a problem+json answer.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Field  string `json:"field"`
}

// wantProblem checks that r is a problem with the given status, code and,
// when field is not "", field.
func (r *response) wantProblem(t testing.TB, status int, code, field string) problem {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	p := r.problem(t)
	if p.Code != code {
		t.Errorf("code %q, want %q (detail %q)", p.Code, code, p.Detail)
	}
	if field != "" && p.Field != field {
		t.Errorf("field %q, want %q (detail %q)", p.Field, field, p.Detail)
	}
	return p
}

// req is one request to send.
type req struct {
	method string
	path   string
	token  string // "" sends no Authorization header
	// body is sent as is if it is a string or []byte, as JSON otherwise.
	body        any
	contentType string // defaults to application/json when there is a body
	header      map[string]string
}

// do sends a request and reads the answer in full.
func (e *env) do(q req) *response {
	e.t.Helper()
	var body io.Reader
	switch b := q.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	r, err := http.NewRequest(q.method, e.srv.URL+q.path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if q.token != "" {
		r.Header.Set("Authorization", "Bearer "+q.token)
	}
	if body != nil {
		ct := q.contentType
		if ct == "" {
			ct = "application/json"
		}
		r.Header.Set("Content-Type", ct)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	res, err := e.srv.Client().Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: b}
}

// get sends a GET with the admin token.
func (e *env) get(path string) *response {
	e.t.Helper()
	return e.do(req{method: "GET", path: path, token: e.admin})
}

// send sends a body with the admin token.
func (e *env) send(method, path string, body any) *response {
	e.t.Helper()
	return e.do(req{method: method, path: path, token: e.admin, body: body})
}

// must checks the status of r and decodes its body into v (when v is not nil).
func (r *response) must(t testing.TB, status int, v any) *response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if v != nil {
		r.decode(t, v)
	}
	return r
}

// customerBody is a valid customer to create; tests change what they test.
func customerBody(family string) map[string]any {
	return map[string]any{
		"jurisdiction": "FR",
		"given_name":   "Camille",
		"family_name":  family,
		"phones":       []map[string]any{{"number": "06 12 34 56 78", "primary": true}},
		"emails":       []map[string]any{{"address": "camille@example.fr", "primary": true}},
	}
}

// customer is what tests read of a customer.
type customer struct {
	ID         string `json:"id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	TimeZone   string `json:"time_zone"`
	Version    int    `json:"version"`
}

// createCustomer creates a customer and returns it.
func (e *env) createCustomer(family string) customer {
	e.t.Helper()
	var c customer
	e.send("POST", "/v1/customers", customerBody(family)).must(e.t, http.StatusCreated, &c)
	return c
}

// entry is what tests read of a timeline entry.
type entry struct {
	Kind         string         `json:"kind"`
	At           time.Time      `json:"at"`
	ID           string         `json:"id"`
	Interaction  map[string]any `json:"interaction"`
	Event        map[string]any `json:"event"`
	CaseEvent    map[string]any `json:"case_event"`
	PromiseEvent map[string]any `json:"promise_event"`
}

// timeline reads a customer's whole timeline, page by page.
func (e *env) timeline(id string) []entry {
	e.t.Helper()
	var all []entry
	cursor := ""
	for range 1000 {
		var page struct {
			Items      []entry `json:"items"`
			NextCursor string  `json:"next_cursor"`
		}
		e.get("/v1/customers/"+id+"/timeline?limit=200&cursor="+cursor).must(e.t, http.StatusOK, &page)
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		cursor = page.NextCursor
	}
	e.t.Fatal("timeline does not end")
	return nil
}

// interactionBody is a valid outbound call to the customer.
func interactionBody(customerID, externalID string, startedAt time.Time) map[string]any {
	return map[string]any{
		"customer_id": customerID,
		"channel":     "phone",
		"direction":   "outbound",
		"purpose":     "service",
		"source":      "dialer",
		"external_id": externalID,
		"caller_id":   "+33140000000",
		"started_at":  startedAt.Format(time.RFC3339Nano),
		"summary":     "called about the repair",
		"outcome":     "completed",
	}
}

// observed gathers, across every test of the package, each answer that the
// OpenAPI document does not describe: a status it does not list for the
// route, or a body its schema refuses. TestMain fails the run on any, so a
// status or member the API gives but does not document is caught by whichever
// test meets it.
var observed = struct {
	sync.Mutex
	faults map[string]bool
	count  int
}{faults: map[string]bool{}}

// reference is the OpenAPI document and route table answers are checked
// against. The document does not depend on the services, so an API over no
// app gives it.
var reference = sync.OnceValues(func() (map[string]any, []api.Route) {
	h := api.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var doc map[string]any
	if err := json.Unmarshal(h.OpenAPI(), &doc); err != nil {
		panic(err)
	}
	return doc, h.Routes()
})

func TestMain(m *testing.M) {
	code := m.Run()
	observed.Lock()
	defer observed.Unlock()
	if code == 0 && len(observed.faults) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d answers (of %d) the OpenAPI document does not describe:\n", len(observed.faults), observed.count)
		for _, f := range sortedKeys(observed.faults) {
			fmt.Fprintln(os.Stderr, "  "+f)
		}
		code = 1
	}
	os.Exit(code)
}

// recordStatuses checks each answer of h against the document.
func recordStatuses(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		faults := answerFaults(r.Method, r.URL.Path, sw.status, sw.Header().Get("Content-Type"), sw.body.Bytes())
		observed.Lock()
		defer observed.Unlock()
		observed.count++
		for _, f := range faults {
			observed.faults[fmt.Sprintf("%s %s → %d: %s", r.Method, r.URL.Path, sw.status, f)] = true
		}
	})
}

// answerFaults returns what the document says is wrong with an answer: its
// status is not listed for the route, it has no content of its media type,
// or its body does not match the schema. A path no route matches is the
// catch-all's problem+json 404, or 405 when the path exists under other methods.
func answerFaults(method, path string, status int, contentType string, body []byte) []string {
	doc, routes := reference()
	rt, ok := routeOf(routes, method, path)
	if !ok {
		if (status != http.StatusNotFound && status != http.StatusMethodNotAllowed) || contentType != "application/problem+json" {
			return []string{"a path no route matches must get the problem+json 404 or 405"}
		}
		return nil
	}
	op, _ := lookup(doc, "/paths/"+pointerEscape(rt.Pattern)+"/"+strings.ToLower(method)).(map[string]any)
	if op == nil {
		return []string{"route not in the document"}
	}
	resp := lookup(doc, "/paths/"+pointerEscape(rt.Pattern)+"/"+strings.ToLower(method)+"/responses/"+strconv.Itoa(status))
	if resp == nil {
		return []string{"status not documented"}
	}
	resp = resolve(doc, resp)
	if len(body) == 0 {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	schema := lookup(resp.(map[string]any), "/content/"+pointerEscape(mt)+"/schema")
	if schema == nil {
		return []string{"no documented content of type " + mt}
	}
	if !strings.HasSuffix(mt, "json") {
		return nil // a document (HTML, PDF): its type is documented, its bytes are the document's tests'
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"body is not JSON: " + err.Error()}
	}
	return validate(doc, schema, v, "")
}

type statusWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// lookup resolves a JSON pointer (RFC 6901) in v; nil when it leads nowhere.
func lookup(v any, pointer string) any {
	if pointer == "" {
		return v
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func pointerEscape(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// resolve follows $ref chains within the document.
func resolve(doc map[string]any, v any) any {
	for range 20 {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v
		}
		v = lookup(doc, strings.TrimPrefix(ref, "#"))
	}
	return nil
}

// validate checks v against a JSON Schema, for the keywords the document
// uses. It is strict where JSON Schema is lenient: a member of an object with
// "properties" and no "additionalProperties" must be documented, so a member
// the API writes but the document lacks is a fault.
func validate(doc map[string]any, schema, v any, at string) []string {
	s, ok := schema.(map[string]any)
	if !ok {
		return []string{at + ": schema is not an object"}
	}
	var faults []string
	fault := func(format string, args ...any) { faults = append(faults, at+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := s["$ref"].(string); ok {
		target := lookup(doc, strings.TrimPrefix(ref, "#"))
		if target == nil {
			fault("unresolved $ref %s", ref)
			return faults
		}
		faults = append(faults, validate(doc, target, v, at)...)
	}
	if anyOf, ok := s["anyOf"].([]any); ok && !slices.ContainsFunc(anyOf, func(sub any) bool { return len(validate(doc, sub, v, at)) == 0 }) {
		fault("matches none of anyOf: %v", v)
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range oneOf {
			if len(validate(doc, sub, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			fault("matches %d of oneOf, want 1: %v", n, v)
		}
	}
	if c, ok := s["const"]; ok && c != v {
		fault("%v is not %v", v, c)
	}
	if typ, ok := s["type"]; ok {
		types, ok := typ.([]any)
		if !ok {
			types = []any{typ}
		}
		if !slices.ContainsFunc(types, func(t any) bool { return jsonIs(v, t.(string)) }) {
			fault("%v (%T) is not of type %v", v, v, typ)
			return faults
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		fault("%v is not one of %v", v, enum)
	}
	if str, ok := v.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fault("%q does not match %s", str, p)
		}
		switch s["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				fault("%q is not a date-time", str)
			}
		case "date":
			if _, err := time.Parse(time.DateOnly, str); err != nil {
				fault("%q is not a date", str)
			}
		}
	}
	if n, ok := v.(float64); ok {
		if lo, ok := s["minimum"].(float64); ok && n < lo {
			fault("%v is below %v", n, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && n > hi {
			fault("%v is above %v", n, hi)
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, name := range sortedKeys(obj) {
			switch {
			case props[name] != nil:
				faults = append(faults, validate(doc, props[name], obj[name], at+"."+name)...)
			case s["additionalProperties"] != nil:
				faults = append(faults, validate(doc, s["additionalProperties"], obj[name], at+"."+name)...)
			case props != nil:
				fault("member %q is not documented", name)
			}
		}
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fault("required member %q is missing", r)
			}
		}
	}
	if arr, ok := v.([]any); ok && s["items"] != nil {
		for i, item := range arr {
			faults = append(faults, validate(doc, s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return faults
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// jsonIs reports whether the decoded JSON value v is of the JSON Schema type t.
func jsonIs(v any, t string) bool {
	switch x := v.(type) {
	case nil:
		return t == "null"
	case bool:
		return t == "boolean"
	case string:
		return t == "string"
	case float64:
		return t == "number" || t == "integer" && x == math.Trunc(x)
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	}
	return false
}

// routeOf finds the route of the table whose pattern matches method and path,
// segment by segment as the mux does ({x} matches one non-empty segment).
func routeOf(routes []api.Route, method, path string) (api.Route, bool) {
	segs := strings.Split(path, "/")
	for _, rt := range routes {
		if rt.Method != method {
			continue
		}
		ps := strings.Split(rt.Pattern, "/")
		if len(ps) != len(segs) {
			continue
		}
		ok := true
		for i, p := range ps {
			if strings.HasPrefix(p, "{") {
				ok = ok && segs[i] != ""
			} else {
				ok = ok && p == segs[i]
			}
		}
		if ok {
			return rt, true
		}
	}
	return api.Route{}, false
}

// sortedKeys returns the keys of m in order, for stable messages.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
