package document_test

import (
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/customer"
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
