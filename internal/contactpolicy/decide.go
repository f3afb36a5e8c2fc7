package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/calendar"
)

// evaluation is one decision in progress: what every rule reads.
type evaluation struct {
	req   Request
	facts Facts
	pol   Policy
	rules Rules
	cal   *calendar.Calendar
	loc   *time.Location
}

// result is one rule's judgement of a contact at an instant.
type result struct {
	verdict Verdict
	// until is, for a deferral, the earliest instant after the one judged at
	// which the rule may allow.
	until time.Time
	text  textFunc
	ref   string
}

var allowed = result{verdict: Allow}

// maxSteps bounds the search for not_before: each step moves past one rule's
// objection (a day has a few), so the search reaches the horizon well within
// it; rules that keep objecting for ever deny instead.
const maxSteps = 5000

// horizon is how far ahead a deferral may look: beyond it, the contact is
// denied rather than held (no time-based rule here defers that long).
const horizon = 400 * 24 * time.Hour

// Decide judges req for the customer of f under p, at req.At (or now when
// req.At is zero or past). Every rule is asked; a denial by any rule denies;
// otherwise a deferral by any rule defers, to the first instant at which
// every rule allows (found by moving past each objection in turn until none
// remains); otherwise the contact is allowed. Reasons name every rule that
// denied or deferred at the instant asked.
func Decide(req Request, f Facts, p Policy, now time.Time) Decision {
	at := judgedAt(req, now)
	e := newEvaluation(req, f, p)
	d := Decision{Verdict: Allow, At: at, Reasons: []Reason{}}
	for _, r := range rules {
		res := r.check(e, at)
		if res.verdict == Allow {
			continue
		}
		d.Reasons = append(d.Reasons, e.reason(r, res))
		if res.verdict == Deny || d.Verdict == Allow {
			d.Verdict = res.verdict
		}
	}
	if d.Verdict != Defer {
		return d
	}
	t := at
	for range maxSteps {
		moved := false
		for _, r := range rules {
			res := r.check(e, t)
			switch {
			case res.verdict == Deny:
				// Allowed by the clock then, but refused by a rule at that
				// time (a clearance expired by then): the contact is denied.
				reason := e.reason(r, res)
				reason.Text = e.then(t, reason.Text)
				d.Verdict, d.Reasons = Deny, append(d.Reasons, reason)
				return d
			case res.verdict == Defer && res.until.After(t):
				t, moved = res.until, true
			}
		}
		if !moved {
			nb := t.UTC() // tact keeps every time in UTC; the reasons say it locally
			d.NotBefore = &nb
			return d
		}
		if t.Sub(at) > horizon {
			break
		}
	}
	d.Verdict = Deny
	d.Reasons = append(d.Reasons, Reason{Rule: "no_lawful_moment", Verdict: Deny, Text: noLawfulMoment})
	return d
}

// judgedAt is the instant a request is judged at: its own, unless zero or
// past (a contact is never allowed in the past).
func judgedAt(req Request, now time.Time) time.Time {
	if req.At.IsZero() || req.At.Before(now) {
		return now.UTC()
	}
	return req.At.UTC()
}

func newEvaluation(req Request, f Facts, p Policy) *evaluation {
	e := &evaluation{req: req, facts: f, pol: p, loc: time.UTC}
	if f.Customer != nil {
		e.rules = p.Jurisdictions[f.Customer.Jurisdiction]
		e.cal = calendar.For(f.Customer.Jurisdiction)
		e.loc = f.Customer.Location()
	}
	return e
}
