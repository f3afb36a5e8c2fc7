package billing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// TestConsentValidate: a consent is recorded only as a double opt-in: a
// reference, the provider and service named, both steps timed, in order, not
// in the future, the second by SMS or email; each refusal names its field.
// Every consent Validate accepts is Double, so the review keeps its charges.
func TestConsentValidate(t *testing.T) {
	now := time.Date(2026, 10, 1, 8, 5, 0, 0, time.UTC)
	valid := func() billing.ThirdPartyConsent {
		return billing.ThirdPartyConsent{CustomerID: "cus_1", Ref: "DV-2026:000042", Provider: "Digital Virgo", Service: "Contact+",
			PaymentPageAt: now.Add(-3 * time.Minute), ConfirmedAt: now.Add(-time.Minute), ConfirmedBy: tact.ChannelSMS}
	}
	for _, c := range []struct {
		name   string
		change func(c *billing.ThirdPartyConsent)
		code   tact.Code
		field  string
	}{
		{"valid, by SMS", func(c *billing.ThirdPartyConsent) {}, "", ""},
		{"valid, by email", func(c *billing.ThirdPartyConsent) { c.ConfirmedBy = tact.ChannelEmail }, "", ""},
		{"both steps the same instant", func(c *billing.ThirdPartyConsent) { c.ConfirmedAt = c.PaymentPageAt }, "", ""},
		{"confirmed this very instant", func(c *billing.ThirdPartyConsent) { c.ConfirmedAt = now }, "", ""},
		{"a reference of 64 characters", func(c *billing.ThirdPartyConsent) { c.Ref = strings.Repeat("a", 64) }, "", ""},
		{"names of 100 characters", func(c *billing.ThirdPartyConsent) {
			c.Provider, c.Service = strings.Repeat("é", 100), strings.Repeat("ç", 100)
		}, "", ""},

		{"no customer", func(c *billing.ThirdPartyConsent) { c.CustomerID = "" }, tact.CodeRequired, "customer_id"},
		{"no reference", func(c *billing.ThirdPartyConsent) { c.Ref = "" }, tact.CodeRequired, "ref"},
		{"a reference of 65 characters", func(c *billing.ThirdPartyConsent) { c.Ref = strings.Repeat("a", 65) }, tact.CodeInvalid, "ref"},
		{"a reference with a slash", func(c *billing.ThirdPartyConsent) { c.Ref = "tp/42" }, tact.CodeInvalid, "ref"},
		{"a reference with a space", func(c *billing.ThirdPartyConsent) { c.Ref = "tp 42" }, tact.CodeInvalid, "ref"},
		{"a reference of dots", func(c *billing.ThirdPartyConsent) { c.Ref = ".." }, tact.CodeInvalid, "ref"},
		{"no provider", func(c *billing.ThirdPartyConsent) { c.Provider = "" }, tact.CodeRequired, "provider"},
		{"a provider of 101 characters", func(c *billing.ThirdPartyConsent) { c.Provider = strings.Repeat("x", 101) }, tact.CodeTooLong, "provider"},
		{"no service", func(c *billing.ThirdPartyConsent) { c.Service = "" }, tact.CodeRequired, "service"},
		{"a service of 101 characters", func(c *billing.ThirdPartyConsent) { c.Service = strings.Repeat("x", 101) }, tact.CodeTooLong, "service"},
		{"no payment page", func(c *billing.ThirdPartyConsent) { c.PaymentPageAt = time.Time{} }, tact.CodeRequired, "payment_page_at"},
		{"payment page a microsecond ahead", func(c *billing.ThirdPartyConsent) {
			c.PaymentPageAt, c.ConfirmedAt = now.Add(time.Microsecond), now.Add(time.Microsecond)
		}, tact.CodeInvalid, "payment_page_at"},
		{"no confirmation (a single opt-in)", func(c *billing.ThirdPartyConsent) { c.ConfirmedAt = time.Time{} }, tact.CodeRequired, "confirmed_at"},
		{"confirmed a microsecond ahead", func(c *billing.ThirdPartyConsent) { c.ConfirmedAt = now.Add(time.Microsecond) }, tact.CodeInvalid, "confirmed_at"},
		{"confirmed a microsecond before the payment page", func(c *billing.ThirdPartyConsent) {
			c.ConfirmedAt = c.PaymentPageAt.Add(-time.Microsecond)
		}, tact.CodeInvalid, "confirmed_at"},
		{"confirmed by nobody", func(c *billing.ThirdPartyConsent) { c.ConfirmedBy = "" }, tact.CodeRequired, "confirmed_by"},
		{"confirmed by phone", func(c *billing.ThirdPartyConsent) { c.ConfirmedBy = tact.ChannelPhone }, tact.CodeInvalid, "confirmed_by"},
		{"confirmed on the web", func(c *billing.ThirdPartyConsent) { c.ConfirmedBy = tact.ChannelWeb }, tact.CodeInvalid, "confirmed_by"},
		{"recorded withdrawn", func(c *billing.ThirdPartyConsent) { w := now; c.WithdrawnAt = &w }, tact.CodeInvalid, "withdrawn_at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			consent := valid()
			c.change(&consent)
			err := consent.Validate(now)
			if tact.ErrorCode(err) != c.code || tact.ErrorField(err) != c.field {
				t.Fatalf("Validate: %v, want %q on %q", err, c.code, c.field)
			}
			if err == nil && !consent.Double() {
				t.Errorf("a valid consent is not Double: %+v", consent)
			}
			if err != nil && tact.ErrorMessage(err) == "" {
				t.Error("a refusal without words")
			}
		})
	}
}

// TestConsentNormalize: words trimmed, times in UTC to the microsecond, as the
// stores keep them, so that the same consent sent twice compares equal.
func TestConsentNormalize(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	c := billing.ThirdPartyConsent{Ref: " tp-42 ", Provider: "\tDigital Virgo ", Service: " Contact+\n",
		PaymentPageAt: time.Date(2026, 10, 1, 10, 0, 0, 123456789, paris), ConfirmedAt: time.Date(2026, 10, 1, 10, 2, 0, 999, paris)}
	c.Normalize()
	if c.Ref != "tp-42" || c.Provider != "Digital Virgo" || c.Service != "Contact+" {
		t.Errorf("words not trimmed: %+v", c)
	}
	if want := time.Date(2026, 10, 1, 8, 0, 0, 123456000, time.UTC); c.PaymentPageAt != want {
		t.Errorf("payment_page_at %v, want %v", c.PaymentPageAt, want)
	}
	if want := time.Date(2026, 10, 1, 8, 2, 0, 0, time.UTC); c.ConfirmedAt != want {
		t.Errorf("confirmed_at %v, want %v", c.ConfirmedAt, want)
	}
}
