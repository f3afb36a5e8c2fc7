package contactpolicy

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tactcrm/tact/internal/tact"
)

// MaxBatch is how many requests one batch may carry: their decisions are
// stored in one write.
const MaxBatch = 10000

// Record is a decision as stored for audit: the question, who asked, the
// answer and when it was given. Every decision is stored, allowed or not.
type Record struct {
	ID      string     `json:"id"`
	Request Request    `json:"request"`
	Actor   tact.Actor `json:"actor"`
	Decision
	// DecidedAt is when tact answered (Decision.At is the instant judged).
	DecidedAt time.Time `json:"decided_at"`
}

// Filter selects a customer's decisions, newest first.
type Filter struct {
	CustomerID string
	// Before is the last decision already seen (by decided_at, id).
	Before tact.Cursor
	Limit  int
}

// DecisionStore keeps contact decisions. Errors: not_found for a missing
// decision; not_found naming customer_id when a decision's customer does not
// exist; anything else is internal.
type DecisionStore interface {
	// CreateDecisions stores decisions in one transaction: all or nothing.
	CreateDecisions(ctx context.Context, recs []*Record) error
	// FindDecisionByID returns one decision.
	FindDecisionByID(ctx context.Context, id string) (*Record, error)
	// FindDecisions returns a customer's decisions, newest first.
	FindDecisions(ctx context.Context, f Filter) ([]*Record, error)
	// FindRefusals returns, across customers, the decisions f selects that
	// denied or deferred (never one that allowed), newest first (decided_at,
	// id descending), at most f.Limit of them after f.Before.
	FindRefusals(ctx context.Context, f RefusalFilter) ([]*Record, error)
	// CountRefusals counts the decisions f selects that denied or deferred
	// (f.Before and f.Limit aside): how many were denied, how many
	// deferred, and, for each rule named by a reason of one of them, how
	// many it denied and how many it deferred (by the reason's verdict),
	// in no particular order.
	CountRefusals(ctx context.Context, f RefusalFilter) (*RefusalCounts, error)
}

// RefusalFilter selects, across customers, the decisions of a period that
// denied or deferred a contact: what a supervisor reads to see which rules
// hold the operator's contacts back. Zero fields select everything.
type RefusalFilter struct {
	// From and To bound the period: decided at or after From and before
	// To. Both are required.
	From, To time.Time
	// Jurisdiction keeps the decisions about its customers.
	Jurisdiction tact.Jurisdiction
	// Verdict keeps the decisions with this verdict (deny or defer).
	Verdict Verdict
	// Rule keeps the decisions one of whose reasons names this rule.
	Rule    RuleID
	Purpose tact.Purpose
	Channel tact.Channel
	// Before is the last decision already seen (by decided_at, id).
	Before tact.Cursor
	Limit  int
}

// RefusalCounts are the counts of CountRefusals.
type RefusalCounts struct {
	// Denied and Deferred count decisions by their verdict.
	Denied   int `json:"denied"`
	Deferred int `json:"deferred"`
	// Rules count, per rule, the decisions one of whose reasons names it.
	Rules []RuleCount `json:"rules"`
}

// RuleCount is how many decisions of a period a rule denied and deferred.
type RuleCount struct {
	Rule     RuleID `json:"rule"`
	Denied   int    `json:"denied"`
	Deferred int    `json:"deferred"`
}

// FactsQuery asks a FactsStore for the facts of several customers.
type FactsQuery struct {
	// CustomerIDs are the customers asked about; an id may repeat.
	CustomerIDs []string
	// Since gives, for a customer's jurisdiction, the earliest start of the
	// outbound contacts to read: the policy's look-back differs by
	// jurisdiction, and the store only learns a customer's as it reads him.
	Since func(tact.Jurisdiction) time.Time
	// MaxAttempts bounds the outbound interactions read per customer (the
	// newest are kept): a customer with a runaway history must not make one
	// decision read it all.
	MaxAttempts int
	// MaxOpen bounds the open promises and the open cases read per customer.
	MaxOpen int
	// LastContacts, when above 0, asks for each customer's Context with at
	// most this many of his latest contacts.
	LastContacts int
}

// FactsStore reads what the policy knows of many customers at once: a batch
// of decisions costs a few set-based queries, not a few queries per
// customer. Anything it fails with is internal.
type FactsStore interface {
	// FindFacts returns, read in one snapshot, the facts of every customer of
	// q that exists, keyed by id; a customer that does not exist is absent.
	// Each holds: Customer (with contact points and consents) and its
	// OppositionCheckedAt; HasContract, whether a line of his is not ended;
	// Attempts, his outbound interactions started at or after
	// Since(jurisdiction), newest first and at most MaxAttempts, then every
	// survey request made of him, newest first; Promises, his open (pending
	// or overdue) promises by due then id, at most MaxOpen; PendingCredits,
	// how many of those are credits plus how many of his credit notes are
	// pending; OpenDisputes, how many of his bill disputes are open; Cases,
	// his open cases, newest opened first, at most MaxOpen; Context when q
	// asks for it. Lists with nothing are nil or empty.
	FindFacts(ctx context.Context, q FactsQuery) (map[string]*Facts, error)
}

// ProfileWriter is a FactsStore that keeps a profile per customer (see
// Profile) and can write, ahead of the first decisions, those it lacks: after
// a bulk load or an upgrade.
type ProfileWriter interface {
	// WriteMissingProfiles writes the profile of every customer who has
	// none, as q reads him (q.CustomerIDs is ignored), calling progress with
	// the number written so far, and returns that number.
	WriteMissingProfiles(ctx context.Context, q FactsQuery, progress func(written int)) (int, error)
}

// Limits on the free text of a request.
const (
	maxToken = 64
	maxEvent = 128
)

// Normalize trims the free text of a request.
func (r *Request) Normalize() {
	for _, s := range []*string{&r.CustomerID, &r.Source, &r.CallerID, &r.Campaign, &r.Subject, &r.Event, &r.CaseID} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate checks a normalized request before it is decided and stored,
// naming the field at fault. A masked or missing caller id is not a fault of
// the request: the rules deny such a call, and the denial is stored.
func (r *Request) Validate() error {
	switch {
	case r.CustomerID == "":
		return tact.FieldError(tact.CodeRequired, "customer_id", "a contact is with a customer")
	case !r.Purpose.Valid():
		return tact.FieldError(tact.CodeInvalid, "purpose", "purpose %q is not one of sales, service, billing, collection, survey, incident, cancellation, legal", r.Purpose)
	case !r.Channel.Valid():
		return tact.FieldError(tact.CodeInvalid, "channel", "channel %q is not one of phone, sms, email, letter, chat, web, app, shop", r.Channel)
	case r.Source == "":
		return tact.FieldError(tact.CodeRequired, "source", "say which system or company would make the contact")
	case !token(r.Source):
		return tact.FieldError(tact.CodeInvalid, "source", "a source is up to 64 letters, digits, '-', '_' or '.'")
	case utf8.RuneCountInString(r.CallerID) > 32:
		return tact.FieldError(tact.CodeTooLong, "caller_id", "at most 32 characters")
	case utf8.RuneCountInString(r.Campaign) > maxToken:
		return tact.FieldError(tact.CodeTooLong, "campaign", "at most %d characters", maxToken)
	case utf8.RuneCountInString(r.Subject) > maxToken:
		return tact.FieldError(tact.CodeTooLong, "subject", "at most %d characters", maxToken)
	case utf8.RuneCountInString(r.Event) > maxEvent:
		return tact.FieldError(tact.CodeTooLong, "event", "at most %d characters", maxEvent)
	case utf8.RuneCountInString(r.CaseID) > maxToken:
		return tact.FieldError(tact.CodeTooLong, "case_id", "at most %d characters", maxToken)
	}
	return nil
}

// token reports whether s is a short identifier: letters, digits, '-', '_', '.'.
func token(s string) bool {
	return len(s) <= maxToken && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") == ""
}

// Add counts n decisions of verdict v: by their verdict when rule is "",
// else under rule, which gave a reason of verdict v. A store reading its
// counts row by row adds each with it.
func (c *RefusalCounts) Add(v Verdict, rule RuleID, n int) {
	if rule == "" {
		switch v {
		case Deny:
			c.Denied += n
		case Defer:
			c.Deferred += n
		}
		return
	}
	i := slices.IndexFunc(c.Rules, func(r RuleCount) bool { return r.Rule == rule })
	if i < 0 {
		i = len(c.Rules)
		c.Rules = append(c.Rules, RuleCount{Rule: rule})
	}
	switch v {
	case Deny:
		c.Rules[i].Denied += n
	case Defer:
		c.Rules[i].Deferred += n
	}
}

// AddDecisions counts n decisions of verdict v that gave the same reasons,
// each as its [rule, verdict]: n under v, and n under each reason's rule and
// verdict, once per reason, as Add does for them one by one. A store that
// keeps its counts by kind of refusal adds each kind with it.
func (c *RefusalCounts) AddDecisions(v Verdict, reasons [][2]string, n int) {
	c.Add(v, "", n)
	for _, r := range reasons {
		c.Add(Verdict(r[1]), RuleID(r[0]), n)
	}
}

// AddKind counts n decisions of verdict v that gave the same reasons, as
// AddDecisions does, if they pass f's filter on a rule: a store that keeps
// its counts by kind of refusal filters the other fields as columns, and
// the rule here, where a kind's reasons are read.
func (c *RefusalCounts) AddKind(f RefusalFilter, v Verdict, reasons [][2]string, n int) {
	if f.Rule == "" || Names(reasons, f.Rule) {
		c.AddDecisions(v, reasons, n)
	}
}

// Names reports whether one of reasons, each as its [rule, verdict], names
// rule: whether the decisions that gave them pass a filter on rule.
func Names(reasons [][2]string, rule RuleID) bool {
	return slices.ContainsFunc(reasons, func(r [2]string) bool { return r[0] == string(rule) })
}

// CountSpan is a part of a refusal period that a store reads from its
// counts: whole UTC days [From, To) from its counts by the day, or whole
// UTC hours from its counts by the hour, added to the period's counts or,
// when Subtract, taken from them.
type CountSpan struct {
	From, To time.Time
	// Days is whether From and To are UTC midnights, read by the day.
	Days bool
	// Subtract is whether the span's counts are taken from the period's:
	// a day read whole less the hours of it outside the period.
	Subtract bool
}

// maxEdgeHours is the most hours a CountSpans edge reads by the hour: past
// it, the edge's day is read whole and the hours of it outside the period
// are subtracted, fewer than the hours inside.
const maxEdgeHours = 12

// CountSpans splits f's whole hours (WholeHours) into spans a store sums
// from counts kept by the UTC day and by the UTC hour, so that a week reads
// about seven days' rows and at most twelve hours' at each end, instead of
// 168 hours': a day in Paris (23:00 to 23:00 UTC in winter) is the UTC day
// that holds most of it, less its last hour, plus the hour before it. The
// spans' sum, each hour counted once for every span over it added and
// minus once for every span subtracted, is exactly the whole hours. left
// are WholeHours' parts, counted from the decisions themselves.
func (f RefusalFilter) CountSpans() (spans []CountSpan, left []RefusalFilter) {
	from, to, left := f.WholeHours()
	if !from.Before(to) {
		return nil, left
	}
	const day = 24 * time.Hour
	hours := func(a, b time.Time, subtract bool) {
		if a.Before(b) {
			spans = append(spans, CountSpan{From: a, To: b, Subtract: subtract})
		}
	}
	firstDay, lastDay := from.Truncate(day), to.Truncate(day) // UTC midnights: time.Truncate works in absolute time
	if to.After(lastDay) {
		lastDay = lastDay.Add(day)
	}
	// Within one UTC day: its hours, or the day less the hours outside.
	if lastDay.Sub(firstDay) == day {
		if to.Sub(from) <= maxEdgeHours*time.Hour {
			hours(from, to, false)
			return spans, left
		}
		spans = append(spans, CountSpan{From: firstDay, To: lastDay, Days: true})
		hours(firstDay, from, true)
		hours(to, lastDay, true)
		return spans, left
	}
	daysFrom, daysTo := firstDay, lastDay
	if next := firstDay.Add(day); next.Sub(from) <= maxEdgeHours*time.Hour {
		hours(from, next, false)
		daysFrom = next
	} else {
		hours(firstDay, from, true)
	}
	if prev := lastDay.Add(-day); to.Sub(prev) <= maxEdgeHours*time.Hour {
		hours(prev, to, false)
		daysTo = prev
	} else {
		hours(to, lastDay, true)
	}
	if daysFrom.Before(daysTo) {
		spans = append(spans, CountSpan{From: daysFrom, To: daysTo, Days: true})
	}
	return spans, left
}

// WholeHours splits f's period, [From, To), into the whole UTC hours it
// covers, [from, to), and what is left at either end, each less than an
// hour: a store that counts refusals by the hour sums the first and counts
// the decisions of the others one by one. A period on whole hours leaves
// nothing; a day in a zone whose offset is not whole hours (Newfoundland,
// India) leaves a part at each end; a period within one hour is all left
// (from and to are then equal). The filters left keep every other field
// of f.
func (f RefusalFilter) WholeHours() (from, to time.Time, left []RefusalFilter) {
	from, to = f.From.Truncate(time.Hour), f.To.Truncate(time.Hour)
	if from.Before(f.From) {
		from = from.Add(time.Hour)
	}
	if !from.Before(to) {
		return from, from, []RefusalFilter{f}
	}
	if f.From.Before(from) {
		g := f
		g.To = from
		left = append(left, g)
	}
	if to.Before(f.To) {
		g := f
		g.From = to
		left = append(left, g)
	}
	return from, to, left
}
