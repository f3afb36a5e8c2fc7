package document_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/tact"
)

// billIssued is when the November bills are issued.
var billIssued = time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) tact.Date { return tact.Date{Year: y, Month: m, Day: d} }

// franceBill is Madame Le Brusq's November bill (vous, fr-FR), one line of
// every kind but adjustment: 15,00 € plan, 5,00 € option, 11,20 € beyond
// the plan, 7,00 € roaming, two third-party charges kept with her consent
// (Contact+ 9,99 €, a horoscope 4,99 €), a 5,00 € credit: 48,18 €, due on
// 16 December. Her line is committed until 14 March 2027.
func franceBill(t testing.TB) document.Bill {
	t.Helper()
	cus := &customer.Customer{ID: "cus_1", AccountNumber: "C-0042-1789", GivenName: "Maëlle", FamilyName: "Le Brusq", Salutation: customer.Madame,
		FormOfAddress: customer.Vous, Language: tact.LangFrFR, Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Status: customer.Active,
		Address: &customer.Address{Lines: []string{"12 rue des Lilas"}, PostalCode: "75011", City: "Paris", Country: "FR"}}
	line := &customer.Line{ID: "lin_1", CustomerID: cus.ID, Number: "+33612345678", PlanCode: "FR-20G", Status: customer.LineActive,
		CommitmentEndsOn: day(2027, 3, 14)}
	lines := []billing.Line{
		{Kind: billing.Plan, Description: "Forfait Série Libre 20 Go", Amount: eur(1500)},
		{Kind: billing.Option, Description: "Option Europe", Amount: eur(500)},
		{Kind: billing.Usage, Description: "Données au-delà de 20 Go (1 Go entamé)", Amount: eur(1000), Date: day(2026, 11, 12)},
		{Kind: billing.Usage, Description: "Appel vers le Royaume-Uni, 4 min", Amount: eur(120), Date: day(2026, 11, 18)},
		{Kind: billing.Roaming, Description: "Données à l’étranger (Suisse), 1 Go entamé", Amount: eur(700), Date: day(2026, 11, 21)},
		{Kind: billing.ThirdParty, Description: "Contact+ abonnement mensuel", Amount: eur(999), Date: day(2026, 11, 3),
			Provider: &billing.Provider{Name: "Mobiquity Média", Service: "Contact+", Complaints: "reclamation@mobiquity.example", ConsentRef: "tpc_1"}},
		{Kind: billing.ThirdParty, Description: "Horoscope du jour", Amount: eur(499), Date: day(2026, 11, 8),
			Provider: &billing.Provider{Name: "Horoscopix SAS", Service: "Horoscope quotidien", Complaints: "01 84 80 12 34", ConsentRef: "tpc_2"}},
		{Kind: billing.Credit, Description: "Geste commercial (dossier cas_9)", Amount: eur(-500)},
	}
	b := &billing.Bill{ID: "F-2026-11-000123", CustomerID: cus.ID, LineID: line.ID, From: day(2026, 11, 1), To: day(2026, 11, 30),
		Lines: lines, Total: eur(billing.Sum(lines)), DueOn: day(2026, 12, 16), Status: billing.Validated}
	return document.Bill{Operator: tact.DefaultOperator(), Customer: cus, Line: line, Bill: b, Issued: billIssued}
}

// quebecBill is Monsieur Gagnon's November bill (fr-CA, CA-QC): his plan,
// roaming and a credit, in Canadian dollars; his line has no commitment.
func quebecBill(t testing.TB) document.Bill {
	t.Helper()
	cus := &customer.Customer{ID: "cus_2", GivenName: "Réjean", FamilyName: "Gagnon", Salutation: customer.Monsieur,
		FormOfAddress: customer.Vous, Language: tact.LangFrCA, Jurisdiction: tact.CAQC, TimeZone: "America/Toronto", Status: customer.Active,
		Address: &customer.Address{Lines: []string{"4521 rue Saint-Denis", "app. 3"}, PostalCode: "H2J 2L4", City: "Montréal", Region: "QC", Country: "CA"}}
	line := &customer.Line{ID: "lin_2", CustomerID: cus.ID, Number: "+15145550199", PlanCode: "QC-10G", Status: customer.LineActive}
	lines := []billing.Line{
		{Kind: billing.Plan, Description: "Forfait Mobile 10 Go", Amount: cad(5500)},
		{Kind: billing.Roaming, Description: "Données aux États-Unis, 1 Go", Amount: cad(1200), Date: day(2026, 11, 14)},
		{Kind: billing.Credit, Description: "Crédit de fidélité", Amount: cad(-1000)},
	}
	b := &billing.Bill{ID: "QC-2026-11-000456", CustomerID: cus.ID, LineID: line.ID, From: day(2026, 11, 1), To: day(2026, 11, 30),
		Lines: lines, Total: cad(billing.Sum(lines)), DueOn: day(2026, 12, 21), Status: billing.Validated}
	return document.Bill{Operator: tact.DefaultOperator(), Customer: cus, Line: line, Bill: b, Issued: billIssued}
}

// renderBill makes both documents and returns the HTML and the PDF's text,
// as render does for a comparison.
func renderBill(t *testing.T, b document.Bill) (page, pdfText string, pages []pdfPage) {
	t.Helper()
	return render(t, b)
}

// checkPages: every page is A4, its fonts embedded, the free number in its
// footer.
func checkPages(t *testing.T, pages []pdfPage, footer string) {
	t.Helper()
	for i, pg := range pages {
		if w, h := pg.MediaBox[2]-pg.MediaBox[0], pg.MediaBox[3]-pg.MediaBox[1]; w < 595 || w > 596 || h < 841 || h > 842 {
			t.Errorf("page %d is %.2f × %.2f pt, not A4", i+1, w, h)
		}
		if !pg.Embedded {
			t.Errorf("page %d uses a font that is not embedded", i+1)
		}
		has(t, "PDF footer", pg.Text, footer)
	}
}

// TestBillFrench: Madame Le Brusq reads her bill, in the HTML and the PDF
// alike: her name and address as on the envelope, her account, line and
// bill numbers, the period and the dates; her lines grouped under French
// headings with the accents and euro amounts as wording writes them, the
// subtotals and the total; on each third-party line its provider, service
// and complaint contact, and how to dispute it in one click or on the free
// number and switch third-party billing off (story 1); her commitment end
// and the free number.
func TestBillFrench(t *testing.T) {
	b := franceBill(t)
	if b.Bill.Total.Cents != 4818 {
		t.Fatalf("fixture: total %v", b.Bill.Total)
	}
	page, pdf, pages := renderBill(t, b)
	want := []string{
		"Votre facture", "Du 1er au 30 novembre 2026", "Bonjour Madame Le Brusq,",
		"Maëlle Le Brusq", "12 rue des Lilas", "75011 Paris",
		"Numéro de client", "C-0042-1789", "06 12 34 56 78", "Facture n°", "F-2026-11-000123",
		"Émise le", "mercredi 2 décembre 2026", "À payer avant le", "mercredi 16 décembre 2026",
		"Voici votre facture pour la ligne 06 12 34 56 78.",
		"Montant à payer\u00a0: 48,18\u00a0€, au plus tard le mercredi 16 décembre 2026.",
		"Engagement jusqu’au dimanche 14 mars 2027.",
		"Forfait", "Forfait Série Libre 20 Go", "15,00\u00a0€",
		"Options", "Option Europe", "5,00\u00a0€",
		"Consommations hors forfait", "Données au-delà de 20 Go (1 Go entamé), le 12 novembre", "10,00\u00a0€", "1,20\u00a0€",
		"Sous-total", "11,20\u00a0€",
		"Itinérance", "Données à l’étranger (Suisse), 1 Go entamé, le 21 novembre", "7,00\u00a0€",
		"Services de tiers", "Fournisseur et service", "Pour réclamer auprès du fournisseur",
		"Mobiquity Média — Contact+", "reclamation@mobiquity.example", "9,99\u00a0€",
		"Horoscopix SAS — Horoscope quotidien", "01 84 80 12 34", "4,99\u00a0€", "14,98\u00a0€",
		"Vous pouvez contester l’un de ces montants en un clic dans votre espace client, ou en appelant gratuitement le 0 800 940 940\u00a0: il vous est remboursé aussitôt par un avoir",
		"Vous pouvez aussi désactiver à tout moment la facturation par des tiers",
		"Avoirs", "Geste commercial (dossier cas_9)", "-5,00\u00a0€",
		"Total de la facture", "48,18\u00a0€",
		"le montant contesté ne vous est pas réclamé tant que nous ne vous avons pas répondu",
		"Service client gratuit\u00a0: 0 800 940 940",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", page, want...)
	unwanted := []string{"Ta facture", "Tu peux", " ton ", "$", "Hello", "\uFFFD", "Sans engagement", "Régularisations", "Reste à payer"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", page, unwanted...)

	has(t, "HTML", page, `<html lang="fr-FR">`, `<h1 id="title">Votre facture</h1>`,
		`<section aria-labelledby="third-party">`, `<h2 id="third-party">Services de tiers</h2>`, `<table aria-labelledby="third-party">`,
		`<th scope="col">Pour réclamer auprès du fournisseur</th>`, `<th scope="row">Horoscope du jour, le 8 novembre</th>`,
		`<td class="amount">4,99`+"\u00a0"+`€</td>`, `class="verdict due"`,
		`<p class="recipient">Maëlle Le Brusq<br>12 rue des Lilas<br>75011 Paris</p>`)
	hasNot(t, "HTML", page, "<script", "<link", "<img", "src=")
	uniqueIDs(t, page)

	// The country is printed on mail going abroad only.
	abroad := franceBill(t)
	abroad.Customer.Address = &customer.Address{Lines: []string{"Rue Haute 12"}, PostalCode: "1000", City: "Bruxelles", Country: "BE"}
	var h bytes.Buffer
	if err := abroad.HTML(&h); err != nil {
		t.Fatal(err)
	}
	has(t, "HTML (abroad)", h.String(), `<p class="recipient">Maëlle Le Brusq<br>Rue Haute 12<br>1000 Bruxelles<br>BE</p>`)
	abroad.Customer.Address = nil
	h.Reset()
	if err := abroad.HTML(&h); err != nil {
		t.Fatal(err)
	}
	has(t, "HTML (no address)", h.String(), `<p class="recipient">Maëlle Le Brusq</p>`)

	// The total is on the first page, with what is asked and the
	// commitment; the detail follows.
	if len(pages) > 2 {
		t.Errorf("%d pages for a bill of eight lines", len(pages))
	}
	has(t, "page 1", strings.ReplaceAll(pages[0].Text, "\n", " "), "Montant à payer", "Engagement jusqu’au", "Total de la facture", "Services de tiers", "48,18\u00a0€")
	checkPages(t, pages, "Opérateur Démo — Service client gratuit\u00a0: 0 800 940 940")
	if !strings.HasPrefix(strings.TrimSpace(pages[0].Text), "Opérateur Démo\nVotre facture") {
		t.Errorf("the bill does not open with the operator and its title: %.60q", pages[0].Text)
	}
}

// TestBillTu: a customer who asked for "tu" is addressed "tu" throughout,
// in France and in Québec, by her given name.
func TestBillTu(t *testing.T) {
	for _, b := range []document.Bill{franceBill(t), quebecBill(t)} {
		b.Customer.GivenName, b.Customer.FamilyName, b.Customer.Salutation, b.Customer.FormOfAddress = "Camille", "Roux", customer.None, customer.Tu
		lang := string(b.Customer.Language)
		page, pdf, _ := renderBill(t, b)
		want := []string{"Ta facture", "Bonjour Camille,", "Voici ta facture pour la ligne",
			"le montant contesté ne t’est pas réclamé tant que nous ne t’avons pas répondu"}
		if b.Customer.Jurisdiction == tact.FR {
			want = append(want, "Tu peux contester l’un de ces montants en un clic dans ton espace client",
				"Tu peux aussi désactiver à tout moment la facturation par des tiers")
		}
		has(t, lang+" PDF", pdf, want...)
		has(t, lang+" HTML", page, want...)
		for _, doc := range []string{pdf, page} {
			if strings.Contains(strings.ToLower(doc), "vous") || strings.Contains(strings.ToLower(doc), "votre") {
				t.Errorf("%s: a \"tu\" customer is addressed \"vous\": %q", lang, around(doc, "vo"))
			}
		}
	}
}

// TestBillQuebec: a Québec customer reads Canadian dollars as fr-CA writes
// them, Québec's words ("Crédits"), the Québec free number, his address as
// Canada Post prints it, and that his line has no commitment.
func TestBillQuebec(t *testing.T) {
	b := quebecBill(t)
	page, pdf, pages := renderBill(t, b)
	want := []string{
		"Votre facture", "Bonjour Monsieur Gagnon,", "Réjean Gagnon", "4521 rue Saint-Denis", "Montréal QC  H2J 2L4",
		"(514) 555-0199", "QC-2026-11-000456",
		"Montant à payer\u00a0: 57,00\u00a0$, au plus tard le lundi 21 décembre 2026.",
		"Sans engagement.",
		"Forfait", "55,00\u00a0$", "Itinérance", "Données aux États-Unis, 1 Go, le 14 novembre", "12,00\u00a0$",
		"Crédits", "Crédit de fidélité", "-10,00\u00a0$", "57,00\u00a0$",
		"Service client gratuit\u00a0: 1 888 555-0140",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", page, want...)
	has(t, "HTML", page, `<html lang="fr-CA">`, `<p class="recipient">Réjean Gagnon<br>4521 rue Saint-Denis<br>app. 3<br>Montréal QC  H2J 2L4</p>`)
	unwanted := []string{"€", "0 800 940 940", "Avoirs", "Engagement jusqu", "Services de tiers", "CA$", "\uFFFD"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", page, unwanted...)
	checkPages(t, pages, "Opérateur Démo — Service client gratuit\u00a0: 1 888 555-0140")

	// A commitment that ended before the bill is no commitment.
	b.Line.CommitmentEndsOn = day(2026, 11, 30)
	page, _, _ = renderBill(t, b)
	has(t, "HTML", page, "Sans engagement.")
	b.Line.CommitmentEndsOn = day(2026, 12, 2)
	page, _, _ = renderBill(t, b)
	has(t, "HTML", page, "Engagement jusqu’au mercredi 2 décembre 2026.")
}

// TestBillEnglish: an "en" customer reads English labels, English money and
// dates, and the same promises about third-party lines.
func TestBillEnglish(t *testing.T) {
	b := franceBill(t)
	b.Customer.GivenName, b.Customer.FamilyName, b.Customer.Language = "Sarah", "Cohen", tact.LangEN
	page, pdf, _ := renderBill(t, b)
	want := []string{
		"Your bill", "From 1 to 30 November 2026", "Hello Ms Cohen,", "Customer number", "Bill number", "Issued on", "Due by",
		"Amount to pay: €48.18, by Wednesday 16 December 2026.", "Commitment until Sunday 14 March 2027.",
		"Plan", "Options", "Usage beyond the plan", "Roaming", "Third-party services", "Credits", "Subtotal", "Bill total",
		"Provider and service", "To complain to the provider", "Mobiquity Média — Contact+", "€9.99", "-€5.00", "€48.18",
		", 12 November",
		"You can dispute any of these amounts with one click in your customer space, or by calling 0 800 940 940 free of charge",
		"You can also switch third-party billing off at any time",
		"Free customer service: 0 800 940 940",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", page, want...)
	has(t, "HTML", page, `<html lang="en">`)
	unwanted := []string{"Bonjour", "Votre", "vous", "Avoirs", "Sous-total", "€\u00a0"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", page, unwanted...)
}

// TestBillNothingToPay: a bill in credit, at zero or already paid never
// reads like a demand (story 3); a part payment leaves the rest to pay.
func TestBillNothingToPay(t *testing.T) {
	credit := func(b *document.Bill) {
		b.Bill.Lines = []billing.Line{{Kind: billing.Credit, Description: "Remboursement Contact+ (litige)", Amount: eur(-999)}}
		b.Bill.Total, b.Bill.DueOn = eur(-999), tact.Date{}
	}
	tests := []struct {
		name      string
		edit      func(*document.Bill)
		want      []string
		unwanted  []string
		wantTotal []string
	}{
		{"in credit", credit,
			[]string{"Votre compte est créditeur de 9,99\u00a0€\u00a0: vous n’avez rien à payer.", "-9,99\u00a0€"},
			[]string{"Montant à payer", "À payer avant le"}, nil},
		{"zero", func(b *document.Bill) {
			b.Bill.Lines = []billing.Line{{Kind: billing.Usage, Description: "Appels vers les numéros d’urgence", Amount: eur(0), InPlan: true}}
			b.Bill.Total, b.Bill.DueOn = eur(0), tact.Date{}
		}, []string{"Cette facture est de 0,00\u00a0€\u00a0: vous n’avez rien à payer.", "Consommations", "(inclus dans le forfait)"},
			[]string{"Montant à payer", "hors forfait"}, nil},
		{"paid", func(b *document.Bill) { b.Bill.Paid = eur(4818) },
			[]string{"Cette facture de 48,18\u00a0€ est réglée\u00a0: vous n’avez rien à payer.", "Déjà réglé", "Reste à payer"},
			[]string{"Montant à payer", "À payer avant le"}, nil},
		{"part paid", func(b *document.Bill) { b.Bill.Paid = eur(2000) },
			[]string{"Reste à payer\u00a0: 28,18\u00a0€ sur 48,18\u00a0€, au plus tard le mercredi 16 décembre 2026.", "Déjà réglé", "20,00\u00a0€", "28,18\u00a0€"},
			nil, nil},
		{"no due date", func(b *document.Bill) { b.Bill.DueOn = tact.Date{} },
			[]string{"Total de cette facture\u00a0: 48,18\u00a0€. Aucun paiement ne vous est demandé par cette facture."},
			[]string{"Montant à payer", "À payer avant le"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := franceBill(t)
			tt.edit(&b)
			page, pdf, _ := renderBill(t, b)
			has(t, "PDF", pdf, tt.want...)
			has(t, "HTML", page, tt.want...)
			hasNot(t, "PDF", pdf, tt.unwanted...)
			hasNot(t, "HTML", page, tt.unwanted...)
		})
	}
}

// TestBillRefused: what must never be printed is refused, and nothing is
// written: a blank bill (story 3), a payment asked for nothing, a total
// that is not the sum of its lines, a third-party line without its
// provider, a bill without the free number (story 1), another customer's
// bill, an insert with nothing to say.
func TestBillRefused(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*document.Bill)
		code  tact.Code
		field string
	}{
		{"no lines", func(b *document.Bill) { b.Bill.Lines, b.Bill.Total, b.Bill.DueOn = nil, eur(0), tact.Date{} }, tact.CodeRequired, "bill.lines"},
		{"no lines, a cent asked", func(b *document.Bill) { b.Bill.Lines, b.Bill.Total = nil, eur(1) }, tact.CodeRequired, "bill.lines"},
		{"a payment asked for nothing", func(b *document.Bill) {
			b.Bill.Lines = []billing.Line{{Kind: billing.Credit, Description: "Avoir", Amount: eur(-1)}}
			b.Bill.Total = eur(-1)
		}, tact.CodeInvalid, "bill.due_on"},
		{"total not the sum", func(b *document.Bill) { b.Bill.Total = eur(14900000) }, tact.CodeInvalid, "bill.total"},
		{"third-party line without provider", func(b *document.Bill) { b.Bill.Lines[5].Provider = nil }, tact.CodeRequired, "bill.lines[5].provider"},
		{"no bill", func(b *document.Bill) { b.Bill = nil }, tact.CodeRequired, "bill"},
		{"no line", func(b *document.Bill) { b.Line = nil }, tact.CodeRequired, "line"},
		{"undated", func(b *document.Bill) { b.Issued = time.Time{} }, tact.CodeRequired, "issued"},
		{"no free number", func(b *document.Bill) {
			b.Operator.SupportPhone = map[tact.Jurisdiction]string{tact.CAQC: "1 888 555-0140"}
		}, tact.CodeRequired, "operator.support_phone"},
		{"another customer's bill", func(b *document.Bill) { b.Bill.CustomerID = "cus_9" }, tact.CodeInvalid, "bill.customer_id"},
		{"another line's bill", func(b *document.Bill) { b.Bill.LineID = "lin_9" }, tact.CodeInvalid, "line"},
		{"insert without title", func(b *document.Bill) { b.Inserts = []document.Insert{{Text: "Une offre"}} }, tact.CodeRequired, "inserts[0].title"},
		{"insert without text", func(b *document.Bill) { b.Inserts = []document.Insert{{Title: "Votre offre par écrit"}} }, tact.CodeRequired, "inserts[0].text"},
		{"insert with an incomplete offer", func(b *document.Bill) {
			c := france(t)
			c.Compared = nil
			b.Inserts = []document.Insert{{Title: "Votre offre par écrit", Offer: &c}}
		}, tact.CodeRequired, "inserts[0].offer.compared"},
		{"insert with another customer's offer", func(b *document.Bill) {
			c := quebec(t)
			b.Inserts = []document.Insert{{Title: "Votre offre par écrit", Offer: &c}}
		}, tact.CodeInvalid, "inserts[0].offer.customer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := franceBill(t)
			tt.edit(&b)
			if err := b.Validate(); tact.ErrorCode(err) != tt.code || tact.ErrorField(err) != tt.field {
				t.Fatalf("Validate: %v (field %q), want %s %s", err, tact.ErrorField(err), tt.code, tt.field)
			}
			var h, p bytes.Buffer
			for name, err := range map[string]error{"HTML": b.HTML(&h), "PDF": b.PDF(&p)} {
				if tact.ErrorCode(err) != tt.code || tact.ErrorField(err) != tt.field {
					t.Errorf("%s: %v, want %s %s", name, err, tt.code, tt.field)
				}
			}
			if h.Len() != 0 || p.Len() != 0 {
				t.Errorf("%d bytes of HTML and %d of PDF written for a refused bill", h.Len(), p.Len())
			}
		})
	}
	if err := franceBill(t).Validate(); err != nil {
		t.Errorf("the fixture is refused: %v", err)
	}
}

// TestBillInserts: offers queued as bill inserts (story 2) are printed after
// the bill, each from a page of its own under the title it was queued with:
// with its comparison, the whole comparison down to the contract summary,
// its headings one level down and its ids its own; without, the text as
// queued, its list as a list; each with the delivery's reference.
func TestBillInserts(t *testing.T) {
	b := franceBill(t)
	c := france(t)
	c.Issued = billIssued
	subject, cover, err := c.Cover()
	if err != nil {
		t.Fatal(err)
	}
	b.Inserts = []document.Insert{
		{DeliveryID: "dlv_1", Title: subject, Text: cover, Offer: &c},
		{DeliveryID: "dlv_2", Title: "Votre offre par écrit\u00a0: Recharge 10 Go", Text: "Bonjour Madame Le Brusq,\n\nVoici l’offre promise.\n  - appelez gratuitement le 0 800 940 940,\n  - ou rendez-vous en boutique.\n\nOpérateur Démo"},
	}
	page, pdf, pages := renderBill(t, b)
	want := []string{
		"Votre offre par écrit\u00a0: Passage à 100 Go", "Offre «\u00a0Passage à 100 Go\u00a0»",
		"Sur 24 mois, cette offre vous coûterait 1\u202f432,00\u00a0€ de moins que votre forfait actuel.",
		"Vos 6 derniers mois, facturés des deux façons", "Récapitulatif contractuel",
		"Référence de l’envoi\u00a0: dlv_1",
		"Votre offre par écrit\u00a0: Recharge 10 Go", "Voici l’offre promise.", "Référence de l’envoi\u00a0: dlv_2",
		// The bill is all there before them.
		"Services de tiers", "Total de la facture",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", page, want...)
	// The comparison's cover is not printed beside the comparison itself.
	hasNot(t, "HTML", page, "document joint (PDF)")
	hasNot(t, "PDF", pdf, "document joint (PDF)")

	has(t, "HTML", page,
		`<section aria-labelledby="insert-1" class="page">`, `<h2 id="insert-1">Votre offre par écrit`,
		`<h3 id="insert-1-verdict">En résumé</h3>`, `<table aria-labelledby="insert-1-usage">`,
		`<section aria-labelledby="insert-1-summary" class="summary page">`, `<h4 id="insert-1-summary-0">`,
		`<section aria-labelledby="insert-2" class="page">`,
		"<ul><li>appelez gratuitement le 0 800 940 940,</li><li>ou rendez-vous en boutique.</li></ul>")
	uniqueIDs(t, page)

	// Each insert opens a page of its own, after the bill's; so does the
	// offer's contract summary.
	starts := func(prefix string) int {
		for i, pg := range pages {
			if strings.HasPrefix(strings.TrimSpace(pg.Text), prefix) {
				return i
			}
		}
		t.Errorf("no page opens with %q", prefix)
		return -1
	}
	first, summary, second := starts("Votre offre par écrit\u00a0: Passage"), starts("Récapitulatif contractuel"), starts("Votre offre par écrit\u00a0: Recharge")
	if !(0 < first && first < summary && summary < second) {
		t.Errorf("pages: the offer from %d, its summary from %d, the second insert from %d", first, summary, second)
	}
	checkPages(t, pages, "Opérateur Démo — Service client gratuit\u00a0: 0 800 940 940")
	if n := len(pages); !strings.Contains(pages[n-1].Text, "/"+strconv.Itoa(n)) {
		t.Errorf("the last page's footer does not count %d pages: %q", n, pages[n-1].Text)
	}
}

// uniqueIDs fails the test for an id used twice in a page: a heading a
// table is labelled by must be the one.
func uniqueIDs(t *testing.T, page string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("id %q is used twice", m[1])
		}
		seen[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`aria-labelledby="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !seen[m[1]] {
			t.Errorf("labelled by %q, which no element is", m[1])
		}
	}
}
