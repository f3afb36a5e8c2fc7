package customer

import (
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// Update is a partial change to a customer, as a JSON merge patch (RFC 7396):
// an absent field is left alone, null clears it. The same type creates a
// customer, applied to New's defaults. Consents are never replaced: each one
// sent is a new record of what the customer said, kept in the history.
type Update struct {
	AccountNumber     tact.Optional[string]            `json:"account_number"`
	GivenName         tact.Optional[string]            `json:"given_name"`
	FamilyName        tact.Optional[string]            `json:"family_name"`
	Salutation        tact.Optional[Salutation]        `json:"salutation"`
	FormOfAddress     tact.Optional[FormOfAddress]     `json:"form_of_address"`
	Language          tact.Optional[tact.Language]     `json:"language"`
	Jurisdiction      tact.Optional[tact.Jurisdiction] `json:"jurisdiction"`
	TimeZone          tact.Optional[string]            `json:"time_zone"`
	Status            tact.Optional[Status]            `json:"status"`
	CustomerSince     tact.Optional[tact.Date]         `json:"customer_since"`
	CancellingSince   tact.Optional[tact.Date]         `json:"cancelling_since"`
	FormerSince       tact.Optional[tact.Date]         `json:"former_since"`
	Phones            tact.Optional[[]Phone]           `json:"phones"`
	Emails            tact.Optional[[]Email]           `json:"emails"`
	Address           tact.Optional[*Address]          `json:"postal_address"`
	Consents          []Consent                        `json:"consents"`
	Preferences       tact.Optional[Preferences]       `json:"preferences"`
	DoNotCall         tact.Optional[*DoNotCall]        `json:"do_not_call"`
	ThirdPartyBilling tact.Optional[bool]              `json:"third_party_billing"`
	AdvisorID         tact.Optional[string]            `json:"advisor_id"`
	// OppositionCheckedAt records when the customer's numbers were found
	// clear on the national opposition list; null clears it.
	OppositionCheckedAt tact.Optional[time.Time] `json:"opposition_checked_at"`
}

// consentClockSkew is how far in the future a consent time may be, to allow for
// clocks of other systems running a little ahead.
const consentClockSkew = 5 * time.Minute

// Create builds a new customer from u over New's defaults, normalizes and
// validates it, and returns it with the events that record its creation.
func Create(u Update, now time.Time) (*Customer, []Event, error) {
	if !u.Jurisdiction.Set || u.Jurisdiction.Null {
		return nil, nil, tact.FieldError(tact.CodeRequired, "jurisdiction", "a customer belongs to a jurisdiction: FR or CA-QC")
	}
	if !u.Jurisdiction.Value.Valid() {
		return nil, nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", u.Jurisdiction.Value)
	}
	c := New(u.Jurisdiction.Value)
	c.CreatedAt, c.UpdatedAt = now, now
	evs, err := u.apply(c, now)
	if err != nil {
		return nil, nil, err
	}
	if c.CustomerSince.IsZero() {
		c.CustomerSince = tact.DateOf(now.In(c.Location()))
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	// The creation itself is one event; the field-level "updated" event that
	// apply made says nothing more.
	evs = slices.DeleteFunc(evs, func(e Event) bool { return e.Kind == EventUpdated })
	evs = append([]Event{{Kind: EventCreated}}, evs...)
	return c, evs, nil
}

// Apply changes c by u, normalizes and validates the result, and returns the
// events that record the change (none when nothing changed). The jurisdiction
// of an existing customer cannot change: it decides currency, law and records.
func (u Update) Apply(c *Customer, now time.Time) ([]Event, error) {
	if u.Jurisdiction.Set && u.Jurisdiction.Value != c.Jurisdiction {
		return nil, tact.FieldError(tact.CodeInvalid, "jurisdiction", "a customer's jurisdiction cannot change; open a new account")
	}
	evs, err := u.apply(c, now)
	if err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if len(evs) > 0 {
		c.UpdatedAt = now
	}
	return evs, nil
}

func (u Update) apply(c *Customer, now time.Time) ([]Event, error) {
	var fields []string
	var evs []Event
	change := func(name string, changed bool) {
		if changed {
			fields = append(fields, name)
		}
	}
	change("account_number", setIfChanged(u.AccountNumber, &c.AccountNumber))
	change("given_name", setIfChanged(u.GivenName, &c.GivenName))
	change("family_name", setIfChanged(u.FamilyName, &c.FamilyName))
	change("salutation", setIfChanged(u.Salutation, &c.Salutation))
	change("form_of_address", setIfChanged(u.FormOfAddress, &c.FormOfAddress))
	change("language", setIfChanged(u.Language, &c.Language))
	change("time_zone", setIfChanged(u.TimeZone, &c.TimeZone))
	change("customer_since", setIfChanged(u.CustomerSince, &c.CustomerSince))
	change("cancelling_since", setIfChanged(u.CancellingSince, &c.CancellingSince))
	change("former_since", setIfChanged(u.FormerSince, &c.FormerSince))
	change("advisor_id", setIfChanged(u.AdvisorID, &c.AdvisorID))
	if u.Phones.Set {
		c.Phones = u.Phones.Value
		fields = append(fields, "phones")
	}
	if u.Emails.Set {
		c.Emails = u.Emails.Value
		fields = append(fields, "emails")
	}
	if u.Address.Set {
		c.Address = u.Address.Value
		fields = append(fields, "postal_address")
	}
	if u.Preferences.Set {
		c.Preferences = u.Preferences.Value
		fields = append(fields, "preferences")
	}
	if err := c.Normalize(); err != nil {
		return nil, err
	}

	if from := c.Status; setIfChanged(u.Status, &c.Status) {
		evs = append(evs, Event{Kind: EventStatusChanged, Detail: map[string]string{"from": string(from), "to": string(c.Status)}})
	}
	if from := c.ThirdPartyBilling; setIfChanged(u.ThirdPartyBilling, &c.ThirdPartyBilling) {
		evs = append(evs, Event{Kind: EventThirdPartyBilling, Detail: map[string]string{"from": onOff(from), "to": onOff(c.ThirdPartyBilling)}})
	}
	if u.DoNotCall.Set {
		d := u.DoNotCall.Value
		if d != nil {
			dc := *d
			if dc.Since.IsZero() {
				dc.Since = now
			}
			dc.Since = dc.Since.UTC().Truncate(tact.Resolution)
			d = &dc
		}
		if (d == nil) != (c.DoNotCall == nil) || d != nil && *d != *c.DoNotCall {
			c.DoNotCall = d
			detail := map[string]string{"listed": "false"}
			if d != nil {
				detail = map[string]string{"listed": "true", "source": d.Source}
			}
			evs = append(evs, Event{Kind: EventDoNotCall, Detail: detail})
		}
	}
	if u.OppositionCheckedAt.Set {
		ev, err := c.setOppositionCheck(u.OppositionCheckedAt, now)
		if err != nil {
			return nil, err
		}
		if ev != nil {
			evs = append(evs, *ev)
		}
	}
	for i, k := range u.Consents {
		if k.At.IsZero() {
			k.At = now
		}
		k.At = k.At.UTC().Truncate(tact.Resolution)
		if k.At.After(now.Add(consentClockSkew)) {
			return nil, tact.FieldError(tact.CodeInvalidConsent, indexed("consents", i)+".at", "a consent cannot be given in the future")
		}
		if err := k.Validate(); err != nil {
			return nil, tact.Prefix(indexed("consents", i), err)
		}
		c.recordConsent(k)
		evs = append(evs, Event{Kind: EventConsentRecorded, Detail: map[string]string{
			"channel": string(k.Channel), "purpose": string(k.Purpose), "granted": onOff(k.Granted),
			"source": string(k.Source), "proof": k.Proof, "at": k.At.UTC().Format(time.RFC3339),
		}})
	}
	if len(fields) > 0 {
		evs = append([]Event{{Kind: EventUpdated, Fields: fields}}, evs...)
	}
	return evs, nil
}

// setOppositionCheck applies a change of OppositionCheckedAt and returns its
// event, nil when nothing changed. A check cannot be dated in the future.
func (c *Customer) setOppositionCheck(o tact.Optional[time.Time], now time.Time) (*Event, error) {
	if o.Null || o.Value.IsZero() {
		if c.OppositionCheckedAt == nil {
			return nil, nil
		}
		c.OppositionCheckedAt = nil
		return &Event{Kind: EventOppositionChecked, Detail: map[string]string{"cleared": "true"}}, nil
	}
	at := o.Value.UTC().Truncate(tact.Resolution)
	if at.After(now.Add(consentClockSkew)) {
		return nil, tact.FieldError(tact.CodeInvalid, "opposition_checked_at", "an opposition-list check cannot be dated in the future")
	}
	if c.OppositionCheckedAt != nil && c.OppositionCheckedAt.Equal(at) {
		return nil, nil
	}
	c.OppositionCheckedAt = &at
	return &Event{Kind: EventOppositionChecked, Detail: map[string]string{"checked_at": at.Format(time.RFC3339Nano)}}, nil
}

// recordConsent makes k the current consent for its channel and purpose, unless
// a later one is already on file (records can arrive out of order).
func (c *Customer) recordConsent(k Consent) {
	for i, old := range c.Consents {
		if old.Channel == k.Channel && old.Purpose == k.Purpose {
			if !k.At.Before(old.At) {
				c.Consents[i] = k
			}
			return
		}
	}
	c.Consents = append(c.Consents, k)
}

func setIfChanged[T comparable](o tact.Optional[T], dst *T) bool {
	if !o.Set || o.Value == *dst {
		return false
	}
	*dst = o.Value
	return true
}

func onOff(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
