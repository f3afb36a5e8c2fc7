package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// billView is what tests read of a bill.
type billView struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Total  struct {
		Cents int64 `json:"cents"`
	} `json:"total"`
	Lines  []struct{ Kind string } `json:"lines"`
	Review struct {
		Findings []struct {
			Rule  string `json:"rule"`
			Holds bool   `json:"holds"`
			Text  struct{ FR, EN string }
		} `json:"findings"`
		Stripped []struct {
			Provider struct{ Name string } `json:"provider"`
		} `json:"stripped"`
	} `json:"review"`
	Version int `json:"version"`
}

func (b billView) rules() []string {
	var out []string
	for _, f := range b.Review.Findings {
		out = append(out, f.Rule)
	}
	return out
}

type runView struct {
	Run struct {
		ID       string         `json:"id"`
		Counts   map[string]int `json:"counts"`
		Stripped int            `json:"stripped"`
	} `json:"run"`
	Bills []billView `json:"bills"`
}

// TestStory3BillRuns: the €149,000 bill on a €20 plan is held with its
// finding; a blank bill is held; a draft whose total does not add up refuses
// its run and nothing is stored; a supervisor releases with a reason, an
// advisor cannot. Story 1's "Contact+" line, third-party billing off, is
// stripped and listed.
func TestStory3BillRuns(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
		var c customer
		e.send("POST", "/v1/customers", customerBody("Morel")).must(t, http.StatusCreated, &c)
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		draft := func(month int, lines ...map[string]any) map[string]any {
			total := 0
			for _, l := range lines {
				total += l["amount"].(map[string]any)["cents"].(int)
			}
			return map[string]any{"customer_id": c.ID, "period_from": fmt.Sprintf("2026-%02d-01", month), "period_to": fmt.Sprintf("2026-%02d-28", month),
				"due_on": fmt.Sprintf("2026-%02d-15", month+1), "lines": lines, "total": eur(total)}
		}
		plan := map[string]any{"kind": "plan", "description": "Forfait 20 Go", "amount": eur(1999)}
		// Six months of €19.99, sent and settled.
		var history []any
		for m := 3; m <= 8; m++ {
			history = append(history, draft(m, plan))
		}
		var past runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": history}).must(t, http.StatusCreated, &past)
		for _, b := range past.Bills {
			e.send("POST", "/v1/bills/"+b.ID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
		}

		// A total that does not add up refuses the run: nothing is stored.
		bad := draft(9, plan)
		bad["total"] = eur(2000)
		p := e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{draft(9, plan), bad}}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "bills[1].total")
		if p.Detail == "" {
			t.Error("no detail")
		}
		var all struct{ Items []billView }
		e.get("/v1/bills?customer_id="+c.ID+"&limit=100").must(t, http.StatusOK, &all)
		if len(all.Items) != 6 {
			t.Fatalf("%d bills after a refused run, want the 6 of before", len(all.Items))
		}

		huge := map[string]any{"kind": "usage", "description": "Données hors forfait", "amount": eur(14_898_001), "date": "2026-09-12"}
		contactPlus := map[string]any{"kind": "third_party", "description": "Contact+", "amount": eur(799), "date": "2026-09-03",
			"provider": map[string]any{"name": "Digital Virgo", "service": "Contact+", "complaints": "0 800 00 00 00", "consent_ref": "tp-1"}}
		blank := draft(9)
		blank["total"] = eur(0)
		var run runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{draft(9, plan, huge), blank, draft(10, plan, contactPlus)}}).
			must(t, http.StatusCreated, &run)
		spike, empty, tp := run.Bills[0], run.Bills[1], run.Bills[2]
		if spike.Status != "on_hold" || !slices.Equal(spike.rules(), []string{"bill_spike"}) || spike.Review.Findings[0].Text.FR == "" {
			t.Errorf("€149,000 bill: %s %v", spike.Status, spike.rules())
		}
		if empty.Status != "on_hold" || !slices.Equal(empty.rules(), []string{"empty_bill", "payment_asked_for_nothing"}) {
			t.Errorf("blank bill: %s %v", empty.Status, empty.rules())
		}
		if tp.Status != "validated" || !slices.Equal(tp.rules(), []string{"third_party_switch_off"}) || len(tp.Lines) != 1 || tp.Total.Cents != 1999 ||
			len(tp.Review.Stripped) != 1 || tp.Review.Stripped[0].Provider.Name != "Digital Virgo" {
			t.Errorf("Contact+ with third-party billing off: %+v", tp)
		}
		if run.Run.Counts["on_hold"] != 2 || run.Run.Counts["validated"] != 1 || run.Run.Stripped != 1 {
			t.Errorf("run summary %+v", run.Run)
		}
		var stripped struct {
			Items []struct {
				BillID   string `json:"bill_id"`
				Rule     string `json:"rule"`
				Amount   struct{ Cents int64 }
				Provider struct{ Name, Complaints string }
			}
		}
		e.get("/v1/bill-runs/"+run.Run.ID+"/stripped?provider=Digital+Virgo").must(t, http.StatusOK, &stripped)
		if len(stripped.Items) != 1 || stripped.Items[0].BillID != tp.ID || stripped.Items[0].Rule != "third_party_switch_off" || stripped.Items[0].Amount.Cents != 799 {
			t.Errorf("listed for Digital Virgo: %+v", stripped.Items)
		}
		e.get("/v1/bill-runs/"+run.Run.ID+"/stripped?provider=Other").must(t, http.StatusOK, &stripped)
		if len(stripped.Items) != 0 {
			t.Errorf("listed for another provider: %+v", stripped.Items)
		}
		var page struct {
			Bills []billView `json:"bills"`
		}
		e.get("/v1/bill-runs/"+run.Run.ID).must(t, http.StatusOK, &page)
		if len(page.Bills) != 3 {
			t.Errorf("run page: %d bills", len(page.Bills))
		}

		// A held bill cannot be sent; an advisor cannot release it; a
		// supervisor can, with a reason, at the version read.
		e.send("POST", "/v1/bills/"+spike.ID+"/status", map[string]any{"status": "sent"}).wantProblem(t, http.StatusConflict, "invalid_transition", "")
		sup := e.user(access.Supervisor, "sup@example.fr", "")
		adv := e.user(access.Advisor, "adv@example.fr", sup)
		e.as(adv, "POST", "/v1/bills/"+spike.ID+"/release", "", map[string]any{"reason": "ok"}).wantProblem(t, http.StatusForbidden, "forbidden", "")
		e.as(sup, "POST", "/v1/bills/"+spike.ID+"/release", "", map[string]any{"reason": " "}).wantProblem(t, http.StatusUnprocessableEntity, "required", "reason")
		var released billView
		e.as(sup, "POST", "/v1/bills/"+spike.ID+"/release", `"2"`, map[string]any{"reason": "x"}).wantProblem(t, http.StatusPreconditionFailed, "precondition_failed", "")
		e.as(sup, "POST", "/v1/bills/"+spike.ID+"/release", `"1"`, map[string]any{"reason": "Vérifié : consommation réelle"}).must(t, http.StatusOK, &released)
		if released.Status != "validated" || released.Version != 2 || !slices.Equal(released.rules(), []string{"bill_spike"}) {
			t.Errorf("released: %+v", released)
		}
		var evs struct {
			Items []struct {
				Kind, Reason string
				Actor        struct{ ID string } `json:"actor"`
			}
		}
		e.get("/v1/bills/"+spike.ID+"/events").must(t, http.StatusOK, &evs)
		if len(evs.Items) != 2 || evs.Items[1].Kind != "released" || evs.Items[1].Reason != "Vérifié : consommation réelle" {
			t.Errorf("events %+v", evs.Items)
		}

		// A formal demand for €0.01 while a €45 credit note is pending:
		// denied, saying both; the blank bill is not dunned either.
		var cent runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{draft(10,
			map[string]any{"kind": "adjustment", "description": "Régularisation", "amount": eur(1)})}}).must(t, http.StatusCreated, &cent)
		penny := cent.Bills[0].ID
		e.send("POST", "/v1/bills/"+penny+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
		var credit struct{ ID string }
		e.send("POST", "/v1/credit-notes", map[string]any{"customer_id": c.ID, "amount": eur(4500), "reason": "Remboursement des frais de résiliation"}).
			must(t, http.StatusCreated, &credit)
		type dunning struct {
			Verdict string `json:"verdict"`
			Reasons []struct {
				Rule string `json:"rule"`
				Text struct{ FR, EN string }
			} `json:"reasons"`
		}
		rulesOf := func(d dunning) []string {
			var out []string
			for _, r := range d.Reasons {
				out = append(out, r.Rule)
			}
			return out
		}
		var d dunning
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": penny, "step": "formal_notice"}).must(t, http.StatusCreated, &d)
		if got := rulesOf(d); d.Verdict != "deny" || !slices.Contains(got, "dunning_credit_pending") || !slices.Contains(got, "dunning_minimum") {
			t.Errorf("€0.01 formal notice with a credit pending: %s %v", d.Verdict, got)
		}
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": empty.ID, "step": "reminder"}).must(t, http.StatusCreated, &d)
		if got := rulesOf(d); d.Verdict != "deny" || !slices.Contains(got, "dunning_no_itemised_basis") {
			t.Errorf("the blank bill: %s %v", d.Verdict, got)
		}
		// €19.99 owed while the €45 credit is pending: netted, nothing
		// claimed; once it is refunded, a reminder, then a formal notice.
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": past.Bills[5].ID, "step": "reminder"}).must(t, http.StatusCreated, &d)
		if got := rulesOf(d); d.Verdict != "deny" || !slices.Contains(got, "dunning_credit_pending") {
			t.Errorf("€19.99 with €45 of credit pending: %s %v", d.Verdict, got)
		}
		e.send("POST", "/v1/credit-notes/"+credit.ID+"/status", map[string]any{"status": "refunded"}).must(t, http.StatusOK, nil)
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": past.Bills[5].ID, "step": "formal_notice"}).must(t, http.StatusCreated, &d)
		if got := rulesOf(d); d.Verdict != "deny" || !slices.Equal(got, []string{"dunning_no_prior_reminder"}) {
			t.Errorf("a formal notice before any allowed reminder: %s %v", d.Verdict, got)
		}
		for _, step := range []string{"reminder", "formal_notice"} {
			e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": past.Bills[5].ID, "step": step}).must(t, http.StatusCreated, &d)
			if d.Verdict != "allow" {
				t.Errorf("%s of €19.99: %s %v", step, d.Verdict, rulesOf(d))
			}
		}
		var audit struct{ Items []dunning }
		e.get("/v1/dunning-decisions?bill_id="+past.Bills[5].ID).must(t, http.StatusOK, &audit)
		if len(audit.Items) != 4 {
			t.Errorf("%d decisions stored for the bill, want 4", len(audit.Items))
		}
	})
}

// TestCapWarningNotice: €40 of out-of-plan roaming, 80% of the €50 cap:
// the bill goes, and the customer is told in writing, once.
func TestCapWarningNotice(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
		var c customer
		e.send("POST", "/v1/customers", customerBody("Lemoine")).must(t, http.StatusCreated, &c)
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		run := map[string]any{"source": "facturation", "bills": []any{map[string]any{"customer_id": c.ID, "period_from": "2026-10-01", "period_to": "2026-10-31",
			"total": eur(5999), "lines": []any{
				map[string]any{"kind": "plan", "description": "Forfait", "amount": eur(1999)},
				map[string]any{"kind": "roaming", "description": "Données hors UE", "amount": eur(4000), "date": "2026-10-20"}}}}}
		var res runView
		e.send("POST", "/v1/bill-runs", run).must(t, http.StatusCreated, &res)
		if res.Bills[0].Status != "validated" {
			t.Fatalf("€40 of roaming: %s %v", res.Bills[0].Status, res.Bills[0].rules())
		}
		var ds struct {
			Items []struct {
				Kind, Subject, Body string
			}
		}
		e.get("/v1/deliveries?customer_id="+c.ID).must(t, http.StatusOK, &ds)
		if len(ds.Items) != 1 || ds.Items[0].Kind != "notice" || !strings.Contains(ds.Items[0].Subject, "80") || !strings.Contains(ds.Items[0].Body, "40,00") {
			t.Errorf("deliveries %+v", ds.Items)
		}
	})
}

// TestStory1DisputeKeptCharge: a third-party charge kept with the switch on
// and a double opt-in names its provider; the customer's one-click dispute
// issues a credit note at once, switches third-party billing off and opens
// a case; the disputed amount is frozen for dunning, not counted twice.
func TestStory1DisputeKeptCharge(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC))
		var c customer
		e.send("POST", "/v1/customers", customerBody("Morel")).must(t, http.StatusCreated, &c)
		e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"third_party_billing": true}).must(t, http.StatusOK, nil)
		e.send("POST", "/v1/customers/"+c.ID+"/third-party-consents", map[string]any{"ref": "DV-42", "provider": "Digital Virgo", "service": "Contact+",
			"confirmed_by": "sms", "payment_page_at": "2026-10-01T08:00:00Z", "confirmed_at": "2026-10-01T08:03:00Z"}).must(t, http.StatusCreated, nil)
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var run runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{
			"customer_id": c.ID, "period_from": "2026-10-01", "period_to": "2026-10-31", "due_on": "2026-11-15", "total": eur(2798),
			"lines": []any{map[string]any{"kind": "plan", "description": "Forfait 20 Go", "amount": eur(1999)},
				map[string]any{"kind": "third_party", "description": "Contact+", "amount": eur(799), "date": "2026-10-12",
					"provider": map[string]any{"name": "Digital Virgo", "service": "Contact+", "complaints": "0 800 00 00 00", "consent_ref": "DV-42"}}}}}}).
			must(t, http.StatusCreated, &run)
		b := run.Bills[0]
		if b.Status != "validated" || len(b.Lines) != 2 || b.Total.Cents != 2798 {
			t.Fatalf("the consented charge: %+v", b)
		}
		e.send("POST", "/v1/bills/"+b.ID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)

		// One click, from her own space (no advisor acting).
		var res struct {
			Dispute struct {
				CaseID       string `json:"case_id"`
				CreditNoteID string `json:"credit_note_id"`
			} `json:"dispute"`
			Bill       billView `json:"bill"`
			CreditNote *struct {
				Status string
				Amount struct{ Cents int64 }
			} `json:"credit_note"`
		}
		e.send("POST", "/v1/bills/"+b.ID+"/disputes", map[string]any{"line": 1, "reason": "Je n'ai jamais souscrit à Contact+."}).must(t, http.StatusCreated, &res)
		if res.Bill.Status != "disputed" || res.CreditNote == nil || res.CreditNote.Status != "pending" || res.CreditNote.Amount.Cents != 799 ||
			res.Dispute.CaseID == "" || res.Dispute.CreditNoteID == "" {
			t.Errorf("dispute: %+v", res)
		}
		var cust struct {
			ThirdPartyBilling bool `json:"third_party_billing"`
		}
		e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &cust)
		if cust.ThirdPartyBilling {
			t.Error("third-party billing is still on after the dispute")
		}
		var ks struct {
			Items []struct{ ID, Category string }
		}
		e.get("/v1/cases?customer_id="+c.ID).must(t, http.StatusOK, &ks)
		if len(ks.Items) != 1 || ks.Items[0].Category != "billing" || ks.Items[0].ID != res.Dispute.CaseID {
			t.Errorf("cases %+v", ks.Items)
		}
		e.send("POST", "/v1/bills/"+b.ID+"/disputes", map[string]any{"line": 1, "reason": "encore"}).wantProblem(t, http.StatusConflict, "conflict", "line")
		e.send("POST", "/v1/bills/"+b.ID+"/disputes", map[string]any{"line": 7, "reason": "x"}).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "line")

		// Dunning: €27.98 less the €7.99 frozen, its credit not counted again.
		var d struct {
			Verdict   string
			Claimable struct{ Cents int64 }
		}
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": b.ID, "step": "reminder"}).must(t, http.StatusCreated, &d)
		if d.Verdict != "allow" || d.Claimable.Cents != 1999 {
			t.Errorf("reminder after the dispute: %+v, want €19.99 claimable", d)
		}
	})
}

// TestDisputeHoldsSalesNotService: while a customer's one-click dispute of a
// bill line is open, a sales call and a dunning call are denied by
// dispute_open (DESIGN §4: an open dispute, no sales, no dunning); a service
// call is not held by it. Once the dispute is resolved, sales may call again.
func TestDisputeHoldsSalesNotService(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, epoch) // Tuesday 10:30 in Paris: lawful hours
		e.putPlan("FR-MOBILE-20G", "FR", 1, 1999, "EUR")
		c := e.createCustomer("Perrin")
		e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": "06 12 34 56 78", "plan_code": "FR-MOBILE-20G"}).
			must(t, http.StatusCreated, nil)
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var run runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{
			"customer_id": c.ID, "period_from": "2026-02-01", "period_to": "2026-02-28", "total": eur(1999),
			"lines": []any{map[string]any{"kind": "plan", "description": "Forfait 20 Go", "amount": eur(1999)}}}}}).must(t, http.StatusCreated, &run)
		b := run.Bills[0]
		e.send("POST", "/v1/bills/"+b.ID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)

		call := func(purpose string) map[string]any {
			return map[string]any{"customer_id": c.ID, "purpose": purpose, "channel": "phone", "source": "dialer", "caller_id": "01 40 00 00 00"}
		}
		if d := e.decide(call("sales")); d.Verdict != "allow" {
			t.Fatalf("a sales call before any dispute: %s %v", d.Verdict, d.rules())
		}

		// One click, from his own space.
		var res struct {
			Dispute struct{ ID string } `json:"dispute"`
		}
		e.send("POST", "/v1/bills/"+b.ID+"/disputes", map[string]any{"line": 0, "reason": "Ce n'est pas le forfait que j'ai choisi."}).
			must(t, http.StatusCreated, &res)
		for _, purpose := range []string{"sales", "collection"} {
			d := e.decide(call(purpose))
			if d.Verdict != "deny" {
				t.Errorf("a %s call during the dispute: %s %v, want deny", purpose, d.Verdict, d.rules())
				continue
			}
			if v, _ := d.reason(t, "dispute_open"); v != "deny" {
				t.Errorf("a %s call: dispute_open says %s", purpose, v)
			}
		}
		if d := e.decide(call("service")); d.Verdict != "allow" {
			t.Errorf("a service call during the dispute: %s %v, want allow", d.Verdict, d.rules())
		}

		// Resolved: sales may call again; resolving twice is refused.
		var resolved struct {
			Open       bool       `json:"open"`
			Resolution string     `json:"resolution"`
			ResolvedAt *time.Time `json:"resolved_at"`
		}
		path := "/v1/bills/" + b.ID + "/disputes/" + res.Dispute.ID + "/resolve"
		e.send("POST", path, map[string]any{"resolution": " "}).wantProblem(t, http.StatusUnprocessableEntity, "required", "resolution")
		e.send("POST", path, map[string]any{"resolution": "Forfait corrigé, avoir de la différence émis."}).must(t, http.StatusOK, &resolved)
		if resolved.Open || resolved.Resolution == "" || resolved.ResolvedAt == nil || !resolved.ResolvedAt.Equal(epoch) {
			t.Errorf("the dispute resolved: %+v", resolved)
		}
		e.send("POST", path, map[string]any{"resolution": "Encore."}).wantProblem(t, http.StatusConflict, "invalid_transition", "")
		e.send("POST", "/v1/bills/"+b.ID+"/disputes/dsp_none/resolve", map[string]any{"resolution": "x"}).wantProblem(t, http.StatusNotFound, "not_found", "")
		if d := e.decide(call("sales")); d.Verdict != "allow" {
			t.Errorf("a sales call once the dispute is resolved: %s %v", d.Verdict, d.rules())
		}
	})
}
