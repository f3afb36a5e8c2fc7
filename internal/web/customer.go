package web

import (
	"net/http"
	"time"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// timelinePageSize is how many entries a page of the timeline shows.
const timelinePageSize = 20

// customerPage is the data of a customer's page: his brief, then his timeline.
type customerPage struct {
	Brief    *brief.Brief
	Timeline timelineData
	// Advisor holds the advisor's forms: "may I contact?", open a case,
	// record a promise (advisor.go).
	Advisor advisorPanel
}

// timelineData is a page of a customer's timeline.
type timelineData struct {
	CustomerID string
	Entries    []timeline.Entry
	Next       string
}

// customerPage opens a customer on his brief (how to address him first), then
// the first page of his timeline. The read is audit-logged.
func (w *Web) customerPage(rw http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	b, err := w.app.Briefs.Get(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, b.CustomerID, audit.ReasonBrief); err != nil {
		w.fail(rw, r, err)
		return
	}
	entries, next, err := w.app.Customers.Timeline(ctx, b.CustomerID, "", timelinePageSize)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, b.Name)
	p.L.Loc = location(b.TimeZone)
	p.Data = customerPage{Brief: b, Timeline: timelineData{CustomerID: b.CustomerID, Entries: entries, Next: next},
		Advisor: w.advisorPanel(b)}
	w.render(rw, r, http.StatusOK, "customer", p)
}

// timelinePage is a further page of a customer's timeline: the rows alone for
// htmx's "show more", a page of its own otherwise. The read is audit-logged.
func (w *Web) timelinePage(rw http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	c, err := w.app.Customers.Get(ctx, id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	entries, next, err := w.app.Customers.Timeline(ctx, c.ID, r.URL.Query().Get("cursor"), timelinePageSize)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.app.Audit.RecordRead(ctx, c.ID, audit.ReasonTimeline); err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, c.FullName())
	p.L.Loc = location(c.TimeZone)
	p.Data = timelineData{CustomerID: c.ID, Entries: entries, Next: next}
	if r.Header.Get("HX-Request") == "true" {
		w.renderBlock(rw, r, http.StatusOK, "timeline", "timeline-rows", p)
		return
	}
	w.render(rw, r, http.StatusOK, "timeline", p)
}

// location returns a customer's zone; nil (shown as UTC) if it cannot be loaded.
func location(zone string) *time.Location {
	loc, err := tact.LoadLocation(zone)
	if err != nil {
		return nil
	}
	return loc
}
