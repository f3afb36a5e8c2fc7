package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// ratioView is what tests read of a share.
type ratioView struct {
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Value       *float64 `json:"value"`
}

// qualityWeekView is what tests read of a week's figures.
type qualityWeekView struct {
	Jurisdiction string    `json:"jurisdiction"`
	Week         string    `json:"week"`
	Zone         string    `json:"zone"`
	Starts       time.Time `json:"starts"`
	Ends         time.Time `json:"ends"`
	Final        bool      `json:"final"`
	FCR          ratioView `json:"first_contact_resolution"`
	Repeats      ratioView `json:"repeat_contacts_7d"`
	Promises     ratioView `json:"promises_kept_on_time"`
	Loop         ratioView `json:"closed_loop_48h"`
	Pressure     struct {
		Contacts  int     `json:"contacts"`
		Customers int     `json:"customers"`
		Mean      float64 `json:"mean"`
		P95       int     `json:"p95"`
		Max       int     `json:"max"`
		Cap       int     `json:"sales_call_cap"`
		Days      int     `json:"sales_call_window_days"`
		Above     int     `json:"above_sales_call_cap"`
	} `json:"contact_pressure"`
	Disputes struct {
		Opened    int `json:"opened"`
		OpenAtEnd int `json:"open_at_end"`
	} `json:"disputes"`
}

type qualityReportView struct {
	Jurisdiction string            `json:"jurisdiction"`
	Zone         string            `json:"zone"`
	From         string            `json:"from"`
	To           string            `json:"to"`
	Weeks        []qualityWeekView `json:"weeks"`
	Missing      []string          `json:"missing"`
}

func wantShare(t *testing.T, what string, r ratioView, n, d int) {
	t.Helper()
	if r.Numerator != n || r.Denominator != d || (d == 0) != (r.Value == nil) {
		t.Errorf("%s: %d of %d (value %v), want %d of %d", what, r.Numerator, r.Denominator, r.Value, n, d)
	}
}

// TestQualityFigures builds a week of a French operator through the API —
// cases resolved at the first contact or not, contacts repeated within 7
// days or exactly 7 days later, promises kept at their due, a minute late,
// withdrawn or broken, a customer called a fifth time in 30 days, detractors
// called back at 48 hours and at 48 hours and a minute, disputes opened
// before and during the week, one resolved during it — runs the quality job,
// and reads the figures counted by hand. Québec's week, cut in Toronto,
// keeps its own.
func TestQualityFigures(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		at := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, time.UTC) }
		feb25 := time.Date(2026, 2, 25, 10, 0, 0, 0, time.UTC)
		e := newContactEnv(t, st, feb25)
		sup := e.user(access.Supervisor, "qualite@example.fr", "")
		adv := e.user(access.Advisor, "julie@example.fr", sup)
		alice, bruno, chloe := e.createCustomer("Arnaud"), e.createCustomer("Bernard"), e.createCustomer("Chevalier")
		qc := customerBody("Gagnon")
		qc["jurisdiction"], qc["phones"] = "CA-QC", []map[string]any{{"number": "514 555 0199", "primary": true}}
		var gaston customer
		e.send("POST", "/v1/customers", qc).must(t, http.StatusCreated, &gaston)

		// Records happen as the clock moves: each is made "now".
		set := func(t time.Time) { e.clock.Set(t) }
		contact := func(who customer, direction, purpose, channel, caseID string) string {
			b := map[string]any{"customer_id": who.ID, "channel": channel, "direction": direction, "purpose": purpose, "source": "crm",
				"started_at": e.clock.Now().Format(time.RFC3339Nano), "outcome": "completed", "case_id": caseID}
			if direction == "outbound" {
				b["caller_id"] = "+33140000000"
			}
			var i struct{ ID string }
			e.send("POST", "/v1/interactions", b).must(t, http.StatusCreated, &i)
			return i.ID
		}
		inbound := func(who customer, caseID string) { contact(who, "inbound", "service", "phone", caseID) }
		salesCall := func(who customer) { contact(who, "outbound", "sales", "phone", "") }
		promise := func(who customer, due time.Time) string {
			var p struct{ ID string }
			e.as(adv, "POST", "/v1/commitments", "", map[string]any{"customer_id": who.ID, "kind": "send_offer", "subject": "contract_adaptation",
				"words": "Je vous envoie l'offre par courriel.", "channel": "email", "due": due.Format(time.RFC3339), "owner_id": adv}).
				must(t, http.StatusCreated, &p)
			return p.ID
		}
		keep := func(id, kind, evidence string) {
			e.send("POST", "/v1/commitments/"+id+"/keep", map[string]any{"evidence": map[string]any{"kind": kind, "id": evidence}}).must(t, http.StatusOK, nil)
		}
		openCase := func(who customer) string {
			var k struct{ ID string }
			e.as(adv, "POST", "/v1/cases", "", map[string]any{"customer_id": who.ID, "subject": "Facture", "category": "billing", "channel": "phone",
				"owner_id": adv, "note": "Le client appelle."}).must(t, http.StatusCreated, &k)
			return k.ID
		}
		resolve := func(id string) {
			e.as(adv, "POST", "/v1/cases/"+id+"/resolve", "", map[string]any{"resolution": "Expliqué et corrigé."}).must(t, http.StatusOK, nil)
		}
		dispute := func(who customer, currency string) (resolvePath string) {
			amount := map[string]any{"cents": 1999, "currency": currency}
			var run runView
			e.send("POST", "/v1/bill-runs", map[string]any{"source": "facturation", "bills": []any{map[string]any{
				"customer_id": who.ID, "period_from": "2026-01-01", "period_to": "2026-01-31", "due_on": "2026-02-15", "total": amount,
				"lines": []any{map[string]any{"kind": "plan", "description": "Forfait", "amount": amount}}}}}).must(t, http.StatusCreated, &run)
			e.send("POST", "/v1/bills/"+run.Bills[0].ID+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
			var d struct {
				Dispute struct{ ID string } `json:"dispute"`
			}
			e.send("POST", "/v1/bills/"+run.Bills[0].ID+"/disputes", map[string]any{"line": 0, "reason": "Forfait changé sans accord."}).
				must(t, http.StatusCreated, &d)
			return "/v1/bills/" + run.Bills[0].ID + "/disputes/" + d.Dispute.ID + "/resolve"
		}
		survey := func(who customer, event string, score int) (commitmentID string) {
			var d struct{ Verdict string }
			e.send("POST", "/v1/survey-requests", map[string]any{"customer_id": who.ID, "event": event, "source": "pollster", "channel": "sms"}).
				must(t, http.StatusCreated, &d)
			if d.Verdict != "allow" {
				t.Fatalf("the survey of %s: %s", event, d.Verdict)
			}
			var a answerView
			e.send("POST", "/v1/survey-responses", map[string]any{"customer_id": who.ID, "event": event, "source": "pollster", "scale": "nps",
				"score": score, "answered_at": e.clock.Now().Format(time.RFC3339)}).must(t, http.StatusCreated, &a)
			return a.CommitmentID
		}

		// Before the week: Bruno disputes his bill, and it is resolved
		// during the week; Gaston disputes his, never resolved.
		resolveBruno := dispute(bruno, "EUR")
		dispute(gaston, "CAD")

		// 2026-W10 in Paris: Monday 2 March 00:00 (1 March 23:00 UTC) to
		// Monday 9 March 00:00 (8 March 23:00 UTC).
		set(at(2, 9, 0))
		k1 := openCase(alice)
		inbound(alice, k1) // I1
		p1, p2, p3 := promise(alice, at(4, 17, 0)), promise(bruno, at(5, 12, 0)), promise(chloe, at(6, 12, 0))
		promise(alice, at(7, 12, 0)) // never kept
		set(at(2, 9, 30))
		k2 := openCase(bruno)
		inbound(bruno, k2) // I2
		set(at(2, 10, 0))
		resolve(k1) // one inbound contact: resolved at the first
		salesCall(alice)
		set(at(3, 9, 0))
		inbound(bruno, k2) // I3, his second about k2 and a repeat of I2
		set(at(3, 10, 0))
		resolve(k2) // two inbound contacts: not at the first
		salesCall(alice)
		set(at(3, 14, 0))
		contact(bruno, "outbound", "service", "sms", "")
		set(at(3, 15, 0))
		inbound(gaston, "") // Québec's
		contact(gaston, "outbound", "sales", "phone", "")
		set(at(4, 10, 0))
		salesCall(alice)
		dispute(alice, "EUR")
		set(at(4, 12, 0))
		inbound(chloe, "") // I6: her next contact comes 7 days later
		set(at(4, 17, 0))
		keep(p1, "credit_note", "AV-1") // at its due
		set(at(5, 10, 0))
		salesCall(alice)
		callBackChloe := survey(chloe, "interaction:chloe-1", 2) // a detractor: a call back due 7 March 10:00
		e.send("POST", "/v1/commitments/"+p3+"/cancel", map[string]any{"reason": "Vous avez choisi une autre offre."}).must(t, http.StatusOK, nil)
		set(at(5, 11, 0))

		// Midweek, the job computes the week so far: only what is due or
		// closed by now is judged, and the week is not final.
		e.send("POST", "/v1/jobs/quality", nil).must(t, http.StatusOK, nil)
		var mid qualityReportView
		e.get("/v1/quality?jurisdiction=FR&from=2026-W10&to=2026-W10").must(t, http.StatusOK, &mid)
		if len(mid.Weeks) != 1 || mid.Weeks[0].Final {
			t.Fatalf("midweek: %+v", mid)
		}
		wantShare(t, "midweek first-contact resolution", mid.Weeks[0].FCR, 1, 2)
		wantShare(t, "midweek repeats: no contact's 7 days have passed", mid.Weeks[0].Repeats, 0, 0)
		wantShare(t, "midweek promises: only the first is due", mid.Weeks[0].Promises, 1, 1)
		wantShare(t, "midweek closed loop: the 48 hours run", mid.Weeks[0].Loop, 0, 0)

		set(at(5, 12, 1))
		keep(p2, "credit_note", "AV-2") // a minute late
		set(at(6, 10, 0))
		salesCall(alice) // her fifth sales call in 30 days
		salesCall(chloe)
		e.send("POST", resolveBruno, map[string]any{"resolution": "Forfait rétabli, différence remboursée."}).must(t, http.StatusOK, nil)
		set(at(6, 10, 30))
		survey(alice, "interaction:alice-1", 10) // a promoter: nothing to close
		set(at(7, 10, 0))
		keep(callBackChloe, "interaction", contact(chloe, "outbound", "service", "phone", "")) // 48 hours after her answer
		set(at(7, 20, 0))
		callBackBruno := survey(bruno, "interaction:bruno-1", 4) // due 9 March 20:00, next week
		set(at(8, 22, 0))
		inbound(alice, "") // I4, Sunday 23:00 in Paris: the week's last contact

		// After the week.
		set(at(9, 20, 1))
		keep(callBackBruno, "interaction", contact(bruno, "outbound", "service", "phone", "")) // 48 hours and a minute
		set(at(11, 12, 0))
		inbound(chloe, "") // 7 days after I6: not a repeat
		set(at(15, 21, 59))
		inbound(alice, "") // 6 days 23:59 after I4: a repeat

		// Monday 16 March 01:00 in Paris: 2026-W10 ended 7 days ago and
		// is final.
		set(at(16, 0, 0))
		var job struct {
			Computed []struct{ Jurisdiction, Week string }
		}
		e.send("POST", "/v1/jobs/quality", nil).must(t, http.StatusOK, &job)
		var rep qualityReportView
		e.get("/v1/quality?jurisdiction=FR&from=2026-W09&to=2026-W11").must(t, http.StatusOK, &rep)
		if rep.Jurisdiction != "FR" || rep.Zone != "Europe/Paris" || rep.From != "2026-W09" || rep.To != "2026-W11" || len(rep.Weeks) != 3 || len(rep.Missing) != 0 {
			t.Fatalf("report %+v (job %+v)", rep, job)
		}
		w := rep.Weeks[1]
		if w.Week != "2026-W10" || !w.Final || !w.Starts.Equal(at(1, 23, 0)) || !w.Ends.Equal(at(8, 23, 0)) {
			t.Errorf("the week: %+v", w)
		}
		wantShare(t, "first-contact resolution: k1 of k1 and k2", w.FCR, 1, 2)
		// I1→I4 (6 days 13 hours), I2→I3 and I4→I5 (6 days 23:59) repeat;
		// I3 has no next, I6's comes 7 days later.
		wantShare(t, "repeat contacts within 7 days", w.Repeats, 3, 5)
		// p1 at its due and the call back of Chloé's answer at its due; p2
		// a minute late; p4 never; p3 withdrawn before its due is left out.
		wantShare(t, "promises kept on time", w.Promises, 2, 4)
		wantShare(t, "closed loop within 48 hours", w.Loop, 1, 2)
		// Alice 5 sales calls, Chloé a sales call and the call back, Bruno
		// an SMS: 8 contacts to 3 customers.
		p := w.Pressure
		if p.Contacts != 8 || p.Customers != 3 || p.Mean != 2.67 || p.P95 != 5 || p.Max != 5 || p.Cap != 4 || p.Days != 30 || p.Above != 1 {
			t.Errorf("contact pressure %+v, want 8 contacts to 3, mean 2.67, p95 5, max 5, 1 above 4 in 30 days", p)
		}
		if w.Disputes.Opened != 1 || w.Disputes.OpenAtEnd != 1 {
			t.Errorf("disputes %+v, want Alice's opened and open at the end, Bruno's resolved", w.Disputes)
		}
		if d := rep.Weeks[0].Disputes; d.Opened != 1 || d.OpenAtEnd != 1 {
			t.Errorf("the week before: disputes %+v, want Bruno's opened and open at its end", d)
		}
		// The week after: Bruno's call back, due then, was late.
		wantShare(t, "the next week's promises", rep.Weeks[2].Promises, 0, 1)
		// The week before had nothing to count: shares with no value, not 0%.
		wantShare(t, "an empty week", rep.Weeks[0].Repeats, 0, 0)

		// Québec's week is Toronto's, with Gaston's records only and no
		// ceiling on sales calls.
		var quebec qualityReportView
		e.get("/v1/quality?jurisdiction=CA-QC&from=2026-W10&to=2026-W10").must(t, http.StatusOK, &quebec)
		if quebec.Zone != "America/Toronto" || len(quebec.Weeks) != 1 {
			t.Fatalf("Québec: %+v", quebec)
		}
		qw := quebec.Weeks[0]
		wantShare(t, "Québec's repeats", qw.Repeats, 0, 1)
		if !qw.Starts.Equal(at(2, 5, 0)) || qw.Pressure.Contacts != 1 || qw.Pressure.Cap != 0 || qw.Pressure.Above != 0 || qw.Disputes.OpenAtEnd != 1 {
			t.Errorf("Québec's week: %+v", qw)
		}
		// Weeks of the range the job has not reached are named missing.
		var far qualityReportView
		e.get("/v1/quality?jurisdiction=FR&from=2025-W01&to=2025-W02").must(t, http.StatusOK, &far)
		if len(far.Weeks) != 0 || len(far.Missing) != 2 || far.Missing[0] != "2025-W01" {
			t.Errorf("weeks not computed: %+v", far)
		}
	})
}

// TestQualityAccess: supervisors read the figures and may run the job,
// advisors do neither; a reader's token cannot make the job run; a request
// without a jurisdiction, with a week that is not one, or spanning more
// than three years is refused naming the field.
func TestQualityAccess(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sup := e.user(access.Supervisor, "sup@example.fr", "")
	adv := e.user(access.Advisor, "adv@example.fr", sup)
	e.as(sup, "GET", "/v1/quality?jurisdiction=FR", "", nil).must(t, http.StatusOK, nil)
	e.as(sup, "POST", "/v1/jobs/quality", "", nil).must(t, http.StatusOK, nil)
	e.as(adv, "GET", "/v1/quality?jurisdiction=FR", "", nil).wantProblem(t, http.StatusForbidden, "forbidden", "")
	e.as(adv, "POST", "/v1/jobs/quality", "", nil).wantProblem(t, http.StatusForbidden, "forbidden", "")
	reader := e.token(access.QualityRead)
	e.do(req{method: "GET", path: "/v1/quality?jurisdiction=CA-QC", token: reader}).must(t, http.StatusOK, nil)
	e.do(req{method: "POST", path: "/v1/jobs/quality", token: reader}).wantProblem(t, http.StatusForbidden, "forbidden", "")

	// Twelve weeks before the current one by default, the current last.
	var rep qualityReportView
	e.get("/v1/quality?jurisdiction=FR").must(t, http.StatusOK, &rep)
	if rep.To != "2026-W11" || rep.From != "2025-W51" || len(rep.Weeks)+len(rep.Missing) != 13 {
		t.Errorf("default range: %s to %s, %d weeks and %d missing", rep.From, rep.To, len(rep.Weeks), len(rep.Missing))
	}
	for _, c := range []struct{ query, field string }{
		{"", "jurisdiction"},
		{"jurisdiction=BE", "jurisdiction"},
		{"jurisdiction=FR&from=2026-10", "from"},
		{"jurisdiction=FR&to=2026-W54", "to"},
		{"jurisdiction=FR&from=2026-W12&to=2026-W11", "from"},
		{"jurisdiction=FR&from=2020-W01&to=2026-W11", "from"},
	} {
		code := "invalid"
		if c.query == "" {
			code = "required"
		}
		e.get("/v1/quality?"+c.query).wantProblem(t, http.StatusUnprocessableEntity, code, c.field)
	}
}
