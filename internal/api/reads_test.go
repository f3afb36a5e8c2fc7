package api_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/tact"
)

// TestRecordReads: a supervisor (On-Behalf-Of) and a system holding
// audit:read list the reads, newest first, by person, customer and period;
// an advisor may not; a bad filter is a problem naming its parameter.
func TestRecordReads(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sup := e.user(access.Supervisor, "sup@example.fr", "")
	julie := e.user(access.Advisor, "julie@example.fr", sup)
	marc := e.user(access.Advisor, "marc@example.fr", sup)
	var gagnon struct{ ID string }
	e.do(req{method: "POST", path: "/v1/customers", token: e.admin, body: customerBody("Gagnon")}).must(t, http.StatusCreated, &gagnon)
	read := func(who string, why audit.Reason) time.Time {
		t.Helper()
		at := e.clock.Now()
		ctx := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: who, Name: who})
		if err := e.app.Audit.RecordRead(ctx, gagnon.ID, why); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Minute)
		return at
	}
	first := read(julie, audit.ReasonBrief)
	second := read(marc, audit.ReasonCase)
	read(julie, audit.ReasonOffers)

	type page struct {
		Items []audit.Read `json:"items"`
	}
	list := func(user string, q url.Values) []audit.Read {
		t.Helper()
		var p page
		e.as(user, "GET", "/v1/record-reads?"+q.Encode(), "", nil).must(t, http.StatusOK, &p)
		return p.Items
	}
	all := list(sup, url.Values{"customer_id": {gagnon.ID}})
	if len(all) != 3 || all[0].Reason != audit.ReasonOffers || all[2].Reason != audit.ReasonBrief || all[2].UserID != julie || !all[2].At.Equal(first) {
		t.Errorf("every read, newest first: %+v", all)
	}
	if got := list(sup, url.Values{"user_id": {julie}}); len(got) != 2 {
		t.Errorf("julie's reads: %+v", got)
	}
	period := url.Values{"from": {second.Format(time.RFC3339)}, "to": {second.Add(time.Minute).Format(time.RFC3339)}}
	if got := list(sup, period); len(got) != 1 || got[0].UserID != marc || got[0].Reason != audit.ReasonCase {
		t.Errorf("the reads of the minute of marc's: %+v", got)
	}
	// A system holding the scope, acting for nobody.
	var p page
	e.do(req{method: "GET", path: "/v1/record-reads?limit=1", token: e.token(access.AuditRead)}).must(t, http.StatusOK, &p)
	if len(p.Items) != 1 {
		t.Errorf("a page of one: %+v", p.Items)
	}

	e.as(julie, "GET", "/v1/record-reads", "", nil).wantProblem(t, http.StatusForbidden, "forbidden", "")
	for _, tc := range []struct {
		query, field string
	}{
		{"from=yesterday", "from"},
		{"to=2026-13-01T00:00:00Z", "to"},
		{"from=2026-03-02T10:00:00Z&to=2026-03-02T10:00:00Z", "from"},
		{"user_id=julie", "user_id"},
		{"customer_id=" + julie, "customer_id"},
		{"limit=0", "limit"},
	} {
		e.as(sup, "GET", "/v1/record-reads?"+tc.query, "", nil).wantProblem(t, http.StatusUnprocessableEntity, "invalid", tc.field)
	}
	e.as(sup, "GET", "/v1/record-reads?cursor=not-a-cursor", "", nil).wantProblem(t, http.StatusBadRequest, "invalid_cursor", "")
}
