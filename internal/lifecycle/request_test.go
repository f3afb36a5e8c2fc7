package lifecycle_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// leaving is a French customer with two lines: one committed until 31
// March 2027 at €20 a month with a €5 option, one free of commitment at
// €10; and one line already ended.
func leaving() (*customer.Customer, []*customer.Line, lifecycle.Prices) {
	c := customer.New(tact.FR)
	c.ID, c.GivenName, c.FamilyName, c.AccountNumber = "cus_1", "Hélène", "Lefèvre-Côté", "A-1001"
	lines := []*customer.Line{
		{ID: "lin_1", Number: "+33611223344", PlanCode: "P20", Options: []string{"O5"}, StartedOn: d(2025, 4, 1), CommitmentEndsOn: d(2027, 3, 31), Status: customer.LineActive},
		{ID: "lin_2", Number: "+33655443322", PlanCode: "P10", StartedOn: d(2024, 1, 1), Status: customer.LineActive},
		{ID: "lin_0", Number: "+33600000000", PlanCode: "P10", StartedOn: d(2020, 1, 1), Status: customer.LineEnded, EndedOn: d(2023, 1, 1)},
	}
	return c, lines, lifecycle.Prices{Plans: map[string]int64{"P20": 2000, "P10": 1000}, Options: map[string]int64{"O5": 500}}
}

// TestPlanChecksIdentity: the names and the contract reference are the
// holder's (accents, case and punctuation aside); each number is one of his
// lines in service.
func TestPlanChecksIdentity(t *testing.T) {
	c, lines, prices := leaving()
	now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		r     lifecycle.Request
		code  tact.Code
		field string
	}{
		{"folded names", lifecycle.Request{GivenName: "helene", FamilyName: "LEFEVRE COTE", AccountNumber: "a-1001"}, "", ""},
		{"no family name", lifecycle.Request{GivenName: "Hélène", AccountNumber: "A-1001"}, tact.CodeRequired, "family_name"},
		{"no given name", lifecycle.Request{FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001"}, tact.CodeRequired, "given_name"},
		{"another name", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre", AccountNumber: "A-1001"}, tact.CodeInvalid, "family_name"},
		{"no reference", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté"}, tact.CodeRequired, "account_number"},
		{"another reference", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1002"}, tact.CodeInvalid, "account_number"},
		{"his number as written", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001", Lines: []string{"06 11 22 33 44"}}, "", ""},
		{"an ended line", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001", Lines: []string{"06 00 00 00 00"}}, tact.CodeInvalid, "lines[0]"},
		{"not a number", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001", Lines: []string{"+33611223344", "abc"}}, tact.CodeInvalidPhone, "lines[1]"},
		{"yesterday", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001", WantedEndDate: d(2026, 11, 9)}, tact.CodeInvalid, "wanted_end_date"},
		{"today", lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001", WantedEndDate: d(2026, 11, 10)}, "", ""},
	} {
		_, err := lifecycle.Plan(c, lines, tc.r, prices, nil, now)
		if tact.ErrorCode(err) != tc.code || tact.ErrorField(err) != tc.field {
			t.Errorf("%s: %v, want %q on %q", tc.name, err, tc.code, tc.field)
		}
	}
}

// TestPlanCostsTheEnd: every line in service by default, the end date of
// L224-39, the fee of L224-28 on the committed line only, the subscription
// pro rata to the end date, pending credits (only) refunded, the estimate
// netting all three.
func TestPlanCostsTheEnd(t *testing.T) {
	c, lines, prices := leaving()
	now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)
	credits := []*billing.CreditNote{
		{ID: "crn_1", Amount: tact.Money{Cents: 4500, Currency: tact.EUR}, Reason: "Internet+", Status: billing.CreditPending},
		{ID: "crn_2", Amount: tact.Money{Cents: 999, Currency: tact.EUR}, Reason: "already applied", Status: billing.CreditApplied},
	}
	r := lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001"}
	p, err := lifecycle.Plan(c, lines, r, prices, credits, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.EndDate != d(2026, 11, 20) || !p.WholeAccount || len(p.Lines) != 2 {
		t.Fatalf("end %v, whole %v, lines %d", p.EndDate, p.WholeAccount, len(p.Lines))
	}
	// lin_1: 20 months committed from April 2025; ending on 20 November
	// 2026 leaves 5 months (Nov begun to March): more than 12 elapsed, so a
	// quarter of 5 × €20 = €25.
	wantFee := lifecycle.EarlyFee(tact.FR, d(2025, 4, 1), d(2027, 3, 31), d(2026, 11, 20), 2000)
	if wantFee != 2500 || p.Lines[0].EarlyFee.Cents != wantFee || p.Lines[1].EarlyFee.Cents != 0 || p.Fees.Cents != 2500 {
		t.Errorf("fees: %+v, total %v", p.Lines, p.Fees)
	}
	// 20 days of November: €25 × 20/30 = €16.67 and €10 × 20/30 = €6.67.
	if p.Lines[0].FinalCharges.Cents != 1667 || p.Lines[1].FinalCharges.Cents != 667 {
		t.Errorf("final charges: %v, %v", p.Lines[0].FinalCharges, p.Lines[1].FinalCharges)
	}
	if p.CreditsTotal.Cents != 4500 || len(p.Credits) != 1 || p.Credits[0].CreditNoteID != "crn_1" {
		t.Errorf("credits: %+v", p.Credits)
	}
	if p.FinalBillEstimate.Cents != 1667+667+2500-4500 || p.FinalBillEstimate.Currency != tact.EUR {
		t.Errorf("estimate: %v", p.FinalBillEstimate)
	}
	joined := ""
	for _, e := range p.Effects {
		joined += e.FR + "\n"
	}
	for _, want := range []string{"20 novembre 2026", "25,00", "45,00", "votre contrat prend fin"} {
		if !strings.Contains(joined, want) {
			t.Errorf("effects lack %q:\n%s", want, joined)
		}
	}

	// One line of two: the other stays, the account goes on.
	r.Lines = []string{"+33655443322"}
	p, err = lifecycle.Plan(c, lines, r, prices, nil, now)
	if err != nil || p.WholeAccount || len(p.Lines) != 1 || p.Lines[0].LineID != "lin_2" || p.Fees.Cents != 0 {
		t.Errorf("one line: %+v, %v", p, err)
	}

	// "Tu", asked for, is kept in what he reads.
	c.FormOfAddress = customer.Tu
	p, _ = lifecycle.Plan(c, lines, r, prices, nil, now)
	if strings.Contains(p.KeepNumber.FR, "votre") || !strings.Contains(p.KeepNumber.FR, "ton numéro") || !strings.Contains(p.Effects[1].FR, "Tes autres lignes") {
		t.Errorf("tu: %q / %q", p.KeepNumber.FR, p.Effects[1].FR)
	}
}

// TestPlanQuebecSameDay: in Québec the cancellation takes effect the day the
// provider is told, in the customer's own zone, and no fee is computed.
func TestPlanQuebecSameDay(t *testing.T) {
	c, lines, prices := leaving()
	c.Jurisdiction, c.TimeZone = tact.CAQC, "America/Toronto"
	for _, l := range lines {
		l.Number = strings.Replace(l.Number, "+336", "+1514555", 1)[:12]
	}
	// 02:00 UTC on the 11th is still the 10th in Montréal.
	p, err := lifecycle.Plan(c, lines, lifecycle.Request{GivenName: "Hélène", FamilyName: "Lefèvre-Côté", AccountNumber: "A-1001"}, prices, nil,
		time.Date(2026, 11, 11, 2, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if p.EndDate != d(2026, 11, 10) || p.Fees.Cents != 0 || p.FinalBillEstimate.Currency != tact.CAD || strings.Contains(p.KeepNumber.FR, "RIO") {
		t.Errorf("Québec: end %v, fees %v, estimate %v, keep %q", p.EndDate, p.Fees, p.FinalBillEstimate, p.KeepNumber.FR)
	}
}

// TestProRata: the days of the end's month, both ends included.
func TestProRata(t *testing.T) {
	for _, tc := range []struct {
		monthly int64
		end     tact.Date
		want    int64
	}{
		{3000, d(2026, 11, 30), 3000},
		{3000, d(2026, 11, 1), 100},
		{2800, d(2026, 2, 14), 1400},
		{2900, d(2028, 2, 29), 2900},
		{1000, d(2026, 1, 15), 484}, // 15/31 of €10 = 4.838…
	} {
		if got := lifecycle.ProRata(tc.monthly, tc.end); got != tc.want {
			t.Errorf("%d to %v: %d, want %d", tc.monthly, tc.end, got, tc.want)
		}
	}
}

// TestPortOutValidate: a number, a date not past, and in France a RIO of
// the right shape; in Québec none is asked.
func TestPortOutValidate(t *testing.T) {
	today := d(2026, 11, 10)
	for _, tc := range []struct {
		j     tact.Jurisdiction
		p     lifecycle.PortOut
		field string
	}{
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02 P 123ABC 4X7", Date: today}, ""},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02e123abc4x7", Date: d(2026, 12, 1)}, ""},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02X123ABC4X7", Date: today}, "rio"},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02P123ABC4X", Date: today}, "rio"},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", Date: today}, "rio"},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02P123ABC4X7", Date: d(2026, 11, 9)}, "date"},
		{tact.FR, lifecycle.PortOut{Number: "+33611223344", RIO: "02P123ABC4X7"}, "date"},
		{tact.FR, lifecycle.PortOut{RIO: "02P123ABC4X7", Date: today}, "number"},
		{tact.CAQC, lifecycle.PortOut{Number: "+15145550101", Date: today}, ""},
	} {
		err := tc.p.Validate(tc.j, today)
		if tact.ErrorField(err) != tc.field || (tc.field == "") != (err == nil) {
			t.Errorf("%s %+v: %v, want a fault on %q", tc.j, tc.p, err, tc.field)
		}
	}
}

// TestCancellationSteps: previewed → confirmed → completed, each once; due
// on its end date, not the day before.
func TestCancellationSteps(t *testing.T) {
	now := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)
	x := &lifecycle.Cancellation{Status: lifecycle.Previewed}
	if x.Due(d(2030, 1, 1)) {
		t.Error("a preview is never due")
	}
	if err := x.Complete(now); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("completing a preview: %v", err)
	}
	if err := x.Confirm(lifecycle.Preview{EndDate: d(2026, 11, 20)}, now); err != nil || x.Status != lifecycle.Confirmed || !x.ReceivedAt.Equal(now) {
		t.Fatalf("confirm: %v, %+v", err, x)
	}
	if err := x.Confirm(lifecycle.Preview{}, now); tact.ErrorCode(err) != tact.CodeInvalidTransition {
		t.Errorf("confirming twice: %v", err)
	}
	if x.Due(d(2026, 11, 19)) || !x.Due(d(2026, 11, 20)) || !x.Due(d(2026, 11, 21)) {
		t.Error("due from its end date on")
	}
	if err := x.Complete(now); err != nil || x.Status != lifecycle.Completed || x.Due(d(2026, 11, 21)) {
		t.Errorf("complete: %v, %+v", err, x)
	}
}

// TestNotCancelledTwice: a line a confirmed cancellation already ends is
// refused, naming its end; a preview or a completed one does not count.
func TestNotCancelledTwice(t *testing.T) {
	p := lifecycle.Preview{Lines: []lifecycle.LineEnd{{LineID: "lin_1", Number: "+33611223344"}}}
	other := &lifecycle.Cancellation{ID: "cnl_2", Status: lifecycle.Confirmed, Preview: lifecycle.Preview{Lines: []lifecycle.LineEnd{{LineID: "lin_2"}}}}
	for _, tc := range []struct {
		status lifecycle.Status
		field  string
	}{{lifecycle.Previewed, ""}, {lifecycle.Confirmed, "lines"}, {lifecycle.Completed, ""}} {
		same := &lifecycle.Cancellation{ID: "cnl_1", Status: tc.status, Preview: lifecycle.Preview{Lines: []lifecycle.LineEnd{
			{LineID: "lin_1", Number: "+33611223344", EndDate: d(2026, 11, 20)}}}}
		err := lifecycle.NotCancelledTwice(tact.FR, p, []*lifecycle.Cancellation{other, same})
		if tact.ErrorField(err) != tc.field || (err != nil && (tact.ErrorCode(err) != tact.CodeConflict || !strings.Contains(err.Error(), "06 11 22 33 44"))) {
			t.Errorf("earlier %s: %v", tc.status, err)
		}
	}
}
