package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// The audit of reads for supervisors (issue 8): who opened which
// customer's record, when and why, newest first, by person, customer and
// period, as GET /v1/record-reads lists it. Only a supervisor or an admin
// sees it (supervisorOnly, and the service again).

func init() { pageNames = append(pageNames, "sup-reads") }

// readsPath is the page's path.
const readsPath = supervisionPrefix + "reads"

// readsQuery is the page's filter as given in its URL.
type readsQuery struct {
	User, Customer string
	// From and To are the first and last days of the period, both
	// included, cut in the zone of Where.
	From, To tact.Date
	// Where is the jurisdiction whose time the days and times are in.
	Where  tact.Jurisdiction
	Cursor string
}

// values are q as a URL's query.
func (q readsQuery) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("user", q.User)
	set("customer", q.Customer)
	if !q.From.IsZero() {
		set("from", q.From.String())
	}
	if !q.To.IsZero() {
		set("to", q.To.String())
	}
	set("where", string(q.Where))
	return v
}

// url is the page of q.
func (q readsQuery) url() string { return pageURL(readsPath, q.values(), q.Cursor) }

// readsPage is the data of the page.
type readsPage struct {
	Q readsQuery
	// Zone is the zone the days are cut and the times shown in.
	Zone string
	// People are everyone who may have read a record, for the filter.
	People []*access.User
	// Customer is the customer filtered on, when he exists.
	Customer *customer.Customer
	Places   []tact.Jurisdiction
	Rows     []readRow
	Next     string
	First    string
}

// readRow is a read with its customer (nil when gone).
type readRow struct {
	*audit.Read
	Customer *customer.Customer
}

// PersonURL is the page filtered on one person, the other filters kept.
func (d readsPage) PersonURL(id string) string {
	q := d.Q
	q.User, q.Cursor = id, ""
	return q.url()
}

// CustomerURL is the page filtered on one customer, the other filters kept.
func (d readsPage) CustomerURL(id string) string {
	q := d.Q
	q.Customer, q.Cursor = id, ""
	return q.url()
}

// AllCustomersURL is the page without its customer filter.
func (d readsPage) AllCustomersURL() string { return d.CustomerURL("") }

// supReads lists the reads of customers' records, newest first. The period
// is days in the time of France or Québec (by default the reader's: Québec
// for a page in Canadian French); a filter the service refuses shows the
// page again with what was typed and why.
func (w *Web) supReads(rw http.ResponseWriter, r *http.Request) {
	ctx, qs := r.Context(), r.URL.Query()
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.reads")
	q := readsQuery{User: qs.Get("user"), Customer: qs.Get("customer"), Where: tact.Jurisdiction(qs.Get("where")), Cursor: qs.Get("cursor")}
	if !q.Where.Valid() {
		q.Where = tact.FR
		if p.L.Tag == tact.LangFrCA {
			q.Where = tact.CAQC
		}
	}
	_, people, err := w.people(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := readsPage{Q: q, Zone: q.Where.DefaultTimeZone(), People: people, Places: []tact.Jurisdiction{tact.FR, tact.CAQC}}
	p.L = p.L.In(data.Zone)
	p.Data = &data
	invalid := func(key string) {
		p.Alert = p.L.T(key)
		w.render(rw, r, http.StatusBadRequest, "sup-reads", p)
	}
	for _, d := range []struct {
		name string
		to   *tact.Date
	}{{"from", &data.Q.From}, {"to", &data.Q.To}} {
		if s := qs.Get(d.name); s != "" {
			day, err := tact.ParseDate(s)
			if err != nil {
				invalid("sup.reads.badDate")
				return
			}
			*d.to = day
		}
	}
	f := audit.Filter{UserID: q.User, CustomerID: q.Customer}
	if !data.Q.From.IsZero() {
		f.From = data.Q.From.In(p.L.Loc)
	}
	if !data.Q.To.IsZero() {
		f.To = data.Q.To.AddDays(1).In(p.L.Loc)
	}
	list, next, err := w.app.Audit.Reads(ctx, f, q.Cursor)
	var te *tact.Error
	if tact.ErrorCode(err) == tact.CodeInvalid && errors.As(err, &te) {
		invalid(readsFault(te.Field))
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]string, 0, len(list)+1)
	for _, rd := range list {
		ids = append(ids, rd.CustomerID)
	}
	if q.Customer != "" {
		ids = append(ids, q.Customer)
	}
	custs, err := w.customersOf(ctx, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data.Customer = custs[q.Customer]
	data.Rows = make([]readRow, len(list))
	for i, rd := range list {
		data.Rows[i] = readRow{Read: rd, Customer: custs[rd.CustomerID]}
	}
	if next != "" {
		nq := data.Q
		nq.Cursor = next
		data.Next = nq.url()
	}
	if q.Cursor != "" {
		fq := data.Q
		fq.Cursor = ""
		data.First = fq.url()
	}
	w.render(rw, r, http.StatusOK, "sup-reads", p)
}

// readsFault is the text of a filter the service refused, by its field.
func readsFault(field string) string {
	switch field {
	case "from":
		return "sup.reads.badPeriod"
	case "customer_id":
		return "sup.reads.badCustomer"
	case "user_id":
		return "sup.reads.badUser"
	}
	return "sup.reads.badFilter"
}
