package customer_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

var now = time.Date(2026, 5, 14, 10, 0, 0, 0, time.UTC)

// create decodes a JSON create body the way the API does and builds the customer.
func create(t *testing.T, body string) (*customer.Customer, []customer.Event, error) {
	t.Helper()
	var u customer.Update
	if err := json.Unmarshal([]byte(body), &u); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return customer.Create(u, now)
}

func TestCreateDefaults(t *testing.T) {
	c, evs, err := create(t, `{"jurisdiction":"CA-QC","given_name":" Jean-François ","family_name":"Gagnon"}`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"language": string(c.Language), "time_zone": c.TimeZone, "form_of_address": string(c.FormOfAddress),
		"status": string(c.Status), "given_name": c.GivenName, "customer_since": c.CustomerSince.String(),
	}
	for field, got := range map[string]string{
		"language": "fr-CA", "time_zone": "America/Toronto", "form_of_address": "vous",
		"status": "active", "given_name": "Jean-François", "customer_since": "2026-05-14",
	} {
		if want[field] != got {
			t.Errorf("%s = %q, want %q", field, want[field], got)
		}
	}
	if c.ThirdPartyBilling {
		t.Error("third-party billing must be off unless the customer turns it on (story 1)")
	}
	if len(evs) != 1 || evs[0].Kind != customer.EventCreated {
		t.Errorf("events = %+v, want one created event", evs)
	}
}

func TestCreateRefusesNamingTheField(t *testing.T) {
	tests := []struct {
		name, body string
		code       tact.Code
		field      string
	}{
		{"no jurisdiction", `{"family_name":"Roux"}`, tact.CodeRequired, "jurisdiction"},
		{"unknown jurisdiction", `{"jurisdiction":"CA-ON","family_name":"Roux"}`, tact.CodeInvalidJurisdiction, "jurisdiction"},
		{"no name", `{"jurisdiction":"FR"}`, tact.CodeRequired, "family_name"},
		{"phone not a number", `{"jurisdiction":"FR","family_name":"Roux","phones":[{"number":"06 12"}]}`, tact.CodeInvalidPhone, "phones[0].number"},
		{"second phone bad", `{"jurisdiction":"FR","family_name":"Roux","phones":[{"number":"0612345678"},{"number":"+33 1"}]}`, tact.CodeInvalidPhone, "phones[1].number"},
		{"phone twice", `{"jurisdiction":"FR","family_name":"Roux","phones":[{"number":"0612345678"},{"number":"+33612345678"}]}`, tact.CodeInvalid, "phones[1].number"},
		{"two primary phones", `{"jurisdiction":"FR","family_name":"Roux","phones":[{"number":"0612345678","primary":true},{"number":"0734567890","primary":true}]}`, tact.CodeInvalid, "phones"},
		{"email without domain", `{"jurisdiction":"FR","family_name":"Roux","emails":[{"address":"camille@"}]}`, tact.CodeInvalidEmail, "emails[0].address"},
		{"email with display name", `{"jurisdiction":"FR","family_name":"Roux","emails":[{"address":"Camille <c@x.fr>"}]}`, tact.CodeInvalidEmail, "emails[0].address"},
		{"zone not IANA", `{"jurisdiction":"FR","family_name":"Roux","time_zone":"+02:00"}`, tact.CodeInvalidTimeZone, "time_zone"},
		{"zone unknown", `{"jurisdiction":"FR","family_name":"Roux","time_zone":"Mars/Olympus"}`, tact.CodeInvalidTimeZone, "time_zone"},
		{"zone Local", `{"jurisdiction":"FR","family_name":"Roux","time_zone":"Local"}`, tact.CodeInvalidTimeZone, "time_zone"},
		{"language", `{"jurisdiction":"FR","family_name":"Roux","language":"de"}`, tact.CodeInvalid, "language"},
		{"form of address", `{"jurisdiction":"FR","family_name":"Roux","form_of_address":"toi"}`, tact.CodeInvalid, "form_of_address"},
		{"consent without proof", `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"sms","purpose":"sales","granted":true,"source":"web"}]}`, tact.CodeInvalidConsent, "consents[0].proof"},
		{"consent on a channel one cannot be reached on", `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"shop","purpose":"sales","granted":true,"source":"web","proof":"f1"}]}`, tact.CodeInvalidConsent, "consents[0].channel"},
		{"consent for service", `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"sms","purpose":"service","granted":true,"source":"web","proof":"f1"}]}`, tact.CodeInvalidConsent, "consents[0].purpose"},
		{"consent unknown source", `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"sms","purpose":"sales","granted":true,"source":"rumour","proof":"f1"}]}`, tact.CodeInvalidConsent, "consents[0].source"},
		{"consent in the future", `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"sms","purpose":"sales","granted":true,"source":"web","proof":"f1","at":"2026-05-14T10:06:00Z"}]}`, tact.CodeInvalidConsent, "consents[0].at"},
		{"cancelling without date", `{"jurisdiction":"FR","family_name":"Roux","status":"cancelling"}`, tact.CodeRequired, "cancelling_since"},
		{"former without date", `{"jurisdiction":"FR","family_name":"Roux","status":"former"}`, tact.CodeRequired, "former_since"},
		{"ended before it began", `{"jurisdiction":"FR","family_name":"Roux","status":"former","customer_since":"2026-01-10","former_since":"2025-12-31"}`, tact.CodeInvalid, "former_since"},
		{"French postal code", `{"jurisdiction":"FR","family_name":"Roux","postal_address":{"lines":["3 rue de la Paix"],"postal_code":"7500","city":"Paris","country":"FR"}}`, tact.CodeInvalid, "postal_address.postal_code"},
		{"Canadian postal code", `{"jurisdiction":"CA-QC","family_name":"Roux","postal_address":{"lines":["1 rue Sainte-Catherine"],"postal_code":"H2X 1Y","city":"Montréal","country":"CA"}}`, tact.CodeInvalid, "postal_address.postal_code"},
		{"address line too long", `{"jurisdiction":"FR","family_name":"Roux","postal_address":{"lines":["` + strings.Repeat("x", 39) + `"],"postal_code":"75002","city":"Paris","country":"FR"}}`, tact.CodeTooLong, "postal_address.lines[0]"},
		{"quiet window of no length", `{"jurisdiction":"FR","family_name":"Roux","preferences":{"quiet_hours":[{"from":"19:00","to":"19:00"}]}}`, tact.CodeInvalid, "preferences.quiet_hours[0]"},
		{"preferred channel chat", `{"jurisdiction":"FR","family_name":"Roux","preferences":{"preferred_channel":"chat"}}`, tact.CodeInvalid, "preferences.preferred_channel"},
		{"do-not-call without source", `{"jurisdiction":"FR","family_name":"Roux","do_not_call":{"source":" "}}`, tact.CodeRequired, "do_not_call.source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := create(t, tt.body)
			if tact.ErrorCode(err) != tt.code || tact.ErrorField(err) != tt.field {
				t.Fatalf("got %v (code %q, field %q), want code %q field %q", err, tact.ErrorCode(err), tact.ErrorField(err), tt.code, tt.field)
			}
		})
	}
}

func TestPhonesNormalizedToE164(t *testing.T) {
	tests := []struct {
		jurisdiction, in, want string
		typ                    customer.PhoneType
	}{
		{"FR", "06 12 34 56 78", "+33612345678", customer.PhoneMobile},
		{"FR", "01.23.45.67.89", "+33123456789", customer.PhoneFixed},
		{"FR", "+1 514-555-0199", "+15145550199", customer.PhoneOther},
		{"CA-QC", "514-555-0199", "+15145550199", customer.PhoneOther},
		{"CA-QC", "(438) 555-0123", "+14385550123", customer.PhoneOther},
		{"CA-QC", "+33 7 34 56 78 90", "+33734567890", customer.PhoneMobile},
	}
	for _, tt := range tests {
		c, _, err := create(t, `{"jurisdiction":"`+tt.jurisdiction+`","family_name":"Roux","phones":[{"number":"`+tt.in+`"}]}`)
		if err != nil {
			t.Errorf("%s %q: %v", tt.jurisdiction, tt.in, err)
			continue
		}
		if got := c.Phones[0]; got.Number != tt.want || got.Type != tt.typ {
			t.Errorf("%s %q → %s (%s), want %s (%s)", tt.jurisdiction, tt.in, got.Number, got.Type, tt.want, tt.typ)
		}
	}
}

func TestApplyRecordsEachChange(t *testing.T) {
	c, _, err := create(t, `{"jurisdiction":"FR","family_name":"Roux","given_name":"Camille"}`)
	if err != nil {
		t.Fatal(err)
	}
	var u customer.Update
	if err := json.Unmarshal([]byte(`{"form_of_address":"tu","third_party_billing":true,"status":"cancelling","cancelling_since":"2026-05-14",
		"consents":[{"channel":"email","purpose":"sales","granted":true,"source":"web","proof":"form-9"}],
		"do_not_call":{"source":"asked on the phone"}}`), &u); err != nil {
		t.Fatal(err)
	}
	evs, err := u.Apply(c, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[customer.EventKind]customer.Event{}
	for _, e := range evs {
		kinds[e.Kind] = e
	}
	if e := kinds[customer.EventUpdated]; strings.Join(e.Fields, ",") != "form_of_address,cancelling_since" {
		t.Errorf("updated fields = %v", e.Fields)
	}
	if e := kinds[customer.EventStatusChanged]; e.Detail["from"] != "active" || e.Detail["to"] != "cancelling" {
		t.Errorf("status event = %+v", e)
	}
	if e := kinds[customer.EventThirdPartyBilling]; e.Detail["to"] != "true" {
		t.Errorf("third-party event = %+v", e)
	}
	if e := kinds[customer.EventConsentRecorded]; e.Detail["proof"] != "form-9" || e.Detail["channel"] != "email" {
		t.Errorf("consent event = %+v", e)
	}
	if e := kinds[customer.EventDoNotCall]; e.Detail["listed"] != "true" || c.DoNotCall == nil || !c.DoNotCall.Since.Equal(now.Add(time.Hour)) {
		t.Errorf("do-not-call event = %+v, entry %+v", e, c.DoNotCall)
	}
	if !c.UpdatedAt.Equal(now.Add(time.Hour)) {
		t.Errorf("updated_at = %v", c.UpdatedAt)
	}

	// Applying the same values again changes nothing and records nothing.
	var same customer.Update
	_ = json.Unmarshal([]byte(`{"form_of_address":"tu","third_party_billing":true}`), &same)
	if evs, err := same.Apply(c, now.Add(2*time.Hour)); err != nil || len(evs) != 0 {
		t.Errorf("no-op update: events %v, err %v", evs, err)
	}
}

func TestApplyNullClears(t *testing.T) {
	c, _, err := create(t, `{"jurisdiction":"FR","family_name":"Roux","advisor_id":"usr_1","do_not_call":{"source":"asked"}}`)
	if err != nil {
		t.Fatal(err)
	}
	var u customer.Update
	_ = json.Unmarshal([]byte(`{"advisor_id":null,"do_not_call":null}`), &u)
	if _, err := u.Apply(c, now); err != nil {
		t.Fatal(err)
	}
	if c.AdvisorID != "" || c.DoNotCall != nil {
		t.Errorf("null did not clear: advisor %q, dnc %+v", c.AdvisorID, c.DoNotCall)
	}
}

func TestJurisdictionCannotChange(t *testing.T) {
	c, _, _ := create(t, `{"jurisdiction":"FR","family_name":"Roux"}`)
	var u customer.Update
	_ = json.Unmarshal([]byte(`{"jurisdiction":"CA-QC"}`), &u)
	if _, err := u.Apply(c, now); tact.ErrorField(err) != "jurisdiction" {
		t.Fatalf("got %v", err)
	}
}

func TestLaterConsentWinsWhateverTheOrder(t *testing.T) {
	c, _, _ := create(t, `{"jurisdiction":"FR","family_name":"Roux","consents":[{"channel":"sms","purpose":"sales","granted":true,"source":"web","proof":"f1","at":"2026-05-01T00:00:00Z"}]}`)
	var late customer.Update
	// An older withdrawal arrives after the newer yes: the yes stays current,
	// and the withdrawal is still recorded as an event.
	_ = json.Unmarshal([]byte(`{"consents":[{"channel":"sms","purpose":"sales","granted":false,"source":"paper","at":"2026-04-01T00:00:00Z"}]}`), &late)
	evs, err := late.Apply(c, now)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := c.Consent(tact.ChannelSMS, tact.PurposeSales)
	if !k.Granted || len(evs) != 1 {
		t.Errorf("current consent %+v, events %d", k, len(evs))
	}
}

func TestWindowWrapsMidnight(t *testing.T) {
	w := customer.Window{From: 19 * 60, To: 9 * 60}
	for tod, want := range map[tact.TimeOfDay]bool{18*60 + 59: false, 19 * 60: true, 23 * 60: true, 0: true, 8*60 + 59: true, 9 * 60: false} {
		if w.Contains(tod) != want {
			t.Errorf("19:00–09:00 contains %s = %v, want %v", tod, !want, want)
		}
	}
	day := customer.Window{From: 10 * 60, To: 13 * 60}
	for tod, want := range map[tact.TimeOfDay]bool{9*60 + 59: false, 10 * 60: true, 12*60 + 59: true, 13 * 60: false} {
		if day.Contains(tod) != want {
			t.Errorf("10:00–13:00 contains %s = %v, want %v", tod, !want, want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		q     string
		check func(customer.Search) bool
	}{
		{"cus_01M80ARBWRGWDRJX8954AM25CR", func(s customer.Search) bool { return len(s.IDs) == 1 && len(s.NamePrefixes) == 0 }},
		{"Camille.Roux@Example.FR", func(s customer.Search) bool { return len(s.Emails) == 1 && s.Emails[0] == "camille.roux@example.fr" }},
		{"06 12 34 56 78", func(s customer.Search) bool {
			return len(s.Phones) >= 1 && s.Phones[0] == "+33612345678" && len(s.NamePrefixes) == 0
		}},
		{"514-555-0199", func(s customer.Search) bool { return len(s.Phones) == 1 && s.Phones[0] == "+15145550199" }},
		{"Lefèvre", func(s customer.Search) bool { return len(s.NamePrefixes) == 1 && s.NamePrefixes[0] == "lefevre" }},
		{"Hélène Côté", func(s customer.Search) bool {
			return len(s.NamePrefixes) == 2 && s.NamePrefixes[0] == "helene cote" && s.NamePrefixes[1] == "cote helene"
		}},
		{"Annick Le Brusq", func(s customer.Search) bool {
			return len(s.NamePrefixes) == 3 && s.NamePrefixes[0] == "annick le brusq" && s.NamePrefixes[1] == "le brusq annick"
		}},
		{"Réjean Tardif-Beaulieu", func(s customer.Search) bool {
			return len(s.NamePrefixes) == 3 && s.NamePrefixes[1] == "tardif beaulieu rejean"
		}},
		{"FR-000123", func(s customer.Search) bool { return len(s.Accounts) == 1 && s.Accounts[0] == "FR-000123" }},
		{"   ", func(s customer.Search) bool { return s.IsZero() }},
	}
	for _, tt := range tests {
		if s := customer.ParseQuery(tt.q); !tt.check(s) {
			t.Errorf("ParseQuery(%q) = %+v", tt.q, s)
		}
	}
}

func TestNameKey(t *testing.T) {
	if got := customer.NameKey("Lefèvre-Côté", " Hélène "); got != "lefevre cote helene" {
		t.Errorf("NameKey = %q", got)
	}
	if got := customer.NameKey("O'Brien", "Zoë"); got != "o brien zoe" {
		t.Errorf("NameKey = %q", got)
	}
}

func TestLineRules(t *testing.T) {
	base := func() *customer.Line {
		return &customer.Line{Number: "06 12 34 56 78", PlanCode: "FR-S", Status: customer.LineActive, StartedOn: tact.Date{Year: 2025, Month: 1, Day: 10}}
	}
	l := base()
	if err := l.Normalize(tact.FR); err != nil || l.Number != "+33612345678" {
		t.Fatalf("normalize: %v %q", err, l.Number)
	}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edit  func(*customer.Line)
		field string
	}{
		{"no plan", func(l *customer.Line) { l.PlanCode = "" }, "plan_code"},
		{"no start", func(l *customer.Line) { l.StartedOn = tact.Date{} }, "started_on"},
		{"commitment before start", func(l *customer.Line) { l.CommitmentEndsOn = tact.Date{Year: 2024, Month: 12, Day: 31} }, "commitment_ends_on"},
		{"ended without date", func(l *customer.Line) { l.Status = customer.LineEnded }, "ended_on"},
		{"bad status", func(l *customer.Line) { l.Status = "paused" }, "status"},
	}
	for _, tt := range tests {
		l := base()
		_ = l.Normalize(tact.FR)
		tt.edit(l)
		if err := l.Validate(); tact.ErrorField(err) != tt.field {
			t.Errorf("%s: got %v, want field %s", tt.name, err, tt.field)
		}
	}
}

func TestUsageRules(t *testing.T) {
	ok := customer.Usage{Month: "2026-04", DataMB: 1, RoamingSpend: tact.Money{Currency: tact.EUR}, ThirdPartySpend: tact.Money{Currency: tact.EUR}}
	if err := ok.Validate(tact.EUR); err != nil {
		t.Fatal(err)
	}
	bad := ok
	bad.DataMB = -1
	if err := bad.Validate(tact.EUR); tact.ErrorField(err) != "data_mb" {
		t.Errorf("negative: %v", err)
	}
	if err := ok.Validate(tact.CAD); tact.ErrorField(err) != "roaming_spend.currency" {
		t.Errorf("currency: %v", err)
	}
	bad = ok
	bad.Month = "2026-13"
	if err := bad.Validate(tact.EUR); tact.ErrorField(err) != "month" {
		t.Errorf("month: %v", err)
	}
}

func TestTimesKeptAtStoreResolution(t *testing.T) {
	c, _, err := create(t, `{"jurisdiction":"FR","family_name":"Roux",
		"consents":[{"channel":"sms","purpose":"sales","granted":true,"source":"web","proof":"f","at":"2026-05-14T09:00:00.123456789+02:00"}],
		"do_not_call":{"source":"asked","since":"2026-05-14T09:00:00.987654321Z"}}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Consents[0].At; got.Nanosecond() != 123456000 || got.Location() != time.UTC {
		t.Errorf("consent at %v: want microseconds in UTC, as both engines store it", got)
	}
	if got := c.DoNotCall.Since; got.Nanosecond() != 987654000 {
		t.Errorf("do-not-call since %v", got)
	}
}
