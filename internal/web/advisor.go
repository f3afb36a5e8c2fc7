package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/tact"
)

// The advisor's pages of issue 8: "may I contact?", the case page, the
// promises and the offers. Each change is a form posted with its CSRF token
// (routes checks it); a refused form is shown again with what was typed and
// each fault next to its field; a change that worked redirects (303) to the
// page that shows it, so reloading never posts twice.

// advisorPages are the advisor's whole pages, parsed like every other page.
var advisorPages = []string{"contact", "case", "case_new", "promise", "promise_new", "offers", "offer"}

func init() { pageNames = append(pageNames, advisorPages...) }

// advisorRoutes adds the advisor's pages to the console's routes; page wraps
// a handler as routes does (identity, CSRF check).
func (w *Web) advisorRoutes(page func(pattern string, h http.HandlerFunc)) {
	in := func(pattern string, h http.HandlerFunc) { page(pattern, w.signedIn(h)) }

	in("GET "+Prefix+"customers/{id}/contact", w.contactPage)
	in("POST "+Prefix+"customers/{id}/contact", w.askContact)
	in("GET "+Prefix+"customers/{id}/contact/{decision}", w.contactPage)

	in("GET "+Prefix+"customers/{id}/cases/new", w.newCasePage)
	in("POST "+Prefix+"customers/{id}/cases", w.openCase)
	in("GET "+Prefix+"cases/{id}", w.casePage)
	in("POST "+Prefix+"cases/{id}/{step}", w.caseStep)

	in("GET "+Prefix+"customers/{id}/promises/new", w.newPromisePage)
	in("POST "+Prefix+"customers/{id}/promises", w.makePromise)
	in("GET "+Prefix+"promises/{id}", w.promisePage)
	in("POST "+Prefix+"promises/{id}/{step}", w.promiseStep)

	in("GET "+Prefix+"customers/{id}/offers", w.offersPage)
	in("GET "+Prefix+"customers/{id}/offers/{code}", w.offerPage)
	in("GET "+Prefix+"customers/{id}/offers/{code}/document", w.offerDocument)
	in("POST "+Prefix+"customers/{id}/offers/{code}/send", w.sendOffer)
}

// Why the advisor's pages read a customer's record, for the audit of reads.
const (
	readContact = audit.ReasonContactCheck
	readCase    = audit.ReasonCase
	readPromise = audit.ReasonPromise
	readOffers  = audit.ReasonOffers
)

// consoleSource is the source of the contact decisions the console asks for:
// the advisor, through the console.
const consoleSource = "console"

// form is the state of a page's forms: which one was posted and refused (if
// any), what was typed in it, and its faults by field ("" for the form's own).
type form struct {
	Name   string
	Values url.Values
	Errors map[string]string
}

// refused returns the state of form name posted as r and refused with errs.
func refused(name string, r *http.Request, errs map[string]string) form {
	return form{Name: name, Values: r.PostForm, Errors: errs}
}

// Err is the fault of a field of form name, "" when none.
func (f form) Err(name, field string) string {
	if f.Name != name {
		return ""
	}
	return f.Errors[field]
}

// Val is what was typed in a field of form name, or def when that form was
// not the one posted.
func (f form) Val(name, field, def string) string {
	if f.Name != name || f.Values == nil {
		return def
	}
	return f.Values.Get(field)
}

// Is reports whether a choice of a field of form name is selected: the one
// typed when that form was posted, else def.
func (f form) Is(name, field, value, def string) bool { return f.Val(name, field, def) == value }

// Failed reports whether form name was posted and refused.
func (f form) Failed(name string) bool { return f.Name == name && len(f.Errors) > 0 }

// faults words the error of a refused step for the form that asked it: next
// to the field the service named when the form shows it (fields; a field
// "evidence.id" shows at "evidence"), else for the whole form (""). It
// reports false for an error no form can fix (not found, forbidden,
// internal), which the error page shows instead.
func (l Lang) faults(err error, fields ...string) (map[string]string, bool) {
	var te *tact.Error
	if !errors.As(err, &te) {
		return nil, false
	}
	switch te.Code {
	case tact.CodeNotFound, tact.CodeForbidden, tact.CodeInternal, tact.CodeUnauthorized:
		return nil, false
	}
	field, _, _ := strings.Cut(te.Field, ".")
	if !slices.Contains(fields, te.Field) && !slices.Contains(fields, field) {
		field = ""
	}
	if slices.Contains(fields, te.Field) {
		field = te.Field
	}
	return map[string]string{field: l.fault(te)}, true
}

// fault words one service error in the page's language: the text of its code
// for its field when there is one, else of its code. A code with no text
// shows the service's own message, after a sentence in the page's language.
func (l Lang) fault(te *tact.Error) string {
	code := string(te.Code)
	for _, key := range []string{"err." + te.Field + "." + code, "err." + code} {
		if _, ok := messages[key]; ok {
			msg := l.T(key)
			if te.Code == tact.CodeNeedsWrittenNotice && l.English() {
				// The service says exactly what is missing, in English.
				msg = te.Message
			}
			return msg
		}
	}
	return l.T("err.other", te.Message)
}

// unreadable is the fault the console finds itself before asking a
// service: a field it cannot read (a date).
func unreadable(field string) *tact.Error {
	return &tact.Error{Code: tact.CodeInvalid, Field: field, Message: field + " cannot be read"}
}

// staff returns the enabled people who may own a case or a promise, by name,
// and their names by id.
func (w *Web) staff(ctx context.Context) ([]*access.User, map[string]string, error) {
	users, err := w.app.Access.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[string]string, len(users))
	var out []*access.User
	for _, u := range users {
		names[u.ID] = u.Name
		if u.DisabledAt == nil && (u.Role == access.Advisor || u.Role == access.Supervisor) {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b *access.User) int { return strings.Compare(a.Name, b.Name) })
	return out, names, nil
}

// Input writes a time for a datetime-local input in the page's zone.
func (l Lang) Input(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(l.loc()).Format("2006-01-02T15:04")
}

// DayTime writes a time to the minute with its day, in the page's zone:
// "mercredi 18 mars 2026 à 09:00", "Wednesday 18 March 2026 at 09:00".
func (l Lang) DayTime(t time.Time) string {
	return l.T("time.dayAt", l.Date(t), t.In(l.loc()).Format("15:04"))
}

// version reads the version a form was shown at, for the optimistic rule: a
// step applies only to the record as the advisor read it. 0 (none) applies
// to any.
func version(r *http.Request) int {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 0 {
		return 0
	}
	return v
}

// seeOther sends the browser to path after a change (post, redirect, get).
func seeOther(rw http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(rw, r, path, http.StatusSeeOther)
}

// advisorOf is the person signed in to the console.
func advisorOf(r *http.Request) *access.User { return visitorOf(r).user }

// advisorPanel is what the customer's page offers the advisor besides his
// brief: the "may I contact now?" question, and the forms that open a case
// and record a promise.
type advisorPanel struct {
	Contact contactForm
	Case    caseForm
	Promise promiseForm
}

// advisorPanel returns the customer page's forms, empty.
func (w *Web) advisorPanel(b *brief.Brief) advisorPanel {
	return advisorPanel{
		Contact: w.newContactForm(b, form{}),
		Case:    newCaseForm(b.CustomerID, form{}),
		Promise: newPromiseForm(b.CustomerID, b.OpenCases, form{}),
	}
}
