package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// The supervisor's pages (issue 8, scope 3): overdue promises, service
// levels missed, held bills with their release and correction, the contacts
// the policy denied or deferred, and the quality figures. Only a supervisor
// or an admin sees them; the services act as the person signed in.

// supervisionPages are the templates of the supervisor's pages, parsed with
// the others (pageNames).
var supervisionPages = []string{"sup-quality", "sup-promises", "sup-breaches", "sup-bills", "sup-bill", "sup-decisions"}

func init() { pageNames = append(pageNames, supervisionPages...) }

// supervisionPrefix is where the supervisor's pages live.
const supervisionPrefix = Prefix + "supervision/"

// supervisionRoutes adds the supervisor's pages to the console's routes.
func (w *Web) supervisionRoutes(page func(pattern string, h http.HandlerFunc)) {
	sup := func(pattern string, h http.HandlerFunc) { page(pattern, w.signedIn(w.supervisorOnly(h))) }
	sup("GET "+supervisionPrefix+"{$}", w.supQuality)
	sup("GET "+supervisionPrefix+"promises", w.supPromises)
	sup("GET "+supervisionPrefix+"breaches", w.supBreaches)
	sup("GET "+supervisionPrefix+"bills", w.supBills)
	sup("GET "+supervisionPrefix+"bills/{id}", w.supBill)
	sup("POST "+supervisionPrefix+"bills/{id}/release", w.supRelease)
	sup("POST "+supervisionPrefix+"bills/{id}/adjust", w.supAdjust)
	sup("GET "+supervisionPrefix+"decisions", w.supDecisions)
}

// supervisorOnly lets a supervisor or an admin through; anyone else signed
// in is refused (403).
func (w *Web) supervisorOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if u := visitorOf(r).user; u == nil || !u.Role.Supervises() {
			w.fail(rw, r, tact.Errorf(tact.CodeForbidden, "only a supervisor or an admin sees the supervision pages"))
			return
		}
		h(rw, r)
	}
}

// navLink is an entry of the supervision's menu.
type navLink struct {
	URL, Label string
	Current    bool
}

// SupNav is the supervision's menu, the page's own entry marked current.
func (p page) SupNav() []navLink {
	entries := []struct{ path, key string }{
		{"", "sup.quality"}, {"promises", "sup.promises"}, {"breaches", "sup.breaches"}, {"bills", "sup.bills"}, {"decisions", "sup.decisions"},
		{"reads", "sup.reads"},
	}
	here, _, _ := strings.Cut(p.Path, "?")
	out := make([]navLink, len(entries))
	for i, e := range entries {
		u := supervisionPrefix + e.path
		out[i] = navLink{URL: u, Label: p.L.T(e.key), Current: here == u || (e.path != "" && strings.HasPrefix(here, u+"/"))}
	}
	return out
}

// In returns the language with times shown in zone (UTC when it cannot be
// loaded): a list of many customers shows each one's times in his zone.
func (l Lang) In(zone string) Lang {
	l.Loc = location(zone)
	return l
}

// people returns the console's users by id, for the names of owners and of
// whom promises were escalated to.
func (w *Web) people(ctx context.Context) (map[string]*access.User, []*access.User, error) {
	all, err := w.app.Access.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*access.User, len(all))
	for _, u := range all {
		byID[u.ID] = u
	}
	return byID, all, nil
}

// customersOf reads the customers of ids, once each; one gone is left out.
func (w *Web) customersOf(ctx context.Context, ids []string) (map[string]*customer.Customer, error) {
	return w.app.Customers.GetMany(ctx, ids)
}

// pageURL is path with the query q, and cursor when not "".
func pageURL(path string, q url.Values, cursor string) string {
	q2 := url.Values{}
	for k, v := range q {
		if k != "cursor" && k != "lang" && len(v) > 0 && v[0] != "" {
			q2[k] = v
		}
	}
	if cursor != "" {
		q2.Set("cursor", cursor)
	}
	if enc := q2.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}

// promisesPage is the data of the overdue promises' page.
type promisesPage struct {
	Owner  string
	Owners []*access.User
	Rows   []promiseRow
	Next   string
	First  string
}

// promiseRow is an overdue promise with its customer and people.
type promiseRow struct {
	*commitment.Commitment
	Customer          *customer.Customer
	OwnerName, ToName string
}

// supPromises lists the overdue promises, soonest due first, as
// GET /v1/commitments?status=overdue does, optionally of one owner.
func (w *Web) supPromises(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	byID, all, err := w.people(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	owner := q.Get("owner")
	list, next, err := w.app.Commitments.List(ctx, commitment.Filter{Status: commitment.Overdue, OwnerID: owner}, q.Get("cursor"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.CustomerID
	}
	custs, err := w.customersOf(ctx, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	data := promisesPage{Owner: owner, Owners: all, Rows: make([]promiseRow, len(list))}
	for i, c := range list {
		data.Rows[i] = promiseRow{Commitment: c, Customer: custs[c.CustomerID], OwnerName: nameOf(byID, c.OwnerID), ToName: nameOf(byID, c.EscalatedTo)}
	}
	if next != "" {
		data.Next = pageURL(r.URL.Path, q, next)
	}
	if q.Get("cursor") != "" {
		data.First = pageURL(r.URL.Path, q, "")
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.promises")
	p.Data = data
	w.render(rw, r, http.StatusOK, "sup-promises", p)
}

// nameOf is a user's name, or his id when unknown.
func nameOf(users map[string]*access.User, id string) string {
	if u, ok := users[id]; ok {
		return u.Name
	}
	return id
}

// breachesPage is the data of the page of service levels missed.
type breachesPage struct {
	Owner  string
	Owners []*access.User
	Rows   []breachRow
	Next   string
	First  string
}

// breachRow is an open case past a service level, with what it missed.
type breachRow struct {
	*cases.Case
	Customer  *customer.Customer
	OwnerName string
	Breaches  []cases.Breach
}

// supBreaches lists the open cases past a service level, newest first, as
// GET /v1/cases?open=true&breached=true does, optionally of one owner.
func (w *Web) supBreaches(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	byID, all, err := w.people(ctx)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	owner := q.Get("owner")
	list, next, err := w.app.Cases.List(ctx, app.CaseQuery{OwnerID: owner, OpenOnly: true, Breached: true, Cursor: q.Get("cursor")})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ids := make([]string, len(list))
	for i, k := range list {
		ids[i] = k.CustomerID
	}
	custs, err := w.customersOf(ctx, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	now := w.app.Clock().Now()
	data := breachesPage{Owner: owner, Owners: all, Rows: make([]breachRow, len(list))}
	for i, k := range list {
		data.Rows[i] = breachRow{Case: k, Customer: custs[k.CustomerID], OwnerName: nameOf(byID, k.OwnerID), Breaches: k.Breaches(now)}
	}
	if next != "" {
		data.Next = pageURL(r.URL.Path, q, next)
	}
	if q.Get("cursor") != "" {
		data.First = pageURL(r.URL.Path, q, "")
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.breaches")
	p.Data = data
	w.render(rw, r, http.StatusOK, "sup-breaches", p)
}

// Zone is the zone of the row's customer's times, "" (UTC) when he is gone.
func (r promiseRow) Zone() string { return zoneOf(r.Customer) }

// Zone is the zone of the row's customer's times, "" (UTC) when he is gone.
func (r breachRow) Zone() string { return zoneOf(r.Customer) }

// zoneOf is a customer's zone, "" (UTC) for none.
func zoneOf(c *customer.Customer) string {
	if c == nil {
		return ""
	}
	return c.TimeZone
}
