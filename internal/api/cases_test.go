package api_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/testenv"
)

// kase is what tests read of a case.
type kase struct {
	ID             string    `json:"id"`
	CustomerID     string    `json:"customer_id"`
	Status         string    `json:"status"`
	OwnerID        string    `json:"owner_id"`
	WhereWeAre     string    `json:"where_we_are"`
	CloseReason    string    `json:"close_reason"`
	FirstAnswerDue time.Time `json:"first_answer_due"`
	ResolutionDue  time.Time `json:"resolution_due"`
	Version        int       `json:"version"`
}

// caseEvent is what tests read of a case event.
type caseEvent struct {
	Kind      string `json:"kind"`
	Text      string `json:"text"`
	FromOwner string `json:"from_owner"`
	ToOwner   string `json:"to_owner"`
	Actor     struct {
		Kind       string `json:"kind"`
		OnBehalfOf string `json:"on_behalf_of"`
	} `json:"actor"`
}

// openCase opens a complaint for a customer, answered by phone, and returns it.
func (e *env) openCase(customerID, subject string) kase {
	e.t.Helper()
	var k kase
	e.send("POST", "/v1/cases", map[string]any{"customer_id": customerID, "subject": subject, "category": "complaint",
		"channel": "phone", "note": "Ce que le client a dit."}).must(e.t, http.StatusCreated, &k)
	return k
}

// contact records a contact about a case, now, and returns its id.
func (e *env) contact(customerID, caseID, channel, direction, outcome string) string {
	e.t.Helper()
	b := map[string]any{"customer_id": customerID, "case_id": caseID, "channel": channel, "direction": direction,
		"purpose": "service", "source": "crm", "started_at": e.clock.Now().Format(time.RFC3339), "outcome": outcome,
		"summary": "au sujet du dossier"}
	if channel == "phone" && direction == "outbound" {
		b["caller_id"] = "+33140000000"
	}
	var i struct{ ID string }
	e.send("POST", "/v1/interactions", b).must(e.t, http.StatusCreated, &i)
	return i.ID
}

// TestStory3HandoffWithSummary: advisor A takes a case and hands it to B with
// a written summary. B's brief shows where the case stands, the timeline
// shows the handoff, and A can no longer act as its owner.
func TestStory3HandoffWithSummary(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newEnvOn(t, st, epoch)
		sup := e.user(access.Supervisor, "sup@example.fr", "")
		a := e.user(access.Advisor, "a@example.fr", sup)
		b := e.user(access.Advisor, "b@example.fr", sup)
		c := e.createCustomer("Moreau")
		k := e.openCase(c.ID, "Résiliation : avoir de 23,40 € attendu")
		path := "/v1/cases/" + k.ID

		// A system with no person behind it cannot take a case for anyone.
		e.as("", "POST", path+"/take", "", map[string]any{"owner_id": a}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		// B, an advisor, cannot give it to A; A takes it.
		e.as(b, "POST", path+"/take", "", map[string]any{"owner_id": a}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		r := e.as(a, "POST", path+"/take", `"1"`, map[string]any{})
		r.must(t, http.StatusOK, &k)
		if k.OwnerID != a || k.Status != "in_progress" || r.header.Get("ETag") != `"2"` {
			t.Fatalf("after take: %+v, ETag %s", k, r.header.Get("ETag"))
		}

		summary := "Avoir de 23,40 € validé par la facturation ; reste à l'imputer sur la facture finale, rien à redemander à la cliente."
		e.as(a, "POST", path+"/handoff", "", map[string]any{"to_owner_id": b, "summary": "trop court"}).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "summary")
		e.as(a, "POST", path+"/handoff", "", map[string]any{"to_owner_id": b}).wantProblem(t, http.StatusUnprocessableEntity, "required", "summary")
		e.as(a, "POST", path+"/handoff", "", map[string]any{"summary": summary}).wantProblem(t, http.StatusUnprocessableEntity, "required", "to_owner_id")
		e.as(a, "POST", path+"/handoff", "", map[string]any{"to_owner_id": "usr_01KKBH9WE011HHP0SE100A34CD", "summary": summary}).
			wantProblem(t, http.StatusUnprocessableEntity, "invalid", "to_owner_id")
		e.as(a, "POST", path+"/handoff", `"2"`, map[string]any{"to_owner_id": b, "summary": summary}).must(t, http.StatusOK, &k)
		if k.OwnerID != b || k.WhereWeAre != summary {
			t.Fatalf("after handoff: %+v", k)
		}

		// B's brief: the case, its owner and where it stands.
		var brief struct {
			OpenCases []struct {
				ID         string `json:"id"`
				OwnerID    string `json:"owner_id"`
				OwnerName  string `json:"owner_name"`
				WhereWeAre string `json:"where_we_are"`
			} `json:"open_cases"`
		}
		e.as(b, "GET", "/v1/customers/"+c.ID+"/brief", "", nil).must(t, http.StatusOK, &brief)
		if len(brief.OpenCases) != 1 || brief.OpenCases[0].ID != k.ID || brief.OpenCases[0].OwnerID != b ||
			brief.OpenCases[0].OwnerName != "b@example.fr" || brief.OpenCases[0].WhereWeAre != summary {
			t.Errorf("brief's open cases: %+v", brief.OpenCases)
		}

		// The timeline shows the handoff, from A to B, done by A.
		var handoff map[string]any
		for _, en := range e.timeline(c.ID) {
			if en.Kind == "case_event" && en.CaseEvent["kind"] == "handed_off" {
				handoff = en.CaseEvent
			}
		}
		if handoff == nil {
			t.Fatal("the timeline does not show the handoff")
		}
		actor, _ := handoff["actor"].(map[string]any)
		if handoff["case_id"] != k.ID || handoff["from_owner"] != a || handoff["to_owner"] != b || handoff["text"] != summary || actor["on_behalf_of"] != a {
			t.Errorf("handoff on the timeline: %+v", handoff)
		}

		// A can no longer act as the owner; anyone may still add a note.
		e.as(a, "POST", path+"/status", "", map[string]any{"status": "waiting_customer"}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		e.as(a, "POST", path+"/resolve", "", map[string]any{"resolution": "Avoir imputé."}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		e.as(a, "POST", path+"/handoff", "", map[string]any{"to_owner_id": a, "summary": summary}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		e.as(a, "POST", path+"/close", "", map[string]any{"reason": "withdrawn"}).wantProblem(t, http.StatusForbidden, "not_owner", "")
		e.as(a, "POST", path+"/notes", "", map[string]any{"note": "La cliente a rappelé, je lui ai lu le résumé."}).must(t, http.StatusOK, nil)
		// Nor can a system acting for no one.
		e.send("POST", path+"/resolve", map[string]any{"resolution": "Avoir imputé."}).wantProblem(t, http.StatusForbidden, "not_owner", "")

		// B and the supervisor can.
		e.as(sup, "POST", path+"/status", "", map[string]any{"status": "waiting_internal"}).must(t, http.StatusOK, nil)
		e.as(b, "POST", path+"/resolve", "", map[string]any{"resolution": "Avoir imputé sur la facture finale."}).must(t, http.StatusOK, &k)
		if k.Status != "resolved" {
			t.Errorf("after resolve: %+v", k)
		}
		var evs struct{ Items []caseEvent }
		e.get(path+"/events").must(t, http.StatusOK, &evs)
		var kinds []string
		for _, ev := range evs.Items {
			kinds = append(kinds, ev.Kind)
		}
		if want := []string{"opened", "assigned", "handed_off", "note", "status_changed", "resolved"}; !slices.Equal(kinds, want) {
			t.Errorf("events %v, want %v", kinds, want)
		}
	})
}

// TestOnBehalfOf: the header must name an enabled user, whose role must allow
// the route's scope as the token does.
func TestOnBehalfOf(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.user(access.Advisor, "a@example.fr", "")
	c := e.createCustomer("Lambert")
	k := e.openCase(c.ID, "Débit inconnu")
	e.as("usr_01KKBH9WE011HHP0SE100A34CD", "POST", "/v1/cases/"+k.ID+"/take", "", map[string]any{}).
		wantProblem(t, http.StatusUnprocessableEntity, "invalid", "On-Behalf-Of")
	e.as("nobody", "GET", "/v1/cases/"+k.ID, "", nil).wantProblem(t, http.StatusUnprocessableEntity, "invalid", "On-Behalf-Of")
	// An advisor's role does not report deliveries, whatever the token may.
	e.as(a, "POST", "/v1/deliveries/dlv_01KKBH9WE011HHP0SE100A34CD/status", "", map[string]any{"status": "sent"}).
		wantProblem(t, http.StatusForbidden, "forbidden", "")
	var got struct {
		OwnerID string `json:"owner_id"`
	}
	e.as(a, "POST", "/v1/cases/"+k.ID+"/take", "", map[string]any{}).must(t, http.StatusOK, &got)
	if got.OwnerID != a {
		t.Errorf("owner %q, want %q", got.OwnerID, a)
	}
}

// TestStory2OfferNeverCame: "I will email you the offer by Friday" is a
// promise; when Friday passes, the sweep makes it overdue, escalates it to the
// advisor's supervisor and queues one apology, however often it runs.
func TestStory2OfferNeverCame(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newEnvOn(t, st, epoch) // Tuesday 10 March 2026
		paris := mustZone(t, "Europe/Paris")
		// The first supervisor by email is not A's: the escalation must
		// follow A's own link.
		e.user(access.Supervisor, "anne.sup@example.fr", "")
		zoe := e.user(access.Supervisor, "zoe.sup@example.fr", "")
		a := e.user(access.Advisor, "a@example.fr", zoe)
		c := e.createCustomer("Dupont")

		friday := time.Date(2026, 3, 13, 18, 0, 0, 0, paris)
		var p struct {
			ID          string     `json:"id"`
			Status      string     `json:"status"`
			Due         time.Time  `json:"due"`
			EscalatedTo string     `json:"escalated_to"`
			NewDue      *time.Time `json:"new_due"`
			Version     int        `json:"version"`
		}
		e.as(a, "POST", "/v1/commitments", "", map[string]any{"customer_id": c.ID, "kind": "send_offer", "subject": "contract_adaptation",
			"words": "Je vous envoie l'offre par courriel d'ici vendredi.", "channel": "email", "due": friday.Format(time.RFC3339), "owner_id": a}).
			must(t, http.StatusCreated, &p)
		if p.Status != "pending" || !p.Due.Equal(friday) {
			t.Fatalf("made: %+v", p)
		}

		// Before Friday ends nothing happens.
		var res app.SweepResult
		e.clock.Set(friday.Add(-time.Minute))
		e.send("POST", "/v1/jobs/overdue-sweep", nil).must(t, http.StatusOK, &res)
		if res != (app.SweepResult{}) {
			t.Errorf("sweep before the due: %+v", res)
		}

		// Saturday morning.
		e.clock.Set(time.Date(2026, 3, 14, 10, 0, 0, 0, paris))
		e.send("POST", "/v1/jobs/overdue-sweep", nil).must(t, http.StatusOK, &res)
		if res != (app.SweepResult{Overdue: 1, Apologies: 1}) {
			t.Errorf("first sweep: %+v", res)
		}
		e.get("/v1/commitments/"+p.ID).must(t, http.StatusOK, &p)
		// The new date: 2 business days counted from Monday 09:00 (hours
		// 09:00–18:00), so Tuesday 17 March 18:00 in Paris.
		if wantNew := time.Date(2026, 3, 17, 18, 0, 0, 0, paris); p.Status != "overdue" || p.EscalatedTo != zoe || p.NewDue == nil || !p.NewDue.Equal(wantNew) {
			t.Errorf("after the sweep: %+v (new due %v, want %v)", p, p.NewDue, wantNew)
		}

		var overdue struct{ Items []struct{ ID string } }
		e.get("/v1/commitments?status=overdue").must(t, http.StatusOK, &overdue)
		if len(overdue.Items) != 1 || overdue.Items[0].ID != p.ID {
			t.Errorf("overdue list: %+v", overdue.Items)
		}
		e.get("/v1/commitments?status=pending").must(t, http.StatusOK, &overdue)
		if len(overdue.Items) != 0 {
			t.Errorf("pending list still holds: %+v", overdue.Items)
		}

		apologies := func() []map[string]any {
			var ds struct{ Items []map[string]any }
			e.get("/v1/deliveries?commitment_id="+p.ID).must(t, http.StatusOK, &ds)
			return ds.Items
		}
		ds := apologies()
		if len(ds) != 1 || ds[0]["kind"] != "apology" || ds[0]["method"] != "email" || ds[0]["status"] != "queued" || ds[0]["to"] != "camille@example.fr" {
			t.Fatalf("apology deliveries: %+v", ds)
		}

		// Again, and later: nothing twice.
		e.send("POST", "/v1/jobs/overdue-sweep", nil).must(t, http.StatusOK, &res)
		e.clock.Advance(24 * time.Hour)
		e.send("POST", "/v1/jobs/overdue-sweep", nil).must(t, http.StatusOK, &res)
		if res != (app.SweepResult{}) {
			t.Errorf("a later sweep did something: %+v", res)
		}
		if ds := apologies(); len(ds) != 1 {
			t.Errorf("%d apologies after three sweeps", len(ds))
		}
		overdueEvents := 0
		for _, en := range e.timeline(c.ID) {
			if en.Kind == "promise_event" && en.PromiseEvent["kind"] == "overdue" {
				overdueEvents++
			}
		}
		if overdueEvents != 1 {
			t.Errorf("the timeline shows the promise falling overdue %d times", overdueEvents)
		}

		// The apology goes out; the offer is still owed. The advisor emails
		// it and keeps the promise with that contact as evidence.
		e.send("POST", "/v1/deliveries/"+ds[0]["id"].(string)+"/status", map[string]any{"status": "sent"}).must(t, http.StatusOK, nil)
		mail := e.contact(c.ID, "", "email", "outbound", "delivered")
		e.as(a, "POST", "/v1/commitments/"+p.ID+"/keep", "", map[string]any{"evidence": map[string]any{"kind": "interaction", "id": mail}}).
			must(t, http.StatusOK, &p)
		if p.Status != "kept" {
			t.Errorf("kept: %+v", p)
		}
	})
}

// TestStory5NoClosingForNoAnswer: phone attempts do not allow closing a case
// "for lack of answer"; a written notice does, 7 days after it was sent.
func TestStory5NoClosingForNoAnswer(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newEnvOn(t, st, epoch)
		a := e.user(access.Advisor, "a@example.fr", "")
		c := e.createCustomer("Bernard")
		k := e.openCase(c.ID, "Incident réseau : pas de 4G")
		path := "/v1/cases/" + k.ID
		e.as(a, "POST", path+"/take", "", map[string]any{}).must(t, http.StatusOK, nil)

		for range 3 {
			e.contact(c.ID, k.ID, "phone", "outbound", "no_answer")
			e.clock.Advance(26 * time.Hour)
		}
		p := e.as(a, "POST", path+"/close", "", map[string]any{"reason": "no_answer"}).wantProblem(t, http.StatusConflict, "close_needs_written_notice", "")
		if p.Detail == "" {
			t.Error("no detail")
		}

		sent := e.clock.Now()
		e.contact(c.ID, k.ID, "email", "outbound", "delivered")
		e.clock.Set(sent.Add(6*24*time.Hour + 23*time.Hour + 59*time.Minute))
		e.as(a, "POST", path+"/close", "", map[string]any{"reason": "no_answer"}).wantProblem(t, http.StatusConflict, "close_needs_written_notice", "")
		e.get(path).must(t, http.StatusOK, &k)
		if k.Status != "in_progress" {
			t.Fatalf("a refused close changed the case: %+v", k)
		}
		e.clock.Set(sent.Add(7 * 24 * time.Hour))
		e.as(a, "POST", path+"/close", "", map[string]any{"reason": "no_answer", "note": "Aucune réponse au courriel du " + sent.Format(time.DateOnly)}).
			must(t, http.StatusOK, &k)
		if k.Status != "closed" || k.CloseReason != "no_answer" {
			t.Errorf("closed: %+v", k)
		}
	})
}

// TestConcurrentCaseUpdates: two updates of the same version at once: one
// wins, the other gets 412, and nothing of the winner is lost; the loser,
// read again, goes through.
func TestConcurrentCaseUpdates(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newEnvOn(t, st, epoch)
		a := e.user(access.Advisor, "a@example.fr", "")
		c := e.createCustomer("Robert")
		k := e.openCase(c.ID, "Double facturation")
		path := "/v1/cases/" + k.ID
		tag := e.as(a, "POST", path+"/take", "", map[string]any{}).must(t, http.StatusOK, &k).header.Get("ETag")

		notes := []string{"Note de l'agent au téléphone.", "Note du back-office facturation."}
		statuses := make([]int, len(notes))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, n := range notes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				statuses[i] = e.as(a, "POST", path+"/notes", tag, map[string]any{"note": n}).status
			}()
		}
		close(start)
		wg.Wait()
		slices.Sort(statuses)
		if !slices.Equal(statuses, []int{http.StatusOK, http.StatusPreconditionFailed}) {
			t.Fatalf("statuses %v, want one 200 and one 412", statuses)
		}
		r := e.get(path).must(t, http.StatusOK, &k)
		if k.Version != 3 || r.header.Get("ETag") != `"3"` {
			t.Errorf("version %d, ETag %s after one update of version 2", k.Version, r.header.Get("ETag"))
		}
		written := func() []string {
			var evs struct{ Items []caseEvent }
			e.get(path+"/events").must(t, http.StatusOK, &evs)
			var out []string
			for _, ev := range evs.Items {
				if ev.Kind == "note" {
					out = append(out, ev.Text)
				}
			}
			return out
		}
		got := written()
		if len(got) != 1 || !slices.Contains(notes, got[0]) {
			t.Fatalf("notes kept: %q", got)
		}
		loser := notes[0]
		if got[0] == loser {
			loser = notes[1]
		}
		// The stale tag stays refused; the fresh one takes the lost note.
		e.as(a, "POST", path+"/notes", tag, map[string]any{"note": loser}).wantProblem(t, http.StatusPreconditionFailed, "precondition_failed", "")
		e.as(a, "POST", path+"/notes", r.header.Get("ETag"), map[string]any{"note": loser}).must(t, http.StatusOK, nil)
		if got := written(); len(got) != 2 || got[1] != loser {
			t.Errorf("notes after the retry: %q", got)
		}
		e.as(a, "POST", path+"/notes", "nonsense", map[string]any{"note": "x"}).wantProblem(t, http.StatusPreconditionFailed, "precondition_failed", "If-Match")
	})
}

// TestServiceLevelDates: a complaint is answered within 2 business days and
// resolved within 10, in the customer's calendar: French holidays (Ascension,
// Whit Monday, Easter Monday), Québec ones (Fête nationale, Canada Day), and
// across the change to summer time on either side of the Atlantic, where the
// wall-clock hour holds. Business hours are 09:00–18:00. Expected dates are
// counted by hand below.
func TestServiceLevelDates(t *testing.T) {
	t.Parallel()
	paris, montreal := mustZone(t, "Europe/Paris"), mustZone(t, "America/Toronto")
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		e := newEnvOn(t, st, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		fr := e.createCustomer("Lefebvre")
		qcBody := customerBody("Tremblay")
		qcBody["jurisdiction"] = "CA-QC"
		qcBody["phones"] = []map[string]any{{"number": "514-555-0199", "primary": true}}
		var qc customer
		e.send("POST", "/v1/customers", qcBody).must(t, http.StatusCreated, &qc)
		if qc.TimeZone != "America/Toronto" && qc.TimeZone != "America/Montreal" {
			t.Fatalf("Québec customer's zone %q", qc.TimeZone)
		}
		montreal = mustZone(t, qc.TimeZone)

		for _, tc := range []struct {
			name                 string
			customer             string
			opened               time.Time
			firstAnswer, resolve time.Time
		}{
			{
				// Friday 6 March 11:00 EST; summer time from Sunday 8 March.
				// First answer: Mon 9 (1), Tue 10 (2) → Tue 10 March 11:00 EDT.
				// Resolution: Mon 9 … Fri 13 (5), Mon 16 … Fri 20 (10) → Fri 20 March 11:00 EDT.
				name: "Québec, across summer time", customer: qc.ID,
				opened:      time.Date(2026, 3, 6, 11, 0, 0, 0, montreal),
				firstAnswer: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC),
				resolve:     time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC),
			},
			{
				// Friday 27 March 16:00 CET; summer time from Sunday 29 March.
				// 18 business hours: Fri 16–18 (2), Mon 30 (9), Tue 31 9–16 (7) → Tue 31 March 16:00 CEST.
				// Resolution: Mon 30, Tue 31, Wed 1, Thu 2, Fri 3 (5), Mon 6 April is Easter Monday,
				// Tue 7 … Fri 10 (9), Mon 13 (10) → Mon 13 April 16:00 CEST.
				name: "France, across summer time and Easter Monday", customer: fr.ID,
				opened:      time.Date(2026, 3, 27, 16, 0, 0, 0, paris),
				firstAnswer: time.Date(2026, 3, 31, 14, 0, 0, 0, time.UTC),
				resolve:     time.Date(2026, 4, 13, 14, 0, 0, 0, time.UTC),
			},
			{
				// Tuesday 12 May 10:00 CEST. First answer: Wed 13 (1), Thu 14 is
				// Ascension, Fri 15 (2) → Fri 15 May 10:00.
				// Resolution: Wed 13, Fri 15, Mon 18 … Fri 22 (7), Mon 25 is Whit
				// Monday, Tue 26, Wed 27, Thu 28 (10) → Thu 28 May 10:00.
				name: "France, Ascension and Whit Monday", customer: fr.ID,
				opened:      time.Date(2026, 5, 12, 10, 0, 0, 0, paris),
				firstAnswer: time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC),
				resolve:     time.Date(2026, 5, 28, 8, 0, 0, 0, time.UTC),
			},
			{
				// Monday 22 June 14:00 EDT. First answer: Tue 23 (1), Wed 24 is
				// the Fête nationale, Thu 25 (2) → Thu 25 June 14:00.
				// Resolution: Tue 23, Thu 25, Fri 26, Mon 29, Tue 30 (5), Wed 1 July
				// is Canada Day, Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 (10) → Wed 8 July 14:00.
				name: "Québec, Fête nationale and Canada Day", customer: qc.ID,
				opened:      time.Date(2026, 6, 22, 14, 0, 0, 0, montreal),
				firstAnswer: time.Date(2026, 6, 25, 18, 0, 0, 0, time.UTC),
				resolve:     time.Date(2026, 7, 8, 18, 0, 0, 0, time.UTC),
			},
		} {
			e.clock.Set(tc.opened)
			k := e.openCase(tc.customer, tc.name)
			if !k.FirstAnswerDue.Equal(tc.firstAnswer) || !k.ResolutionDue.Equal(tc.resolve) {
				t.Errorf("%s: first answer due %v, resolution due %v; want %v and %v", tc.name,
					k.FirstAnswerDue.UTC(), k.ResolutionDue.UTC(), tc.firstAnswer, tc.resolve)
			}
			// What was stored is what was answered.
			var again kase
			e.get("/v1/cases/"+k.ID).must(t, http.StatusOK, &again)
			if !again.FirstAnswerDue.Equal(k.FirstAnswerDue) || !again.ResolutionDue.Equal(k.ResolutionDue) {
				t.Errorf("%s: read back %v / %v", tc.name, again.FirstAnswerDue, again.ResolutionDue)
			}
		}
	})
}

// TestBreachedCases: GET /v1/cases?breached=true lists a case past its first
// answer's due, not one answered in time.
func TestBreachedCases(t *testing.T) {
	t.Parallel()
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		t.Parallel()
		// Tuesday 10 March 10:30 in Paris: first answers due Thursday 12 March 10:30.
		e := newEnvOn(t, st, epoch)
		c := e.createCustomer("Petit")
		answered := e.openCase(c.ID, "Répondu à temps")
		forgotten := e.openCase(c.ID, "Oublié")
		breached := func() []string {
			var page struct{ Items []kase }
			e.get("/v1/cases?breached=true&customer_id="+c.ID).must(t, http.StatusOK, &page)
			var ids []string
			for _, k := range page.Items {
				ids = append(ids, k.ID)
			}
			return ids
		}
		e.clock.Advance(24 * time.Hour)
		e.contact(c.ID, answered.ID, "phone", "inbound", "completed")
		if got := breached(); len(got) != 0 {
			t.Errorf("breached before any due: %v", got)
		}
		e.clock.Set(time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC)) // the due instant
		if got := breached(); len(got) != 0 {
			t.Errorf("breached at the due instant: %v", got)
		}
		e.clock.Set(time.Date(2026, 3, 12, 9, 31, 0, 0, time.UTC))
		if got := breached(); !slices.Equal(got, []string{forgotten.ID}) {
			t.Errorf("breached %v, want only %s (not %s)", got, forgotten.ID, answered.ID)
		}
		// The case itself says which level it missed, and when it was due.
		var seen struct {
			Breaches []struct {
				Kind string    `json:"kind"`
				Due  time.Time `json:"due"`
			} `json:"breaches"`
		}
		e.get("/v1/cases/"+forgotten.ID).must(t, http.StatusOK, &seen)
		if len(seen.Breaches) != 1 || seen.Breaches[0].Kind != "first_answer" || !seen.Breaches[0].Due.Equal(forgotten.FirstAnswerDue) {
			t.Errorf("breaches of the forgotten case: %+v", seen.Breaches)
		}
		e.get("/v1/cases/"+answered.ID).must(t, http.StatusOK, &seen)
		if len(seen.Breaches) != 0 {
			t.Errorf("breaches of the case answered in time: %+v", seen.Breaches)
		}
		// The open list still holds both.
		var open struct{ Items []kase }
		e.get("/v1/cases?open=true&customer_id="+c.ID).must(t, http.StatusOK, &open)
		if len(open.Items) != 2 {
			t.Errorf("open cases: %+v", open.Items)
		}
	})
}

// TestCaseAndPromiseRefusals: bad bodies and filters are refused with the
// field at fault.
func TestCaseAndPromiseRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.user(access.Advisor, "a@example.fr", "")
	c := e.createCustomer("Garnier")
	k := e.openCase(c.ID, "Facture")
	caseBody := func(change func(map[string]any)) map[string]any {
		b := map[string]any{"customer_id": c.ID, "subject": "Facture", "category": "billing", "channel": "phone"}
		change(b)
		return b
	}
	promise := func(change func(map[string]any)) map[string]any {
		b := map[string]any{"customer_id": c.ID, "kind": "send_offer", "subject": "contract_adaptation", "words": "Je vous l'envoie.",
			"channel": "email", "due": epoch.Add(48 * time.Hour).Format(time.RFC3339), "owner_id": a}
		change(b)
		return b
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code, field        string
	}{
		{"case: unknown field", "POST", "/v1/cases", caseBody(func(b map[string]any) { b["priority"] = "high" }), 400, "unknown_field", "priority"},
		{"case: bad category", "POST", "/v1/cases", caseBody(func(b map[string]any) { b["category"] = "gossip" }), 422, "invalid", "category"},
		{"case: no subject", "POST", "/v1/cases", caseBody(func(b map[string]any) { delete(b, "subject") }), 422, "required", "subject"},
		{"case: unknown customer", "POST", "/v1/cases", caseBody(func(b map[string]any) { b["customer_id"] = "cus_01KKBH9WE011HHP0SE100A34CD" }), 422, "invalid", "customer_id"},
		{"case: category not a string", "POST", "/v1/cases", caseBody(func(b map[string]any) { b["category"] = 3 }), 422, "invalid", "category"},
		{"cases: bad status filter", "GET", "/v1/cases?status=sleeping", nil, 422, "invalid", "status"},
		{"cases: bad open filter", "GET", "/v1/cases?open=yes", nil, 422, "invalid", "open"},
		{"cases: bad limit", "GET", "/v1/cases?limit=0", nil, 422, "invalid", "limit"},
		{"cases: bad cursor", "GET", "/v1/cases?cursor=zzz", nil, 400, "invalid_cursor", ""},
		{"case: unknown", "GET", "/v1/cases/cas_01KKBH9WE011HHP0SE100A34CD", nil, 404, "not_found", ""},
		{"case status: not a working one", "POST", "/v1/cases/" + k.ID + "/status", map[string]any{"status": "resolved"}, 422, "invalid", "status"},
		{"case status: unknown", "POST", "/v1/cases/" + k.ID + "/status", map[string]any{"status": "sleeping"}, 422, "invalid", "status"},
		{"case status: missing", "POST", "/v1/cases/" + k.ID + "/status", map[string]any{}, 422, "required", "status"},
		{"case close: bad reason", "POST", "/v1/cases/" + k.ID + "/close", map[string]any{"reason": "bored"}, 422, "invalid", "reason"},
		{"case close: no reason", "POST", "/v1/cases/" + k.ID + "/close", map[string]any{}, 422, "required", "reason"},
		{"case note: empty", "POST", "/v1/cases/" + k.ID + "/notes", map[string]any{"note": "  "}, 422, "required", "note"},
		{"case note: unknown field", "POST", "/v1/cases/" + k.ID + "/notes", map[string]any{"text": "x"}, 400, "unknown_field", "text"},
		{"case resolve: new case", "POST", "/v1/cases/" + k.ID + "/resolve", map[string]any{"resolution": "x"}, 409, "invalid_transition", ""},
		{"promise: bad kind", "POST", "/v1/commitments", promise(func(b map[string]any) { b["kind"] = "hope" }), 422, "invalid", "kind"},
		{"promise: in the past", "POST", "/v1/commitments", promise(func(b map[string]any) { b["due"] = epoch.Add(-time.Hour).Format(time.RFC3339) }), 422, "invalid", "due"},
		{"promise: call back without slot", "POST", "/v1/commitments", promise(func(b map[string]any) { b["kind"] = "call_back" }), 422, "required", "slot"},
		{"promise: unknown owner", "POST", "/v1/commitments", promise(func(b map[string]any) { b["owner_id"] = "usr_01KKBH9WE011HHP0SE100A34CD" }), 422, "invalid", "owner_id"},
		{"promise: unknown field", "POST", "/v1/commitments", promise(func(b map[string]any) { b["promised_by"] = a }), 400, "unknown_field", "promised_by"},
		{"promises: bad status", "GET", "/v1/commitments?status=forgotten", nil, 422, "invalid", "status"},
		{"promises: bad open", "GET", "/v1/commitments?open=1", nil, 422, "invalid", "open"},
		{"deliveries: bad method", "GET", "/v1/deliveries?method=fax", nil, 422, "invalid", "method"},
		{"deliveries: bad status", "GET", "/v1/deliveries?status=lost", nil, 422, "invalid", "status"},
		{"delivery: unknown", "GET", "/v1/deliveries/dlv_01KKBH9WE011HHP0SE100A34CD", nil, 404, "not_found", ""},
		{"brief: unknown customer", "GET", "/v1/customers/cus_01KKBH9WE011HHP0SE100A34CD/brief", nil, 404, "not_found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do(req{method: tc.method, path: tc.path, token: e.admin, body: tc.body}).wantProblem(t, tc.status, tc.code, tc.field)
		})
	}

	// An advisor opens a case for themself, not for a colleague.
	b := e.user(access.Advisor, "b@example.fr", "")
	e.as(a, "POST", "/v1/cases", "", caseBody(func(m map[string]any) { m["owner_id"] = b })).
		wantProblem(t, http.StatusForbidden, "not_owner", "owner_id")
	e.as(a, "POST", "/v1/cases", "", caseBody(func(m map[string]any) { m["owner_id"] = a })).must(t, http.StatusCreated, nil)

	var p struct{ ID string }
	e.send("POST", "/v1/commitments", promise(func(map[string]any) {})).must(t, http.StatusCreated, &p)
	e.send("POST", "/v1/commitments/"+p.ID+"/keep", map[string]any{"evidence": map[string]any{"kind": "rumour", "id": "x"}}).
		wantProblem(t, http.StatusUnprocessableEntity, "invalid", "evidence.kind")
	e.send("POST", "/v1/commitments/"+p.ID+"/keep", map[string]any{"evidence": map[string]any{"kind": "delivery", "id": "dlv_01KKBH9WE011HHP0SE100A34CD"}}).
		wantProblem(t, http.StatusUnprocessableEntity, "invalid", "evidence.id")
	e.send("POST", "/v1/commitments/"+p.ID+"/cancel", map[string]any{}).wantProblem(t, http.StatusUnprocessableEntity, "required", "reason")
	e.send("POST", "/v1/commitments/"+p.ID+"/cancel", map[string]any{"reason": "Vous avez changé d'avis."}).must(t, http.StatusOK, nil)
	e.send("POST", "/v1/commitments/"+p.ID+"/cancel", map[string]any{"reason": "Encore."}).wantProblem(t, http.StatusConflict, "invalid_transition", "")

	// The customer is told why, in writing, once.
	var told struct {
		Items []struct {
			Kind, Method, To, Body string
		}
	}
	e.get("/v1/deliveries?commitment_id="+p.ID).must(t, http.StatusOK, &told)
	if len(told.Items) != 1 || told.Items[0].Kind != "notice" || told.Items[0].To == "" ||
		!strings.Contains(told.Items[0].Body, "pour la raison suivante : Vous avez changé d'avis.") {
		t.Errorf("what the customer is told of the cancelled promise: %+v", told.Items)
	}
}

// mustZone loads a time zone or fails the test.
func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestReopen: a resolved case reopens with its owner within 30 days, not
// after; a closed case is followed by a new case linked to it, and If-Match
// guards that too.
func TestReopen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.user(access.Advisor, "a@example.fr", "")
	c := e.createCustomer("Perrin")
	var k struct {
		kase
		ReopensCaseID string `json:"reopens_case_id"`
	}
	k.kase = e.openCase(c.ID, "Débit internet trop faible")
	path := "/v1/cases/" + k.ID
	e.as(a, "POST", path+"/take", "", map[string]any{}).must(t, http.StatusOK, nil)
	e.as(a, "POST", path+"/resolve", "", map[string]any{"resolution": "Box remplacée."}).must(t, http.StatusOK, nil)

	e.clock.Advance(30 * 24 * time.Hour)
	e.as(a, "POST", path+"/reopen", "", map[string]any{"reason": "Le débit est retombé."}).must(t, http.StatusOK, &k)
	if k.Status != "in_progress" || k.OwnerID != a {
		t.Errorf("reopened on day 30: %+v", k)
	}
	e.as(a, "POST", path+"/resolve", "", map[string]any{"resolution": "Ligne resynchronisée."}).must(t, http.StatusOK, nil)
	e.clock.Advance(30*24*time.Hour + time.Minute)
	e.as(a, "POST", path+"/reopen", "", map[string]any{"reason": "Encore."}).wantProblem(t, http.StatusConflict, "invalid_transition", "")

	e.as(a, "POST", path+"/close", "", map[string]any{"reason": "resolved"}).must(t, http.StatusOK, &k)
	closedVersion := k.Version
	e.as(a, "POST", path+"/reopen", `"1"`, map[string]any{"reason": "Toujours lent."}).wantProblem(t, http.StatusPreconditionFailed, "precondition_failed", "")
	var next struct {
		kase
		ReopensCaseID string `json:"reopens_case_id"`
	}
	e.as(a, "POST", path+"/reopen", etagOf(closedVersion), map[string]any{"reason": "Toujours lent."}).must(t, http.StatusCreated, &next)
	if next.ID == k.ID || next.ReopensCaseID != k.ID || next.Status != "new" {
		t.Errorf("the case after a closed one: %+v", next)
	}
}

func etagOf(version int) string { return `"` + strconv.Itoa(version) + `"` }
