package config_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

func TestFormatPolicyRoundTrip(t *testing.T) {
	stricter := contactpolicy.Default()
	stricter.CallerIDs = []string{"+33 1 76 00 00 00", "+1 514 555 0100"}
	fr := stricter.Jurisdictions[tact.FR]
	fr.SalesCallHours = contactpolicy.Week{tact.Weekday(time.Monday): {{From: 10 * 60, To: 12 * 60}}, tact.Weekday(time.Tuesday): {}}
	fr.MaxSalesCalls, fr.SurveyCooldown, fr.ProvableConsentFrom = 2, 180, tact.Date{Year: 2026, Month: time.June, Day: 1}
	stricter.Jurisdictions[tact.FR] = fr
	ca := stricter.Jurisdictions[tact.CAQC]
	ca.SalesCallsOnHolidays, ca.DoNotCallKept, ca.MaxSalesCalls, ca.SalesCallWindow = false, 0, 3, 7
	stricter.Jurisdictions[tact.CAQC] = ca

	for name, p := range map[string]contactpolicy.Policy{"default": contactpolicy.Default(), "stricter": stricter} {
		text := config.FormatPolicy(p)
		got, err := config.ParsePolicy(text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, text)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("%s: parse(show(p)) differs (-want +got):\n%s\n%s", name, diff, text)
		}
	}
}

func TestParsePolicyOverlaysDefaults(t *testing.T) {
	got, err := config.ParsePolicy([]byte(`
caller_ids = ["+33 1 76 00 00 00", "+1 514 555 0100"]

[jurisdictions.FR]
sales_call_hours = { mon = ["10:00-12:00"], tue = [], wed = ["10:00-13:00", "14:00 - 19:00"] }
max_sales_calls = 3
provable_consent_from = 2026-07-01

[jurisdictions.CA-QC]
survey_cooldown_days = 30
provable_consent_from = "2027-01-01"
`))
	if err != nil {
		t.Fatal(err)
	}
	want := contactpolicy.Default()
	want.CallerIDs = []string{"+33 1 76 00 00 00", "+1 514 555 0100"}
	fr := want.Jurisdictions[tact.FR]
	fr.SalesCallHours = contactpolicy.Week{
		tact.Weekday(time.Monday):    {{From: 600, To: 720}},
		tact.Weekday(time.Tuesday):   {},
		tact.Weekday(time.Wednesday): {{From: 600, To: 780}, {From: 840, To: 1140}},
	}
	fr.MaxSalesCalls, fr.ProvableConsentFrom = 3, tact.Date{Year: 2026, Month: time.July, Day: 1}
	want.Jurisdictions[tact.FR] = fr
	ca := want.Jurisdictions[tact.CAQC]
	ca.SurveyCooldown, ca.ProvableConsentFrom = 30, tact.Date{Year: 2027, Month: time.January, Day: 1}
	want.Jurisdictions[tact.CAQC] = ca
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	empty, err := config.ParsePolicy(nil)
	if err != nil || !cmp.Equal(empty, contactpolicy.Default()) {
		t.Errorf("an empty file is the defaults: %v", err)
	}
	none, err := config.ParsePolicy([]byte("caller_ids = []\n[jurisdictions.CA-QC]\nprovable_consent_from = \"\"\n"))
	if err != nil || none.CallerIDs != nil || !none.Jurisdictions[tact.CAQC].ProvableConsentFrom.IsZero() {
		t.Errorf("empty caller ids and date: %+v %v", none, err)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name, file string
		field      string
		want       []string
	}{
		{"unknown key", "[jurisdictions.FR]\nmax_sales_call = 3\n", "jurisdictions.FR.max_sales_call", []string{"line 2", "not a key"}},
		{"unknown top key", "\n\ncallerids = []\n", "callerids", []string{"line 3"}},
		{"unknown jurisdiction", "[jurisdictions.BE]\nmax_sales_calls = 3\n", "jurisdictions.BE", []string{"line 1"}},
		{"unknown day", "[jurisdictions.FR]\nsales_call_hours = { mon = [], sam = [] }\n", "jurisdictions.FR.sales_call_hours.sam", []string{"line 2", "not a key"}},
		{"key in another case", "[jurisdictions.FR]\nMax_Sales_Calls = 3\n", "jurisdictions.FR.Max_Sales_Calls", []string{"write it max_sales_calls"}},
		{"jurisdiction in another case", "[jurisdictions.fr]\nmax_sales_calls = 3\n", "jurisdictions.fr", []string{"write it FR"}},
		{"wrong type", "[jurisdictions.FR]\n\nmax_sales_calls = \"four\"\n", "jurisdictions.FR.max_sales_calls", []string{"line 3", "a whole number"}},
		{"wrong type of days", "[jurisdictions.FR]\nrefusal_cooldown_days = 6.5\n", "jurisdictions.FR.refusal_cooldown_days", []string{"line 2", "whole number of days"}},
		{"wrong type of windows", "[jurisdictions.FR]\nsales_call_hours = { mon = \"10:00-13:00\" }\n", "jurisdictions.FR.sales_call_hours", []string{"line 2", "a list of windows"}},
		{"syntax", "[jurisdictions.FR\n", "", []string{"line 1"}},
		{"duplicate key", "[jurisdictions.FR]\nmax_sales_calls = 3\nmax_sales_calls = 2\n", "max_sales_calls", []string{"line 3", "already defined"}},
		{"bad window", "[jurisdictions.FR]\nsales_call_hours = { mon = [\"10:00-13:00\", \"14h-20h\"] }\n", "jurisdictions.FR.sales_call_hours.mon[1]", []string{"HH:MM-HH:MM"}},
		{"window wraps midnight", "[jurisdictions.CA-QC]\nsales_call_hours = { fri = [\"21:00-09:00\"] }\n", "jurisdictions.CA-QC.sales_call_hours.fri[0]", []string{"wrap midnight"}},
		{"bad date", "[jurisdictions.FR]\nprovable_consent_from = \"2026-02-30\"\n", "jurisdictions.FR.provable_consent_from", []string{"not a date"}},
		{"date and time", "[jurisdictions.FR]\nprovable_consent_from = 2026-08-11T10:00:00\n", "jurisdictions.FR.provable_consent_from", []string{"a date"}},
		{"laxer: calls", "[jurisdictions.FR]\nmax_sales_calls = 5\n", "jurisdictions.FR.max_sales_calls", []string{"décret n° 2022-1313", "at most 4 sales calls in 30 days"}},
		{"laxer: hours", "[jurisdictions.CA-QC]\nsales_call_hours = { sat = [\"09:00-18:00\"] }\n", "jurisdictions.CA-QC.sales_call_hours.sat[0]", []string{"CRTC"}},
		{"laxer: holidays", "[jurisdictions.FR]\nsales_calls_on_holidays = true\n", "jurisdictions.FR.sales_calls_on_holidays", []string{"décret"}},
		{"laxer: refusal", "[jurisdictions.FR]\nrefusal_cooldown_days = 30\n", "jurisdictions.FR.refusal_cooldown_days", []string{"60 days"}},
		{"laxer: no hours", "[jurisdictions.FR]\nsales_call_hours = {}\n", "jurisdictions.FR.sales_call_hours", []string{"at any hour"}},
		{"masked caller id", "caller_ids = [\"anonymous\"]\n", "caller_ids[0]", []string{"not a number"}},
		{"negative", "[jurisdictions.CA-QC]\nsurvey_cooldown_days = -1\n", "jurisdictions.CA-QC.survey_cooldown_days", []string{"negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.ParsePolicy([]byte(tt.file))
			if err == nil {
				t.Fatal("accepted")
			}
			var pe *config.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("%T is not a *PolicyError: %v", err, err)
			}
			if got := tact.ErrorField(err); got != tt.field {
				t.Errorf("field %q, want %q: %v", got, tt.field, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
}

func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(good, []byte("[jurisdictions.FR]\nmax_sales_calls = 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("[jurisdictions.FR]\nmax_sales_calls = 9\nrefusal_cooldown_days = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	c, err := config.FromEnv(func(k string) string { return map[string]string{"TACT_POLICY": bad}[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.PolicyFile != bad {
		t.Fatalf("TACT_POLICY: %q", c.PolicyFile)
	}
	_, err = c.ContactPolicy()
	if err == nil || !strings.Contains(err.Error(), "contact policy "+bad+" is not valid:\n  - jurisdictions.FR.max_sales_calls: laxer") ||
		!strings.Contains(err.Error(), "\n  - jurisdictions.FR.refusal_cooldown_days: ") {
		t.Errorf("bad file: %v", err)
	}

	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Flags(fs)
	if err := fs.Parse([]string{"--policy", good}); err != nil {
		t.Fatal(err)
	}
	p, err := c.ContactPolicy()
	if err != nil || p.Jurisdictions[tact.FR].MaxSalesCalls != 2 {
		t.Errorf("--policy over TACT_POLICY: %v %v", p.Jurisdictions[tact.FR].MaxSalesCalls, err)
	}

	c.PolicyFile = filepath.Join(dir, "missing.toml")
	if _, err := c.ContactPolicy(); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	c.PolicyFile = ""
	if p, err := c.ContactPolicy(); err != nil || !cmp.Equal(p, contactpolicy.Default()) {
		t.Errorf("no file: %v", err)
	}
}

// FuzzParsePolicy: the parser never panics, and a policy it accepts is valid
// and survives FormatPolicy.
func FuzzParsePolicy(f *testing.F) {
	f.Add(config.FormatPolicy(contactpolicy.Default()))
	f.Add([]byte(""))
	f.Add([]byte("caller_ids = [\"+33 1 76 00 00 00\"]\n[jurisdictions.FR]\nsales_call_hours = { mon = [\"10:00-12:00\"], tue = [] }\nmax_sales_calls = 3\nprovable_consent_from = 2026-07-01\n"))
	f.Add([]byte("[jurisdictions.CA-QC]\nsales_call_hours = { sat = [\"10:00-12:00\", \"13:00-18:00\"] }\nprovable_consent_from = \"\"\ndo_not_call_kept_days = 0\n"))
	f.Add([]byte("[jurisdictions.fr]\nMax_Sales_Calls = 99999999999999999\n"))
	f.Add([]byte("[jurisdictions.FR.sales_call_hours]\nmon = [\"24:00-24:00\"]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := config.ParsePolicy(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "contact policy is not valid:") {
				t.Errorf("error not a PolicyError: %v", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted an invalid policy: %v\n%s", err, data)
		}
		again, err := config.ParsePolicy(config.FormatPolicy(p))
		if err != nil {
			t.Fatalf("show of an accepted policy does not parse: %v\n%s", err, config.FormatPolicy(p))
		}
		if !cmp.Equal(p, again) {
			t.Fatalf("round trip differs: %s", cmp.Diff(p, again))
		}
	})
}
