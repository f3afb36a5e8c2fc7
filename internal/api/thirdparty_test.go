package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// consentView is what tests read of a third-party consent.
type consentView struct {
	CustomerID    string     `json:"customer_id"`
	Ref           string     `json:"ref"`
	Provider      string     `json:"provider"`
	Service       string     `json:"service"`
	PaymentPageAt time.Time  `json:"payment_page_at"`
	ConfirmedAt   time.Time  `json:"confirmed_at"`
	ConfirmedBy   string     `json:"confirmed_by"`
	WithdrawnAt   *time.Time `json:"withdrawn_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// TestStory1Consents: story 1 over HTTP. A third-party charge is stripped
// while the customer's switch is off, and with the switch on while no double
// opt-in covers it; the operator's payment page records one (refusals name
// their field, a retry is idempotent, another consent under the same
// reference is refused), and the charge then stays, naming its provider.
// When the customer withdraws, his later charges are stripped again and the
// consent stays on record.
func TestStory1Consents(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		now := time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
		e := newContactEnv(t, st, now)
		var c customer
		e.send("POST", "/v1/customers", customerBody("Morel")).must(t, http.StatusCreated, &c)
		path := "/v1/customers/" + c.ID + "/third-party-consents"

		eur := func(n int) map[string]any { return map[string]any{"cents": n, "currency": "EUR"} }
		plan := map[string]any{"kind": "plan", "description": "Forfait 20 Go", "amount": eur(1999)}
		charge := func(ref, day string) map[string]any {
			return map[string]any{"kind": "third_party", "description": "Contact+", "amount": eur(799), "date": day,
				"provider": map[string]any{"name": "Digital Virgo", "service": "Contact+", "complaints": "0 800 00 00 00", "consent_ref": ref}}
		}
		// review submits an October bill of the plan and a charge and
		// returns it as reviewed.
		review := func(line map[string]any) billView {
			t.Helper()
			var run runView
			e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{
				"customer_id": c.ID, "period_from": "2026-10-01", "period_to": "2026-10-31", "due_on": "2026-11-15",
				"lines": []any{plan, line}, "total": eur(1999 + 799)}}}).must(t, http.StatusCreated, &run)
			return run.Bills[0]
		}
		wantStripped := func(what string, b billView, rule string) {
			t.Helper()
			if b.Status != "validated" || !slices.Equal(b.rules(), []string{rule}) || len(b.Lines) != 1 || b.Total.Cents != 1999 ||
				len(b.Review.Stripped) != 1 || b.Review.Stripped[0].Provider.Name != "Digital Virgo" {
				t.Errorf("%s: %+v, want the charge stripped by %s and listed for its provider", what, b, rule)
			}
		}
		wantKept := func(what string, b billView) {
			t.Helper()
			if b.Status != "validated" || len(b.rules()) != 0 || len(b.Lines) != 2 || b.Total.Cents != 2798 || len(b.Review.Stripped) != 0 {
				t.Errorf("%s: %+v, want the charge kept", what, b)
			}
		}

		// The switch is off by default: the charge goes, consent or not.
		wantStripped("switch off", review(charge("DV-42", "2026-10-12")), "third_party_switch_off")
		e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"third_party_billing": true}).must(t, http.StatusOK, nil)
		wantStripped("switch on, no consent", review(charge("DV-42", "2026-10-12")), "third_party_no_consent")

		consent := func(change func(b map[string]any)) map[string]any {
			b := map[string]any{"ref": "DV-42", "provider": "Digital Virgo", "service": "Contact+", "confirmed_by": "sms",
				"payment_page_at": "2026-10-01T08:00:00Z", "confirmed_at": "2026-10-01T08:03:12.345678Z"}
			if change != nil {
				change(b)
			}
			return b
		}
		for _, tc := range []struct {
			name        string
			change      func(b map[string]any)
			status      int
			code, field string
		}{
			{"no reference", func(b map[string]any) { delete(b, "ref") }, 422, "required", "ref"},
			{"a reference with a slash", func(b map[string]any) { b["ref"] = "DV/42" }, 422, "invalid", "ref"},
			{"no provider", func(b map[string]any) { b["provider"] = "  " }, 422, "required", "provider"},
			{"no service", func(b map[string]any) { b["service"] = "" }, 422, "required", "service"},
			{"no payment page", func(b map[string]any) { delete(b, "payment_page_at") }, 422, "required", "payment_page_at"},
			{"a single opt-in", func(b map[string]any) { b["confirmed_at"] = nil }, 422, "required", "confirmed_at"},
			{"confirmed before the payment page", func(b map[string]any) { b["confirmed_at"] = "2026-10-01T07:59:59Z" }, 422, "invalid", "confirmed_at"},
			{"confirmed in the future", func(b map[string]any) { b["confirmed_at"] = now.Add(time.Second).Format(time.RFC3339) }, 422, "invalid", "confirmed_at"},
			{"payment page in the future", func(b map[string]any) {
				b["payment_page_at"], b["confirmed_at"] = "2026-10-21T08:00:00Z", "2026-10-21T08:01:00Z"
			}, 422, "invalid", "payment_page_at"},
			{"confirmed on the phone", func(b map[string]any) { b["confirmed_by"] = "phone" }, 422, "invalid", "confirmed_by"},
			{"confirmed by nobody", func(b map[string]any) { delete(b, "confirmed_by") }, 422, "required", "confirmed_by"},
			{"recorded withdrawn", func(b map[string]any) { b["withdrawn_at"] = "2026-10-02T08:00:00Z" }, 400, "unknown_field", "withdrawn_at"},
		} {
			e.send("POST", path, consent(tc.change)).wantProblem(t, tc.status, tc.code, tc.field)
		}
		e.send("POST", "/v1/customers/cus_01JNOSUCHCUSTOMER0000000000/third-party-consents", consent(nil)).
			wantProblem(t, http.StatusNotFound, "not_found", "")
		var page struct{ Items []consentView }
		e.get(path).must(t, http.StatusOK, &page)
		if len(page.Items) != 0 {
			t.Fatalf("refused consents were stored: %+v", page.Items)
		}

		// A billing:read token lists consents but does not record them.
		reader := e.token(access.BillingRead)
		e.do(req{method: "POST", path: path, token: reader, body: consent(nil)}).wantProblem(t, http.StatusForbidden, "forbidden", "")
		e.do(req{method: "GET", path: path, token: reader}).must(t, http.StatusOK, nil)

		var k consentView
		res := e.send("POST", path, consent(nil)).must(t, http.StatusCreated, &k)
		want := consentView{CustomerID: c.ID, Ref: "DV-42", Provider: "Digital Virgo", Service: "Contact+", ConfirmedBy: "sms",
			PaymentPageAt: time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC), ConfirmedAt: time.Date(2026, 10, 1, 8, 3, 12, 345678000, time.UTC), CreatedAt: now}
		if !sameConsentView(k, want) {
			t.Errorf("recorded %+v, want %+v", k, want)
		}
		if loc := res.header.Get("Location"); loc != path {
			t.Errorf("Location %q, want %q", loc, path)
		}
		// A retry, the same instants written in Paris time, is the same
		// consent: 200 with the stored one.
		e.clock.Advance(time.Minute)
		var again consentView
		e.send("POST", path, consent(func(b map[string]any) {
			b["payment_page_at"], b["confirmed_at"] = "2026-10-01T10:00:00+02:00", "2026-10-01T10:03:12.345678+02:00"
		})).must(t, http.StatusOK, &again)
		if !sameConsentView(again, want) {
			t.Errorf("the retry answered %+v, want the stored %+v", again, want)
		}
		e.send("POST", path, consent(func(b map[string]any) { b["service"] = "Internet+" })).wantProblem(t, http.StatusConflict, "conflict", "ref")

		// Switch on and a double opt-in: the charge stays and names its
		// provider; a charge citing another reference still goes.
		wantKept("switch on, double opt-in", review(charge("DV-42", "2026-10-12")))
		wantStripped("another reference", review(charge("DV-7", "2026-10-12")), "third_party_no_consent")

		// He changes his mind: withdrawn now, and again is the same answer.
		e.clock.Advance(time.Hour)
		withdrawnAt := e.clock.Now()
		var w consentView
		e.send("POST", path+"/DV-42/withdraw", nil).must(t, http.StatusOK, &w)
		if w.WithdrawnAt == nil || !w.WithdrawnAt.Equal(withdrawnAt) || w.Ref != "DV-42" {
			t.Errorf("withdrawn: %+v, want withdrawn at %v", w, withdrawnAt)
		}
		e.clock.Advance(time.Hour)
		var twice consentView
		e.send("POST", path+"/DV-42/withdraw", nil).must(t, http.StatusOK, &twice)
		if twice.WithdrawnAt == nil || !twice.WithdrawnAt.Equal(withdrawnAt) {
			t.Errorf("withdrawn again: %+v, want the first withdrawal's time %v", twice, withdrawnAt)
		}
		e.send("POST", path+"/DV-7/withdraw", nil).wantProblem(t, http.StatusNotFound, "not_found", "")
		e.send("POST", "/v1/customers/cus_01JNOSUCHCUSTOMER0000000000/third-party-consents/DV-42/withdraw", nil).
			wantProblem(t, http.StatusNotFound, "not_found", "")

		// A charge after the withdrawal goes; one of the days it stood stays.
		wantStripped("charged after the withdrawal", review(charge("DV-42", "2026-10-25")), "third_party_no_consent")
		wantKept("charged while it stood", review(charge("DV-42", "2026-10-12")))

		// The consent stays on record, withdrawn; its reference is not reused.
		e.get(path).must(t, http.StatusOK, &page)
		if len(page.Items) != 1 || page.Items[0].WithdrawnAt == nil || !page.Items[0].WithdrawnAt.Equal(withdrawnAt) {
			t.Errorf("his consents: %+v", page.Items)
		}
		e.send("POST", path, consent(func(b map[string]any) { b["confirmed_at"] = "2026-10-01T08:05:00Z" })).
			wantProblem(t, http.StatusConflict, "conflict", "ref")
		// A second, standing consent comes after the first.
		e.send("POST", path, consent(func(b map[string]any) {
			b["ref"], b["confirmed_by"], b["payment_page_at"], b["confirmed_at"] = "DV-43", "email", "2026-10-20T10:30:00Z", "2026-10-20T10:31:00Z"
		})).must(t, http.StatusCreated, nil)
		e.get(path).must(t, http.StatusOK, &page)
		if len(page.Items) != 2 || page.Items[0].Ref != "DV-42" || page.Items[1].Ref != "DV-43" || page.Items[1].WithdrawnAt != nil {
			t.Errorf("his consents, oldest confirmed first: %+v", page.Items)
		}
	})
}

func sameConsentView(a, b consentView) bool {
	return a.CustomerID == b.CustomerID && a.Ref == b.Ref && a.Provider == b.Provider && a.Service == b.Service &&
		a.ConfirmedBy == b.ConfirmedBy && a.PaymentPageAt.Equal(b.PaymentPageAt) && a.ConfirmedAt.Equal(b.ConfirmedAt) &&
		a.CreatedAt.Equal(b.CreatedAt) && (a.WithdrawnAt == nil) == (b.WithdrawnAt == nil)
}
