package document

import (
	"io"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// Receipt is the durable receipt of a cancellation (issue 7): what the
// customer asked and when it was received, the day service ends and what
// that does (fees, credits refunded, the final bill's estimate, the
// number), the reference to quote, and the free support number. It is the
// customer's proof: the same text goes by email, as the attached PDF, and
// in his space.
type Receipt struct {
	// Operator signs the receipt and gives its free support number for the
	// customer's jurisdiction: a receipt without one is refused.
	Operator     tact.Operator
	Customer     *customer.Customer
	Cancellation *lifecycle.Cancellation
	// Issued is when the receipt is made; it is dated in the customer's
	// time zone.
	Issued time.Time
}

// Validate checks that the receipt has what it must say: a customer, a
// confirmed cancellation with the instant it was received, the date of
// issue, and the free support number.
func (r Receipt) Validate() error {
	switch {
	case r.Customer == nil:
		return tact.FieldError(tact.CodeRequired, "customer", "a receipt is for a customer")
	case r.Cancellation == nil || r.Cancellation.ReceivedAt == nil:
		return tact.FieldError(tact.CodeRequired, "cancellation", "a receipt is for a cancellation received")
	case r.Issued.IsZero():
		return tact.FieldError(tact.CodeRequired, "issued", "a document is dated")
	case strings.TrimSpace(r.Operator.SupportPhone[r.Customer.Jurisdiction]) == "":
		return tact.FieldError(tact.CodeRequired, "operator.support_phone", "a receipt gives the free support number of %s", r.Customer.Jurisdiction)
	}
	return nil
}

// HTML writes the receipt as one self-contained HTML page.
func (r Receipt) HTML(w io.Writer) error {
	s, err := r.sheet()
	if err != nil {
		return err
	}
	return writeHTML(w, s)
}

// PDF writes the receipt as an A4 PDF, the customer's address where the
// window of an envelope shows it.
func (r Receipt) PDF(w io.Writer) error {
	s, err := r.sheet()
	if err != nil {
		return err
	}
	return writePDF(w, s, r.Issued)
}

// Cover is the email that carries the receipt: its subject and a plain
// text body with everything that matters, the PDF beside it.
func (r Receipt) Cover() (subject, text string, err error) {
	s, err := r.sheet()
	if err != nil {
		return "", "", err
	}
	w := newWriter(r.Customer)
	colon := w.pick(" : ", ": ")
	var b strings.Builder
	for _, sec := range s.Sections {
		if sec.Level > 1 {
			b.WriteString(sec.Heading + "\n")
		}
		for _, p := range sec.Parts {
			switch p.Kind {
			case textPart, strongPart, notePart, subtitlePart:
				b.WriteString(p.Text + "\n")
			case listPart, boxPart:
				for _, it := range p.Items {
					b.WriteString("  - " + it + "\n")
				}
			case factsPart, addressPart:
				for _, f := range p.Facts {
					b.WriteString(f.Label + colon + f.Value + "\n")
				}
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(s.Footer + "\n")
	return s.Subject, b.String(), nil
}

// sheet writes the receipt in the customer's language and form of address.
func (r Receipt) sheet() (*sheet, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	w := newWriter(r.Customer)
	c, x := r.Customer, r.Cancellation
	p := x.Preview
	phone := r.Operator.SupportPhone[c.Jurisdiction]
	support := w.pick("Service client gratuit : %s", "Free customer service: %s", phone)
	loc := c.Location()
	received := x.ReceivedAt.In(loc)

	s := &sheet{Lang: string(w.lang), Operator: r.Operator.Name, Footer: r.Operator.Name + " — " + support}
	s.Title = w.say("Votre résiliation est enregistrée", "Ta résiliation est enregistrée", "Your cancellation is confirmed")
	s.Subject = w.pick("Accusé de réception de résiliation %s", "Cancellation receipt %s", x.ID)

	var numbers []string
	for _, l := range p.Lines {
		numbers = append(numbers, w.phone(l.Number, c.Jurisdiction))
	}
	fs := []fact{}
	if c.AccountNumber != "" {
		fs = append(fs, fact{w.pick("Numéro de client", "Customer number"), c.AccountNumber})
	}
	fs = append(fs,
		fact{w.pick("Référence", "Reference"), x.ID},
		fact{w.pick("Demande reçue le", "Request received on"), w.date(tact.DateOf(received)) + ", " + received.Format("15:04")},
		fact{w.pick("Fin du service", "Service ends on"), w.date(p.EndDate)},
		fact{w.pick("Lignes", "Lines"), strings.Join(numbers, ", ")})
	to := []string{c.FullName()}
	if a := c.Address; a != nil {
		to = strings.Split(a.Label(c.FullName()), "\n")
	}
	intro := w.say("Nous avons bien reçu votre demande de résiliation. Elle est enregistrée : vous n'avez rien d'autre à faire.",
		"Nous avons bien reçu ta demande de résiliation. Elle est enregistrée : tu n'as rien d'autre à faire.",
		"We have received your request to cancel. It is recorded: there is nothing else for you to do.")
	if x.Kind == lifecycle.ByPortOut {
		intro = w.say("Votre numéro part chez un autre opérateur à votre demande : ce transfert résilie la ligne. Il est enregistré : vous n'avez rien d'autre à faire.",
			"Ton numéro part chez un autre opérateur à ta demande : ce transfert résilie la ligne. Il est enregistré : tu n'as rien d'autre à faire.",
			"Your number is moving to another operator at your request: the transfer cancels the line. It is recorded: there is nothing else for you to do.")
	}
	s.Sections = append(s.Sections, section{ID: "title", Heading: s.Title, Level: 1, Parts: []part{
		subtitle(w.pick("Accusé de réception", "Receipt")),
		{Kind: addressPart, Items: to, Facts: fs},
		text(w.person.Greeting()),
		text(intro),
	}})

	var effects []string
	for _, e := range p.Effects {
		effects = append(effects, w.format(e.In(string(w.lang)), nil))
	}
	s.Sections = append(s.Sections, section{ID: "effects", Heading: w.pick("Ce qui va se passer", "What happens now"), Level: 2,
		Parts: []part{list(effects)}})

	cur := c.Jurisdiction.Currency()
	t := table{ID: "final-bill", Caption: w.pick("Facture finale (estimation)", "Final bill (estimate)"), Amounts: 1, Widths: []float64{130, 44},
		Head: []string{w.pick("Rubrique", "Item"), w.pick("Montant", "Amount")}}
	for _, l := range p.Lines {
		n := w.phone(l.Number, c.Jurisdiction)
		t.Rows = append(t.Rows, []string{w.pick("Abonnement de la ligne %s jusqu'au %s", "Subscription of line %s up to %s", n, w.date(l.EndDate)), w.money(l.FinalCharges)})
		if l.EarlyFee.Cents > 0 {
			t.Rows = append(t.Rows, []string{w.pick("Frais de résiliation anticipée, ligne %s", "Early termination fee, line %s", n), w.money(l.EarlyFee)})
		}
	}
	for _, cr := range p.Credits {
		t.Rows = append(t.Rows, []string{w.pick("Avoir remboursé : %s", "Credit refunded: %s", cr.Reason), w.money(tact.Money{Cents: -cr.Amount.Cents, Currency: cur})})
	}
	t.Foot = [][]string{{w.pick("Total estimé", "Estimated total"), w.money(p.FinalBillEstimate)}}
	s.Sections = append(s.Sections, section{ID: t.ID, Heading: t.Caption, Level: 2, Parts: []part{
		tabled(t),
		note(w.say("Les communications jusqu'à la date de fin s'y ajoutent, au tarif de votre forfait. Aucun montant n'est demandé pour ce qui n'est pas détaillé.",
			"Les communications jusqu'à la date de fin s'y ajoutent, au tarif de ton forfait. Aucun montant n'est demandé pour ce qui n'est pas détaillé.",
			"Calls and data up to the end date are added at your plan's rates. Nothing is asked that is not itemised.")),
	}})
	if x.Kind == lifecycle.ByRequest {
		s.Sections = append(s.Sections, section{ID: "number", Heading: w.say("Garder votre numéro", "Garder ton numéro", "Keeping your number"), Level: 2,
			Parts: []part{text(w.format(p.KeepNumber.In(string(w.lang)), nil))}})
	}
	s.Sections = append(s.Sections, section{ID: "support", Heading: w.pick("Une question ?", "A question?"), Level: 2, Parts: []part{
		text(w.say("Conservez cet accusé de réception : il prouve la date de votre demande. Pour toute question, citez la référence %s.",
			"Conserve cet accusé de réception : il prouve la date de ta demande. Pour toute question, cite la référence %s.",
			"Keep this receipt: it proves the date of your request. For any question, quote reference %s.", x.ID)),
		strong(support),
	}})
	return s, nil
}
