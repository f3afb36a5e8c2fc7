package storetest

import (
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

var catalogTests = []contractTest{
	{"Plans", testPlans},
	{"PlanTariffs", testPlanTariffs},
	{"Devices", testCatalogDevices},
	{"Options", testCatalogOptions},
}

func codes[T any](list []*T, code func(*T) string) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = code(x)
	}
	return out
}

func planCode(p *catalog.Plan) string     { return p.Code }
func deviceCode(d *catalog.Device) string { return d.Code }
func optionCode(o *catalog.Option) string { return o.Code }

// tariffIn is a tariff with every price in c, zero ones included, as the
// stores read tariffs back.
func tariffIn(c tact.Currency, dataPerGB, voicePerMinute, smsEach, roamingPerGB int64, roaming catalog.Allowance) catalog.Tariff {
	return catalog.Tariff{DataPerGB: tact.Money{Cents: dataPerGB, Currency: c}, VoicePerMinute: tact.Money{Cents: voicePerMinute, Currency: c},
		SMSEach: tact.Money{Cents: smsEach, Currency: c}, RoamingPerGB: tact.Money{Cents: roamingPerGB, Currency: c}, RoamingDataMB: roaming}
}

func testPlans(t *testing.T, f *fixture) {
	put := func(code string, j tact.Jurisdiction, tier int, active bool) *catalog.Plan {
		t.Helper()
		p := &catalog.Plan{Code: code, Name: tact.Text{FR: "Forfait " + code, EN: "Plan " + code}, Jurisdiction: j,
			MonthlyPrice: tact.Money{Cents: int64(1000 * tier), Currency: j.Currency()},
			DataMB:       catalog.Allowance{Amount: int64(10_000 * tier)}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Allowance{Amount: 0},
			Tariff: tariffIn(j.Currency(), 1000, 0, 0, 300, catalog.Allowance{Amount: int64(5_000 * tier)}),
			Tier:   tier, Active: active}
		must(t, "Plan.Validate", p.Validate())
		must(t, "PutPlan", f.st.Catalog.PutPlan(f.ctx, p))
		return p
	}
	m := put("FR-M", tact.FR, 2, true)
	put("QC-S", tact.CAQC, 1, true)
	put("FR-S", tact.FR, 1, true)
	put("FR-L", tact.FR, 2, false)
	put("FR-XL", tact.FR, 3, true)
	put("FR-a", tact.FR, 2, true) // lower case sorts after upper case, byte-wise

	got, err := f.st.Catalog.FindPlanByCode(f.ctx, "FR-M")
	must(t, "FindPlanByCode", err)
	diff(t, "plan read back", m, got)
	if !got.VoiceMinutes.Unlimited || got.SMS.Unlimited || got.SMS.Amount != 0 {
		t.Errorf("allowances read back as voice %+v, sms %+v: unlimited and zero must stay apart", got.VoiceMinutes, got.SMS)
	}

	// Putting a code again replaces the plan.
	m2 := put("FR-M", tact.FR, 2, true)
	m2.Name.EN, m2.MonthlyPrice.Cents, m2.DataMB = "Plan M, 2026", 1799, catalog.Unlimited
	must(t, "PutPlan replace", f.st.Catalog.PutPlan(f.ctx, m2))
	got, err = f.st.Catalog.FindPlanByCode(f.ctx, "FR-M")
	must(t, "FindPlanByCode", err)
	diff(t, "replaced plan", m2, got)

	for _, tc := range []struct {
		name   string
		filter catalog.Filter
		want   []string
	}{
		{"all, by jurisdiction, tier, code", catalog.Filter{}, []string{"QC-S", "FR-S", "FR-L", "FR-M", "FR-a", "FR-XL"}},
		{"one jurisdiction", catalog.Filter{Jurisdiction: tact.FR}, []string{"FR-S", "FR-L", "FR-M", "FR-a", "FR-XL"}},
		{"active only", catalog.Filter{ActiveOnly: true}, []string{"QC-S", "FR-S", "FR-M", "FR-a", "FR-XL"}},
		{"both", catalog.Filter{Jurisdiction: tact.CAQC, ActiveOnly: true}, []string{"QC-S"}},
	} {
		list, err := f.st.Catalog.FindPlans(f.ctx, tc.filter)
		must(t, "FindPlans", err)
		diff(t, "plans: "+tc.name, tc.want, codes(list, planCode))
	}

	_, err = f.st.Catalog.FindPlanByCode(f.ctx, "NO-SUCH-PLAN")
	wantCode(t, "FindPlanByCode of an unknown code", err, tact.CodeNotFound, "")
}

func testPlanTariffs(t *testing.T, f *fixture) {
	put := func(p *catalog.Plan) {
		t.Helper()
		must(t, "Plan.Validate", p.Validate())
		must(t, "PutPlan", f.st.Catalog.PutPlan(f.ctx, p))
	}
	plan := func(code string, j tact.Jurisdiction, tariff catalog.Tariff) *catalog.Plan {
		return &catalog.Plan{Code: code, Name: tact.Text{FR: "Forfait " + code, EN: "Plan " + code}, Jurisdiction: j,
			MonthlyPrice: tact.Money{Cents: 1299, Currency: j.Currency()}, DataMB: catalog.Allowance{Amount: 100_000},
			VoiceMinutes: catalog.Allowance{Amount: 120}, SMS: catalog.Unlimited, Tariff: tariff, Tier: 1, Active: true}
	}
	// Every price set, a limited roaming allowance; an unlimited roaming
	// allowance with free overage; and a zero roaming allowance charged from
	// the first gigabyte, which must not read back as unlimited.
	limited := plan("FR-LIMITED", tact.FR, tariffIn(tact.EUR, 1000, 5, 1, 132, catalog.Allowance{Amount: 25_000}))
	unlimited := plan("FR-UNLIMITED", tact.FR, tariffIn(tact.EUR, 0, 0, 0, 0, catalog.Unlimited))
	none := plan("QC-NONE", tact.CAQC, tariffIn(tact.CAD, 1500, 45, 25, 3000, catalog.Allowance{Amount: 0}))
	for _, p := range []*catalog.Plan{limited, unlimited, none} {
		put(p)
		got, err := f.st.Catalog.FindPlanByCode(f.ctx, p.Code)
		must(t, "FindPlanByCode", err)
		diff(t, p.Code+" tariff read back", p.Tariff, got.Tariff)
	}
	list, err := f.st.Catalog.FindPlans(f.ctx, catalog.Filter{})
	must(t, "FindPlans", err)
	diff(t, "plans listed with their tariffs", []*catalog.Plan{none, limited, unlimited}, list)

	// A zero price may be written without a currency (a plan from before
	// tariffs, or a client that sends none): it reads back in the plan's.
	bare := plan("QC-BARE", tact.CAQC, catalog.Tariff{RoamingPerGB: tact.Money{Cents: 2500, Currency: tact.CAD}})
	put(bare)
	got, err := f.st.Catalog.FindPlanByCode(f.ctx, "QC-BARE")
	must(t, "FindPlanByCode", err)
	diff(t, "tariff of zero prices without a currency", tariffIn(tact.CAD, 0, 0, 0, 2500, catalog.Allowance{Amount: 0}), got.Tariff)

	// Replacing a plan replaces its tariff: limited becomes unlimited and
	// back, prices change.
	limited.Tariff.RoamingDataMB, limited.Tariff.DataPerGB.Cents = catalog.Unlimited, 0
	put(limited)
	got, err = f.st.Catalog.FindPlanByCode(f.ctx, "FR-LIMITED")
	must(t, "FindPlanByCode", err)
	diff(t, "replaced tariff", limited.Tariff, got.Tariff)
	unlimited.Tariff = tariffIn(tact.EUR, 900, 0, 0, 155, catalog.Allowance{Amount: 35_000})
	put(unlimited)
	got, err = f.st.Catalog.FindPlanByCode(f.ctx, "FR-UNLIMITED")
	must(t, "FindPlanByCode", err)
	diff(t, "replaced tariff", unlimited.Tariff, got.Tariff)
}

func testCatalogDevices(t *testing.T, f *fixture) {
	put := func(code, brand, model string, j tact.Jurisdiction, active bool) *catalog.Device {
		t.Helper()
		d := &catalog.Device{Code: code, Brand: brand, Model: model, OS: "android", Jurisdiction: j,
			Price: tact.Money{Cents: 29900, Currency: j.Currency()}, Active: active}
		must(t, "Device.Validate", d.Validate())
		must(t, "PutDevice", f.st.Catalog.PutDevice(f.ctx, d))
		return d
	}
	ip := put("FR-IP15", "Apple", "iPhone 15", tact.FR, true)
	put("FR-BQ", "bq", "Aquaris X", tact.FR, true)
	put("FR-S24", "Samsung", "Galaxy S24", tact.FR, true)
	put("FR-A55", "Samsung", "Galaxy A55", tact.FR, false)
	put("FR-IP16", "Apple", "iPhone 16", tact.FR, true)
	put("QC-P9", "Google", "Pixel 9", tact.CAQC, true)
	put("FR-Z", "Äpfel", "Ω", tact.FR, true)

	got, err := f.st.Catalog.FindDeviceByCode(f.ctx, "FR-IP15")
	must(t, "FindDeviceByCode", err)
	diff(t, "device read back", ip, got)

	ip.Price.Cents, ip.Active = 19900, false
	must(t, "PutDevice replace", f.st.Catalog.PutDevice(f.ctx, ip))
	got, err = f.st.Catalog.FindDeviceByCode(f.ctx, "FR-IP15")
	must(t, "FindDeviceByCode", err)
	diff(t, "replaced device", ip, got)

	for _, tc := range []struct {
		name   string
		filter catalog.Filter
		want   []string
	}{
		// Byte order of brands: "Apple" < "Samsung" < "bq" < "Äpfel".
		{"all, by jurisdiction, brand, model", catalog.Filter{}, []string{"QC-P9", "FR-IP15", "FR-IP16", "FR-A55", "FR-S24", "FR-BQ", "FR-Z"}},
		{"one jurisdiction, active", catalog.Filter{Jurisdiction: tact.FR, ActiveOnly: true}, []string{"FR-IP16", "FR-S24", "FR-BQ", "FR-Z"}},
	} {
		list, err := f.st.Catalog.FindDevices(f.ctx, tc.filter)
		must(t, "FindDevices", err)
		diff(t, "devices: "+tc.name, tc.want, codes(list, deviceCode))
	}

	_, err = f.st.Catalog.FindDeviceByCode(f.ctx, "NO-SUCH-DEVICE")
	wantCode(t, "FindDeviceByCode of an unknown code", err, tact.CodeNotFound, "")
}

func testCatalogOptions(t *testing.T, f *fixture) {
	put := func(code string, j tact.Jurisdiction, cents, dataMB, roamingMB int64, active bool) *catalog.Option {
		t.Helper()
		o := &catalog.Option{Code: code, Name: tact.Text{FR: "Option " + code, EN: code + " add-on"}, Jurisdiction: j,
			MonthlyPrice: tact.Money{Cents: cents, Currency: j.Currency()}, DataMB: dataMB, RoamingDataMB: roamingMB, Active: active}
		must(t, "Option.Validate", o.Validate())
		must(t, "PutOption", f.st.Catalog.PutOption(f.ctx, o))
		return o
	}
	find := func(filter catalog.Filter) []*catalog.Option {
		t.Helper()
		list, err := f.st.Catalog.FindOptions(f.ctx, filter)
		must(t, "FindOptions", err)
		return list
	}
	if list := find(catalog.Filter{}); len(list) != 0 {
		t.Errorf("options of an empty catalogue: %v", codes(list, optionCode))
	}

	voyage := put("monde-voyage", tact.FR, 1000, 0, 2_000, true)
	put("FR-DATA-10G", tact.FR, 500, 10_000, 0, true) // upper case sorts before lower case, byte-wise
	put("assurance", tact.FR, 999, 0, 0, false)
	usa := put("itinerance-usa", tact.CAQC, 3500, 0, 5_000, true)
	put("afficheur", tact.CAQC, 0, 0, 0, true)

	all := find(catalog.Filter{})
	diff(t, "options read back", []*catalog.Option{usa, voyage}, []*catalog.Option{all[1], all[4]})

	// Putting a code again replaces the option, in place of a second one.
	voyage.Name.EN, voyage.MonthlyPrice.Cents, voyage.RoamingDataMB, voyage.Active = "World Travel, 2026", 1200, 3_000, false
	must(t, "PutOption replace", f.st.Catalog.PutOption(f.ctx, voyage))
	all = find(catalog.Filter{})
	if len(all) != 5 {
		t.Fatalf("after a replace, %d options: %v", len(all), codes(all, optionCode))
	}
	diff(t, "replaced option", voyage, all[4])

	for _, tc := range []struct {
		name   string
		filter catalog.Filter
		want   []string
	}{
		{"all, by jurisdiction, code", catalog.Filter{}, []string{"afficheur", "itinerance-usa", "FR-DATA-10G", "assurance", "monde-voyage"}},
		{"one jurisdiction", catalog.Filter{Jurisdiction: tact.FR}, []string{"FR-DATA-10G", "assurance", "monde-voyage"}},
		{"active only", catalog.Filter{ActiveOnly: true}, []string{"afficheur", "itinerance-usa", "FR-DATA-10G"}},
		{"both", catalog.Filter{Jurisdiction: tact.FR, ActiveOnly: true}, []string{"FR-DATA-10G"}},
	} {
		diff(t, "options: "+tc.name, tc.want, codes(find(tc.filter), optionCode))
	}
}
