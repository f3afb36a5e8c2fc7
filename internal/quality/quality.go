// Package quality owns the supervisors' weekly quality figures (DESIGN §2:
// "supervisors: … quality figures"; issue 8): first-contact resolution,
// repeat contacts within 7 days, promises kept on time, contact pressure per
// customer, the survey loop closed within 48 hours, and bill disputes. Each
// figure is defined once here, as a named constant whose doc comment says
// what it counts and why, and computed here from Facts.
//
// Where the line with SQL is: a store selects the records a Query names
// (the cases resolved in the week with their inbound contacts, the inbound
// contacts of the week and of the 7 days after it, the promises due in the
// week, …) and may count them per customer (Tally), but it judges nothing:
// "at most one contact", "within 7 days", "at or before the due", "within 48
// hours", a detractor, a percentile, the sales-call ceiling and when a
// dispute was open are decided by the functions of this package. The stores
// get every bound and parameter from the Query, none of their own.
//
// Figures are computed by a job, week by week, and stored (Store): reading
// them never reads the history, so the supervisor's page is one indexed
// read however many contacts there are.
package quality

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// Figure names a weekly quality figure: it is the figure's member in the
// JSON of Figures.
type Figure string

// The figures. A ratio's numerator and denominator are both kept, so a
// chart shows volumes and a week with nothing to count is not 0%.
const (
	// FirstContactResolution: of the cases resolved in the week (their
	// resolution time in the week; a case reopened and resolved again counts
	// at its last resolution), the share whose customer made at most
	// FirstContactMax inbound contacts about the case (interactions citing
	// it, direction inbound, any channel) started at or before its
	// resolution. A case the customer never had to contact us about counts
	// as resolved at first contact: he did not have to come back. Source:
	// DESIGN story 3 ("bounced between scripted agents, re-explaining the
	// problem each time"); the usual definition of first-contact resolution
	// (COPC, SQM: resolved without the customer having to contact again),
	// measured per case as tact links contacts to cases.
	FirstContactResolution Figure = "first_contact_resolution"
	// RepeatContacts: of the inbound contacts started in the week, the share
	// followed by another inbound contact of the same customer (any channel,
	// any subject) less than RepeatWindow later (6 days 23:59 is a repeat, 7
	// days is not); of two at the same instant, one is the other's repeat.
	// A contact enters the figure once its 7 days have passed,
	// so the figure of a week is complete 7 days after its end. Source:
	// DESIGN story 2 ("days later the same call centre calls again … and
	// again") and story 3; the usual "repeat contact rate" of contact
	// centres, the other face of first-contact resolution.
	RepeatContacts Figure = "repeat_contacts_7d"
	// PromisesKeptOnTime: of the promises due in the week (their first due,
	// not the new date an apology gave), the share kept at or before their
	// due (one minute late is late). A promise withdrawn at or before its due
	// is left out: the customer was told, with the reason, while it still
	// stood; one withdrawn after its due was broken first and counts, not
	// kept. A promise enters the figure once its due has passed. Source:
	// DESIGN story 2 ("I will send you the offer" … nothing comes) and the
	// commitment package's overdue rule.
	PromisesKeptOnTime Figure = "promises_kept_on_time"
	// ContactPressure: the outbound contacts started in the week
	// (interactions, direction outbound, every source and channel, answered
	// or not), per customer contacted that week: their number, the number of
	// customers, the mean, the 95th percentile (nearest rank) and the most
	// any one customer got; and, where the jurisdiction caps sales calls
	// (FR: 4 attempts in 30 days, décret n° 2022-1313), the customers who
	// got in the week a sales call (outbound, phone, purpose sales) that
	// had the cap's number of sales calls before it within the cap's window
	// — the calls the sales_call_cap rule would have held. Source: DESIGN
	// story 2 ("again, and again") and §4, story 4.
	ContactPressure Figure = "contact_pressure"
	// ClosedLoop: of the survey answers received in the week that are
	// detractors (survey rule survey_detractor) and carry the promise to
	// call back (survey rule survey_follow_up), the share whose promise was
	// kept within ClosedLoopWindow of the customer's answer (answered_at: 48
	// hours is in time, 48 hours and a minute is not). An answer is counted
	// in the week tact received it, when the loop could start, and enters the
	// figure once its 48 hours have passed. Source: DESIGN story 5 ("answers
	// that reveal a problem open a case with an owner and a 48-hour
	// callback").
	ClosedLoop Figure = "closed_loop_48h"
	// Disputes: the bill disputes opened in the week, and those open at the
	// week's end (opened before it and not resolved by then; for the week
	// under way, open now). Source: DESIGN story 1 (one-click dispute) and
	// story 3 (no dunning during a dispute).
	Disputes Figure = "disputes"
)

// Figures lists every figure, in the order a dashboard shows them.
var Figures = []Figure{FirstContactResolution, RepeatContacts, PromisesKeptOnTime, ContactPressure, ClosedLoop, Disputes}

// Valid reports whether f is a known figure.
func (f Figure) Valid() bool { return slices.Contains(Figures, f) }

// The figures' parameters.
const (
	// FirstContactMax is how many inbound contacts about a case a
	// first-contact resolution allows.
	FirstContactMax = 1
	// RepeatWindow is how soon another inbound contact makes a repeat.
	RepeatWindow = 7 * 24 * time.Hour
	// ClosedLoopWindow is how soon after a detractor's answer the call back
	// closes the loop: survey rule survey_follow_up's 48 hours.
	ClosedLoopWindow = 48 * time.Hour
	// Percentile is the contact-pressure percentile a dashboard shows
	// beside the mean and the maximum: the customers pressed hardest, short
	// of the odd outlier.
	Percentile = 95
	// Settle is how long after a week's end its figures can still change
	// (RepeatWindow, the longest wait of any figure): figures computed that
	// long after the end are final.
	Settle = RepeatWindow
)

// Ratio is a share with its volumes: Numerator of Denominator. Value is
// their quotient, null when the denominator is 0 (nothing to count, which
// is not 0%).
type Ratio struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Value       *float64 `json:"value"`
}

// ratio returns n of d with its value rounded to 4 decimals.
func ratio(n, d int) Ratio {
	r := Ratio{Numerator: n, Denominator: d}
	if d > 0 {
		v := math.Round(float64(n)/float64(d)*10000) / 10000
		r.Value = &v
	}
	return r
}

// Pressure is the contact pressure of a week (ContactPressure).
type Pressure struct {
	// Contacts is the outbound contacts of the week; Customers the
	// customers they reached.
	Contacts  int `json:"contacts"`
	Customers int `json:"customers"`
	// Mean is Contacts per customer (0 with no customer), rounded to 2
	// decimals; P95 the 95th percentile of the contacts per customer
	// (nearest rank); Max the most one customer got.
	Mean float64 `json:"mean"`
	P95  int     `json:"p95"`
	Max  int     `json:"max"`
	// SalesCallCap and SalesCallWindowDays are the jurisdiction's ceiling
	// on sales calls (0: none, as in Québec); AboveSalesCallCap the
	// customers who got a sales call beyond it in the week.
	SalesCallCap        int `json:"sales_call_cap"`
	SalesCallWindowDays int `json:"sales_call_window_days"`
	AboveSalesCallCap   int `json:"above_sales_call_cap"`
}

// DisputeCounts are the bill disputes of a week (Disputes).
type DisputeCounts struct {
	Opened    int `json:"opened"`
	OpenAtEnd int `json:"open_at_end"`
}

// WeekFigures are one jurisdiction's figures for one week, as computed at
// ComputedAt.
type WeekFigures struct {
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	Week         Week              `json:"week"`
	// Zone is the reference zone the week was cut in; Starts and Ends its
	// bounds, Monday 00:00 and the next Monday 00:00 there.
	Zone   string    `json:"zone"`
	Starts time.Time `json:"starts"`
	Ends   time.Time `json:"ends"`
	// ComputedAt is when the figures were computed; Final whether that was
	// Settle or more after the week's end, so that nothing done since can
	// change them (a contact reported late aside).
	ComputedAt time.Time `json:"computed_at"`
	Final      bool      `json:"final"`

	FirstContactResolution Ratio         `json:"first_contact_resolution"`
	RepeatContacts         Ratio         `json:"repeat_contacts_7d"`
	PromisesKeptOnTime     Ratio         `json:"promises_kept_on_time"`
	ContactPressure        Pressure      `json:"contact_pressure"`
	ClosedLoop             Ratio         `json:"closed_loop_48h"`
	Disputes               DisputeCounts `json:"disputes"`
}

// Ceiling is a jurisdiction's cap on sales calls: at most Calls attempts
// within Window, every source together (contactpolicy.Rules.MaxSalesCalls
// and SalesCallWindow); Calls 0 is none.
type Ceiling struct {
	Calls  int
	Window time.Duration
}

// Query is what a store reads to compute one jurisdiction's week: every
// bound is here, so the store decides none.
type Query struct {
	Jurisdiction tact.Jurisdiction
	// From and To are the week, [From, To).
	From, To time.Time
	// InboundUntil ends the inbound contacts read: To plus RepeatWindow,
	// so the last contact of the week finds its repeat.
	InboundUntil time.Time
	// SalesFrom starts the sales calls read: From minus the ceiling's
	// window, so the first call of the week sees those before it;
	// SalesMinCalls is how many a customer must have in [SalesFrom, To)
	// to be read at all (the ceiling plus one: fewer cannot exceed it); 0
	// reads none (no ceiling).
	SalesFrom     time.Time
	SalesMinCalls int
	// SalesPurpose and SalesChannel are what a sales call is.
	SalesPurpose tact.Purpose
	SalesChannel tact.Channel
}

// NewQuery returns the query of jurisdiction j's week w, cut in loc, under
// the ceiling c.
func NewQuery(j tact.Jurisdiction, w Week, loc *time.Location, c Ceiling) Query {
	from, to := w.Bounds(loc)
	q := Query{Jurisdiction: j, From: from, To: to, InboundUntil: to.Add(RepeatWindow), SalesFrom: from,
		SalesPurpose: tact.PurposeSales, SalesChannel: tact.ChannelPhone}
	if c.Calls > 0 && c.Window > 0 {
		q.SalesFrom, q.SalesMinCalls = from.Add(-c.Window), c.Calls+1
	}
	return q
}

// Facts are the records a store read for a Query.
type Facts struct {
	// Resolved are the cases resolved in [From, To), each with the start
	// of every inbound contact citing it (any time).
	Resolved []ResolvedCase
	// Inbound are the inbound contacts started in [From, InboundUntil).
	Inbound []Contact
	// Outbound tallies the customers contacted outbound in [From, To) by
	// how many contacts each got.
	Outbound []Tally
	// SalesCalls are the sales calls (outbound, SalesChannel, SalesPurpose)
	// started in [SalesFrom, To) of the customers who got at least
	// SalesMinCalls of them there; none when SalesMinCalls is 0.
	SalesCalls []Contact
	// Promises are the promises due in [From, To).
	Promises []Promise
	// Answers are the survey answers received (stored) in [From, To).
	Answers []Answer
	// Disputes are the bill disputes opened before To.
	Disputes []Dispute
}

// ResolvedCase is a case resolved, with its inbound contacts.
type ResolvedCase struct {
	ID         string
	ResolvedAt time.Time
	// Inbound are the starts of the inbound contacts citing the case.
	Inbound []time.Time
}

// Contact is one contact of a customer. Two contacts of a customer at the
// same instant are interchangeable: which one comes first changes no count.
type Contact struct {
	CustomerID string
	At         time.Time
}

// Tally says that Customers customers got Contacts contacts each.
type Tally struct {
	Contacts  int
	Customers int
}

// Promise is what the figures need of a promise.
type Promise struct {
	Due         time.Time
	Status      commitment.Status
	KeptAt      *time.Time
	CancelledAt *time.Time
}

// Answer is what the figures need of a survey answer and its promise.
type Answer struct {
	AnsweredAt time.Time
	Sentiment  survey.Sentiment
	// CommitmentID is the promise the answer opened ("" when none); KeptAt
	// when it was kept, nil while it is not.
	CommitmentID string
	KeptAt       *time.Time
}

// Dispute is what the figures need of a bill dispute.
type Dispute struct {
	OpenedAt time.Time
	// Open is whether it is open now; ResolvedAt when it was resolved
	// (billing.ResolveDispute), nil while it is open.
	Open       bool
	ResolvedAt *time.Time
}

// Compute returns the figures of jurisdiction j's week w, cut in loc, from
// the facts read for NewQuery(j, w, loc, c), at now.
func Compute(j tact.Jurisdiction, w Week, loc *time.Location, c Ceiling, f *Facts, now time.Time) *WeekFigures {
	from, to := w.Bounds(loc)
	out := &WeekFigures{Jurisdiction: j, Week: w, Zone: loc.String(), Starts: from.UTC(), Ends: to.UTC(),
		ComputedAt: now.UTC(), Final: !now.Before(to.Add(Settle))}
	out.FirstContactResolution = FirstContact(f.Resolved, from, to)
	out.RepeatContacts = Repeats(f.Inbound, from, to, now)
	out.PromisesKeptOnTime = PromisesKept(f.Promises, from, to, now)
	out.ContactPressure = PressureOf(f.Outbound, f.SalesCalls, from, to, c)
	out.ClosedLoop = LoopsClosed(f.Answers, now)
	out.Disputes = DisputesOf(f.Disputes, from, to, now)
	return out
}

// FirstContact computes FirstContactResolution over the cases resolved in
// [from, to).
func FirstContact(resolved []ResolvedCase, from, to time.Time) Ratio {
	var n, d int
	for _, k := range resolved {
		if k.ResolvedAt.Before(from) || !k.ResolvedAt.Before(to) {
			continue
		}
		d++
		before := 0
		for _, at := range k.Inbound {
			if !at.After(k.ResolvedAt) {
				before++
			}
		}
		if before <= FirstContactMax {
			n++
		}
	}
	return ratio(n, d)
}

// byCustomer orders contacts by customer, then time.
func byCustomer(a, b Contact) int {
	return cmp.Or(cmp.Compare(a.CustomerID, b.CustomerID), a.At.Compare(b.At))
}

// Repeats computes RepeatContacts over the inbound contacts started in
// [from, to) whose window has passed at now; contacts holds them and those
// of the RepeatWindow after to.
func Repeats(contacts []Contact, from, to, now time.Time) Ratio {
	cs := slices.Clone(contacts)
	slices.SortFunc(cs, byCustomer)
	var n, d int
	for i, c := range cs {
		if c.At.Before(from) || !c.At.Before(to) || now.Before(c.At.Add(RepeatWindow)) {
			continue
		}
		d++
		if i+1 < len(cs) && cs[i+1].CustomerID == c.CustomerID && cs[i+1].At.Sub(c.At) < RepeatWindow {
			n++
		}
	}
	return ratio(n, d)
}

// PromisesKept computes PromisesKeptOnTime over the promises due in [from,
// to) and by now.
func PromisesKept(ps []Promise, from, to, now time.Time) Ratio {
	var n, d int
	for _, p := range ps {
		switch {
		case p.Due.Before(from) || !p.Due.Before(to) || p.Due.After(now):
			continue
		case p.Status == commitment.Cancelled && p.CancelledAt != nil && !p.CancelledAt.After(p.Due):
			continue
		}
		d++
		if p.KeptAt != nil && !p.KeptAt.After(p.Due) {
			n++
		}
	}
	return ratio(n, d)
}

// PressureOf computes ContactPressure from the week's tallies and the sales
// calls read under ceiling c.
func PressureOf(tallies []Tally, sales []Contact, from, to time.Time, c Ceiling) Pressure {
	ts := slices.Clone(tallies)
	slices.SortFunc(ts, func(a, b Tally) int { return cmp.Compare(a.Contacts, b.Contacts) })
	var p Pressure
	for _, t := range ts {
		if t.Contacts <= 0 || t.Customers <= 0 {
			continue
		}
		p.Contacts += t.Contacts * t.Customers
		p.Customers += t.Customers
		p.Max = t.Contacts
	}
	if p.Customers > 0 {
		p.Mean = math.Round(float64(p.Contacts)/float64(p.Customers)*100) / 100
		rank := (p.Customers*Percentile + 99) / 100 // nearest rank: ⌈95% of N⌉
		seen := 0
		for _, t := range ts {
			if t.Contacts <= 0 || t.Customers <= 0 {
				continue
			}
			if seen += t.Customers; seen >= rank {
				p.P95 = t.Contacts
				break
			}
		}
	}
	if c.Calls > 0 && c.Window > 0 {
		p.SalesCallCap, p.SalesCallWindowDays = c.Calls, int(c.Window/(24*time.Hour))
		p.AboveSalesCallCap = aboveCeiling(sales, from, to, c)
	}
	return p
}

// aboveCeiling counts the customers who got a sales call in [from, to)
// that had c.Calls sales calls or more before it within c.Window: the
// sales_call_cap rule counts the calls in (t − window, t] before allowing
// one at t.
func aboveCeiling(sales []Contact, from, to time.Time, c Ceiling) int {
	cs := slices.Clone(sales)
	slices.SortFunc(cs, byCustomer)
	above := 0
	for i := 0; i < len(cs); {
		j := i
		for j < len(cs) && cs[j].CustomerID == cs[i].CustomerID {
			j++
		}
		calls := cs[i:j]
		for k, call := range calls {
			if call.At.Before(from) || !call.At.Before(to) {
				continue
			}
			before := 0
			for _, prev := range calls[:k] {
				if prev.At.After(call.At.Add(-c.Window)) {
					before++
				}
			}
			if before >= c.Calls {
				above++
				break
			}
		}
		i = j
	}
	return above
}

// LoopsClosed computes ClosedLoop over the answers received in the week
// whose 48 hours have passed at now.
func LoopsClosed(answers []Answer, now time.Time) Ratio {
	var n, d int
	for _, a := range answers {
		if a.Sentiment != survey.Detractor || a.CommitmentID == "" || now.Before(a.AnsweredAt.Add(ClosedLoopWindow)) {
			continue
		}
		d++
		if a.KeptAt != nil && a.KeptAt.Sub(a.AnsweredAt) <= ClosedLoopWindow {
			n++
		}
	}
	return ratio(n, d)
}

// DisputesOf computes Disputes: those opened in [from, to), and those
// open at to (at now, for a week not over).
func DisputesOf(ds []Dispute, from, to, now time.Time) DisputeCounts {
	end := to
	if now.Before(to) {
		end = now
	}
	var c DisputeCounts
	for _, d := range ds {
		if !d.OpenedAt.Before(from) && d.OpenedAt.Before(to) {
			c.Opened++
		}
		if d.OpenedAt.Before(end) && openAt(d, end) {
			c.OpenAtEnd++
		}
	}
	return c
}

// openAt reports whether a dispute opened before t was still open at t: it
// is open now, or was resolved at or after t. One closed at a time not
// recorded is taken as closed.
func openAt(d Dispute, t time.Time) bool {
	if d.ResolvedAt != nil {
		return !d.ResolvedAt.Before(t)
	}
	return d.Open
}
