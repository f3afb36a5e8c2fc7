package web

import (
	"net/http"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// decisionsPage is the data of the page of contacts denied or deferred.
type decisionsPage struct {
	// Q is the filter as given, From and To the period read.
	Q        app.RefusalQuery
	Refusals *app.Refusals
	Rows     []decisionRow
	Next     string
	First    string
	// The filters' choices.
	Jurisdictions []tact.Jurisdiction
	Verdicts      []contactpolicy.Verdict
	Rules         []contactpolicy.RuleID
	Purposes      []tact.Purpose
	Channels      []tact.Channel
}

// decisionRow is a decision with its customer.
type decisionRow struct {
	*contactpolicy.Record
	Customer *customer.Customer
}

// Zone is the zone of the row's customer's times, "" (UTC) when he is gone.
func (r decisionRow) Zone() string { return zoneOf(r.Customer) }

// RuleURL is the page filtered on rule, the other filters kept.
func (d decisionsPage) RuleURL(rule contactpolicy.RuleID) string {
	q := d.Q
	q.Rule = rule
	return refusalURL(q)
}

// refusalURL is the page of the query q.
func refusalURL(q app.RefusalQuery) string {
	v := map[string][]string{}
	set := func(k, s string) {
		if s != "" {
			v[k] = []string{s}
		}
	}
	if !q.From.IsZero() {
		set("from", q.From.String())
	}
	if !q.To.IsZero() {
		set("to", q.To.String())
	}
	set("jurisdiction", string(q.Jurisdiction))
	set("verdict", string(q.Verdict))
	set("rule", string(q.Rule))
	set("purpose", string(q.Purpose))
	set("channel", string(q.Channel))
	return pageURL(supervisionPrefix+"decisions", v, q.Cursor)
}

// supDecisions shows the contacts the policy denied or deferred over a
// period (a week by default), counted by rule, then one by one, with
// filters by jurisdiction, verdict, rule, purpose and channel.
func (w *Web) supDecisions(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	rq := app.RefusalQuery{Jurisdiction: tact.Jurisdiction(q.Get("jurisdiction")), Verdict: contactpolicy.Verdict(q.Get("verdict")),
		Rule: contactpolicy.RuleID(q.Get("rule")), Purpose: tact.Purpose(q.Get("purpose")), Channel: tact.Channel(q.Get("channel")),
		Cursor: q.Get("cursor")}
	for _, d := range []struct {
		name string
		to   *tact.Date
	}{{"from", &rq.From}, {"to", &rq.To}} {
		if s := q.Get(d.name); s != "" {
			day, err := tact.ParseDate(s)
			if err != nil {
				w.fail(rw, r, tact.FieldError(tact.CodeInvalid, d.name, "%q is not a date (YYYY-MM-DD)", s))
				return
			}
			*d.to = day
		}
	}
	res, err := w.app.Contacts.Refusals(ctx, rq)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]string, len(res.Decisions))
	for i, d := range res.Decisions {
		ids[i] = d.Request.CustomerID
	}
	custs, err := w.customersOf(ctx, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := decisionsPage{Q: rq, Refusals: res, Rows: make([]decisionRow, len(res.Decisions)),
		Jurisdictions: []tact.Jurisdiction{tact.FR, tact.CAQC}, Verdicts: []contactpolicy.Verdict{contactpolicy.Deny, contactpolicy.Defer},
		Rules: contactpolicy.RuleIDs(), Purposes: tact.Purposes, Channels: tact.Channels}
	data.Q.From, data.Q.To = res.From, res.To
	for i, d := range res.Decisions {
		data.Rows[i] = decisionRow{Record: d, Customer: custs[d.Request.CustomerID]}
	}
	if res.Next != "" {
		next := data.Q
		next.Cursor = res.Next
		data.Next = refusalURL(next)
	}
	if rq.Cursor != "" {
		first := data.Q
		first.Cursor = ""
		data.First = refusalURL(first)
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.decisions")
	p.Data = data
	w.render(rw, r, http.StatusOK, "sup-decisions", p)
}
