package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/timeline"
)

// routeTable lists every /v1 route in one place: pattern, scope, bodies, handler.
func (api *API) routeTable() []Route {
	page := []Param{{"limit", "page size, 1 to 200 (default 50)"}, {"cursor", "next_cursor of the previous page"}}
	return []Route{
		{Method: "GET", Pattern: "/v1/openapi.json", Summary: "This API's OpenAPI 3.1 document",
			Status: http.StatusOK, Response: map[string]any{}, handle: api.openAPI},

		{Method: "POST", Pattern: "/v1/customers", Scope: access.CustomersWrite, Summary: "Create a customer",
			Request: customer.Update{}, Response: customer.Customer{}, Status: http.StatusCreated, handle: api.createCustomer},
		{Method: "GET", Pattern: "/v1/customers", Scope: access.CustomersRead, Summary: "Search customers by name, phone number, email, account number or id",
			Response: List[customer.Customer]{}, Status: http.StatusOK, handle: api.searchCustomers,
			Query: append([]Param{{"q", "free text: a name, a phone number as people write it, an email, an account number or an id"},
				{"status", "active, cancelling or former"}, {"jurisdiction", "FR or CA-QC"}, {"advisor_id", "the customer's named advisor"}}, page...)},
		{Method: "GET", Pattern: "/v1/customers/{id}", Scope: access.CustomersRead, Summary: "Get a customer (ETag: its version)",
			Response: customer.Customer{}, Status: http.StatusOK, handle: api.getCustomer},
		{Method: "PATCH", Pattern: "/v1/customers/{id}", Scope: access.CustomersWrite, Summary: "Update a customer (JSON merge patch; If-Match optional)",
			Request: customer.Update{}, Response: customer.Customer{}, Status: http.StatusOK, handle: api.updateCustomer},
		{Method: "GET", Pattern: "/v1/customers/{id}/timeline", Scope: access.CustomersRead, Summary: "The customer's contacts and record changes, newest first",
			Response: List[timeline.Entry]{}, Status: http.StatusOK, Query: page, handle: api.getTimeline},

		{Method: "GET", Pattern: "/v1/customers/{id}/lines", Scope: access.CustomersRead, Summary: "A customer's lines",
			Response: List[customer.Line]{}, Status: http.StatusOK, handle: api.listLines},
		{Method: "POST", Pattern: "/v1/customers/{id}/lines", Scope: access.CustomersWrite, Summary: "Add a line to a customer",
			Request: customer.LineUpdate{}, Response: customer.Line{}, Status: http.StatusCreated, handle: api.createLine},
		{Method: "GET", Pattern: "/v1/lines/{id}", Scope: access.CustomersRead, Summary: "Get a line (ETag: its version)",
			Response: customer.Line{}, Status: http.StatusOK, handle: api.getLine},
		{Method: "PATCH", Pattern: "/v1/lines/{id}", Scope: access.CustomersWrite, Summary: "Update a line: plan, options, status (If-Match optional)",
			Request: customer.LineUpdate{}, Response: customer.Line{}, Status: http.StatusOK, handle: api.updateLine},
		{Method: "PUT", Pattern: "/v1/lines/{id}/usage/{month}", Scope: access.CustomersWrite, Summary: "Record a line's usage for a month (YYYY-MM)",
			Request: usageBody{}, Response: customer.Usage{}, Status: http.StatusOK, handle: api.putUsage},
		{Method: "GET", Pattern: "/v1/customers/{id}/usage", Scope: access.CustomersRead, Summary: "A customer's monthly usage",
			Response: List[customer.Usage]{}, Status: http.StatusOK, handle: api.listUsage,
			Query: []Param{{"from", "first month, YYYY-MM (default: 11 months before to)"}, {"to", "last month, YYYY-MM (default: this month)"}}},
		{Method: "GET", Pattern: "/v1/customers/{id}/devices", Scope: access.CustomersRead, Summary: "A customer's devices",
			Response: List[customer.Device]{}, Status: http.StatusOK, handle: api.listDevices},
		{Method: "POST", Pattern: "/v1/customers/{id}/devices", Scope: access.CustomersWrite, Summary: "Record a device the customer owns",
			Request: customer.Device{}, Response: customer.Device{}, Status: http.StatusCreated, handle: api.createDevice},

		{Method: "POST", Pattern: "/v1/interactions", Scope: access.InteractionsWrite, Summary: "Record a contact; idempotent on (source, external_id): a retry answers 200 with the stored one",
			Request: interaction.Interaction{}, Response: interaction.Interaction{}, Status: http.StatusCreated, Replay: http.StatusOK,
			handle: api.createInteraction},
		{Method: "GET", Pattern: "/v1/interactions/{id}", Scope: access.InteractionsRead, Summary: "Get a contact",
			Response: interaction.Interaction{}, Status: http.StatusOK, handle: api.getInteraction},

		{Method: "GET", Pattern: "/v1/plans", Scope: access.CatalogRead, Summary: "Plans in the catalogue",
			Response: List[catalog.Plan]{}, Status: http.StatusOK, handle: api.listPlans,
			Query: []Param{{"jurisdiction", "FR or CA-QC"}, {"active", "true: only plans on sale"}}},
		{Method: "GET", Pattern: "/v1/plans/{code}", Scope: access.CatalogRead, Summary: "Get a plan",
			Response: catalog.Plan{}, Status: http.StatusOK, handle: api.getPlan},
		{Method: "PUT", Pattern: "/v1/plans/{code}", Scope: access.CatalogWrite, Summary: "Create or replace a plan",
			Request: catalog.Plan{}, Response: catalog.Plan{}, Status: http.StatusOK, handle: api.putPlan},
		{Method: "GET", Pattern: "/v1/devices", Scope: access.CatalogRead, Summary: "Devices in the catalogue",
			Response: List[catalog.Device]{}, Status: http.StatusOK, handle: api.listCatalogDevices,
			Query: []Param{{"jurisdiction", "FR or CA-QC"}, {"active", "true: only devices on sale"}}},
		{Method: "GET", Pattern: "/v1/devices/{code}", Scope: access.CatalogRead, Summary: "Get a catalogue device",
			Response: catalog.Device{}, Status: http.StatusOK, handle: api.getCatalogDevice},
		{Method: "PUT", Pattern: "/v1/devices/{code}", Scope: access.CatalogWrite, Summary: "Create or replace a catalogue device",
			Request: catalog.Device{}, Response: catalog.Device{}, Status: http.StatusOK, handle: api.putCatalogDevice},
	}
}
