package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// staffByEmail returns the demo staff member whose email starts with prefix.
func staffByEmail(tb testing.TB, res *demo.Result, prefix string) demo.Staff {
	tb.Helper()
	for _, s := range res.Staff {
		if strings.HasPrefix(s.Email, prefix) {
			return s
		}
	}
	tb.Fatalf("no staff member %s… in %+v", prefix, res.Staff)
	return demo.Staff{}
}

// as returns ctx with a staff member acting.
func as(s demo.Staff) context.Context {
	return tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: s.ID, Name: s.Name})
}

func TestStaff(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	a := app.New(st, app.Options{})
	users, err := a.Access.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != len(res.Staff) {
		t.Fatalf("%d users stored, %d in the result", len(users), len(res.Staff))
	}
	roles := map[access.Role]int{}
	byID := map[string]demo.Staff{}
	for _, s := range res.Staff {
		byID[s.ID] = s
	}
	for _, u := range users {
		s, ok := byID[u.ID]
		if !ok || s.Email != u.Email || s.SupervisorID != u.SupervisorID || s.Role != u.Role {
			t.Errorf("stored user %+v, result %+v", u, s)
		}
		roles[u.Role]++
		if u.Role == access.Advisor {
			if sup, ok := byID[u.SupervisorID]; !ok || sup.Role != access.Supervisor || sup.Jurisdiction != s.Jurisdiction {
				t.Errorf("advisor %s has supervisor %q, want a supervisor of their jurisdiction", u.Email, u.SupervisorID)
			}
		}
	}
	if roles[access.Supervisor] != 2 || roles[access.Advisor] < 3 {
		t.Errorf("roles %v, want 2 supervisors and a few advisors", roles)
	}
}

func TestStoryMatters(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{})

	t.Run("2 offer: a promise past due, still pending", func(t *testing.T) {
		s := story(t, res, "offer")
		p, err := a.Commitments.Get(ctx, s.CommitmentID)
		if err != nil {
			t.Fatal(err)
		}
		yassine := staffByEmail(t, res, "yassine.")
		if p.CustomerID != s.CustomerID || p.Kind != commitment.SendOffer || p.Status != commitment.Pending || !p.Due.Before(res.Now) ||
			p.OwnerID != yassine.ID || p.Subject != "contract_adaptation" || s.Owner != yassine.Email {
			t.Errorf("promise %+v; want a pending send_offer on contract_adaptation owned by %s, due before %s", p, yassine.ID, res.Now)
		}
	})

	t.Run("3 cancellation: one case handed off in writing, a credit promised", func(t *testing.T) {
		s := story(t, res, "cancellation")
		k, err := a.Cases.Get(ctx, s.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		julie, marc := staffByEmail(t, res, "julie."), staffByEmail(t, res, "marc.")
		evs, err := a.Cases.Events(ctx, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		var handoffs []cases.Event
		for _, e := range evs {
			if e.Kind == cases.EventHandedOff {
				handoffs = append(handoffs, e)
			}
		}
		if len(handoffs) != 2 || handoffs[0].FromOwner != julie.ID || handoffs[0].ToOwner != marc.ID || handoffs[1].ToOwner != julie.ID {
			t.Fatalf("handoffs %+v, want Julie → Marc → Julie", handoffs)
		}
		if k.CustomerID != s.CustomerID || k.OwnerID != julie.ID || !k.Status.Open() || k.WhereWeAre == "" || k.WhereWeAre != handoffs[1].Text {
			t.Errorf("case %+v; want it open, owned by Julie, where we are = the last handoff's summary %q", k, handoffs[1].Text)
		}
		p, err := a.Commitments.Get(ctx, s.CommitmentID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Kind != commitment.IssueCredit || p.Status != commitment.Pending || p.CaseID != k.ID || !p.Due.After(res.Now) || p.OwnerID != julie.ID {
			t.Errorf("promise %+v; want a pending issue_credit on the case, due after now, owned by Julie", p)
		}
		// Marc, who handed it back, can no longer act as its owner.
		if _, err := a.Cases.Resolve(as(marc), k.ID, "Résolu.", 0); tact.ErrorCode(err) != tact.CodeNotOwner {
			t.Errorf("Marc resolving Julie's case: %v, want not_owner", err)
		}
		var onCase int
		for _, e := range timelineOf(t, a, s.CustomerID) {
			if e.CaseEvent != nil && e.CaseEvent.CaseID == k.ID || e.Interaction != nil && e.Interaction.CaseID == k.ID {
				onCase++
			}
		}
		if onCase < 6 {
			t.Errorf("%d timeline entries about the case, want its events and contacts", onCase)
		}
	})

	t.Run("5 goodbye: closing the incident for no answer is refused", func(t *testing.T) {
		s := story(t, res, "goodbye")
		k, err := a.Cases.Get(ctx, s.CaseID)
		if err != nil {
			t.Fatal(err)
		}
		thomas := staffByEmail(t, res, "thomas.")
		if k.Category != cases.Incident || !k.Status.Open() || k.OwnerID != thomas.ID {
			t.Errorf("case %+v; want an open incident owned by Thomas", k)
		}
		var noAnswer int
		for _, i := range interactionsOf(t, a, s.CustomerID) {
			if i.CaseID != k.ID {
				continue
			}
			if i.Direction == interaction.Outbound && i.Channel != tact.ChannelPhone {
				t.Errorf("a written notice %s on the case", i.ID)
			}
			if i.Direction == interaction.Outbound && i.Outcome == interaction.NoAnswer {
				noAnswer++
			}
		}
		if noAnswer < 2 {
			t.Errorf("%d unanswered calls on the case, want at least 2", noAnswer)
		}
		_, err = a.Cases.Close(as(thomas), k.ID, cases.ClosedNoAnswer, "Pas de réponse du client.", 0)
		if tact.ErrorCode(err) != tact.CodeNeedsWrittenNotice {
			t.Errorf("closing for no answer: %v, want %s", err, tact.CodeNeedsWrittenNotice)
		}
		if k2, _ := a.Cases.Get(ctx, k.ID); k2 == nil || k2.Status != k.Status || k2.Version != k.Version {
			t.Errorf("the refused close changed the case: %+v", k2)
		}
	})
}

// TestCrowdMatters checks that some crowd customers have cases and promises
// in varied states, and that none of their promises is past due.
func TestCrowdMatters(t *testing.T) {
	t.Parallel()
	st, res := shared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{})
	storyIDs := map[string]bool{}
	for _, s := range res.Stories {
		storyIDs[s.CustomerID] = true
	}
	caseStatus := map[cases.Status]int{}
	var all []*cases.Case
	for cursor := ""; ; {
		list, next, err := a.Cases.List(ctx, app.CaseQuery{Cursor: cursor, Limit: tact.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
		if cursor = next; next == "" {
			break
		}
	}
	customers := map[string]bool{}
	for _, k := range all {
		if !storyIDs[k.CustomerID] {
			caseStatus[k.Status]++
			customers[k.CustomerID] = true
		}
	}
	promiseStatus := map[commitment.Status]int{}
	var promises, saidTu int
	checkTu := func(words string) bool {
		saidTu++
		return strings.Contains(" "+words, " vous")
	}
	for cursor := ""; ; {
		list, next, err := a.Commitments.List(ctx, commitment.Filter{Limit: tact.MaxPageSize}, cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			promises++
			if storyIDs[p.CustomerID] {
				continue
			}
			promiseStatus[p.Status]++
			// The words told are said as the customer asked: "tu" is
			// never answered with "vous" (story 4).
			if c, err := st.Customers.FindCustomerByID(ctx, p.CustomerID); err != nil {
				t.Fatal(err)
			} else if c.FormOfAddress == customer.Tu && c.Language != tact.LangEN && checkTu(p.Words) {
				t.Errorf("promise %s to %s, who asked for tu, says %q", p.ID, c.ID, p.Words)
			} else if c.FormOfAddress == customer.Vous && strings.Contains(" "+p.Words, " te ") {
				t.Errorf("promise %s to %s, who asked for vous, says %q", p.ID, c.ID, p.Words)
			}
			if p.Status == commitment.Pending && !p.Due.After(res.Now) {
				t.Errorf("crowd promise %s is pending past due (%s): the first sweep would find it", p.ID, p.Due)
			}
		}
		if cursor = next; next == "" {
			break
		}
	}
	t.Logf("crowd cases %v on %d customers; crowd promises %v, %d to customers who asked for tu", caseStatus, len(customers), promiseStatus, saidTu)
	// (The templates' "tu" words are checked one by one in
	// TestMatterWordsSpeakAsAsked: a small demo may have no such promise.)
	if len(all) != res.Cases || promises != res.Commitments {
		t.Errorf("%d cases and %d promises stored, the result says %d and %d", len(all), promises, res.Cases, res.Commitments)
	}
	if n := len(customers); n == 0 || n > size/10 {
		t.Errorf("%d crowd customers with cases, want a small share of %d", n, size)
	}
	if caseStatus[cases.InProgress]+caseStatus[cases.WaitingCustomer] == 0 || caseStatus[cases.Resolved] == 0 {
		t.Errorf("crowd case statuses %v, want open and resolved ones", caseStatus)
	}
	if promiseStatus[commitment.Pending] == 0 || promiseStatus[commitment.Kept] == 0 {
		t.Errorf("crowd promise statuses %v, want pending and kept ones", promiseStatus)
	}
}

// TestFirstSweep runs the overdue sweep on a fresh demo as the server does at
// start: story 2's promise alone falls overdue, goes to Yassine's supervisor,
// and one apology is queued; a second sweep does nothing.
func TestFirstSweep(t *testing.T) {
	t.Parallel()
	st, res := copyOfShared(t)
	ctx := context.Background()
	a := app.New(st, app.Options{Clock: tact.NewManualClock(res.Now.Add(9 * time.Hour))})
	got, err := a.Commitments.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != (app.SweepResult{Overdue: 1, Apologies: 1}) {
		t.Errorf("first sweep %+v, want 1 overdue and 1 apology", got)
	}
	if again, err := a.Commitments.Sweep(ctx); err != nil || again != (app.SweepResult{}) {
		t.Errorf("second sweep %+v %v, want nothing", again, err)
	}
	s := story(t, res, "offer")
	p, err := a.Commitments.Get(ctx, s.CommitmentID)
	if err != nil {
		t.Fatal(err)
	}
	claire := staffByEmail(t, res, "claire.")
	if p.Status != commitment.Overdue || p.EscalatedTo != claire.ID {
		t.Errorf("story 2's promise %s escalated to %q, want overdue and escalated to Claire %s", p.Status, p.EscalatedTo, claire.ID)
	}
	ds, _, err := a.Deliveries.List(ctx, delivery.Filter{CustomerID: s.CustomerID}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Kind != delivery.Apology || ds[0].CommitmentID != p.ID || ds[0].Method != delivery.Email {
		t.Errorf("deliveries %+v, want one emailed apology for the promise", ds)
	}
	if !slices.ContainsFunc(timelineOf(t, a, s.CustomerID), func(e timeline.Entry) bool {
		return e.Promise != nil && e.Promise.Kind == commitment.EventOverdue
	}) {
		t.Error("the timeline does not show the promise overdue")
	}
}
