package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// rule is one named requirement of the policy.
type rule struct {
	id RuleID
	// check judges the contact at t: allowed, denied, or deferred until an
	// instant after t.
	check func(e *evaluation, t time.Time) result
}

// textFunc writes a reason in the customer's zone and the advisor's words.
type textFunc func(e *evaluation) tact.Text

// rules are every rule, in the order their reasons are listed.
var rules = []rule{}

// reason is res as a decision states it.
func (e *evaluation) reason(r rule, res result) Reason {
	out := Reason{Rule: r.id, Verdict: res.verdict, Ref: res.ref}
	if res.text != nil {
		out.Text = res.text(e)
	}
	if res.verdict == Defer {
		out.Until = res.until.UTC()
	}
	return out
}

// then prefixes a reason with the instant it applies at.
func (e *evaluation) then(t time.Time, text tact.Text) tact.Text {
	local := t.In(e.loc).Format("2006-01-02 15:04")
	return tact.Text{FR: "Au " + local + " : " + text.FR, EN: "By " + local + ": " + text.EN}
}

var noLawfulMoment = tact.Text{
	FR: "Aucun moment permis dans l'année qui vient : ce contact n'est pas possible.",
	EN: "No permitted moment in the coming year: this contact is not possible.",
}
