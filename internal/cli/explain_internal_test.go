package cli

// White-box: "tact policy explain" is reached through policyExplain until
// the policy command routes to it.

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
)

func TestPolicyExplain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := app.New(db.Stores(), app.Options{})
	quiet, _ := tact.ParseTimeOfDay("19:00")
	nine, _ := tact.ParseTimeOfDay("09:00")
	c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.CAQC), GivenName: tact.Some("Marc"), FamilyName: tact.Some("Gagnon"),
		Preferences: tact.Some(customer.Preferences{QuietHours: []customer.Window{{From: quiet, To: nine}}})})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A Tuesday at 19:05 in Montréal, at least a week ahead.
	mtl, _ := time.LoadLocation("America/Toronto")
	day := time.Now().In(mtl).AddDate(0, 0, 8)
	for day.Weekday() != time.Tuesday {
		day = day.AddDate(0, 0, 1)
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), 19, 5, 0, 0, mtl)
	var out, errOut bytes.Buffer
	vars := map[string]string{"TACT_DB": "sqlite:" + path, "TACT_LOG_LEVEL": "warn"}
	e := Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return vars[k] }}
	err = policyExplain(ctx, e, []string{"--customer", c.ID, "--purpose", "sales", "--channel", "phone", "--caller-id", "+15145550100",
		"--source", "dialer", "--at", at.Format(time.RFC3339), "--lang", "en"})
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, errOut.String())
	}
	got := out.String()
	next := at.Add(13*time.Hour + 55*time.Minute).Format("Mon 2006-01-02 15:04 MST")
	for _, want := range []string{"Customer " + c.ID + " (Marc Gagnon)", "quiet hours:             19:00–09:00", "contract in force:       no",
		"caller_id_shown        allow", "quiet_hours            defer until " + next, "opposition_list        deny",
		"Verdict: DENY", "opposition_list (deny): Prospect or former customer"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}

	// Missing flags: the usage.
	errOut.Reset()
	if err := policyExplain(ctx, e, []string{"--customer", c.ID}); err != errUsage || !strings.Contains(errOut.String(), "usage: tact policy explain") {
		t.Errorf("without purpose and channel: %v, %s", err, errOut.String())
	}
}
