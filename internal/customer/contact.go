package customer

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/tactcrm/tact/internal/tact"
)

// PhoneType is what kind of number a phone is, as the numbering plan says.
type PhoneType string

// Phone types.
const (
	PhoneMobile   PhoneType = "mobile"
	PhoneFixed    PhoneType = "fixed"
	PhoneOther    PhoneType = "other"
	phoneUnknown  PhoneType = ""
	maxLabelChars           = 40
)

// Phone is a number a customer can be reached on.
type Phone struct {
	// Number is in E.164 ("+33612345678") once normalized; input may be written
	// as people write it ("06 12 34 56 78", "514-555-0199").
	Number  string    `json:"number"`
	Type    PhoneType `json:"type,omitempty"`
	Label   string    `json:"label,omitempty"`
	Primary bool      `json:"primary"`
}

// NationalNumber writes an E.164 number as people of jurisdiction j write
// it ("06 12 34 56 78", "(514) 555-0199"), as stored if it cannot be read:
// how every text tact writes shows a number.
func NationalNumber(e164 string, j tact.Jurisdiction) string {
	n, err := phonenumbers.Parse(e164, j.PhoneRegion())
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// NormalizePhone returns number in E.164 and its type, reading a number without
// country code in region ("FR", "CA"). It uses the libphonenumber metadata, so
// "06 12 34 56 78" in FR is +33612345678, a mobile.
func NormalizePhone(number, region string) (string, PhoneType, error) {
	n, err := phonenumbers.Parse(number, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", phoneUnknown, tact.FieldError(tact.CodeInvalidPhone, "", "%q is not a valid phone number", number)
	}
	t := PhoneOther
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.MOBILE:
		t = PhoneMobile
	case phonenumbers.FIXED_LINE:
		t = PhoneFixed
	case phonenumbers.FIXED_LINE_OR_MOBILE:
		// North American numbers do not tell; call them mobile only if the
		// customer says so.
		t = PhoneOther
	}
	return phonenumbers.Format(n, phonenumbers.E164), t, nil
}

func (p *Phone) normalize(region string) error {
	if strings.TrimSpace(p.Number) == "" {
		return tact.FieldError(tact.CodeRequired, "number", "a phone number is required")
	}
	e164, t, err := NormalizePhone(p.Number, region)
	if err != nil {
		return tact.Prefix("number", err)
	}
	p.Number = e164
	if p.Type == phoneUnknown || p.Type == PhoneOther {
		p.Type = t
	}
	p.Label = strings.TrimSpace(p.Label)
	return nil
}

// IsE164 reports whether s looks like an E.164 number: "+", then 8 to 15 digits.
func IsE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func validatePhones(phones []Phone) error {
	if len(phones) > maxContacts {
		return tact.FieldError(tact.CodeInvalid, "phones", "at most %d phone numbers", maxContacts)
	}
	primaries := 0
	seen := map[string]bool{}
	for i, p := range phones {
		f := indexed("phones", i)
		switch {
		case !IsE164(p.Number):
			return tact.FieldError(tact.CodeInvalidPhone, f+".number", "%q is not in E.164 form", p.Number)
		case seen[p.Number]:
			return tact.FieldError(tact.CodeInvalid, f+".number", "%s is listed twice", p.Number)
		case p.Type != PhoneMobile && p.Type != PhoneFixed && p.Type != PhoneOther:
			return tact.FieldError(tact.CodeInvalid, f+".type", "type %q is not mobile, fixed or other", p.Type)
		case utf8.RuneCountInString(p.Label) > maxLabelChars:
			return tact.FieldError(tact.CodeTooLong, f+".label", "at most %d characters", maxLabelChars)
		}
		seen[p.Number] = true
		if p.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return tact.FieldError(tact.CodeInvalid, "phones", "only one phone can be primary")
	}
	return nil
}

// Email is an address a customer can be written to.
type Email struct {
	Address string `json:"address"`
	Primary bool   `json:"primary"`
}

// ValidEmail reports whether s is a plausible mailbox "local@domain.tld": what a
// form can check without sending mail. Display names and comments are refused.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>()[],;:\"\\") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.Contains(domain, "@") {
		return false
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	return !strings.HasPrefix(local, ".") && !strings.HasSuffix(local, ".") && !strings.Contains(local, "..")
}

func validateEmails(emails []Email) error {
	if len(emails) > maxContacts {
		return tact.FieldError(tact.CodeInvalid, "emails", "at most %d email addresses", maxContacts)
	}
	primaries := 0
	seen := map[string]bool{}
	for i, e := range emails {
		f := indexed("emails", i) + ".address"
		switch {
		case e.Address == "":
			return tact.FieldError(tact.CodeRequired, f, "an email address is required")
		case !ValidEmail(e.Address):
			return tact.FieldError(tact.CodeInvalidEmail, f, "%q is not a valid email address", e.Address)
		case seen[e.Address]:
			return tact.FieldError(tact.CodeInvalid, f, "%s is listed twice", e.Address)
		}
		seen[e.Address] = true
		if e.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return tact.FieldError(tact.CodeInvalid, "emails", "only one email can be primary")
	}
	return nil
}

// Address is a postal address, as printed on a letter.
type Address struct {
	Lines      []string `json:"lines"`
	PostalCode string   `json:"postal_code"`
	City       string   `json:"city"`
	Region     string   `json:"region,omitempty"`
	// Country is an ISO 3166-1 alpha-2 code.
	Country string `json:"country"`
}

func (a *Address) normalize() {
	var lines []string
	for _, l := range a.Lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	a.Lines = lines
	a.PostalCode = strings.ToUpper(strings.Join(strings.Fields(a.PostalCode), " "))
	a.City = strings.TrimSpace(a.City)
	a.Region = strings.TrimSpace(a.Region)
	a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
}

func (a *Address) validate() error {
	switch {
	case len(a.Lines) == 0:
		return tact.FieldError(tact.CodeRequired, "lines", "an address needs at least one line")
	case len(a.Lines) > 4:
		return tact.FieldError(tact.CodeInvalid, "lines", "at most 4 lines")
	case a.City == "":
		return tact.FieldError(tact.CodeRequired, "city", "a city is required")
	case len(a.Country) != 2 || strings.Trim(a.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "":
		return tact.FieldError(tact.CodeInvalid, "country", "country %q is not an ISO 3166 code such as FR or CA", a.Country)
	}
	for i, l := range a.Lines {
		if utf8.RuneCountInString(l) > 38 {
			// La Poste (NF Z10-011) and Canada Post both cap a line at 38 characters.
			return tact.FieldError(tact.CodeTooLong, indexed("lines", i), "an address line holds at most 38 characters")
		}
	}
	switch a.Country {
	case "FR":
		if len(a.PostalCode) != 5 || strings.Trim(a.PostalCode, "0123456789") != "" {
			return tact.FieldError(tact.CodeInvalid, "postal_code", "a French postal code has 5 digits")
		}
	case "CA":
		if !validCanadianPostalCode(a.PostalCode) {
			return tact.FieldError(tact.CodeInvalid, "postal_code", "a Canadian postal code reads like H2X 1Y4")
		}
	}
	return nil
}

func validCanadianPostalCode(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		letter := s[i] >= 'A' && s[i] <= 'Z'
		digit := s[i] >= '0' && s[i] <= '9'
		if (i%2 == 0 && !letter) || (i%2 == 1 && !digit) {
			return false
		}
	}
	return true
}

// ConsentSource is where a consent or its withdrawal was given.
type ConsentSource string

// Consent sources.
const (
	SourceWeb    ConsentSource = "web"
	SourceApp    ConsentSource = "app"
	SourcePhone  ConsentSource = "phone"
	SourceShop   ConsentSource = "shop"
	SourcePaper  ConsentSource = "paper"
	SourceEmail  ConsentSource = "email"
	SourceSMS    ConsentSource = "sms"
	SourceImport ConsentSource = "import"
)

var consentSources = []ConsentSource{SourceWeb, SourceApp, SourcePhone, SourceShop, SourcePaper, SourceEmail, SourceSMS, SourceImport}

// ConsentPurposes are the purposes that need the customer's consent on a
// channel; service, billing and legal contacts do not.
var ConsentPurposes = []tact.Purpose{tact.PurposeSales, tact.PurposeSurvey}

// Consent is the customer's yes or no to being contacted on a channel for a
// purpose, with its proof. A yes without proof is refused: "provable consent"
// is what the law asks for (C. conso L.223-1 as amended by loi 2025-594 for
// France from 2026-08-11; CASL s.10 for Canada).
type Consent struct {
	Channel tact.Channel  `json:"channel"`
	Purpose tact.Purpose  `json:"purpose"`
	Granted bool          `json:"granted"`
	Source  ConsentSource `json:"source"`
	// Proof points at the evidence: a form submission id, a call recording id,
	// a signed document reference.
	Proof string `json:"proof,omitempty"`
	// At is when the customer said it; it defaults to when tact recorded it.
	At time.Time `json:"at"`
}

// Validate checks one consent record.
func (k Consent) Validate() error {
	switch {
	case !k.Channel.Outbound():
		return tact.FieldError(tact.CodeInvalidConsent, "channel", "consent is given per channel: phone, sms, email or letter, not %q", k.Channel)
	case k.Purpose != tact.PurposeSales && k.Purpose != tact.PurposeSurvey:
		return tact.FieldError(tact.CodeInvalidConsent, "purpose", "consent is recorded for sales or survey, not %q", k.Purpose)
	case !oneOf(k.Source, consentSources):
		return tact.FieldError(tact.CodeInvalidConsent, "source", "source %q is not one of web, app, phone, shop, paper, email, sms, import", k.Source)
	case k.Granted && strings.TrimSpace(k.Proof) == "":
		return tact.FieldError(tact.CodeInvalidConsent, "proof", "a consent needs its proof: a form, recording or document reference")
	case len(k.Proof) > maxProof:
		return tact.FieldError(tact.CodeTooLong, "proof", "at most %d characters", maxProof)
	case k.At.IsZero():
		return tact.FieldError(tact.CodeRequired, "at", "a consent needs the time it was given")
	}
	return nil
}

func validateConsents(ks []Consent) error {
	seen := map[[2]string]bool{}
	for i, k := range ks {
		if err := k.Validate(); err != nil {
			return tact.Prefix(indexed("consents", i), err)
		}
		key := [2]string{string(k.Channel), string(k.Purpose)}
		if seen[key] {
			return tact.FieldError(tact.CodeInvalidConsent, indexed("consents", i), "one consent per channel and purpose")
		}
		seen[key] = true
	}
	return nil
}

// Preferences are the customer's own rules for being contacted. Where they are
// stricter than the law, they win (DESIGN §4).
type Preferences struct {
	// QuietHours are daily windows with no calls; a window may wrap midnight
	// (19:00–09:00).
	QuietHours []Window `json:"quiet_hours"`
	// PreferredSlots are the times the customer asked to be called in.
	PreferredSlots []Slot `json:"preferred_slots"`
	// PreferredChannel, when set, is the one channel for non-urgent contact.
	PreferredChannel tact.Channel `json:"preferred_channel,omitempty"`
}

// Window is a daily span of wall-clock time in the customer's zone.
type Window struct {
	From tact.TimeOfDay `json:"from"`
	To   tact.TimeOfDay `json:"to"`
}

// Contains reports whether t falls in the window [From, To), wrapping midnight
// when To is before From.
func (w Window) Contains(t tact.TimeOfDay) bool {
	if w.From <= w.To {
		return t >= w.From && t < w.To
	}
	return t >= w.From || t < w.To
}

// Slot is a window on some days of the week.
type Slot struct {
	Days []tact.Weekday `json:"days"`
	Window
}

func (p Preferences) validate() error {
	if len(p.QuietHours) > maxPrefWindow {
		return tact.FieldError(tact.CodeInvalid, "quiet_hours", "at most %d windows", maxPrefWindow)
	}
	for i, w := range p.QuietHours {
		if w.From == w.To {
			return tact.FieldError(tact.CodeInvalid, indexed("quiet_hours", i), "a quiet window cannot start and end at the same time")
		}
	}
	if len(p.PreferredSlots) > maxPrefWindow {
		return tact.FieldError(tact.CodeInvalid, "preferred_slots", "at most %d slots", maxPrefWindow)
	}
	for i, s := range p.PreferredSlots {
		if len(s.Days) == 0 {
			return tact.FieldError(tact.CodeRequired, indexed("preferred_slots", i)+".days", "a slot names its days")
		}
		if s.From >= s.To {
			return tact.FieldError(tact.CodeInvalid, indexed("preferred_slots", i), "a slot ends after it starts")
		}
	}
	if p.PreferredChannel != "" && !p.PreferredChannel.Outbound() {
		return tact.FieldError(tact.CodeInvalid, "preferred_channel", "preferred channel %q is not phone, sms, email or letter", p.PreferredChannel)
	}
	return nil
}

// DoNotCall is an entry on the operator's internal do-not-call list. CRTC
// Unsolicited Telecommunications Rules, Part II: an internal list entry is kept
// for 3 years; tact keeps the date so the policy can judge it.
type DoNotCall struct {
	Since  time.Time `json:"since"`
	Source string    `json:"source"`
}

func (d *DoNotCall) validate() error {
	switch {
	case d.Since.IsZero():
		return tact.FieldError(tact.CodeRequired, "since", "a do-not-call entry needs its date")
	case strings.TrimSpace(d.Source) == "":
		return tact.FieldError(tact.CodeRequired, "source", "say how the customer asked not to be called")
	case utf8.RuneCountInString(d.Source) > maxShortText:
		return tact.FieldError(tact.CodeTooLong, "source", "at most %d characters", maxShortText)
	}
	return nil
}

func oneOf[T comparable](v T, set []T) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// Label is the address as printed on an envelope for name: the postal code
// before the city in France, after the city and province in Canada (Canada
// Post's order), the country last.
func (a *Address) Label(name string) string {
	lines := append([]string{name}, a.Lines...)
	if a.Country == "CA" {
		lines = append(lines, strings.TrimSpace(a.City+" "+a.Region)+"  "+a.PostalCode)
	} else {
		lines = append(lines, a.PostalCode+" "+a.City)
	}
	return strings.Join(append(lines, a.Country), "\n")
}
