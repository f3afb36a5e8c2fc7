package cli_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
)

// TestBillsImport: a bill file with a fault at one row stores nothing and
// names the row; the corrected file is reviewed, the blank bill held.
func TestBillsImport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.db")
	vars := map[string]string{"TACT_DB": "sqlite:" + path, "TACT_LOG_LEVEL": "warn"}
	if code, out, errOut := run(t, vars, "demo", "--customers", "150", "--build-only"); code != 0 {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errOut)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Stores()
	ids, err := st.Customers.FindCustomerIDs(ctx, tact.FR, "", 2)
	if err != nil || len(ids) != 2 {
		t.Fatalf("customers: %v %v", ids, err)
	}
	lines, err := st.Customers.FindLines(ctx, ids[0])
	if err != nil || len(lines) == 0 {
		t.Fatalf("lines of %s: %v %v", ids[0], lines, err)
	}
	// The demo billed its story customers already: the import adds to that.
	before := map[string]int{}
	for _, id := range ids {
		bills, err := st.Bills.FindBills(ctx, billing.Filter{CustomerID: id})
		if err != nil {
			t.Fatal(err)
		}
		before[id] = len(bills)
	}
	db.Close()

	header := strings.Join(billing.CSVColumns, ",") + "\n"
	good := header +
		fmt.Sprintf("A,%s,%s,2026-10-01,2026-10-31,2026-11-15,21.98,EUR,plan,Forfait,19.99,,,,,,\n", ids[0], lines[0].ID) +
		fmt.Sprintf("A,%s,%s,2026-10-01,2026-10-31,2026-11-15,21.98,EUR,option,Option,1.99,,,,,,\n", ids[0], lines[0].ID) +
		fmt.Sprintf("B,%s,,2026-10-01,2026-10-31,2026-11-15,0.00,EUR,,,,,,,,,\n", ids[1])
	bad := strings.Replace(good, "Option,1.99", "Option,1.98", 1)
	for name, content := range map[string]string{"good.csv": good, "bad.csv": bad} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := run(t, vars, "bills", "import", "--source", "facturation", filepath.Join(dir, "bad.csv"))
	if code != 1 || !strings.Contains(errOut, "row 2, total: the lines add up to 21.97 EUR, the total says 21.98 EUR") {
		t.Errorf("bad file: %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = run(t, vars, "bills", "import", "--check", filepath.Join(dir, "good.csv"))
	if code != 0 || !strings.Contains(out, "2 bills, all valid; nothing submitted") {
		t.Errorf("check: %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = run(t, vars, "bills", "import", "--source", "facturation", filepath.Join(dir, "good.csv"))
	if code != 0 || !strings.Contains(out, "2 bills — 1 validated, 1 on hold") || !strings.Contains(out, "empty_bill") {
		t.Errorf("good file: %d\n%s\n%s", code, out, errOut)
	}

	db, err = sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range ids {
		bills, err := db.Stores().Bills.FindBills(ctx, billing.Filter{CustomerID: id})
		if err != nil || len(bills) != before[id]+1 {
			t.Errorf("%s has %d bills (%v), want %d: the bad file stored nothing, the good one one each", id, len(bills), err, before[id]+1)
		}
	}
	if code, _, _ := run(t, vars, "bills"); code != 2 {
		t.Errorf("no subcommand: %d", code)
	}
}
