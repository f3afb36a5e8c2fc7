package web

import (
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// An advisor planning a call asks "may I call him Saturday at 17:59?": the
// question's time is typed in the customer's own zone (field "at", empty for
// now), and the verdict is shown in the customer's zone and in the
// advisor's, which the browser tells (field "advisor_zone", filled by
// zone.js; the verdict's page carries it as ?zone=).

// maxAskAhead is how far ahead an advisor may ask: a year. By then the
// customer's preferences, his matters and the law will have changed, and the
// policy's search for a next slot looks little further (contactpolicy's
// horizon).
const maxAskAhead = 365 * 24 * time.Hour

// Faults of the "at" field, as text keys: each takes the customer's zone.
const (
	atUnreadable = "contact.at.unreadable"
	atGap        = wallGapText
	atPast       = "contact.at.past"
	atFar        = "contact.at.far"
)

// askedAt reads the time an advisor asks about, typed as a datetime-local
// in the customer's zone loc, at now. Empty, or within the current minute,
// is now (the zero time). A time that has passed is refused: the policy
// judges a past instant as now (a dialer's clock may lag), so its answer
// would read as one about that moment when it is not; the supervision's
// decisions say what was answered then. A wall-clock time the zone skips
// (clocks going forward) is refused rather than moved; one it repeats
// (clocks going back) is taken the first time, before the change, and the
// verdict says so (foldOf); beyond maxAskAhead is refused. The fault is a
// text key, "" when none.
func askedAt(v string, loc *time.Location, now time.Time) (time.Time, string) {
	at, fault := typedTime(v, loc)
	switch {
	case fault == wallUnreadable:
		return time.Time{}, atUnreadable
	case fault == wallGap:
		return time.Time{}, atGap
	case at.IsZero():
		return time.Time{}, ""
	case at.Before(now.Truncate(time.Minute)):
		return time.Time{}, atPast
	case !at.After(now):
		return time.Time{}, ""
	case at.Sub(now) > maxAskAhead:
		return time.Time{}, atFar
	}
	return at, ""
}

// advisorZone is the advisor's zone as the form or the verdict's address
// names it, "" when it names none that loads. "Local" loads too, as the
// server's zone, which is not hers.
func advisorZone(zone string) string {
	if zone == "" || zone == "Local" || len(zone) > 64 {
		return ""
	}
	if _, err := tact.LoadLocation(zone); err != nil {
		return ""
	}
	return zone
}

// planned reports whether a decision answers a question about a time to
// come rather than now.
func planned(rec *contactpolicy.Record) bool {
	return rec != nil && !rec.Request.At.IsZero() && rec.Request.At.After(rec.DecidedAt)
}
