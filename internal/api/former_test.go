package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// newOperatorEnv starts an instance that speaks for op.
func newOperatorEnv(t testing.TB, st app.Stores, start time.Time, op tact.Operator) *env {
	t.Helper()
	clock := tact.NewManualClock(start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log, Operator: op})
	h := api.New(a, log)
	e := &env{t: t, app: a, api: h, clock: clock, stores: st}
	e.srv = httptest.NewServer(recordStatuses(h))
	t.Cleanup(e.srv.Close)
	e.admin = e.token(access.Scopes...)
	return e
}

// deliveryView is what tests read of a delivery.
type deliveryView struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Status       string `json:"status"`
	Body         string `json:"body"`
	CommitmentID string `json:"commitment_id"`
}

// TestStory5FormerCustomerTexts: every text to a former customer gives the
// free support number of his jurisdiction. The operator here has a number
// for France and none for Québec (tact serve refuses such a profile at
// start; the services take what they are given), so tact's own withdrawal
// of a promise to a former customer in Québec lacks it: the cancellation is
// refused with support_number_missing on body, and the promise stands. The
// same text to a former customer in France, which gives 0 800 940 940, is
// queued, and so is his apology when a promise falls overdue. Texts to an
// active customer are not held to the former-customer rules. A former
// customer's final bill with roaming near its cap is accepted; the cap
// warning, about no matter of his, is not sent to him.
func TestStory5FormerCustomerTexts(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		op := tact.Operator{Name: "Opérateur Démo", SupportPhone: map[tact.Jurisdiction]string{tact.FR: "0 800 940 940"}, SubscriberOnly: []string{"614"}}
		e := newOperatorEnv(t, st, epoch, op)
		advisor := e.user(access.Advisor, "julie@example.fr", "")
		create := func(family, jurisdiction, status string) customer {
			body := customerBody(family)
			body["jurisdiction"], body["given_name"] = jurisdiction, "Paul"
			body["emails"] = []map[string]any{{"address": strings.ToLower(family) + "@example.fr", "primary": true}}
			delete(body, "phones")
			if status == "former" {
				body["status"], body["former_since"], body["customer_since"] = "former", "2026-03-01", "2019-05-01"
			}
			var c customer
			e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
			return c
		}
		leroy, tremblay, gagnon := create("Leroy", "FR", "former"), create("Tremblay", "CA-QC", "former"), create("Gagnon", "CA-QC", "active")
		promise := func(c customer, due time.Duration) string {
			var p struct{ ID string }
			e.as(advisor, "POST", "/v1/commitments", "", map[string]any{"customer_id": c.ID, "kind": "fix", "subject": "network_incident",
				"words": "Nous rétablissons votre ligne fixe d'ici là.", "channel": "email",
				"due": e.clock.Now().Add(due).Format(time.RFC3339), "owner_id": advisor}).must(t, http.StatusCreated, &p)
			return p.ID
		}
		deliveries := func(c customer) []deliveryView {
			var list struct{ Items []deliveryView }
			e.get("/v1/deliveries?customer_id="+c.ID).must(t, http.StatusOK, &list)
			return list.Items
		}
		status := func(id string) string {
			var p struct{ Status string }
			e.get("/v1/commitments/"+id).must(t, http.StatusOK, &p)
			return p.Status
		}
		reason := map[string]any{"reason": "le technicien est passé et la ligne remarche."}

		// Québec, former: no free number to give him, so no text, and the
		// promise is not withdrawn behind his back.
		qc := promise(tremblay, 72*time.Hour)
		p := e.send("POST", "/v1/commitments/"+qc+"/cancel", reason).wantProblem(t, http.StatusUnprocessableEntity, "support_number_missing", "body")
		if !strings.Contains(p.Detail, "CA-QC") {
			t.Errorf("the refusal does not say for where: %q", p.Detail)
		}
		if s := status(qc); s != "pending" {
			t.Errorf("a refused withdrawal left the promise %s", s)
		}
		if ds := deliveries(tremblay); len(ds) != 0 {
			t.Errorf("deliveries to him: %+v", ds)
		}

		// Québec, active: the former-customer rules do not apply.
		e.send("POST", "/v1/commitments/"+promise(gagnon, 72*time.Hour)+"/cancel", reason).must(t, http.StatusOK, nil)
		if ds := deliveries(gagnon); len(ds) != 1 {
			t.Errorf("deliveries to an active customer: %+v", ds)
		}

		// France, former: the withdrawal gives the number and is queued.
		overdue, withdrawn := promise(leroy, 24*time.Hour), promise(leroy, 72*time.Hour)
		e.send("POST", "/v1/commitments/"+withdrawn+"/cancel", reason).must(t, http.StatusOK, nil)
		ds := deliveries(leroy)
		if len(ds) != 1 || ds[0].Kind != "notice" || ds[0].CommitmentID != withdrawn || ds[0].Status != "queued" || !strings.Contains(ds[0].Body, "0 800 940 940") {
			t.Fatalf("his withdrawal: %+v", ds)
		}
		// The overdue sweep's apology to him too.
		e.clock.Advance(25 * time.Hour)
		var swept struct{ Overdue, Apologies int }
		e.send("POST", "/v1/jobs/overdue-sweep", nil).must(t, http.StatusOK, &swept)
		ds = deliveries(leroy)
		if swept.Apologies != 1 || len(ds) != 2 || ds[1].Kind != "apology" || ds[1].CommitmentID != overdue || !strings.Contains(ds[1].Body, "0 800 940 940") {
			t.Errorf("sweep %+v, his deliveries %+v", swept, ds)
		}

		// His final bill, €40 of roaming: the bill goes, no cap warning.
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var run runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{"customer_id": leroy.ID,
			"period_from": "2026-02-01", "period_to": "2026-02-28", "total": eur(5999), "lines": []any{
				map[string]any{"kind": "plan", "description": "Forfait", "amount": eur(1999)},
				map[string]any{"kind": "roaming", "description": "Données hors UE", "amount": eur(4000), "date": "2026-02-20"}}}}}).
			must(t, http.StatusCreated, &run)
		if run.Bills[0].Status != "validated" {
			t.Errorf("his final bill: %s %v", run.Bills[0].Status, run.Bills[0].rules())
		}
		if ds := deliveries(leroy); len(ds) != 2 {
			t.Errorf("a cap warning went to a former customer: %+v", ds)
		}
	})
}
