package customer

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// LineStatus is the state of a subscription.
type LineStatus string

// Line statuses.
const (
	LineActive    LineStatus = "active"
	LineSuspended LineStatus = "suspended"
	LineEnded     LineStatus = "ended"
)

// Valid reports whether s is a known line status.
func (s LineStatus) Valid() bool { return s == LineActive || s == LineSuspended || s == LineEnded }

// Line is a subscription: a number on a plan, with options.
type Line struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// Number is the line's number in E.164.
	Number   string   `json:"number"`
	PlanCode string   `json:"plan_code"`
	Options  []string `json:"options"`
	// StartedOn is the first day of service.
	StartedOn tact.Date `json:"started_on"`
	// CommitmentEndsOn is the last day of the minimum term; zero when none.
	CommitmentEndsOn tact.Date  `json:"commitment_ends_on"`
	Status           LineStatus `json:"status"`
	// EndedOn is the last day of service of an ended line.
	EndedOn   tact.Date `json:"ended_on"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// LineUpdate is a partial update of a line; it also creates one when applied to
// an empty line.
type LineUpdate struct {
	Number           tact.Optional[string]     `json:"number"`
	PlanCode         tact.Optional[string]     `json:"plan_code"`
	Options          tact.Optional[[]string]   `json:"options"`
	StartedOn        tact.Optional[tact.Date]  `json:"started_on"`
	CommitmentEndsOn tact.Optional[tact.Date]  `json:"commitment_ends_on"`
	Status           tact.Optional[LineStatus] `json:"status"`
	EndedOn          tact.Optional[tact.Date]  `json:"ended_on"`
}

// Apply writes the update into l and returns the names of the fields it changed.
func (u LineUpdate) Apply(l *Line) []string {
	var changed []string
	if u.Number.Set && u.Number.Value != l.Number {
		l.Number = u.Number.Value
		changed = append(changed, "number")
	}
	if u.PlanCode.Set && u.PlanCode.Value != l.PlanCode {
		l.PlanCode = u.PlanCode.Value
		changed = append(changed, "plan_code")
	}
	if u.Options.Set && strings.Join(u.Options.Value, ",") != strings.Join(l.Options, ",") {
		l.Options = u.Options.Value
		changed = append(changed, "options")
	}
	if u.StartedOn.Set && u.StartedOn.Value != l.StartedOn {
		l.StartedOn = u.StartedOn.Value
		changed = append(changed, "started_on")
	}
	if u.CommitmentEndsOn.Set && u.CommitmentEndsOn.Value != l.CommitmentEndsOn {
		l.CommitmentEndsOn = u.CommitmentEndsOn.Value
		changed = append(changed, "commitment_ends_on")
	}
	if u.Status.Set && u.Status.Value != l.Status {
		l.Status = u.Status.Value
		changed = append(changed, "status")
	}
	if u.EndedOn.Set && u.EndedOn.Value != l.EndedOn {
		l.EndedOn = u.EndedOn.Value
		changed = append(changed, "ended_on")
	}
	return changed
}

// Normalize writes the number in E.164 using the jurisdiction's numbering plan
// and tidies the option codes.
func (l *Line) Normalize(j tact.Jurisdiction) error {
	if strings.TrimSpace(l.Number) == "" {
		return tact.FieldError(tact.CodeRequired, "number", "a line needs its number")
	}
	n, _, err := NormalizePhone(l.Number, j.PhoneRegion())
	if err != nil {
		return tact.Prefix("number", err)
	}
	l.Number = n
	l.PlanCode = strings.TrimSpace(l.PlanCode)
	opts := l.Options[:0:0]
	for _, o := range l.Options {
		if o = strings.TrimSpace(o); o != "" {
			opts = append(opts, o)
		}
	}
	l.Options = opts
	return nil
}

// Validate checks a normalized line.
func (l *Line) Validate() error {
	switch {
	case !IsE164(l.Number):
		return tact.FieldError(tact.CodeInvalidPhone, "number", "%q is not in E.164 form", l.Number)
	case l.PlanCode == "":
		return tact.FieldError(tact.CodeRequired, "plan_code", "a line is on a plan")
	case len(l.Options) > 20:
		return tact.FieldError(tact.CodeInvalid, "options", "at most 20 options")
	case l.StartedOn.IsZero():
		return tact.FieldError(tact.CodeRequired, "started_on", "a line needs its start date")
	case !l.Status.Valid():
		return tact.FieldError(tact.CodeInvalid, "status", "status %q is not active, suspended or ended", l.Status)
	case !l.CommitmentEndsOn.IsZero() && l.CommitmentEndsOn.Before(l.StartedOn):
		return tact.FieldError(tact.CodeInvalid, "commitment_ends_on", "the commitment cannot end before the line starts")
	case l.Status == LineEnded && l.EndedOn.IsZero():
		return tact.FieldError(tact.CodeRequired, "ended_on", "an ended line needs its end date")
	case !l.EndedOn.IsZero() && l.EndedOn.Before(l.StartedOn):
		return tact.FieldError(tact.CodeInvalid, "ended_on", "a line cannot end before it starts")
	}
	for i, o := range l.Options {
		if utf8.RuneCountInString(o) > 64 {
			return tact.FieldError(tact.CodeTooLong, indexed("options", i), "at most 64 characters")
		}
	}
	return nil
}

// Device is a handset or box the customer owns or rents.
type Device struct {
	ID         string `json:"id"`
	CustomerID string `json:"customer_id"`
	// LineID is the line the device is used with, when known.
	LineID string  `json:"line_id,omitempty"`
	Brand  string  `json:"brand"`
	Model  string  `json:"model"`
	OS     tact.OS `json:"os"`
	// CatalogCode is the catalogue device this is, when it was sold by the operator.
	CatalogCode string    `json:"catalog_code,omitempty"`
	AcquiredOn  tact.Date `json:"acquired_on"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a device.
func (d *Device) Validate() error {
	d.Brand = strings.TrimSpace(d.Brand)
	d.Model = strings.TrimSpace(d.Model)
	switch {
	case d.Brand == "":
		return tact.FieldError(tact.CodeRequired, "brand", "a device has a brand")
	case d.Model == "":
		return tact.FieldError(tact.CodeRequired, "model", "a device has a model")
	case utf8.RuneCountInString(d.Brand) > 60 || utf8.RuneCountInString(d.Model) > 100:
		return tact.FieldError(tact.CodeTooLong, "model", "brand at most 60, model at most 100 characters")
	case !d.OS.Valid():
		return tact.FieldError(tact.CodeInvalid, "os", "os %q is not ios, android or other", d.OS)
	}
	return nil
}

// Usage is what a line consumed in a calendar month.
type Usage struct {
	LineID       string     `json:"line_id"`
	CustomerID   string     `json:"customer_id"`
	Month        tact.Month `json:"month"`
	DataMB       int64      `json:"data_mb"`
	VoiceMinutes int64      `json:"voice_minutes"`
	SMS          int64      `json:"sms"`
	// RoamingDataMB and RoamingSpend are outside the home network.
	RoamingDataMB int64      `json:"roaming_data_mb"`
	RoamingSpend  tact.Money `json:"roaming_spend"`
	// ThirdPartySpend is what partners billed through the operator (story 1).
	ThirdPartySpend tact.Money `json:"third_party_spend"`
}

// Validate checks a usage record against the currency of the customer's jurisdiction.
func (u *Usage) Validate(currency tact.Currency) error {
	if _, err := tact.ParseMonth(string(u.Month)); err != nil {
		return tact.FieldError(tact.CodeInvalid, "month", "%v", err)
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"data_mb", u.DataMB}, {"voice_minutes", u.VoiceMinutes}, {"sms", u.SMS}, {"roaming_data_mb", u.RoamingDataMB},
		{"roaming_spend.cents", u.RoamingSpend.Cents}, {"third_party_spend.cents", u.ThirdPartySpend.Cents}} {
		if f.v < 0 {
			return tact.FieldError(tact.CodeInvalid, f.name, "usage cannot be negative")
		}
	}
	if u.RoamingSpend.Currency != currency {
		return tact.FieldError(tact.CodeInvalid, "roaming_spend.currency", "the customer is billed in %s", currency)
	}
	if u.ThirdPartySpend.Currency != currency {
		return tact.FieldError(tact.CodeInvalid, "third_party_spend.currency", "the customer is billed in %s", currency)
	}
	return nil
}
