package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// promiseSubjects are the subjects offered as one types a promise's: the
// short codes campaigns and the contact policy match on.
var promiseSubjects = []string{"contract_adaptation", "plan_upgrade", "device_renewal", "credit_note", "bill_question",
	"network_incident", "network_coverage", "third_party_charges", "cancellation", "callback"}

// promiseChannels are the channels a promise is kept on.
var promiseChannels = []tact.Channel{tact.ChannelEmail, tact.ChannelPhone, tact.ChannelSMS, tact.ChannelLetter}

// promiseForm is the data of the form that records a promise.
type promiseForm struct {
	CustomerID string
	Form       form
	Kinds      []commitment.Kind
	Channels   []tact.Channel
	Subjects   []string
	// Cases are the customer's open cases, one of which the promise may be about.
	Cases []brief.Case
}

func newPromiseForm(customerID string, open []brief.Case, f form) promiseForm {
	return promiseForm{CustomerID: customerID, Form: f, Kinds: commitment.Kinds, Channels: promiseChannels, Subjects: promiseSubjects, Cases: open}
}

// promiseNewData is the data of the page that records a promise.
type promiseNewData struct {
	Brief *brief.Brief
	Make  promiseForm
}

// promisePageData is the data of a promise's page.
type promisePageData struct {
	Promise  *commitment.Commitment
	Customer *customer.Customer
	Owner    string
	Case     *cases.Case
	// Overdue reports a promise past its due date and not kept: overdue, or
	// still pending until the sweep finds it.
	Overdue bool
	// Deliveries and Contacts are the customer's recent written deliveries and
	// contacts, one of which may show the promise kept.
	Deliveries []*delivery.Delivery
	Contacts   []*interaction.Interaction
	Form       form
	// DueFold, FromFold and ToFold say which of a repeated wall-clock time
	// the due time and the slot's ends are, when the customer's clocks go
	// back then; nil otherwise.
	DueFold, FromFold, ToFold *wallFold
}

// evidenceChoices is how many recent deliveries and contacts the keep form offers.
const evidenceChoices = 20

// Open reports whether the promise is still to keep.
func (d promisePageData) Open() bool { return d.Promise.Status.Open() }

// newPromisePage shows the form that records a promise made to the customer.
func (w *Web) newPromisePage(rw http.ResponseWriter, r *http.Request) {
	w.renderNewPromise(rw, r, http.StatusOK, form{})
}

func (w *Web) renderNewPromise(rw http.ResponseWriter, r *http.Request, status int, f form) {
	ctx := r.Context()
	b, err := w.app.Briefs.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, b.CustomerID, readPromise); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.L.Loc = location(b.TimeZone)
	p.Title = p.L.T("promiseNew.title") + " · " + b.Name
	p.Alert = f.Errors[""]
	p.Data = promiseNewData{Brief: b, Make: newPromiseForm(b.CustomerID, b.OpenCases, f)}
	w.render(rw, r, status, "promise_new", p)
}

// makePromise records a promise made to the customer, as POST
// /v1/commitments does, owned by the advisor who made it. Times are typed in
// the customer's local time, which the page shows (typedTime): one his
// clocks skip is refused on its field, one they repeat is the first.
func (w *Web) makePromise(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := w.app.Customers.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d := commitment.Draft{CustomerID: c.ID, CaseID: r.PostFormValue("case_id"), Kind: commitment.Kind(r.PostFormValue("kind")),
		Subject: strings.ToLower(strings.TrimSpace(r.PostFormValue("subject"))), Words: r.PostFormValue("words"),
		Channel: tact.Channel(r.PostFormValue("channel")), OwnerID: advisorOf(r).ID}
	loc := c.Location()
	due, dueFault := typedTime(r.PostFormValue("due"), loc)
	from, fromFault := typedTime(r.PostFormValue("slot_from"), loc)
	to, toFault := typedTime(r.PostFormValue("slot_to"), loc)
	var made *commitment.Commitment
	switch {
	case dueFault == wallUnreadable:
		err = unreadable("due")
	case fromFault == wallUnreadable || toFault == wallUnreadable:
		err = unreadable("slot")
	case dueFault == wallGap || fromFault == wallGap || toFault == wallGap:
		// Each time the clocks skip is refused next to its own field, all
		// at once.
		l, gaps := w.newPage(r, "").L, map[string]string{}
		for field, fault := range map[string]wallFault{"due": dueFault, "slot_from": fromFault, "slot_to": toFault} {
			if fault == wallGap {
				gaps[field] = l.T(wallGapText, c.TimeZone)
			}
		}
		w.renderNewPromise(rw, r, http.StatusUnprocessableEntity, refused("promise", r, gaps))
		return
	case from.IsZero() != to.IsZero():
		err = unreadable("slot")
	default:
		d.Due = due
		if !from.IsZero() && d.Kind == commitment.CallBack {
			d.Slot = &commitment.Slot{From: from, To: to}
		}
		made, err = w.app.Commitments.Make(ctx, d)
	}
	if err != nil {
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, "kind", "subject", "words", "channel", "due", "slot", "case_id")
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderNewPromise(rw, r, http.StatusUnprocessableEntity, refused("promise", r, errs))
		return
	}
	seeOther(rw, r, Prefix+"promises/"+made.ID+"?done=made#content")
}

// promisePage shows a promise: the words the customer was told, when it is
// due (overdue marked), who keeps it, and the forms that keep it with
// evidence or withdraw it. The read is audit-logged.
func (w *Web) promisePage(rw http.ResponseWriter, r *http.Request) {
	w.renderPromise(rw, r, http.StatusOK, form{})
}

func (w *Web) renderPromise(rw http.ResponseWriter, r *http.Request, status int, f form) {
	ctx := r.Context()
	pr, err := w.app.Commitments.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c, err := w.app.Customers.Get(ctx, pr.CustomerID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := promisePageData{Promise: pr, Customer: c, Form: f,
		Overdue: overdue(pr, w.app.Clock().Now()), DueFold: foldOf(pr.Due, c.Location())}
	if pr.Slot != nil {
		data.FromFold, data.ToFold = foldOf(pr.Slot.From, c.Location()), foldOf(pr.Slot.To, c.Location())
	}
	if u, err := w.app.Access.User(ctx, pr.OwnerID); err == nil {
		data.Owner = u.Name
	}
	if pr.CaseID != "" {
		if data.Case, err = w.app.Cases.Get(ctx, pr.CaseID); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	if pr.Status.Open() {
		if data.Deliveries, err = w.deliveriesSince(r, c.ID, pr.CreatedAt); err != nil {
			w.fail(rw, r, err)
			return
		}
		if data.Contacts, _, err = w.app.Interactions.List(ctx, interaction.Filter{CustomerID: c.ID, Limit: evidenceChoices}, ""); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, readPromise); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.L.Loc = c.Location()
	p.Title = p.L.T("promise.title") + " · " + c.FullName()
	p.Alert = f.Errors[""]
	if status == http.StatusOK {
		if done := r.URL.Query().Get("done"); done != "" {
			if _, ok := messages["promise.done."+done]; ok {
				p.Flash = p.L.T("promise.done." + done)
			}
		}
	}
	p.Data = data
	w.render(rw, r, status, "promise", p)
}

// promiseStep keeps a promise with its evidence, or withdraws it with the
// reason the customer is told (POST /v1/commitments/{id}/keep, /cancel), at
// the version the page showed.
func (w *Web) promiseStep(rw http.ResponseWriter, r *http.Request) {
	ctx, id, v := r.Context(), r.PathValue("id"), version(r)
	var err error
	var fields []string
	step := r.PathValue("step")
	switch step {
	case "keep":
		fields = []string{"evidence"}
		var ev commitment.Evidence
		if ev, err = evidenceOf(r); err == nil {
			_, err = w.app.Commitments.Keep(ctx, id, ev, v)
		}
	case "cancel":
		fields = []string{"reason"}
		_, err = w.app.Commitments.Cancel(ctx, id, r.PostFormValue("reason"), v)
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
		w.renderPromise(rw, r, http.StatusUnprocessableEntity, refused(step, r, errs))
		return
	}
	seeOther(rw, r, Prefix+"promises/"+id+"?done="+step+"#content")
}

// evidenceOf reads the keep form's evidence: "delivery:<id>" or
// "interaction:<id>" chosen in the list, or a credit note by its number.
func evidenceOf(r *http.Request) (commitment.Evidence, error) {
	choice := strings.TrimSpace(r.PostFormValue("evidence"))
	if choice == string(commitment.EvidenceCreditNote) {
		return commitment.Evidence{Kind: commitment.EvidenceCreditNote, ID: strings.TrimSpace(r.PostFormValue("credit_note_id"))}, nil
	}
	kind, id, ok := strings.Cut(choice, ":")
	if !ok || id == "" {
		return commitment.Evidence{}, tact.FieldError(tact.CodeRequired, "evidence", "say what shows the promise kept")
	}
	return commitment.Evidence{Kind: commitment.EvidenceKind(kind), ID: id}, nil
}

// After reports whether t is at or after the promise was made: only what
// came after may show it kept.
func (d promisePageData) After(t time.Time) bool { return !t.Before(d.Promise.CreatedAt) }

// overdue reports a promise past its due date and not kept: overdue, or
// still pending past due until the sweep (every minute) marks it.
func overdue(p *commitment.Commitment, now time.Time) bool {
	return p.Status == commitment.Overdue || (p.Status == commitment.Pending && p.Due.Before(now))
}

// deliveriesSince returns the customer's latest deliveries made at or after
// since, newest first, at most evidenceChoices. Deliveries are listed oldest
// first, so it reads them page by page, up to maxDeliveryPages pages.
func (w *Web) deliveriesSince(r *http.Request, customerID string, since time.Time) ([]*delivery.Delivery, error) {
	var out []*delivery.Delivery
	cursor := ""
	for range maxDeliveryPages {
		page, next, err := w.app.Deliveries.List(r.Context(), delivery.Filter{CustomerID: customerID, Limit: tact.MaxPageSize}, cursor)
		if err != nil {
			return nil, err
		}
		for _, d := range page {
			if !d.CreatedAt.Before(since) {
				out = append(out, d)
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(out) > evidenceChoices {
		out = out[len(out)-evidenceChoices:]
	}
	slices.Reverse(out)
	return out, nil
}

// maxDeliveryPages bounds the deliveries read for the keep form: a thousand,
// far more than one customer receives.
const maxDeliveryPages = 5
