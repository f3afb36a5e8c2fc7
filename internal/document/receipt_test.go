package document_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// receipt is Réjean Tardif's cancellation, received on 10 November 2026 at
// 16:00 in Paris, ending on the 20th, a €45 credit refunded.
func receipt(t *testing.T) document.Receipt {
	t.Helper()
	c := customer.New(tact.FR)
	c.ID, c.AccountNumber, c.GivenName, c.FamilyName, c.Salutation = "cus_1", "C-1001", "Réjean", "Tardif", customer.Monsieur
	lines := []*customer.Line{{ID: "lin_1", Number: "+33611223344", PlanCode: "P20", StartedOn: day(2025, 6, 1), Status: customer.LineActive}}
	received := time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)
	p, err := lifecycle.Plan(c, lines, lifecycle.Request{GivenName: "Réjean", FamilyName: "Tardif", AccountNumber: "C-1001"},
		lifecycle.Prices{Plans: map[string]int64{"P20": 1500}}, nil, received)
	if err != nil {
		t.Fatal(err)
	}
	p.Credits = []lifecycle.Credit{{CreditNoteID: "crn_1", Amount: eur(4500), Reason: "Frais Internet+"}}
	x := &lifecycle.Cancellation{ID: "cnl_1", CustomerID: c.ID, Kind: lifecycle.ByRequest, Status: lifecycle.Confirmed, Preview: p, ReceivedAt: &received}
	return document.Receipt{Operator: tact.DefaultOperator(), Customer: c, Cancellation: x, Issued: received}
}

// TestReceiptReadsBack: the receipt's PDF, read back, says when the request
// was received, when service ends, the reference, the credit refunded and
// the free number, in French "vous"; in English and "tu" when he asked; and
// a receipt without a free number or not yet received is refused.
func TestReceiptReadsBack(t *testing.T) {
	r := receipt(t)
	page, text, pages := render(t, r)
	for _, want := range []string{"Votre résiliation est enregistrée", "Monsieur Tardif", "10 novembre 2026, 16:00", "20 novembre 2026",
		"cnl_1", "C-1001", "06 11 22 33 44", "Frais Internet+", "45,00", "0 800 940 940", "RIO", "Le service de la ligne 06 11 22 33 44 prend fin"} {
		if !strings.Contains(text, want) || !strings.Contains(page, want) {
			t.Errorf("the receipt lacks %q\nPDF: %s", want, text)
		}
	}
	checkPages(t, pages, "0 800 940 940")
	subject, cover, err := r.Cover()
	if err != nil || subject != "Accusé de réception de résiliation cnl_1" || !strings.Contains(cover, "20 novembre 2026") || !strings.Contains(cover, "0 800 940 940") || !strings.Contains(cover, "cnl_1") {
		t.Errorf("cover %q, %v:\n%s", subject, err, cover)
	}

	r.Customer.FormOfAddress = customer.Tu
	if _, text, _ = render(t, r); !strings.Contains(text, "Ta résiliation est enregistrée") || strings.Contains(text, "Conservez") {
		t.Errorf("tu: %s", text)
	}
	r.Customer.Language = tact.LangEN
	if _, text, _ = render(t, r); !strings.Contains(text, "Your cancellation is confirmed") || !strings.Contains(text, "Friday 20 November 2026") {
		t.Errorf("English: %s", text)
	}

	r.Operator.SupportPhone = nil
	if err := r.Validate(); tact.ErrorField(err) != "operator.support_phone" {
		t.Errorf("no free number: %v", err)
	}
	r = receipt(t)
	r.Cancellation.ReceivedAt = nil
	if err := r.Validate(); tact.ErrorField(err) != "cancellation" {
		t.Errorf("not received: %v", err)
	}
}
