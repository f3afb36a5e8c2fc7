package tact

import "fmt"

// Currency is an ISO 4217 code among those tact's jurisdictions bill in.
type Currency string

// Currencies tact handles.
const (
	EUR Currency = "EUR"
	CAD Currency = "CAD"
)

// Valid reports whether c is a currency tact handles.
func (c Currency) Valid() bool { return c == EUR || c == CAD }

// Money is an amount in integer minor units (cents) of a currency. Amounts are
// never floats: a bill that does not add up to the cent is a bug.
type Money struct {
	Cents    int64    `json:"cents"`
	Currency Currency `json:"currency"`
}

// Validate checks the currency; a negative amount is allowed (credits).
func (m Money) Validate() error {
	if !m.Currency.Valid() {
		return FieldError(CodeInvalid, "currency", "currency %q is not EUR or CAD", m.Currency)
	}
	return nil
}

// String formats the amount for logs, e.g. "12.50 EUR". Customer-facing text
// is formatted per locale elsewhere.
func (m Money) String() string {
	sign := ""
	c := m.Cents
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d %s", sign, c/100, c%100, m.Currency)
}
