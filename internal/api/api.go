// Package api serves tact's JSON API under /v1: routes listed in routes.go, one
// file per resource, thin handlers that decode, call a service and return a
// value. Errors are RFC 9457 problem+json with tact's stable codes.
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
)

// MaxBodyBytes caps a request body: 1 MiB is far above any honest request and
// well below what would hurt the server.
const MaxBodyBytes = 1 << 20

// API is the /v1 HTTP API.
type API struct {
	app    *app.App
	log    *slog.Logger
	routes []Route
	mux    *http.ServeMux

	// openapiDoc is the OpenAPI document, built once on first use.
	openapiOnce sync.Once
	openapiDoc  []byte
}

// New returns the API over the services.
func New(a *app.App, log *slog.Logger) *API {
	api := &API{app: a, log: log, mux: http.NewServeMux()}
	api.routes = api.routeTable()
	routes := http.NewServeMux()
	for _, rt := range api.routes {
		h := api.wrap(rt)
		api.mux.Handle(rt.Method+" "+rt.Pattern, h)
		routes.Handle(rt.Method+" "+rt.Pattern, h)
	}
	// Anything else under /v1 is a problem+json 405 (with Allow) when the path
	// exists under other methods, a 404 otherwise; never the mux's text page.
	api.mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		if allow := allowedMethods(routes, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			WriteProblem(w, r, tact.Errorf(tact.CodeMethodNotAllowed, "%s is not allowed on %s; use %s", r.Method, r.URL.Path, strings.Join(allow, " or ")))
			return
		}
		WriteProblem(w, r, tact.Errorf(tact.CodeNotFound, "no such route: %s %s", r.Method, r.URL.Path))
	})
	return api
}

// allowedMethods returns the methods under which routes serves r's path.
func allowedMethods(routes *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := routes.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

// ServeHTTP serves the API.
func (api *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { api.mux.ServeHTTP(w, r) }

// Routes returns the route table.
func (api *API) Routes() []Route { return api.routes }

// Route is one endpoint: its pattern, the scope it needs, what it takes and
// gives (for the OpenAPI document), and its handler.
type Route struct {
	Method  string
	Pattern string
	// Scope is what a token must carry; "" means any valid token.
	Scope   access.Scope
	Summary string
	// Request and Response are zero values of the body types, for the OpenAPI
	// document; nil means no body.
	Request  any
	Response any
	// Status is the success status.
	Status int
	// Replay, when not 0, is the status of an idempotent repeat: the request
	// was served before and the answer is what was stored then.
	Replay int
	// Also, when not 0, is the status of the other success a route may
	// answer, told by AlsoSummary: a reopened closed case is followed by a
	// new case (201).
	Also        int
	AlsoSummary string
	// IfMatch marks a change that honours If-Match (the ETag of the version
	// read; 412 when the record has moved on). A PATCH of a versioned record
	// always does.
	IfMatch bool
	// Query documents the query parameters.
	Query []Param
	// Gateway marks a route that hands something to a server outside tact
	// (the mail server, the print queue) and answers 502 when it refuses.
	Gateway bool
	// Produces lists the media types of a route that answers with a
	// document rather than JSON, the first being the default (see Accept).
	Produces []string
	handle   handlerFunc
}

// Param documents a query parameter.
type Param struct {
	Name        string
	Description string
}

// reply is what a handler returns: a status, a body and headers worth setting.
// A document (HTML, PDF) is raw bytes of contentType instead of a JSON body.
type reply struct {
	status      int
	body        any
	etag        string
	location    string
	raw         []byte
	contentType string
}

type handlerFunc func(r *http.Request) (reply, error)

// wrap authenticates, checks the route's scope, runs the handler and writes
// its reply or its error.
func (api *API) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, err := api.authenticate(r)
		if err == nil && rt.Scope != "" && !tok.Allows(rt.Scope) {
			err = tact.Errorf(tact.CodeForbidden, "this token lacks the scope %s", rt.Scope)
		}
		var actor tact.Actor
		if err == nil {
			actor, err = api.actor(r, tok, rt.Scope)
		}
		if err != nil {
			WriteProblem(w, r, err)
			return
		}
		ctx := tact.WithActor(r.Context(), actor)
		rep, err := rt.handle(r.WithContext(ctx))
		if err != nil {
			if tact.ErrorCode(err) == tact.CodeInternal {
				api.log.ErrorContext(ctx, "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			}
			WriteProblem(w, r, err)
			return
		}
		if rep.etag != "" {
			w.Header().Set("ETag", rep.etag)
		}
		if rep.location != "" {
			w.Header().Set("Location", rep.location)
		}
		if rep.contentType != "" {
			w.Header().Set("Content-Type", rep.contentType)
			w.Header().Set("Content-Length", strconv.Itoa(len(rep.raw)))
			w.WriteHeader(rep.status)
			w.Write(rep.raw)
			return
		}
		writeJSON(w, rep.status, rep.body)
	})
}

// OnBehalfOf is the request header in which a system holding a token names
// the person it acts for: the advisor at the screen of a CRM front end. That
// person is then who acts (a case's owner steps are theirs), and the route's
// scope must be one their role carries as well as one the token carries.
const OnBehalfOf = "On-Behalf-Of"

// actor returns who acts in r: the token's system, for the user named in the
// On-Behalf-Of header if any. An unknown or disabled user is refused (422 on
// the header), and so is a user whose role does not carry the route's scope.
// Routes open to any token ignore the header.
func (api *API) actor(r *http.Request, tok *access.Token, scope access.Scope) (tact.Actor, error) {
	a := tact.Actor{Kind: tact.ActorToken, ID: tok.ID, Name: tok.Name}
	id := strings.TrimSpace(r.Header.Get(OnBehalfOf))
	if id == "" || scope == "" {
		// The routes any token may call (the document) act on nothing.
		return a, nil
	}
	u, err := api.app.Access.User(r.Context(), id)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return a, tact.FieldError(tact.CodeInvalid, OnBehalfOf, "%s names user %q, who does not exist or is disabled", OnBehalfOf, id)
	}
	if err != nil {
		return a, err
	}
	if !u.Role.Allows(scope) {
		return a, tact.Errorf(tact.CodeForbidden, "%s acts for %s, whose role (%s) lacks the scope %s", tok.Name, u.ID, u.Role, scope)
	}
	a.OnBehalfOf = u.ID
	return a, nil
}

func (api *API) authenticate(r *http.Request) (*access.Token, error) {
	h := r.Header.Get("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if h == "" {
		return nil, tact.Errorf(tact.CodeUnauthorized, "send a token: Authorization: Bearer <token>")
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
		return nil, tact.Errorf(tact.CodeUnauthorized, "the Authorization header must read: Bearer <token>")
	}
	return api.app.Access.Authenticate(r.Context(), strings.TrimSpace(secret))
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if body != nil {
		_ = json.NewEncoder(w).Encode(body)
	}
}

// List is the envelope of a page of results.
type List[T any] struct {
	Items []T `json:"items"`
	// NextCursor fetches the next page; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

func list[T any](items []T, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	return List[T]{Items: items, NextCursor: next}
}

// decode reads a JSON body into dst: JSON media type only, within the size
// limit, no unknown fields, no trailing data. Every fault is a problem with a
// stable code and, where known, the field.
func decode(r *http.Request, dst any) error {
	body, err := readBody(r, MaxBodyBytes)
	if err != nil {
		return err
	}
	return decodeBytes(body, dst)
}

// readBody reads a JSON body of at most limit bytes.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
		return nil, tact.Errorf(tact.CodeUnsupportedMediaType, "send the body as application/json")
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, tact.Errorf(tact.CodeBodyTooLarge, "the body is over %d bytes", limit)
	}
	if err != nil {
		return nil, tact.Errorf(tact.CodeMalformedJSON, "the body could not be read")
	}
	return body, nil
}

func decodeBytes(body []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return tact.Errorf(tact.CodeMalformedJSON, "the body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return tact.Errorf(tact.CodeMalformedJSON, "the JSON body ends too soon")
	case errors.As(err, &syntax):
		return tact.Errorf(tact.CodeMalformedJSON, "the body is not valid JSON (at byte %d)", syntax.Offset)
	case err == nil && (dec.More() || tokenAfter(dec)):
		return tact.Errorf(tact.CodeMalformedJSON, "the body holds more than one JSON value")
	}
	if err == nil && string(bytes.TrimSpace(body)) == "null" {
		return tact.Errorf(tact.CodeInvalid, "the body must be a JSON object, not null")
	}
	if err == nil {
		return nil
	}
	// encoding/json names a faulty member without its index ("phones.number"),
	// and a value its own decoder refused not at all: on error only, walk the
	// body to find the first fault and its path.
	if f := bodyFault(body, reflect.TypeOf(dst).Elem(), ""); f != nil {
		return f
	}
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ):
		return tact.FieldError(tact.CodeInvalid, typ.Field, "expected %s, got a JSON %s", typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return tact.FieldError(tact.CodeUnknownField, name, "unknown field %q", name)
	}
	return tact.Errorf(tact.CodeInvalid, "%v", err)
}

func tokenAfter(dec *json.Decoder) bool {
	_, err := dec.Token()
	return err != io.EOF
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// bodyFault returns the first fault of the JSON value raw read as a t, named
// by its path ("phones[0].number"): a member t does not have (unknown_field),
// a value of the wrong JSON type, or a value its own decoder refuses
// (invalid). Members are visited in name order, so the answer is stable.
func bodyFault(raw []byte, t reflect.Type, path string) *tact.Error {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		if path == "" {
			return tact.Errorf(tact.CodeInvalid, "the body must be a JSON object, not null")
		}
		return nil // null leaves a value as is, or clears an optional one
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if isOptional(t) {
		v, _ := t.FieldByName("Value")
		return bodyFault(raw, v.Type, path)
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return tact.FieldError(tact.CodeInvalid, path, "%v", err)
		}
		return nil
	}
	switch {
	case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
		var members map[string]json.RawMessage
		if json.Unmarshal(raw, &members) != nil {
			return wrongJSONType(path, "an object", raw)
		}
		var fields []jsonMember
		if t.Kind() == reflect.Struct {
			fields = jsonMembers(t)
		}
		for _, name := range slices.Sorted(maps.Keys(members)) {
			at := name
			if path != "" {
				at = path + "." + name
			}
			elem := t
			if t.Kind() == reflect.Map {
				elem = t.Elem()
			} else if f, ok := findMember(fields, name); ok {
				elem = f.typ
			} else {
				return tact.FieldError(tact.CodeUnknownField, at, "unknown field %q", name)
			}
			if f := bodyFault(members[name], elem, at); f != nil {
				return f
			}
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8, t.Kind() == reflect.Array:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return wrongJSONType(path, "an array", raw)
		}
		for i, item := range items {
			if f := bodyFault(item, t.Elem(), path+"["+strconv.Itoa(i)+"]"); f != nil {
				return f
			}
		}
	default:
		if json.Unmarshal(raw, reflect.New(t).Interface()) != nil {
			want := map[reflect.Kind]string{reflect.String: "a string", reflect.Bool: "true or false",
				reflect.Float32: "a number", reflect.Float64: "a number"}[t.Kind()]
			if want == "" {
				want = "an integer"
			}
			return wrongJSONType(path, want, raw)
		}
	}
	return nil
}

func wrongJSONType(path, want string, raw []byte) *tact.Error {
	got := "a number"
	switch raw[0] {
	case '{':
		got = "an object"
	case '[':
		got = "an array"
	case '"':
		got = "a string"
	case 't', 'f':
		got = "a boolean"
	case 'n':
		got = "null"
	}
	if path == "" {
		return tact.Errorf(tact.CodeInvalid, "the body must be %s, not %s", want, got)
	}
	return tact.FieldError(tact.CodeInvalid, path, "expected %s, got %s", want, got)
}

// findMember finds a struct member by JSON name as encoding/json does: the
// exact name, else one that differs only in case.
func findMember(fields []jsonMember, name string) (jsonMember, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f, true
		}
	}
	return jsonMember{}, false
}

// pathID returns a path parameter.
func pathID(r *http.Request, name string) string { return r.PathValue(name) }

// queryInt reads an optional positive integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, tact.FieldError(tact.CodeInvalid, name, "%s must be a positive integer", name)
	}
	return n, nil
}

// etag returns the entity tag of a versioned record.
func etag(version int) string { return fmt.Sprintf(`"%d"`, version) }

// ifMatch reads the If-Match header as a version; 0 when absent.
func ifMatch(r *http.Request) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 1 {
		return 0, tact.FieldError(tact.CodePreconditionFailed, "If-Match", "If-Match must be an ETag this API gave, such as \"3\"")
	}
	return v, nil
}

// versionedStep runs a step on a versioned record: it reads If-Match (the
// version the client last read, optional) and decodes the body into a B,
// runs step on the record of the path's id, and answers what show makes of
// the result, with its new version as the ETag.
func versionedStep[B, T any](r *http.Request, step func(id string, b B, version int) (T, error), show func(T) (body any, version int)) (reply, error) {
	version, err := ifMatch(r)
	if err != nil {
		return reply{}, err
	}
	var b B
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	rec, err := step(pathID(r, "id"), b, version)
	if err != nil {
		return reply{}, err
	}
	body, v := show(rec)
	return reply{status: http.StatusOK, body: body, etag: etag(v)}, nil
}

// queryBool reads an optional true/false query parameter; absent is false.
func queryBool(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, tact.FieldError(tact.CodeInvalid, name, "%s is true or false", name)
}
