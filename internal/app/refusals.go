package app

import (
	"context"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// RefusalQuery selects the contact decisions that denied or deferred,
// across customers, over a period of days: what a supervisor reads to see
// which rules hold the operator's contacts back. Zero fields select
// everything.
type RefusalQuery struct {
	// From and To are the first and last days of the period, both
	// included, in the jurisdiction's reference zone (UTC for every
	// jurisdiction at once). To defaults to today there, From to
	// DefaultRefusalDays days before To.
	From, To     tact.Date
	Jurisdiction tact.Jurisdiction
	// Verdict is deny or defer.
	Verdict contactpolicy.Verdict
	// Rule keeps the decisions one of whose reasons names it.
	Rule    contactpolicy.RuleID
	Purpose tact.Purpose
	Channel tact.Channel
	Cursor  string
	Limit   int
}

// Period bounds of a refusal query.
const (
	// DefaultRefusalDays is the period read when none is given: a week.
	DefaultRefusalDays = 7
	// MaxRefusalDays bounds the period read at once: a year.
	MaxRefusalDays = 366
)

// Refusals are the decisions of a RefusalQuery: counts over the whole
// period and selection, and a page of the decisions, newest first.
type Refusals struct {
	From, To tact.Date
	// Zone is the zone the days are cut in.
	Zone   string
	Counts contactpolicy.RefusalCounts
	// Decisions are a page of the decisions; Next the next page's cursor,
	// "" on the last.
	Decisions []*contactpolicy.Record
	Next      string
}

// Refusals reads the decisions q selects that denied or deferred. Only a
// supervisor or an admin reads them across customers. The rules' counts
// are listed in the policy's order (contactpolicy.RuleIDs).
func (s *Contacts) Refusals(ctx context.Context, q RefusalQuery) (*Refusals, error) {
	u, err := user(ctx, s.stores.Access, tact.ActorFrom(ctx).UserID(), "actor")
	if err != nil && tact.ErrorCode(err) != tact.CodeInvalid {
		return nil, err
	}
	if err != nil || !u.Role.Supervises() {
		return nil, tact.Errorf(tact.CodeForbidden, "only a supervisor reads the decisions across customers")
	}
	switch {
	case q.Jurisdiction != "" && !q.Jurisdiction.Valid():
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", q.Jurisdiction)
	case q.Verdict != "" && q.Verdict != contactpolicy.Deny && q.Verdict != contactpolicy.Defer:
		return nil, tact.FieldError(tact.CodeInvalid, "verdict", "verdict %q is not deny or defer", q.Verdict)
	case q.Rule != "" && !slices.Contains(contactpolicy.RuleIDs(), q.Rule):
		return nil, tact.FieldError(tact.CodeInvalid, "rule", "%q is not a rule of the contact policy", q.Rule)
	case q.Purpose != "" && !q.Purpose.Valid():
		return nil, tact.FieldError(tact.CodeInvalid, "purpose", "%q is not a purpose", q.Purpose)
	case q.Channel != "" && !q.Channel.Valid():
		return nil, tact.FieldError(tact.CodeInvalid, "channel", "%q is not a channel", q.Channel)
	}
	zone := "UTC"
	if q.Jurisdiction != "" {
		zone = q.Jurisdiction.DefaultTimeZone()
	}
	loc, err := tact.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	if q.To.IsZero() {
		q.To = tact.DateOf(s.clock.Now().In(loc))
	}
	if q.From.IsZero() {
		q.From = q.To.AddDays(-(DefaultRefusalDays - 1))
	}
	from, to := q.From.In(loc), q.To.AddDays(1).In(loc)
	switch {
	case to.Before(from.Add(time.Hour)):
		return nil, tact.FieldError(tact.CodeInvalid, "from", "the period starts on %s, after its end %s", q.From, q.To)
	case to.Sub(from) > MaxRefusalDays*25*time.Hour:
		return nil, tact.FieldError(tact.CodeInvalid, "from", "at most %d days at once", MaxRefusalDays)
	}
	before, err := tact.DecodeCursor(q.Cursor)
	if err != nil {
		return nil, err
	}
	f := contactpolicy.RefusalFilter{From: from, To: to, Jurisdiction: q.Jurisdiction, Verdict: q.Verdict, Rule: q.Rule,
		Purpose: q.Purpose, Channel: q.Channel, Before: before, Limit: tact.PageSize(q.Limit)}
	counts, err := s.stores.Decisions.CountRefusals(ctx, f)
	if err != nil {
		return nil, err
	}
	order := contactpolicy.RuleIDs()
	slices.SortStableFunc(counts.Rules, func(a, b contactpolicy.RuleCount) int {
		return slices.Index(order, a.Rule) - slices.Index(order, b.Rule)
	})
	list, err := s.stores.Decisions.FindRefusals(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &Refusals{From: q.From, To: q.To, Zone: zone, Counts: *counts, Decisions: list}
	if len(list) == f.Limit {
		last := list[len(list)-1]
		out.Next = tact.Cursor{At: last.DecidedAt, ID: last.ID}.Encode()
	}
	return out, nil
}
