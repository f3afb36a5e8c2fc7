package demo

import (
	"context"
	"fmt"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Gigabytes in the catalogue's unit, megabytes.
const gb = 1024

func allow(n int64) catalog.Allowance { return catalog.Allowance{Amount: n} }

// plans is the demo operator's mobile range, priced like the French and
// Québec markets of 2025–2026: France sells big allowances cheap, Québec sells
// smaller ones dearer. Tiers rank each jurisdiction's range from the basic plan
// (1) to the largest; the retired plans keep lines that never moved.
var plans = []catalog.Plan{
	{Code: "FR-MOBILE-2H", Name: tact.Text{FR: "Forfait 2h 100 Mo", EN: "2h 100 MB plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 299, Currency: tact.EUR}, DataMB: allow(100), VoiceMinutes: allow(120), SMS: catalog.Unlimited, Tier: 1, Active: true},
	{Code: "FR-MOBILE-5G", Name: tact.Text{FR: "Forfait 5 Go", EN: "5 GB plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 799, Currency: tact.EUR}, DataMB: allow(5 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true},
	{Code: "FR-MOBILE-40G", Name: tact.Text{FR: "Forfait 40 Go", EN: "40 GB plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 999, Currency: tact.EUR}, DataMB: allow(40 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3, Active: true},
	{Code: "FR-MOBILE-100G", Name: tact.Text{FR: "Forfait 100 Go 5G", EN: "100 GB 5G plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 1299, Currency: tact.EUR}, DataMB: allow(100 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 4, Active: true},
	{Code: "FR-MOBILE-200G", Name: tact.Text{FR: "Forfait 200 Go 5G", EN: "200 GB 5G plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 1699, Currency: tact.EUR}, DataMB: allow(200 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 5, Active: true},
	{Code: "FR-MOBILE-350G", Name: tact.Text{FR: "Forfait 350 Go 5G+", EN: "350 GB 5G+ plan"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 2499, Currency: tact.EUR}, DataMB: allow(350 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 6, Active: true},
	{Code: "FR-MOBILE-20G-2019", Name: tact.Text{FR: "Forfait 20 Go (offre 2019)", EN: "20 GB plan (2019 offer)"}, Jurisdiction: tact.FR,
		MonthlyPrice: tact.Money{Cents: 1999, Currency: tact.EUR}, DataMB: allow(20 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: false},

	{Code: "QC-MOBILE-10G", Name: tact.Text{FR: "Forfait 10 Go", EN: "10 GB plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 3400, Currency: tact.CAD}, DataMB: allow(10 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 1, Active: true},
	{Code: "QC-MOBILE-25G", Name: tact.Text{FR: "Forfait 25 Go", EN: "25 GB plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 4500, Currency: tact.CAD}, DataMB: allow(25 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true},
	{Code: "QC-MOBILE-60G", Name: tact.Text{FR: "Forfait 60 Go 5G", EN: "60 GB 5G plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 5500, Currency: tact.CAD}, DataMB: allow(60 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3, Active: true},
	{Code: "QC-MOBILE-100G", Name: tact.Text{FR: "Forfait 100 Go 5G", EN: "100 GB 5G plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 6500, Currency: tact.CAD}, DataMB: allow(100 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 4, Active: true},
	{Code: "QC-MOBILE-175G", Name: tact.Text{FR: "Forfait 175 Go 5G+", EN: "175 GB 5G+ plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 8000, Currency: tact.CAD}, DataMB: allow(175 * gb), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 5, Active: true},
	{Code: "QC-MOBILE-ILLIMITE", Name: tact.Text{FR: "Forfait Illimité 5G+", EN: "Unlimited 5G+ plan"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 9500, Currency: tact.CAD}, DataMB: catalog.Unlimited, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 6, Active: true},
	{Code: "QC-MOBILE-4G-2018", Name: tact.Text{FR: "Forfait 4 Go (offre 2018)", EN: "4 GB plan (2018 offer)"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: tact.Money{Cents: 4000, Currency: tact.CAD}, DataMB: allow(4 * gb), VoiceMinutes: allow(500), SMS: catalog.Unlimited, Tier: 1, Active: false},
}

// planShare is how the crowd spreads over plans, in the order of plans, per
// jurisdiction: most people sit in the middle of the range.
var planShare = map[tact.Jurisdiction][]int{
	tact.FR:   {4, 22, 26, 22, 12, 6, 8},
	tact.CAQC: {18, 24, 22, 14, 8, 6, 8},
}

// catalogDevice is a handset the operator sells.
type catalogDevice struct {
	code, brand, model string
	os                 tact.OS
	fr, qc             int64 // price in cents; 0 when not sold there
	retired            bool
}

// handsets is the operator's shop, with launch prices rounded the way shops
// round them. LG left the phone business in 2021: its last model is kept for
// the customers who still have one (story 4's agent offers one anyway).
var handsets = []catalogDevice{
	{"IPHONE-16-PRO", "Apple", "iPhone 16 Pro", tact.IOS, 122900, 144900, false},
	{"IPHONE-16", "Apple", "iPhone 16", tact.IOS, 96900, 112900, false},
	{"IPHONE-15", "Apple", "iPhone 15", tact.IOS, 76900, 99900, false},
	{"IPHONE-14", "Apple", "iPhone 14", tact.IOS, 66900, 82900, false},
	{"IPHONE-SE-3", "Apple", "iPhone SE (3e génération)", tact.IOS, 52900, 62900, true},
	{"GALAXY-S25", "Samsung", "Galaxy S25", tact.Android, 89900, 113900, false},
	{"GALAXY-A55", "Samsung", "Galaxy A55 5G", tact.Android, 47900, 59900, false},
	{"GALAXY-A16", "Samsung", "Galaxy A16", tact.Android, 19900, 29900, false},
	{"PIXEL-9", "Google", "Pixel 9", tact.Android, 89900, 99900, false},
	{"PIXEL-8A", "Google", "Pixel 8a", tact.Android, 54900, 64900, false},
	{"REDMI-NOTE-14", "Xiaomi", "Redmi Note 14", tact.Android, 24900, 0, false},
	{"XIAOMI-14T", "Xiaomi", "14T", tact.Android, 64900, 0, false},
	{"MOTO-G-5G", "Motorola", "moto g 5G", tact.Android, 0, 29900, false},
	{"LG-K92", "LG", "K92 5G", tact.Android, 0, 39900, true},
}

// ownDevices are handsets customers bought elsewhere: the operator knows the
// model from the network, not from a sale.
var ownDevices = []customer.Device{
	{Brand: "Apple", Model: "iPhone 13", OS: tact.IOS},
	{Brand: "Apple", Model: "iPhone 12", OS: tact.IOS},
	{Brand: "Apple", Model: "iPhone 11", OS: tact.IOS},
	{Brand: "Samsung", Model: "Galaxy S21", OS: tact.Android},
	{Brand: "Samsung", Model: "Galaxy A52", OS: tact.Android},
	{Brand: "Google", Model: "Pixel 7", OS: tact.Android},
	{Brand: "Xiaomi", Model: "Redmi Note 12", OS: tact.Android},
	{Brand: "LG", Model: "G8 ThinQ", OS: tact.Android},
	{Brand: "Huawei", Model: "P30", OS: tact.Android},
	{Brand: "Fairphone", Model: "Fairphone 5", OS: tact.Android},
	{Brand: "Nokia", Model: "105", OS: tact.OtherOS},
}

// lineOption is an option a line may carry: its code on the line, its name in
// summaries.
type lineOption struct {
	code string
	name tact.Text
}

// lineOptions are the options of each jurisdiction.
var lineOptions = map[tact.Jurisdiction][]lineOption{
	tact.FR: {
		{"europe-voyage", tact.Text{FR: "Europe Voyage", EN: "Europe Travel"}},
		{"monde-voyage", tact.Text{FR: "Monde Voyage", EN: "World Travel"}},
		{"assurance-mobile", tact.Text{FR: "Assurance mobile", EN: "Phone insurance"}},
		{"multi-sim", tact.Text{FR: "Multi-SIM", EN: "Multi-SIM"}},
		{"musique-illimitee", tact.Text{FR: "Musique illimitée", EN: "Unlimited music"}},
		{"blocage-surtaxes", tact.Text{FR: "Blocage des numéros surtaxés", EN: "Premium numbers barred"}},
	},
	tact.CAQC: {
		{"itinerance-usa", tact.Text{FR: "Itinérance États-Unis", EN: "US roaming"}},
		{"itinerance-monde", tact.Text{FR: "Itinérance Monde", EN: "World roaming"}},
		{"protection-appareil", tact.Text{FR: "Protection de l'appareil", EN: "Device protection"}},
		{"messagerie-visuelle", tact.Text{FR: "Messagerie vocale visuelle", EN: "Visual voicemail"}},
		{"afficheur", tact.Text{FR: "Afficheur", EN: "Caller ID"}},
		{"partage-donnees", tact.Text{FR: "Partage de données", EN: "Data sharing"}},
	},
}

// putCatalog stores the plans and handsets through the catalogue service.
func putCatalog(ctx context.Context, a *app.App) error {
	for _, p := range plans {
		if _, err := a.Catalog.PutPlan(ctx, p); err != nil {
			return fmt.Errorf("demo: plan %s: %w", p.Code, err)
		}
	}
	for _, h := range handsets {
		for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
			price := h.fr
			if j == tact.CAQC {
				price = h.qc
			}
			if price == 0 {
				continue
			}
			d := catalog.Device{Code: short(j) + "-" + h.code, Brand: h.brand, Model: h.model, OS: h.os,
				Jurisdiction: j, Price: tact.Money{Cents: price, Currency: j.Currency()}, Active: !h.retired}
			if _, err := a.Catalog.PutDevice(ctx, d); err != nil {
				return fmt.Errorf("demo: device %s: %w", d.Code, err)
			}
		}
	}
	return nil
}

// plansOf returns the plans of j in the order of plans.
func plansOf(j tact.Jurisdiction) []*catalog.Plan {
	var out []*catalog.Plan
	for i := range plans {
		if plans[i].Jurisdiction == j {
			out = append(out, &plans[i])
		}
	}
	return out
}

// largestPlan returns the highest-tier plan on sale in j.
func largestPlan(j tact.Jurisdiction) *catalog.Plan {
	var best *catalog.Plan
	for _, p := range plansOf(j) {
		if p.Active && (best == nil || p.Tier > best.Tier) {
			best = p
		}
	}
	return best
}

// nextPlan returns the plan a salesperson would push: one tier up, or p
// itself at the top.
func nextPlan(p *catalog.Plan) *catalog.Plan {
	for _, q := range plansOf(p.Jurisdiction) {
		if q.Active && q.Tier == p.Tier+1 {
			return q
		}
	}
	return p
}

// handsetsOf returns the handsets on sale or retired in j, with their catalogue codes.
func handsetsOf(j tact.Jurisdiction) []customer.Device {
	var out []customer.Device
	for _, h := range handsets {
		price := h.fr
		if j == tact.CAQC {
			price = h.qc
		}
		if price == 0 {
			continue
		}
		out = append(out, customer.Device{Brand: h.brand, Model: h.model, OS: h.os, CatalogCode: short(j) + "-" + h.code})
	}
	return out
}

// short returns the two-letter tag of a jurisdiction in codes: FR or QC.
func short(j tact.Jurisdiction) string {
	if j == tact.CAQC {
		return "QC"
	}
	return "FR"
}
