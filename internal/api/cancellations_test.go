package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/mail/mailtest"
	"github.com/tactcrm/tact/internal/testenv"
)

// cancellationView is what tests read of a cancellation.
type cancellationView struct {
	ID                string `json:"id"`
	Kind              string `json:"kind"`
	Status            string `json:"status"`
	ReceiptDeliveryID string `json:"receipt_delivery_id"`
	Preview           struct {
		EndDate      string `json:"end_date"`
		WholeAccount bool   `json:"whole_account"`
		Lines        []struct {
			LineID   string `json:"line_id"`
			Number   string `json:"number"`
			EarlyFee struct {
				Cents int64 `json:"cents"`
			} `json:"early_fee"`
		} `json:"lines"`
		CreditsTotal struct {
			Cents int64 `json:"cents"`
		} `json:"credits_total"`
		FinalBillEstimate struct {
			Cents int64 `json:"cents"`
		} `json:"final_bill_estimate"`
		Effects    []struct{ FR, EN string } `json:"effects"`
		KeepNumber struct{ FR, EN string }   `json:"keep_number"`
	} `json:"preview"`
}

// leavingEnv is an instance with a French plan and a customer on it: the
// customer who leaves in these tests. It returns the customer and his line.
func leavingEnv(t *testing.T, st app.Stores, smtp *mailtest.Server, now time.Time, family string, numbers ...string) (*env, customer, []string) {
	t.Helper()
	e := newMailEnv(t, st, now, smtp, t.TempDir())
	eurs := func(c int) map[string]any { return map[string]any{"cents": c, "currency": "EUR"} }
	e.send("PUT", "/v1/plans/FR-20G", map[string]any{"code": "FR-20G", "tier": 2, "monthly_price": eurs(1500), "data_mb": 20000,
		"name": map[string]any{"fr": "Forfait 20 Go", "en": "20 GB plan"}, "jurisdiction": "FR", "voice_minutes": "unlimited", "sms": "unlimited",
		"active": true, "tariff": map[string]any{"data_per_gb": eurs(1000)}}).must(t, http.StatusOK, nil)
	body := customerBody(family)
	body["given_name"], body["account_number"] = "Réjean", "C-"+family
	body["emails"] = []map[string]any{{"address": strings.ToLower(strings.ReplaceAll(family, " ", "")) + "@example.fr", "primary": true}}
	var c customer
	e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
	var ids []string
	for _, n := range numbers {
		var l struct{ ID string }
		e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": n, "plan_code": "FR-20G", "started_on": "2025-06-01"}).
			must(t, http.StatusCreated, &l)
		ids = append(ids, l.ID)
	}
	return e, c, ids
}

// withKey sends a body with the admin token and an Idempotency-Key.
func (e *env) withKey(method, path, key string, body any) *response {
	e.t.Helper()
	return e.do(req{method: method, path: path, token: e.admin, body: body, header: map[string]string{"Idempotency-Key": key}})
}

// TestStory5LeavingDoneRight: story 5 end to end. The customer cancels in
// three steps (request, preview, confirm) with no offer in the way; the
// receipt arrives by email with its PDF and an end date at most 10 days
// after the request; the same Idempotency-Key twice is one cancellation and
// one receipt. At the end date he becomes former. Then his exit survey by
// vendor A is allowed and vendor B's for the same event denied; his
// detractor answer opens an owned case with a 48-hour call back; a masked
// call back is refused; a message giving him 614 is refused; closing his
// case for "no answer" is refused.
func TestStory5LeavingDoneRight(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		smtp := mailtest.Start(t)
		now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC) // Tuesday, 16:00 in Paris
		e, c, lines := leavingEnv(t, st, smtp, now, "Tardif", "06 11 22 33 44")
		sup := e.user(access.Supervisor, "qualite@example.fr", "")
		adv := e.user(access.Advisor, "julie@example.fr", sup)
		e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"advisor_id": adv}).must(t, http.StatusOK, nil)
		path := "/v1/customers/" + c.ID + "/cancellations"
		ask := map[string]any{"given_name": "Rejean", "family_name": "TARDIF", "account_number": "C-Tardif", "lines": []string{"+33611223344"}}

		// Bad requests: no key, someone else's name, a number not his.
		e.send("POST", path, ask).wantProblem(t, http.StatusUnprocessableEntity, "required", "Idempotency-Key")
		e.withKey("POST", path, "k-bad", map[string]any{"given_name": "Réjean", "family_name": "Martin", "account_number": "C-Tardif"}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "family_name")
		e.withKey("POST", path, "k-bad", map[string]any{"given_name": "Réjean", "family_name": "Tardif", "account_number": "C-Tardif", "lines": []string{"06 99 99 99 99"}}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "lines[0]")

		// Steps 1 and 2: the request and its preview; nothing changes yet.
		var x cancellationView
		e.withKey("POST", path, "k-1", ask).must(t, http.StatusCreated, &x)
		if x.Status != "previewed" || x.Preview.EndDate != "2026-11-20" || !x.Preview.WholeAccount || len(x.Preview.Lines) != 1 ||
			x.Preview.Lines[0].LineID != lines[0] || x.Preview.KeepNumber.FR == "" || len(x.Preview.Effects) < 3 {
			t.Fatalf("preview: %+v", x)
		}
		if !strings.Contains(x.Preview.KeepNumber.FR, "RIO") || !strings.Contains(x.Preview.KeepNumber.FR, "3179") {
			t.Errorf("how to keep the number: %q", x.Preview.KeepNumber.FR)
		}
		raw := e.withKey("POST", path, "k-1", ask)
		if raw.status != http.StatusOK || strings.Contains(strings.ToLower(string(raw.body)), "offer") {
			t.Errorf("replay %d, or an offer stands in the path: %s", raw.status, raw.body)
		}
		ask2 := map[string]any{"given_name": "Réjean", "family_name": "Tardif", "account_number": "C-Tardif", "wanted_end_date": "2026-12-31"}
		e.withKey("POST", path, "k-1", ask2).wantProblem(t, http.StatusConflict, "idempotency_mismatch", "Idempotency-Key")
		var who struct{ Status string }
		e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &who)
		if who.Status != "active" {
			t.Fatalf("a preview changed the customer: %s", who.Status)
		}
		e.get("/v1/cancellations/"+x.ID+"/receipt").wantProblem(t, http.StatusConflict, "invalid_transition", "")

		// Step 3: confirm. The receipt goes once; he is cancelling.
		e.clock.Advance(2 * time.Hour) // 18:00 in Paris: the receipt says when
		var done cancellationView
		e.send("POST", "/v1/cancellations/"+x.ID+"/confirm", nil).must(t, http.StatusOK, &done)
		if done.Status != "confirmed" || done.ReceiptDeliveryID == "" || done.Preview.EndDate != "2026-11-20" {
			t.Fatalf("confirmed: %+v", done)
		}
		msgs := smtp.Wait(t, 1, 5*time.Second)
		m := msgs[0]
		if m.To[0] != "tardif@example.fr" || !strings.HasPrefix(m.Subject, "Accusé de réception de résiliation") ||
			!strings.Contains(m.Text, "20 novembre 2026") || !strings.Contains(m.Text, "0 800 940 940") || !strings.Contains(m.Text, x.ID) ||
			!strings.Contains(m.Text, "10 novembre 2026, 18:00") {
			t.Errorf("receipt to %v, %q:\n%s", m.To, m.Subject, m.Text)
		}
		if len(m.Attachments) != 1 || !bytes.HasPrefix(m.Attachments[0].Data, []byte("%PDF-")) {
			t.Errorf("the receipt's PDF: %+v", m.Attachments)
		}
		e.send("POST", "/v1/cancellations/"+x.ID+"/confirm", nil).must(t, http.StatusOK, &done)
		e.withKey("POST", path, "k-1", ask).must(t, http.StatusOK, &done)
		var all struct{ Items []cancellationView }
		e.get(path).must(t, http.StatusOK, &all)
		var receipts struct{ Items []struct{ Kind string } }
		e.get("/v1/deliveries?customer_id="+c.ID).must(t, http.StatusOK, &receipts)
		if done.ID != x.ID || len(all.Items) != 1 || len(receipts.Items) != 1 || len(smtp.Messages()) != 1 {
			t.Errorf("cancelling twice: %d cancellations, %d deliveries, %d emails", len(all.Items), len(receipts.Items), len(smtp.Messages()))
		}
		// Asked again under another key: the line is already cancelled.
		e.withKey("POST", path, "k-2", ask).wantProblem(t, http.StatusConflict, "conflict", "lines")
		var read cancellationView
		e.get("/v1/cancellations/"+x.ID).must(t, http.StatusOK, &read)
		e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &who)
		if who.Status != "cancelling" || read.ReceiptDeliveryID != done.ReceiptDeliveryID {
			t.Errorf("after the confirmation he is %s, want cancelling", who.Status)
		}
		pdf := e.do(req{method: "GET", token: e.admin, path: "/v1/cancellations/" + x.ID + "/receipt", header: map[string]string{"Accept": "application/pdf"}})
		html := e.get("/v1/cancellations/" + x.ID + "/receipt")
		if pdf.status != http.StatusOK || !bytes.HasPrefix(pdf.body, []byte("%PDF-")) || html.status != http.StatusOK ||
			!strings.Contains(string(html.body), "Votre résiliation est enregistrée") {
			t.Errorf("the receipt document: PDF %d, HTML %d", pdf.status, html.status)
		}

		// The end date: the day before nothing happens; that day the line
		// ends and he is former.
		var res struct{ Completed, Former int }
		e.clock.Set(time.Date(2026, 11, 19, 22, 30, 0, 0, time.UTC)) // 23:30 in Paris, the 19th
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, &res)
		if res.Completed != 0 {
			t.Fatalf("completed before the end date: %+v", res)
		}
		e.clock.Set(time.Date(2026, 11, 19, 23, 5, 0, 0, time.UTC)) // 00:05 in Paris, the 20th
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, &res)
		var gone struct {
			Status      string `json:"status"`
			FormerSince string `json:"former_since"`
		}
		e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &gone)
		var line struct {
			Status  string `json:"status"`
			EndedOn string `json:"ended_on"`
		}
		e.get("/v1/lines/"+lines[0]).must(t, http.StatusOK, &line)
		if res.Completed != 1 || res.Former != 1 || gone.Status != "former" || gone.FormerSince != "2026-11-20" || line.Status != "ended" || line.EndedOn != "2026-11-20" {
			t.Fatalf("at the end date: job %+v, customer %+v, line %+v", res, gone, line)
		}
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, &res)
		if res.Completed != 0 {
			t.Errorf("a second pass completed again: %+v", res)
		}

		// After leaving: one exit survey, whatever the vendor.
		e.clock.Advance(14 * time.Hour)
		survey := func(vendor string) string {
			var d struct{ Verdict string }
			e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "event": "exit:" + c.ID, "source": vendor, "channel": "email"}).
				must(t, http.StatusCreated, &d)
			return d.Verdict
		}
		if v := survey("pollster-a"); v != "allow" {
			t.Fatalf("vendor A's exit survey: %s", v)
		}
		if v := survey("pollster-b"); v != "deny" {
			t.Errorf("vendor B's exit survey of the same event: %s", v)
		}
		var a answerView
		e.send("POST", "/v1/survey-responses", map[string]any{"customer_id": c.ID, "event": "exit:" + c.ID, "source": "pollster-a", "scale": "nps",
			"score": 2, "verbatim": "On m'a dit d'appeler le 614, que je ne peux plus appeler.", "answered_at": e.clock.Now().Format(time.RFC3339)}).
			must(t, http.StatusCreated, &a)
		var k struct {
			OwnerID string `json:"owner_id"`
		}
		e.get("/v1/cases/"+a.CaseID).must(t, http.StatusOK, &k)
		var p struct {
			Kind string    `json:"kind"`
			Due  time.Time `json:"due"`
		}
		e.get("/v1/commitments/"+a.CommitmentID).must(t, http.StatusOK, &p)
		if a.Sentiment != "detractor" || k.OwnerID != adv || p.Kind != "call_back" || !p.Due.Equal(e.clock.Now().Add(48*time.Hour)) {
			t.Fatalf("his detractor answer: %+v, case owner %s, promise %+v", a, k.OwnerID, p)
		}
		var d struct {
			Verdict string
			Reasons []struct{ Rule string }
		}
		e.send("POST", "/v1/contact-decisions", map[string]any{"customer_id": c.ID, "purpose": "service", "channel": "phone", "source": "service-client",
			"case_id": a.CaseID}).must(t, http.StatusCreated, &d)
		if d.Verdict != "deny" || len(d.Reasons) == 0 || d.Reasons[0].Rule != "caller_id_shown" {
			t.Errorf("a masked call back: %+v", d)
		}
		// Withdrawing the call back writes to him: a reason that sends him
		// to 614 is refused, and the promise stands.
		e.as(adv, "POST", "/v1/commitments/"+a.CommitmentID+"/cancel", "", map[string]any{"reason": "Appelez le 6 14 ou votre dossier sera clos."}).
			wantProblem(t, http.StatusUnprocessableEntity, "subscriber_only_number", "body")
		e.as(adv, "POST", "/v1/cases/"+a.CaseID+"/close", "", map[string]any{"reason": "no_answer"}).
			wantProblem(t, http.StatusConflict, "close_needs_written_notice", "")
	})
}

// TestPortOutEndsOneLine: a port-out of one of two lines ends that line
// only, at the port date, and the customer stays active; the same port-out
// again is the same; a French port-out needs a well-formed RIO.
func TestPortOutEndsOneLine(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		smtp := mailtest.Start(t)
		now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
		e, c, lines := leavingEnv(t, st, smtp, now, "Gagnon", "06 11 22 33 44", "06 55 44 33 22")
		port := map[string]any{"number": "06 55 44 33 22", "rio": "02P123ABC4X7", "date": "2026-11-13"}
		e.send("POST", "/v1/port-outs", map[string]any{"number": "06 55 44 33 22", "rio": "12345", "date": "2026-11-13"}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "rio")
		e.send("POST", "/v1/port-outs", map[string]any{"number": "06 55 44 33 22", "rio": "02P123ABC4X7", "date": "2026-11-09"}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "date")
		e.send("POST", "/v1/port-outs", map[string]any{"number": "06 00 00 00 01", "rio": "02P123ABC4X7", "date": "2026-11-13"}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "number")
		var x cancellationView
		e.send("POST", "/v1/port-outs", port).must(t, http.StatusCreated, &x)
		if x.Kind != "port_out" || x.Status != "confirmed" || x.Preview.WholeAccount || x.Preview.EndDate != "2026-11-13" ||
			len(x.Preview.Lines) != 1 || x.Preview.Lines[0].LineID != lines[1] || x.ReceiptDeliveryID == "" {
			t.Fatalf("port-out: %+v", x)
		}
		var again cancellationView
		e.send("POST", "/v1/port-outs", port).must(t, http.StatusOK, &again)
		if again.ID != x.ID || len(smtp.Wait(t, 1, 5*time.Second)) != 1 {
			t.Errorf("the same port-out again: %s, %d receipts", again.ID, len(smtp.Messages()))
		}
		e.clock.Set(time.Date(2026, 11, 13, 8, 0, 0, 0, time.UTC))
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, nil)
		var who struct{ Status string }
		e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &who)
		var kept, ported struct{ Status string }
		e.get("/v1/lines/"+lines[0]).must(t, http.StatusOK, &kept)
		e.get("/v1/lines/"+lines[1]).must(t, http.StatusOK, &ported)
		if who.Status != "active" || kept.Status != "active" || ported.Status != "ended" {
			t.Errorf("after the port: customer %s, other line %s, ported line %s", who.Status, kept.Status, ported.Status)
		}
	})
}

// TestStory3LeavingWithACredit: a customer with a €45 credit pending
// cancels; the preview says it comes back on the final bill. The final bill
// that forgets it is held (final_bill_credits); the one that refunds it is
// issued, and once sent the credit is applied. What is left, €0.01, is not
// dunned.
func TestStory3LeavingWithACredit(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		smtp := mailtest.Start(t)
		e, c, lines := leavingEnv(t, st, smtp, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC), "Le Brusq", "06 11 22 33 44")
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var credit struct{ ID, Status string }
		e.send("POST", "/v1/credit-notes", map[string]any{"customer_id": c.ID, "amount": eur(4500), "reason": "Frais Internet+ remboursés"}).
			must(t, http.StatusCreated, &credit)

		var x cancellationView
		e.withKey("POST", "/v1/customers/"+c.ID+"/cancellations", "leave", map[string]any{"given_name": "Réjean", "family_name": "Le Brusq",
			"account_number": "C-Le Brusq"}).must(t, http.StatusCreated, &x)
		// €15 × 20/30 = €10.00 of subscription, less the €45 credit.
		if x.Preview.CreditsTotal.Cents != 4500 || x.Preview.FinalBillEstimate.Cents != 1000-4500 {
			t.Fatalf("preview: credits %d, estimate %d", x.Preview.CreditsTotal.Cents, x.Preview.FinalBillEstimate.Cents)
		}
		e.send("POST", "/v1/cancellations/"+x.ID+"/confirm", nil).must(t, http.StatusOK, nil)
		e.clock.Set(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, nil)

		final := func(refund bool) map[string]any {
			ls := []any{map[string]any{"kind": "plan", "description": "Forfait 20 Go, du 1er au 20 novembre", "amount": eur(1000)},
				map[string]any{"kind": "usage", "description": "Appels hors forfait", "amount": eur(3501), "date": "2026-11-18"}}
			total := 4501
			if refund {
				ls = append(ls, map[string]any{"kind": "credit", "description": "Remboursement de l'avoir", "amount": eur(-4500), "credit_note_id": credit.ID})
				total = 1
			}
			return map[string]any{"customer_id": c.ID, "line_id": lines[0], "period_from": "2026-11-01", "period_to": "2026-11-20",
				"due_on": "2026-12-05", "lines": ls, "total": eur(total)}
		}
		var held, issued runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{final(false)}}).must(t, http.StatusCreated, &held)
		if held.Bills[0].Status != "on_hold" {
			t.Errorf("a final bill keeping his €45: %s", held.Bills[0].Status)
		}
		var b struct {
			Review struct{ Findings []struct{ Rule string } }
		}
		e.get("/v1/bills/"+held.Bills[0].ID).must(t, http.StatusOK, &b)
		if len(b.Review.Findings) == 0 || b.Review.Findings[0].Rule != "final_bill_credits" {
			t.Errorf("findings: %+v", b.Review.Findings)
		}
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{final(true)}}).must(t, http.StatusCreated, &issued)
		bill := issued.Bills[0].ID
		if issued.Bills[0].Status != "validated" {
			t.Fatalf("the final bill refunding the credit: %s", issued.Bills[0].Status)
		}
		e.send("POST", "/v1/bills/"+bill+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
		e.get("/v1/credit-notes/"+credit.ID).must(t, http.StatusOK, &credit)
		if credit.Status != "applied" {
			t.Errorf("the credit after the final bill went out: %s", credit.Status)
		}
		var d struct {
			Verdict string
			Reasons []struct{ Rule string }
		}
		e.send("POST", "/v1/dunning-decisions", map[string]any{"bill_id": bill, "step": "reminder"}).must(t, http.StatusCreated, &d)
		if d.Verdict != "deny" || len(d.Reasons) != 1 || d.Reasons[0].Rule != "dunning_minimum" {
			t.Errorf("dunning the €0.01 left: %+v", d)
		}
	})
}

// TestFinalBillInHisFavour: a final bill that leaves money in the
// customer's favour makes the refund a matter someone owns: a credit note
// for the balance and a promise to refund it within 10 days, owned by a
// supervisor when he has no advisor, kept when the refund is reported.
func TestFinalBillInHisFavour(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		smtp := mailtest.Start(t)
		e, c, lines := leavingEnv(t, st, smtp, time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC), "Morvan", "06 11 22 33 44")
		sup := e.user(access.Supervisor, "qualite@example.fr", "")
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var credit struct{ ID string }
		e.send("POST", "/v1/credit-notes", map[string]any{"customer_id": c.ID, "amount": eur(4500), "reason": "Frais Internet+ remboursés"}).
			must(t, http.StatusCreated, &credit)
		var x cancellationView
		e.withKey("POST", "/v1/customers/"+c.ID+"/cancellations", "leave", map[string]any{"given_name": "Réjean", "family_name": "Morvan",
			"account_number": "C-Morvan"}).must(t, http.StatusCreated, &x)
		e.send("POST", "/v1/cancellations/"+x.ID+"/confirm", nil).must(t, http.StatusOK, nil)
		e.clock.Set(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
		e.send("POST", "/v1/jobs/cancellations", nil).must(t, http.StatusOK, nil)

		var run runView
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{"customer_id": c.ID, "line_id": lines[0],
			"period_from": "2026-11-01", "period_to": "2026-11-20", "total": eur(-3500), "lines": []any{
				map[string]any{"kind": "plan", "description": "Forfait 20 Go, du 1er au 20 novembre", "amount": eur(1000)},
				map[string]any{"kind": "credit", "description": "Remboursement de l'avoir", "amount": eur(-4500), "credit_note_id": credit.ID}}}}}).
			must(t, http.StatusCreated, &run)
		if run.Bills[0].Status != "validated" {
			t.Fatalf("the final bill: %s", run.Bills[0].Status)
		}
		sentAt := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		e.clock.Set(sentAt)
		e.send("POST", "/v1/bills/"+run.Bills[0].ID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)

		var promises struct {
			Items []struct {
				ID, Kind, Subject, Status, Words string
				OwnerID                          string    `json:"owner_id"`
				Due                              time.Time `json:"due"`
			}
		}
		e.get("/v1/commitments?customer_id="+c.ID).must(t, http.StatusOK, &promises)
		if len(promises.Items) != 1 {
			t.Fatalf("promises: %+v", promises.Items)
		}
		p := promises.Items[0]
		if p.Subject != "final_bill_refund" || p.OwnerID != sup || !p.Due.Equal(sentAt.AddDate(0, 0, 10)) || !strings.Contains(p.Words, "35,00") {
			t.Errorf("the refund promise: %+v", p)
		}
		var notes struct {
			Items []struct {
				ID, Status   string
				CommitmentID string `json:"commitment_id"`
				Amount       struct{ Cents int }
			}
		}
		e.get("/v1/credit-notes?customer_id="+c.ID).must(t, http.StatusOK, &notes)
		if len(notes.Items) != 2 || notes.Items[0].Status != "applied" || notes.Items[1].Amount.Cents != 3500 || notes.Items[1].CommitmentID != p.ID {
			t.Fatalf("credit notes: %+v", notes.Items)
		}
		e.send("POST", "/v1/credit-notes/"+notes.Items[1].ID+"/status", map[string]any{"status": "refunded"}).must(t, http.StatusOK, nil)
		var kept struct{ Status string }
		e.get("/v1/commitments/"+p.ID).must(t, http.StatusOK, &kept)
		if kept.Status != "kept" {
			t.Errorf("the refund promise after the refund: %s", kept.Status)
		}
	})
}
