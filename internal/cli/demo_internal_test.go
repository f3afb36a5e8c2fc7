package cli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/mail"
)

func TestNextWeekdayAt(t *testing.T) {
	toronto, _ := time.LoadLocation("America/Toronto")
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 10, 21, 18, 0, 0, 0, toronto), time.Date(2026, 10, 21, 19, 5, 0, 0, toronto)}, // Wednesday, before
		{time.Date(2026, 10, 21, 19, 5, 0, 0, toronto), time.Date(2026, 10, 22, 19, 5, 0, 0, toronto)}, // at it: the next day
		{time.Date(2026, 10, 23, 20, 0, 0, 0, toronto), time.Date(2026, 10, 26, 19, 5, 0, 0, toronto)}, // Friday evening: Monday
	} {
		if got := nextWeekdayAt(tc.now, "America/Toronto", 19, 5); !got.Equal(tc.want) {
			t.Errorf("from %s: %s, want %s", tc.now, got, tc.want)
		}
	}
}

// TestDemoMailer: without an SMTP server the demo prints sign-in codes on
// its terminal and nothing else; any other email fails as without a server.
func TestDemoMailer(t *testing.T) {
	var out strings.Builder
	m := &demoMailer{out: &out}
	if err := m.Send(context.Background(), mail.Message{To: "odile@example.fr", Subject: "Votre code de connexion", Text: "Votre code : 123 456", ID: "otc_01KKY4Z5C0C2KRWCV6BPRCZDDA"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Votre code : 123 456") || !strings.Contains(out.String(), "not sent") {
		t.Errorf("printed %q", out.String())
	}
	out.Reset()
	err := m.Send(context.Background(), mail.Message{To: "odile@example.fr", Subject: "Accusé", Text: "receipt", ID: "dlv_01KKY4Z5C0C2KRWCV6BPRCZDDA"})
	if !errors.Is(err, mail.ErrNotConfigured) || out.Len() != 0 {
		t.Errorf("another email: %v, printed %q", err, out.String())
	}
}
