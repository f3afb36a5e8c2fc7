package wording_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

func TestDate(t *testing.T) {
	d := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if got := wording.Date(d, tact.LangFrFR); got != "vendredi 1er mai 2026" {
		t.Errorf("fr: %q", got)
	}
	if got := wording.Date(d.AddDate(0, 0, 18), tact.LangFrCA); got != "mardi 19 mai 2026" {
		t.Errorf("fr-CA: %q", got)
	}
	if got := wording.Date(d, tact.LangEN); got != "Friday 1 May 2026" {
		t.Errorf("en: %q", got)
	}
	if got := wording.ShortDate(d.AddDate(0, 7, 0), tact.LangFrFR); got != "1er décembre" {
		t.Errorf("short: %q", got)
	}
}

func TestMoney(t *testing.T) {
	tests := []struct {
		m    tact.Money
		lang tact.Language
		want string
	}{
		{tact.Money{Cents: 1, Currency: tact.EUR}, tact.LangFrFR, "0,01\u00a0€"},
		{tact.Money{Cents: 14900000, Currency: tact.EUR}, tact.LangFrFR, "149\u202f000,00\u00a0€"},
		{tact.Money{Cents: 9500, Currency: tact.CAD}, tact.LangFrCA, "95,00\u00a0$"},
		{tact.Money{Cents: 123456, Currency: tact.CAD}, tact.LangEN, "CA$1,234.56"},
		{tact.Money{Cents: -2340, Currency: tact.EUR}, tact.LangEN, "-€23.40"},
	}
	for _, tt := range tests {
		if got := wording.Money(tt.m, tt.lang); got != tt.want {
			t.Errorf("%v %s: %q, want %q", tt.m, tt.lang, got, tt.want)
		}
	}
}

func TestAddressing(t *testing.T) {
	tests := []struct {
		p                  wording.Person
		greeting, reminder string
	}{
		{wording.Person{GivenName: "Réjean", FamilyName: "Tardif-Beaulieu", Salutation: "monsieur", Language: tact.LangFrCA},
			"Bonjour Monsieur Tardif-Beaulieu,", "Vouvoyer — M. Tardif-Beaulieu"},
		{wording.Person{GivenName: "Camille", FamilyName: "Roux", Salutation: "madame", Tu: true, Language: tact.LangFrFR},
			"Bonjour Camille,", "Tutoyer — Camille"},
		{wording.Person{GivenName: "Alex", FamilyName: "Martin", Salutation: "none", Language: tact.LangFrFR},
			"Bonjour Alex Martin,", "Vouvoyer — Alex Martin"},
		{wording.Person{GivenName: "Sarah", FamilyName: "Cohen", Salutation: "madame", Language: tact.LangEN},
			"Hello Ms Cohen,", "Address as Ms Cohen (English)"},
	}
	for _, tt := range tests {
		if got := tt.p.Greeting(); got != tt.greeting {
			t.Errorf("greeting %q, want %q", got, tt.greeting)
		}
		if got := tt.p.HowToAddress(); got != tt.reminder {
			t.Errorf("reminder %q, want %q", got, tt.reminder)
		}
	}
}
