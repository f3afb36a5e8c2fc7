package billing_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

const csvHeader = "bill_ref,customer_id,line_id,period_from,period_to,due_on,bill_total,currency,kind,description,amount,date,in_plan,provider,service,complaints,consent_ref\n"

// TestParseCSV: rows grouped into bills, amounts and dates read, a blank
// bill kept as a bill with no lines, and every fault named by its row.
func TestParseCSV(t *testing.T) {
	file := csvHeader +
		"A,cus_1,lin_1,2026-10-01,2026-10-31,2026-11-15,27.99,EUR,plan,Forfait 20 Go,19.99,,,,,,\n" +
		"A,cus_1,lin_1,2026-10-01,2026-10-31,2026-11-15,27.99,EUR,third_party,Contact+,8,2026-10-12,,Digital Virgo,Contact+,0 800 00 00 00,tp-1\n" +
		"B,cus_2,,2026-10-01,2026-10-31,2026-11-15,0.00,EUR,,,,,,,,,\n" +
		"C,cus_3,lin_3,2026-10-01,2026-10-31,,-5.5,CAD,credit,Avoir,-5.5,,true,,,,\n"
	bills, rows, err := billing.ParseCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(bills) != 3 || len(bills[0].Lines) != 2 || len(bills[1].Lines) != 0 || len(bills[2].Lines) != 1 {
		t.Fatalf("bills %+v", bills)
	}
	a := bills[0]
	if a.Total != (tact.Money{Cents: 2799, Currency: tact.EUR}) || a.Lines[1].Amount.Cents != 800 || a.Lines[1].Provider == nil ||
		a.Lines[1].Provider.ConsentRef != "tp-1" || a.Lines[1].Date != (tact.Date{Year: 2026, Month: 10, Day: 12}) || a.ID != "" {
		t.Errorf("bill A %+v", a)
	}
	if err := a.Validate(tact.EUR); err != nil {
		t.Errorf("bill A is valid: %v", err)
	}
	c := bills[2]
	if c.Total.Cents != -550 || c.Total.Currency != tact.CAD || !c.Lines[0].InPlan || !c.DueOn.IsZero() {
		t.Errorf("bill C %+v", c)
	}
	if got := billing.RowOf(rows, "bills[0].lines[1].amount"); got != 3 {
		t.Errorf("row of bills[0].lines[1]: %d, want 3", got)
	}
	if got := billing.RowOf(rows, "bills[2].total"); got != 5 {
		t.Errorf("row of bills[2]: %d, want 5", got)
	}
	if got := billing.RowOf(rows, "source"); got != 0 {
		t.Errorf("row of source: %d", got)
	}

	for _, bad := range []struct {
		name, file string
		row        int
		column     string
	}{
		{"wrong header", "bill,customer\n", 1, ""},
		{"three decimals", csvHeader + "A,cus_1,,2026-10-01,2026-10-31,,1.999,EUR,plan,Forfait,1.999,,,,,,\n", 2, "bill_total"},
		{"bad date", csvHeader + "A,cus_1,,2026-10-01,31/10/2026,,1.99,EUR,plan,Forfait,1.99,,,,,,\n", 2, "period_to"},
		{"unknown currency", csvHeader + "A,cus_1,,2026-10-01,2026-10-31,,1.99,USD,plan,Forfait,1.99,,,,,,\n", 2, "currency"},
		{"in_plan yes", csvHeader + "A,cus_1,,2026-10-01,2026-10-31,,1.99,EUR,plan,Forfait,1.99,,yes,,,,\n", 2, "in_plan"},
		{"rows apart", csvHeader + "A,cus_1,,2026-10-01,2026-10-31,,1.99,EUR,plan,F,1.99,,,,,,\nB,cus_2,,2026-10-01,2026-10-31,,1.99,EUR,plan,F,1.99,,,,,,\nA,cus_1,,2026-10-01,2026-10-31,,1.99,EUR,plan,F,1.99,,,,,,\n", 4, "bill_ref"},
		{"rows differ", csvHeader + "A,cus_1,,2026-10-01,2026-10-31,,1.99,EUR,plan,F,1.99,,,,,,\nA,cus_9,,2026-10-01,2026-10-31,,1.99,EUR,plan,F,1.99,,,,,,\n", 3, "bill_ref"},
		{"a short row", csvHeader + "A,cus_1\n", 2, ""},
	} {
		_, _, err := billing.ParseCSV(strings.NewReader(bad.file))
		var ce *billing.CSVError
		if !errors.As(err, &ce) || ce.Row != bad.row || ce.Column != bad.column {
			t.Errorf("%s: %v, want row %d column %q", bad.name, err, bad.row, bad.column)
		}
	}
}
