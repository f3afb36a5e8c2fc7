package web_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/demo"
)

// lastBill is the newest of the bills the demo gave a customer, as his
// space lists them.
func (s *space) lastBill(tb testing.TB, c *customer.Customer) *billing.Bill {
	tb.Helper()
	bills, err := s.app.Bills.Issued(context.Background(), c.ID, 10)
	must(tb, "Bills.Issued", err)
	if len(bills) == 0 {
		tb.Fatalf("the demo gave %s no bill", c.FullName())
	}
	return bills[0]
}

// TestSpaceStory3HeldBillHidden is story 3 in her own space: she reads her
// three paid bills and the €23.40 credit pending on the one debited twice,
// and nothing of the €149,000 bill the review holds for a supervisor: not
// in her lists, and its pages answer as for a bill that does not exist.
//
// TestSpaceCustomerSeesOnlyHisOwn signs her in too, and only the latest
// code sent to an address counts: this test is not parallel, so her code
// here is used before that test asks its own, and it is asked a minute
// earlier, so that it is not that test's latest.
func TestSpaceStory3HeldBillHidden(t *testing.T) {
	s := newSpace(t)
	s.clock.Set(consoleTime.Add(-time.Minute))
	st := s.story(t, "cancellation")
	annick := s.customerOf(t, st.CustomerID)
	held, err := s.app.Bills.Get(context.Background(), st.BillID)
	must(t, "the held bill", err)
	if held.Status != billing.OnHold || held.CustomerID != annick.ID {
		t.Fatalf("story 3's bill is %s, %s's; want on hold, hers", held.Status, held.CustomerID)
	}
	notes, err := s.app.Bills.CreditNotes(context.Background(), annick.ID)
	must(t, "CreditNotes", err)
	if len(notes) != 1 || notes[0].Amount.Cents != demo.PendingCredit || notes[0].BillID == "" {
		t.Fatalf("her credit notes: %+v", notes)
	}
	b := s.browser(t)
	s.signInSpace(t, b, annick)

	_, home := b.get("/space/")
	_, list := b.get("/space/bills")
	for name, page := range map[string]string{"home": home, "bills": list} {
		if strings.Contains(page, held.ID) || strings.Contains(page, "149") {
			t.Errorf("her %s page shows the held bill:\n%s", name, bodyText(mainOf(page)))
		}
	}
	if n := strings.Count(list, `href="/space/bills/bil_`); n != 3 {
		t.Errorf("her bills list %d bills, want her 3 paid ones:\n%s", n, bodyText(mainOf(list)))
	}
	_, nowhere := b.get("/space/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA")
	for _, p := range []string{"/space/bills/" + held.ID, "/space/bills/" + held.ID + "/document", "/space/bills/" + held.ID + "/document?format=pdf"} {
		resp, page := b.get(p)
		if resp.StatusCode != http.StatusNotFound || bodyText(page) != bodyText(nowhere) {
			t.Errorf("GET %s: %d, want the 404 of a bill that does not exist:\n%s", p, resp.StatusCode, bodyText(mainOf(page)))
		}
	}
	// The credit she waits for, on the bill it corrects.
	if !strings.Contains(list, `href="/space/bills/`+notes[0].BillID+`"`) {
		t.Fatalf("the bill her credit corrects, %s, is not among hers", notes[0].BillID)
	}
	_, page := b.get("/space/bills/" + notes[0].BillID)
	contains(t, "the bill debited twice", html.UnescapeString(bodyText(page)), "Avoirs", "23,40 € — Double prélèvement de votre facture de", "(en attente de remboursement)")
}
