package offer

import (
	"fmt"
	"strings"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// RuleID names a relevance rule; it is stable and appears in every
// assessment it decides.
type RuleID string

// Reason is one rule's objection to an offer for a subject.
type Reason struct {
	Rule RuleID    `json:"rule"`
	Text tact.Text `json:"text"`
}

// Assessment is whether an offer fits a subject, and if not, every rule that
// objected.
type Assessment struct {
	Fits    bool     `json:"fits"`
	Reasons []Reason `json:"reasons,omitempty"`
}

// The relevance rules, each checked for every offer besides its own
// eligibility expression.
const (
	// RuleInactive: an offer withdrawn from sale is not made. Source: the
	// catalogue.
	RuleInactive RuleID = "offer_inactive"
	// RuleExpired: an offer is made only while its price is guaranteed: past
	// ValidUntil the customer could not accept it at the price shown. Source:
	// C. conso L.112-1 (the price shown is the price), EECC Art. 102(1)
	// (the offer states its duration).
	RuleExpired RuleID = "offer_expired"
	// RuleJurisdiction: an offer of another jurisdiction's catalogue is not
	// made. Source: the catalogue (prices and law differ).
	RuleJurisdiction RuleID = "other_jurisdiction"
	// RuleCancelling: nothing is sold to a customer whose cancellation is
	// under way. Source: DESIGN §4 (suppression), issue 4 cancelling_no_sales.
	RuleCancelling RuleID = "cancelling_no_sales"
	// RuleFormer: nothing is sold to a former customer who has not opted in
	// to sales. Source: RGPD Art. 21 and CNIL guidance on prospecting former
	// customers; DESIGN story 5.
	RuleFormer RuleID = "former_customer"
	// RuleAlreadyHeld: never offer what the customer already has: his plan,
	// an option on the line, the device in his hand. Source: DESIGN story 4.
	RuleAlreadyHeld RuleID = "already_held"
	// RulePlatform: a device offer respects the customer's platform (no
	// Android phone to an iPhone owner) unless the offer says otherwise.
	// Source: DESIGN story 4.
	RulePlatform RuleID = "device_platform"
	// RuleBelowUsage: never offer a plan whose allowances are below what the
	// customer actually used in any of the months assessed. Source: DESIGN
	// story 4; EECC Art. 105(3) (the best tariff is judged on actual use).
	RuleBelowUsage RuleID = "below_usage"
	// RuleUpgradeNotAbove: an "upgrade" must be above the customer's current
	// tier (no "bigger plan" to someone on the biggest). Source: DESIGN story 4.
	RuleUpgradeNotAbove RuleID = "upgrade_not_above"
	// RuleEligibility: the offer's own expression did not admit the customer.
	// Source: the offer.
	RuleEligibility RuleID = "eligibility"
	// RuleUnknownItem: the plan, device or option the offer names is not in
	// the catalogue. Source: the catalogue.
	RuleUnknownItem RuleID = "unknown_item"
)

// Assess says whether o fits s on day today. rule is o's compiled
// eligibility expression. Every rule is checked, so that an assessment names
// every objection, not only the first.
func Assess(o *Offer, rule *Rule, s Subject, cat Catalog, today tact.Date) (Assessment, error) {
	return assess(o, rule, s, EnvOf(s, today), cat, today, true)
}

// assess is Assess with the subject's expression environment computed once
// for all the offers, and the reasons' texts written only when texts is true
// (a planner counting rules over a million customers needs only their ids).
func assess(o *Offer, rule *Rule, s Subject, env Env, cat Catalog, today tact.Date, texts bool) (Assessment, error) {
	var out []Reason
	object := func(id RuleID, fr, en string, args ...any) {
		r := Reason{Rule: id}
		if texts {
			r.Text = tact.Text{FR: fmt.Sprintf(fr, args...), EN: fmt.Sprintf(en, args...)}
		}
		out = append(out, r)
	}
	c := s.Customer
	if !o.Active {
		object(RuleInactive, "L'offre %s n'est plus proposée.", "Offer %s is no longer on sale.", o.Code)
	}
	if o.ValidUntil.Before(today) {
		object(RuleExpired, "Le prix de l'offre n'était garanti que jusqu'au %s.", "The offer's price was guaranteed until %s only.", o.ValidUntil)
	}
	if o.Jurisdiction != c.Jurisdiction {
		object(RuleJurisdiction, "L'offre est du catalogue %s, le client relève de %s.", "The offer is from the %s catalogue; the customer is in %s.", o.Jurisdiction, c.Jurisdiction)
	}
	switch c.Status {
	case customer.Cancelling:
		object(RuleCancelling, "Résiliation en cours : aucune offre commerciale.", "Cancellation under way: no sales offer.")
	case customer.Former:
		if !salesOptIn(c) {
			object(RuleFormer, "Ancien client sans accord pour recevoir des offres.", "Former customer who has not agreed to receive offers.")
		}
	}

	plan, device, option := cat.Plans[o.PlanCode], cat.Devices[o.DeviceCode], cat.Options[o.OptionCode]
	switch {
	case o.PlanCode != "" && plan == nil:
		object(RuleUnknownItem, "Le forfait %s n'est pas au catalogue.", "Plan %s is not in the catalogue.", o.PlanCode)
	case o.DeviceCode != "" && device == nil:
		object(RuleUnknownItem, "Le mobile %s n'est pas au catalogue.", "Device %s is not in the catalogue.", o.DeviceCode)
	case o.OptionCode != "" && option == nil:
		object(RuleUnknownItem, "L'option %s n'est pas au catalogue.", "Option %s is not in the catalogue.", o.OptionCode)
	}

	if plan != nil && s.Plan != nil {
		if plan.Code == s.Plan.Code {
			object(RuleAlreadyHeld, "Le client a déjà le forfait %s.", "The customer already has plan %s.", plan.Name.FR)
		}
		if o.Upgrade && plan.Tier <= s.Plan.Tier {
			object(RuleUpgradeNotAbove, "Le forfait proposé (niveau %d) n'est pas au-dessus du sien (niveau %d).",
				"The plan offered (tier %d) is not above his (tier %d).", plan.Tier, s.Plan.Tier)
		}
		if unit, used, allowed, ok := belowUsage(plan, s); ok {
			r := Reason{Rule: RuleBelowUsage}
			if texts {
				r.Text = tact.Text{FR: fmt.Sprintf("Le forfait proposé inclut %d %s, le client en a consommé %d en un mois.", allowed, unit.FR, used),
					EN: fmt.Sprintf("The plan offered includes %d %s; the customer used %d in a month.", allowed, unit.EN, used)}
			}
			out = append(out, r)
		}
	}
	if option != nil && s.Line != nil {
		for _, code := range s.Line.Options {
			if code == option.Code {
				object(RuleAlreadyHeld, "La ligne a déjà l'option %s.", "The line already has option %s.", option.Name.FR)
			}
		}
	}
	if device != nil && s.Device != nil {
		if sameDevice(device, s.Device) {
			object(RuleAlreadyHeld, "Le client a déjà un %s %s.", "The customer already has a %s %s.", device.Brand, device.Model)
		}
		if !o.AnyPlatform && s.Device.OS != "" && device.OS != s.Device.OS {
			object(RulePlatform, "Le client est sur %s, le mobile proposé sur %s.", "The customer is on %s; the device offered runs %s.", s.Device.OS, device.OS)
		}
	}

	ok, err := rule.Admits(env)
	if err != nil {
		return Assessment{}, err
	}
	if !ok {
		object(RuleEligibility, "Les conditions de l'offre ne sont pas remplies (%s).", "The offer's conditions are not met (%s).", o.Eligibility)
	}
	return Assessment{Fits: len(out) == 0, Reasons: out}, nil
}

// salesOptIn reports whether a customer agreed to sales on some channel.
func salesOptIn(c *customer.Customer) bool {
	for _, k := range c.Consents {
		if k.Purpose == tact.PurposeSales && k.Granted {
			return true
		}
	}
	return false
}

// sameDevice reports whether the customer's device is the catalogue's.
func sameDevice(d *catalog.Device, have *customer.Device) bool {
	if have.CatalogCode != "" {
		return have.CatalogCode == d.Code
	}
	return strings.EqualFold(strings.TrimSpace(have.Brand), d.Brand) && strings.EqualFold(strings.TrimSpace(have.Model), d.Model)
}

// belowUsage finds an allowance of plan below a month's use of s, with the
// options the line keeps: its unit, the use and the allowance.
func belowUsage(plan *catalog.Plan, s Subject) (unit tact.Text, used, allowed int64, below bool) {
	var extraData int64
	for _, o := range s.Options {
		extraData += o.DataMB
	}
	for _, m := range s.Usage {
		switch {
		case !plan.DataMB.Unlimited && m.DataMB > plan.DataMB.Amount+extraData:
			return tact.Text{FR: "Mo de données", EN: "MB of data"}, m.DataMB, plan.DataMB.Amount + extraData, true
		case !plan.VoiceMinutes.Covers(m.VoiceMinutes):
			return tact.Text{FR: "minutes d'appel", EN: "call minutes"}, m.VoiceMinutes, plan.VoiceMinutes.Amount, true
		case !plan.SMS.Covers(m.SMS):
			return tact.Text{FR: "SMS", EN: "SMS"}, m.SMS, plan.SMS.Amount, true
		}
	}
	return tact.Text{}, 0, 0, false
}
