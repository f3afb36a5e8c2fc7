package document_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// TestCover: the email's subject and plain text say, in her language and
// form of address, what the offer would cost, how to accept and the free
// number; a "tu" customer is written to with tu; an English one in English.
func TestCover(t *testing.T) {
	c := france(t)
	subject, text, err := c.Cover()
	if err != nil {
		t.Fatal(err)
	}
	has(t, "subject", subject, "Votre offre par écrit", "Passage à 100 Go")
	has(t, "text", text, "Bonjour Madame Le Brusq", "vous", "0 800 940 940", "Sur 24 mois", "document joint (PDF)")
	hasNot(t, "text", text, " tu ", " te ", " ton ")

	c.Customer.FormOfAddress = customer.Tu
	subject, text, _ = c.Cover()
	has(t, "subject (tu)", subject, "Ton offre par écrit")
	hasNot(t, "text (tu)", text, "vous")

	c.Customer.FormOfAddress, c.Customer.Language = customer.Vous, tact.LangEN
	subject, text, _ = c.Cover()
	has(t, "subject (en)", subject, "Your offer in writing: Move to 100 GB")
	has(t, "text (en)", text, "Over 24 months", "attached document (PDF)")
	if strings.Contains(text, "Bonjour") {
		t.Errorf("English text with French in it:\n%s", text)
	}

	c.Offer = nil
	if _, _, err := c.Cover(); err == nil {
		t.Error("a cover without its offer")
	}
}

// TestCoverPassesTheFormerCustomerRules: the offer's cover, the text an
// offer's delivery carries, gives the free support number of the customer's
// jurisdiction, so that a former customer who opted in to offers by email
// gets it (delivery.CheckFormerCustomerText): in France and Québec, "vous",
// "tu" and English.
func TestCoverPassesTheFormerCustomerRules(t *testing.T) {
	for _, c := range []document.Comparison{france(t), quebec(t)} {
		c.Customer.Status = customer.Former
		c.Customer.Consents = []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true,
			Source: customer.SourceWeb, Proof: "form-7", At: issued}}
		for _, form := range []struct {
			lang tact.Language
			tu   customer.FormOfAddress
		}{{c.Customer.Language, customer.Vous}, {c.Customer.Language, customer.Tu}, {tact.LangEN, customer.Vous}} {
			c.Customer.Language, c.Customer.FormOfAddress = form.lang, form.tu
			subject, text, err := c.Cover()
			if err != nil {
				t.Fatal(err)
			}
			d := delivery.Delivery{Kind: delivery.Offer, Method: delivery.Email, Subject: subject, Body: text}
			if err := delivery.CheckFormerCustomerText(&d, c.Customer, c.Operator); err != nil {
				t.Errorf("%s %s %s: %v\n%s", c.Customer.Jurisdiction, form.lang, form.tu, err, text)
			}
		}
	}
}

// TestReceiptPassesTheFormerCustomerRules: the cancellation receipt's email
// text gives the free support number of the customer's jurisdiction, and
// the digits of its reference and its amounts are not read as numbers to
// call (a reference with 614 in it, a final bill of 614,00 €), so a receipt
// to a former customer is not refused for them.
func TestReceiptPassesTheFormerCustomerRules(t *testing.T) {
	for _, c := range []document.Comparison{france(t), quebec(t)} {
		cus := c.Customer
		cus.Status = customer.Former
		received := issued.Add(-time.Hour)
		cur := cus.Jurisdiction.Currency()
		end := tact.DateOf(issued.AddDate(0, 0, 10))
		x := &lifecycle.Cancellation{ID: "can_01KK614AB0XYZW2RS5TV7NQ3MA", CustomerID: cus.ID, Kind: lifecycle.ByRequest, ReceivedAt: &received,
			Preview: lifecycle.Preview{EndDate: end, WholeAccount: true, FinalBillEstimate: tact.Money{Cents: 61400, Currency: cur},
				Lines:      []lifecycle.LineEnd{{LineID: c.Line.ID, Number: c.Line.Number, EndDate: end, FinalCharges: tact.Money{Cents: 61400, Currency: cur}}},
				Effects:    []tact.Text{{FR: "Votre ligne s'arrête à la date de fin.", EN: "Your line stops on the end date."}},
				KeepNumber: tact.Text{FR: "Demandez votre RIO.", EN: "Ask for your number transfer code."}}}
		for _, form := range []struct {
			lang tact.Language
			tu   customer.FormOfAddress
		}{{cus.Language, customer.Vous}, {cus.Language, customer.Tu}, {tact.LangEN, customer.Vous}} {
			cus.Language, cus.FormOfAddress = form.lang, form.tu
			r := document.Receipt{Operator: c.Operator, Customer: cus, Cancellation: x, Issued: issued}
			subject, text, err := r.Cover()
			if err != nil {
				t.Fatal(err)
			}
			d := delivery.Delivery{Kind: delivery.Receipt, Method: delivery.Email, Subject: subject, Body: text}
			if err := delivery.CheckFormerCustomerText(&d, cus, c.Operator); err != nil {
				t.Errorf("%s %s %s: %v\n%s", cus.Jurisdiction, form.lang, form.tu, err, text)
			}
		}
	}
}
