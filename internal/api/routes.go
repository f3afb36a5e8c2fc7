package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/survey"
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
		{Method: "GET", Pattern: "/v1/customers/{id}/timeline", Scope: access.CustomersRead, Summary: "The customer's contacts, record changes, case events and promise events, newest first",
			Response: List[timeline.Entry]{}, Status: http.StatusOK, Query: page, handle: api.getTimeline},
		{Method: "GET", Pattern: "/v1/customers/{id}/brief", Scope: access.CustomersRead, Summary: "The advisor's brief before any contact: how to address the customer, what they own, open cases with where we are, pending and overdue promises, last contacts, consents, warnings",
			Response: brief.Brief{}, Status: http.StatusOK, handle: api.getBrief},

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
		{Method: "GET", Pattern: "/v1/interactions", Scope: access.InteractionsRead, Summary: "List contacts, newest first: a customer's, or with unasked=true the outbound contacts made without asking for a contact decision (no decision_id), a customer's or everyone's",
			Response: List[interaction.Interaction]{}, Status: http.StatusOK, handle: api.listInteractions,
			Query: append([]Param{{"customer_id", "the customer's contacts (required unless unasked=true)"}, {"case_id", "only the contacts about a case"},
				{"unasked", "true: only outbound contacts made without a contact decision"}}, page...)},

		{Method: "POST", Pattern: "/v1/contact-decisions", Scope: access.ContactsDecide, Summary: "Ask before contacting a customer: allow, deny, or defer until not_before (the first instant every rule allows), with the rules that decided; an allowed contact comes with its brief and a decision id the interaction cites. Every decision is stored",
			Request: contactpolicy.Request{}, Response: app.Decision{}, Status: http.StatusCreated, handle: api.decideContact},
		{Method: "POST", Pattern: "/v1/contact-decisions:batch", Scope: access.ContactsDecide, Summary: "Ask for up to 10,000 contacts at once (body up to 8 MiB; more is 413 batch_too_large): the decisions in the order of the requests, stored in one write, without briefs",
			Request: batchBody{}, Response: batchAnswer{}, Status: http.StatusOK, handle: api.decideContacts},
		{Method: "GET", Pattern: "/v1/contact-decisions", Scope: access.ContactsRead, Summary: "A customer's contact decisions, newest first",
			Response: List[contactpolicy.Record]{}, Status: http.StatusOK, handle: api.listContactDecisions,
			Query: append([]Param{{"customer_id", "the customer the decisions are about (required)"}}, page...)},
		{Method: "GET", Pattern: "/v1/contact-decisions/{id}", Scope: access.ContactsRead, Summary: "Get a stored contact decision",
			Response: contactpolicy.Record{}, Status: http.StatusOK, handle: api.getContactDecision},
		{Method: "POST", Pattern: "/v1/survey-requests", Scope: access.ContactsDecide, Summary: "Ask before surveying a customer: one survey per event whatever the vendor, a cooldown per customer, none while a complaint is open, one exit survey for a former customer. An allowed survey is booked at once, so the next vendor asking about the event is denied",
			Request: survey.Ask{}, Response: app.SurveyDecision{}, Status: http.StatusCreated, handle: api.requestSurvey},

		{Method: "POST", Pattern: "/v1/cases", Scope: access.CasesWrite, Summary: "Open a case; with owner_id it is in progress at once. Service-level dues are counted in the customer's business days",
			Request: cases.Draft{}, Response: caseView{}, Status: http.StatusCreated, handle: api.openCase},
		{Method: "GET", Pattern: "/v1/cases", Scope: access.CasesRead, Summary: "List cases, newest opened first",
			Response: List[caseView]{}, Status: http.StatusOK, handle: api.listCases,
			Query: append([]Param{{"customer_id", "the customer's cases"}, {"owner_id", "the cases a user owns"},
				{"status", "new, in_progress, waiting_customer, waiting_internal, resolved or closed"},
				{"open", "true: only cases not resolved or closed"},
				{"breached", "true: only open cases late now: no first answer by first_answer_due, or unresolved past resolution_due"}}, page...)},
		{Method: "GET", Pattern: "/v1/cases/{id}", Scope: access.CasesRead, Summary: "Get a case (ETag: its version)",
			Response: caseView{}, Status: http.StatusOK, handle: api.getCase},
		{Method: "GET", Pattern: "/v1/cases/{id}/events", Scope: access.CasesRead, Summary: "A case's history, oldest first: every change with its actor and time",
			Response: List[cases.Event]{}, Status: http.StatusOK, handle: api.caseEvents},
		{Method: "POST", Pattern: "/v1/cases/{id}/take", Scope: access.CasesWrite, Summary: "Take a new case: the person acting (On-Behalf-Of) becomes its owner; a supervisor may name another",
			Request: takeBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.takeCase},
		{Method: "POST", Pattern: "/v1/cases/{id}/notes", Scope: access.CasesWrite, Summary: "Add a note to a case that is not closed",
			Request: noteBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.addCaseNote},
		{Method: "POST", Pattern: "/v1/cases/{id}/handoff", Scope: access.CasesWrite, Summary: "Hand a case to another owner with a written summary, which becomes its where_we_are; only the owner or a supervisor may",
			Request: handoffBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.handOffCase},
		{Method: "POST", Pattern: "/v1/cases/{id}/status", Scope: access.CasesWrite, Summary: "Move a case between in_progress, waiting_customer and waiting_internal; only the owner or a supervisor may",
			Request: caseStatusBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.setCaseStatus},
		{Method: "POST", Pattern: "/v1/cases/{id}/resolve", Scope: access.CasesWrite, Summary: "Record a case's resolution; only the owner or a supervisor may",
			Request: resolveBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.resolveCase},
		{Method: "POST", Pattern: "/v1/cases/{id}/close", Scope: access.CasesWrite, Summary: "Close a case; for no_answer only 7 days after a written notice on a channel the customer can still use (409 close_needs_written_notice)",
			Request: closeBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true, handle: api.closeCase},
		{Method: "POST", Pattern: "/v1/cases/{id}/reopen", Scope: access.CasesWrite, Summary: "Reopen a case resolved within 30 days (200); a closed case is followed by a new case linked to it (201)",
			Request: reopenBody{}, Response: caseView{}, Status: http.StatusOK, IfMatch: true,
			Also: http.StatusCreated, AlsoSummary: "the case was closed: the new case that follows it, linked by reopens_case_id", handle: api.reopenCase},

		{Method: "POST", Pattern: "/v1/commitments", Scope: access.CommitmentsWrite, Summary: "Record a promise made to a customer, in the words they were told",
			Request: commitment.Draft{}, Response: commitment.Commitment{}, Status: http.StatusCreated, handle: api.makeCommitment},
		{Method: "GET", Pattern: "/v1/commitments", Scope: access.CommitmentsRead, Summary: "List promises, soonest due first",
			Response: List[commitment.Commitment]{}, Status: http.StatusOK, handle: api.listCommitments,
			Query: append([]Param{{"customer_id", "the promises made to a customer"}, {"owner_id", "the promises a user keeps"},
				{"case_id", "the promises made about a case"}, {"status", "pending, overdue, kept or cancelled"},
				{"open", "true: only pending and overdue promises"}}, page...)},
		{Method: "GET", Pattern: "/v1/commitments/{id}", Scope: access.CommitmentsRead, Summary: "Get a promise (ETag: its version)",
			Response: commitment.Commitment{}, Status: http.StatusOK, handle: api.getCommitment},
		{Method: "POST", Pattern: "/v1/commitments/{id}/keep", Scope: access.CommitmentsWrite, Summary: "Record a promise kept, with its evidence: a delivery, an interaction or a credit note",
			Request: keepBody{}, Response: commitment.Commitment{}, Status: http.StatusOK, IfMatch: true, handle: api.keepCommitment},
		{Method: "POST", Pattern: "/v1/commitments/{id}/cancel", Scope: access.CommitmentsWrite, Summary: "Withdraw a promise with the reason the customer is told",
			Request: cancelBody{}, Response: commitment.Commitment{}, Status: http.StatusOK, IfMatch: true, handle: api.cancelCommitment},
		{Method: "POST", Pattern: "/v1/jobs/overdue-sweep", Scope: access.CommitmentsWrite, Summary: "Run the overdue sweep now: each pending promise past due becomes overdue, is escalated to a supervisor and gets its apology queued, once",
			Response: app.SweepResult{}, Status: http.StatusOK, handle: api.sweepOverdue},

		{Method: "GET", Pattern: "/v1/deliveries", Scope: access.DeliveriesRead, Summary: "List written messages to customers, oldest first: sending systems read the queued ones in order",
			Response: List[delivery.Delivery]{}, Status: http.StatusOK, handle: api.listDeliveries,
			Query: append([]Param{{"customer_id", "the messages to a customer"}, {"commitment_id", "the messages about a promise"},
				{"status", "queued, sent, delivered or failed"}, {"method", "email, sms, letter or bill_insert"}}, page...)},
		{Method: "GET", Pattern: "/v1/deliveries/{id}", Scope: access.DeliveriesRead, Summary: "Get a delivery",
			Response: delivery.Delivery{}, Status: http.StatusOK, handle: api.getDelivery},
		{Method: "POST", Pattern: "/v1/deliveries/{id}/status", Scope: access.DeliveriesWrite, Summary: "Report what became of a delivery: sent, delivered or failed",
			Request: deliveryStatusBody{}, Response: delivery.Delivery{}, Status: http.StatusOK, handle: api.setDeliveryStatus},

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
		{Method: "GET", Pattern: "/v1/options", Scope: access.CatalogRead, Summary: "Options in the catalogue",
			Response: List[catalog.Option]{}, Status: http.StatusOK, handle: api.listCatalogOptions,
			Query: []Param{{"jurisdiction", "FR or CA-QC"}, {"active", "true: only options on sale"}}},
		{Method: "PUT", Pattern: "/v1/options/{code}", Scope: access.CatalogWrite, Summary: "Create or replace a catalogue option",
			Request: catalog.Option{}, Response: catalog.Option{}, Status: http.StatusOK, handle: api.putCatalogOption},
		{Method: "GET", Pattern: "/v1/offers", Scope: access.CatalogRead, Summary: "The operator's offers",
			Response: List[offer.Offer]{}, Status: http.StatusOK, handle: api.listOffers,
			Query: []Param{{"jurisdiction", "FR or CA-QC"}, {"active", "true: only offers on sale"}}},
		{Method: "GET", Pattern: "/v1/offers/{code}", Scope: access.CatalogRead, Summary: "Get an offer",
			Response: offer.Offer{}, Status: http.StatusOK, handle: api.getOffer},
		{Method: "PUT", Pattern: "/v1/offers/{code}", Scope: access.CatalogWrite, Summary: "Create or replace an offer; its eligibility expression is compiled, an error names its line and column",
			Request: offer.Offer{}, Response: offer.Offer{}, Status: http.StatusOK, handle: api.putOffer},
		{Method: "GET", Pattern: "/v1/customers/{id}/offers", Scope: access.CustomersRead, Summary: "The offers that fit the customer, best for him first, each compared with his current cost on his own usage; and those left out, with every rule that objected",
			Response: app.CustomerOffers{}, Status: http.StatusOK, handle: api.customerOffers},
		{Method: "GET", Pattern: "/v1/customers/{id}/offers/{code}/comparison", Scope: access.CustomersRead,
			Summary: "The offer compared with the customer's current plan, as a document for him: HTML (default) or an A4 PDF (Accept: application/pdf), in his language; 409 when the offer does not fit him",
			Status:  http.StatusOK, Produces: []string{"text/html", "application/pdf"}, handle: api.offerComparison},
		{Method: "POST", Pattern: "/v1/customers/{id}/offers/{code}/send", Scope: access.DeliveriesWrite,
			Summary: "Send the offer in writing: by email (HTML, PDF attached), letter (PDF to the print queue) or bill insert; keeps his pending send_offer promise with the delivery as evidence; once per Idempotency-Key (default: per offer, method and day)",
			Request: sendOfferBody{}, Response: app.Sent{}, Status: http.StatusCreated, Replay: http.StatusOK, Gateway: true, handle: api.sendOffer},
	}
}
