package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// me is the customer signed in; customerOnly made sure there is one.
func me(r *http.Request) *customer.Customer { return spaceVisitorOf(r).me }

// ownBill returns the bill of the path if it is the signed-in customer's
// and has left (a bill under review or held is nobody's to read yet); any
// other is not found, whether or not it exists.
func (w *Web) ownBill(r *http.Request) (*billing.Bill, error) {
	id := r.PathValue("id")
	b, err := w.app.Bills.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if b.CustomerID != me(r).ID || !shownBill(b) {
		return nil, tact.NotFound("bill", id)
	}
	return b, nil
}

// shownBill reports whether a bill has left, so its customer reads it.
func shownBill(b *billing.Bill) bool { return b.Status.Left() }

// ownCancellation returns the cancellation of the path if it is the
// signed-in customer's; any other is not found.
func (w *Web) ownCancellation(r *http.Request) (*lifecycle.Cancellation, error) {
	id := r.PathValue("id")
	x, err := w.app.Cancellations.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if x.CustomerID != me(r).ID {
		return nil, tact.NotFound("cancellation", id)
	}
	return x, nil
}

// myBills are the customer's bills that have left, newest first.
func (w *Web) myBills(r *http.Request) ([]*billing.Bill, error) {
	return w.app.Bills.Issued(r.Context(), me(r).ID, 120)
}

// homeData is the data of the space's first page.
type homeData struct {
	Bills    []*billing.Bill
	Promises []*commitment.Commitment
	Leaving  *lifecycle.Cancellation
}

func (w *Web) spaceHome(rw http.ResponseWriter, r *http.Request) {
	bills, err := w.myBills(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	promises, _, err := w.app.Commitments.List(r.Context(), commitment.Filter{CustomerID: me(r).ID, OpenOnly: true, Limit: 20}, "")
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	xs, err := w.app.Cancellations.List(r.Context(), me(r).ID)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	d := homeData{Bills: bills[:min(len(bills), 3)], Promises: promises}
	for _, x := range xs {
		if x.Status != lifecycle.Previewed {
			d.Leaving = x
			break
		}
	}
	w.spaceRender(rw, r, http.StatusOK, "space_home", w.spacePage(r, "space.home.title", d))
}

func (w *Web) spaceBills(rw http.ResponseWriter, r *http.Request) {
	bills, err := w.myBills(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.spaceRender(rw, r, http.StatusOK, "space_bills", w.spacePage(r, "space.bills.title", bills))
}

// billLine is a line of a bill as the customer's page shows it.
type billLine struct {
	Index int
	billing.Line
	// Dispute is the dispute of this line, if any.
	Dispute *billing.Dispute
}

// Disputable reports whether the line can be disputed now: a charge with no
// open dispute.
func (l billLine) Disputable() bool {
	return l.Amount.Cents > 0 && (l.Dispute == nil || !l.Dispute.Open)
}

// billData is the data of a bill's page.
type billData struct {
	Bill    *billing.Bill
	Lines   []billLine
	Credits []*billing.CreditNote
	// Disputed is the line just disputed (-1 if none), for the message.
	Disputed int
	// Credited is the credit note of the line just disputed, if any.
	Credited *billing.CreditNote
	// ThirdPartyBilling is the customer's switch, said after a dispute.
	ThirdPartyBilling bool
}

func (w *Web) spaceBill(rw http.ResponseWriter, r *http.Request) {
	b, err := w.ownBill(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	disputes, err := w.app.Bills.Disputes(r.Context(), b.ID)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	notes, err := w.app.Bills.CreditNotes(r.Context(), me(r).ID)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	d := billData{Bill: b, Disputed: -1, ThirdPartyBilling: me(r).ThirdPartyBilling}
	for i, l := range b.Lines {
		bl := billLine{Index: i, Line: l}
		for j := range disputes {
			if disputes[j].Line == i && (bl.Dispute == nil || disputes[j].Open) {
				bl.Dispute = &disputes[j]
			}
		}
		d.Lines = append(d.Lines, bl)
	}
	for _, n := range notes {
		if n.BillID == b.ID {
			d.Credits = append(d.Credits, n)
		}
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("disputed")); err == nil && n >= 0 && n < len(b.Lines) {
		d.Disputed = n
		if dp := d.Lines[n].Dispute; dp != nil {
			for _, c := range d.Credits {
				if c.DisputeID == dp.ID {
					d.Credited = c
				}
			}
		}
	}
	p := w.spacePage(r, "space.bill.title", d)
	p.Title = p.Data.(spaceData).S.T("space.bill.title", p.L.Day(b.From), p.L.Day(b.To))
	w.spaceRender(rw, r, http.StatusOK, "space_bill", p)
}

func (w *Web) spaceBillDocument(rw http.ResponseWriter, r *http.Request) {
	b, err := w.ownBill(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	doc, err := w.app.Bills.Document(r.Context(), b.ID)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.serveDocument(rw, r, "facture-"+b.To.String(), doc)
}

// spaceDispute disputes a line of the customer's bill in one click: a
// third-party charge is credited at once and third-party billing switched
// off (app.Bills.Dispute).
func (w *Web) spaceDispute(rw http.ResponseWriter, r *http.Request) {
	b, err := w.ownBill(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	line, err := strconv.Atoi(r.PathValue("line"))
	if err != nil || line < 0 || line >= len(b.Lines) {
		w.spaceFail(rw, r, tact.NotFound("bill line", r.PathValue("line")))
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		reason = "Je ne reconnais pas ce montant et le conteste (espace client)."
		if b.Lines[line].Kind == billing.ThirdParty {
			reason = "Je n'ai pas souscrit ce service de tiers et le conteste (espace client)."
		}
	}
	if _, err := w.app.Bills.Dispute(r.Context(), b.ID, line, reason); err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	http.Redirect(rw, r, SpacePrefix+"bills/"+b.ID+"?disputed="+strconv.Itoa(line)+"#line-"+strconv.Itoa(line), http.StatusSeeOther)
}

// promisesData is the data of the promises page: the open ones, then the
// others.
type promisesData struct {
	Open, Past []*commitment.Commitment
}

func (w *Web) spacePromises(rw http.ResponseWriter, r *http.Request) {
	list, _, err := w.app.Commitments.List(r.Context(), commitment.Filter{CustomerID: me(r).ID, Limit: 100}, "")
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	var d promisesData
	for _, c := range list {
		if c.Status == commitment.Pending || c.Status == commitment.Overdue {
			d.Open = append(d.Open, c)
		} else {
			d.Past = append(d.Past, c)
		}
	}
	w.spaceRender(rw, r, http.StatusOK, "space_promises", w.spacePage(r, "space.promises.title", d))
}

func (w *Web) spaceOffers(rw http.ResponseWriter, r *http.Request) {
	offers, err := w.app.Offers.ForCustomer(r.Context(), me(r).ID)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.spaceRender(rw, r, http.StatusOK, "space_offers", w.spacePage(r, "space.offers.title", offers.Offers))
}

// spaceOfferDocument is an offer side by side with what the customer has,
// in writing (HTML, or the PDF); an offer that does not fit him is not found.
func (w *Web) spaceOfferDocument(rw http.ResponseWriter, r *http.Request) {
	doc, err := w.app.Offers.Document(r.Context(), me(r).ID, r.PathValue("code"))
	if tact.ErrorCode(err) == tact.CodeOfferNotFit {
		err = tact.NotFound("offer", r.PathValue("code"))
	}
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	w.serveDocument(rw, r, "offre-"+strings.ToLower(r.PathValue("code")), doc)
}

// newFormKey returns a random key for a form that must act once however
// often it is sent (the cancellation's Idempotency-Key).
func newFormKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "space-" + hex.EncodeToString(b[:])
}
