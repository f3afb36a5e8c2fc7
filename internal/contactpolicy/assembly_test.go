package contactpolicy_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// TestAssembly: each customer's look-back by jurisdiction, the caps, the
// credits counted, outbound contacts before surveys, rows of customers not
// read left out.
func TestAssembly(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	q := contactpolicy.FactsQuery{MaxAttempts: 2, MaxOpen: 1, Since: func(j tact.Jurisdiction) time.Time {
		if j == tact.CAQC {
			return now.Add(-10 * 24 * time.Hour)
		}
		return now.Add(-30 * 24 * time.Hour)
	}}
	a := q.Assemble()
	ids, earliest := a.AddCustomers([]*customer.Customer{frCustomer(), qcCustomer()})
	if len(ids) != 2 || !earliest.Equal(now.Add(-30*24*time.Hour)) {
		t.Fatalf("ids %v, earliest %v", ids, earliest)
	}
	call := func(days int) contactpolicy.Attempt {
		return contactpolicy.Attempt{At: now.Add(-time.Duration(days) * 24 * time.Hour), Channel: tact.ChannelPhone, Purpose: tact.PurposeSales}
	}
	survey := contactpolicy.Attempt{At: now.Add(-200 * 24 * time.Hour), Purpose: tact.PurposeSurvey, Subject: "exit"}
	a.AddSurvey("cus_fr", survey)
	for _, d := range []int{1, 5, 9, 40} {
		a.AddOutbound("cus_fr", call(d))
	}
	a.AddOutbound("cus_qc", call(5))
	a.AddOutbound("cus_qc", call(20))
	a.HasContract("cus_qc")
	a.HasContract("cus_nobody")
	a.AddPromise(&commitment.Commitment{ID: "com_1", CustomerID: "cus_fr", Kind: commitment.IssueCredit})
	a.AddPromise(&commitment.Commitment{ID: "com_2", CustomerID: "cus_fr", Kind: commitment.IssueCredit})
	a.AddCase(&cases.Case{ID: "cas_1", CustomerID: "cus_qc"})
	a.AddCase(&cases.Case{ID: "cas_9", CustomerID: "cus_nobody"})
	facts := a.Facts()

	fr, qc := facts["cus_fr"], facts["cus_qc"]
	if len(facts) != 2 || fr.HasContract || !qc.HasContract {
		t.Fatalf("facts %v", facts)
	}
	if len(fr.Attempts) != 3 || !fr.Attempts[0].At.Equal(call(1).At) || !fr.Attempts[1].At.Equal(call(5).At) || fr.Attempts[2] != survey {
		t.Errorf("France: two newest calls (the cap), then the survey: %+v", fr.Attempts)
	}
	if len(qc.Attempts) != 1 || !qc.Attempts[0].At.Equal(call(5).At) {
		t.Errorf("Québec: only the call within its 10-day look-back: %+v", qc.Attempts)
	}
	if len(fr.Promises) != 1 || fr.PendingCredits != 1 || len(qc.Cases) != 1 {
		t.Errorf("one open matter each (the cap), one credit counted: %+v %+v", fr, qc)
	}
}
