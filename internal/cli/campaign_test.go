package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCampaignPlan: a campaign file planned over the demo operator prints
// its summary and writes one row per customer of the audience, as CSV and as
// JSON; the LG phone goes to no iPhone owner, said with its rule.
func TestCampaignPlan(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(dir, "demo.db"), "TACT_LOG_LEVEL": "warn"}
	if code, out, errOut := run(t, vars, "demo", "--customers", "150", "--build-only"); code != 0 {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errOut)
	}
	today := time.Now()
	file := filepath.Join(dir, "lg.toml")
	def := fmt.Sprintf(`code = "QC-LG"
name = { fr = "LG", en = "LG" }
jurisdiction = "CA-QC"
offers = ["QC-LG-K92"]
channel = "phone"
source = "dialer"
caller_id = "+1 514 555 0100"
capacity_per_day = 5
starts = %q
ends = %q
control_percent = 10
`, today.Format(time.DateOnly), today.AddDate(0, 0, 20).Format(time.DateOnly))
	if err := os.WriteFile(file, []byte(def), 0o600); err != nil {
		t.Fatal(err)
	}
	csvPath := filepath.Join(dir, "targets.csv")
	code, out, errOut := run(t, vars, "campaign", "plan", "--out", csvPath, file)
	if code != 0 {
		t.Fatalf("campaign plan: %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Campaign QC-LG created.", "customers considered", "target", "control", "device_platform", "Targets per day:", "100%"} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("%q missing from:\n%s\n%s", want, out, errOut)
		}
	}
	var audience int
	if _, err := fmt.Sscanf(out[strings.Index(out, "considered, ")+len("considered, "):], "%d in the audience", &audience); err != nil || audience == 0 {
		t.Fatalf("audience not read from %q: %v", out, err)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != audience+1 || rows[0][0] != "customer_id" {
		t.Fatalf("%d CSV rows for an audience of %d; header %v", len(rows), audience, rows[0])
	}
	perDay := map[string]int{}
	platform := 0
	for _, r := range rows[1:] {
		switch r[1] {
		case "target":
			if r[4] == "" || r[7] == "" {
				t.Errorf("target without slot or form of address: %v", r)
			}
			perDay[r[4][:10]]++
		case "no_offer":
			if slices.Contains(strings.Split(r[8], ";"), "device_platform") {
				platform++
			}
		}
	}
	for day, n := range perDay {
		if n > 5 {
			t.Errorf("%d targets on %s, capacity 5", n, day)
		}
	}
	if platform == 0 {
		t.Error("no customer kept out by device_platform: the iPhone owners")
	}

	// The same file again: the campaign is found, planned again, as JSON.
	code, out, errOut = run(t, vars, "campaign", "plan", "--out", "-", "--format", "json", file)
	if code != 0 || !strings.Contains(out, "already stored, the same") {
		t.Fatalf("again: %d\n%s\n%s", code, out, errOut)
	}
	var doc struct {
		Plan    struct{ Audience int }
		Entries []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &doc); err != nil || len(doc.Entries) != audience || doc.Plan.Audience != audience {
		t.Errorf("JSON: %v, %d entries, audience %d, want %d", err, len(doc.Entries), doc.Plan.Audience, audience)
	}

	// A field the campaign does not have is named; a changed definition
	// under the same code is refused.
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte(def+"capacity = 3\n"), 0o600)
	if code, _, errOut := run(t, vars, "campaign", "plan", bad); code != 1 || !strings.Contains(errOut, `unknown field "capacity"`) {
		t.Errorf("unknown field: %d %s", code, errOut)
	}
	os.WriteFile(bad, []byte(strings.Replace(def, "capacity_per_day = 5", "capacity_per_day = 6", 1)), 0o600)
	if code, _, errOut := run(t, vars, "campaign", "plan", bad); code != 1 || !strings.Contains(errOut, "another definition") {
		t.Errorf("changed definition: %d %s", code, errOut)
	}
	// The example file plans over the demo operator.
	if code, out, errOut := run(t, vars, "campaign", "plan", filepath.Join("..", "..", "examples", "campaign-qc-lg.toml")); code != 0 || !strings.Contains(out, "QC-LG-K92-PHONE created") {
		t.Errorf("example: %d\n%s\n%s", code, out, errOut)
	}
	if code, _, _ := run(t, vars, "campaign"); code != 2 {
		t.Errorf("no subcommand: exit %d, want 2", code)
	}
}
