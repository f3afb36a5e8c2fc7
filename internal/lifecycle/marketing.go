package lifecycle

import (
	"slices"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// RuleMarketingErasure: a former customer's marketing data is erased three
// years after the relationship ended. Source: CNIL, référentiel relatif aux
// traitements de données à caractère personnel mis en œuvre aux fins de
// gestion des activités commerciales, and its recommendation on commercial
// prospection (after the former simplified norm NS-048): the data of a
// former customer or prospect used for prospection is kept at most three
// years from the end of the commercial relationship; the data the operator
// must keep for its legal and accounting obligations is kept for those, and
// the data that lets the customer's objection be honoured is kept too. The
// CNIL's restricted committee holds the three years as its reference (e.g.
// délibération SAN-2020-008). RGPD art. 5(1)(e), storage limitation.
//
// tact counts the three years from FormerSince, the day the relationship
// ended, in the customer's own calendar (MarketingErasureDue), and erases
// once per ending (customer.Customer.MarketingErased).
const RuleMarketingErasure = "marketing_data_erasure"

// MarketingRetentionYears is how long, in years from the end of the
// relationship, a former customer's marketing data is kept.
const MarketingRetentionYears = 3

// MarketingErasureDay is the first day a customer whose relationship ended on
// formerSince is due: the third anniversary of the end. An end on 29 February
// falls due on 28 February of the common year (tact.Date.AddYears): early
// rather than a day late.
func MarketingErasureDay(formerSince tact.Date) tact.Date {
	return formerSince.AddYears(MarketingRetentionYears)
}

// MarketingErasureDue reports whether c's marketing data is due for erasure on
// today, his own local date: he is a former customer, the third anniversary
// of the end of his relationship has come, and his marketing data was not
// erased since it ended. An active or cancelling customer is never due: he is
// still a customer, and his data still serves the relationship.
func MarketingErasureDue(c *customer.Customer, today tact.Date) bool {
	return c.Status == customer.Former && !c.FormerSince.IsZero() && !c.MarketingErased() &&
		!today.Before(MarketingErasureDay(c.FormerSince))
}

// MarketingErasureCutoff is the latest end of a relationship that can be due
// on today: every customer due ended on or before it, so a store asked for
// the former customers who ended by then misses none. It is exact at the end
// of February: on 28 February 2027 the customers who left on 29 February 2024
// are due, and the cutoff says so.
func MarketingErasureCutoff(today tact.Date) tact.Date {
	cut := today.AddYears(-MarketingRetentionYears)
	for !today.Before(MarketingErasureDay(cut.AddDays(1))) {
		cut = cut.AddDays(1)
	}
	return cut
}

// EraseMarketingData takes a former customer's marketing data out of his
// record, marks the record erased on on, and returns what it took. The rest of
// his marketing data, kept beside the record, is erased by the store in the
// same transaction (customer.Store.EraseMarketingData).
//
// Marketing data is what serves to solicit the customer, or to profile him
// for soliciting, and nothing else:
//
//   - every consent he granted to be contacted for sales or surveys (a
//     permission to solicit him; the record of when he gave it stays in his
//     events, as the proof that past contacts were lawful);
//   - his preferred call slots (when he is best reached: they limit no
//     contact, the quiet hours do);
//   - the time his numbers were last found clear on the national opposition
//     list (Bloctel, DNCL), which only a sales call reads;
//   - his devices, with their brand, model and OS in the device_added events
//     (what he owns is what sales target: "platform" in a campaign's target);
//   - his monthly usage (data, calls, SMS, roaming, third-party spend: what
//     offers and campaigns are computed from);
//   - the entries of campaign plans naming him (targets with their brief,
//     suppressed, control);
//   - the verbatim of his survey answers, his own words on his opinion; the
//     score, sentiment and what was done with the answer (the case and
//     promise it opened) stay, as the record of the follow-up the operator
//     owed him, and the words that needed acting on are in that case.
//
// Everything that protects him stays, since erasing it would loosen what may
// be done to him: every refusal of consent (an objection, which the
// référentiel keeps so that it is honoured), the internal do-not-call entry
// (kept three years by law, CRTC Unsolicited Telecommunications Rules, Part
// II, and never loosened), his quiet hours and preferred channel, the
// third-party billing switch. So do the legal records and what they need:
// identity and contact points, lines, bills, credit notes, disputes, dunning
// decisions, third-party consents, cases, promises, deliveries,
// interactions, contact decisions, survey requests and his events — the
// audit and accounting record, kept for their own periods.
func EraseMarketingData(c *customer.Customer, on tact.Date) customer.MarketingErasure {
	var erased customer.MarketingErasure
	kept := c.Consents[:0:0]
	for _, k := range c.Consents {
		if k.Granted && slices.Contains(customer.ConsentPurposes, k.Purpose) {
			erased.Consents++
			continue
		}
		kept = append(kept, k)
	}
	c.Consents = kept
	erased.PreferredSlots = len(c.Preferences.PreferredSlots)
	c.Preferences.PreferredSlots = nil
	if c.OppositionCheckedAt != nil {
		erased.OppositionCheck = 1
		c.OppositionCheckedAt = nil
	}
	c.MarketingErasedOn = on
	return erased
}
