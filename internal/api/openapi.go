package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// The OpenAPI document is built from the route table and, by reflection, from
// the Go types of the bodies, so it cannot drift from what the handlers decode
// and encode. What reflection cannot see (the values of typed string
// constants, the members the server sets) is listed below in tables keyed by
// reflect.Type, each checked by a test against the domain.

// openAPI serves the OpenAPI document built from the route table.
func (api *API) openAPI(r *http.Request) (reply, error) {
	return reply{status: http.StatusOK, body: json.RawMessage(api.openAPIJSON())}, nil
}

// OpenAPI returns the OpenAPI 3.1 document of the route table, as JSON. It is
// built once, on first use; the caller gets its own copy.
func (api *API) OpenAPI() []byte { return bytes.Clone(api.openAPIJSON()) }

func (api *API) openAPIJSON() []byte {
	api.openapiOnce.Do(func() {
		b, err := json.Marshal(buildOpenAPI(api.routes))
		if err != nil {
			// Only a type that cannot be marshalled gets here, and the
			// document is made of maps, slices and strings.
			panic("api: OpenAPI document: " + err.Error())
		}
		api.openapiDoc = b
	})
	return api.openapiDoc
}

// openAPIDescription introduces the API to the engineers of an operator.
const openAPIDescription = `tact is a customer-relationship memory for telecom operators. This API lets an
operator's systems (dialer, billing, shop, web and app back ends) record and read
customers, their lines, devices and usage, every contact with them, the catalogue, the
customers' cases and the promises made to them, the written messages sent to keep those
promises, and the brief an advisor reads before any contact.

Authentication: every request carries a bearer token (Authorization: Bearer tact_…).
Each operation names the scope its token must carry, in its description and as
x-tact-scope; write does not imply read. A system that acts for a person (a CRM front end
for the advisor at its screen) names that user in the On-Behalf-Of header: the user is
then who acts (a case's owner steps are theirs alone), recorded on every event, and the
user's role must allow the scope too (403 otherwise). An unknown or disabled user is
refused with 422 invalid, field On-Behalf-Of.

Errors are RFC 9457 problem+json documents with a stable machine-readable "code" and,
when one input is at fault, the "field" naming it (e.g. "phones[0].number").
Clients branch on code, never on detail or title.

Bodies are JSON (snake_case), at most 1 MiB; unknown members are refused (unknown_field).
A PATCH body is a JSON merge patch (RFC 7396): an absent member is left as is, null clears it.
Records that carry a version answer with an ETag; send it back in If-Match to update
only the version you read (412 precondition_failed otherwise). A case's and a promise's
steps (POST /v1/cases/{id}/handoff and the like) take If-Match too and answer the new ETag.

Schemas describe what the server writes: "required" lists the members always present
(an empty list is [], never null), readOnly ones are set by the server. A request body has its
own "…Input" schema where a record differs as input: no readOnly members, and nothing
marked required, since defaults apply (a consent's time is now, a plan's code its path);
what a request lacks is answered with 422 and the field at fault. Responses may gain
members over time: clients must ignore those they do not know. Lists are pages: follow
next_cursor until it is absent.`

// tagDescription describes a tag; a route's tag is the resource of its scope.
func tagDescription(tag string) string {
	switch tag {
	case "customers":
		return "Customers, their lines, devices, monthly usage and timeline."
	case "interactions":
		return "Contacts with customers, on every channel, in both directions."
	case "catalog":
		return "The plans and devices the operator sells."
	case "cases":
		return "Customers' matters: one owner each, written handoffs, service levels in business days, closing rules."
	case "commitments":
		return "Promises made to customers, tracked until kept; the overdue sweep escalates them and apologises."
	case "deliveries":
		return "Written messages to customers (email, SMS, letter, bill insert) queued for the sending systems."
	case "contacts":
		return "Every outbound contact asks first: the contact policy's verdict (allow, deny, or defer until not_before) with the rules that decided and, when allowed, the brief; survey vendors book their surveys here. Every decision is stored."
	case "audit":
		return "Who read which customer's record in the console, when and why: the record every read leaves."
	case "sessions":
		return "What signing in leaves behind: the purge of ended sessions, spent codes and old sign-in attempts."
	case "meta":
		return "About this API."
	}
	return ""
}

// buildOpenAPI returns the document of routes.
func buildOpenAPI(routes []Route) map[string]any {
	_, doc := generate(routes)
	return doc
}

// generate builds the document of routes and returns it with the generator
// that built it, whose records tests read. Component names are decided on a
// first pass: a Go type name used by two packages (customer.Device,
// catalog.Device) is qualified by its package in both, whichever the walk
// meets first.
func generate(routes []Route) (*schemaGen, map[string]any) {
	first := newSchemaGen(nil)
	first.document(routes)
	g := newSchemaGen(first.clashes())
	return g, g.document(routes)
}

// document builds the whole document, registering the schemas it meets.
func (g *schemaGen) document(routes []Route) map[string]any {
	paths := orderedMap{}
	tags := map[string]bool{}
	for _, rt := range routes {
		p := openAPIPath(rt.Pattern)
		item, _ := paths.get(p).(orderedMap)
		item = item.set(strings.ToLower(rt.Method), g.operation(rt))
		paths = paths.set(p, item)
		tags[routeTag(rt)] = true
	}
	var tagList []any
	for _, name := range slices.Sorted(maps.Keys(tags)) {
		t := map[string]any{"name": name}
		if d := tagDescription(name); d != "" {
			t["description"] = d
		}
		tagList = append(tagList, t)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "tact API",
			"version":     "v1",
			"description": openAPIDescription,
		},
		"servers": []any{map[string]any{"url": "/"}},
		"tags":    tagList,
		"paths":   paths,
		"components": map[string]any{
			"schemas":   g.components,
			"responses": g.problemResponses(),
			"securitySchemes": map[string]any{
				"bearer": map[string]any{
					"type":   "http",
					"scheme": "bearer",
					"description": "An API token (tact_…). Each operation names the scope the token must carry " +
						"(x-tact-scope). The scopes: " + strings.Join(strs(access.Scopes...), ", ") + ".",
				},
			},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

// openAPIPath turns a ServeMux pattern's path into an OpenAPI path template:
// "{rest...}" becomes "{rest}" and "{$}" is dropped.
func openAPIPath(pattern string) string {
	pattern = strings.ReplaceAll(pattern, "{$}", "")
	return strings.ReplaceAll(pattern, "...}", "}")
}

// routeTag is the resource part of the route's scope ("customers:read" →
// "customers"): the scopes already group the routes the way an operator's
// engineers grant them. Routes open to any token are "meta".
func routeTag(rt Route) string {
	if rt.Scope == "" {
		return "meta"
	}
	res, _, _ := strings.Cut(string(rt.Scope), ":")
	return res
}

// OperationID derives an operation's id from its method and pattern: the
// method, then each literal segment in camel case and each parameter as
// "By<Name>". GET /v1/customers/{id}/timeline is getCustomersByIdTimeline.
func OperationID(method, pattern string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.TrimPrefix(openAPIPath(pattern), "/v1"), "/") {
		if name, ok := pathParam(seg); ok {
			b.WriteString("By")
			seg = name
		}
		for _, w := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ':' }) {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func pathParam(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// operation builds the operation of one route.
func (g *schemaGen) operation(rt Route) orderedMap {
	op := orderedMap{}
	op = op.set("operationId", OperationID(rt.Method, rt.Pattern))
	op = op.set("summary", rt.Summary)
	desc := rt.Summary + "\n\nAny valid token may call it."
	security := []any{}
	if rt.Scope != "" {
		desc = rt.Summary + "\n\nScope: `" + string(rt.Scope) + "`."
		// OpenAPI 3.1 lets a non-OAuth scheme list role names here; tools that
		// ignore them still read x-tact-scope.
		security = []any{string(rt.Scope)}
	}
	op = op.set("description", desc)
	op = op.set("tags", []any{routeTag(rt)})
	if rt.Scope != "" {
		op = op.set("x-tact-scope", string(rt.Scope))
	}
	op = op.set("security", []any{map[string]any{"bearer": security}})

	var params []any
	for _, seg := range strings.Split(openAPIPath(rt.Pattern), "/") {
		if name, ok := pathParam(seg); ok {
			params = append(params, map[string]any{
				"name": name, "in": "path", "required": true,
				"description": pathParamDescription(name), "schema": g.paramSchema(name),
			})
		}
	}
	for _, q := range rt.Query {
		params = append(params, map[string]any{
			"name": q.Name, "in": "query", "description": q.Description, "schema": g.queryParamSchema(rt, q.Name),
		})
	}
	versioned := rt.Response != nil && hasJSONMember(reflect.TypeOf(rt.Response), "version")
	if takesIfMatch(rt) {
		params = append(params, map[string]any{
			"name": "If-Match", "in": "header",
			"description": "The ETag of the version you read; the update is refused with 412 if the record has moved on.",
			"schema":      map[string]any{"type": "string"},
		})
	}
	if rt.Scope != "" {
		params = append(params, map[string]any{
			"name": OnBehalfOf, "in": "header",
			"description": "The id of the user (usr_…) a system acts for; that person is who acts, and their role must allow the scope too.",
			"schema":      map[string]any{"type": "string"},
		})
	}
	if len(params) > 0 {
		op = op.set("parameters", params)
	}

	if rt.Request != nil {
		schema := g.requestSchema(reflect.TypeOf(rt.Request))
		content := map[string]any{"application/json": map[string]any{"schema": schema}}
		if rt.Method == http.MethodPatch {
			content["application/merge-patch+json"] = map[string]any{"schema": schema}
		}
		op = op.set("requestBody", map[string]any{"required": true, "content": content})
	}

	responses := orderedMap{}
	success := map[string]any{"description": http.StatusText(rt.Status)}
	if rt.Response != nil {
		success["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Response))}}
	}
	if len(rt.Produces) > 0 {
		content := map[string]any{}
		for _, mt := range rt.Produces {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		success["content"] = content
	}
	if versioned {
		success["headers"] = map[string]any{"ETag": map[string]any{
			"description": "The record's version; send it in If-Match to update this version only.",
			"schema":      map[string]any{"type": "string"},
		}}
	}
	responses = responses.set(fmt.Sprint(rt.Status), success)
	if rt.Also != 0 && rt.Also != rt.Status {
		also := maps.Clone(success)
		also["description"] = http.StatusText(rt.Also) + ": " + rt.AlsoSummary + "."
		responses = responses.set(fmt.Sprint(rt.Also), also)
	}
	if rt.Replay != 0 && rt.Replay != rt.Status {
		replay := maps.Clone(success)
		replay["description"] = http.StatusText(rt.Replay) + ": a repeat of a request already served; the body is what was stored then."
		responses = responses.set(fmt.Sprint(rt.Replay), replay)
	}
	for _, status := range g.errorStatuses(rt) {
		g.problemStatuses[status] = true
		responses = responses.set(fmt.Sprint(status), map[string]any{"$ref": "#/components/responses/" + responseName(status)})
	}
	return op.set("responses", responses)
}

// errorStatuses are the error statuses a route can answer with, in order.
// They follow from what the route takes: every route checks a token; a scope
// can be lacking; a path names a record that may not exist; a body can be
// malformed, too large, of the wrong type or invalid; query parameters can be
// invalid; a create or change can collide with a record (a duplicate account
// number, an idempotency key told another story).
func (g *schemaGen) errorStatuses(rt Route) []int {
	statuses := []int{http.StatusUnauthorized, http.StatusInternalServerError}
	add := func(ss ...int) { statuses = append(statuses, ss...) }
	if rt.Scope != "" {
		add(http.StatusForbidden)
	}
	if namesParent(rt) || (rt.Request != nil && g.refersToCustomer(reflect.TypeOf(rt.Request))) {
		add(http.StatusNotFound)
	}
	if rt.Request != nil {
		add(http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity)
		if rt.Method == http.MethodPost || rt.Method == http.MethodPatch {
			add(http.StatusConflict)
		}
	}
	if len(rt.Query) > 0 {
		add(http.StatusBadRequest, http.StatusUnprocessableEntity)
	}
	if takesIfMatch(rt) {
		add(http.StatusPreconditionFailed)
	}
	if rt.Gateway {
		add(http.StatusBadGateway)
	}
	if len(rt.Produces) > 0 {
		// A document the rules refuse to make (an offer that does not fit);
		// an Accept header naming none of its types.
		add(http.StatusConflict, http.StatusNotAcceptable)
	}
	if rt.Scope != "" {
		// On-Behalf-Of names an unknown or disabled user.
		add(http.StatusUnprocessableEntity)
	}
	slices.Sort(statuses)
	return slices.Compact(statuses)
}

// takesIfMatch reports whether a route honours If-Match: a PATCH of a
// versioned record, or a step marked so.
func takesIfMatch(rt Route) bool {
	versioned := rt.Response != nil && hasJSONMember(reflect.TypeOf(rt.Response), "version")
	return rt.IfMatch || (rt.Method == http.MethodPatch && versioned)
}

// namesParent reports whether the route's path names a record that may not
// exist: any parameter, except the last of a PUT, which creates what it names.
func namesParent(rt Route) bool {
	p := openAPIPath(rt.Pattern)
	n := strings.Count(p, "{")
	if rt.Method == http.MethodPut && strings.HasSuffix(p, "}") {
		n--
	}
	return n > 0
}

// refersToCustomer reports whether a request body names a customer by id (a
// writable customer_id): the service answers 404 when there is no such
// customer, as it would for a path.
func (g *schemaGen) refersToCustomer(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return hasJSONMember(t, "customer_id") && !slices.Contains(g.readOnly[t], "customer_id")
}

// responseName names the shared response of an error status: "NotFound".
func responseName(status int) string {
	return strings.NewReplacer(" ", "", "-", "").Replace(http.StatusText(status))
}

// problemResponses are the shared error responses, one per status an
// operation lists; each names the codes the status table answers with it.
func (g *schemaGen) problemResponses() map[string]any {
	byStatus := map[int][]string{}
	for _, c := range Codes() {
		if s := StatusOf(c); g.problemStatuses[s] {
			byStatus[s] = append(byStatus[s], string(c))
		}
	}
	problem := g.schema(reflect.TypeFor[Problem]())
	out := map[string]any{}
	for status, codes := range byStatus {
		slices.Sort(codes)
		r := map[string]any{
			"description": http.StatusText(status) + ". Codes: " + strings.Join(codes, ", ") + ".",
			"content":     map[string]any{"application/problem+json": map[string]any{"schema": problem}},
		}
		if status == http.StatusUnauthorized {
			r["headers"] = map[string]any{"WWW-Authenticate": map[string]any{
				"description": `Bearer realm="tact"`, "schema": map[string]any{"type": "string"},
			}}
		}
		out[responseName(status)] = r
	}
	return out
}

// pathParamDescription describes a path parameter by its name.
func pathParamDescription(name string) string {
	switch name {
	case "id":
		return "The record's id, as this API gave it (e.g. cus_…, lin_…, int_…, cas_…, com_…, dlv_…)."
	case "code":
		return "The catalogue entry's code, e.g. FR-MOBILE-100G."
	case "month":
		return "A calendar month, YYYY-MM."
	case "ref":
		return "The consent's reference, as its provider's bill lines cite it (consent_ref)."
	}
	return ""
}

// paramSchema is the schema of a path or query parameter, by its name.
func (g *schemaGen) paramSchema(name string) any {
	switch name {
	case "limit":
		return map[string]any{"type": "integer", "minimum": 1, "maximum": tact.MaxPageSize, "default": tact.DefaultPageSize}
	case "active", "open", "breached", "unasked":
		return map[string]any{"type": "boolean"}
	case "month", "from", "to":
		return g.schema(reflect.TypeFor[tact.Month]())
	case "jurisdiction":
		return g.schema(reflect.TypeFor[tact.Jurisdiction]())
	case "status":
		// The one status filter so far is the customers'.
		return g.schema(reflect.TypeFor[customer.Status]())
	}
	return map[string]any{"type": "string"}
}

// queryParamSchema is the schema of a query parameter of rt. A filter named
// like an enum member of the records a list route answers ("status" on
// /v1/cases) takes that member's schema, and one named like a scalar member
// of the object another route answers ("from" on /v1/quality, a week) that
// member's; others go by their name.
func (g *schemaGen) queryParamSchema(rt Route, name string) any {
	if t := listItemType(rt.Response); t != nil {
		for _, m := range jsonMembers(t) {
			if _, enum := g.enums[m.typ]; enum && m.name == name {
				return g.schema(m.typ)
			}
		}
	}
	if t := reflect.TypeOf(rt.Response); t != nil && t.Kind() == reflect.Struct && !isList(t) {
		for _, m := range jsonMembers(t) {
			if _, scalar := g.scalars[m.typ]; scalar && m.name == name {
				return g.schema(m.typ)
			}
		}
	}
	return g.paramSchema(name)
}

// listItemType returns the struct type of the items of a List[T] response;
// nil for other responses.
func listItemType(resp any) reflect.Type {
	if resp == nil || !isList(reflect.TypeOf(resp)) {
		return nil
	}
	items, _ := reflect.TypeOf(resp).FieldByName("Items")
	t := items.Type.Elem()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

// enumValues lists the values of each typed string the API reads or writes.
// Where a domain package keeps its own list, the list is used, not copied; a
// test checks every value against the type's Valid method and that every
// type with a Valid method reached from a route is here.
func enumValues() map[reflect.Type][]string {
	return map[reflect.Type][]string{
		reflect.TypeFor[tact.Channel]():           strs(tact.Channels...),
		reflect.TypeFor[tact.Purpose]():           strs(tact.Purposes...),
		reflect.TypeFor[tact.Jurisdiction]():      strs(tact.FR, tact.CAQC),
		reflect.TypeFor[tact.Language]():          strs(tact.LangFrFR, tact.LangFrCA, tact.LangEN),
		reflect.TypeFor[tact.Currency]():          strs(tact.EUR, tact.CAD),
		reflect.TypeFor[tact.ActorKind]():         strs(tact.ActorToken, tact.ActorUser, tact.ActorCustomer, tact.ActorSystem),
		reflect.TypeFor[tact.Code]():              sortedCodes(),
		reflect.TypeFor[customer.Status]():        strs(customer.Active, customer.Cancelling, customer.Former),
		reflect.TypeFor[customer.Salutation]():    strs(customer.Madame, customer.Monsieur, customer.None),
		reflect.TypeFor[customer.FormOfAddress](): strs(customer.Vous, customer.Tu),
		reflect.TypeFor[customer.PhoneType]():     strs(customer.PhoneMobile, customer.PhoneFixed, customer.PhoneOther),
		reflect.TypeFor[customer.ConsentSource](): strs(customer.SourceWeb, customer.SourceApp, customer.SourcePhone,
			customer.SourceShop, customer.SourcePaper, customer.SourceEmail, customer.SourceSMS, customer.SourceImport),
		reflect.TypeFor[customer.LineStatus]():   strs(customer.LineActive, customer.LineSuspended, customer.LineEnded),
		reflect.TypeFor[tact.OS]():               strs(tact.IOS, tact.Android, tact.OtherOS),
		reflect.TypeFor[offer.Kind]():            strs(offer.PlanChange, offer.DeviceSale, offer.OptionAdd, offer.Bundle),
		reflect.TypeFor[campaign.Outcome]():      strs(campaign.Outcomes...),
		reflect.TypeFor[billing.Kind]():          strs(billing.Kinds...),
		reflect.TypeFor[billing.Status]():        strs(billing.Statuses...),
		reflect.TypeFor[billing.RuleID]():        strs(billing.RuleIDs...),
		reflect.TypeFor[billing.EventKind]():     strs(billing.EventKinds...),
		reflect.TypeFor[billing.CreditStatus]():  strs(billing.CreditStatuses...),
		reflect.TypeFor[billing.Step]():          strs(billing.Steps...),
		reflect.TypeFor[survey.Scale]():          strs(survey.Scales...),
		reflect.TypeFor[survey.Sentiment]():      strs(survey.Sentiments...),
		reflect.TypeFor[survey.FollowUpStatus](): strs(survey.FollowUpStatuses...),
		reflect.TypeFor[lifecycle.Kind]():        strs(lifecycle.Kinds...),
		reflect.TypeFor[lifecycle.Status]():      strs(lifecycle.Statuses...),
		reflect.TypeFor[customer.EventKind](): strs(customer.EventCreated, customer.EventUpdated, customer.EventStatusChanged,
			customer.EventConsentRecorded, customer.EventDoNotCall, customer.EventThirdPartyBilling, customer.EventOppositionChecked,
			customer.EventLineAdded, customer.EventLineUpdated, customer.EventDeviceAdded, customer.EventMarketingErased, customer.EventSurveyAnswered,
			customer.EventSpacePasswordSet, customer.EventSpacePasswordChanged),
		reflect.TypeFor[interaction.Direction](): strs(interaction.Inbound, interaction.Outbound),
		reflect.TypeFor[interaction.Outcome](): strs(interaction.Completed, interaction.Delivered, interaction.NoAnswer,
			interaction.Busy, interaction.Voicemail, interaction.Refused, interaction.Failed),
		reflect.TypeFor[timeline.Kind]():     strs(timeline.KindInteraction, timeline.KindEvent, timeline.KindCaseEvent, timeline.KindPromise),
		reflect.TypeFor[tact.Weekday]():      {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
		reflect.TypeFor[cases.Category]():    strs(cases.Categories...),
		reflect.TypeFor[cases.Status]():      strs(cases.Statuses...),
		reflect.TypeFor[cases.CloseReason](): strs(cases.ClosedResolved, cases.ClosedNoAnswer, cases.ClosedDuplicate, cases.ClosedWithdrawn),
		reflect.TypeFor[cases.EventKind](): strs(cases.EventOpened, cases.EventAssigned, cases.EventNote, cases.EventHandedOff,
			cases.EventStatusChanged, cases.EventAnswered, cases.EventResolved, cases.EventReopened, cases.EventClosed),
		reflect.TypeFor[commitment.Kind]():         strs(commitment.Kinds...),
		reflect.TypeFor[commitment.Status]():       strs(commitment.Statuses...),
		reflect.TypeFor[commitment.EvidenceKind](): strs(commitment.EvidenceDelivery, commitment.EvidenceInteraction, commitment.EvidenceCreditNote),
		reflect.TypeFor[commitment.EventKind](): strs(commitment.EventMade, commitment.EventKept, commitment.EventCancelled,
			commitment.EventOverdue),
		reflect.TypeFor[delivery.Method]():       strs(delivery.Methods...),
		reflect.TypeFor[contactpolicy.Verdict](): strs(contactpolicy.Allow, contactpolicy.Deny, contactpolicy.Defer),
		reflect.TypeFor[delivery.Kind]():         strs(delivery.Kinds...),
		reflect.TypeFor[delivery.Status]():       strs(delivery.Statuses...),
	}
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func sortedCodes() []string {
	out := strs(Codes()...)
	slices.Sort(out)
	return out
}

// readOnlyMembers lists, per type, the members the server sets: a client may
// send them (a record read, changed and sent back) but they are ignored.
func readOnlyMembers() map[reflect.Type][]string {
	return map[reflect.Type][]string{
		reflect.TypeFor[customer.Customer]():       {"id", "version", "created_at", "updated_at", "marketing_erased_on"},
		reflect.TypeFor[customer.Line]():           {"id", "customer_id", "version", "created_at", "updated_at"},
		reflect.TypeFor[customer.Device]():         {"id", "customer_id", "created_at"},
		reflect.TypeFor[customer.Usage]():          {"line_id", "customer_id", "month"},
		reflect.TypeFor[customer.Event]():          {"id", "customer_id", "at", "actor"},
		reflect.TypeFor[interaction.Interaction](): {"id", "recorded_at"},
		reflect.TypeFor[caseView](): {"breaches", "id", "status", "owner_id", "where_we_are", "resolution", "close_reason", "reopens_case_id",
			"opened_at", "first_answer_due", "resolution_due", "first_answered_at", "resolved_at", "closed_at", "version", "updated_at"},
		reflect.TypeFor[cases.Event](): {"id", "case_id", "customer_id", "at", "actor"},
		reflect.TypeFor[commitment.Commitment](): {"id", "status", "kept_at", "evidence", "cancelled_at", "cancel_reason",
			"overdue_at", "escalated_to", "new_due", "version", "created_at", "updated_at"},
		reflect.TypeFor[commitment.Event]():  {"id", "commitment_id", "customer_id", "at", "actor"},
		reflect.TypeFor[delivery.Delivery](): {"id", "status", "status_note", "created_at", "sent_at", "updated_at"},
		reflect.TypeFor[lifecycle.Cancellation](): {"id", "customer_id", "kind", "status", "idempotency_key", "request", "port_out", "preview",
			"received_at", "receipt_delivery_id", "completed_at", "version", "created_at", "updated_at"},
	}
}

// componentNames overrides the component name of types whose Go name says
// too little once out of its package.
func componentNames() map[reflect.Type]string {
	return map[reflect.Type]string{
		reflect.TypeFor[customer.Update]():       "CustomerUpdate",
		reflect.TypeFor[customer.LineUpdate]():   "LineUpdate",
		reflect.TypeFor[customer.Event]():        "CustomerEvent",
		reflect.TypeFor[customer.Status]():       "CustomerStatus",
		reflect.TypeFor[timeline.Entry]():        "TimelineEntry",
		reflect.TypeFor[timeline.Kind]():         "TimelineEntryKind",
		reflect.TypeFor[tact.Code]():             "ProblemCode",
		reflect.TypeFor[usageBody]():             "UsageInput",
		reflect.TypeFor[cases.Draft]():           "CaseDraft",
		reflect.TypeFor[caseView]():              "Case",
		reflect.TypeFor[cases.Breach]():          "CaseBreach",
		reflect.TypeFor[cases.Status]():          "CaseStatus",
		reflect.TypeFor[cases.Category]():        "CaseCategory",
		reflect.TypeFor[cases.CloseReason]():     "CaseCloseReason",
		reflect.TypeFor[cases.Event]():           "CaseEvent",
		reflect.TypeFor[billing.Bill]():          "Bill",
		reflect.TypeFor[billing.Line]():          "BillLine",
		reflect.TypeFor[billing.Kind]():          "BillLineKind",
		reflect.TypeFor[billing.Status]():        "BillStatus",
		reflect.TypeFor[billing.Event]():         "BillEvent",
		reflect.TypeFor[billing.EventKind]():     "BillEventKind",
		reflect.TypeFor[billing.Review]():        "BillReview",
		reflect.TypeFor[billing.Finding]():       "BillFinding",
		reflect.TypeFor[billing.RuleID]():        "BillRule",
		reflect.TypeFor[billing.Provider]():      "ThirdPartyProvider",
		reflect.TypeFor[billing.Run]():           "BillRun",
		reflect.TypeFor[app.RunResult]():         "BillRunResult",
		reflect.TypeFor[billRunBody]():           "BillRunInput",
		reflect.TypeFor[billRunPage]():           "BillRunPage",
		reflect.TypeFor[reasonBody]():            "BillReleaseInput",
		reflect.TypeFor[adjustBody]():            "BillAdjustInput",
		reflect.TypeFor[billStatusBody]():        "BillStatusInput",
		reflect.TypeFor[disputeBody]():           "DisputeInput",
		reflect.TypeFor[creditStatusBody]():      "CreditNoteStatusInput",
		reflect.TypeFor[billing.CreditStatus]():  "CreditNoteStatus",
		reflect.TypeFor[billing.Step]():          "DunningStep",
		reflect.TypeFor[survey.Response]():       "SurveyResponse",
		reflect.TypeFor[lifecycle.Request]():     "CancellationRequest",
		reflect.TypeFor[lifecycle.Preview]():     "CancellationPreview",
		reflect.TypeFor[lifecycle.LineEnd]():     "CancellationLine",
		reflect.TypeFor[lifecycle.Credit]():      "CancellationCredit",
		reflect.TypeFor[lifecycle.Kind]():        "CancellationKind",
		reflect.TypeFor[lifecycle.Status]():      "CancellationStatus",
		reflect.TypeFor[app.CompletionResult]():  "CancellationJobResult",
		reflect.TypeFor[survey.Scale]():          "SurveyScale",
		reflect.TypeFor[survey.Sentiment]():      "SurveySentiment",
		reflect.TypeFor[billing.DunningReason](): "DunningReason",
		reflect.TypeFor[billing.DunningRecord](): "DunningDecision",
		reflect.TypeFor[app.DunningAsk]():        "DunningRequest",
		reflect.TypeFor[app.DisputeResult]():     "DisputeResult",
		reflect.TypeFor[cases.EventKind]():       "CaseEventKind",
		reflect.TypeFor[commitment.Draft]():      "CommitmentDraft",
		reflect.TypeFor[commitment.Kind]():       "CommitmentKind",
		reflect.TypeFor[commitment.Status]():     "CommitmentStatus",
		reflect.TypeFor[commitment.Event]():      "CommitmentEvent",
		reflect.TypeFor[commitment.EventKind]():  "CommitmentEventKind",
		reflect.TypeFor[commitment.Slot]():       "CallBackSlot",
		reflect.TypeFor[delivery.Method]():       "DeliveryMethod",
		reflect.TypeFor[delivery.Kind]():         "DeliveryKind",
		reflect.TypeFor[delivery.Status]():       "DeliveryStatus",
		reflect.TypeFor[app.SweepResult]():       "SweepResult",
		reflect.TypeFor[brief.Address]():         "BriefAddress",
		reflect.TypeFor[brief.Line]():            "BriefLine",
		reflect.TypeFor[brief.Device]():          "BriefDevice",
		reflect.TypeFor[brief.Case]():            "BriefCase",
		reflect.TypeFor[brief.Promise]():         "BriefPromise",
		reflect.TypeFor[brief.Contact]():         "BriefContact",
		reflect.TypeFor[brief.Consent]():         "BriefConsent",
		reflect.TypeFor[brief.Preferences]():     "BriefPreferences",
		reflect.TypeFor[takeBody]():              "CaseTakeInput",
		reflect.TypeFor[noteBody]():              "CaseNoteInput",
		reflect.TypeFor[handoffBody]():           "CaseHandoffInput",
		reflect.TypeFor[caseStatusBody]():        "CaseStatusInput",
		reflect.TypeFor[resolveBody]():           "CaseResolveInput",
		reflect.TypeFor[closeBody]():             "CaseCloseInput",
		reflect.TypeFor[reopenBody]():            "CaseReopenInput",
		reflect.TypeFor[keepBody]():              "CommitmentKeepInput",
		reflect.TypeFor[cancelBody]():            "CommitmentCancelInput",
		reflect.TypeFor[deliveryStatusBody]():    "DeliveryStatusInput",
		reflect.TypeFor[quality.Report]():        "QualityReport",
		reflect.TypeFor[quality.WeekFigures]():   "QualityWeek",
		reflect.TypeFor[quality.Ratio]():         "QualityRatio",
		reflect.TypeFor[quality.Pressure]():      "ContactPressure",
		reflect.TypeFor[quality.DisputeCounts](): "QualityDisputes",
		reflect.TypeFor[quality.Week]():          "ISOWeek",
		reflect.TypeFor[app.QualityResult]():     "QualityJobResult",
		reflect.TypeFor[app.QualityWeek]():       "QualityJobWeek",
	}
}

// scalarSchemas are the types that write themselves as one JSON value through
// their own MarshalJSON, with the schema of that value.
func scalarSchemas() map[reflect.Type]map[string]any {
	return map[reflect.Type]map[string]any{
		reflect.TypeFor[tact.Date](): {
			"type": []any{"string", "null"}, "format": "date",
			"description": "A civil date, YYYY-MM-DD; null when there is none.",
		},
		reflect.TypeFor[tact.Month](): {
			"type": "string", "pattern": `^[0-9]{4}-(0[1-9]|1[0-2])$`,
			"description": "A calendar month, YYYY-MM.", "examples": []any{"2026-10"},
		},
		reflect.TypeFor[tact.TimeOfDay](): {
			"type": "string", "pattern": `^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`,
			"description": "A wall-clock time, HH:MM, in the customer's time zone; 24:00 ends a day.",
		},
		reflect.TypeFor[quality.Week](): weekSchema,
		reflect.TypeFor[catalog.Allowance](): {
			"description": `A monthly quantity: a number, or "unlimited".`,
			"oneOf": []any{
				map[string]any{"type": "integer", "minimum": 0},
				map[string]any{"type": "string", "const": "unlimited"},
			},
		},
	}
}

// nullableTypes write null for their zero value.
func nullableTypes() map[reflect.Type]bool {
	return map[reflect.Type]bool{reflect.TypeFor[tact.Date](): true}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	tactPkg  = reflect.TypeFor[tact.Code]().PkgPath()
	apiPkg   = reflect.TypeFor[Route]().PkgPath()
)

// schemaGen turns Go types into JSON Schemas, registering a component for
// each named struct, enum and scalar type it meets.
type schemaGen struct {
	components map[string]any
	types      map[string]variant // component name → what it describes, to catch two under one name
	seen       map[variant]bool
	needs      map[reflect.Type]bool // memo of needsInput
	input      bool                  // building a request body's schema
	// problemStatuses are the error statuses the operations list.
	problemStatuses map[int]bool
	// qualify lists the Go type names that need their package; nil on the
	// first pass, which finds them.
	qualify map[string]bool
	bare    map[string]map[reflect.Type]bool
	// plain records named string types written without an enum, so a test
	// can check none of them has a Valid method (values we forgot to list).
	plain map[reflect.Type]bool

	enums    map[reflect.Type][]string
	readOnly map[reflect.Type][]string
	names    map[reflect.Type]string
	scalars  map[reflect.Type]map[string]any
	nullable map[reflect.Type]bool
}

func newSchemaGen(qualify map[string]bool) *schemaGen {
	return &schemaGen{
		components:      map[string]any{},
		types:           map[string]variant{},
		seen:            map[variant]bool{},
		needs:           map[reflect.Type]bool{},
		problemStatuses: map[int]bool{},
		qualify:         qualify,
		bare:            map[string]map[reflect.Type]bool{},
		plain:           map[reflect.Type]bool{},
		enums:           enumValues(),
		readOnly:        readOnlyMembers(),
		names:           componentNames(),
		scalars:         scalarSchemas(),
		nullable:        nullableTypes(),
	}
}

// clashes returns the Go type names that more than one type met carries
// (never nil, so the second pass knows it is the second).
func (g *schemaGen) clashes() map[string]bool {
	out := map[string]bool{}
	for name, types := range g.bare {
		if len(types) > 1 {
			out[name] = true
		}
	}
	return out
}

// schema returns the schema of t: a $ref for component types, inline otherwise.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t.Kind() == reflect.Pointer:
		return g.orNull(t.Elem())
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case isOptional(t):
		// Absent leaves the member as is, null clears it (RFC 7396).
		v, _ := t.FieldByName("Value")
		return g.orNull(v.Type)
	case g.isComponent(t):
		v := variant{t, g.inputVariant(t)}
		name := g.componentName(t)
		if v.input && !strings.HasSuffix(name, "Input") && !strings.HasSuffix(name, "Update") {
			name += "Input"
		}
		prev, taken := g.types[name]
		if taken && prev != v && g.qualify != nil {
			panic(fmt.Sprintf("api: OpenAPI component %s names both %v and %v", name, prev.t, t))
		}
		if !g.seen[v] {
			// Mark first: a type may refer to itself. On the first pass a
			// type whose name is taken is still walked, so that the types
			// only it leads to are met too.
			g.seen[v] = true
			s := g.build(t)
			if !taken {
				g.types[name] = v
				g.components[name] = s
			}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return g.build(t)
}

// variant is a type's schema as the server writes it, or as it reads it.
type variant struct {
	t     reflect.Type
	input bool
}

// requestSchema returns the schema of t as a request body. A struct the
// server writes with required or readOnly members gets an input variant
// ("PhoneInput") that has neither: the server sets the readOnly members, and
// what it needs of a request is told by its validation (a 422 names the
// field), which reflection cannot see: a consent's time defaults to now, a
// plan's code to its path.
func (g *schemaGen) requestSchema(t reflect.Type) map[string]any {
	g.input = true
	defer func() { g.input = false }()
	return g.schema(t)
}

// inputVariant reports whether t, met in a request, needs its input variant.
func (g *schemaGen) inputVariant(t reflect.Type) bool {
	return g.input && t.Kind() == reflect.Struct && g.needsInput(t)
}

// needsInput reports whether the struct t differs as input: it has required
// or readOnly members, or a member whose type does.
func (g *schemaGen) needsInput(t reflect.Type) bool {
	if need, ok := g.needs[t]; ok {
		return need
	}
	if _, scalar := g.scalars[t]; scalar || t == timeType || isOptional(t) {
		return false
	}
	g.needs[t] = false // until shown otherwise: a type may refer to itself
	need := len(g.readOnly[t]) > 0
	for _, m := range jsonMembers(t) {
		if !m.omitted && !isOptional(m.typ) {
			need = true
		}
		if e := innerStruct(m.typ); e != nil && g.needsInput(e) {
			need = true
		}
	}
	g.needs[t] = need
	return need
}

// innerStruct returns the struct a member holds, through pointers, slices,
// maps and optionals; nil if none.
func innerStruct(t reflect.Type) reflect.Type {
	for {
		switch {
		case isOptional(t):
			v, _ := t.FieldByName("Value")
			t = v.Type
		case t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map:
			t = t.Elem()
		case t.Kind() == reflect.Struct:
			return t
		default:
			return nil
		}
	}
}

// orNull returns the schema of t admitting null, unless t's own schema does.
func (g *schemaGen) orNull(t reflect.Type) map[string]any {
	if g.nullable[t] {
		return g.schema(t)
	}
	return nullable(g.schema(t))
}

// isComponent reports whether t gets a component of its own: named structs,
// enums and the scalar types with their own JSON form.
func (g *schemaGen) isComponent(t reflect.Type) bool {
	if t.Name() == "" || t.PkgPath() == "" {
		return false
	}
	_, enum := g.enums[t]
	_, scalar := g.scalars[t]
	return t.Kind() == reflect.Struct || enum || scalar
}

func isOptional(t reflect.Type) bool {
	return t.PkgPath() == tactPkg && strings.HasPrefix(t.Name(), "Optional[")
}

func isList(t reflect.Type) bool {
	return t.PkgPath() == apiPkg && strings.HasPrefix(t.Name(), "List[")
}

// componentName names t's component: an override, else the Go name (with its
// package when two packages use it); a page List[T] is "<T>List".
func (g *schemaGen) componentName(t reflect.Type) string {
	if n, ok := g.names[t]; ok {
		return n
	}
	if isList(t) {
		items, _ := t.FieldByName("Items")
		elem := items.Type.Elem()
		for elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		return g.componentName(elem) + "List"
	}
	name := t.Name()
	if strings.Contains(name, "[") {
		panic(fmt.Sprintf("api: OpenAPI: give the generic type %v a component name", t))
	}
	name = strings.ToUpper(name[:1]) + name[1:]
	if g.bare[name] == nil {
		g.bare[name] = map[reflect.Type]bool{}
	}
	g.bare[name][t] = true
	if g.qualify[name] {
		pkg := path.Base(t.PkgPath())
		name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
	}
	return name
}

// build returns the schema of t itself, never a $ref to it.
func (g *schemaGen) build(t reflect.Type) map[string]any {
	if s, ok := g.scalars[t]; ok {
		return s
	}
	if vals, ok := g.enums[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.Struct:
		return g.object(t)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.String:
		if t.Name() != "" && t.PkgPath() != "" {
			g.plain[t] = true
		}
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Interface:
		return map[string]any{}
	}
	panic(fmt.Sprintf("api: OpenAPI: no schema for %v", t))
}

// object is the schema of a struct, through its json tags as encoding/json
// reads them: "-" is skipped, omitempty and omitzero members may be absent,
// embedded structs without a tag lend their members.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := orderedMap{}
	var required []string
	g.members(t, &props, &required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *schemaGen) members(t reflect.Type, props *orderedMap, required *[]string) {
	ro := g.readOnly[t]
	input := g.inputVariant(t)
	for _, m := range jsonMembers(t) {
		if input && slices.Contains(ro, m.name) {
			continue // the server sets it; a request's is ignored
		}
		s := g.schema(m.typ)
		if m.typ.Kind() == reflect.Map && !m.omitted {
			// encoding/json writes a nil map as null. Lists are never null:
			// the domain types write empty ones as [].
			s = nullable(s)
		}
		if slices.Contains(ro, m.name) {
			s = maps.Clone(s)
			s["readOnly"] = true
		}
		*props = props.set(m.name, s)
		if !input && !m.omitted && !isOptional(m.typ) {
			*required = append(*required, m.name)
		}
	}
}

// jsonMember is a struct field as encoding/json sees it.
type jsonMember struct {
	name string
	typ  reflect.Type
	// omitted is true when the member may be left out (omitempty, omitzero).
	omitted bool
}

// jsonMembers lists the members of the struct t as encoding/json reads its
// tags: "-" and unexported fields are skipped, embedded structs without a
// tag lend their members, and a shallower member hides a deeper one of the
// same name.
func jsonMembers(t reflect.Type) []jsonMember {
	var out []jsonMember
	var deeper []jsonMember
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			deeper = append(deeper, jsonMembers(f.Type)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		opts = "," + opts + ","
		out = append(out, jsonMember{name: name, typ: f.Type,
			omitted: strings.Contains(opts, ",omitempty,") || strings.Contains(opts, ",omitzero,")})
	}
	for _, m := range deeper {
		if !slices.ContainsFunc(out, func(o jsonMember) bool { return o.name == m.name }) {
			out = append(out, m)
		}
	}
	return out
}

// nullable returns s admitting null as well.
func nullable(s map[string]any) map[string]any {
	if ref, ok := s["$ref"].(string); ok {
		return map[string]any{"anyOf": []any{map[string]any{"$ref": ref}, map[string]any{"type": "null"}}}
	}
	if anyOf, ok := s["anyOf"].([]any); ok && slices.ContainsFunc(anyOf, isNullSchema) {
		return s
	}
	out := maps.Clone(s)
	switch typ := s["type"].(type) {
	case string:
		out["type"] = []any{typ, "null"}
	case []any:
		if !slices.Contains(typ, any("null")) {
			out["type"] = append(slices.Clone(typ), "null")
		}
	case nil:
		if len(s) == 0 {
			return s // anything, null included
		}
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	return out
}

func isNullSchema(s any) bool {
	m, ok := s.(map[string]any)
	return ok && len(m) == 1 && m["type"] == "null"
}

// hasJSONMember reports whether the struct t (or *t) has a member of that JSON name.
func hasJSONMember(t reflect.Type, member string) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && slices.ContainsFunc(jsonMembers(t), func(m jsonMember) bool { return m.name == member })
}

// orderedMap is a JSON object that keeps its members in the order they were
// set, so properties read in the order of the Go struct and paths in the
// order of the route table.
type orderedMap []member

type member struct {
	key   string
	value any
}

func (m orderedMap) get(key string) any {
	for _, kv := range m {
		if kv.key == key {
			return kv.value
		}
	}
	return nil
}

// set returns m with key set to value, in place if key is there.
func (m orderedMap) set(key string, value any) orderedMap {
	for i, kv := range m {
		if kv.key == key {
			m[i].value = value
			return m
		}
	}
	return append(m, member{key, value})
}

// MarshalJSON writes the members in order.
func (m orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
