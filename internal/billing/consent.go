package billing

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// Limits of a third-party consent's words.
const (
	// MaxConsentRef bounds a consent's reference, which travels in bill
	// lines and in the path of its withdrawal.
	MaxConsentRef = 64
	// MaxConsentName bounds the provider's and the service's names.
	MaxConsentName = 100
)

// Normalize trims the consent's words and puts its times in UTC to the
// microsecond, the precision the stores keep, so that a consent sent again
// compares equal to the one stored.
func (c *ThirdPartyConsent) Normalize() {
	c.Ref = strings.TrimSpace(c.Ref)
	c.Provider = strings.TrimSpace(c.Provider)
	c.Service = strings.TrimSpace(c.Service)
	c.PaymentPageAt = c.PaymentPageAt.UTC().Truncate(time.Microsecond)
	c.ConfirmedAt = c.ConfirmedAt.UTC().Truncate(time.Microsecond)
}

// Validate checks a consent about to be recorded at now: a reference, the
// provider and the service named, and both steps of the double opt-in timed,
// in order and already done (a confirmation dated in the future proves
// nothing yet), the second by SMS or email. A consent is recorded standing:
// WithdrawnAt is set only by withdrawing it. A valid consent is Double.
func (c ThirdPartyConsent) Validate(now time.Time) error {
	switch {
	case c.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "a consent is a customer's")
	case c.Ref == "":
		return tact.FieldError(tact.CodeRequired, "ref", "a consent has the reference its provider's bill lines cite")
	case len(c.Ref) > MaxConsentRef || !refChars(c.Ref):
		return tact.FieldError(tact.CodeInvalid, "ref", "a reference is 1 to %d letters, digits, '.', '_', ':' or '-', starting with a letter or digit", MaxConsentRef)
	case c.Provider == "":
		return tact.FieldError(tact.CodeRequired, "provider", "a consent names the provider who bills")
	case utf8.RuneCountInString(c.Provider) > MaxConsentName:
		return tact.FieldError(tact.CodeTooLong, "provider", "at most %d characters", MaxConsentName)
	case c.Service == "":
		return tact.FieldError(tact.CodeRequired, "service", "a consent names the service the customer agreed to")
	case utf8.RuneCountInString(c.Service) > MaxConsentName:
		return tact.FieldError(tact.CodeTooLong, "service", "at most %d characters", MaxConsentName)
	case c.PaymentPageAt.IsZero():
		return tact.FieldError(tact.CodeRequired, "payment_page_at", "when the customer confirmed on the operator's payment page")
	case c.PaymentPageAt.After(now):
		return tact.FieldError(tact.CodeInvalid, "payment_page_at", "the payment page confirmation is dated in the future")
	case c.ConfirmedAt.IsZero():
		return tact.FieldError(tact.CodeRequired, "confirmed_at", "when the customer confirmed again by SMS or email")
	case c.ConfirmedAt.After(now):
		return tact.FieldError(tact.CodeInvalid, "confirmed_at", "the confirmation is dated in the future")
	case c.ConfirmedAt.Before(c.PaymentPageAt):
		// The second step confirms the first: before it, it confirmed
		// nothing.
		return tact.FieldError(tact.CodeInvalid, "confirmed_at", "the confirmation comes after the payment page, not before")
	case c.ConfirmedBy == "":
		return tact.FieldError(tact.CodeRequired, "confirmed_by", "sms or email: how the customer confirmed")
	case c.ConfirmedBy != tact.ChannelSMS && c.ConfirmedBy != tact.ChannelEmail:
		return tact.FieldError(tact.CodeInvalid, "confirmed_by", "%q: a consent is confirmed by sms or email", c.ConfirmedBy)
	case c.WithdrawnAt != nil:
		return tact.FieldError(tact.CodeInvalid, "withdrawn_at", "a consent is recorded standing, then withdrawn")
	}
	return nil
}

// refChars reports whether a reference holds only characters that travel
// unescaped in a URL path and a CSV field, and starts with a letter or digit
// (a path segment "." or ".." would be taken for a directory).
func refChars(s string) bool {
	for i, r := range s {
		if i == 0 && (r == '.' || r == '_' || r == ':' || r == '-') {
			return false
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == ':', r == '-':
		default:
			return false
		}
	}
	return true
}
