package storetest

import (
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

var catalogTests = []contractTest{
	{"Plans", testPlans},
	{"Devices", testCatalogDevices},
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

func testPlans(t *testing.T, f *fixture) {
	put := func(code string, j tact.Jurisdiction, tier int, active bool) *catalog.Plan {
		t.Helper()
		p := &catalog.Plan{Code: code, Name: tact.Text{FR: "Forfait " + code, EN: "Plan " + code}, Jurisdiction: j,
			MonthlyPrice: tact.Money{Cents: int64(1000 * tier), Currency: j.Currency()},
			DataMB:       catalog.Allowance{Amount: int64(10_000 * tier)}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Allowance{Amount: 0},
			Tier: tier, Active: active}
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
