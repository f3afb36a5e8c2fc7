package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// billsPage is the data of the held bills' page.
type billsPage struct {
	Rows  []billRow
	Next  string
	First string
}

// billRow is a held bill with its customer.
type billRow struct {
	*billing.Bill
	Customer *customer.Customer
}

// supBills lists the bills held by the review, as GET /v1/bills?status=on_hold
// does, each with its findings.
func (w *Web) supBills(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	list, next, err := w.app.Bills.List(ctx, billing.Filter{Status: billing.OnHold, After: q.Get("cursor")})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]string, len(list))
	for i, b := range list {
		ids[i] = b.CustomerID
	}
	custs, err := w.customersOf(ctx, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := billsPage{Rows: make([]billRow, len(list))}
	for i, b := range list {
		data.Rows[i] = billRow{Bill: b, Customer: custs[b.CustomerID]}
	}
	if next != "" {
		data.Next = pageURL(r.URL.Path, q, next)
	}
	if q.Get("cursor") != "" {
		data.First = pageURL(r.URL.Path, q, "")
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.bills")
	p.Data = data
	w.render(rw, r, http.StatusOK, "sup-bills", p)
}

// billPage is the data of a bill's page: the bill, its findings and history,
// and the forms that release or correct it.
type billPage struct {
	Bill     *billing.Bill
	Customer *customer.Customer
	Events   []billing.Event
	// Lines and New are the correction form's fields: the bill's lines as
	// stored, or as the supervisor posted them when they were refused.
	Lines []lineField
	New   lineField
	// ReleaseReason and AdjustReason are the reasons posted, when refused.
	ReleaseReason, AdjustReason string
	// NewKinds are the kinds a line added by a supervisor may have.
	NewKinds []billing.Kind
}

// lineField is a line of the correction form.
type lineField struct {
	// N is the line's number as people count, from 1.
	N      int
	Line   billing.Line
	Kind   billing.Kind
	Desc   string
	Amount string
	Remove bool
}

// Held reports whether the bill waits for a supervisor.
func (d billPage) Held() bool { return d.Bill.Status == billing.OnHold }

// Adjustable reports whether the bill may still be corrected: it has not
// left.
func (d billPage) Adjustable() bool {
	s := d.Bill.Status
	return s == billing.New || s == billing.OnHold || s == billing.Validated
}

// Zone is the zone of the bill's customer, "" (UTC) when he is gone.
func (d billPage) Zone() string { return zoneOf(d.Customer) }

// billData reads bill id with its customer and history, its correction form
// filled from the bill.
func (w *Web) billData(r *http.Request, id string, l Lang) (billPage, error) {
	ctx := r.Context()
	b, err := w.app.Bills.Get(ctx, id)
	if err != nil {
		return billPage{}, err
	}
	evs, err := w.app.Bills.Events(ctx, b.ID)
	if err != nil {
		return billPage{}, err
	}
	custs, err := w.customersOf(ctx, []string{b.CustomerID})
	if err != nil {
		return billPage{}, err
	}
	d := billPage{Bill: b, Customer: custs[b.CustomerID], Events: evs, NewKinds: []billing.Kind{billing.Adjustment, billing.Credit},
		New: lineField{N: len(b.Lines) + 1, Kind: billing.Adjustment}}
	for i, ln := range b.Lines {
		d.Lines = append(d.Lines, lineField{N: i + 1, Line: ln, Kind: ln.Kind, Desc: ln.Description, Amount: l.AmountInput(ln.Amount.Cents)})
	}
	return d, nil
}

// reasonBill is the audit's reason for a read of a customer's bill.
const reasonBill = audit.ReasonBill

// supBill shows a bill: its lines, findings and history, and, while it has
// not left, the forms that release (held only) or correct it. A bill is
// part of its customer's record: the read is audit-logged.
func (w *Web) supBill(rw http.ResponseWriter, r *http.Request) {
	p := w.newPage(r, "")
	d, err := w.billData(r, r.PathValue("id"), p.L)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(r.Context(), d.Bill.CustomerID, reasonBill); err != nil {
		w.fail(rw, r, err)
		return
	}
	switch r.URL.Query().Get("done") {
	case "released":
		p.Flash = p.L.T("sup.bill.released")
	case "adjusted":
		p.Flash = p.L.T("sup.bill.adjusted", p.L.Enum("bill", d.Bill.Status))
	}
	w.showBill(rw, r, http.StatusOK, p, d)
}

// showBill renders a bill's page.
func (w *Web) showBill(rw http.ResponseWriter, r *http.Request, status int, p page, d billPage) {
	p.Title = p.L.T("sup.bill.title", d.Bill.ID)
	p.Data = d
	w.render(rw, r, status, "sup-bill", p)
}

// formVersion reads the version of the bill the form was filled from.
func formVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 1 {
		return 0, tact.FieldError(tact.CodeInvalid, "version", "the form does not say which version of the bill it was filled from")
	}
	return v, nil
}

// supRelease lets a held bill go as it is, with the supervisor's reason, as
// POST /v1/bills/{id}/release does on behalf of the person signed in; the
// version the form was filled from must still be the bill's.
func (w *Web) supRelease(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version, err := formVersion(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reason := r.PostFormValue("reason")
	if _, err := w.app.Bills.Release(r.Context(), id, reason, version); err != nil {
		w.billRefused(rw, r, id, err, func(d *billPage) { d.ReleaseReason = reason })
		return
	}
	http.Redirect(rw, r, supervisionPrefix+"bills/"+url.PathEscape(id)+"?done=released", http.StatusSeeOther)
}

// supAdjust corrects a bill that has not left, as POST /v1/bills/{id}/adjust
// does on behalf of the person signed in: the lines as posted (each changed,
// kept or removed, and one added if given), with the reason; the bill is
// reviewed again.
func (w *Web) supAdjust(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version, err := formVersion(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	l := visitorLang(r)
	d, err := w.billData(r, id, l)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	reason := r.PostFormValue("reason")
	posted := func(pd *billPage) {
		pd.AdjustReason = reason
		readLineFields(r, pd)
	}
	posted(&d)
	lines, bad := linesOf(d, l, d.Bill.Total.Currency)
	if bad != "" {
		w.billRefused(rw, r, id, tact.Errorf(tact.CodeInvalid, "%s", bad), posted)
		return
	}
	if _, err := w.app.Bills.Adjust(r.Context(), id, lines, reason, version); err != nil {
		w.billRefused(rw, r, id, err, posted)
		return
	}
	http.Redirect(rw, r, supervisionPrefix+"bills/"+url.PathEscape(id)+"?done=adjusted", http.StatusSeeOther)
}

// readLineFields fills the correction form's fields from the post.
func readLineFields(r *http.Request, d *billPage) {
	for i := range d.Lines {
		f := &d.Lines[i]
		n := strconv.Itoa(f.N)
		if v, ok := r.PostForm["desc_"+n]; ok {
			f.Desc = strings.TrimSpace(v[0])
		}
		if v, ok := r.PostForm["amount_"+n]; ok {
			f.Amount = strings.TrimSpace(v[0])
		}
		f.Remove = r.PostFormValue("remove_"+n) != ""
	}
	d.New.Kind = billing.Kind(r.PostFormValue("new_kind"))
	d.New.Desc = strings.TrimSpace(r.PostFormValue("new_desc"))
	d.New.Amount = strings.TrimSpace(r.PostFormValue("new_amount"))
}

// linesOf returns the lines the correction form asks for, or what is wrong
// with it, in the page's language. What the form does not show of a line
// (its date, provider, credit note) is kept.
func linesOf(d billPage, l Lang, cur tact.Currency) ([]billing.Line, string) {
	var out []billing.Line
	for _, f := range d.Lines {
		if f.Remove {
			continue
		}
		cents, ok := parseAmount(f.Amount)
		if !ok {
			return nil, l.T("sup.bill.badAmount", f.Amount, f.N)
		}
		ln := f.Line
		ln.Description, ln.Amount = f.Desc, tact.Money{Cents: cents, Currency: cur}
		out = append(out, ln)
	}
	if d.New.Desc != "" || d.New.Amount != "" {
		cents, ok := parseAmount(d.New.Amount)
		if !ok {
			return nil, l.T("sup.bill.badAmount", d.New.Amount, d.New.N)
		}
		kind := d.New.Kind
		if kind != billing.Credit {
			kind = billing.Adjustment
		}
		out = append(out, billing.Line{Kind: kind, Description: d.New.Desc, Amount: tact.Money{Cents: cents, Currency: cur}})
	}
	if out == nil {
		out = []billing.Line{}
	}
	return out, ""
}

// billRefused shows the bill again when a release or a correction was
// refused, saying why: someone changed it meanwhile (412, shown as it is
// now), a reason or a line missing or wrong (422, the form as posted), or
// a bill no longer held or that has left (409). Anything else is the
// error page.
func (w *Web) billRefused(rw http.ResponseWriter, r *http.Request, id string, cause error, posted func(*billPage)) {
	p := w.newPage(r, "")
	d, err := w.billData(r, id, p.L)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	var status int
	switch code := tact.ErrorCode(cause); {
	case code == tact.CodePreconditionFailed:
		status, p.Alert = http.StatusPreconditionFailed, p.L.T("sup.bill.stale")
	case tact.ErrorField(cause) == "reason":
		status, p.Alert = http.StatusUnprocessableEntity, p.L.T("sup.bill.refused", p.L.T("sup.bill.noReason"))
		posted(&d)
	case code == tact.CodeInvalid || code == tact.CodeRequired || code == tact.CodeTooLong:
		status, p.Alert = http.StatusUnprocessableEntity, p.L.T("sup.bill.refused", errorText(cause))
		posted(&d)
	case code == tact.CodeInvalidTransition && d.Adjustable():
		status, p.Alert = http.StatusConflict, p.L.T("sup.bill.refused", p.L.T("sup.bill.notHeld"))
	case code == tact.CodeInvalidTransition:
		status, p.Alert = http.StatusConflict, p.L.T("sup.bill.refused", p.L.T("sup.bill.left"))
	default:
		w.fail(rw, r, cause)
		return
	}
	w.showBill(rw, r, status, p, d)
}

// errorText is what a refusal says, with the field at fault.
func errorText(err error) string {
	var te *tact.Error
	if !errors.As(err, &te) {
		return err.Error()
	}
	if te.Field != "" {
		return te.Field + " : " + te.Message
	}
	return te.Message
}

// visitorLang is the language of the request's pages.
func visitorLang(r *http.Request) Lang { return Lang{Tag: visitorOf(r).lang} }

// AmountInput writes cents as a form's field shows them, without grouping:
// "148980,01" in French, "148980.01" in English.
func (l Lang) AmountInput(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	sep := ","
	if l.English() {
		sep = "."
	}
	return sign + strconv.FormatInt(cents/100, 10) + sep + leftPad(strconv.FormatInt(cents%100, 10))
}

func leftPad(s string) string {
	if len(s) < 2 {
		return "0" + s
	}
	return s
}

// parseAmount reads an amount as people type it, in cents: "12,50",
// "12.50", "-3", "1 234,5 €". Digits may be grouped with spaces, not with
// dots or commas; at most two decimals.
func parseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, cut := range []string{"€", "CA$", "$", "EUR", "CAD"} {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, cut), cut))
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	neg := strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
	s = strings.Replace(s, ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || len(whole) > 12 || len(frac) > 2 || !digits(whole) || !digits(frac) {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	if whole == "" {
		whole = "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
