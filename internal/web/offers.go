package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// offersPageData is the data of the page of a customer's offers.
type offersPageData struct {
	Customer *customer.Customer
	Offers   *app.CustomerOffers
	// Numbers are the customer's line numbers by line id.
	Numbers map[string]string
	// Promise is his pending send_offer promise, if any: what sending an
	// offer keeps.
	Promise *promiseNote
	names   map[string]tact.Text
	lang    Lang
}

// OfferName is an offer's name by code, or the code when unknown.
func (d offersPageData) OfferName(code string) string {
	if n, ok := d.names[code]; ok {
		return d.lang.Text(n)
	}
	return code
}

// promiseNote is the customer's pending send_offer promise as the offer
// pages recall it, overdue marked (past due, even before the sweep marks it).
type promiseNote struct {
	Promise *commitment.Commitment
	Overdue bool
}

// Number is a line's number as people write it.
func (d offersPageData) Number(lineID string) string {
	return customer.NationalNumber(d.Numbers[lineID], d.Customer.Jurisdiction)
}

// offerPageData is the data of an offer's page: the comparison preview and
// the form that sends it.
type offerPageData struct {
	Customer *customer.Customer
	Doc      document.Comparison
	Number   string
	// Email and Letter are where the offer would go by each method; "" when
	// the customer has no such address.
	Email, Letter string
	Promise       *promiseNote
	// Sent is the delivery just made, and Kept the promise it kept.
	Sent *delivery.Delivery
	Kept *commitment.Commitment
	Form form
	// Key makes the send form once-only: posted twice (a double click, a
	// retry), it sends once; a new form is a new send.
	Key string
}

// Methods are the ways an offer is sent.
func (offerPageData) Methods() []delivery.Method {
	return []delivery.Method{delivery.Email, delivery.Letter, delivery.BillInsert}
}

// Code is the offer's code.
func (d offerPageData) Code() string { return d.Doc.Offer.Code }

// Saving is the comparison's saving over 24 months, for the summary line.
func (d offerPageData) Saving() tact.Money { return d.Doc.Compared.Over24.Saving }

// offersPage lists the offers that fit each of the customer's lines, his
// benefit first, compared on his own usage (as GET
// /v1/customers/{id}/offers), and those left out with every rule that
// objected. The read is audit-logged.
func (w *Web) offersPage(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := w.app.Customers.Get(ctx, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	out, err := w.app.Offers.ForCustomer(ctx, c.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lines, err := w.app.Customers.Lines(ctx, c.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	promise, err := w.offerPromise(r, c.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, readOffers); err != nil {
		w.fail(rw, r, err)
		return
	}
	numbers := map[string]string{}
	for _, l := range lines {
		numbers[l.ID] = l.Number
	}
	all, err := w.app.Offers.List(ctx, offer.Filter{Jurisdiction: c.Jurisdiction})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	names := map[string]tact.Text{}
	for _, o := range all {
		names[o.Code] = o.Name
	}
	p := w.newPage(r, "")
	p.L.Loc = c.Location()
	p.Title = p.L.T("offers.title") + " · " + c.FullName()
	p.Data = offersPageData{Customer: c, Offers: out, Numbers: numbers, Promise: promise, names: names, lang: p.L}
	w.render(rw, r, http.StatusOK, "offers", p)
}

// offerPromise is the customer's pending (or overdue) send_offer promise due
// first, nil when none: the one sending an offer keeps.
func (w *Web) offerPromise(r *http.Request, customerID string) (*promiseNote, error) {
	open, _, err := w.app.Commitments.List(r.Context(), commitment.Filter{CustomerID: customerID, OpenOnly: true, Limit: tact.MaxPageSize}, "")
	if err != nil {
		return nil, err
	}
	for _, p := range open {
		if p.Kind == commitment.SendOffer {
			return &promiseNote{Promise: p, Overdue: overdue(p, w.app.Clock().Now())}, nil
		}
	}
	return nil, nil
}

// offerPage shows one offer as the customer will read it (the comparison
// document, embedded, and its PDF), and the form that sends it. An offer the
// rules refuse him is not shown.
func (w *Web) offerPage(rw http.ResponseWriter, r *http.Request) {
	w.renderOffer(rw, r, http.StatusOK, form{})
}

func (w *Web) renderOffer(rw http.ResponseWriter, r *http.Request, status int, f form) {
	ctx := r.Context()
	doc, err := w.app.Offers.Document(ctx, r.PathValue("id"), r.PathValue("code"))
	if err != nil {
		w.offerFail(rw, r, err)
		return
	}
	c := doc.Customer
	lines, err := w.app.Customers.Lines(ctx, c.ID)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := offerPageData{Customer: c, Doc: doc, Number: customer.NationalNumber(doc.Line.Number, c.Jurisdiction),
		Email: c.WrittenAddress(tact.ChannelEmail, lines), Letter: c.WrittenAddress(tact.ChannelLetter, lines), Form: f, Key: sendKey()}
	if data.Promise, err = w.offerPromise(r, c.ID); err != nil {
		w.fail(rw, r, err)
		return
	}
	if id := r.URL.Query().Get("sent"); id != "" && status == http.StatusOK {
		d, err := w.app.Deliveries.Get(ctx, id)
		if err == nil && d.CustomerID == c.ID {
			data.Sent = d
			if d.CommitmentID != "" {
				if data.Kept, err = w.app.Commitments.Get(ctx, d.CommitmentID); err != nil {
					w.fail(rw, r, err)
					return
				}
			}
		}
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, readOffers); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.L.Loc = c.Location()
	p.Title = p.L.Text(doc.Offer.Name) + " · " + c.FullName()
	p.Alert = f.Errors[""]
	p.Data = data
	w.render(rw, r, status, "offer", p)
}

// offerFail shows an offer that cannot be shown: one the rules refuse the
// customer (409, in words), or any other fault.
func (w *Web) offerFail(rw http.ResponseWriter, r *http.Request, err error) {
	if tact.ErrorCode(err) != tact.CodeOfferNotFit {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("error.title")
	p.Data = errorPage{Message: p.L.T("err.offer_not_fit")}
	w.render(rw, r, http.StatusConflict, "error", p)
}

// offerDocument serves the comparison document itself, as the customer
// receives it: HTML for the page's preview, or the A4 PDF (?format=pdf). The
// HTML is the customer's document with its own styles: it is served
// sandboxed, framed only by the console.
func (w *Web) offerDocument(rw http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc, err := w.app.Offers.Document(ctx, r.PathValue("id"), r.PathValue("code"))
	if err != nil {
		w.offerFail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, doc.Customer.ID, readOffers); err != nil {
		w.fail(rw, r, err)
		return
	}
	var buf bytes.Buffer
	h := rw.Header()
	if r.URL.Query().Get("format") == "pdf" {
		err = doc.PDF(&buf)
		h.Set("Content-Type", "application/pdf")
		h.Set("Content-Disposition", `inline; filename="`+strings.ToLower(doc.Offer.Code)+`.pdf"`)
	} else {
		err = doc.HTML(&buf)
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'; sandbox allow-same-origin")
		h.Set("X-Frame-Options", "SAMEORIGIN")
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	h.Set("Cache-Control", "no-store")
	_, _ = rw.Write(buf.Bytes())
}

// sendOffer sends the offer in writing, as POST
// /v1/customers/{id}/offers/{code}/send does: by email, letter or bill
// insert, which keeps his pending send_offer promise (a bill insert when the
// bill goes out). Sent twice the same day by the same method, it is sent
// once. The page after shows the delivery and the promise.
func (w *Web) sendOffer(rw http.ResponseWriter, r *http.Request) {
	id, code := r.PathValue("id"), r.PathValue("code")
	method := delivery.Method(r.PostFormValue("method"))
	var (
		sent *app.Sent
		err  error
	)
	if method == "" {
		err = tact.FieldError(tact.CodeRequired, "method", "say how the offer is sent")
	} else {
		sent, _, err = w.app.Offers.Send(r.Context(), id, code, method, postedKey(r))
	}
	if err != nil {
		if tact.ErrorCode(err) == tact.CodeOfferNotFit {
			w.offerFail(rw, r, err)
			return
		}
		l := w.newPage(r, "").L
		errs, ok := l.faults(err, "method")
		if !ok {
			w.fail(rw, r, err)
			return
		}
		w.renderOffer(rw, r, http.StatusUnprocessableEntity, refused("send", r, errs))
		return
	}
	seeOther(rw, r, Prefix+"customers/"+id+"/offers/"+code+"?sent="+sent.Delivery.ID+"#sent")
}

// sendKey returns a new once-only key for a send form: 128 random bits.
func sendKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// postedKey is the once-only key of a posted send form, under the console's
// own prefix; a form without a well-formed one falls back to the service's
// default (once per offer, method and day).
func postedKey(r *http.Request) string {
	k := r.PostFormValue("key")
	if len(k) != 32 || strings.Trim(k, "0123456789abcdef") != "" {
		return ""
	}
	return "offer:console:" + k
}

// Saving words a saving: "12,00 € d'économie", or what the offer costs more.
func (l Lang) Saving(m tact.Money) string {
	if m.Cents < 0 {
		m.Cents = -m.Cents
		return l.T("offers.costsMore", l.Money(m))
	}
	return l.T("offers.saves", l.Money(m))
}
