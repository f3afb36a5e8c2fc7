// Package catalog owns the operator's catalogue: the plans lines are on and the
// devices it sells. Offers built on it come with their own rules (issue 5); this
// package gives them the words: tiers, allowances, prices per jurisdiction.
package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// Allowance is a monthly quantity a plan includes: a number, or unlimited.
// It is written in JSON as a number or the string "unlimited".
type Allowance struct {
	Unlimited bool
	Amount    int64
}

// Unlimited is the allowance with no cap.
var Unlimited = Allowance{Unlimited: true}

// Covers reports whether the allowance includes a use of n.
func (a Allowance) Covers(n int64) bool { return a.Unlimited || n <= a.Amount }

// MarshalJSON writes a number or "unlimited".
func (a Allowance) MarshalJSON() ([]byte, error) {
	if a.Unlimited {
		return []byte(`"unlimited"`), nil
	}
	return json.Marshal(a.Amount)
}

// UnmarshalJSON reads a non-negative number or "unlimited".
func (a *Allowance) UnmarshalJSON(b []byte) error {
	if string(b) == `"unlimited"` {
		*a = Unlimited
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil || n < 0 {
		return fmt.Errorf(`an allowance is a non-negative number or "unlimited"`)
	}
	*a = Allowance{Amount: n}
	return nil
}

// Plan is a mobile or fixed plan on sale, or once on sale, in a jurisdiction.
type Plan struct {
	// Code is the operator's stable reference, e.g. "FR-MOBILE-100G".
	Code         string            `json:"code"`
	Name         tact.Text         `json:"name"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// MonthlyPrice is the price of the plan per month, in the jurisdiction's currency.
	MonthlyPrice tact.Money `json:"monthly_price"`
	DataMB       Allowance  `json:"data_mb"`
	VoiceMinutes Allowance  `json:"voice_minutes"`
	SMS          Allowance  `json:"sms"`
	// Tariff is what the plan charges beyond its monthly price.
	Tariff Tariff `json:"tariff"`
	// Tier ranks plans of a jurisdiction from 1 (basic) upward; an upgrade goes
	// to a higher tier.
	Tier int `json:"tier"`
	// Active plans are on sale; inactive ones still exist for the lines on them.
	Active bool `json:"active"`
}

// Tariff is what a plan charges for use beyond its allowances, in the plan's
// currency. A zero price means the use is not charged (or not allowed: the
// plan's allowance is then the cap).
type Tariff struct {
	// DataPerGB is charged per started gigabyte (1,000 MB) beyond DataMB.
	DataPerGB tact.Money `json:"data_per_gb"`
	// VoicePerMinute is charged per minute beyond VoiceMinutes.
	VoicePerMinute tact.Money `json:"voice_per_minute"`
	// SMSEach is charged per SMS beyond SMS.
	SMSEach tact.Money `json:"sms_each"`
	// RoamingDataMB is the data included abroad (EU roam-like-at-home, or a
	// Canadian plan's travel allowance); RoamingPerGB is charged per started
	// gigabyte beyond it.
	RoamingDataMB Allowance  `json:"roaming_data_mb"`
	RoamingPerGB  tact.Money `json:"roaming_per_gb"`
}

// tariffPrice is one of a tariff's prices with its field name.
type tariffPrice struct {
	name  string
	price tact.Money
}

// prices returns the tariff's prices with their field names, in a fixed
// order so that a plan with several wrong prices always names the same one.
func (t Tariff) prices() []tariffPrice {
	return []tariffPrice{{"data_per_gb", t.DataPerGB}, {"voice_per_minute", t.VoicePerMinute},
		{"sms_each", t.SMSEach}, {"roaming_per_gb", t.RoamingPerGB}}
}

// Normalize gives the tariff's prices written without a currency the plan's,
// as the stores read them back: a client that sends no tariff means zero
// prices in the plan's currency. A price in another currency is left for
// Validate to refuse.
func (p *Plan) Normalize() {
	for _, m := range []*tact.Money{&p.Tariff.DataPerGB, &p.Tariff.VoicePerMinute, &p.Tariff.SMSEach, &p.Tariff.RoamingPerGB} {
		if m.Currency == "" {
			m.Currency = p.Jurisdiction.Currency()
		}
	}
}

// Validate checks a plan.
func (p *Plan) Validate() error {
	if err := validateCode(p.Code); err != nil {
		return err
	}
	// A zero price may leave its currency out (a plan written before tariffs
	// existed, or by a client that sends none), but a price never names another
	// currency than the plan's: the stores keep one currency per plan and would
	// read it back in the plan's.
	for _, tp := range p.Tariff.prices() {
		m, unstated := tp.price, tp.price.Cents == 0 && tp.price.Currency == ""
		if m.Cents < 0 || (m.Currency != p.Jurisdiction.Currency() && !unstated) {
			return tact.FieldError(tact.CodeInvalid, "tariff."+tp.name, "a price in %s, not negative", p.Jurisdiction.Currency())
		}
	}
	switch {
	case strings.TrimSpace(p.Name.FR) == "" || strings.TrimSpace(p.Name.EN) == "":
		return tact.FieldError(tact.CodeRequired, "name", "a plan is named in French and English")
	case !p.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", p.Jurisdiction)
	case p.MonthlyPrice.Currency != p.Jurisdiction.Currency():
		return tact.FieldError(tact.CodeInvalid, "monthly_price.currency", "plans in %s are priced in %s", p.Jurisdiction, p.Jurisdiction.Currency())
	case p.MonthlyPrice.Cents < 0:
		return tact.FieldError(tact.CodeInvalid, "monthly_price.cents", "a price cannot be negative")
	case p.Tier < 1 || p.Tier > 100:
		return tact.FieldError(tact.CodeInvalid, "tier", "tier is a rank from 1 (basic) to 100")
	}
	return nil
}

// Device is a handset model in the catalogue.
type Device struct {
	Code         string            `json:"code"`
	Brand        string            `json:"brand"`
	Model        string            `json:"model"`
	OS           tact.OS           `json:"os"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	Price        tact.Money        `json:"price"`
	Active       bool              `json:"active"`
}

// Validate checks a catalogue device.
func (d *Device) Validate() error {
	if err := validateCode(d.Code); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(d.Brand) == "" || strings.TrimSpace(d.Model) == "":
		return tact.FieldError(tact.CodeRequired, "model", "a device has a brand and a model")
	case !d.OS.Valid():
		return tact.FieldError(tact.CodeInvalid, "os", "os %q is not ios, android or other", d.OS)
	case !d.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", d.Jurisdiction)
	case d.Price.Currency != d.Jurisdiction.Currency() || d.Price.Cents < 0:
		return tact.FieldError(tact.CodeInvalid, "price", "a price in %s, not negative", d.Jurisdiction.Currency())
	}
	return nil
}

// Option is an add-on a line may carry, for a monthly price (a roaming pass,
// an extra data pack, insurance).
type Option struct {
	// Code is the operator's stable reference, e.g. "monde-voyage".
	Code         string            `json:"code"`
	Name         tact.Text         `json:"name"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// MonthlyPrice is in the jurisdiction's currency; 0 for a free option
	// (a barring, a service included but chosen by the customer).
	MonthlyPrice tact.Money `json:"monthly_price"`
	// DataMB and RoamingDataMB are what the option adds to the plan's
	// allowances each month (0 for none).
	DataMB        int64 `json:"data_mb"`
	RoamingDataMB int64 `json:"roaming_data_mb"`
	// Active options are on sale; inactive ones still exist for the lines
	// that carry them.
	Active bool `json:"active"`
}

// Validate checks an option.
func (o *Option) Validate() error {
	if err := validateCode(o.Code); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(o.Name.FR) == "" || strings.TrimSpace(o.Name.EN) == "":
		return tact.FieldError(tact.CodeRequired, "name", "an option is named in French and English")
	case !o.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", o.Jurisdiction)
	case o.MonthlyPrice.Currency != o.Jurisdiction.Currency() || o.MonthlyPrice.Cents < 0:
		return tact.FieldError(tact.CodeInvalid, "monthly_price", "a price in %s, not negative", o.Jurisdiction.Currency())
	case o.DataMB < 0 || o.RoamingDataMB < 0:
		return tact.FieldError(tact.CodeInvalid, "data_mb", "an option adds data, it does not remove any")
	}
	return nil
}

func validateCode(code string) error {
	if code == "" {
		return tact.FieldError(tact.CodeRequired, "code", "a catalogue entry has a code")
	}
	if utf8.RuneCountInString(code) > 64 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != "" {
		return tact.FieldError(tact.CodeInvalid, "code", "a code is up to 64 letters, digits, '-', '_' or '.'")
	}
	return nil
}

// Filter selects catalogue entries; zero values match all.
type Filter struct {
	Jurisdiction tact.Jurisdiction
	ActiveOnly   bool
}

// Store keeps the catalogue. Errors: not_found for a missing code; anything
// else is internal. Puts create or replace by code. A plan's tariff is kept in
// the plan's currency: its prices read back in it, a zero price written
// without a currency included.
type Store interface {
	// PutPlan creates or replaces a plan.
	PutPlan(ctx context.Context, p *Plan) error
	// FindPlanByCode returns one plan.
	FindPlanByCode(ctx context.Context, code string) (*Plan, error)
	// FindPlans returns plans by jurisdiction then tier then code.
	FindPlans(ctx context.Context, f Filter) ([]*Plan, error)
	// PutDevice creates or replaces a catalogue device.
	PutDevice(ctx context.Context, d *Device) error
	// FindDeviceByCode returns one catalogue device.
	FindDeviceByCode(ctx context.Context, code string) (*Device, error)
	// FindDevices returns devices by jurisdiction then brand then model.
	FindDevices(ctx context.Context, f Filter) ([]*Device, error)
	// PutOption creates or replaces an option.
	PutOption(ctx context.Context, o *Option) error
	// FindOptions returns options by jurisdiction then code.
	FindOptions(ctx context.Context, f Filter) ([]*Option, error)
}
