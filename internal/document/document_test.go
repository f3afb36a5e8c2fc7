package document_test

import (
	"bytes"
	"html"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

var (
	issued     = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	validUntil = tact.Date{Year: 2026, Month: 12, Day: 31}
)

func eur(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }
func cad(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.CAD} }
func gb(n int64) catalog.Allowance {
	return catalog.Allowance{Amount: n * 1000}
}

// france is Madame Le Brusq (vous, fr-FR) on a 20 GB plan she goes beyond
// every month, offered the 100 GB plan at €22 with a 12-month commitment:
// she would pay less. Her last six months cost 75, 95, 65, 115, 85 and 55 €
// (15 € and 10 € per started GB beyond 20 GB): 490 € the six months, so
// 1 960 € over 24 months against 24 × 22 = 528 €.
func france(t testing.TB, dataMB ...int64) document.Comparison {
	t.Helper()
	if len(dataMB) == 0 {
		dataMB = []int64{26000, 28000, 25000, 30000, 27000, 24000}
	}
	cus := &customer.Customer{ID: "cus_1", GivenName: "Maëlle", FamilyName: "Le Brusq", Salutation: customer.Madame,
		FormOfAddress: customer.Vous, Language: tact.LangFrFR, Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Status: customer.Active}
	line := &customer.Line{ID: "lin_1", CustomerID: cus.ID, Number: "+33612345678", PlanCode: "FR-20G", Status: customer.LineActive}
	current := &catalog.Plan{Code: "FR-20G", Name: tact.Text{FR: "Série Libre 20 Go", EN: "Free Series 20 GB"}, Jurisdiction: tact.FR,
		MonthlyPrice: eur(1500), DataMB: gb(20), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2,
		Tariff: catalog.Tariff{DataPerGB: eur(1000), RoamingDataMB: gb(5), RoamingPerGB: eur(700)}}
	next := &catalog.Plan{Code: "FR-100G", Name: tact.Text{FR: "Série Libre 100 Go", EN: "Free Series 100 GB"}, Jurisdiction: tact.FR,
		MonthlyPrice: eur(2500), DataMB: gb(100), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3,
		Tariff: catalog.Tariff{DataPerGB: eur(1000), RoamingDataMB: gb(20), RoamingPerGB: eur(700)}}
	o := &offer.Offer{Code: "FR-PLUS-100G", Kind: offer.PlanChange, Jurisdiction: tact.FR, Name: tact.Text{FR: "Passage à 100 Go", EN: "Move to 100 GB"},
		PlanCode: next.Code, MonthlyPrice: eur(2200), CommitmentMonths: 12, Upgrade: true, ValidUntil: validUntil, Active: true}
	s := offer.Subject{Customer: cus, Line: line, Plan: current, Usage: usage(line, dataMB)}
	cat := offer.Catalog{Plans: map[string]*catalog.Plan{current.Code: current, next.Code: next}}
	cmp, err := offer.Compare(o, s, cat)
	if err != nil {
		t.Fatal(err)
	}
	return document.Comparison{Operator: tact.DefaultOperator(), Customer: cus, Line: line, Current: current, Offer: o, Plan: next,
		Compared: cmp, Reason: reason(o, cmp), Issued: issued}
}

// reason is the candidate's reason as offer.Rank writes it.
func reason(o *offer.Offer, cmp *offer.Comparison) tact.Text {
	c := &offer.Candidate{Offer: o, Comparison: cmp}
	offer.Rank([]*offer.Candidate{c})
	return c.Reason
}

// usage is six months of usage, newest first, as offer.Compare wants it.
func usage(line *customer.Line, dataMB []int64) []*customer.Usage {
	var u []*customer.Usage
	for i, mb := range dataMB {
		u = append(u, &customer.Usage{LineID: line.ID, CustomerID: line.CustomerID, Month: tact.Month("2026-10").AddMonths(-i), DataMB: mb, VoiceMinutes: 300, SMS: 40})
	}
	return u
}

// quebec is Monsieur Gagnon (fr-CA, CA-QC), offered a bundle: a bigger plan
// and an iPhone, paid 99 $ on order and 24 instalments of 30 $.
func quebec(t testing.TB) document.Comparison {
	t.Helper()
	cus := &customer.Customer{ID: "cus_2", GivenName: "Réjean", FamilyName: "Gagnon", Salutation: customer.Monsieur,
		FormOfAddress: customer.Vous, Language: tact.LangFrCA, Jurisdiction: tact.CAQC, TimeZone: "America/Toronto", Status: customer.Active}
	line := &customer.Line{ID: "lin_2", CustomerID: cus.ID, Number: "+15145550199", PlanCode: "QC-10G", Status: customer.LineActive,
		CommitmentEndsOn: tact.Date{Year: 2027, Month: 3, Day: 14}}
	current := &catalog.Plan{Code: "QC-10G", Name: tact.Text{FR: "Mobile 10 Go", EN: "Mobile 10 GB"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: cad(5500), DataMB: gb(10), VoiceMinutes: catalog.Unlimited, SMS: catalog.Allowance{Amount: 2500}, Tier: 1,
		Tariff: catalog.Tariff{DataPerGB: cad(1500), SMSEach: cad(25)}}
	next := &catalog.Plan{Code: "QC-50G", Name: tact.Text{FR: "Mobile 50 Go", EN: "Mobile 50 GB"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: cad(7000), DataMB: gb(50), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2,
		Tariff: catalog.Tariff{DataPerGB: cad(1000), RoamingDataMB: gb(2), RoamingPerGB: cad(1200)}}
	dev := &catalog.Device{Code: "QC-IPHONE-16", Brand: "Apple", Model: "iPhone 16", OS: tact.IOS, Jurisdiction: tact.CAQC, Price: cad(119900), Active: true}
	o := &offer.Offer{Code: "QC-IPHONE-50G", Kind: offer.Bundle, Jurisdiction: tact.CAQC, Name: tact.Text{FR: "iPhone 16 et 50 Go", EN: "iPhone 16 and 50 GB"},
		PlanCode: next.Code, DeviceCode: dev.Code, MonthlyPrice: cad(6500), Upfront: cad(9900), Instalment: cad(3000), Instalments: 24,
		CommitmentMonths: 24, ValidUntil: validUntil, Active: true}
	s := offer.Subject{Customer: cus, Line: line, Plan: current, Usage: usage(line, []int64{12500, 9000, 14000, 11000, 10000, 13000})}
	cat := offer.Catalog{Plans: map[string]*catalog.Plan{current.Code: current, next.Code: next}, Devices: map[string]*catalog.Device{dev.Code: dev}}
	cmp, err := offer.Compare(o, s, cat)
	if err != nil {
		t.Fatal(err)
	}
	return document.Comparison{Operator: tact.DefaultOperator(), Customer: cus, Line: line, Current: current, Offer: o, Plan: next, Device: dev,
		Compared: cmp, Reason: reason(o, cmp), Issued: issued}
}

// render makes a document both ways (the comparison, the bill, the receipt)
// and returns the HTML and the PDF's text, all pages, lines joined by
// spaces: the PDF wraps sentences at plain spaces, so a sentence reads whole
// again.
func render(t *testing.T, c interface {
	HTML(io.Writer) error
	PDF(io.Writer) error
}) (page, pdfText string, pages []pdfPage) {
	t.Helper()
	var h, p bytes.Buffer
	if err := c.HTML(&h); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	if err := c.PDF(&p); err != nil {
		t.Fatalf("PDF: %v", err)
	}
	if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", p.Bytes()[:min(20, p.Len())])
	}
	pages = readPDF(t, p.Bytes())
	var all []string
	for _, pg := range pages {
		all = append(all, strings.ReplaceAll(strings.TrimSpace(pg.Text), "\n", " "))
	}
	// Figures are compared as the reader sees them: "+80 Go" is escaped
	// "&#43;80 Go" in the source.
	return html.UnescapeString(h.String()), strings.Join(all, " "), pages
}

// has fails the test for every text of want doc does not contain.
func has(t *testing.T, what, doc string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(doc, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func hasNot(t *testing.T, what, doc string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(doc, w) {
			t.Errorf("%s has %q", what, w)
		}
	}
}

// TestFrenchVous: Madame Le Brusq reads, in the HTML and in the PDF alike,
// French addressed "vous" with her salutation, the accents, the euro amounts
// and the date as wording writes them, the saving over 12 and 24 months,
// the free number and the contract summary. The PDF is A4 with its fonts
// embedded, read back through its ToUnicode maps.
func TestFrenchVous(t *testing.T) {
	c := france(t)
	html, pdf, pages := render(t, c)
	lang := tact.LangFrFR
	cmp := c.Compared

	// The figures the fixture says, as wording writes them: 1 960,00 € with
	// a narrow no-break space, 528,00 € with a no-break space before €.
	if got := wording.Money(cmp.Over24.Current, lang); got != "1\u202f960,00\u00a0€" {
		t.Fatalf("fixture: 24 months today cost %q", got)
	}
	if got := wording.Money(cmp.Over24.Offer, lang); got != "528,00\u00a0€" {
		t.Fatalf("fixture: 24 months with the offer cost %q", got)
	}
	want := []string{
		"Bonjour Madame Le Brusq,",
		"Votre offre, comparée à votre forfait actuel",
		"Offre «\u00a0Passage à 100 Go\u00a0»",
		"06 12 34 56 78",
		"Rien ne change tant que vous ne l’avez pas acceptée.",
		"Vous économisez 1\u202f432,00\u00a0€ sur 24 mois.", // the reason, for a "vous" customer
		"Série Libre 20 Go", "Série Libre 100 Go", "Données mobiles", "100\u00a0Go",
		"Ce que vous gagnez", "+80 Go de données par mois", "Ce que vous perdez", "Engagement de 12 mois",
		"Vos 6 derniers mois, facturés des deux façons", "mai 2026", "octobre 2026", "Moyenne par mois",
		wording.Money(cmp.Over12.Current, lang), wording.Money(cmp.Over12.Offer, lang),
		wording.Money(cmp.Over24.Current, lang), wording.Money(cmp.Over24.Offer, lang),
		"Sur 24 mois, cette offre vous coûterait " + wording.Money(cmp.Over24.Saving, lang) + " de moins que votre forfait actuel.",
		"Sur 12 mois, elle vous coûterait " + wording.Money(cmp.Over12.Saving, lang) + " de moins.",
		"1\u202f432,00\u00a0€ de moins",
		"Le prix de cette offre est garanti jusqu’au " + wording.Date(validUntil.In(time.UTC), lang) + " inclus.",
		"jeudi 31 décembre 2026",
		"répondez-y simplement", "appelez gratuitement le 0 800 940 940,", "rendez-vous dans l’une de nos boutiques",
		"Vous n’avez aucune obligation",
		"Service client gratuit\u00a0: 0 800 940 940",
		"Récapitulatif contractuel", "droit de l’Union",
		"Services et équipements", "Prix", "Durée, renouvellement et résiliation",
		"Fonctionnalités destinées aux utilisateurs finals handicapés", "Autres informations utiles",
		"Forfait\u00a0: 22,00\u00a0€ par mois.", "Au-delà du forfait\u00a0: 10,00\u00a0€ par Go de données entamé.",
		"Engagement de 12 mois à compter de l’acceptation de l’offre.",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
	unwanted := []string{"Ton offre", "Ce que tu", "Attention", "de plus que", "\uFFFD", "$", "Hello"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", html, unwanted...)

	has(t, "HTML", html, `<html lang="fr-FR">`, `<th scope="col">Forfait actuel</th>`, `<th scope="row">Moyenne par mois</th>`, `<table aria-labelledby="usage">`)
	hasNot(t, "HTML", html, "<script", "<link", "<img", "src=")

	if len(pages) < 2 {
		t.Fatalf("%d pages: the contract summary starts a page of its own", len(pages))
	}
	if !strings.HasPrefix(strings.TrimSpace(pages[len(pages)-1].Text), "Récapitulatif contractuel") {
		t.Errorf("the last page does not open with the contract summary: %.80q", pages[len(pages)-1].Text)
	}
	for i, pg := range pages {
		// A4 is 210 × 297 mm: 595.28 × 841.89 points.
		if w, h := pg.MediaBox[2]-pg.MediaBox[0], pg.MediaBox[3]-pg.MediaBox[1]; w < 595 || w > 596 || h < 841 || h > 842 {
			t.Errorf("page %d is %.2f × %.2f pt, not A4", i+1, w, h)
		}
		if !pg.Embedded {
			t.Errorf("page %d uses a font that is not embedded", i+1)
		}
		has(t, "PDF footer", pg.Text, "Opérateur Démo — Service client gratuit\u00a0: 0 800 940 940")
	}
}

// TestDearerSaidPlainly: with little usage the same offer costs more; the
// document says so first, in words, with the amounts, and never as a saving.
func TestDearerSaidPlainly(t *testing.T) {
	c := france(t, 10000, 12000, 9000, 15000, 11000, 8000) // never beyond 20 GB: 15 € a month today
	cmp := c.Compared
	if cmp.Over24.Saving.Cents != 24*(1500-2200) {
		t.Fatalf("fixture: saving over 24 months %v", cmp.Over24.Saving)
	}
	html, pdf, _ := render(t, c)
	want := []string{
		"Attention\u00a0: cette offre vous coûterait plus cher que votre forfait actuel.",
		"Sur 24 mois, cette offre vous coûterait 168,00\u00a0€ de plus que votre forfait actuel.",
		"Sur 12 mois, elle vous coûterait 84,00\u00a0€ de plus.",
		"168,00\u00a0€ de plus", "7,00\u00a0€ de plus", // the 24-month row and every month
		"360,00\u00a0€", "528,00\u00a0€",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
	hasNot(t, "PDF", pdf, "de moins")
	if m := regexp.MustCompile(`-[0-9\x{202f}]+,[0-9]{2}\x{a0}€`).FindString(pdf); m != "" {
		t.Errorf("PDF writes a negative amount %q: a higher cost is said in words", m)
	}
	has(t, "HTML", html, `class="verdict dearer"`)
}

// TestEnglish: an "en" customer reads English, with English money and dates.
func TestEnglish(t *testing.T) {
	c := france(t)
	c.Customer.GivenName, c.Customer.FamilyName, c.Customer.Language = "Sarah", "Cohen", tact.LangEN
	html, pdf, _ := render(t, c)
	cmp := c.Compared
	want := []string{
		"Hello Ms Cohen,", "Your offer, compared with your current plan", "Offer “Move to 100 GB”",
		"You save €1,432.00 over 24 months.", "Free Series 100 GB", "What you gain", "+80 GB of data a month", "A 12-month commitment",
		"Your last 6 months, billed both ways", "May 2026",
		"€1,960.00", "€528.00", wording.Money(cmp.Over12.Offer, tact.LangEN),
		"Over 24 months, this offer would cost you €1,432.00 less than your current plan.",
		"The price of this offer is guaranteed until Thursday 31 December 2026 inclusive.",
		"call 0 800 940 940, free of charge,", "You are under no obligation",
		"Free customer service: 0 800 940 940",
		"Contract summary", "Features for end-users with disabilities", "Duration, renewal and termination",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
	has(t, "HTML", html, `<html lang="en">`)
	unwanted := []string{"Bonjour", "Votre", "vous", "€\u00a0", "Récapitulatif"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", html, unwanted...)
}

// TestTu: a customer who asked for "tu" is addressed "tu" throughout, by his
// given name; the offer's reason, written "vous", is left out.
func TestTu(t *testing.T) {
	c := france(t)
	c.Customer.GivenName, c.Customer.FamilyName, c.Customer.Salutation, c.Customer.FormOfAddress = "Camille", "Roux", customer.None, customer.Tu
	html, pdf, _ := render(t, c)
	want := []string{
		"Bonjour Camille,", "Ton offre, comparée à ton forfait actuel", "Rien ne change tant que tu ne l’as pas acceptée.",
		"Ce que tu gagnes", "Ce que tu perds", "Tes 6 derniers mois",
		"Sur 24 mois, cette offre te coûterait 1\u202f432,00\u00a0€ de moins que ton forfait actuel.",
		"appelle gratuitement le 0 800 940 940,", "passe dans l’une de nos boutiques", "Tu n’as aucune obligation",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
	for _, doc := range []string{pdf, html} {
		if strings.Contains(strings.ToLower(doc), "vous") || strings.Contains(doc, "Votre") || strings.Contains(doc, "votre") {
			t.Errorf("a \"tu\" customer is addressed \"vous\": %q", around(doc, "ous"))
		}
	}
}

// TestQuebec: a Québec customer gets Canadian dollars as fr-CA writes them,
// the Québec free number, his commitment end, the device's price, and a
// summary that does not claim EU law.
func TestQuebec(t *testing.T) {
	c := quebec(t)
	html, pdf, _ := render(t, c)
	lang := tact.LangFrCA
	cmp := c.Compared
	want := []string{
		"Bonjour Monsieur Gagnon,", "(514) 555-0199", "Offre «\u00a0iPhone 16 et 50 Go\u00a0»",
		"Jusqu’au dimanche 14 mars 2027", "24 mois",
		"Apple iPhone 16\u00a0: 99,00\u00a0$ à la commande, puis 24 mensualités de 30,00\u00a0$",
		"La colonne «\u00a0Avec l’offre\u00a0» comprend la mensualité de l’appareil.",
		"Ils comprennent le paiement à la commande et les mensualités de l’appareil.",
		wording.Money(cmp.Over24.Current, lang), wording.Money(cmp.Over24.Offer, lang),
		wording.Money(cmp.Monthly.Current, lang),
		"appelez gratuitement le 1 888 555-0140,", "Service client gratuit\u00a0: 1 888 555-0140",
		"Résumé de l’offre", "Loi sur la protection du consommateur", "2\u202f500",
		"À l’étranger\u00a0: 2\u00a0Go de données inclus, puis 12,00\u00a0$ par Go entamé.",
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
	has(t, "HTML", html, `<html lang="fr-CA">`)
	unwanted := []string{"€", "0 800 940 940", "droit de l’Union", "Récapitulatif contractuel", "CA$"}
	hasNot(t, "PDF", pdf, unwanted...)
	hasNot(t, "HTML", html, unwanted...)
	if !strings.HasSuffix(wording.Money(cmp.Over24.Offer, lang), "\u00a0$") {
		t.Fatalf("fixture: %q", wording.Money(cmp.Over24.Offer, lang))
	}
}

// TestOption: an option offer keeps the plan, says so, and shows the option
// with its price and the data it adds.
func TestOption(t *testing.T) {
	c := france(t)
	c.Customer.GivenName, c.Customer.FamilyName, c.Customer.Language = "Sarah", "Cohen", tact.LangEN
	opt := &catalog.Option{Code: "FR-DATA-10G", Name: tact.Text{FR: "Recharge 10 Go", EN: "10 GB pack"}, Jurisdiction: tact.FR, MonthlyPrice: eur(500), DataMB: 10000, Active: true}
	o := &offer.Offer{Code: "FR-PACK-10G", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "Recharge 10 Go", EN: "10 GB pack"},
		OptionCode: opt.Code, MonthlyPrice: eur(500), ValidUntil: validUntil, Active: true}
	cmp, err := offer.Compare(o, offer.Subject{Customer: c.Customer, Line: c.Line, Plan: c.Current, Usage: usage(c.Line, []int64{26000, 28000, 25000, 30000, 27000, 24000})},
		offer.Catalog{Options: map[string]*catalog.Option{opt.Code: opt}})
	if err != nil {
		t.Fatal(err)
	}
	c.Offer, c.Plan, c.Option, c.Compared, c.Reason = o, nil, opt, cmp, reason(o, cmp)
	html, pdf, _ := render(t, c)
	want := []string{
		"Free Series 20 GB (unchanged)", "10 GB pack: €5.00 a month", "20\u00a0GB + 10\u00a0GB (option)", "No commitment",
		"Plan “Free Series 20 GB” unchanged, on line 06 12 34 56 78", "Option “10 GB pack”: 10\u00a0GB more data a month.",
		"Plan: €15.00 a month, unchanged.", "Option: €5.00 a month.",
		wording.Money(cmp.Over24.Offer, tact.LangEN),
	}
	has(t, "PDF", pdf, want...)
	has(t, "HTML", html, want...)
}

// TestIncomplete: a comparison missing what the document must show is
// refused, and nothing is written.
func TestIncomplete(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*document.Comparison)
		field string
	}{
		{"no free number for the jurisdiction", func(c *document.Comparison) {
			c.Operator.SupportPhone = map[tact.Jurisdiction]string{tact.CAQC: "1 888 555-0140"}
		}, "operator.support_phone"},
		{"plan change without its plan", func(c *document.Comparison) { c.Plan = nil }, "plan"},
		{"no comparison", func(c *document.Comparison) { c.Compared = nil }, "compared"},
		{"no line", func(c *document.Comparison) { c.Line = nil }, "line"},
		{"undated", func(c *document.Comparison) { c.Issued = time.Time{} }, "issued"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := france(t)
			tt.edit(&c)
			var h, p bytes.Buffer
			for name, err := range map[string]error{"HTML": c.HTML(&h), "PDF": c.PDF(&p)} {
				if tact.ErrorCode(err) != tact.CodeRequired || tact.ErrorField(err) != tt.field {
					t.Errorf("%s: %v, want required %s", name, err, tt.field)
				}
			}
			if h.Len() != 0 || p.Len() != 0 {
				t.Errorf("%d bytes of HTML and %d of PDF written for a refused document", h.Len(), p.Len())
			}
		})
	}
}

// around returns the text around the first occurrence of s, for a message.
func around(doc, s string) string {
	i := strings.Index(strings.ToLower(doc), s)
	if i < 0 {
		return ""
	}
	return doc[max(0, i-40):min(len(doc), i+40)]
}

// BenchmarkPDF measures a document: most of it is fpdf reading and subsetting
// the two embedded fonts.
func BenchmarkPDF(b *testing.B) {
	c := france(b)
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.PDF(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTML measures the HTML page of the same document.
func BenchmarkHTML(b *testing.B) {
	c := france(b)
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.HTML(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
