package web

import (
	"net/http"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

// contactPageData is the data of the "may I contact now?" page: the
// customer's brief (how to address him first), the question's form, and the
// verdict once asked.
type contactPageData struct {
	Brief    *brief.Brief
	Ask      contactForm
	Decision *contactpolicy.Record
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
}

func (w *Web) newContactForm(b *brief.Brief, f form) contactForm {
	return contactForm{CustomerID: b.CustomerID, Form: f, Purposes: tact.Purposes, Channels: contactChannels,
		CallerIDs: w.app.Contacts.Policy().CallerIDs, Cases: b.OpenCases}
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
	w.renderContact(rw, r, http.StatusOK, form{}, rec)
}

// askContact asks the contact policy whether the customer may be contacted
// now for a purpose on a channel, as a dialer asks (POST
// /v1/contact-decisions): the decision is stored with the advisor as its
// actor, and its verdict shown on its own page.
func (w *Web) askContact(rw http.ResponseWriter, r *http.Request) {
	req := contactpolicy.Request{CustomerID: r.PathValue("id"), Purpose: tact.Purpose(r.PostFormValue("purpose")),
		Channel: tact.Channel(r.PostFormValue("channel")), Source: consoleSource, CallerID: r.PostFormValue("caller_id"),
		Subject: r.PostFormValue("subject"), CaseID: r.PostFormValue("case_id")}
	d, err := w.app.Contacts.Decide(r.Context(), req)
	if err != nil {
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, "purpose", "channel", "caller_id", "subject", "case_id")
		if !ok || tact.ErrorField(err) == "customer_id" {
			w.fail(rw, r, err)
			return
		}
		w.renderContact(rw, r, http.StatusUnprocessableEntity, refused("contact", r, errs), nil)
		return
	}
	seeOther(rw, r, Prefix+"customers/"+req.CustomerID+"/contact/"+d.ID+"#verdict")
}

func (w *Web) renderContact(rw http.ResponseWriter, r *http.Request, status int, f form, rec *contactpolicy.Record) {
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
	p.Data = contactPageData{Brief: b, Ask: w.newContactForm(b, f), Decision: rec}
	w.render(rw, r, status, "contact", p)
}
