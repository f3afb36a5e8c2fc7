package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// contactPageData is the data of the "may I contact?" page: the customer's
// brief (how to address him first), the question's form, and the verdict
// once asked.
type contactPageData struct {
	Brief    *brief.Brief
	Ask      contactForm
	Decision *contactpolicy.Record
	// Planned is true when the decision answers for a time to come, not now.
	Planned bool
	// AdvisorZone is the advisor's zone when known, Advisor the page's
	// language with times in it: the verdict's times are shown in both.
	AdvisorZone string
	Advisor     Lang
	// Fold says which of a repeated wall-clock time the decision was asked
	// about, when the customer's clocks went back then; nil otherwise.
	Fold *wallFold
}

// contactForm is the data of the question's form.
type contactForm struct {
	CustomerID string
	Form       form
	// Purposes and Channels are the choices of the form.
	Purposes []tact.Purpose
	Channels []tact.Channel
	// CallerIDs are the numbers of the operator's pool, offered for a call.
	CallerIDs []string
	// Cases are the customer's open cases, which a service contact may be about.
	Cases []brief.Case
	// Zone is the customer's zone, the one "at" is typed in; Min and Max
	// bound it (now, a year ahead) for the browser's picker. AdvisorZone is
	// the advisor's, when the page knows it.
	Zone, Min, Max, AdvisorZone string
}

func (w *Web) newContactForm(b *brief.Brief, f form) contactForm {
	loc := location(b.TimeZone)
	if loc == nil {
		loc = time.UTC
	}
	now := w.app.Clock().Now().In(loc)
	return contactForm{CustomerID: b.CustomerID, Form: f, Purposes: tact.Purposes, Channels: contactChannels,
		CallerIDs: w.app.Contacts.Policy().CallerIDs, Cases: b.OpenCases,
		Zone: b.TimeZone, Min: now.Format("2006-01-02T15:04"), Max: now.Add(maxAskAhead).Format("2006-01-02T15:04")}
}

// contactChannels are the channels the operator starts a contact on.
var contactChannels = []tact.Channel{tact.ChannelPhone, tact.ChannelSMS, tact.ChannelEmail, tact.ChannelLetter}

// contactPage shows the question's form, and the verdict of a decision
// already asked (/contact/{decision}). The read is audit-logged.
func (w *Web) contactPage(rw http.ResponseWriter, r *http.Request) {
	var rec *contactpolicy.Record
	if id := r.PathValue("decision"); id != "" {
		var err error
		if rec, err = w.app.Contacts.Get(r.Context(), id); err != nil {
			w.fail(rw, r, err)
			return
		}
		if rec.Request.CustomerID != r.PathValue("id") {
			w.notFound(rw, r)
			return
		}
	}
	w.renderContact(rw, r, http.StatusOK, form{}, rec, advisorZone(r.URL.Query().Get("zone")))
}

// askContact asks the contact policy whether the customer may be contacted
// now, or at the time the advisor typed in the customer's zone, for a
// purpose on a channel, as a dialer asks (POST /v1/contact-decisions, its
// "at"): the decision is stored with the advisor as its actor, and its
// verdict shown on its own page, in the advisor's zone too when the form
// says it.
func (w *Web) askContact(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := w.app.Customers.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	zone := advisorZone(r.PostFormValue("advisor_zone"))
	at, fault := askedAt(r.PostFormValue("at"), c.Location(), w.app.Clock().Now())
	if fault != "" {
		l := w.newPage(r, "").L
		w.renderContact(rw, r, http.StatusUnprocessableEntity, refused("contact", r, map[string]string{"at": l.T(fault, c.TimeZone)}), nil, zone)
		return
	}
	req := contactpolicy.Request{CustomerID: c.ID, Purpose: tact.Purpose(r.PostFormValue("purpose")), At: at,
		Channel: tact.Channel(r.PostFormValue("channel")), Source: consoleSource, CallerID: r.PostFormValue("caller_id"),
		Subject: r.PostFormValue("subject"), CaseID: r.PostFormValue("case_id")}
	d, err := w.app.Contacts.Decide(ctx, req)
	if err != nil {
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, "purpose", "channel", "caller_id", "subject", "case_id", "at")
		if !ok || tact.ErrorField(err) == "customer_id" {
			w.fail(rw, r, err)
			return
		}
		w.renderContact(rw, r, http.StatusUnprocessableEntity, refused("contact", r, errs), nil, zone)
		return
	}
	verdict := Prefix + "customers/" + req.CustomerID + "/contact/" + d.ID
	if zone != "" {
		verdict += "?zone=" + url.QueryEscape(zone)
	}
	seeOther(rw, r, verdict+"#verdict")
}

func (w *Web) renderContact(rw http.ResponseWriter, r *http.Request, status int, f form, rec *contactpolicy.Record, zone string) {
	ctx := r.Context()
	b, err := w.app.Briefs.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, b.CustomerID, readContact); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.L.Loc = location(b.TimeZone)
	p.Title = p.L.T("contact.title") + " · " + b.Name
	p.Alert = f.Errors[""]
	ask := w.newContactForm(b, f)
	ask.AdvisorZone = zone
	d := contactPageData{Brief: b, Ask: ask, Decision: rec, Planned: planned(rec), AdvisorZone: zone, Advisor: p.L.In(zone)}
	if d.Planned {
		d.Fold = foldOf(rec.Request.At, p.L.Loc)
	}
	p.Data = d
	w.render(rw, r, status, "contact", p)
}
