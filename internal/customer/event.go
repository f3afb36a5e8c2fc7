package customer

import (
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// EventKind names what happened to a customer's record.
type EventKind string

// Event kinds. Each is shown on the customer's timeline.
const (
	EventCreated           EventKind = "created"
	EventUpdated           EventKind = "updated"
	EventStatusChanged     EventKind = "status_changed"
	EventConsentRecorded   EventKind = "consent_recorded"
	EventDoNotCall         EventKind = "do_not_call_changed"
	EventThirdPartyBilling EventKind = "third_party_billing_changed"
	// EventOppositionChecked records a check of the customer's numbers
	// against the national opposition list (Bloctel, DNCL), or its clearing.
	EventOppositionChecked EventKind = "opposition_checked"
	EventLineAdded         EventKind = "line_added"
	EventLineUpdated       EventKind = "line_updated"
	EventDeviceAdded       EventKind = "device_added"
	// EventMarketingErased records the erasure of a former customer's
	// marketing data three years after the relationship ended; its detail
	// counts what was erased, by category (MarketingErasure.Detail).
	EventMarketingErased EventKind = "marketing_data_erased"
	// EventSurveyAnswered records the customer's answer to a survey and what
	// was done with it (the case opened, the promise made).
	EventSurveyAnswered EventKind = "survey_answered"
	// EventSpacePasswordSet and EventSpacePasswordChanged record that the
	// customer gave his space a password, or changed it, from the session
	// its detail names; never the password, nor its hash.
	EventSpacePasswordSet     EventKind = "space_password_set"
	EventSpacePasswordChanged EventKind = "space_password_changed"
)

// EventKinds lists every kind of event, so that what names them (the
// console's timeline, in each language) can be checked against all of them;
// a test holds it to the constants above.
var EventKinds = []EventKind{EventCreated, EventUpdated, EventStatusChanged, EventConsentRecorded, EventDoNotCall,
	EventThirdPartyBilling, EventOppositionChecked, EventLineAdded, EventLineUpdated, EventDeviceAdded,
	EventMarketingErased, EventSurveyAnswered, EventSpacePasswordSet, EventSpacePasswordChanged}

// Event is one change to a customer's record: who made it, when, and what. The
// events are the record's history; consents are proven from them.
type Event struct {
	ID         string     `json:"id"`
	CustomerID string     `json:"customer_id"`
	At         time.Time  `json:"at"`
	Actor      tact.Actor `json:"actor"`
	Kind       EventKind  `json:"kind"`
	// Fields lists the fields an "updated" event changed.
	Fields []string `json:"fields,omitempty"`
	// Detail holds the facts of the event, e.g. a consent's channel and proof.
	Detail map[string]string `json:"detail,omitempty"`
}

// Stamp gives each event its id, customer, time and actor.
func Stamp(evs []Event, customerID string, at time.Time, actor tact.Actor, ids *tact.IDGen) {
	for i := range evs {
		evs[i].ID = ids.New(tact.PrefixEvent)
		evs[i].CustomerID = customerID
		evs[i].At = at
		evs[i].Actor = actor
	}
}
