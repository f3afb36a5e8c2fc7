package commitment_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

var (
	paris, _ = time.LoadLocation("Europe/Paris")
	monday   = time.Date(2026, 5, 11, 9, 0, 0, 0, paris) // Monday 11 May 2026
	friday   = time.Date(2026, 5, 15, 18, 0, 0, 0, paris)
)

func draft() commitment.Draft {
	return commitment.Draft{CustomerID: "cus_x", Kind: commitment.SendOffer, Subject: "contract_adaptation",
		Words: "Je vous envoie l'offre par email d'ici vendredi", Channel: tact.ChannelEmail, Due: friday, OwnerID: "usr_a"}
}

func TestMake(t *testing.T) {
	c, evs, err := commitment.Make(draft(), monday)
	if err != nil || c.Status != commitment.Pending || len(evs) != 1 {
		t.Fatalf("%+v %v %v", c, evs, err)
	}
	tests := []struct {
		name  string
		edit  func(*commitment.Draft)
		field string
	}{
		{"no words", func(d *commitment.Draft) { d.Words = " " }, "words"},
		{"no owner", func(d *commitment.Draft) { d.OwnerID = "" }, "owner_id"},
		{"due now", func(d *commitment.Draft) { d.Due = monday }, "due"},
		{"due next year", func(d *commitment.Draft) { d.Due = monday.AddDate(1, 0, 2) }, "due"},
		{"subject with spaces", func(d *commitment.Draft) { d.Subject = "contract adaptation" }, "subject"},
		{"kept by shop", func(d *commitment.Draft) { d.Channel = tact.ChannelShop }, "channel"},
		{"call back without slot", func(d *commitment.Draft) { d.Kind = commitment.CallBack }, "slot"},
		{"slot backwards", func(d *commitment.Draft) {
			d.Kind, d.Slot = commitment.CallBack, &commitment.Slot{From: friday, To: friday.Add(-time.Hour)}
		}, "slot"},
	}
	for _, tt := range tests {
		d := draft()
		tt.edit(&d)
		if _, _, err := commitment.Make(d, monday); tact.ErrorField(err) != tt.field {
			t.Errorf("%s: got %v, want field %s", tt.name, err, tt.field)
		}
	}
	// A call back is due at the end of the slot the customer chose.
	d := draft()
	d.Kind, d.Due, d.Slot = commitment.CallBack, time.Time{}, &commitment.Slot{From: friday.Add(-2 * time.Hour), To: friday}
	if c, _, err := commitment.Make(d, monday); err != nil || !c.Due.Equal(friday) {
		t.Errorf("call back due %v, %v", c, err)
	}
}

func TestFallOverdueOnceAndOnlyWhenDue(t *testing.T) {
	fr := calendar.For(tact.FR)
	c, _, _ := commitment.Make(draft(), monday)
	if evs := c.FallOverdue(friday.Add(-time.Microsecond), "usr_sup", fr, paris); evs != nil || c.Status != commitment.Pending {
		t.Fatal("overdue before its due")
	}
	if evs := c.FallOverdue(friday, "usr_sup", fr, paris); len(evs) != 1 || c.Status != commitment.Overdue || c.EscalatedTo != "usr_sup" {
		t.Fatalf("at its due: %v %+v", evs, c)
	}
	// Friday 18:00 + 2 business days: Tuesday 18:00 (Monday 18 May is a working day).
	if want := time.Date(2026, 5, 19, 18, 0, 0, 0, paris); !c.NewDue.Equal(want) {
		t.Errorf("new due %v, want %v", c.NewDue.In(paris), want)
	}
	if evs := c.FallOverdue(friday.Add(time.Hour), "usr_other", fr, paris); evs != nil || c.EscalatedTo != "usr_sup" {
		t.Error("a second sweep changed the promise again")
	}
}

func TestKeepAndCancel(t *testing.T) {
	c, _, _ := commitment.Make(draft(), monday)
	if _, err := c.Keep(commitment.Evidence{Kind: "email"}, friday); tact.ErrorField(err) != "evidence.kind" {
		t.Errorf("bad evidence kind: %v", err)
	}
	if _, err := c.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery}, friday); tact.ErrorField(err) != "evidence.id" {
		t.Errorf("no evidence id: %v", err)
	}
	evs, err := c.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: "dlv_1"}, friday.Add(time.Hour))
	if err != nil || c.Status != commitment.Kept || !c.KeptLate() || evs[0].Detail["late"] != "true" {
		t.Fatalf("%v %+v", err, c)
	}
	if _, err := c.Cancel("plus besoin", friday); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("cancel a kept promise: %v", err)
	}
	d, _, _ := commitment.Make(draft(), monday)
	if _, err := d.Cancel("  ", friday); tact.ErrorField(err) != "reason" {
		t.Errorf("cancel without reason: %v", err)
	}
	if _, err := d.Cancel("L'offre a été retirée du catalogue ; nous vous rappelons.", friday); err != nil || d.Status != commitment.Cancelled {
		t.Errorf("cancel: %v", err)
	}
}

func TestApologySpeaksAsTheCustomerAsked(t *testing.T) {
	fr := calendar.For(tact.FR)
	op := tact.DefaultOperator()
	c, _, _ := commitment.Make(draft(), monday)
	c.FallOverdue(friday, "usr_sup", fr, paris)
	tests := []struct {
		p        wording.Person
		want     []string
		wantNone []string
	}{
		{wording.Person{GivenName: "Bertrand", FamilyName: "Courtecuisse", Salutation: "monsieur", Language: tact.LangFrFR},
			[]string{"Bonjour Monsieur Courtecuisse,", "Le 11 mai, nous vous avons promis", "« Je vous envoie l'offre par email d'ici vendredi »",
				"au plus tard le mardi 19 mai 2026", "0 800 940 940", "Opérateur Démo"}, []string{" tu ", "t'avons", "te prions"}},
		{wording.Person{GivenName: "Camille", FamilyName: "Roux", Salutation: "madame", Tu: true, Language: tact.LangFrFR},
			[]string{"Bonjour Camille,", "nous t'avons promis", "nous te prions", "ta demande"}, []string{"vous avons", "vous prions"}},
		{wording.Person{GivenName: "Sarah", FamilyName: "Cohen", Salutation: "madame", Language: tact.LangEN},
			[]string{"Hello Ms Cohen,", "On 11 May we promised you", "by Tuesday 19 May 2026", "free of charge on 0 800 940 940"}, nil},
	}
	for _, tt := range tests {
		subject, body := c.Apology(tt.p, op, tact.FR, paris)
		if subject == "" {
			t.Error("no subject")
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body lacks %q:\n%s", tt.p.GivenName, w, body)
			}
		}
		for _, w := range tt.wantNone {
			if strings.Contains(body, w) {
				t.Errorf("%s: body has %q:\n%s", tt.p.GivenName, w, body)
			}
		}
	}
}

// TestApologyQuotesWithoutDoublePunctuation: the words told end with a full
// stop more often than not; inside the apology's sentence that stop goes.
func TestApologyQuotesWithoutDoublePunctuation(t *testing.T) {
	d := draft()
	d.Words = "Je vous envoie l'offre sous 48 heures."
	c, _, err := commitment.Make(d, monday)
	if err != nil {
		t.Fatal(err)
	}
	c.FallOverdue(friday, "usr_sup", calendar.For(tact.FR), paris)
	for _, lang := range []tact.Language{tact.LangFrFR, tact.LangEN} {
		_, body := c.Apology(wording.Person{FamilyName: "Roux", Salutation: "madame", Language: lang}, tact.DefaultOperator(), tact.FR, paris)
		for _, bad := range []string{". ».", ".”."} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: %q in\n%s", lang, bad, body)
			}
		}
		if !strings.Contains(body, "sous 48 heures »") && !strings.Contains(body, "sous 48 heures”") {
			t.Errorf("%s: the words are not quoted whole:\n%s", lang, body)
		}
	}
}

// TestWithdrawalTellsWhy: a cancelled promise is explained to the customer in
// the form of address they asked for, with the reason as written.
func TestWithdrawalTellsWhy(t *testing.T) {
	c, _, err := commitment.Make(draft(), monday)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Cancel("l'offre n'est plus commercialisée depuis le 1er juin", friday); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		p        wording.Person
		want     []string
		wantNone []string
	}{
		{wording.Person{FamilyName: "Courtecuisse", Salutation: "monsieur", Language: tact.LangFrFR},
			[]string{"Bonjour Monsieur Courtecuisse,", "Le 11 mai, nous vous avons promis : « Je vous envoie l'offre par email d'ici vendredi ».",
				"pour la raison suivante : l'offre n'est plus commercialisée depuis le 1er juin.", "vous répond gratuitement au 0 800 940 940"},
			[]string{"t'avons", "te prions"}},
		{wording.Person{GivenName: "Camille", FamilyName: "Roux", Salutation: "madame", Tu: true, Language: tact.LangFrFR},
			[]string{"Bonjour Camille,", "nous t'avons promis", "Nous te prions", "te répond"}, []string{"vous avons", "vous prions"}},
		{wording.Person{FamilyName: "Cohen", Salutation: "madame", Language: tact.LangEN},
			[]string{"Hello Ms Cohen,", "On 11 May we promised you", "for this reason: l'offre n'est plus commercialisée depuis le 1er juin."}, nil},
	}
	for _, tt := range tests {
		subject, body := c.Withdrawal(tt.p, tact.DefaultOperator(), tact.FR, paris)
		if !strings.Contains(subject, "11") {
			t.Errorf("subject %q does not date the promise", subject)
		}
		for _, w := range tt.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body lacks %q:\n%s", tt.p.FamilyName, w, body)
			}
		}
		for _, w := range tt.wantNone {
			if strings.Contains(body, w) {
				t.Errorf("%s: body has %q:\n%s", tt.p.FamilyName, w, body)
			}
		}
	}
}
