package web

import (
	"testing"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// TestEveryEventKindHasAName: every kind of a customer's event has a name
// on the console's timeline in fr-FR, fr-CA and English, not its raw code
// (a kind without one shows as its code, underscores made spaces).
func TestEveryEventKindHasAName(t *testing.T) {
	t.Parallel()
	for _, k := range customer.EventKinds {
		m, ok := enums["event."+string(k)]
		if !ok || m.FR == "" || m.EN == "" {
			t.Errorf("event %q has no name in French and English: %+v", k, m)
			continue
		}
		for _, lang := range []tact.Language{tact.LangFrFR, tact.LangFrCA, tact.LangEN} {
			if got := (Lang{Tag: lang}).Enum("event", k); got == "" || got == string(k) {
				t.Errorf("event %q reads %q in %s", k, got, lang)
			}
		}
	}
	// Québec's word for a survey is its own, as the console's other texts
	// say it.
	if got := (Lang{Tag: tact.LangFrCA}).Enum("event", customer.EventSurveyAnswered); got != "réponse à un sondage" {
		t.Errorf("survey_answered in fr-CA reads %q", got)
	}
}
