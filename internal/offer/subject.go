package offer

import (
	"math"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// UsageMonths is how many months of usage an offer is judged and costed on.
const UsageMonths = 6

// Subject is a customer and the line an offer is assessed for, with what the
// catalogue says of that line.
type Subject struct {
	Customer *customer.Customer
	Line     *customer.Line
	// Plan is the line's plan; Options the catalogue options the line carries.
	Plan    *catalog.Plan
	Options []*catalog.Option
	// Device is the handset used with the line (or the customer's latest);
	// nil when unknown.
	Device *customer.Device
	// Usage is the line's usage of the last UsageMonths months, newest first.
	Usage []*customer.Usage
}

// Catalog is what an assessment reads of the catalogue, by code.
type Catalog struct {
	Plans   map[string]*catalog.Plan
	Devices map[string]*catalog.Device
	Options map[string]*catalog.Option
}

// Env is what an eligibility expression sees, by the names in the tags. An
// unlimited allowance reads -1.
type Env struct {
	Jurisdiction string `expr:"jurisdiction"`
	Status       string `expr:"status"`
	Language     string `expr:"language"`
	// TenureMonths counts whole months since the customer joined.
	TenureMonths int `expr:"tenure_months"`
	Plan         struct {
		Code         string  `expr:"code"`
		Tier         int     `expr:"tier"`
		MonthlyPrice float64 `expr:"monthly_price"`
		DataMB       int64   `expr:"data_mb"`
	} `expr:"plan"`
	// Options are the codes of the line's options.
	Options []string `expr:"options"`
	// Platform is the device's OS (ios, android, other), "" when unknown.
	Platform        string `expr:"platform"`
	DeviceBrand     string `expr:"device_brand"`
	DeviceAgeMonths int    `expr:"device_age_months"`
	// CommitmentEndsInDays is -1 when the line has no commitment, else the
	// days left (0 on the last day, negative never).
	CommitmentEndsInDays int `expr:"commitment_ends_in_days"`
	Usage                struct {
		Months           int     `expr:"months"`
		AvgDataMB        float64 `expr:"avg_data_mb"`
		MaxDataMB        int64   `expr:"max_data_mb"`
		AvgVoiceMinutes  float64 `expr:"avg_voice_minutes"`
		MaxVoiceMinutes  int64   `expr:"max_voice_minutes"`
		MaxSMS           int64   `expr:"max_sms"`
		AvgRoamingDataMB float64 `expr:"avg_roaming_data_mb"`
	} `expr:"usage"`
}

// EnvOf is the expression environment of s on day today.
func EnvOf(s Subject, today tact.Date) Env {
	var e Env
	c := s.Customer
	e.Jurisdiction, e.Status, e.Language = string(c.Jurisdiction), string(c.Status), string(c.Language)
	if !c.CustomerSince.IsZero() {
		e.TenureMonths = monthsBetween(c.CustomerSince, today)
	}
	if p := s.Plan; p != nil {
		e.Plan.Code, e.Plan.Tier, e.Plan.MonthlyPrice = p.Code, p.Tier, float64(p.MonthlyPrice.Cents)/100
		e.Plan.DataMB = amount(p.DataMB)
	}
	for _, o := range s.Options {
		e.Options = append(e.Options, o.Code)
	}
	if d := s.Device; d != nil {
		e.Platform, e.DeviceBrand = string(d.OS), d.Brand
		if !d.AcquiredOn.IsZero() {
			e.DeviceAgeMonths = monthsBetween(d.AcquiredOn, today)
		}
	}
	e.CommitmentEndsInDays = -1
	if s.Line != nil && !s.Line.CommitmentEndsOn.IsZero() && !s.Line.CommitmentEndsOn.Before(today) {
		e.CommitmentEndsInDays = daysBetween(today, s.Line.CommitmentEndsOn)
	}
	u := &e.Usage
	u.Months = len(s.Usage)
	for _, m := range s.Usage {
		u.AvgDataMB += float64(m.DataMB)
		u.AvgVoiceMinutes += float64(m.VoiceMinutes)
		u.AvgRoamingDataMB += float64(m.RoamingDataMB)
		u.MaxDataMB, u.MaxVoiceMinutes, u.MaxSMS = max(u.MaxDataMB, m.DataMB), max(u.MaxVoiceMinutes, m.VoiceMinutes), max(u.MaxSMS, m.SMS)
	}
	if n := float64(len(s.Usage)); n > 0 {
		u.AvgDataMB, u.AvgVoiceMinutes, u.AvgRoamingDataMB = u.AvgDataMB/n, u.AvgVoiceMinutes/n, u.AvgRoamingDataMB/n
	}
	return e
}

// amount is an allowance as an expression reads it: -1 for unlimited.
func amount(a catalog.Allowance) int64 {
	if a.Unlimited {
		return -1
	}
	return a.Amount
}

// monthsBetween counts the whole months from a to b (0 when b is before a).
func monthsBetween(a, b tact.Date) int {
	ta, tb := a.In(time.UTC), b.In(time.UTC)
	n := (tb.Year()-ta.Year())*12 + int(tb.Month()-ta.Month())
	if tb.Day() < ta.Day() {
		n--
	}
	return max(n, 0)
}

// daysBetween counts the days from a to b.
func daysBetween(a, b tact.Date) int {
	return int(math.Round(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24))
}
