// Package customer owns the words of tact's memory of a customer: identity,
// jurisdiction and language, how to address them, status, contact points,
// consents and their proof, preferences, lines, devices and monthly usage, and
// the events that record every change. It defines the Store that the engines
// implement and the validation every write goes through, whatever its path.
package customer

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// FormOfAddress is how the customer wants to be addressed in French.
type FormOfAddress string

// Forms of address. "vous" is the default: nobody is "tutoyé" without asking
// for it (story 4).
const (
	Vous FormOfAddress = "vous"
	Tu   FormOfAddress = "tu"
)

// Valid reports whether f is a known form of address.
func (f FormOfAddress) Valid() bool { return f == Vous || f == Tu }

// Salutation is the courtesy title a customer is greeted with; None greets them
// by full name.
type Salutation string

// Salutations.
const (
	Madame   Salutation = "madame"
	Monsieur Salutation = "monsieur"
	None     Salutation = "none"
)

// Valid reports whether s is a known salutation.
func (s Salutation) Valid() bool { return s == Madame || s == Monsieur || s == None }

// Status is where the customer stands in the relationship.
type Status string

// Statuses.
const (
	Active     Status = "active"
	Cancelling Status = "cancelling" // a cancellation is under way; the contract has not ended
	Former     Status = "former"     // the relationship has ended
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Active || s == Cancelling || s == Former }

// Customer is a person or business the operator serves or served.
type Customer struct {
	ID string `json:"id"`
	// AccountNumber is the operator's own reference for the customer, unique.
	AccountNumber string            `json:"account_number,omitempty"`
	GivenName     string            `json:"given_name"`
	FamilyName    string            `json:"family_name"`
	Salutation    Salutation        `json:"salutation"`
	FormOfAddress FormOfAddress     `json:"form_of_address"`
	Language      tact.Language     `json:"language"`
	Jurisdiction  tact.Jurisdiction `json:"jurisdiction"`
	// TimeZone is an IANA zone name; contact rules are judged in it.
	TimeZone string `json:"time_zone"`
	Status   Status `json:"status"`
	// CustomerSince is the first day of the relationship.
	CustomerSince tact.Date `json:"customer_since"`
	// CancellingSince is the day the cancellation was requested (status cancelling).
	CancellingSince tact.Date `json:"cancelling_since"`
	// FormerSince is the day the relationship ended (status former).
	FormerSince tact.Date `json:"former_since"`

	Phones  []Phone  `json:"phones"`
	Emails  []Email  `json:"emails"`
	Address *Address `json:"postal_address"`
	// Consents is the current consent per channel and purpose; its history is in
	// the customer's events.
	Consents    []Consent   `json:"consents"`
	Preferences Preferences `json:"preferences"`
	// DoNotCall is the operator's internal do-not-call entry, nil when absent.
	DoNotCall *DoNotCall `json:"do_not_call"`
	// ThirdPartyBilling lets partners bill through the operator's bill. Off by
	// default (story 1): only the customer turns it on.
	ThirdPartyBilling bool `json:"third_party_billing"`
	// AdvisorID names the customer's own advisor, a user id.
	AdvisorID string `json:"advisor_id,omitempty"`
	// OppositionCheckedAt is when the customer's numbers were last checked
	// against the national opposition list (Bloctel in France, the DNCL in
	// Canada) and found clear; nil when never. A prospect or former customer
	// gets no sales call without a recent check (contactpolicy).
	OppositionCheckedAt *time.Time `json:"opposition_checked_at"`
	// MarketingErasedOn is the day the customer's marketing data was erased
	// after the relationship ended (lifecycle.RuleMarketingErasure), zero
	// while it was not. Only the erasure sets it; it is never written by an
	// update, and it is kept so that the erasure is done once per ending.
	MarketingErasedOn tact.Date `json:"marketing_erased_on"`

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// New returns a customer of jurisdiction j with tact's defaults: active,
// addressed "vous", in j's language and zone, third-party billing off.
func New(j tact.Jurisdiction) *Customer {
	c := &Customer{Jurisdiction: j, Status: Active, FormOfAddress: Vous, Salutation: None}
	if j.Valid() {
		c.Language = j.DefaultLanguage()
		c.TimeZone = j.DefaultTimeZone()
	}
	return c
}

// Location returns the customer's time zone; UTC if it cannot be loaded (which
// Validate prevents).
func (c *Customer) Location() *time.Location {
	loc, err := tact.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// FullName returns "Given Family".
func (c *Customer) FullName() string {
	return strings.TrimSpace(c.GivenName + " " + c.FamilyName)
}

// PrimaryPhone returns the primary phone, or the first, or "".
func (c *Customer) PrimaryPhone() string {
	for _, p := range c.Phones {
		if p.Primary {
			return p.Number
		}
	}
	if len(c.Phones) > 0 {
		return c.Phones[0].Number
	}
	return ""
}

// PrimaryEmail returns the primary email, or the first, or "".
func (c *Customer) PrimaryEmail() string {
	for _, e := range c.Emails {
		if e.Primary {
			return e.Address
		}
	}
	if len(c.Emails) > 0 {
		return c.Emails[0].Address
	}
	return ""
}

// Consent returns the current consent for channel and purpose, if any was recorded.
func (c *Customer) Consent(ch tact.Channel, p tact.Purpose) (Consent, bool) {
	for _, k := range c.Consents {
		if k.Channel == ch && k.Purpose == p {
			return k, true
		}
	}
	return Consent{}, false
}

// Limits on free text, so a runaway client cannot store a novel in a name.
const (
	maxName       = 100
	maxShortText  = 200
	maxContacts   = 10
	maxProof      = 2000
	maxPrefWindow = 14
)

// Normalize puts the customer's input in canonical form: trimmed names,
// lower-case emails, phone numbers in E.164 through the jurisdiction's numbering
// plan. It fails, naming the field, on a phone number it cannot read.
func (c *Customer) Normalize() error {
	c.GivenName = strings.Join(strings.Fields(c.GivenName), " ")
	c.FamilyName = strings.Join(strings.Fields(c.FamilyName), " ")
	c.AccountNumber = strings.TrimSpace(c.AccountNumber)
	region := c.Jurisdiction.PhoneRegion()
	for i := range c.Phones {
		if err := c.Phones[i].normalize(region); err != nil {
			return tact.Prefix(indexed("phones", i), err)
		}
	}
	for i := range c.Emails {
		c.Emails[i].Address = strings.ToLower(strings.TrimSpace(c.Emails[i].Address))
	}
	if c.Address != nil {
		c.Address.normalize()
	}
	return nil
}

// Validate checks every field of a normalized customer and returns the first
// fault, naming its field.
func (c *Customer) Validate() error {
	switch {
	case c.GivenName == "" && c.FamilyName == "":
		return tact.FieldError(tact.CodeRequired, "family_name", "a customer needs a name")
	case utf8.RuneCountInString(c.GivenName) > maxName:
		return tact.FieldError(tact.CodeTooLong, "given_name", "at most %d characters", maxName)
	case utf8.RuneCountInString(c.FamilyName) > maxName:
		return tact.FieldError(tact.CodeTooLong, "family_name", "at most %d characters", maxName)
	case utf8.RuneCountInString(c.AccountNumber) > 64:
		return tact.FieldError(tact.CodeTooLong, "account_number", "at most 64 characters")
	case !c.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", c.Jurisdiction)
	case !c.Language.Valid():
		return tact.FieldError(tact.CodeInvalid, "language", "language %q is not fr-FR, fr-CA or en", c.Language)
	case !c.FormOfAddress.Valid():
		return tact.FieldError(tact.CodeInvalid, "form_of_address", "form of address %q is not vous or tu", c.FormOfAddress)
	case !c.Salutation.Valid():
		return tact.FieldError(tact.CodeInvalid, "salutation", "salutation %q is not madame, monsieur or none", c.Salutation)
	case !c.Status.Valid():
		return tact.FieldError(tact.CodeInvalid, "status", "status %q is not active, cancelling or former", c.Status)
	case utf8.RuneCountInString(c.AdvisorID) > 64:
		return tact.FieldError(tact.CodeTooLong, "advisor_id", "at most 64 characters")
	}
	if err := validateTimeZone(c.TimeZone); err != nil {
		return err
	}
	if err := c.validateStatusDates(); err != nil {
		return err
	}
	if err := validatePhones(c.Phones); err != nil {
		return err
	}
	if err := validateEmails(c.Emails); err != nil {
		return err
	}
	if c.Address != nil {
		if err := c.Address.validate(); err != nil {
			return tact.Prefix("postal_address", err)
		}
	}
	if err := validateConsents(c.Consents); err != nil {
		return err
	}
	if err := c.Preferences.validate(); err != nil {
		return tact.Prefix("preferences", err)
	}
	if c.DoNotCall != nil {
		if err := c.DoNotCall.validate(); err != nil {
			return tact.Prefix("do_not_call", err)
		}
	}
	return nil
}

// validateTimeZone accepts IANA zone names only: a bare offset or "Local" would
// make contact hours wrong twice a year.
func validateTimeZone(tz string) error {
	if tz == "" {
		return tact.FieldError(tact.CodeRequired, "time_zone", "a time zone is required, e.g. Europe/Paris")
	}
	if tz == "Local" || !strings.Contains(tz, "/") && tz != "UTC" {
		return tact.FieldError(tact.CodeInvalidTimeZone, "time_zone", "time zone %q is not an IANA zone name such as Europe/Paris", tz)
	}
	if _, err := tact.LoadLocation(tz); err != nil {
		return tact.FieldError(tact.CodeInvalidTimeZone, "time_zone", "time zone %q is not an IANA zone name such as Europe/Paris", tz)
	}
	return nil
}

// validateStatusDates keeps the status and its dates telling one story.
func (c *Customer) validateStatusDates() error {
	switch c.Status {
	case Cancelling:
		if c.CancellingSince.IsZero() {
			return tact.FieldError(tact.CodeRequired, "cancelling_since", "a cancelling customer needs the date the cancellation was requested")
		}
	case Former:
		if c.FormerSince.IsZero() {
			return tact.FieldError(tact.CodeRequired, "former_since", "a former customer needs the date the relationship ended")
		}
	}
	if !c.CustomerSince.IsZero() && !c.FormerSince.IsZero() && c.FormerSince.Before(c.CustomerSince) {
		return tact.FieldError(tact.CodeInvalid, "former_since", "the relationship cannot end before it began")
	}
	return nil
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// Person returns how texts address the customer.
func (c *Customer) Person() wording.Person {
	return wording.Person{GivenName: c.GivenName, FamilyName: c.FamilyName, Salutation: string(c.Salutation),
		Tu: c.FormOfAddress == Tu, Language: c.Language}
}

// WrittenChannels returns the written channels the customer can still be
// reached on, in the order tact prefers them: email if an address is on file,
// letter if a postal address is, SMS if a mobile number is on file that is
// not the number of one of their ended lines (a former customer's old line
// may belong to someone else now).
func (c *Customer) WrittenChannels(lines []*Line) []tact.Channel {
	var out []tact.Channel
	for _, ch := range writtenOrder {
		if c.WrittenAddress(ch, lines) != "" {
			out = append(out, ch)
		}
	}
	return out
}

var writtenOrder = []tact.Channel{tact.ChannelEmail, tact.ChannelLetter, tact.ChannelSMS}

// WrittenRoute picks how to write to the customer and where: their preferred
// channel if it is one of WrittenChannels, else the first of those. ok is
// false when they can be written to on none.
func (c *Customer) WrittenRoute(lines []*Line) (ch tact.Channel, to string, ok bool) {
	for _, ch := range append([]tact.Channel{c.Preferences.PreferredChannel}, writtenOrder...) {
		if to := c.WrittenAddress(ch, lines); to != "" {
			return ch, to, true
		}
	}
	return "", "", false
}

// WrittenAddress is where a text on ch reaches the customer, "" when none:
// the primary email, the postal address as printed on an envelope, or a
// mobile number that is not one of their ended lines.
func (c *Customer) WrittenAddress(ch tact.Channel, lines []*Line) string {
	switch ch {
	case tact.ChannelEmail:
		return c.PrimaryEmail()
	case tact.ChannelLetter:
		if c.Address != nil {
			return c.Address.Label(c.FullName())
		}
	case tact.ChannelSMS:
		for _, p := range c.Phones {
			if p.Type == PhoneMobile && !slices.ContainsFunc(lines, func(l *Line) bool { return l.Status == LineEnded && l.Number == p.Number }) {
				return p.Number
			}
		}
	}
	return ""
}
