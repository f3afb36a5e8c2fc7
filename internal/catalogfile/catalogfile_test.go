package catalogfile_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/catalogfile"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func eur(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }
func cad(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.CAD} }

var until = tact.Date{Year: 2027, Month: time.March, Day: 31}

// sample is a catalogue with a value of every shape: unlimited and limited
// allowances, zero and non-zero prices, withdrawn entries, text with
// accents, quotes and backslashes, an expression over several lines, and
// fields the API leaves out when empty.
func sample() catalogfile.Catalogue {
	return catalogfile.Catalogue{
		Plans: []*catalog.Plan{
			{Code: "FR-5G", Name: tact.Text{FR: "Forfait « 5 Go »", EN: `5 GB "small" plan \ basic`}, Jurisdiction: tact.FR, MonthlyPrice: eur(799),
				DataMB: catalog.Allowance{Amount: 5120}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true,
				Tariff: catalog.Tariff{DataPerGB: eur(1000), VoicePerMinute: eur(0), SMSEach: eur(0), RoamingDataMB: catalog.Allowance{Amount: 5120}, RoamingPerGB: eur(132)}},
			{Code: "QC-ILLIMITE", Name: tact.Text{FR: "Illimité", EN: "Unlimited"}, Jurisdiction: tact.CAQC, MonthlyPrice: cad(9500),
				DataMB: catalog.Unlimited, VoiceMinutes: catalog.Unlimited, SMS: catalog.Allowance{Amount: 0}, Tier: 1,
				Tariff: catalog.Tariff{DataPerGB: cad(0), VoicePerMinute: cad(0), SMSEach: cad(10), RoamingDataMB: catalog.Unlimited, RoamingPerGB: cad(3000)}},
		},
		Devices: []*catalog.Device{
			{Code: "FR-IPHONE-16", Brand: "Apple", Model: "iPhone 16", OS: tact.IOS, Jurisdiction: tact.FR, Price: eur(96900), Active: true},
			{Code: "QC-LG-K92", Brand: "LG", Model: "K92 5G", OS: tact.Android, Jurisdiction: tact.CAQC, Price: cad(39900)},
		},
		Options: []*catalog.Option{
			{Code: "blocage", Name: tact.Text{FR: "Blocage des numéros surtaxés", EN: "Premium numbers barred"}, Jurisdiction: tact.FR, MonthlyPrice: eur(0), Active: true},
			{Code: "pack-20go", Name: tact.Text{FR: "Pack 20 Go", EN: "20 GB pack"}, Jurisdiction: tact.FR, MonthlyPrice: eur(500), DataMB: 20480, RoamingDataMB: 1024},
		},
		Offers: []*offer.Offer{
			{Code: "FR-BUNDLE", Kind: offer.Bundle, Jurisdiction: tact.FR, Name: tact.Text{FR: "5 Go + iPhone", EN: "5 GB + iPhone"},
				PlanCode: "FR-5G", DeviceCode: "FR-IPHONE-16", MonthlyPrice: eur(999), Upfront: eur(100), Instalment: eur(3700), Instalments: 24,
				CommitmentMonths: 24, AnyPlatform: true, ValidUntil: until,
				Eligibility: "platform != \"ios\"\n  && device_age_months >= 24\t// old phones only\n  && tenure_months >= 12", Active: true},
			{Code: "FR-PACK", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "Pack", EN: "Pack"}, OptionCode: "pack-20go",
				MonthlyPrice: eur(300), Upfront: eur(0), Instalment: eur(0), ValidUntil: until},
		},
	}
}

// entries returns the values of a file's entries, as pointers.
func entries[T any](list []catalogfile.Entry[T]) []*T {
	out := make([]*T, len(list))
	for i := range list {
		out[i] = &list[i].Value
	}
	return out
}

func TestFormatParseRoundTrip(t *testing.T) {
	want := sample()
	text := catalogfile.Format(want)
	f, err := catalogfile.Parse(text)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	got := catalogfile.Catalogue{Plans: entries(f.Plans), Devices: entries(f.Devices), Options: entries(f.Options), Offers: entries(f.Offers)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(Format(c)) differs (-want +got):\n%s\n%s", diff, text)
	}
	// Against itself stored, the file changes nothing.
	writes, r, err := f.Check(want)
	if err != nil {
		t.Fatal(err)
	}
	if r.Writes() || len(writes.Plans)+len(writes.Devices)+len(writes.Options)+len(writes.Offers) > 0 {
		t.Errorf("a file of the stored catalogue writes %+v", r)
	}
	if (r != catalogfile.Report{Plans: catalogfile.Count{Unchanged: 2}, Devices: catalogfile.Count{Unchanged: 2},
		Options: catalogfile.Count{Unchanged: 2}, Offers: catalogfile.Count{Unchanged: 2}}) {
		t.Errorf("report %+v", r)
	}
	if !strings.Contains(string(text), "valid_until = 2027-03-31\n") || !strings.Contains(string(text), "eligibility = \"\"\"\nplatform != \\\"ios\\\"\n") {
		t.Errorf("dates are TOML dates, expressions keep their lines:\n%s", text)
	}
	if strings.Contains(string(text), "option_code") && strings.Count(string(text), "option_code") != 1 {
		t.Errorf("a code the API leaves out when empty is left out:\n%s", text)
	}
}

// TestEveryFieldHasATOMLForm keeps every field of an entry, however deep,
// to what Parse and Format know: strings, whole numbers, booleans, values
// with their own JSON (allowances, dates), and tables of these.
func TestEveryFieldHasATOMLForm(t *testing.T) {
	unmarshaler := reflect.TypeFor[interface{ UnmarshalJSON([]byte) error }]()
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		if reflect.PointerTo(typ).Implements(unmarshaler) {
			return
		}
		switch typ.Kind() {
		case reflect.String, reflect.Int, reflect.Int64, reflect.Bool:
		case reflect.Struct:
			for i := range typ.NumField() {
				if f := typ.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
					walk(path+"."+f.Name, f.Type)
				}
			}
		default:
			t.Errorf("%s is a %s: teach catalogfile's Parse and Format to write it", path, typ)
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[catalog.Plan](), reflect.TypeFor[catalog.Device](), reflect.TypeFor[catalog.Option](), reflect.TypeFor[offer.Offer]()} {
		walk(typ.Name(), typ)
	}
}

func TestParseInlineArrays(t *testing.T) {
	f, err := catalogfile.Parse([]byte(`devices = [
  { code = "A", brand = "Apple", model = "iPhone 16", os = "ios", jurisdiction = "FR", price = { cents = 1, currency = "EUR" } },
  { code = "B", brand = "LG", model = "K92", os = "android", jurisdiction = "FR", price = { cents = 1, currency = "EUR" } },
]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Devices) != 2 || f.Devices[1].Value.Code != "B" || f.Devices[1].Line != 3 {
		t.Errorf("got %+v", f.Devices)
	}
}

// problems returns the lines of a *catalogfile.Error.
func problems(t *testing.T, err error) []string {
	t.Helper()
	ce, ok := errors.AsType[*catalogfile.Error](err)
	if !ok {
		t.Fatalf("error %v is not a *catalogfile.Error", err)
	}
	var out []string
	for _, p := range ce.Problems {
		out = append(out, p.String())
	}
	return out
}

// read parses text and checks it against an empty store, and returns the
// problems.
func read(t *testing.T, text string) []string {
	t.Helper()
	f, err := catalogfile.Parse([]byte(text))
	if err != nil {
		return problems(t, err)
	}
	_, _, err = f.Check(catalogfile.Catalogue{})
	if err == nil {
		return nil
	}
	return problems(t, err)
}

func TestReadingProblemsAllListedWithTheirLines(t *testing.T) {
	got := read(t, `[[plans]]
code = "FR-5G"
Tier = 2
sms = "lots"
monthly_price = 799
active = "yes"
[plans.tariff]
data_per_gbb = { cents = 1000, currency = "EUR" }
roaming_per_gb = { cents = 1000, currency = "EUR", vat = true }

[[plans]]
name = { fr = "x", en = "y", de = "z" }

[[offers]]
code = "O"
valid_until = "31/12/2026"
instalments = 2.5

[[offer]]
code = "X"

[[devices]]
code = "FR-A16"
brand = "Samsung"
model = "Galaxy A16"
os = "android"
jurisdiction = "FR"
price = { cents = 19900, currency = "CAD" }
`)
	want := []string{
		"line 3: plan FR-5G: Tier: not a key of a plan: write it tier",
		"line 4: plan FR-5G: sms: an allowance is a non-negative number or \"unlimited\"",
		"line 5: plan FR-5G: monthly_price: expects a table { cents, currency }",
		"line 6: plan FR-5G: active: expects true or false",
		"line 8: plan FR-5G: tariff.data_per_gbb: not a key of tariff (its keys: data_per_gb, voice_per_minute, sms_each, roaming_data_mb, roaming_per_gb)",
		"line 9: plan FR-5G: tariff.roaming_per_gb.vat: not a key of tariff.roaming_per_gb (its keys: cents, currency)",
		"line 12: plans[1]: name.de: not a key of name (its keys: fr, en)",
		"line 16: offer O: valid_until: date \"31/12/2026\" is not YYYY-MM-DD",
		"line 17: offer O: instalments: expects a whole number",
		"line 19: offer: not a key of the catalogue file (its keys: plans, devices, options, offers)",
		// An entry read whole is checked, in the same run.
		"line 28: device FR-A16: price: a price in EUR, not negative",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	_, err := catalogfile.Parse([]byte("[[plans]]\ncode = \"A\"\ntier = \n"))
	if got := problems(t, err); len(got) != 1 || !strings.HasPrefix(got[0], "line 3, column 8: ") {
		t.Errorf("a file that is not TOML: %q", got)
	}
	if !strings.HasPrefix(err.Error(), "catalogue file is not valid (1 problem), nothing of it was stored:\n  - line 3, column 8: ") {
		t.Errorf("error reads %q", err)
	}
}

const stored = `
[[plans]]
code = "FR-5G"
name = { fr = "5 Go", en = "5 GB" }
jurisdiction = "FR"
monthly_price = { cents = 799, currency = "EUR" }
data_mb = 5120
voice_minutes = "unlimited"
sms = "unlimited"
tier = 2
active = true

[[plans]]
code = "QC-10G"
name = { fr = "10 Go", en = "10 GB" }
jurisdiction = "CA-QC"
monthly_price = { cents = 3400, currency = "CAD" }
data_mb = 10240
tier = 1
active = true
`

// storedCatalogue is the catalogue of stored, as the store gives it back.
func storedCatalogue(t *testing.T) catalogfile.Catalogue {
	t.Helper()
	f, err := catalogfile.Parse([]byte(stored))
	if err != nil {
		t.Fatal(err)
	}
	w, _, err := f.Check(catalogfile.Catalogue{})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestCheckProblemsAllListedWithTheirLines(t *testing.T) {
	f, err := catalogfile.Parse([]byte(`[[plans]]
code = "FR-40G"
name = { fr = "40 Go", en = "40 GB" }
jurisdiction = "FR"
monthly_price = { cents = 999, currency = "CAD" }
tier = 3

[[offers]]
code = "FR-PASSAGE-40G"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "40 Go", en = "40 GB" }
plan_code = "FR-40G"
monthly_price = { cents = 999, currency = "EUR" }
valid_until = 2027-03-31
eligibility = """
usage.max_data_mb > 1000 &&
  plan.tier <> 2"""

[[offers]]
code = "FR-GHOST"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "x", en = "x" }
plan_code = "FR-1T"
monthly_price = { cents = 999, currency = "EUR" }
valid_until = 2027-03-31

[[offers]]
code = "FR-QC"
kind = "bundle"
jurisdiction = "FR"
name = { fr = "x", en = "x" }
plan_code = "QC-10G"
device_code = "FR-NOPE"
valid_until = 2027-03-31

[[offers]]
code = "FR-GHOST"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "x", en = "x" }
plan_code = "FR-5G"
valid_until = 2027-03-31
`))
	if err != nil {
		t.Fatal(err)
	}
	writes, r, err := f.Check(storedCatalogue(t))
	want := []string{
		"line 5: plan FR-40G: monthly_price.currency: plans in FR are priced in EUR",
		"line 16: offer FR-PASSAGE-40G: eligibility: line 2, column 14: unexpected token Operator(\">\")",
		"line 25: offer FR-GHOST: plan_code: plan FR-1T is not in the catalogue",
		"line 34: offer FR-QC: plan_code: plan QC-10G is of the CA-QC catalogue, the offer of FR",
		"line 35: offer FR-QC: device_code: device FR-NOPE is not in the catalogue",
		"line 39: offer FR-GHOST: code: FR-GHOST is written twice: first at line 20",
	}
	if diff := cmp.Diff(want, problems(t, err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if (r != catalogfile.Report{}) || len(writes.Plans)+len(writes.Offers) > 0 {
		t.Errorf("a file with problems writes nothing: %+v, %+v", r, writes)
	}
}

func TestCheckComparesWithTheStore(t *testing.T) {
	f, err := catalogfile.Parse([]byte(stored + `
[[plans]]
code = "FR-40G"
name = { fr = "40 Go", en = "40 GB" }
jurisdiction = "FR"
monthly_price = { cents = 999, currency = "EUR" }
tier = 3

[[offers]]
code = "QC-PASSAGE"
kind = "plan_change"
jurisdiction = "CA-QC"
name = { fr = "x", en = "x" }
plan_code = "QC-10G"
monthly_price = { cents = 3000, currency = "CAD" }
valid_until = 2027-03-31
`))
	if err != nil {
		t.Fatal(err)
	}
	st := storedCatalogue(t)
	st.Plans[1].MonthlyPrice = cad(3900) // the file lowers the price back
	writes, r, err := f.Check(st)
	if err != nil {
		t.Fatal(err)
	}
	want := catalogfile.Report{Plans: catalogfile.Count{Created: 1, Updated: 1, Unchanged: 1}, Offers: catalogfile.Count{Created: 1}}
	if r != want || !r.Writes() {
		t.Errorf("report %+v, want %+v", r, want)
	}
	var codes []string
	for _, p := range writes.Plans {
		codes = append(codes, p.Code)
	}
	if diff := cmp.Diff([]string{"QC-10G", "FR-40G"}, codes); diff != "" {
		t.Errorf("plans to write (-want +got):\n%s", diff)
	}
	if writes.Plans[1].Tariff.DataPerGB != eur(0) {
		t.Errorf("a plan is normalized as the API does: its tariff in its currency: %+v", writes.Plans[1].Tariff)
	}
	if len(writes.Offers) != 1 || writes.Offers[0].Upfront != cad(0) {
		t.Errorf("offers to write: %+v", writes.Offers)
	}
}
