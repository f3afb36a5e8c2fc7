// Package notice decides when the written notices the law asks of an operator
// are due, and writes them: the yearly best-tariff advice (EECC Art. 105(3))
// and the notice that a line's commitment is about to end (EECC Art. 105(3) in
// France, Loi sur la protection du consommateur art. 214.4 in Québec). Each
// rule is a pure function of the customer's facts and a civil date, so the
// jobs that queue the notices (app.Notices) only gather facts and record
// deliveries. It does no I/O.
//
// Days are counted between civil dates (tact.Date), never between instants:
// a commitment that ends 90 days from now ends 90 days from now whether or not
// a change of summer time falls in between. "Today" is the customer's own,
// in his time zone.
package notice

import (
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// RuleID names a rule, as logs and tests cite it.
type RuleID string

// The rules.
const (
	// RuleBestTariffYearly: best_tariff_yearly, see BestTariffDue.
	RuleBestTariffYearly RuleID = "best_tariff_yearly"
	// RuleCommitmentEnd: commitment_end_notice, see CommitmentEndDue.
	RuleCommitmentEnd RuleID = "commitment_end_notice"
)

// Reason says why a rule found a notice due or not.
type Reason string

// Reasons.
const (
	// Due: the notice is due today.
	Due Reason = "due"
	// NotActive: the customer is cancelling or former; he gets no advice to
	// stay or change (DESIGN §4: no sales while leaving, none after).
	NotActive Reason = "customer_not_active"
	// NoLineInForce: the customer has no line in force today.
	NoLineInForce Reason = "no_line_in_force"
	// NotYet: the notice is not due yet (advice given within the year, or
	// the commitment ends further away than the lead).
	NotYet Reason = "not_yet"
	// LineEnded: the line is no longer in force.
	LineEnded Reason = "line_ended"
	// NoCommitment: the line has no commitment to end.
	NoCommitment Reason = "no_commitment"
	// CommitmentOver: the commitment has already ended.
	CommitmentOver Reason = "commitment_over"
	// ShortContract: a Québec contract of 60 days or less needs no notice
	// (LPC art. 214.4, second paragraph).
	ShortContract Reason = "short_contract"
)

// Verdict is what a rule says of one customer or line on one day.
type Verdict struct {
	Rule   RuleID
	Due    bool
	Reason Reason
	// Late is set on a due end-of-commitment notice that is already past the
	// latest day the law gives (a line created, or a job stopped, inside the
	// window): it is still sent, as the customer is better told late than not.
	Late bool
}

// Days counts the days from a to b (negative when b is before a), between
// civil dates: no time of day, no zone, no summer time.
func Days(a, b tact.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

// Today is the customer's date at instant now, in his time zone.
func Today(c *customer.Customer, now time.Time) tact.Date {
	return tact.DateOf(now.In(c.Location()))
}

// InForce reports whether a line is in force on day: started, and not ended
// (an ended line is in force up to and including its last day).
func InForce(l *customer.Line, day tact.Date) bool {
	if !l.StartedOn.IsZero() && day.Before(l.StartedOn) {
		return false
	}
	if l.Status == customer.LineEnded {
		return !l.EndedOn.IsZero() && !l.EndedOn.Before(day)
	}
	return l.EndedOn.IsZero() || !l.EndedOn.Before(day)
}

// BestTariffEvery is the most days between two best-tariff notices to a
// customer: a year of 365 days, so that the advice comes "at least annually"
// even across a leap day.
const BestTariffEvery = 365

// BestTariffDue is rule best_tariff_yearly: an active customer with a line in
// force gets best-tariff advice at least once a year, computed on his own use
// (offer.BestPlan). It is due when BestTariffEvery days have passed since the
// last one (last, the customer's date it was queued), or, when none was ever
// sent, since the relationship began (CustomerSince, else his first line's
// start): the first advice comes after a year of use, not with the first bill;
// a customer whose start is unknown is due at once.
//
// Source: Directive (EU) 2018/1972 (EECC), Art. 105(3), last sentence:
// "Providers shall provide end-users with best tariff information at least
// annually" (text checked against published quotations of the Directive).
// The French transposition (ordonnance n° 2021-650 du 26 mai 2021, into the
// Code de la consommation) was not verified: the article that carries this
// sentence is not cited here for that reason. Québec has no such rule that
// we know of; tact gives Québec customers the same yearly advice as the
// operator's own practice (DESIGN: every offer computed from what the
// customer really uses).
func BestTariffDue(c *customer.Customer, lines []*customer.Line, last, today tact.Date) Verdict {
	v := Verdict{Rule: RuleBestTariffYearly}
	if c.Status != customer.Active {
		v.Reason = NotActive
		return v
	}
	var firstStart tact.Date
	inForce := false
	for _, l := range lines {
		inForce = inForce || InForce(l, today)
		if !l.StartedOn.IsZero() && (firstStart.IsZero() || l.StartedOn.Before(firstStart)) {
			firstStart = l.StartedOn
		}
	}
	if !inForce {
		v.Reason = NoLineInForce
		return v
	}
	ref := last
	if ref.IsZero() {
		ref = c.CustomerSince
	}
	if ref.IsZero() {
		ref = firstStart
	}
	if !ref.IsZero() && Days(ref, today) < BestTariffEvery {
		v.Reason = NotYet
		return v
	}
	v.Due, v.Reason = true, Due
	return v
}

// BestTariffCutoffs are the bounds a store may select best-tariff candidates
// by at instant now without missing one BestTariffDue would find due, whatever
// the customer's time zone (a civil date is at most a day off the UTC one):
// customers with no best-tariff notice queued at or after noticedBefore, who
// joined on or before joinedBy (or whose start is unknown). The rule decides.
func BestTariffCutoffs(now time.Time) (noticedBefore time.Time, joinedBy tact.Date) {
	// Due means the notice's local date is at least 365 days before the
	// local today; the UTC date of each is within a day of it, so the
	// notice was queued more than 362 days before now.
	return now.AddDate(0, 0, -(BestTariffEvery - 3)), tact.DateOf(now.UTC()).AddDays(1 - BestTariffEvery)
}

// BestTariffKey is the once-only key of the best-tariff notice that follows
// the one of day last (the customer's date), or of his first one when last is
// zero: two passes, or two nodes, that read the same record queue one notice.
func BestTariffKey(customerID string, last tact.Date) string {
	if last.IsZero() {
		return "best_tariff:" + customerID + ":first"
	}
	return "best_tariff:" + customerID + ":after:" + last.String()
}

// Leads are how many days before a commitment ends its notice is due, per
// jurisdiction.
type Leads struct {
	FR   int
	CAQC int
}

// DefaultLeads are the leads of a fresh install: in France 31 days, one month
// whatever the month (C. conso. L.215-1: "au plus tard un mois avant"), in
// Québec 90 days, the first day LPC art. 214.4 allows.
func DefaultLeads() Leads { return Leads{FR: 31, CAQC: 90} }

// Of is j's lead.
func (l Leads) Of(j tact.Jurisdiction) int {
	if j == tact.CAQC {
		return l.CAQC
	}
	return l.FR
}

// Bounds are the fewest and most days before a commitment ends that the law
// lets its notice be given.
type Bounds struct{ Min, Max int }

// LeadBounds is the law's window for j's end-of-commitment notice:
//
//   - FR: 31 to 89 days. C. conso. art. L.215-1 (text verified): the
//     consumer is told in writing "au plus tôt trois mois et au plus tard un
//     mois avant le terme" of a fixed-term service contract with tacit
//     renewal; a telecom contract that goes on after its commitment is such a
//     contract turned into one of indefinite duration, which the article
//     names. One month is 28 to 31 days, three months 89 to 92: 31 and 89 are
//     inside the window whatever the months. EECC Art. 105(3) asks that the
//     end of the commitment be told "in a prominent and timely manner" and
//     sets no number of days; its French transposition was not verified.
//   - CA-QC: 60 to 90 days. Loi sur la protection du consommateur (RLRQ
//     c. P-40.1), art. 214.4 (text verified): "entre le 90e et le 60e jour
//     précédant la date d'expiration du contrat".
func LeadBounds(j tact.Jurisdiction) Bounds {
	if j == tact.CAQC {
		return Bounds{Min: 60, Max: 90}
	}
	return Bounds{Min: 31, Max: 89}
}

// CheckLead refuses a lead outside the law's window for j.
func CheckLead(j tact.Jurisdiction, days int) error {
	b := LeadBounds(j)
	if days < b.Min || days > b.Max {
		return fmt.Errorf("end-of-commitment notice lead for %s: %d days is outside the law's window of %d to %d days before the end", j, days, b.Min, b.Max)
	}
	return nil
}

// Validate checks both leads against the law.
func (l Leads) Validate() error {
	if err := CheckLead(tact.FR, l.FR); err != nil {
		return err
	}
	return CheckLead(tact.CAQC, l.CAQC)
}

// shortContractDays is the longest Québec contract LPC art. 214.4 exempts.
const shortContractDays = 60

// CommitmentEndDue is rule commitment_end_notice: before a line's commitment
// ends, its active customer is told in writing the day it ends, that he may
// then leave or change without fees, and, "at the same time", the best-tariff
// advice (EECC Art. 105(3)). It is due from lead days before the last day of
// the commitment (CommitmentEndsOn) up to that day, once per line and end
// date (CommitmentEndKey): a notice found due after the law's latest day is
// still sent, marked Late. It is not due for an ended line, a line without
// commitment or whose commitment is over, a customer who is cancelling or has
// left, nor, in Québec, for a contract of 60 days or less.
//
// Sources: EECC Art. 105(3) (end of commitment and best-tariff advice at the
// same time, on a durable medium); C. conso. art. L.215-1 (France: between
// three months and one month before the end); LPC art. 214.4 (Québec:
// between the 90th and the 60th day before the expiry date, not for contracts
// of 60 days or less). See LeadBounds for what was verified.
func CommitmentEndDue(c *customer.Customer, l *customer.Line, lead int, today tact.Date) Verdict {
	v := Verdict{Rule: RuleCommitmentEnd}
	end := l.CommitmentEndsOn
	switch {
	case c.Status != customer.Active:
		v.Reason = NotActive
	case !InForce(l, today):
		v.Reason = LineEnded
	case end.IsZero():
		v.Reason = NoCommitment
	case end.Before(today):
		v.Reason = CommitmentOver
	case c.Jurisdiction == tact.CAQC && !l.StartedOn.IsZero() && Days(l.StartedOn, end)+1 <= shortContractDays:
		v.Reason = ShortContract
	case Days(today, end) > lead:
		v.Reason = NotYet
	default:
		v.Due, v.Reason = true, Due
		v.Late = Days(today, end) < LeadBounds(c.Jurisdiction).Min
	}
	return v
}

// CommitmentEndWindow is the range of end dates a store selects lines by at
// instant now for jurisdiction j's lead: every end CommitmentEndDue may find
// due for a customer in any time zone (his date is within a day of the UTC
// one). The rule decides.
func CommitmentEndWindow(now time.Time, lead int) (from, to tact.Date) {
	today := tact.DateOf(now.UTC())
	return today.AddDays(-1), today.AddDays(lead + 1)
}

// CommitmentEndKey is the once-only key of a line's end-of-commitment notice
// for one end date: a commitment renewed to a new date gets a new notice.
// Stores select the lines whose key is not yet a delivery's, so its form is
// part of their contract: "commitment_end:<line id>:<YYYY-MM-DD>".
func CommitmentEndKey(lineID string, end tact.Date) string {
	return "commitment_end:" + lineID + ":" + end.String()
}
