package api_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// callerPool is the operator's numbers in these tests: a call must show one.
var callerPool = []string{"+33 1 40 00 00 00", "+1 514 555 0100"}

// newContactEnv starts an instance whose contact policy is the law's, with
// the operator's caller-id pool.
func newContactEnv(t testing.TB, st app.Stores, start time.Time) *env {
	t.Helper()
	clock := tact.NewManualClock(start)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log, ContactPolicy: contactpolicy.Policy{CallerIDs: callerPool}})
	h := api.New(a, log)
	e := &env{t: t, app: a, api: h, clock: clock, stores: st}
	e.srv = httptest.NewServer(recordStatuses(h))
	t.Cleanup(e.srv.Close)
	e.admin = e.token(access.Scopes...)
	return e
}

// decision is what tests read of a contact decision.
type decision struct {
	ID      string `json:"id"`
	Request struct {
		CustomerID string `json:"customer_id"`
		Purpose    string `json:"purpose"`
		Source     string `json:"source"`
	} `json:"request"`
	Verdict   string     `json:"verdict"`
	At        time.Time  `json:"at"`
	NotBefore *time.Time `json:"not_before"`
	Reasons   []struct {
		Rule    string `json:"rule"`
		Verdict string `json:"verdict"`
		Text    struct {
			FR string `json:"fr"`
			EN string `json:"en"`
		} `json:"text"`
		Until time.Time `json:"until"`
		Ref   string    `json:"ref"`
	} `json:"reasons"`
	Brief *struct {
		Address struct {
			FormOfAddress string `json:"form_of_address"`
			HowTo         string `json:"how_to"`
		} `json:"address"`
		Devices []struct {
			Brand string `json:"brand"`
			Model string `json:"model"`
			OS    string `json:"os"`
		} `json:"devices"`
		Lines []struct {
			PlanCode string `json:"plan_code"`
			TopTier  bool   `json:"top_tier"`
		} `json:"lines"`
		LocalTime string `json:"local_time"`
	} `json:"brief"`
	Survey *struct {
		ID         string `json:"id"`
		Event      string `json:"event"`
		DecisionID string `json:"decision_id"`
	} `json:"survey"`
}

// rules returns the ids of the rules that decided.
func (d decision) rules() []string {
	var out []string
	for _, r := range d.Reasons {
		out = append(out, r.Rule)
	}
	return out
}

// reason returns the reason given by rule; the test fails without one.
func (d decision) reason(t *testing.T, rule string) (verdict, ref string) {
	t.Helper()
	for _, r := range d.Reasons {
		if r.Rule == rule {
			if r.Text.FR == "" || r.Text.EN == "" {
				t.Errorf("reason %s has no text in both languages: %+v", rule, r)
			}
			return r.Verdict, r.Ref
		}
	}
	t.Fatalf("no reason %s in %s decision: %v", rule, d.Verdict, d.rules())
	return "", ""
}

// decide asks for a contact decision.
func (e *env) decide(body map[string]any) decision {
	e.t.Helper()
	var d decision
	e.send("POST", "/v1/contact-decisions", body).must(e.t, http.StatusCreated, &d)
	return d
}

// putPlan puts a plan of the catalogue.
func (e *env) putPlan(code, jurisdiction string, tier int, cents int, currency string) {
	e.t.Helper()
	e.send("PUT", "/v1/plans/"+code, map[string]any{
		"name": map[string]any{"fr": code, "en": code}, "jurisdiction": jurisdiction,
		"monthly_price": map[string]any{"cents": cents, "currency": currency},
		"data_mb":       tier * 50000, "voice_minutes": "unlimited", "sms": "unlimited", "tier": tier, "active": true,
	}).must(e.t, http.StatusOK, nil)
}

// TestStory4TactlessSalesCall: a Québec customer, a weekday at 19:05, a
// device offer from the dialer showing one of the operator's numbers. The
// law (CRTC: 9:00–21:30 on weekdays) allows it, but he asked for no calls
// after 19:00: the call is held, never dropped, until 09:00 the next
// morning, which is inside the law's hours too. Then it is allowed, with the
// brief: vous, his iPhone, his plan the largest there is.
func TestStory4TactlessSalesCall(t *testing.T) {
	t.Parallel()
	montreal := mustZone(t, "America/Toronto")
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		// Tuesday 10 March 2026, 19:05 in Montréal (EDT since Sunday).
		at1905 := time.Date(2026, 3, 10, 19, 5, 0, 0, montreal)
		e := newContactEnv(t, st, at1905)
		e.putPlan("QC-BASE-5G", "CA-QC", 1, 3500, "CAD")
		e.putPlan("QC-MAX-200G", "CA-QC", 3, 9500, "CAD")
		body := customerBody("Gagnon")
		body["jurisdiction"], body["given_name"], body["salutation"] = "CA-QC", "Marc", "monsieur"
		body["phones"] = []map[string]any{{"number": "514 555 0199", "primary": true}}
		body["preferences"] = map[string]any{"quiet_hours": []map[string]any{{"from": "19:00", "to": "09:00"}}}
		var c customer
		e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
		if c.TimeZone != "America/Toronto" {
			t.Fatalf("time zone %q", c.TimeZone)
		}
		var line struct{ ID string }
		e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": "514 555 0199", "plan_code": "QC-MAX-200G"}).must(t, http.StatusCreated, &line)
		e.send("POST", "/v1/customers/"+c.ID+"/devices", map[string]any{"brand": "Apple", "model": "iPhone 15 Pro", "os": "ios", "line_id": line.ID}).
			must(t, http.StatusCreated, nil)

		call := map[string]any{"customer_id": c.ID, "purpose": "sales", "channel": "phone", "source": "dialer",
			"caller_id": "+15145550100", "campaign": "device-offer-2026", "subject": "device_upgrade"}
		d := e.decide(call)
		if d.Verdict != "defer" || !slices.Equal(d.rules(), []string{"quiet_hours"}) {
			t.Fatalf("at 19:05: %s %v, want defer by quiet_hours alone (the law allows 19:05)", d.Verdict, d.rules())
		}
		if v, _ := d.reason(t, "quiet_hours"); v != "defer" {
			t.Errorf("quiet_hours says %s", v)
		}
		if d.Brief != nil {
			t.Error("a deferred call came with a brief")
		}
		wantNext := time.Date(2026, 3, 11, 9, 0, 0, 0, montreal)
		if d.NotBefore == nil || !d.NotBefore.Equal(wantNext) {
			t.Fatalf("not_before %v, want %v", d.NotBefore, wantNext)
		}
		// Inside the CRTC's weekday hours as well.
		local := d.NotBefore.In(montreal)
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday ||
			local.Hour() < 9 || local.Hour()*60+local.Minute() >= 21*60+30 {
			t.Errorf("not_before %v is outside 9:00–21:30 on a weekday", local)
		}
		// The decision was stored, and reads back the same.
		var stored decision
		e.get("/v1/contact-decisions/"+d.ID).must(t, http.StatusOK, &stored)
		if stored.Verdict != "defer" || stored.NotBefore == nil || !stored.NotBefore.Equal(wantNext) || stored.Request.Source != "dialer" {
			t.Errorf("stored decision: %+v", stored)
		}

		// A number that is not the operator's is refused whatever the hour.
		other := map[string]any{}
		for k, v := range call {
			other[k] = v
		}
		other["caller_id"] = "+15145559999"
		if d := e.decide(other); d.Verdict != "deny" || !slices.Contains(d.rules(), "caller_id_pool") {
			t.Errorf("a number outside the pool: %s %v", d.Verdict, d.rules())
		}

		// At not_before, the call may be made, and the agent reads the brief.
		e.clock.Set(wantNext)
		d = e.decide(call)
		if d.Verdict != "allow" || len(d.Reasons) != 0 {
			t.Fatalf("at 09:00 the next day: %s %v", d.Verdict, d.rules())
		}
		b := d.Brief
		if b == nil {
			t.Fatal("an allowed call came without its brief")
		}
		if b.Address.FormOfAddress != "vous" || !strings.Contains(b.Address.HowTo, "Vouvoyer") {
			t.Errorf("brief address: %+v", b.Address)
		}
		if len(b.Devices) != 1 || b.Devices[0].Brand != "Apple" || !strings.Contains(b.Devices[0].Model, "iPhone") {
			t.Errorf("brief devices: %+v", b.Devices)
		}
		if len(b.Lines) != 1 || b.Lines[0].PlanCode != "QC-MAX-200G" || !b.Lines[0].TopTier {
			t.Errorf("brief lines: %+v (want the top plan)", b.Lines)
		}
		if !strings.Contains(b.LocalTime, " 09:00 ") {
			t.Errorf("brief local time %q", b.LocalTime)
		}

		// The call made under the decision cites it; it is not "unasked".
		made := interactionBody(c.ID, "qc-call-1", wantNext)
		made["purpose"], made["caller_id"], made["decision_id"] = "sales", "+15145550100", d.ID
		e.send("POST", "/v1/interactions", made).must(t, http.StatusCreated, nil)
		var list struct{ Items []map[string]any }
		e.get("/v1/interactions?unasked=true&customer_id="+c.ID).must(t, http.StatusOK, &list)
		if len(list.Items) != 0 {
			t.Errorf("unasked contacts: %v", list.Items)
		}
		e.get("/v1/contact-decisions?customer_id="+c.ID).must(t, http.StatusOK, &list)
		if len(list.Items) != 3 || list.Items[0]["id"] != d.ID {
			t.Errorf("the customer's decisions, newest first: %v", list.Items)
		}
	})
}

// TestStory5AfterGoodbye: a former customer. Vendor A books the exit survey;
// vendor B asking for the same event is denied before anyone calls him; a
// call from a masked number is denied; a sales call is denied.
func TestStory5AfterGoodbye(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, epoch) // Tuesday 10 March 2026, 10:30 in Paris
		body := customerBody("Leroy")
		body["given_name"], body["status"], body["former_since"], body["customer_since"] = "Paul", "former", "2026-03-01", "2019-05-01"
		var c customer
		e.send("POST", "/v1/customers", body).must(t, http.StatusCreated, &c)
		event := "exit:" + c.ID

		var a decision
		e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "event": event, "source": "vendor-a", "channel": "email"}).
			must(t, http.StatusCreated, &a)
		if a.Verdict != "allow" || a.Survey == nil || a.Survey.Event != event || a.Survey.DecisionID != a.ID {
			t.Fatalf("vendor A's exit survey: %s %v, survey %+v", a.Verdict, a.rules(), a.Survey)
		}

		e.clock.Advance(2 * time.Hour)
		var b decision
		e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "event": event, "source": "vendor-b", "channel": "phone",
			"caller_id": "+33140000000"}).must(t, http.StatusCreated, &b)
		if b.Verdict != "deny" || b.Survey != nil {
			t.Fatalf("vendor B's survey of the same event: %s %v", b.Verdict, b.rules())
		}
		if _, ref := b.reason(t, "survey_once_per_event"); ref != event {
			t.Errorf("survey_once_per_event names %q, want the event", ref)
		}
		// Denied before any contact: nothing was recorded with him.
		var list struct{ Items []map[string]any }
		e.get("/v1/interactions?customer_id="+c.ID).must(t, http.StatusOK, &list)
		if len(list.Items) != 0 {
			t.Errorf("interactions: %v", list.Items)
		}

		// The operator calls from a hidden number about his incident.
		masked := e.decide(map[string]any{"customer_id": c.ID, "purpose": "incident", "channel": "phone", "source": "support", "caller_id": "withheld"})
		if masked.Verdict != "deny" {
			t.Fatalf("a masked call: %s %v", masked.Verdict, masked.rules())
		}
		masked.reason(t, "caller_id_shown")
		noNumber := e.decide(map[string]any{"customer_id": c.ID, "purpose": "incident", "channel": "phone", "source": "support"})
		if noNumber.Verdict != "deny" || !slices.Contains(noNumber.rules(), "caller_id_shown") {
			t.Errorf("a call with no number: %s %v", noNumber.Verdict, noNumber.rules())
		}

		sales := e.decide(map[string]any{"customer_id": c.ID, "purpose": "sales", "channel": "phone", "source": "dialer",
			"caller_id": "+33140000000", "campaign": "winback"})
		if sales.Verdict != "deny" {
			t.Fatalf("a sales call to a former customer: %s %v", sales.Verdict, sales.rules())
		}
		sales.reason(t, "former_customer")

		// Every answer was stored.
		e.get("/v1/contact-decisions?customer_id="+c.ID).must(t, http.StatusOK, &list)
		if len(list.Items) != 5 {
			t.Errorf("%d decisions stored, want 5", len(list.Items))
		}
	})
}

// TestStory2PromisePendingHoldsSales: the advisor promised to send the offer
// in writing; until it is sent, no campaign calls about the same subject.
// The denial names the promise.
func TestStory2PromisePendingHoldsSales(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, epoch) // Tuesday 10:30 in Paris: lawful hours
		e.putPlan("FR-MOBILE-20G", "FR", 1, 1499, "EUR")
		a := e.user(access.Advisor, "a@example.fr", "")
		c := e.createCustomer("Dupont")
		e.send("POST", "/v1/customers/"+c.ID+"/lines", map[string]any{"number": "06 12 34 56 78", "plan_code": "FR-MOBILE-20G"}).
			must(t, http.StatusCreated, nil)
		call := map[string]any{"customer_id": c.ID, "purpose": "sales", "channel": "phone", "source": "callcentre-sub",
			"caller_id": "01 40 00 00 00", "campaign": "adaptation", "subject": "contract_adaptation"}
		if d := e.decide(call); d.Verdict != "allow" {
			t.Fatalf("before any promise: %s %v", d.Verdict, d.rules())
		}

		var p struct{ ID string }
		e.as(a, "POST", "/v1/commitments", "", map[string]any{"customer_id": c.ID, "kind": "send_offer", "subject": "contract_adaptation",
			"words": "Je vous envoie l'offre par écrit pour que vous puissiez comparer.", "channel": "email",
			"due": epoch.Add(72 * time.Hour).Format(time.RFC3339), "owner_id": a}).must(t, http.StatusCreated, &p)

		e.clock.Advance(24 * time.Hour)
		d := e.decide(call)
		if d.Verdict != "deny" {
			t.Fatalf("a sales call while the offer is owed: %s %v", d.Verdict, d.rules())
		}
		if _, ref := d.reason(t, "promise_pending"); ref != p.ID {
			t.Errorf("promise_pending names %q, want the promise %s", ref, p.ID)
		}
		// A service call about something else is not held by it.
		if d := e.decide(map[string]any{"customer_id": c.ID, "purpose": "service", "channel": "email", "source": "crm"}); d.Verdict != "allow" {
			t.Errorf("a service email: %s %v", d.Verdict, d.rules())
		}
	})
}

// TestContactDecisionsBatch answers requests in order, stores every
// decision, and refuses a batch over the limit or with a faulty request,
// naming it.
func TestContactDecisionsBatch(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newContactEnv(t, st, epoch)
		c1, c2 := e.createCustomer("Un"), e.createCustomer("Deux")
		call := func(id, callerID string) map[string]any {
			return map[string]any{"customer_id": id, "purpose": "service", "channel": "phone", "source": "dialer", "caller_id": callerID}
		}
		var out struct {
			Decisions []decision `json:"decisions"`
		}
		e.send("POST", "/v1/contact-decisions:batch", map[string]any{"requests": []any{
			call(c1.ID, "+33140000000"), call(c2.ID, ""), call(c1.ID, "+33999999999")}}).must(t, http.StatusOK, &out)
		if len(out.Decisions) != 3 {
			t.Fatalf("%d decisions", len(out.Decisions))
		}
		for i, want := range []string{"allow", "deny", "deny"} {
			if d := out.Decisions[i]; d.Verdict != want || d.ID == "" || d.Brief != nil {
				t.Errorf("decision %d: %s %v (brief %v), want %s without a brief", i, d.Verdict, d.rules(), d.Brief != nil, want)
			}
		}
		if out.Decisions[0].Request.CustomerID != c1.ID || out.Decisions[1].Request.CustomerID != c2.ID {
			t.Error("decisions out of order")
		}
		e.get("/v1/contact-decisions/"+out.Decisions[2].ID).must(t, http.StatusOK, nil)

		// Faults name the request.
		bad := call(c1.ID, "")
		bad["purpose"] = "cold_call"
		e.send("POST", "/v1/contact-decisions:batch", map[string]any{"requests": []any{call(c1.ID, ""), bad}}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "requests[1].purpose")
		ghost := call("cus_01JQ0000000000000000000000", "")
		e.send("POST", "/v1/contact-decisions:batch", map[string]any{"requests": []any{ghost}}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "requests[0].customer_id")

		// Over the limit.
		var sb strings.Builder
		sb.WriteString(`{"requests":[`)
		for i := range contactpolicy.MaxBatch + 1 {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"customer_id":%q,"purpose":"service","channel":"sms","source":"bulk"}`, c1.ID)
		}
		sb.WriteString(`]}`)
		e.send("POST", "/v1/contact-decisions:batch", sb.String()).wantProblem(t, http.StatusRequestEntityTooLarge, "batch_too_large", "requests")
		var list struct{ Items []map[string]any }
		e.get("/v1/contact-decisions?customer_id="+c1.ID+"&limit=200").must(t, http.StatusOK, &list)
		if len(list.Items) != 2 {
			t.Errorf("%d decisions stored for the first customer, want 2 (failed batches store nothing)", len(list.Items))
		}
	})
}

// TestContactDecisionInput: strict decoding, enums named, scopes, and
// interactions that cite a decision.
func TestContactDecisionInput(t *testing.T) {
	t.Parallel()
	e := newContactEnv(t, testenv.SQLite(t).Stores(), epoch)
	c := e.createCustomer("Strict")
	other := e.createCustomer("Autre")
	ok := func() map[string]any {
		return map[string]any{"customer_id": c.ID, "purpose": "service", "channel": "email", "source": "crm"}
	}
	with := func(k string, v any) map[string]any {
		b := ok()
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	for _, tc := range []struct {
		body        any
		status      int
		code, field string
	}{
		{body: with("nickname", "x"), status: 400, code: "unknown_field", field: "nickname"},
		{body: `{"customer_id":`, status: 400, code: "malformed_json"},
		{body: with("purpose", "cold_call"), status: 422, code: "invalid", field: "purpose"},
		{body: with("channel", "pigeon"), status: 422, code: "invalid", field: "channel"},
		{body: with("purpose", 3), status: 422, code: "invalid", field: "purpose"},
		{body: with("at", "tomorrow"), status: 422, code: "invalid", field: "at"},
		{body: with("customer_id", nil), status: 422, code: "required", field: "customer_id"},
		{body: with("source", nil), status: 422, code: "required", field: "source"},
		{body: with("source", "a source"), status: 422, code: "invalid", field: "source"},
		{body: with("customer_id", "cus_nope"), status: 422, code: "invalid", field: "customer_id"},
		{body: with("subject", strings.Repeat("s", 65)), status: 422, code: "too_long", field: "subject"},
	} {
		e.send("POST", "/v1/contact-decisions", tc.body).wantProblem(t, tc.status, tc.code, tc.field)
	}
	e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "source": "pollster", "channel": "email"}).
		wantProblem(t, 422, "required", "event")
	e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": c.ID, "source": "pollster", "channel": "email", "event": "x", "purpose": "sales"}).
		wantProblem(t, 400, "unknown_field", "purpose")
	e.get("/v1/contact-decisions").wantProblem(t, 422, "required", "customer_id")
	e.get("/v1/interactions").wantProblem(t, 422, "required", "customer_id")
	e.get("/v1/contact-decisions/dec_nope").wantProblem(t, 404, "not_found", "")

	// Scopes: reading decisions does not let one ask.
	reader := e.token(access.ContactsRead)
	e.do(req{method: "POST", path: "/v1/contact-decisions", token: reader, body: ok()}).wantProblem(t, 403, "forbidden", "")

	// An interaction cites a decision about its own customer only.
	d := e.decide(ok())
	mail := func(customerID, key, decisionID string) map[string]any {
		b := interactionBody(customerID, key, epoch)
		b["channel"], b["outcome"], b["caller_id"], b["decision_id"] = "email", "delivered", "", decisionID
		return b
	}
	e.send("POST", "/v1/interactions", mail(other.ID, "m1", d.ID)).wantProblem(t, 422, "invalid", "decision_id")
	e.send("POST", "/v1/interactions", mail(c.ID, "m2", "dec_01JQ0000000000000000000000")).wantProblem(t, 422, "invalid", "decision_id")
	var asked map[string]any
	e.send("POST", "/v1/interactions", mail(c.ID, "m3", d.ID)).must(t, http.StatusCreated, &asked)
	if asked["decision_id"] != d.ID {
		t.Errorf("interaction: %v", asked)
	}
	// Made without asking: listed, for this customer and across customers.
	var unasked map[string]any
	e.send("POST", "/v1/interactions", mail(other.ID, "m4", "")).must(t, http.StatusCreated, &unasked)
	var list struct{ Items []map[string]any }
	for _, path := range []string{"/v1/interactions?unasked=true", "/v1/interactions?unasked=true&customer_id=" + other.ID} {
		e.get(path).must(t, http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0]["id"] != unasked["id"] {
			t.Errorf("%s: %v", path, list.Items)
		}
	}
	e.get("/v1/interactions?unasked=true&customer_id="+c.ID).must(t, http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Errorf("unasked contacts of a customer contacted under a decision: %v", list.Items)
	}
	e.get("/v1/interactions?unasked=maybe").wantProblem(t, 422, "invalid", "unasked")
}

// TestOppositionCheckClearsProspect: a prospect (no line in force) gets no
// sales call until his number was found clear on Bloctel; the check is set
// by PATCH, with an event on his timeline.
func TestOppositionCheckClearsProspect(t *testing.T) {
	t.Parallel()
	e := newContactEnv(t, testenv.SQLite(t).Stores(), epoch) // Tuesday 10:30 in Paris
	c := e.createCustomer("Prospect")
	call := map[string]any{"customer_id": c.ID, "purpose": "sales", "channel": "phone", "source": "dialer", "caller_id": "+33140000000"}
	if d := e.decide(call); d.Verdict != "deny" || !slices.Equal(d.rules(), []string{"opposition_list"}) {
		t.Fatalf("before any check: %s %v", d.Verdict, d.rules())
	}
	var got map[string]any
	e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"opposition_checked_at": epoch.Add(-24 * time.Hour).Format(time.RFC3339)}).
		must(t, http.StatusOK, &got)
	if got["opposition_checked_at"] == nil {
		t.Fatalf("customer after the check: %v", got)
	}
	if d := e.decide(call); d.Verdict != "allow" {
		t.Errorf("after the check: %s %v", d.Verdict, d.rules())
	}
	// 31 days later the check is stale again.
	e.clock.Advance(31 * 24 * time.Hour)
	if d := e.decide(call); d.Verdict != "deny" || !slices.Contains(d.rules(), "opposition_list") {
		t.Errorf("a month later: %s %v", d.Verdict, d.rules())
	}
	found := false
	for _, en := range e.timeline(c.ID) {
		found = found || en.Kind == "event" && en.Event["kind"] == "opposition_checked"
	}
	if !found {
		t.Error("no opposition_checked event on the timeline")
	}
	e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"opposition_checked_at": epoch.Add(40 * 24 * time.Hour).Format(time.RFC3339)}).
		wantProblem(t, http.StatusUnprocessableEntity, "invalid", "opposition_checked_at")
}
