package billing

import (
	"fmt"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// RuleID names a review or dunning rule; it is stable and appears in every
// finding and decision it makes.
type RuleID string

// The review rules, each run on every draft.
const (
	// RuleEmptyBill: a bill with no lines has no itemised basis: it cannot
	// be issued (story 3, the blank invoice). Source: C. conso. L.224-30 and
	// arrêté du 31 décembre 2013 (a telecom bill is itemised); DESIGN §5.
	RuleEmptyBill RuleID = "empty_bill"
	// RuleNothingDue: a bill whose total is zero or less asks for no
	// payment; one that does (a due date) cannot be issued (story 3, the
	// demand for €0.00). Source: DESIGN §5.
	RuleNothingDue RuleID = "payment_asked_for_nothing"
	// RuleSpike: a total above both SpikeFactor times the median of the
	// customer's last bills and the jurisdiction's floor is held for a person
	// (story 3, the €149,000 bill on a €20 plan). Source: DESIGN §5.
	RuleSpike RuleID = "bill_spike"
	// RuleRoamingCap: out-of-plan roaming above the cap, without the
	// customer's recorded consent to go beyond it, is held. Sources: EU
	// Regulation 2022/612 (roaming) Art. 14(3)–(4) and Regulation 531/2012
	// before it: a €50 (excl. VAT) monthly cut-off, the customer warned at
	// 80% and at 100% (ARCEP's summary says the same). The amounts compared
	// are the bill's as the billing system gives them: if they include VAT,
	// €50 is stricter than the law's €50 excl. VAT (about €60 incl.); the
	// cap is the operator's to set. CRTC Wireless Code (Telecom Regulatory Policy 2013-271, revised
	// 2017-200), section G: data roaming charges capped at CA$100 a month
	// unless the customer expressly consents.
	RuleRoamingCap RuleID = "roaming_cap"
	// RuleOverageCap: out-of-plan domestic usage above the cap, without
	// consent, is held. Source: CRTC Wireless Code, section G: data overage
	// charges capped at CA$50 a month unless the customer expressly consents.
	// France has no such cap.
	RuleOverageCap RuleID = "overage_cap"
	// RuleThirdPartyCap: third-party charges kept on a bill (switch on,
	// double opt-in) above the monthly cap are held for a person, the
	// customer warned from CapWarning percent: one runaway subscription is
	// story 1 again. Source: DESIGN story 1; no statute sets the figure: the
	// cap is the operator's policy (default €50 / CA$50, as the EU roaming
	// cut-off).
	RuleThirdPartyCap RuleID = "third_party_cap"
	// RuleAfterContractEnd: nothing is charged for a day after the
	// contract ended. Source: C. conso. L.224-39 (termination takes effect at
	// the latest 10 days after the request; nothing is owed after);
	// DESIGN §5.
	RuleAfterContractEnd RuleID = "line_after_contract_end"
	// RuleThirdPartySwitchOff: third-party billing is off until the customer
	// turns it on; a third-party charge while it is off is stripped and
	// listed for its provider (story 1). Source: DESIGN story 1; ARCEP
	// decision 2019-1439 (third-party billing, "Internet+") and the operators'
	// code of conduct it relies on.
	RuleThirdPartySwitchOff RuleID = "third_party_switch_off"
	// RuleThirdPartyNoConsent: a third-party charge without a matching double
	// opt-in consent (operator-side payment page confirmed, then an SMS or
	// email confirmation) is stripped and listed for its provider (story 1).
	// Source: DESIGN story 1; ARCEP decision 2019-1439.
	RuleThirdPartyNoConsent RuleID = "third_party_no_consent"
	// RuleFinalBillCredits: the final bill of a line (its period reaches the
	// line's last day of service) refunds every pending credit note of the
	// customer, each on a credit line citing it for its whole amount, and no
	// credit line cites a credit note that is not pending: a leaving
	// customer's money is neither kept nor refunded twice (story 3: a credit
	// of €45 pending while a formal demand claims €0.01). Source: issue 7,
	// money on the way out: pending credits and deposits refunded within the
	// legal delay (lifecycle.RuleRefundDelay).
	RuleFinalBillCredits RuleID = "final_bill_credits"
)

// RuleIDs lists every review and dunning rule.
var RuleIDs = []RuleID{RuleEmptyBill, RuleNothingDue, RuleSpike, RuleRoamingCap, RuleOverageCap, RuleThirdPartyCap, RuleAfterContractEnd,
	RuleThirdPartySwitchOff, RuleThirdPartyNoConsent, RuleFinalBillCredits, RuleDunningMinimum, RuleDunningDisputed, RuleDunningCreditPending,
	RuleDunningNoBasis, RuleDunningNotSent, RuleDunningNoReminder, RuleDunningAfterEnd, RuleSuspensionThreshold, RuleSuspensionNotices, RuleSuspensionHours}

// Valid reports whether r is a known rule.
func (r RuleID) Valid() bool { return slices.Contains(RuleIDs, r) }

// Rules are what a jurisdiction's review holds bills to.
type Rules struct {
	// SpikeFactor and SpikeFloor: a total above both SpikeFactor × the
	// median of the last SpikeHistory bills and SpikeFloor is held; at
	// least SpikeMinHistory bills are needed for a median.
	SpikeFactor     int
	SpikeFloor      int64
	SpikeHistory    int
	SpikeMinHistory int
	// RoamingCap, OverageCap and ThirdPartyCap are the monthly caps on
	// out-of-plan roaming, domestic usage and third-party charges, in cents;
	// 0 for none. CapWarning is the share of a cap (in percent) at which the
	// customer is warned.
	RoamingCap    int64
	OverageCap    int64
	ThirdPartyCap int64
	CapWarning    int
}

// Policy is the review and dunning rules of each jurisdiction.
type Policy struct {
	Review  map[tact.Jurisdiction]Rules
	Dunning map[tact.Jurisdiction]DunningRules
}

// DefaultPolicy is the law's and DESIGN §5's defaults.
func DefaultPolicy() Policy {
	return Policy{
		Review: map[tact.Jurisdiction]Rules{
			tact.FR:   {SpikeFactor: 3, SpikeFloor: 150_00, SpikeHistory: 6, SpikeMinHistory: 3, RoamingCap: 50_00, ThirdPartyCap: 50_00, CapWarning: 80},
			tact.CAQC: {SpikeFactor: 3, SpikeFloor: 200_00, SpikeHistory: 6, SpikeMinHistory: 3, RoamingCap: 100_00, OverageCap: 50_00, ThirdPartyCap: 50_00, CapWarning: 80},
		},
		Dunning: map[tact.Jurisdiction]DunningRules{
			tact.FR:   {Minimum: 5_00},
			tact.CAQC: {Minimum: 5_00, SuspensionMinimum: 50_00, SuspensionOverdueMonths: 2, SuspensionNoticeDays: 14, SuspensionLastNoticeHours: 24, SuspensionFrom: 8 * 60, SuspensionTo: 21 * 60},
		},
	}
}

// ThirdPartyConsent is a customer's double opt-in to a third-party service:
// confirmed on the operator's own payment page, then again by SMS or email.
type ThirdPartyConsent struct {
	CustomerID string `json:"customer_id"`
	// Ref is the consent's reference, unique per customer, which the
	// provider's bill lines cite (Provider.ConsentRef).
	Ref      string `json:"ref"`
	Provider string `json:"provider"`
	Service  string `json:"service"`
	// PaymentPageAt is when the customer confirmed on the operator's page;
	// ConfirmedAt when he confirmed again by ConfirmedBy (sms or email).
	PaymentPageAt time.Time    `json:"payment_page_at"`
	ConfirmedAt   time.Time    `json:"confirmed_at"`
	ConfirmedBy   tact.Channel `json:"confirmed_by"`
	// WithdrawnAt ends the consent; nil while it stands.
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	// CreatedAt is when tact recorded it: the two confirmations are the
	// provider's and the operator's word, this is tact's own.
	CreatedAt time.Time `json:"created_at"`
}

// Double reports whether the consent is a double opt-in: both steps done,
// in order, the second by SMS or email.
func (c ThirdPartyConsent) Double() bool {
	return !c.PaymentPageAt.IsZero() && !c.ConfirmedAt.IsZero() && !c.ConfirmedAt.Before(c.PaymentPageAt) &&
		(c.ConfirmedBy == tact.ChannelSMS || c.ConfirmedBy == tact.ChannelEmail)
}

// covers reports whether the consent covers a third-party charge made on
// day: same reference and provider, double, given by then and not withdrawn
// before.
func (c ThirdPartyConsent) covers(p *Provider, day tact.Date, loc *time.Location) bool {
	if c.Ref != p.ConsentRef || c.Provider != p.Name || !c.Double() {
		return false
	}
	if day.IsZero() {
		// A charge for the whole period: the consent must stand now.
		return c.WithdrawnAt == nil
	}
	if tact.DateOf(c.ConfirmedAt.In(loc)).Compare(day) > 0 {
		return false
	}
	return c.WithdrawnAt == nil || tact.DateOf(c.WithdrawnAt.In(loc)).Compare(day) > 0
}

// Facts are what the review knows of the customer besides the bill.
type Facts struct {
	Jurisdiction tact.Jurisdiction
	Location     *time.Location
	// History are the totals of his previous bills, oldest first.
	History []int64
	// ThirdPartyBilling is his switch; Consents his third-party consents.
	ThirdPartyBilling bool
	Consents          []ThirdPartyConsent
	// RoamingConsent and OverageConsent record that he agreed to go beyond
	// the caps this period.
	RoamingConsent bool
	OverageConsent bool
	// ContractEnd is the last day of service of the bill's line; zero while
	// it runs.
	ContractEnd tact.Date
	// Credits are the customer's credit notes, read for a final bill (one
	// whose period reaches ContractEnd) and only then.
	Credits []*CreditNote
}

// Final reports whether b is the last bill of its line: the line has ended
// and the bill's period reaches its last day.
func (f Facts) Final(b *Bill) bool {
	return !f.ContractEnd.IsZero() && !b.To.Before(f.ContractEnd)
}

// Finding is one rule's say on a bill.
type Finding struct {
	Rule RuleID    `json:"rule"`
	Text tact.Text `json:"text"`
	// Line is the index of the line at fault in the draft, -1 for the bill.
	Line int `json:"line"`
	// Holds is true when the finding holds the bill for a person; a
	// stripped line does not hold it.
	Holds bool `json:"holds"`
}

// Review is the outcome of a bill's review.
type Review struct {
	Status   Status    `json:"status"`
	Findings []Finding `json:"findings"`
	// Stripped are the third-party lines taken off the bill, to be listed
	// for their providers; the bill's lines and total no longer hold them.
	Stripped []Line `json:"stripped"`
	// Warnings are caps reached at CapWarning percent: the customer is told.
	Warnings []Finding `json:"warnings"`
	// Spent and Caps are, for each capped rule, what the bill's out-of-plan
	// lines reach and the cap, in cents: what a warning tells the customer.
	Spent map[RuleID]int64 `json:"spent,omitempty"`
	Caps  map[RuleID]int64 `json:"caps,omitempty"`
}

// ReviewBill reviews a validated draft against the customer's facts and the
// jurisdiction's rules. Third-party lines that cannot stand are stripped from
// b (its lines and total change); the bill is on_hold when any finding holds
// it, else validated. It reads nothing but its arguments.
func ReviewBill(b *Bill, f Facts, rules Rules) Review {
	r := Review{Findings: []Finding{}, Stripped: []Line{}, Warnings: []Finding{}}
	cur := b.Total.Currency
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	lang := tact.Language("fr-FR")
	euro := func(cents int64) string { return wording.Money(tact.Money{Cents: cents, Currency: cur}, lang) }
	euroEN := func(cents int64) string { return wording.Money(tact.Money{Cents: cents, Currency: cur}, "en") }
	find := func(rule RuleID, line int, holds bool, fr, en string) {
		r.Findings = append(r.Findings, Finding{Rule: rule, Line: line, Holds: holds, Text: tact.Text{FR: fr, EN: en}})
	}

	// Third-party lines first: what is stripped is not charged, so the caps
	// and the spike are judged on what remains.
	// The lines are copied only when one is stripped: most bills keep all.
	var kept []Line
	for i, l := range b.Lines {
		if l.Kind != ThirdParty {
			if kept != nil {
				kept = append(kept, l)
			}
			continue
		}
		strip := func() {
			if kept == nil {
				kept = append(make([]Line, 0, len(b.Lines)), b.Lines[:i]...)
			}
			r.Stripped = append(r.Stripped, l)
		}
		switch {
		case !f.ThirdPartyBilling:
			find(RuleThirdPartySwitchOff, i, false,
				fmt.Sprintf("Facturation pour compte de tiers désactivée : « %s » (%s, %s) retiré de la facture.", l.Description, l.Provider.Name, euro(l.Amount.Cents)),
				fmt.Sprintf("Third-party billing is off: %q (%s, %s) taken off the bill.", l.Description, l.Provider.Name, euroEN(l.Amount.Cents)))
			strip()
		case !slices.ContainsFunc(f.Consents, func(c ThirdPartyConsent) bool { return c.covers(l.Provider, l.Date, loc) }):
			find(RuleThirdPartyNoConsent, i, false,
				fmt.Sprintf("Aucun double consentement pour « %s » (%s, %s) : retiré de la facture.", l.Description, l.Provider.Name, euro(l.Amount.Cents)),
				fmt.Sprintf("No double opt-in for %q (%s, %s): taken off the bill.", l.Description, l.Provider.Name, euroEN(l.Amount.Cents)))
			strip()
		default:
			if kept != nil {
				kept = append(kept, l)
			}
		}
	}
	if kept != nil {
		b.Lines = kept
		b.Total.Cents = Sum(kept)
	}
	if b.Lines == nil {
		b.Lines = []Line{}
	}

	if len(b.Lines) == 0 {
		find(RuleEmptyBill, -1, true, "Facture sans aucune ligne : rien ne la justifie, elle ne peut pas partir.",
			"A bill with no lines: nothing itemises it; it cannot be sent.")
	}
	if b.Total.Cents <= 0 && !b.DueOn.IsZero() {
		find(RuleNothingDue, -1, true, fmt.Sprintf("La facture demande un paiement pour un total de %s.", euro(b.Total.Cents)),
			fmt.Sprintf("The bill asks for payment of a total of %s.", euroEN(b.Total.Cents)))
	}
	if !f.ContractEnd.IsZero() {
		for i, l := range b.Lines {
			if !l.Date.IsZero() && l.Date.Compare(f.ContractEnd) > 0 {
				find(RuleAfterContractEnd, i, true,
					fmt.Sprintf("« %s » du %s, après la fin du contrat le %s.", l.Description, l.Date, f.ContractEnd),
					fmt.Sprintf("%q of %s, after the contract ended on %s.", l.Description, l.Date, f.ContractEnd))
			}
		}
	}
	if f.Final(b) {
		finalCredits(b, f.Credits, find, euro, euroEN)
	}
	for _, c := range []struct {
		rule    RuleID
		kind    Kind
		cap     int64
		consent bool
		fr, en  string
	}{
		{RuleRoamingCap, Roaming, rules.RoamingCap, f.RoamingConsent, "l'itinérance hors forfait", "out-of-plan roaming"},
		{RuleOverageCap, Usage, rules.OverageCap, f.OverageConsent, "le hors-forfait", "out-of-plan usage"},
		{RuleThirdPartyCap, ThirdParty, rules.ThirdPartyCap, false, "le total des services de tiers", "third-party spend"},
	} {
		if c.cap <= 0 {
			continue
		}
		var spent int64
		for _, l := range b.Lines {
			if l.Kind == c.kind && !l.InPlan {
				spent += l.Amount.Cents
			}
		}
		switch {
		case spent > c.cap && !c.consent:
			find(c.rule, -1, true, fmt.Sprintf("%s atteint %s, au-delà du plafond de %s, sans accord du client.", capitalize(c.fr), euro(spent), euro(c.cap)),
				fmt.Sprintf("%s reaches %s, beyond the %s cap, without the customer's consent.", capitalize(c.en), euroEN(spent), euroEN(c.cap)))
		case spent*100 >= c.cap*int64(rules.CapWarning):
			if r.Spent == nil {
				r.Spent, r.Caps = map[RuleID]int64{}, map[RuleID]int64{}
			}
			r.Spent[c.rule], r.Caps[c.rule] = spent, c.cap
			r.Warnings = append(r.Warnings, Finding{Rule: c.rule, Line: -1, Text: tact.Text{
				FR: fmt.Sprintf("%s atteint %s, %d %% du plafond de %s : le client est prévenu.", capitalize(c.fr), euro(spent), spent*100/c.cap, euro(c.cap)),
				EN: fmt.Sprintf("%s reaches %s, %d%% of the %s cap: the customer is warned.", capitalize(c.en), euroEN(spent), spent*100/c.cap, euroEN(c.cap))}})
		}
	}
	if med, ok := median(f.History, rules.SpikeHistory, rules.SpikeMinHistory); ok {
		if b.Total.Cents > int64(rules.SpikeFactor)*med && b.Total.Cents > rules.SpikeFloor {
			find(RuleSpike, -1, true,
				fmt.Sprintf("Total de %s, plus de %d fois la médiane de ses dernières factures (%s) et au-dessus de %s.", euro(b.Total.Cents), rules.SpikeFactor, euro(med), euro(rules.SpikeFloor)),
				fmt.Sprintf("A total of %s, over %d times the median of his last bills (%s) and above %s.", euroEN(b.Total.Cents), rules.SpikeFactor, euroEN(med), euroEN(rules.SpikeFloor)))
		}
	}
	r.Status = Validated
	if slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Holds }) {
		r.Status = OnHold
	}
	b.Status = r.Status
	return r
}

// median is the median of the last n totals (the list's own order is
// history: the newest last), when there are at least min of them; the lower
// middle for an even count, so that one old spike does not raise it.
func median(history []int64, n, min int) (int64, bool) {
	if len(history) > n {
		history = history[len(history)-n:]
	}
	if len(history) < min || len(history) == 0 {
		return 0, false
	}
	s := slices.Clone(history)
	slices.Sort(s)
	return s[(len(s)-1)/2], true
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

// finalCredits holds a final bill that does not refund every pending credit
// note exactly once (RuleFinalBillCredits).
func finalCredits(b *Bill, credits []*CreditNote, find func(RuleID, int, bool, string, string), euro, euroEN func(int64) string) {
	refunded := map[string]int64{}
	for i, l := range b.Lines {
		if l.CreditNoteID == "" {
			continue
		}
		k := slices.IndexFunc(credits, func(c *CreditNote) bool { return c.ID == l.CreditNoteID })
		switch {
		case k < 0 || credits[k].Status != CreditPending:
			find(RuleFinalBillCredits, i, true,
				fmt.Sprintf("La ligne rembourse l'avoir %s, qui n'est pas un avoir en attente du client.", l.CreditNoteID),
				fmt.Sprintf("The line refunds credit note %s, which is not a pending credit of the customer.", l.CreditNoteID))
		case refunded[l.CreditNoteID] != 0:
			find(RuleFinalBillCredits, i, true,
				fmt.Sprintf("L'avoir %s est déjà remboursé sur une autre ligne.", l.CreditNoteID),
				fmt.Sprintf("Credit note %s is already refunded on another line.", l.CreditNoteID))
		}
		refunded[l.CreditNoteID] += -l.Amount.Cents
	}
	for _, c := range credits {
		if c.Status != CreditPending || refunded[c.ID] == c.Amount.Cents {
			continue
		}
		find(RuleFinalBillCredits, -1, true,
			fmt.Sprintf("Facture finale : l'avoir %s de %s (%s) n'y est pas remboursé (%s remboursés).", c.ID, euro(c.Amount.Cents), c.Reason, euro(refunded[c.ID])),
			fmt.Sprintf("Final bill: credit note %s of %s (%s) is not refunded on it (%s refunded).", c.ID, euroEN(c.Amount.Cents), c.Reason, euroEN(refunded[c.ID])))
	}
}
