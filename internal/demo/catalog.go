package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Gigabytes in the catalogue's unit, megabytes.
const gb = 1024

func allow(n int64) catalog.Allowance { return catalog.Allowance{Amount: n} }

func eur(cents int64) tact.Money { return tact.Money{Cents: cents, Currency: tact.EUR} }
func cad(cents int64) tact.Money { return tact.Money{Cents: cents, Currency: tact.CAD} }

// euSurchargePerGB is what a French plan charges per gigabyte used in the EU
// beyond its roam-like-at-home allowance: the EU caps the surcharge at the
// regulated wholesale price, €1.10 per GB before VAT in 2026, €1.32 with it.
const euSurchargePerGB = 132

// frTariff is a French plan's tariff. Roaming in the EU is "roam like at
// home": the domestic allowance applies abroad up to the fair-use limit the
// EU lets operators set, twice the plan's price divided by the wholesale price
// per GB, both with VAT or both without (so 38 GB for €24.99, 16 GB for
// €9.99); a small plan's whole allowance is below it.
func frTariff(price int64, domestic catalog.Allowance, o overage) catalog.Tariff {
	// Rounded up to whole gigabytes: the limit is a floor, and plans are sold
	// in gigabytes.
	fairUse := allow((2*price + euSurchargePerGB - 1) / euSurchargePerGB * gb)
	if !domestic.Unlimited && domestic.Amount < fairUse.Amount {
		fairUse = domestic
	}
	return catalog.Tariff{DataPerGB: eur(o.dataPerGB), VoicePerMinute: eur(o.voicePerMinute), SMSEach: eur(0),
		RoamingDataMB: fairUse, RoamingPerGB: eur(euSurchargePerGB)}
}

// qcRoamingPerGB is what a Québec plan charges per gigabyte used outside
// Canada without a roaming option: pay-per-use roaming is dear there, which
// is what the travel options are sold against.
const qcRoamingPerGB = 3000

// qcTariff is a Québec plan's tariff: no data included abroad.
func qcTariff(o overage) catalog.Tariff {
	return catalog.Tariff{DataPerGB: cad(o.dataPerGB), VoicePerMinute: cad(o.voicePerMinute), SMSEach: cad(0),
		RoamingDataMB: allow(0), RoamingPerGB: cad(qcRoamingPerGB)}
}

// overage is what a plan charges at home beyond its allowances, in cents.
type overage struct{ dataPerGB, voicePerMinute int64 }

// overages are the plans that charge beyond their allowances at home: data
// at €10 per GB on the small French plans and CA$15 on the small Québec ones,
// voice on the plans with limited minutes. The other plans slow data down
// instead of charging, and their voice and SMS have no cap: they charge 0.
var overages = map[string]overage{
	"FR-MOBILE-2H":      {dataPerGB: 1000, voicePerMinute: 5},
	"FR-MOBILE-5G":      {dataPerGB: 1000},
	"QC-MOBILE-10G":     {dataPerGB: 1500},
	"QC-MOBILE-25G":     {dataPerGB: 1500},
	"QC-MOBILE-4G-2018": {dataPerGB: 1500, voicePerMinute: 45},
}

// withTariffs gives each plan the tariff of its jurisdiction and overage.
func withTariffs(list []catalog.Plan) []catalog.Plan {
	for i := range list {
		p := &list[i]
		if p.Jurisdiction == tact.CAQC {
			p.Tariff = qcTariff(overages[p.Code])
		} else {
			p.Tariff = frTariff(p.MonthlyPrice.Cents, p.DataMB, overages[p.Code])
		}
	}
	return list
}

// plans is the demo operator's mobile range, priced like the French and
// Québec markets of 2025–2026: France sells big allowances cheap, Québec sells
// smaller ones dearer. Tiers rank each jurisdiction's range from the basic plan
// (1) to the largest; the retired plans keep lines that never moved. Their
// tariffs are in overages, frTariff and qcTariff.
var plans = withTariffs([]catalog.Plan{
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
})

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

// demoOption is an option of the catalogue, and whether the crowd's lines
// carry it.
type demoOption struct {
	catalog.Option
	onLines bool
}

// option returns an active option; monthly is in cents of j's currency.
func option(code string, j tact.Jurisdiction, fr, en string, monthly, dataMB, roamingDataMB int64, onLines bool) demoOption {
	return demoOption{catalog.Option{Code: code, Name: tact.Text{FR: fr, EN: en}, Jurisdiction: j,
		MonthlyPrice: tact.Money{Cents: monthly, Currency: j.Currency()}, DataMB: dataMB, RoamingDataMB: roamingDataMB, Active: true}, onLines}
}

// options are the operator's options. In France the EU is already in every
// plan (frTariff): Europe Voyage adds EU data beyond the fair-use limit, Monde
// Voyage is for the rest of the world. In Québec nothing is included abroad
// (qcTariff), and the passes are sold against pay-per-use roaming. The
// crowd's lines draw their options from those marked onLines, in this order:
// the draws depend on it, so an option added since goes off lines (the data
// packs) and the demo stays the same seed for seed.
var options = []demoOption{
	option("europe-voyage", tact.FR, "Europe Voyage", "Europe Travel", 500, 0, 10*gb, true),
	option("monde-voyage", tact.FR, "Monde Voyage", "World Travel", 1500, 0, 2*gb, true),
	option("assurance-mobile", tact.FR, "Assurance mobile", "Phone insurance", 999, 0, 0, true),
	option("multi-sim", tact.FR, "Multi-SIM", "Multi-SIM", 500, 0, 0, true),
	option("musique-illimitee", tact.FR, "Musique illimitée", "Unlimited music", 1099, 0, 0, true),
	// Barring premium-rate numbers is free: it protects the customer.
	option("blocage-surtaxes", tact.FR, "Blocage des numéros surtaxés", "Premium numbers barred", 0, 0, 0, true),
	option("pack-data-20go", tact.FR, "Pack 20 Go supplémentaires", "20 GB extra data pack", 500, 20*gb, 0, false),

	option("itinerance-usa", tact.CAQC, "Itinérance États-Unis", "US roaming", 3500, 0, 5*gb, true),
	option("itinerance-monde", tact.CAQC, "Itinérance Monde", "World roaming", 6000, 0, 2*gb, true),
	option("protection-appareil", tact.CAQC, "Protection de l'appareil", "Device protection", 1500, 0, 0, true),
	option("messagerie-visuelle", tact.CAQC, "Messagerie vocale visuelle", "Visual voicemail", 500, 0, 0, true),
	option("afficheur", tact.CAQC, "Afficheur", "Caller ID", 800, 0, 0, true),
	option("partage-donnees", tact.CAQC, "Partage de données", "Data sharing", 1000, 0, 0, true),
	// CA$25 for 5 GB: cheaper than the CA$15 per GB the small plans charge
	// beyond their allowance.
	option("donnees-plus-5go", tact.CAQC, "5 Go supplémentaires", "5 GB extra data", 2500, 5*gb, 0, false),
}

// lineOptions are the options of each jurisdiction the crowd's lines carry.
var lineOptions = func() map[tact.Jurisdiction][]lineOption {
	out := map[tact.Jurisdiction][]lineOption{}
	for _, o := range options {
		if o.onLines {
			out[o.Jurisdiction] = append(out[o.Jurisdiction], lineOption{o.Code, o.Name})
		}
	}
	return out
}()

// demoOffers are the operator's offers, priced until validUntil. Some fit
// many customers; two are story 4's campaign (an LG phone, a "bigger" plan)
// that tact keeps from the customers they do not fit.
func demoOffers(validUntil tact.Date) []offer.Offer {
	named := func(fr, en string) tact.Text { return tact.Text{FR: fr, EN: en} }
	list := []offer.Offer{
		{Code: "FR-PASSAGE-100G", Kind: offer.PlanChange, Jurisdiction: tact.FR, Name: named("Passez au 100 Go 5G à 11,99 €", "Move to 100 GB 5G at €11.99"),
			PlanCode: "FR-MOBILE-100G", MonthlyPrice: eur(1199), Upgrade: true, CommitmentMonths: 12,
			Eligibility: "plan.data_mb >= 0 && usage.max_data_mb > plan.data_mb * 8 / 10"},
		{Code: "FR-40G-MOINS-CHER", Kind: offer.PlanChange, Jurisdiction: tact.FR, Name: named("Le 40 Go à 9,99 € sans engagement", "40 GB at €9.99, no commitment"),
			PlanCode: "FR-MOBILE-40G", MonthlyPrice: eur(999), Eligibility: "plan.monthly_price > 9.99"},
		{Code: "FR-PACK-20GO", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: named("Pack 20 Go à 3 €", "20 GB pack at €3"),
			OptionCode: "pack-data-20go", MonthlyPrice: eur(300), Eligibility: "usage.max_data_mb > 20000"},
		{Code: "FR-IPHONE-16", Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: named("iPhone 16 : 99 € puis 24 × 37 €", "iPhone 16: €99 then 24 × €37"),
			DeviceCode: "FR-IPHONE-16", Upfront: eur(9900), Instalment: eur(3700), Instalments: 24, CommitmentMonths: 24,
			Eligibility: "device_age_months >= 24"},
		{Code: "FR-GALAXY-S25", Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: named("Galaxy S25 : 49 € puis 24 × 35 €", "Galaxy S25: €49 then 24 × €35"),
			DeviceCode: "FR-GALAXY-S25", Upfront: eur(4900), Instalment: eur(3500), Instalments: 24, CommitmentMonths: 24,
			Eligibility: "device_age_months >= 24"},

		{Code: "QC-LG-K92", Kind: offer.DeviceSale, Jurisdiction: tact.CAQC, Name: named("LG K92 5G à 0 $ sur 24 mois", "LG K92 5G at $0 over 24 months"),
			DeviceCode: "QC-LG-K92", Instalment: cad(1663), Instalments: 24, CommitmentMonths: 24},
		{Code: "QC-PLUS-DE-DONNEES", Kind: offer.PlanChange, Jurisdiction: tact.CAQC, Name: named("Plus de données : 100 Go à 60 $", "More data: 100 GB at $60"),
			PlanCode: "QC-MOBILE-100G", MonthlyPrice: cad(6000), Upgrade: true, CommitmentMonths: 24},
		{Code: "QC-IPHONE-16", Kind: offer.DeviceSale, Jurisdiction: tact.CAQC, Name: named("iPhone 16 : 0 $ à l'achat, 24 × 47 $", "iPhone 16: $0 down, 24 × $47"),
			DeviceCode: "QC-IPHONE-16", Instalment: cad(4700), Instalments: 24, CommitmentMonths: 24, Eligibility: "device_age_months >= 18"},
		{Code: "QC-PROTECTION-APPAREIL", Kind: offer.OptionAdd, Jurisdiction: tact.CAQC, Name: named("Protection de l'appareil à 10 $ par mois", "Device protection at $10 a month"),
			OptionCode: "protection-appareil", MonthlyPrice: cad(1000), Eligibility: `platform != "" && device_age_months < 24`},
		{Code: "QC-DONNEES-PLUS", Kind: offer.OptionAdd, Jurisdiction: tact.CAQC, Name: named("5 Go de plus pour 20 $", "5 GB more for $20"),
			OptionCode: "donnees-plus-5go", MonthlyPrice: cad(2000), Eligibility: "plan.data_mb >= 0 && usage.max_data_mb > plan.data_mb"},
	}
	for i := range list {
		list[i].ValidUntil, list[i].Active = validUntil, true
	}
	return list
}

// putCatalog stores the plans, options, handsets and offers through the
// catalogue services; the offers' prices hold until the end of the month
// after now.
func putCatalog(ctx context.Context, a *app.App, now time.Time) error {
	for _, p := range plans {
		if _, err := a.Catalog.PutPlan(ctx, p); err != nil {
			return fmt.Errorf("demo: plan %s: %w", p.Code, err)
		}
	}
	for _, o := range options {
		if _, err := a.Catalog.PutOption(ctx, o.Option); err != nil {
			return fmt.Errorf("demo: option %s: %w", o.Code, err)
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
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	validUntil := tact.DateOf(first.AddDate(0, 2, -1))
	for _, o := range demoOffers(validUntil) {
		if _, err := a.Offers.Put(ctx, o); err != nil {
			return fmt.Errorf("demo: offer %s: %w", o.Code, err)
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
