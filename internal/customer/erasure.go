package customer

import (
	"strconv"

	"github.com/tactcrm/tact/internal/tact"
)

// MarketingErasure counts what the erasure of a former customer's marketing
// data removed, by category (lifecycle.EraseMarketingData says what each
// category is and why it goes).
type MarketingErasure struct {
	// Consents are the consents to be solicited (granted, for sales or
	// surveys) removed from the record; refusals stay.
	Consents int `json:"consents"`
	// PreferredSlots are the preferred call slots removed from the
	// preferences; quiet hours and the preferred channel stay.
	PreferredSlots int `json:"preferred_slots"`
	// OppositionCheck is 1 when the time of the last opposition-list check
	// was cleared.
	OppositionCheck int `json:"opposition_check"`
	// Devices are the devices deleted; DeviceEvents the device_added events
	// whose brand, model and OS were removed.
	Devices      int `json:"devices"`
	DeviceEvents int `json:"device_events"`
	// Usage are the months of usage deleted, one per line and month.
	Usage int `json:"usage"`
	// CampaignEntries are the entries of campaign plans naming the customer
	// deleted.
	CampaignEntries int `json:"campaign_entries"`
	// SurveyVerbatims are the survey answers whose verbatim was removed.
	SurveyVerbatims int `json:"survey_verbatims"`
}

// Add returns the sum of e and o, category by category.
func (e MarketingErasure) Add(o MarketingErasure) MarketingErasure {
	return MarketingErasure{Consents: e.Consents + o.Consents, PreferredSlots: e.PreferredSlots + o.PreferredSlots,
		OppositionCheck: e.OppositionCheck + o.OppositionCheck, Devices: e.Devices + o.Devices, DeviceEvents: e.DeviceEvents + o.DeviceEvents,
		Usage: e.Usage + o.Usage, CampaignEntries: e.CampaignEntries + o.CampaignEntries, SurveyVerbatims: e.SurveyVerbatims + o.SurveyVerbatims}
}

// Detail is the erasure as the detail of its EventMarketingErased event:
// every category, with its count, zero included, so that the timeline says
// what was looked at as well as what was found.
func (e MarketingErasure) Detail() map[string]string {
	return map[string]string{
		"consents": strconv.Itoa(e.Consents), "preferred_slots": strconv.Itoa(e.PreferredSlots),
		"opposition_check": strconv.Itoa(e.OppositionCheck), "devices": strconv.Itoa(e.Devices),
		"device_events": strconv.Itoa(e.DeviceEvents), "usage": strconv.Itoa(e.Usage),
		"campaign_entries": strconv.Itoa(e.CampaignEntries), "survey_verbatims": strconv.Itoa(e.SurveyVerbatims),
	}
}

// MarketingErased reports whether the customer's marketing data was erased
// since his relationship last ended: a customer who came back after an
// erasure and left again has new marketing data, erased in its turn.
func (c *Customer) MarketingErased() bool {
	return !c.MarketingErasedOn.IsZero() && !c.MarketingErasedOn.Before(c.FormerSince)
}

// ErasureQuery asks for the former customers whose marketing data may be due
// for erasure, a page at a time.
type ErasureQuery struct {
	// EndedBy is the latest end of the relationship wanted (FormerSince on
	// or before it).
	EndedBy tact.Date
	// AfterEnded and AfterID are the cursor: the FormerSince and id of the
	// last customer of the previous page; zero for the first page.
	AfterEnded tact.Date
	AfterID    string
	Limit      int
}
