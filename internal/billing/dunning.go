package billing

import (
	"fmt"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Step is a dunning step.
type Step string

// Dunning steps, in order. A suspension notice announces a suspension; the
// suspension needs two of them (see DunningRules).
const (
	Reminder         Step = "reminder"
	FormalNotice     Step = "formal_notice"
	SuspensionNotice Step = "suspension_notice"
	Suspension       Step = "suspension"
)

// Steps lists every step.
var Steps = []Step{Reminder, FormalNotice, SuspensionNotice, Suspension}

// Valid reports whether s is a known step.
func (s Step) Valid() bool { return slices.Contains(Steps, s) }

// DunningRules are a jurisdiction's limits on dunning, in cents.
type DunningRules struct {
	// Minimum is the least amount any step may claim.
	Minimum int64
	// SuspensionMinimum and SuspensionOverdueMonths: a suspension needs an
	// overdue balance above SuspensionMinimum or a bill overdue for that many
	// months; 0 means no such rule. SuspensionNoticeDays and
	// SuspensionLastNoticeHours are the notices it needs before; it happens
	// only on weekdays between SuspensionFrom and SuspensionTo (minutes after
	// midnight, the customer's time).
	SuspensionMinimum         int64
	SuspensionOverdueMonths   int
	SuspensionNoticeDays      int
	SuspensionLastNoticeHours int
	SuspensionFrom            int
	SuspensionTo              int
}

// The dunning rules.
const (
	// RuleDunningMinimum: no step claims less than the minimum (story 3, the
	// formal demand for €0.01). Source: DESIGN §5 (€5 / CA$5, configurable).
	RuleDunningMinimum RuleID = "dunning_minimum"
	// RuleDunningDisputed: an amount under dispute is frozen: no step claims
	// it. Source: C. conso. L.224-30 scope (the bill is contested before the
	// operator); CRTC Wireless Code G (no disconnection for disputed
	// charges); DESIGN §5.
	RuleDunningDisputed RuleID = "dunning_disputed"
	// RuleDunningCreditPending: a credit note promised and not yet applied
	// is netted first; when it covers the balance, nothing is claimed (story
	// 3). Source: DESIGN §5.
	RuleDunningCreditPending RuleID = "dunning_credit_pending"
	// RuleDunningNoBasis: a claim needs an itemised bill behind it (story 3,
	// the blank invoice). Source: arrêté du 31 décembre 2013 (itemised
	// telecom bills); DESIGN §5.
	RuleDunningNoBasis RuleID = "dunning_no_itemised_basis"
	// RuleDunningNotSent: only a bill the customer received is dunned: not
	// one still under review, held, or validated but not sent. Source:
	// DESIGN §5.
	RuleDunningNotSent RuleID = "dunning_bill_not_sent"
	// RuleDunningNoReminder: a formal notice comes only after a reminder.
	// Source: DESIGN §5 (the order of the steps).
	RuleDunningNoReminder RuleID = "dunning_no_prior_reminder"
	// RuleDunningAfterEnd: nothing is claimed for a day after the contract's
	// end. Source: C. conso. L.224-39; DESIGN §5.
	RuleDunningAfterEnd RuleID = "dunning_line_after_contract_end"
	// RuleSuspensionThreshold: in Québec a service is suspended only for an
	// overdue balance above CA$50 or a bill two months overdue. Source:
	// issue 6 as filed, after the CRTC Wireless Code (Telecom Regulatory
	// Policy 2013-271, section on disconnection); the exact wording is to be
	// checked against the Code.
	RuleSuspensionThreshold RuleID = "suspension_threshold"
	// RuleSuspensionNotices: a suspension needs a notice 14 days before and
	// another 24 hours before. Source: as RuleSuspensionThreshold.
	RuleSuspensionNotices RuleID = "suspension_notices"
	// RuleSuspensionHours: a suspension happens on a weekday between 08:00
	// and 21:00, the customer's time; otherwise it waits (defer). Source: as
	// RuleSuspensionThreshold.
	RuleSuspensionHours RuleID = "suspension_hours"
)

// Verdicts of a dunning decision.
const (
	Allow = "allow"
	Deny  = "deny"
	Defer = "defer"
)

// DunningFacts are what a dunning decision knows.
type DunningFacts struct {
	Bill *Bill
	// Balance is what is left to pay on the bill; Disputed the part of it
	// under dispute; PendingCredits the customer's credit notes not yet
	// applied.
	Balance        int64
	Disputed       int64
	PendingCredits int64
	// RemindedAt is when a reminder of this bill was sent; nil when none.
	RemindedAt *time.Time
	// NoticesAt are when suspension notices of this bill were sent.
	NoticesAt   []time.Time
	ContractEnd tact.Date
	Location    *time.Location
}

// DunningReason is one rule's objection.
type DunningReason struct {
	Rule RuleID    `json:"rule"`
	Text tact.Text `json:"text"`
}

// DunningDecision is the answer to "may this step be taken now?".
type DunningDecision struct {
	Verdict string `json:"verdict"`
	// Claimable is what the step may claim: the balance less the disputed
	// part and the pending credits.
	Claimable tact.Money `json:"claimable"`
	// NotBefore, for a deferral, is the first moment the step may be taken.
	NotBefore *time.Time      `json:"not_before,omitempty"`
	Reasons   []DunningReason `json:"reasons"`
}

// DecideDunning says whether step may be taken on f's bill at now, and for
// how much. Every rule is checked, so that a refusal names every reason.
func DecideDunning(step Step, f DunningFacts, rules DunningRules, now time.Time) DunningDecision {
	b := f.Bill
	cur := b.Total.Currency
	loc := f.Location
	if loc == nil {
		loc = time.UTC
	}
	fr := func(c int64) string { return wording.Money(tact.Money{Cents: c, Currency: cur}, "fr-FR") }
	en := func(c int64) string { return wording.Money(tact.Money{Cents: c, Currency: cur}, "en") }
	d := DunningDecision{Verdict: Allow, Reasons: []DunningReason{}}
	deny := func(rule RuleID, frText, enText string) {
		d.Verdict = Deny
		d.Reasons = append(d.Reasons, DunningReason{Rule: rule, Text: tact.Text{FR: frText, EN: enText}})
	}
	claim := f.Balance - max(f.Disputed, 0)
	if f.Disputed > 0 && claim <= 0 {
		deny(RuleDunningDisputed, fmt.Sprintf("Le solde de %s est entièrement contesté : il est gelé.", fr(f.Balance)),
			fmt.Sprintf("The balance of %s is under dispute in full: it is frozen.", en(f.Balance)))
	}
	if f.PendingCredits > 0 && f.PendingCredits >= claim && claim > 0 {
		deny(RuleDunningCreditPending, fmt.Sprintf("Un avoir de %s en attente couvre les %s réclamés : à imputer d'abord.", fr(f.PendingCredits), fr(claim)),
			fmt.Sprintf("A pending credit of %s covers the %s claimed: apply it first.", en(f.PendingCredits), en(claim)))
	}
	claim -= max(f.PendingCredits, 0)
	d.Claimable = tact.Money{Cents: max(claim, 0), Currency: cur}
	// Below the minimum, nothing owed included (a settled bill); unless the
	// dispute rule already says the whole balance is frozen.
	if claim < rules.Minimum && !(f.Disputed > 0 && f.Balance-f.Disputed <= 0) {
		deny(RuleDunningMinimum, fmt.Sprintf("Montant réclamable de %s, sous le minimum de %s.", fr(max(f.Balance-max(f.Disputed, 0), 0)), fr(rules.Minimum)),
			fmt.Sprintf("A claimable amount of %s, below the %s minimum.", en(max(f.Balance-max(f.Disputed, 0), 0)), en(rules.Minimum)))
	}
	if b.Status == New || b.Status == OnHold || b.Status == Validated {
		deny(RuleDunningNotSent, fmt.Sprintf("La facture n'a pas été envoyée (%s).", b.Status), fmt.Sprintf("The bill has not been sent (%s).", b.Status))
	}
	if len(b.Lines) == 0 {
		deny(RuleDunningNoBasis, "La facture n'a aucune ligne : rien ne justifie la réclamation.", "The bill has no lines: nothing itemises the claim.")
	}
	if step == FormalNotice && f.RemindedAt == nil {
		deny(RuleDunningNoReminder, "Aucune relance n'a précédé cette mise en demeure.", "No reminder came before this formal notice.")
	}
	if !f.ContractEnd.IsZero() && slices.ContainsFunc(b.Lines, func(l Line) bool { return !l.Date.IsZero() && l.Date.Compare(f.ContractEnd) > 0 }) {
		deny(RuleDunningAfterEnd, fmt.Sprintf("La facture porte une ligne après la fin du contrat (%s).", f.ContractEnd),
			fmt.Sprintf("The bill has a line after the contract's end (%s).", f.ContractEnd))
	}
	if step == Suspension {
		suspension(&d, f, rules, now, loc, deny, fr, en)
	}
	return d
}

// suspension adds the rules of a suspension of service to d.
func suspension(d *DunningDecision, f DunningFacts, rules DunningRules, now time.Time, loc *time.Location,
	deny func(RuleID, string, string), fr, en func(int64) string) {
	if rules.SuspensionMinimum > 0 || rules.SuspensionOverdueMonths > 0 {
		due := f.Bill.DueOn
		overdueLong := !due.IsZero() && rules.SuspensionOverdueMonths > 0 &&
			!tact.DateOf(now.In(loc)).Before(tact.DateOf(due.In(loc).AddDate(0, rules.SuspensionOverdueMonths, 0)))
		if d.Claimable.Cents <= rules.SuspensionMinimum && !overdueLong {
			deny(RuleSuspensionThreshold,
				fmt.Sprintf("Suspension seulement au-delà de %s impayés ou après %d mois de retard : %s réclamables.", fr(rules.SuspensionMinimum), rules.SuspensionOverdueMonths, fr(d.Claimable.Cents)),
				fmt.Sprintf("Suspension only above %s overdue or after %d months: %s claimable.", en(rules.SuspensionMinimum), rules.SuspensionOverdueMonths, en(d.Claimable.Cents)))
		}
	}
	if rules.SuspensionNoticeDays > 0 {
		// Two notices: the first at least SuspensionNoticeDays before, a
		// second one after it and at least SuspensionLastNoticeHours before.
		var first *time.Time
		for i, at := range f.NoticesAt {
			if !at.After(now.Add(-time.Duration(rules.SuspensionNoticeDays)*24*time.Hour)) && (first == nil || at.Before(*first)) {
				first = &f.NoticesAt[i]
			}
		}
		second := first != nil && slices.ContainsFunc(f.NoticesAt, func(at time.Time) bool {
			return at.After(*first) && !at.After(now.Add(-time.Duration(rules.SuspensionLastNoticeHours)*time.Hour))
		})
		if !second {
			deny(RuleSuspensionNotices,
				fmt.Sprintf("Il faut un préavis %d jours avant et un autre %d heures avant la suspension.", rules.SuspensionNoticeDays, rules.SuspensionLastNoticeHours),
				fmt.Sprintf("A suspension needs a notice %d days before and another %d hours before.", rules.SuspensionNoticeDays, rules.SuspensionLastNoticeHours))
		}
	}
	if rules.SuspensionTo > rules.SuspensionFrom && d.Verdict == Allow {
		if next := suspensionWindow(now.In(loc), rules.SuspensionFrom, rules.SuspensionTo); !next.Equal(now) {
			nb := next.UTC()
			d.Verdict, d.NotBefore = Defer, &nb
			d.Reasons = append(d.Reasons, DunningReason{Rule: RuleSuspensionHours, Text: tact.Text{
				FR: fmt.Sprintf("Une suspension se fait en semaine de %s à %s : pas avant le %s.", hhmm(rules.SuspensionFrom), hhmm(rules.SuspensionTo), next.Format("02/01/2006 15:04")),
				EN: fmt.Sprintf("A suspension happens on weekdays from %s to %s: not before %s.", hhmm(rules.SuspensionFrom), hhmm(rules.SuspensionTo), next.Format("2006-01-02 15:04"))}})
		}
	}
}

// suspensionWindow is the first moment at or after t (local) on a weekday
// within [from, to) minutes of the day.
func suspensionWindow(t time.Time, from, to int) time.Time {
	for d := 0; d < 8; d++ {
		day := time.Date(t.Year(), t.Month(), t.Day()+d, 0, 0, 0, 0, t.Location())
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		start := day.Add(time.Duration(from) * time.Minute)
		end := day.Add(time.Duration(to) * time.Minute)
		switch {
		case d == 0 && !t.Before(start) && t.Before(end):
			return t
		case t.Before(start):
			return start
		}
	}
	return t
}

func hhmm(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }
