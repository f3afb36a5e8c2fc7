package api_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/mail/mailtest"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// newMailEnv starts an instance that sends email through smtp and writes
// letters into printQueue; its calls must show a number of callerPool.
func newMailEnv(t testing.TB, st app.Stores, start time.Time, smtp *mailtest.Server, printQueue string) *env {
	t.Helper()
	sender, err := mail.NewSMTP(mail.Config{URL: smtp.URL(), From: "Opérateur Démo <service-client@operateur-demo.example>"})
	if err != nil {
		t.Fatal(err)
	}
	clock := tact.NewManualClock(start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log, Mailer: sender, PrintQueue: printQueue, ContactPolicy: contactpolicy.Policy{CallerIDs: callerPool}})
	h := api.New(a, log)
	e := &env{t: t, app: a, api: h, clock: clock, stores: st}
	e.srv = httptest.NewServer(recordStatuses(h))
	t.Cleanup(e.srv.Close)
	e.admin = e.token(access.Scopes...)
	return e
}

// sent is what tests read of an offer's send.
type sent struct {
	Delivery struct {
		ID           string `json:"id"`
		Method       string `json:"method"`
		Status       string `json:"status"`
		To           string `json:"to"`
		CommitmentID string `json:"commitment_id"`
	} `json:"delivery"`
	Kept *struct {
		ID       string `json:"id"`
		Status   string `json:"status"`
		Evidence struct {
			Kind string `json:"kind"`
			ID   string `json:"id"`
		} `json:"evidence"`
	} `json:"kept"`
}

// TestStory2OfferInWriting: the advisor promises to send the offer by email;
// sending it delivers a real email (read back from the SMTP server: French,
// "vous", the PDF attached) and keeps the promise with the delivery as
// evidence. A repeat sends nothing twice. As a bill insert, the offer is
// queued for the next bill and the promise stays pending until then; as a
// letter, its PDF goes to the print queue. An offer that does not fit him is
// not sent, and a mail server that refuses is answered as such.
func TestStory2OfferInWriting(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		smtp := mailtest.Start(t)
		printQueue := t.TempDir()
		e := newMailEnv(t, st, time.Date(2026, 11, 10, 14, 0, 0, 0, time.UTC), smtp, printQueue)
		advisor := e.user(access.Advisor, "julie.morvan@operateur.example", "")
		eurs := func(c int) map[string]any { return map[string]any{"cents": c, "currency": "EUR"} }
		for _, p := range []map[string]any{
			{"code": "FR-20G", "tier": 2, "monthly_price": eurs(1500), "data_mb": 20000},
			{"code": "FR-100G", "tier": 4, "monthly_price": eurs(2500), "data_mb": 100000},
		} {
			p["name"] = map[string]any{"fr": "Forfait " + p["code"].(string), "en": "Plan " + p["code"].(string)}
			p["jurisdiction"], p["voice_minutes"], p["sms"], p["active"] = "FR", "unlimited", "unlimited", true
			p["tariff"] = map[string]any{"data_per_gb": eurs(1000)}
			e.send("PUT", "/v1/plans/"+p["code"].(string), p).must(t, http.StatusOK, nil)
		}
		e.send("PUT", "/v1/offers/FR-PASSAGE-100G", map[string]any{"kind": "plan_change", "jurisdiction": "FR",
			"name": map[string]any{"fr": "Passez au 100 Go à 19,99 €", "en": "Move to 100 GB at €19.99"}, "plan_code": "FR-100G",
			"monthly_price": eurs(1999), "upgrade": true, "valid_until": "2026-12-31", "active": true}).must(t, http.StatusOK, nil)
		e.send("PUT", "/v1/offers/FR-MOINS", map[string]any{"kind": "plan_change", "jurisdiction": "FR",
			"name": map[string]any{"fr": "Moins", "en": "Less"}, "plan_code": "FR-20G", "monthly_price": eurs(999),
			"valid_until": "2026-12-31", "active": true}).must(t, http.StatusOK, nil)

		body := customerBody("Courtecuisse")
		body["given_name"], body["salutation"] = "Bertrand", "monsieur"
		body["emails"] = []map[string]any{{"address": "bertrand.courtecuisse@example.fr", "primary": true}}
		body["postal_address"] = map[string]any{"lines": []string{"3 rue des Tanneurs"}, "postal_code": "59000", "city": "Lille", "country": "FR"}
		var c customer
		e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
		var line struct{ ID string }
		e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": "06 11 22 33 44", "plan_code": "FR-20G"}).must(t, http.StatusCreated, &line)
		for i, mb := range []int{23000, 19000, 26500, 21000, 18000, 24000} {
			e.send("PUT", "/v1/lines/"+line.ID+"/usage/2026-"+[]string{"10", "09", "08", "07", "06", "05"}[i], map[string]any{"data_mb": mb,
				"voice_minutes": 200, "sms": 30, "roaming_spend": eurs(0), "third_party_spend": eurs(0)}).must(t, http.StatusOK, nil)
		}
		promise := func() string {
			var p struct{ ID string }
			e.as(advisor, "POST", "/v1/commitments", "", map[string]any{"customer_id": c.ID, "kind": "send_offer", "subject": "contract_adaptation",
				"words": "Je vous envoie l'offre par courriel avant vendredi.", "channel": "email",
				"due": e.clock.Now().Add(72 * time.Hour).Format(time.RFC3339), "owner_id": advisor}).must(t, http.StatusCreated, &p)
			return p.ID
		}
		promised := promise()

		// By email: a real message, and the promise kept.
		var s sent
		e.send("POST", "/v1/customers/"+c.ID+"/offers/FR-PASSAGE-100G/send", map[string]any{"method": "email"}).must(t, http.StatusCreated, &s)
		if s.Delivery.Status != "sent" || s.Delivery.To != "bertrand.courtecuisse@example.fr" || s.Delivery.CommitmentID != promised {
			t.Errorf("delivery %+v", s.Delivery)
		}
		if s.Kept == nil || s.Kept.ID != promised || s.Kept.Status != "kept" || s.Kept.Evidence.Kind != "delivery" || s.Kept.Evidence.ID != s.Delivery.ID {
			t.Errorf("the promise: %+v", s.Kept)
		}
		msgs := smtp.Wait(t, 1, 5*time.Second)
		m := msgs[0]
		if len(m.To) != 1 || m.To[0] != "bertrand.courtecuisse@example.fr" || m.Header.Get(mail.DeliveryHeader) != s.Delivery.ID ||
			m.Header.Get("Content-Language") != "fr-FR" {
			t.Errorf("envelope %v, headers %v", m.To, m.Header)
		}
		if !strings.HasPrefix(m.Subject, "Votre offre par écrit") || !strings.Contains(m.Text, "Bonjour Monsieur Courtecuisse") ||
			!strings.Contains(m.Text, "vous") || strings.Contains(m.Text, " tu ") || !strings.Contains(m.Text, "0 800 940 940") {
			t.Errorf("subject %q, text:\n%s", m.Subject, m.Text)
		}
		if !strings.Contains(m.HTML, `lang="fr-FR"`) || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/pdf" ||
			!bytes.HasPrefix(m.Attachments[0].Data, []byte("%PDF-")) {
			t.Errorf("HTML %d bytes, attachments %+v", len(m.HTML), m.Attachments)
		}

		// A repeat (a retry) sends nothing twice.
		var again sent
		e.send("POST", "/v1/customers/"+c.ID+"/offers/FR-PASSAGE-100G/send", map[string]any{"method": "email"}).must(t, http.StatusOK, &again)
		if again.Delivery.ID != s.Delivery.ID || len(smtp.Messages()) != 1 {
			t.Errorf("a repeat: delivery %s, %d messages", again.Delivery.ID, len(smtp.Messages()))
		}

		// As a bill insert: queued for the next bill; the new promise waits.
		next := promise()
		var insert sent
		e.send("POST", "/v1/customers/"+c.ID+"/offers/FR-PASSAGE-100G/send", map[string]any{"method": "bill_insert"}).must(t, http.StatusCreated, &insert)
		if insert.Delivery.Method != "bill_insert" || insert.Delivery.Status != "queued" || insert.Delivery.CommitmentID != next || insert.Kept != nil {
			t.Errorf("bill insert: %+v, kept %+v", insert.Delivery, insert.Kept)
		}
		var p struct{ Status string }
		e.get("/v1/commitments/"+next).must(t, http.StatusOK, &p)
		if p.Status != "pending" {
			t.Errorf("the promise of a bill insert is %s before the bill", p.Status)
		}
		// The next bill carries it: its document shows the offer, and once
		// the bill is sent the insert is sent and the promise kept.
		var lines struct{ Items []struct{ ID string } }
		e.get("/v1/customers/"+c.ID+"/lines").must(t, http.StatusOK, &lines)
		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		var run struct {
			Bills []struct{ ID, Status string }
		}
		e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{"customer_id": c.ID, "line_id": lines.Items[0].ID,
			"period_from": "2026-11-01", "period_to": "2026-11-30", "due_on": "2026-12-15", "total": eur(1999),
			"lines": []any{map[string]any{"kind": "plan", "description": "Forfait 20 Go", "amount": eur(1999)}}}}}).must(t, http.StatusCreated, &run)
		billID := run.Bills[0].ID
		doc := e.do(req{method: "GET", token: e.admin, path: "/v1/bills/" + billID + "/document"})
		if doc.status != http.StatusOK || !strings.Contains(string(doc.body), insert.Delivery.ID) || !strings.Contains(string(doc.body), "Votre offre par écrit") {
			t.Errorf("the bill document (%d) does not carry the insert %s", doc.status, insert.Delivery.ID)
		}
		e.send("POST", "/v1/bills/"+billID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
		var d struct {
			Status     string `json:"status"`
			StatusNote string `json:"status_note"`
		}
		e.get("/v1/deliveries/"+insert.Delivery.ID).must(t, http.StatusOK, &d)
		e.get("/v1/commitments/"+next).must(t, http.StatusOK, &p)
		if d.Status != "sent" || d.StatusNote != "in bill "+billID || p.Status != "kept" {
			t.Errorf("after the bill went out: insert %+v, promise %s", d, p.Status)
		}
		billPDF := e.do(req{method: "GET", token: e.admin, path: "/v1/bills/" + billID + "/document", header: map[string]string{"Accept": "application/pdf"}})
		if billPDF.status != http.StatusOK || !bytes.HasPrefix(billPDF.body, []byte("%PDF-")) {
			t.Errorf("the sent bill PDF: %d", billPDF.status)
		}

		// As a letter: the PDF in the print queue.
		var letter sent
		e.send("POST", "/v1/customers/"+c.ID+"/offers/FR-PASSAGE-100G/send", map[string]any{"method": "letter"}).must(t, http.StatusCreated, &letter)
		pdf, err := os.ReadFile(filepath.Join(printQueue, letter.Delivery.ID+".pdf"))
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || letter.Delivery.Status != "sent" || !strings.Contains(letter.Delivery.To, "59000 Lille") {
			t.Errorf("letter %+v: %v", letter.Delivery, err)
		}

		// The comparison as a document, HTML by default, PDF on demand.
		r := e.do(req{method: "GET", token: e.admin, path: "/v1/customers/" + c.ID + "/offers/FR-PASSAGE-100G/comparison", header: map[string]string{"Accept": "application/pdf"}})
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
			t.Errorf("PDF: %d %s", r.status, r.header.Get("Content-Type"))
		}
		e.do(req{method: "GET", token: e.admin, path: "/v1/customers/" + c.ID + "/offers/FR-PASSAGE-100G/comparison", header: map[string]string{"Accept": "image/png"}}).
			wantProblem(t, http.StatusNotAcceptable, "not_acceptable", "")

		// His own plan is not offered to him, in writing or otherwise.
		e.send("POST", "/v1/customers/"+c.ID+"/offers/FR-MOINS/send", map[string]any{"method": "email"}).wantProblem(t, http.StatusConflict, "offer_not_fit", "")
		e.get("/v1/customers/"+c.ID+"/offers/FR-MOINS/comparison").wantProblem(t, http.StatusConflict, "offer_not_fit", "")

		// A mail server that refuses: 502, the delivery recorded as failed.
		smtp.Reject("bertrand.courtecuisse@example.fr")
		e.do(req{method: "POST", token: e.admin, path: "/v1/customers/" + c.ID + "/offers/FR-PASSAGE-100G/send", body: map[string]any{"method": "email"},
			header: map[string]string{"Idempotency-Key": "retry-2"}}).wantProblem(t, http.StatusBadGateway, "delivery_failed", "")
		var failed struct {
			Items []struct {
				Status     string `json:"status"`
				StatusNote string `json:"status_note"`
			} `json:"items"`
		}
		e.get("/v1/deliveries?customer_id="+c.ID+"&status=failed").must(t, http.StatusOK, &failed)
		if len(failed.Items) != 1 || !strings.Contains(failed.Items[0].StatusNote, "bertrand.courtecuisse@example.fr") {
			t.Errorf("failed deliveries %+v", failed.Items)
		}
		// A retry under the same key replays the failure, not a success.
		e.do(req{method: "POST", token: e.admin, path: "/v1/customers/" + c.ID + "/offers/FR-PASSAGE-100G/send", body: map[string]any{"method": "email"},
			header: map[string]string{"Idempotency-Key": "retry-2"}}).wantProblem(t, http.StatusBadGateway, "delivery_failed", "")
		e.get("/v1/deliveries?customer_id="+c.ID+"&status=failed").must(t, http.StatusOK, &failed)
		if len(failed.Items) != 1 {
			t.Errorf("the replay made another delivery: %+v", failed.Items)
		}
	})
}
