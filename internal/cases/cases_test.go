package cases_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var (
	paris, _ = time.LoadLocation("Europe/Paris")
	fr       = calendar.For(tact.FR)
	t0       = time.Date(2026, 5, 12, 10, 0, 0, 0, paris) // Tuesday 12 May 2026
	advisorA = cases.Person{UserID: "usr_a"}
	advisorB = cases.Person{UserID: "usr_b"}
	sup      = cases.Person{UserID: "usr_s", Supervisor: true}
)

func open(t *testing.T) *cases.Case {
	t.Helper()
	c, evs, err := cases.Open(cases.Draft{CustomerID: "cus_x", Subject: "Résiliation et avoir", Category: cases.Complaint,
		Channel: tact.ChannelPhone, Note: "La cliente attend un avoir de 23,40 €."}, t0, fr, paris, cases.DefaultServiceLevels)
	if err != nil || len(evs) != 1 || c.Status != cases.New {
		t.Fatalf("open: %v %v", err, evs)
	}
	c.ID = "cas_1"
	return c
}

func TestServiceLevelsAcrossAscension(t *testing.T) {
	c := open(t)
	// Tuesday 12 May 10:00 + 2 business days: Thursday 14 May is Ascension,
	// so Friday 15 May 10:00; + 10: Thursday 28 May 10:00 (Whit Monday off).
	if want := time.Date(2026, 5, 15, 10, 0, 0, 0, paris); !c.FirstAnswerDue.Equal(want) {
		t.Errorf("first answer due %v, want %v", c.FirstAnswerDue.In(paris), want)
	}
	if want := time.Date(2026, 5, 28, 10, 0, 0, 0, paris); !c.ResolutionDue.Equal(want) {
		t.Errorf("resolution due %v, want %v", c.ResolutionDue.In(paris), want)
	}
	if b := c.Breaches(c.FirstAnswerDue); len(b) != 0 {
		t.Errorf("breached at the due instant: %v", b)
	}
	if b := c.Breaches(c.FirstAnswerDue.Add(time.Second)); len(b) != 1 || b[0].Kind != "first_answer" {
		t.Errorf("one second late: %v", b)
	}
	c.MarkAnswered(c.FirstAnswerDue.Add(-time.Hour))
	if b := c.Breaches(c.ResolutionDue.Add(time.Second)); len(b) != 1 || b[0].Kind != "resolution" {
		t.Errorf("answered in time, unresolved late: %v", b)
	}
}

func TestOneOwnerAndHandoffWithSummary(t *testing.T) {
	c := open(t)
	if _, err := c.Take(advisorA, "usr_b", t0); tact.ErrorCode(err) != tact.CodeNotOwner {
		t.Errorf("an advisor assigned someone else: %v", err)
	}
	if _, err := c.Take(advisorA, "", t0); err != nil || c.OwnerID != "usr_a" || c.Status != cases.InProgress {
		t.Fatalf("take: %v %+v", err, c)
	}
	if _, err := c.Take(advisorB, "", t0); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("a second owner took it: %v", err)
	}
	if _, err := c.HandOff(advisorA, "usr_b", "trop court", t0); tact.ErrorField(err) != "summary" {
		t.Errorf("a handoff needs a real summary: %v", err)
	}
	if _, err := c.HandOff(advisorB, "usr_b", "B ne peut pas se donner le dossier lui-même.", t0); tact.ErrorCode(err) != tact.CodeNotOwner {
		t.Errorf("a non-owner handed off: %v", err)
	}
	summary := "Avoir de 23,40 € validé par la facturation, reste à l'imputer sur la facture finale."
	evs, err := c.HandOff(advisorA, "usr_b", summary, t0.Add(time.Hour))
	if err != nil || c.OwnerID != "usr_b" || c.WhereWeAre != summary || evs[0].FromOwner != "usr_a" || evs[0].ToOwner != "usr_b" {
		t.Fatalf("handoff: %v %+v", err, c)
	}
	// A can no longer act as owner; B and a supervisor can.
	if _, err := c.SetStatus(advisorA, cases.WaitingInternal, t0); tact.ErrorCode(err) != tact.CodeNotOwner {
		t.Errorf("the former owner acted: %v", err)
	}
	if _, err := c.Resolve(advisorA, "done", t0); tact.ErrorCode(err) != tact.CodeNotOwner {
		t.Errorf("the former owner resolved: %v", err)
	}
	if _, err := c.SetStatus(sup, cases.WaitingInternal, t0); err != nil {
		t.Errorf("a supervisor may act: %v", err)
	}
	if _, err := c.AddNote("A peut encore écrire une note.", t0); err != nil {
		t.Errorf("anyone may add a note: %v", err)
	}
	if _, err := c.Resolve(advisorB, "Avoir imputé.", t0); err != nil || c.Status != cases.Resolved {
		t.Errorf("the owner resolved: %v", err)
	}
}

func TestReopenWithinThirtyDays(t *testing.T) {
	c := open(t)
	c.Take(advisorA, "", t0)
	c.Resolve(advisorA, "Réglé.", t0)
	if _, err := c.Reopen(advisorA, "Le client rappelle : toujours facturé.", t0.Add(cases.ReopenWindow+time.Second)); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("reopened after 30 days: %v", err)
	}
	if _, err := c.Reopen(advisorA, "Le client rappelle : toujours facturé.", t0.Add(cases.ReopenWindow)); err != nil || c.Status != cases.InProgress || c.OwnerID != "usr_a" {
		t.Errorf("reopen at 30 days: %v %+v", err, c)
	}
	c.Resolve(advisorA, "Réglé pour de bon.", t0)
	if _, err := c.Close(advisorA, cases.ClosedResolved, "", cases.NoAnswerFacts{}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reopen(advisorA, "encore", t0); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("a closed case was reopened: %v", err)
	}
	d, err := c.FollowUp("Le client rappelle.")
	if err != nil || d.CustomerID != c.CustomerID || d.Category != c.Category {
		t.Errorf("follow-up draft %+v %v", d, err)
	}
}

func TestCloseForNoAnswer(t *testing.T) {
	usable := []tact.Channel{tact.ChannelEmail, tact.ChannelLetter}
	email := func(at time.Time) cases.Notice { return cases.Notice{Channel: tact.ChannelEmail, SentAt: at} }
	tests := []struct {
		name  string
		facts cases.NoAnswerFacts
		now   time.Time
		ok    bool
	}{
		{"phone attempts only", cases.NoAnswerFacts{Notices: []cases.Notice{{Channel: tact.ChannelPhone, SentAt: t0}}, Usable: usable}, t0.Add(30 * 24 * time.Hour), false},
		{"no notice at all", cases.NoAnswerFacts{Usable: usable}, t0.Add(30 * 24 * time.Hour), false},
		{"email, day 6 23:59:59", cases.NoAnswerFacts{Notices: []cases.Notice{email(t0)}, Usable: usable}, t0.Add(cases.NoAnswerWait - time.Second), false},
		{"email, day 7", cases.NoAnswerFacts{Notices: []cases.Notice{email(t0)}, Usable: usable}, t0.Add(cases.NoAnswerWait), true},
		{"SMS to a number he no longer has", cases.NoAnswerFacts{Notices: []cases.Notice{{Channel: tact.ChannelSMS, SentAt: t0}}, Usable: usable}, t0.Add(30 * 24 * time.Hour), false},
		{"the newest notice counts", cases.NoAnswerFacts{Notices: []cases.Notice{email(t0), email(t0.Add(5 * 24 * time.Hour))}, Usable: usable}, t0.Add(8 * 24 * time.Hour), false},
	}
	for _, tt := range tests {
		c := open(t)
		c.Take(advisorA, "", t0)
		_, err := c.Close(advisorA, cases.ClosedNoAnswer, "", tt.facts, tt.now)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err != nil && tact.ErrorCode(err) != tact.CodeNeedsWrittenNotice {
			t.Errorf("%s: code %s", tt.name, tact.ErrorCode(err))
		}
	}
}

func TestTransitions(t *testing.T) {
	c := open(t)
	if _, err := c.Resolve(sup, "x", t0); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("resolved a new case: %v", err)
	}
	if _, err := c.Close(sup, cases.ClosedResolved, "", cases.NoAnswerFacts{}, t0); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("closed as resolved an unresolved case: %v", err)
	}
	if _, err := c.Close(advisorA, cases.ClosedDuplicate, "doublon de cas_0", cases.NoAnswerFacts{}, t0); err != nil {
		t.Errorf("a new case closes as a duplicate: %v", err)
	}
	if _, err := c.AddNote("après coup", t0); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("note on a closed case: %v", err)
	}
}

func TestMayAssignOnOpen(t *testing.T) {
	const a, b = "usr_a", "usr_b"
	for _, tc := range []struct {
		name  string
		owner string
		p     cases.Person
		ok    bool
	}{
		{"no owner: anyone opens", "", cases.Person{UserID: a}, true},
		{"an advisor for themself", a, cases.Person{UserID: a}, true},
		{"an advisor for another", b, cases.Person{UserID: a}, false},
		{"a supervisor for another", b, cases.Person{UserID: a, Supervisor: true}, true},
		{"routing, acting for no one", b, cases.Person{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := cases.Draft{OwnerID: tc.owner}.MayAssign(tc.p)
			if tc.ok != (err == nil) {
				t.Fatalf("MayAssign = %v, want ok %v", err, tc.ok)
			}
			if err != nil && (tact.ErrorCode(err) != tact.CodeNotOwner || tact.ErrorField(err) != "owner_id") {
				t.Errorf("error %v, want not_owner on owner_id", err)
			}
		})
	}
}

func TestNoAnswerFactsFrom(t *testing.T) {
	at := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	contacts := []*interaction.Interaction{
		{Channel: tact.ChannelEmail, Direction: interaction.Outbound, Outcome: interaction.Delivered, StartedAt: at},
		{Channel: tact.ChannelLetter, Direction: interaction.Outbound, Outcome: interaction.Failed, StartedAt: at},
		{Channel: tact.ChannelEmail, Direction: interaction.Inbound, Outcome: interaction.Completed, StartedAt: at},
		{Channel: tact.ChannelPhone, Direction: interaction.Outbound, Outcome: interaction.NoAnswer, StartedAt: at.Add(time.Hour)},
	}
	f := cases.NoAnswerFactsFrom([]tact.Channel{tact.ChannelEmail}, contacts)
	want := []cases.Notice{{Channel: tact.ChannelEmail, SentAt: at}, {Channel: tact.ChannelPhone, SentAt: at.Add(time.Hour)}}
	if !slices.Equal(f.Notices, want) || !slices.Equal(f.Usable, []tact.Channel{tact.ChannelEmail}) {
		t.Errorf("facts %+v, want notices %+v (not the failed letter, not the inbound email)", f, want)
	}
}
