package web

import (
	"net/http"
	"strings"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
)

// searchResultsSize is how many customers a page of results lists.
const searchResultsSize = 20

// searchPage is the data of the search page.
type searchPage struct {
	Query   string
	Results []*customer.Customer
	Next    string
}

// search finds customers by name, number, email or account number, as
// GET /v1/customers?q= does. htmx asks for the results alone as one types.
func (w *Web) search(rw http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	p := w.newPage(r, "")
	p.Title = p.L.T("search.title")
	data := searchPage{Query: q}
	if q != "" {
		var err error
		data.Results, data.Next, err = w.app.Customers.Search(r.Context(), app.SearchParams{Query: q, Cursor: r.URL.Query().Get("cursor"), Limit: searchResultsSize})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	p.Data = data
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		w.renderBlock(rw, r, http.StatusOK, "search", "results", p)
		return
	}
	w.render(rw, r, http.StatusOK, "search", p)
}
