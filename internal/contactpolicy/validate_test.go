package contactpolicy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

var (
	vMon = tact.Weekday(time.Monday)
	vSat = tact.Weekday(time.Saturday)
	vSun = tact.Weekday(time.Sunday)
)

func vWin(t *testing.T, from, to string) customer.Window {
	t.Helper()
	f, err := tact.ParseTimeOfDay(from)
	if err != nil {
		t.Fatal(err)
	}
	e, err := tact.ParseTimeOfDay(to)
	if err != nil {
		t.Fatal(err)
	}
	return customer.Window{From: f, To: e}
}

func TestValidate(t *testing.T) {
	fr := func(edit func(*contactpolicy.Rules)) func(*contactpolicy.Policy) {
		return func(p *contactpolicy.Policy) {
			r := p.Jurisdictions[tact.FR]
			edit(&r)
			p.Jurisdictions[tact.FR] = r
		}
	}
	ca := func(edit func(*contactpolicy.Rules)) func(*contactpolicy.Policy) {
		return func(p *contactpolicy.Policy) {
			r := p.Jurisdictions[tact.CAQC]
			edit(&r)
			p.Jurisdictions[tact.CAQC] = r
		}
	}
	hours := func(d tact.Weekday, ws ...customer.Window) func(*contactpolicy.Rules) {
		return func(r *contactpolicy.Rules) {
			w := contactpolicy.Week{}
			for k, v := range r.SalesCallHours {
				w[k] = v
			}
			w[d] = ws
			r.SalesCallHours = w
		}
	}
	tests := []struct {
		name  string
		edit  func(*contactpolicy.Policy)
		field string // "" means valid
		want  string // in the message
	}{
		{"default", func(*contactpolicy.Policy) {}, "", ""},
		{"caller ids", func(p *contactpolicy.Policy) {
			p.CallerIDs = []string{"+33 1 76 00 00 00", "0176000000", "+1 514 555 0100"}
		}, "", ""},
		{"caller id with letters", func(p *contactpolicy.Policy) { p.CallerIDs = []string{"+33 1 76 00 00 00", "+33 1 AB"} }, "caller_ids[1]", "not a number"},
		{"caller id with dashes", func(p *contactpolicy.Policy) { p.CallerIDs = []string{"514-555-0100"} }, "caller_ids[0]", "not a number"},
		{"caller id plus inside", func(p *contactpolicy.Policy) { p.CallerIDs = []string{"33+1760000"} }, "caller_ids[0]", "not a number"},
		{"caller id too short", func(p *contactpolicy.Policy) { p.CallerIDs = []string{"+"} }, "caller_ids[0]", "4 to 15 digits"},
		{"caller id empty", func(p *contactpolicy.Policy) { p.CallerIDs = []string{""} }, "caller_ids[0]", "4 to 15 digits"},
		{"FR missing", func(p *contactpolicy.Policy) { delete(p.Jurisdictions, tact.FR) }, "jurisdictions.FR", "missing"},
		{"CA-QC missing", func(p *contactpolicy.Policy) { delete(p.Jurisdictions, tact.CAQC) }, "jurisdictions.CA-QC", "missing"},
		{"no jurisdictions", func(p *contactpolicy.Policy) { p.Jurisdictions = nil }, "jurisdictions.FR", "missing"},
		{"unknown jurisdiction", func(p *contactpolicy.Policy) { p.Jurisdictions["BE"] = contactpolicy.Rules{} }, "jurisdictions.BE", "not a jurisdiction"},

		// Windows.
		{"stricter hours", fr(hours(vMon, vWin(t, "10:30", "12:00"), vWin(t, "14:00", "19:00"))), "", ""},
		{"day closed", fr(hours(vMon)), "", ""},
		{"window to 24:00 in CA-QC rejected by law", ca(hours(vMon, vWin(t, "21:00", "24:00"))), "jurisdictions.CA-QC.sales_call_hours.mon[0]", "CRTC"},
		{"window empty", fr(hours(vMon, vWin(t, "11:00", "11:00"))), "jurisdictions.FR.sales_call_hours.mon[0]", "wrap midnight"},
		{"window wraps midnight", ca(hours(vMon, vWin(t, "21:00", "09:00"))), "jurisdictions.CA-QC.sales_call_hours.mon[0]", "wrap midnight"},
		{"windows overlap", fr(hours(vMon, vWin(t, "10:00", "12:00"), vWin(t, "11:00", "13:00"))), "jurisdictions.FR.sales_call_hours.mon[1]", "overlap"},
		{"windows out of order", fr(hours(vMon, vWin(t, "14:00", "20:00"), vWin(t, "10:00", "13:00"))), "jurisdictions.FR.sales_call_hours.mon[1]", "in order"},
		{"windows touch", ca(hours(vMon, vWin(t, "09:00", "12:00"), vWin(t, "12:00", "21:30"))), "", ""},
		{"window past 24:00", fr(hours(vMon, customer.Window{From: 600, To: 1500})), "jurisdictions.FR.sales_call_hours.mon[0]", "00:00 to 24:00"},
		{"not a weekday", fr(hours(tact.Weekday(9), vWin(t, "10:00", "11:00"))), "jurisdictions.FR.sales_call_hours", "not a day of the week"},

		// FR law: décret 2022-1313.
		{"FR 09:59 start", fr(hours(vMon, vWin(t, "09:59", "13:00"))), "jurisdictions.FR.sales_call_hours.mon[0]", "décret n° 2022-1313"},
		{"FR through lunch", fr(hours(vMon, vWin(t, "10:00", "20:00"))), "jurisdictions.FR.sales_call_hours.mon[0]", "Monday–Friday 10:00–13:00 and 14:00–20:00"},
		{"FR until 20:01", fr(hours(vMon, vWin(t, "14:00", "20:01"))), "jurisdictions.FR.sales_call_hours.mon[0]", "décret n° 2022-1313"},
		{"FR Saturday", fr(hours(vSat, vWin(t, "10:00", "12:00"))), "jurisdictions.FR.sales_call_hours.sat[0]", "sales calls on Saturday 10:00–12:00"},
		{"FR no hours", fr(func(r *contactpolicy.Rules) { r.SalesCallHours = nil }), "jurisdictions.FR.sales_call_hours", "at any hour"},
		{"FR holidays", fr(func(r *contactpolicy.Rules) { r.SalesCallsOnHolidays = true }), "jurisdictions.FR.sales_calls_on_holidays", "décret n° 2022-1313"},
		{"FR 3 calls", fr(func(r *contactpolicy.Rules) { r.MaxSalesCalls = 3 }), "", ""},
		{"FR 5 calls", fr(func(r *contactpolicy.Rules) { r.MaxSalesCalls = 5 }), "jurisdictions.FR.max_sales_calls", "at most 4 sales calls in 30 days"},
		{"FR no cap", fr(func(r *contactpolicy.Rules) { r.MaxSalesCalls = 0 }), "jurisdictions.FR.max_sales_calls", "no cap"},
		{"FR 29-day window", fr(func(r *contactpolicy.Rules) { r.SalesCallWindow = 29 }), "jurisdictions.FR.sales_call_window_days", "over 30 days"},
		{"FR 60-day window", fr(func(r *contactpolicy.Rules) { r.SalesCallWindow = 60 }), "", ""},
		{"FR cap without window", fr(func(r *contactpolicy.Rules) { r.SalesCallWindow = 0 }), "jurisdictions.FR.sales_call_window_days", "needs the number of days"},
		{"FR refusal 59", fr(func(r *contactpolicy.Rules) { r.RefusalCooldown = 59 }), "jurisdictions.FR.refusal_cooldown_days", "60 days after a refusal"},
		{"FR refusal 90", fr(func(r *contactpolicy.Rules) { r.RefusalCooldown = 90 }), "", ""},
		{"FR do-not-call expires", fr(func(r *contactpolicy.Rules) { r.DoNotCallKept = 3650 }), "jurisdictions.FR.do_not_call_kept_days", "for ever"},
		{"FR opposition 31", fr(func(r *contactpolicy.Rules) { r.OppositionMaxAge = 31 }), "jurisdictions.FR.opposition_max_age_days", "Bloctel"},
		{"FR opposition off", fr(func(r *contactpolicy.Rules) { r.OppositionMaxAge = 0 }), "jurisdictions.FR.opposition_max_age_days", "at most 30 days old"},
		{"FR opposition 15", fr(func(r *contactpolicy.Rules) { r.OppositionMaxAge = 15 }), "", ""},
		{"FR consent later", fr(func(r *contactpolicy.Rules) {
			r.ProvableConsentFrom = tact.Date{Year: 2026, Month: time.August, Day: 12}
		}), "jurisdictions.FR.provable_consent_from", "2025-594"},
		{"FR consent never", fr(func(r *contactpolicy.Rules) { r.ProvableConsentFrom = tact.Date{} }), "jurisdictions.FR.provable_consent_from", "never"},
		{"FR consent sooner", fr(func(r *contactpolicy.Rules) {
			r.ProvableConsentFrom = tact.Date{Year: 2026, Month: time.January, Day: 1}
		}), "", ""},
		{"FR survey cooldown is the operator's", fr(func(r *contactpolicy.Rules) { r.SurveyCooldown = 0 }), "", ""},
		{"negative survey cooldown", fr(func(r *contactpolicy.Rules) { r.SurveyCooldown = -1 }), "jurisdictions.FR.survey_cooldown_days", "negative"},
		{"negative cap", ca(func(r *contactpolicy.Rules) { r.MaxSalesCalls = -1 }), "jurisdictions.CA-QC.max_sales_calls", "negative"},
		{"days past a century", fr(func(r *contactpolicy.Rules) { r.RefusalCooldown = contactpolicy.MaxDays + 1 }), "jurisdictions.FR.refusal_cooldown_days", "at most 36525"},

		// CA law: CRTC Unsolicited Telecommunications Rules.
		{"CA 21:30 end", ca(hours(vMon, vWin(t, "09:00", "21:30"))), "", ""},
		{"CA 21:31 end", ca(hours(vMon, vWin(t, "09:00", "21:31"))), "jurisdictions.CA-QC.sales_call_hours.mon[0]", "CRTC Unsolicited Telecommunications Rules, Part III"},
		{"CA 08:59 start", ca(hours(vMon, vWin(t, "08:59", "12:00"))), "jurisdictions.CA-QC.sales_call_hours.mon[0]", "Monday–Friday 09:00–21:30; Saturday–Sunday 10:00–18:00"},
		{"CA Sunday 18:01", ca(hours(vSun, vWin(t, "10:00", "18:01"))), "jurisdictions.CA-QC.sales_call_hours.sun[0]", "CRTC"},
		{"CA Saturday stricter", ca(hours(vSat, vWin(t, "11:00", "17:00"))), "", ""},
		{"CA holidays are the operator's", ca(func(r *contactpolicy.Rules) { r.SalesCallsOnHolidays = false }), "", ""},
		{"CA cap is the operator's", ca(func(r *contactpolicy.Rules) { r.MaxSalesCalls, r.SalesCallWindow = 10, 7 }), "", ""},
		{"CA do-not-call 2 years", ca(func(r *contactpolicy.Rules) { r.DoNotCallKept = 730 }), "jurisdictions.CA-QC.do_not_call_kept_days", "honoured 3 years"},
		{"CA do-not-call for ever", ca(func(r *contactpolicy.Rules) { r.DoNotCallKept = 0 }), "", ""},
		{"CA DNCL 32 days", ca(func(r *contactpolicy.Rules) { r.OppositionMaxAge = 32 }), "jurisdictions.CA-QC.opposition_max_age_days", "DNCL"},
		{"CA provable consent is the operator's", ca(func(r *contactpolicy.Rules) { r.ProvableConsentFrom = tact.Date{Year: 2027, Month: 1, Day: 1} }), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := contactpolicy.Default()
			tt.edit(&p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if got := tact.ErrorField(err); got != tt.field {
				t.Errorf("field %q, want %q (%v)", got, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestValidateReportsEveryFault(t *testing.T) {
	p := contactpolicy.Default()
	r := p.Jurisdictions[tact.FR]
	r.MaxSalesCalls, r.RefusalCooldown = 10, 30
	p.Jurisdictions[tact.FR] = r
	p.CallerIDs = []string{"x"}
	err := p.Validate()
	for _, field := range []string{"caller_ids[0]", "jurisdictions.FR.max_sales_calls", "jurisdictions.FR.refusal_cooldown_days"} {
		if err == nil || !strings.Contains(err.Error(), "("+field+")") {
			t.Errorf("%s not reported: %v", field, err)
		}
	}
}

func TestWeekDescribe(t *testing.T) {
	law := contactpolicy.Default()
	tests := []struct {
		w    contactpolicy.Week
		lang tact.Language
		want string
	}{
		{law.Jurisdictions[tact.FR].SalesCallHours, tact.LangEN, "Monday–Friday 10:00–13:00 and 14:00–20:00"},
		{law.Jurisdictions[tact.FR].SalesCallHours, tact.LangFrFR, "lundi–vendredi 10 h–13 h et 14 h–20 h"},
		{law.Jurisdictions[tact.CAQC].SalesCallHours, tact.LangEN, "Monday–Friday 09:00–21:30; Saturday–Sunday 10:00–18:00"},
		{law.Jurisdictions[tact.CAQC].SalesCallHours, tact.LangFrCA, "lundi–vendredi 9 h–21 h 30 ; samedi–dimanche 10 h–18 h"},
		{contactpolicy.Week{vSun: {{From: 600, To: 660}}, vMon: {{From: 600, To: 660}}}, tact.LangEN, "Monday 10:00–11:00; Sunday 10:00–11:00"},
		{contactpolicy.Week{vMon: {}}, tact.LangEN, "never"},
	}
	for _, tt := range tests {
		if got := tt.w.Describe(tt.lang); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, got, tt.want)
		}
	}
}
