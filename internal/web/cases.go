package web

import (
	"net/http"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// casePageData is the data of a case's page.
type casePageData struct {
	Case     *cases.Case
	Customer *customer.Customer
	// Events are the case's history, oldest first.
	Events   []cases.Event
	Breaches []cases.Breach
	// HandTo are the people the case may be handed to: everyone but its owner.
	HandTo []*access.User
	names  map[string]string
	// Mine reports whether the person signed in owns the case.
	Mine bool
	Form form
	// Statuses are the statuses an owner moves a case between.
	Statuses []cases.Status
}

// Name is a person's name by user id, or the id when unknown.
func (d casePageData) Name(id string) string {
	if n, ok := d.names[id]; ok {
		return n
	}
	return id
}

// Working reports whether the case is in progress or waiting: what an owner
// hands off, moves or resolves.
func (d casePageData) Working() bool {
	s := d.Case.Status
	return s == cases.InProgress || s == cases.WaitingCustomer || s == cases.WaitingInternal
}

// CloseReasons are the reasons the case may be closed for now: resolved only
// once resolved.
func (d casePageData) CloseReasons() []cases.CloseReason {
	if d.Case.Status == cases.Resolved {
		return []cases.CloseReason{cases.ClosedResolved}
	}
	return []cases.CloseReason{cases.ClosedNoAnswer, cases.ClosedDuplicate, cases.ClosedWithdrawn}
}

// caseForm is the data of the form that opens a case for a customer.
type caseForm struct {
	CustomerID string
	Form       form
	Categories []cases.Category
	Channels   []tact.Channel
}

func newCaseForm(customerID string, f form) caseForm {
	return caseForm{CustomerID: customerID, Form: f, Categories: cases.Categories, Channels: tact.Channels}
}

// caseNewData is the data of the page that opens a case.
type caseNewData struct {
	Customer *customer.Customer
	Open     caseForm
}

// casePage shows a case: what it is about, where it stands and who owns
// it, its service levels and breaches, "where we are", its history, and the
// steps its owner may take. The read is audit-logged.
func (w *Web) casePage(rw http.ResponseWriter, r *http.Request) {
	w.renderCase(rw, r, http.StatusOK, r.PathValue("id"), form{})
}

func (w *Web) renderCase(rw http.ResponseWriter, r *http.Request, status int, id string, f form) {
	ctx := r.Context()
	k, err := w.app.Cases.Get(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.app.Customers.Get(ctx, k.CustomerID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	evs, err := w.app.Cases.Events(ctx, k.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	people, names, err := w.staff(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, readCase); err != nil {
		w.fail(rw, r, err)
		return
	}
	var handTo []*access.User
	for _, u := range people {
		if u.ID != k.OwnerID {
			handTo = append(handTo, u)
		}
	}
	p := w.newPage(r, k.Subject)
	p.L.Loc = c.Location()
	p.Alert = f.Errors[""]
	if status == http.StatusOK {
		if done := r.URL.Query().Get("done"); done != "" {
			if _, ok := messages["case.done."+done]; ok {
				p.Flash = p.L.T("case.done." + done)
			}
		}
	}
	p.Data = casePageData{Case: k, Customer: c, Events: evs, Breaches: k.Breaches(w.app.Clock().Now()), HandTo: handTo, names: names,
		Mine: k.OwnerID != "" && k.OwnerID == advisorOf(r).ID, Form: f,
		Statuses: []cases.Status{cases.InProgress, cases.WaitingCustomer, cases.WaitingInternal}}
	w.render(rw, r, status, "case", p)
}

// caseStep takes one step on a case, as POST /v1/cases/{id}/{step} does, at
// the version the page showed: take, notes, handoff, status, resolve, close,
// reopen. A refused step shows the page again with the service's fault next
// to the field; one that worked goes back to the case (reopening a closed
// case goes to the new case that follows it).
func (w *Web) caseStep(rw http.ResponseWriter, r *http.Request) {
	ctx, id, v := r.Context(), r.PathValue("id"), version(r)
	var (
		k      *cases.Case
		err    error
		fields []string
	)
	step := r.PathValue("step")
	switch step {
	case "take":
		k, err = w.app.Cases.Take(ctx, id, "", v)
	case "notes":
		fields = []string{"note"}
		k, err = w.app.Cases.AddNote(ctx, id, r.PostFormValue("note"), v)
	case "handoff":
		fields = []string{"to_owner_id", "summary"}
		k, err = w.app.Cases.HandOff(ctx, id, r.PostFormValue("to_owner_id"), r.PostFormValue("summary"), v)
	case "status":
		fields = []string{"status"}
		if s := cases.Status(r.PostFormValue("status")); s == "" {
			err = tact.FieldError(tact.CodeRequired, "status", "say which status the case moves to")
		} else {
			k, err = w.app.Cases.SetStatus(ctx, id, s, v)
		}
	case "resolve":
		fields = []string{"resolution"}
		k, err = w.app.Cases.Resolve(ctx, id, r.PostFormValue("resolution"), v)
	case "close":
		fields = []string{"reason", "note"}
		if reason := cases.CloseReason(r.PostFormValue("reason")); reason == "" {
			err = tact.FieldError(tact.CodeRequired, "reason", "say why the case is closed")
		} else {
			k, err = w.app.Cases.Close(ctx, id, reason, r.PostFormValue("note"), v)
		}
	case "reopen":
		fields = []string{"reason"}
		k, err = w.app.Cases.Reopen(ctx, id, r.PostFormValue("reason"), v)
	default:
		w.notFound(rw, r)
		return
	}
	if err != nil {
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, fields...)
		if !ok {
			w.fail(rw, r, err)
			return
		}
		if tact.ErrorCode(err) == tact.CodeNeedsWrittenNotice {
			// Story 5: the refusal is about the reason chosen.
			errs = map[string]string{"reason": errs[""]}
		}
		w.renderCase(rw, r, http.StatusUnprocessableEntity, id, refused(step, r, errs))
		return
	}
	seeOther(rw, r, Prefix+"cases/"+k.ID+"?done="+step+"#content")
}

// newCasePage shows the form that opens a case for a customer.
func (w *Web) newCasePage(rw http.ResponseWriter, r *http.Request) {
	w.renderNewCase(rw, r, http.StatusOK, form{})
}

func (w *Web) renderNewCase(rw http.ResponseWriter, r *http.Request, status int, f form) {
	ctx := r.Context()
	c, err := w.app.Customers.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, readCase); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.L.Loc = c.Location()
	p.Title = p.L.T("caseNew.title") + " · " + c.FullName()
	p.Alert = f.Errors[""]
	p.Data = caseNewData{Customer: c, Open: newCaseForm(c.ID, f)}
	w.render(rw, r, status, "case_new", p)
}

// openCase opens a case for the customer, as POST /v1/cases does, owned by
// the advisor at once when they take it (the default).
func (w *Web) openCase(rw http.ResponseWriter, r *http.Request) {
	d := cases.Draft{CustomerID: r.PathValue("id"), Subject: r.PostFormValue("subject"), Category: cases.Category(r.PostFormValue("category")),
		Channel: tact.Channel(r.PostFormValue("channel")), Note: r.PostFormValue("note")}
	if r.PostFormValue("take") == "yes" {
		d.OwnerID = advisorOf(r).ID
	}
	k, err := w.app.Cases.Open(r.Context(), d)
	if err != nil {
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, "subject", "category", "channel", "note")
		if !ok || tact.ErrorField(err) == "customer_id" {
			w.fail(rw, r, err)
			return
		}
		w.renderNewCase(rw, r, http.StatusUnprocessableEntity, refused("case", r, errs))
		return
	}
	seeOther(rw, r, Prefix+"cases/"+k.ID+"?done=opened#content")
}
