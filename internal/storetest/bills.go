package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

var billTests = []contractTest{
	{"BillRuns", testBillRuns},
	{"BillHistory", testBillHistory},
	{"BillMatters", testBillMatters},
}

// draftBill is a reviewed bill of customerID for the month ending on to.
func (f *fixture) draftBill(runID, customerID string, to tact.Date, total int64, status billing.Status) *billing.Bill {
	lines := []billing.Line{{Kind: billing.Plan, Description: "Forfait", Amount: tact.Money{Cents: total, Currency: tact.EUR}}}
	return &billing.Bill{ID: f.ids.New(tact.PrefixBill), RunID: runID, CustomerID: customerID, From: tact.Date{Year: to.Year, Month: to.Month, Day: 1}, To: to,
		Lines: lines, Total: tact.Money{Cents: total, Currency: tact.EUR}, Paid: tact.Money{Currency: tact.EUR}, Status: status, Version: 1,
		Review:    &billing.Review{Status: status, Findings: []billing.Finding{}, Stripped: []billing.Line{}, Warnings: []billing.Finding{}},
		CreatedAt: epoch.UTC(), UpdatedAt: epoch.UTC()}
}

func (f *fixture) run(bills int) *billing.Run {
	return &billing.Run{ID: f.ids.New(tact.PrefixBillRun), Source: "facturation", SubmittedAt: epoch.UTC(), Bills: bills,
		Counts: map[billing.Status]int{billing.Validated: bills}, Findings: map[billing.RuleID]int{}}
}

func reviewedEvent(f *fixture, b *billing.Bill) billing.Event {
	return billing.Event{ID: f.ids.New(tact.PrefixBillEvent), BillID: b.ID, Kind: billing.Reviewed, To: b.Status, At: epoch.UTC(),
		Actor: tact.Actor{Kind: tact.ActorSystem, ID: "facturation", Name: "facturation"}}
}

// dispute stores a sent bill of c for the month ending on to and an open
// dispute of its line, as the service opens one.
func (f *fixture) dispute(t *testing.T, c *customer.Customer, to tact.Date) *billing.Dispute {
	t.Helper()
	r := f.run(1)
	b := f.draftBill(r.ID, c.ID, to, 2799, billing.Sent)
	must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, []*billing.Bill{b}, nil))
	d, ev, _, err := billing.OpenDispute(b, 0, "Je n'ai rien commandé", nil)
	must(t, "billing.OpenDispute", err)
	d.ID, d.CreatedAt = f.ids.New(tact.PrefixDispute), f.now().UTC()
	ev.ID, ev.BillID, ev.At = f.ids.New(tact.PrefixBillEvent), b.ID, f.now().UTC()
	must(t, "OpenDispute", f.st.Bills.OpenDispute(f.ctx, &d, b, ev, nil))
	return &d
}

// resolve resolves an open dispute.
func (f *fixture) resolve(t *testing.T, d *billing.Dispute) {
	t.Helper()
	must(t, "billing.ResolveDispute", billing.ResolveDispute(d, "Avoir émis.", f.now()))
	must(t, "ResolveDispute", f.st.Bills.ResolveDispute(f.ctx, d))
}

// credit stores a pending goodwill credit note owed to c.
func (f *fixture) credit(t *testing.T, c *customer.Customer) *billing.CreditNote {
	t.Helper()
	n := &billing.CreditNote{ID: f.ids.New(tact.PrefixCreditNote), CustomerID: c.ID, Amount: tact.Money{Cents: 1500, Currency: tact.EUR},
		Reason: "Geste commercial", Status: billing.CreditPending, Version: 1, CreatedAt: f.now().UTC(), UpdatedAt: f.now().UTC()}
	must(t, "CreateCreditNote", f.st.Bills.CreateCreditNote(f.ctx, n))
	return n
}

// settle applies a pending credit note to a bill.
func (f *fixture) settle(t *testing.T, n *billing.CreditNote) {
	t.Helper()
	must(t, "Settle", n.Settle(billing.CreditApplied))
	must(t, "UpdateCreditNote", f.st.Bills.UpdateCreditNote(f.ctx, n))
}

func testBillRuns(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	r := f.run(3)
	var bills []*billing.Bill
	var events []billing.Event
	for i, who := range []string{c.ID, other.ID, c.ID} {
		b := f.draftBill(r.ID, who, date(2026, time.Month(8+i), 28), int64(2000+i), billing.Validated)
		bills, events = append(bills, b), append(events, reviewedEvent(f, b))
	}
	bills[2].Status = billing.OnHold
	must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, bills, events))

	got, err := f.st.Bills.FindRun(f.ctx, r.ID)
	must(t, "FindRun", err)
	diff(t, "run read back", r, got)
	b, err := f.st.Bills.FindBill(f.ctx, bills[0].ID)
	must(t, "FindBill", err)
	diff(t, "bill read back", bills[0], b)
	_, err = f.st.Bills.FindBill(f.ctx, f.ids.New(tact.PrefixBill))
	wantCode(t, "a missing bill", err, tact.CodeNotFound, "")

	list, err := f.st.Bills.FindBills(f.ctx, billing.Filter{RunID: r.ID})
	must(t, "FindBills", err)
	diff(t, "the run's bills by id", bills, list)
	list, err = f.st.Bills.FindBills(f.ctx, billing.Filter{CustomerID: c.ID, Status: billing.OnHold})
	must(t, "FindBills", err)
	diff(t, "his held bills", bills[2:], list)
	list, err = f.st.Bills.FindBills(f.ctx, billing.Filter{RunID: r.ID, After: bills[0].ID, Limit: 1})
	must(t, "FindBills", err)
	diff(t, "the page after the first", bills[1:2], list)

	// An update at the version read; a stale one is refused and writes nothing.
	held := *bills[2]
	held.Status = billing.Validated
	ev := billing.Event{ID: f.ids.New(tact.PrefixBillEvent), BillID: held.ID, Kind: billing.Released, From: billing.OnHold, To: billing.Validated,
		Reason: "Vérifié avec le client", At: epoch.Add(time.Hour).UTC(), Actor: tact.Actor{Kind: tact.ActorUser, ID: "usr_1", Name: "Claire Vasseur"}}
	must(t, "UpdateBill", f.st.Bills.UpdateBill(f.ctx, &held, ev))
	if held.Version != 2 {
		t.Errorf("version after an update: %d, want 2", held.Version)
	}
	stale := *bills[2]
	lost := ev
	lost.ID = f.ids.New(tact.PrefixBillEvent)
	wantCode(t, "an update of a stale version", f.st.Bills.UpdateBill(f.ctx, &stale, lost), tact.CodePreconditionFailed, "")
	evs, err := f.st.Bills.FindBillEvents(f.ctx, held.ID)
	must(t, "FindBillEvents", err)
	diff(t, "the held bill's events", []billing.Event{events[2], ev}, evs)
	b, err = f.st.Bills.FindBill(f.ctx, held.ID)
	must(t, "FindBill", err)
	diff(t, "the released bill", &held, b)

	// A run with a bill of no customer writes nothing.
	bad := f.run(2)
	good := f.draftBill(bad.ID, c.ID, date(2026, time.December, 28), 2000, billing.Validated)
	orphan := f.draftBill(bad.ID, f.ids.New(tact.PrefixCustomer), date(2026, time.December, 28), 2000, billing.Validated)
	wantCode(t, "a bill of no customer", f.st.Bills.CreateRun(f.ctx, bad, []*billing.Bill{good, orphan}, nil), tact.CodeNotFound, "customer_id")
	_, err = f.st.Bills.FindRun(f.ctx, bad.ID)
	wantCode(t, "the refused run", err, tact.CodeNotFound, "")
	_, err = f.st.Bills.FindBill(f.ctx, good.ID)
	wantCode(t, "the refused run's good bill", err, tact.CodeNotFound, "")
}

func testBillHistory(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	quiet, _ := f.createCustomer(t, person(tact.FR, "Paul", "Martin"))
	r := f.run(0)
	var bills []*billing.Bill
	// Jean: eight months, one held (not history), one of another status.
	for m := 1; m <= 8; m++ {
		st := billing.Settled
		switch m {
		case 3:
			st = billing.OnHold
		case 5:
			st = billing.Disputed
		}
		bills = append(bills, f.draftBill(r.ID, c.ID, date(2026, time.Month(m), 28), int64(m*1000), st))
	}
	bills = append(bills, f.draftBill(r.ID, other.ID, date(2026, time.March, 31), 777, billing.Sent))
	r.Bills = len(bills)
	must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, bills, nil))

	got, err := f.st.Bills.FindHistory(f.ctx, []string{c.ID, other.ID, quiet.ID}, date(2026, time.August, 1), 4)
	must(t, "FindHistory", err)
	want := map[string][]int64{c.ID: {4000, 5000, 6000, 7000}, other.ID: {777}}
	diff(t, "the last 4 bills before August, oldest first, held ones left out", want, got)
	got, err = f.st.Bills.FindHistory(f.ctx, []string{c.ID}, date(2026, time.January, 28), 6)
	must(t, "FindHistory", err)
	if len(got[c.ID]) != 0 {
		t.Errorf("history before the first bill: %v", got)
	}
	got, err = f.st.Bills.FindHistory(f.ctx, nil, date(2027, time.January, 1), 6)
	must(t, "FindHistory", err)
	if len(got) != 0 {
		t.Errorf("history of no one: %v", got)
	}
}

func testBillMatters(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	r := f.run(1)
	b := f.draftBill(r.ID, c.ID, date(2026, time.October, 31), 2799, billing.Sent)
	must(t, "CreateRun", f.st.Bills.CreateRun(f.ctx, r, []*billing.Bill{b}, nil))

	// A credit note: stored, read, settled at its version only.
	goodwill := &billing.CreditNote{ID: f.ids.New(tact.PrefixCreditNote), CustomerID: c.ID, Amount: tact.Money{Cents: 1500, Currency: tact.EUR},
		Reason: "Geste commercial", Status: billing.CreditPending, Version: 1, CreatedAt: epoch.UTC(), UpdatedAt: epoch.UTC()}
	must(t, "CreateCreditNote", f.st.Bills.CreateCreditNote(f.ctx, goodwill))
	got, err := f.st.Bills.FindCreditNote(f.ctx, goodwill.ID)
	must(t, "FindCreditNote", err)
	diff(t, "credit note read back", goodwill, got)
	orphan := *goodwill
	orphan.ID, orphan.CustomerID = f.ids.New(tact.PrefixCreditNote), f.ids.New(tact.PrefixCustomer)
	wantCode(t, "a credit note of no customer", f.st.Bills.CreateCreditNote(f.ctx, &orphan), tact.CodeNotFound, "customer_id")
	applied := *got
	applied.Status = billing.CreditApplied
	must(t, "UpdateCreditNote", f.st.Bills.UpdateCreditNote(f.ctx, &applied))
	stale := *goodwill
	stale.Status = billing.CreditRefunded
	wantCode(t, "a stale credit note", f.st.Bills.UpdateCreditNote(f.ctx, &stale), tact.CodePreconditionFailed, "")

	// A dispute with its credit note, in one write; at a stale version of
	// the bill, nothing of it is written.
	d := &billing.Dispute{ID: f.ids.New(tact.PrefixDispute), BillID: b.ID, CustomerID: c.ID, Line: 0, Amount: b.Total, Reason: "Je n'ai rien commandé",
		Open: true, CaseID: "cas_1", CreatedAt: epoch.Add(time.Hour).UTC()}
	credit := &billing.CreditNote{ID: f.ids.New(tact.PrefixCreditNote), CustomerID: c.ID, BillID: b.ID, DisputeID: d.ID, Amount: b.Total,
		Reason: "Contestation", Status: billing.CreditPending, Version: 1, CreatedAt: epoch.Add(time.Hour).UTC(), UpdatedAt: epoch.Add(time.Hour).UTC()}
	old := *b
	disputed := *b
	disputed.Status = billing.Disputed
	ev := billing.Event{ID: f.ids.New(tact.PrefixBillEvent), BillID: b.ID, Kind: billing.DisputeOpened, From: billing.Sent, To: billing.Disputed,
		At: epoch.Add(time.Hour).UTC(), Reason: "Je n'ai rien commandé"}
	must(t, "OpenDispute", f.st.Bills.OpenDispute(f.ctx, d, &disputed, ev, credit))
	again := *d
	again.ID = f.ids.New(tact.PrefixDispute)
	lostCredit := *credit
	lostCredit.ID = f.ids.New(tact.PrefixCreditNote)
	ev2 := ev
	ev2.ID = f.ids.New(tact.PrefixBillEvent)
	wantCode(t, "a dispute on a stale bill", f.st.Bills.OpenDispute(f.ctx, &again, &old, ev2, &lostCredit), tact.CodePreconditionFailed, "")
	disputes, err := f.st.Bills.FindDisputes(f.ctx, b.ID)
	must(t, "FindDisputes", err)
	diff(t, "the bill's disputes", []billing.Dispute{*d}, disputes)
	notes, err := f.st.Bills.FindCreditNotes(f.ctx, c.ID)
	must(t, "FindCreditNotes", err)
	diff(t, "his credit notes, oldest first", []*billing.CreditNote{&applied, credit}, notes)
	stored, err := f.st.Bills.FindBill(f.ctx, b.ID)
	must(t, "FindBill", err)
	diff(t, "the disputed bill", &disputed, stored)

	// Resolved once: a second resolution finds it resolved and keeps the
	// first; a dispute that does not exist is not found.
	resolved := *d
	must(t, "billing.ResolveDispute", billing.ResolveDispute(&resolved, "Avoir émis.", epoch.Add(2*time.Hour+7*time.Microsecond)))
	must(t, "ResolveDispute", f.st.Bills.ResolveDispute(f.ctx, &resolved))
	late := *d
	must(t, "billing.ResolveDispute", billing.ResolveDispute(&late, "Rejetée.", epoch.Add(3*time.Hour)))
	wantCode(t, "a dispute resolved twice", f.st.Bills.ResolveDispute(f.ctx, &late), tact.CodeInvalidTransition, "")
	ghost := late
	ghost.ID = f.ids.New(tact.PrefixDispute)
	wantCode(t, "a dispute that does not exist", f.st.Bills.ResolveDispute(f.ctx, &ghost), tact.CodeNotFound, "")
	disputes, err = f.st.Bills.FindDisputes(f.ctx, b.ID)
	must(t, "FindDisputes", err)
	diff(t, "the bill's dispute, resolved once", []billing.Dispute{resolved}, disputes)

	// Dunning decisions, oldest first.
	var recs []*billing.DunningRecord
	for i, step := range []billing.Step{billing.Reminder, billing.FormalNotice} {
		rec := &billing.DunningRecord{ID: f.ids.New(tact.PrefixDunning), BillID: b.ID, Step: step, DecidedAt: epoch.Add(time.Duration(i) * time.Hour).UTC(),
			DunningDecision: billing.DunningDecision{Verdict: billing.Allow, Claimable: b.Total, Reasons: []billing.DunningReason{}}}
		recs = append(recs, rec)
	}
	must(t, "CreateDunningDecision", f.st.Bills.CreateDunningDecision(f.ctx, recs[1]))
	must(t, "CreateDunningDecision", f.st.Bills.CreateDunningDecision(f.ctx, recs[0]))
	decided, err := f.st.Bills.FindDunningDecisions(f.ctx, b.ID)
	must(t, "FindDunningDecisions", err)
	diff(t, "the bill's dunning decisions", recs, decided)
}
