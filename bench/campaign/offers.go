package main

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// shape is an eligibility expression of the few shapes both tact (an expr
// expression over offer.Env) and the reference (SQL) can say: the empty
// expression, or one field compared with a whole number.
type shape struct {
	// Field is one of the names of offer.Env below, "" for no condition.
	Field string `json:"field"`
	// Op is one of >=, >, <=, <.
	Op string `json:"op"`
	N  int64  `json:"n"`
}

// The fields a shape may test, by their names in offer.Env.
const (
	tenure    = "tenure_months"
	maxData   = "usage.max_data_mb"
	deviceAge = "device_age_months"
	planTier  = "plan.tier"
)

func everyone() shape                     { return shape{} }
func atLeast(field string, n int64) shape { return shape{Field: field, Op: ">=", N: n} }
func above(field string, n int64) shape   { return shape{Field: field, Op: ">", N: n} }
func atMost(field string, n int64) shape  { return shape{Field: field, Op: "<=", N: n} }

// expr is the shape as an offer's eligibility expression.
func (s shape) expr() string {
	if s.Field == "" {
		return ""
	}
	return fmt.Sprintf("%s %s %d", s.Field, s.Op, s.N)
}

// offerDef is one offer of the benchmark, derived from the demo catalogue.
type offerDef struct {
	code, plan, device, option string
	// monthly is the offer's monthly price (the plan's under the offer, or
	// the option's); upfront and instalment are a device's, in cents.
	monthly, upfront, instalment int64
	instalments, commitment      int
	upgrade, anyPlatform         bool
	rule                         shape
}

// offerDefs are the 20 offers of each jurisdiction: plan changes (upgrades
// among them), devices of both platforms (one sold to any platform), a
// bundle, options. Codes are prefixed with "BENCH5-".
var offerDefs = map[tact.Jurisdiction][]offerDef{
	tact.FR: {
		{code: "P5G", plan: "FR-MOBILE-5G", monthly: 699, rule: everyone()},
		{code: "P40G", plan: "FR-MOBILE-40G", monthly: 899, commitment: 12, rule: atLeast(tenure, 12)},
		{code: "UP100G", plan: "FR-MOBILE-100G", monthly: 1099, commitment: 12, upgrade: true, rule: above(maxData, 30000)},
		{code: "UP200G", plan: "FR-MOBILE-200G", monthly: 1499, commitment: 12, upgrade: true, rule: atMost(planTier, 4)},
		{code: "UP350G", plan: "FR-MOBILE-350G", monthly: 1999, commitment: 24, upgrade: true, rule: above(maxData, 150000)},
		{code: "P2H", plan: "FR-MOBILE-2H", monthly: 199, rule: atMost(planTier, 2)},
		{code: "P100G-FIDELITE", plan: "FR-MOBILE-100G", monthly: 999, rule: atLeast(tenure, 36)},
		{code: "IPHONE-16-PRO", device: "FR-IPHONE-16-PRO", upfront: 19900, instalment: 4500, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 24)},
		{code: "IPHONE-16", device: "FR-IPHONE-16", upfront: 9900, instalment: 3700, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 18)},
		{code: "IPHONE-15", device: "FR-IPHONE-15", upfront: 4900, instalment: 2900, instalments: 24, commitment: 24, rule: atLeast(tenure, 24)},
		{code: "IPHONE-14", device: "FR-IPHONE-14", instalment: 2500, instalments: 24, commitment: 24, rule: everyone()},
		{code: "GALAXY-S25", device: "FR-GALAXY-S25", upfront: 4900, instalment: 3500, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 24)},
		{code: "GALAXY-A55", device: "FR-GALAXY-A55", instalment: 1900, instalments: 24, commitment: 24, rule: everyone()},
		{code: "PIXEL-9", device: "FR-PIXEL-9", upfront: 2900, instalment: 3500, instalments: 24, commitment: 24, rule: atLeast(tenure, 12)},
		{code: "REDMI-NOTE-14", device: "FR-REDMI-NOTE-14", instalment: 2000, instalments: 12, rule: atMost(planTier, 2)},
		{code: "GALAXY-A16", device: "FR-GALAXY-A16", instalment: 1600, instalments: 12, anyPlatform: true, rule: atLeast(deviceAge, 36)},
		{code: "BUNDLE-200G-IPHONE-16", plan: "FR-MOBILE-200G", device: "FR-IPHONE-16", monthly: 1699, upfront: 9900, instalment: 3000, instalments: 24, commitment: 24, upgrade: true, rule: atLeast(deviceAge, 30)},
		{code: "PACK-20GO", option: "pack-data-20go", monthly: 300, rule: above(maxData, 20000)},
		{code: "ASSURANCE", option: "assurance-mobile", monthly: 699, rule: everyone()},
		{code: "MUSIQUE", option: "musique-illimitee", monthly: 799, rule: atLeast(tenure, 6)},
	},
	tact.CAQC: {
		{code: "P25G", plan: "QC-MOBILE-25G", monthly: 3900, rule: everyone()},
		{code: "P60G", plan: "QC-MOBILE-60G", monthly: 4900, commitment: 12, rule: atLeast(tenure, 12)},
		{code: "UP100G", plan: "QC-MOBILE-100G", monthly: 5900, commitment: 24, upgrade: true, rule: above(maxData, 40000)},
		{code: "UP175G", plan: "QC-MOBILE-175G", monthly: 7000, commitment: 24, upgrade: true, rule: atMost(planTier, 4)},
		{code: "UP-ILLIMITE", plan: "QC-MOBILE-ILLIMITE", monthly: 8500, commitment: 24, upgrade: true, rule: above(maxData, 120000)},
		{code: "P10G", plan: "QC-MOBILE-10G", monthly: 2900, rule: atMost(planTier, 2)},
		{code: "P100G-FIDELITE", plan: "QC-MOBILE-100G", monthly: 5500, rule: atLeast(tenure, 36)},
		{code: "IPHONE-16-PRO", device: "QC-IPHONE-16-PRO", instalment: 6000, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 24)},
		{code: "IPHONE-16", device: "QC-IPHONE-16", instalment: 4700, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 18)},
		{code: "IPHONE-15", device: "QC-IPHONE-15", instalment: 4200, instalments: 24, commitment: 24, rule: atLeast(tenure, 24)},
		{code: "IPHONE-14", device: "QC-IPHONE-14", instalment: 3500, instalments: 24, commitment: 24, rule: everyone()},
		{code: "GALAXY-S25", device: "QC-GALAXY-S25", instalment: 4700, instalments: 24, commitment: 24, rule: atLeast(deviceAge, 24)},
		{code: "GALAXY-A55", device: "QC-GALAXY-A55", instalment: 2500, instalments: 24, commitment: 24, rule: everyone()},
		{code: "PIXEL-9", device: "QC-PIXEL-9", instalment: 4200, instalments: 24, commitment: 24, rule: atLeast(tenure, 12)},
		{code: "MOTO-G-5G", device: "QC-MOTO-G-5G", instalment: 1250, instalments: 24, commitment: 24, rule: atMost(planTier, 2)},
		{code: "LG-K92", device: "QC-LG-K92", instalment: 1663, instalments: 24, commitment: 24, rule: everyone()},
		{code: "BUNDLE-175G-IPHONE-16", plan: "QC-MOBILE-175G", device: "QC-IPHONE-16", monthly: 7500, instalment: 3500, instalments: 24, commitment: 24, upgrade: true, rule: atLeast(deviceAge, 30)},
		{code: "DONNEES-PLUS", option: "donnees-plus-5go", monthly: 2000, rule: above(maxData, 8000)},
		{code: "PROTECTION", option: "protection-appareil", monthly: 1000, rule: everyone()},
		{code: "ITINERANCE-USA", option: "itinerance-usa", monthly: 3000, rule: atLeast(tenure, 6)},
	},
}

// short is the jurisdiction's tag in codes.
func short(j tact.Jurisdiction) string {
	if j == tact.CAQC {
		return "QC"
	}
	return "FR"
}

// offerCode is the stored code of d in j.
func offerCode(j tact.Jurisdiction, d offerDef) string { return "BENCH5-" + short(j) + "-" + d.code }

// offersOf returns the offers of j as app.Offers.Put takes them, valid until
// validUntil.
func offersOf(j tact.Jurisdiction, validUntil tact.Date) []offer.Offer {
	cur := j.Currency()
	money := func(c int64) tact.Money { return tact.Money{Cents: c, Currency: cur} }
	var out []offer.Offer
	for _, d := range offerDefs[j] {
		o := offer.Offer{Code: offerCode(j, d), Jurisdiction: j, PlanCode: d.plan, DeviceCode: d.device, OptionCode: d.option,
			MonthlyPrice: money(d.monthly), Upfront: money(d.upfront), Instalment: money(d.instalment), Instalments: d.instalments,
			CommitmentMonths: d.commitment, Upgrade: d.upgrade, AnyPlatform: d.anyPlatform, ValidUntil: validUntil,
			Eligibility: d.rule.expr(), Active: true}
		switch {
		case d.plan != "" && d.device != "":
			o.Kind = offer.Bundle
		case d.plan != "":
			o.Kind = offer.PlanChange
		case d.device != "":
			o.Kind = offer.DeviceSale
		default:
			o.Kind = offer.OptionAdd
		}
		o.Name = tact.Text{FR: "Banc d'essai : " + d.code, EN: "Benchmark: " + d.code}
		out = append(out, o)
	}
	return out
}

// campaignDef is what differs between the two campaigns.
type campaignDef struct {
	j        tact.Jurisdiction
	callerID string
	// subject: a pending promise on it suppresses the contact; the Québec
	// campaign names none, so that an open send_offer promise does.
	subject string
}

var campaignDefs = []campaignDef{
	{j: tact.FR, callerID: "+33 1 76 00 00 00", subject: "contract_adaptation"},
	{j: tact.CAQC, callerID: "+1 514 555 0100"},
}

// callerPool is the operator's pool of caller ids given to the policy (the
// campaigns show numbers from it); -pool=false plans with an empty pool.
var callerPool = []string{"+33 1 76 00 00 00", "+1 514 555 0100"}

// campaignOf is the campaign of d: sales calls, from tomorrow for days days
// at capacity a day, 10 % held out. Its code ends with a hash of its
// definition, so that the same benchmark on the same day plans the same
// campaign again, and any change makes a new one.
func campaignOf(d campaignDef, starts tact.Date, days, capacity int) campaign.Campaign {
	var codes []string
	for _, o := range offerDefs[d.j] {
		codes = append(codes, offerCode(d.j, o))
	}
	c := campaign.Campaign{Name: tact.Text{FR: "Banc d'essai du plan de campagne", EN: "Campaign planning benchmark"},
		Jurisdiction: d.j, Offers: codes, Channel: tact.ChannelPhone, Purpose: tact.PurposeSales, Source: "bench-dialer",
		CallerID: d.callerID, Subject: d.subject, CapacityPerDay: capacity, Starts: starts, Ends: starts.AddDays(days - 1),
		ControlPercent: 10}
	h := fnv.New32a()
	fmt.Fprintf(h, "%v|%v|%s|%s|%d|%s|%s|%s", c.Offers, c.Jurisdiction, c.CallerID, c.Subject, c.CapacityPerDay, c.Starts, c.Ends, rulesKey(d.j))
	c.Code = fmt.Sprintf("bench5-%s-%s-%08x", strings.ToLower(short(d.j)), strings.ReplaceAll(starts.String(), "-", ""), h.Sum32())
	return c
}

// rulesKey sums up the offers' eligibility, for the campaign's code.
func rulesKey(j tact.Jurisdiction) string {
	var b strings.Builder
	for _, o := range offerDefs[j] {
		fmt.Fprintf(&b, "%s:%s;", o.code, o.rule.expr())
	}
	return b.String()
}

// validUntil is the last day of the sixth month after now: the offers' prices
// hold through any campaign the benchmark plans.
func validUntil(now time.Time) tact.Date {
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	return tact.DateOf(first.AddDate(0, 7, -1))
}
