package app_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestBillsIssuedNewestFirst: a customer's space lists his newest bills
// first and, asked for fewer than he has, the newest ones, though the
// oldest were received first (held bills are left out: story 3's tests).
func TestBillsIssuedNewestFirst(t *testing.T) {
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		w := newWorld(t, st, time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC), notice.Leads{})
		c, l := w.customer(customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Lise"), FamilyName: tact.Some("Factures")},
			"+33612345670", "FR-5G", "", 0, "", "")
		ctx := tact.WithActor(w.ctx, tact.Actor{Kind: tact.ActorToken, ID: "tok_test", Name: "billing"})
		// Received oldest month first, so the ids ascend with the periods.
		var sent []string // ids, oldest period first
		for _, m := range []string{"2026-01", "2026-02", "2026-03", "2026-04"} {
			from := date(m + "-01")
			to := date(m + "-28")
			res, err := w.a.Bills.Submit(ctx, "test-billing", []billing.Bill{{CustomerID: c.ID, LineID: l.ID, From: from, To: to, DueOn: date(m + "-28"),
				Lines: []billing.Line{{Kind: billing.Plan, Description: "Mobile 5 Go", Amount: tact.Money{Cents: 800, Currency: tact.EUR}}},
				Total: tact.Money{Cents: 800, Currency: tact.EUR}}})
			if err != nil {
				t.Fatal(err)
			}
			if b := res.Bills[0]; b.Status != billing.Validated {
				t.Fatalf("bill of %s: %s %+v", m, b.Status, b.Review)
			}
			sent = append(sent, res.Bills[0].ID)
		}
		two, err := w.a.Bills.Issued(ctx, c.ID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(two) != 2 || two[0].ID != sent[3] || two[1].ID != sent[2] {
			t.Errorf("his 2 newest bills: %v, want April's %s then March's %s", ids(two), sent[3], sent[2])
		}
		all, err := w.a.Bills.Issued(ctx, c.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 4 || all[3].ID != sent[0] {
			t.Errorf("all his bills: %v, want the 4, January's last", ids(all))
		}
	})
}

func ids(bills []*billing.Bill) []string {
	out := make([]string, len(bills))
	for i, b := range bills {
		out[i] = b.ID
	}
	return out
}
