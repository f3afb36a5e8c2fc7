package document

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Bill is a bill as the customer reads it, on paper or in his space: who
// bills him and where it is sent, the period and the dates, every line
// grouped by what it charges for with its subtotal, and the total; on every
// third-party line the provider, the service and how to complain, with how
// to dispute it and switch such billing off (story 1); the free support
// number; the line's remaining commitment; and the offers queued to travel
// in this bill (story 2: "just put the offer in the paper bill").
type Bill struct {
	// Operator issues the bill and gives its free support number for the
	// customer's jurisdiction: a bill without one is refused (story 1).
	Operator tact.Operator
	Customer *customer.Customer
	// Line is the line of service the bill is for; its commitment end is
	// printed.
	Line *customer.Line
	Bill *billing.Bill
	// Inserts are the offers queued as inserts in this bill, printed after
	// it, each from a page of its own, in order.
	Inserts []Insert
	// Issued is when the bill is issued; it is dated in the customer's time
	// zone.
	Issued time.Time
}

// Insert is an offer in writing queued to travel in the customer's next
// bill: a delivery of kind offer and method bill_insert, which app.Offers
// Send queues.
//
// Title and Text are the delivery's subject and body as queued, so the bill
// prints what was recorded as sent. When Offer is set, the offer's whole
// comparison is printed under the Title in place of Text (of which Text is
// only the cover): on paper the customer gets what an email would have
// attached, month by month with the contract summary, drawn by the same
// code as the comparison's own PDF. Appending that PDF file itself would
// need a PDF merger fpdf does not have; drawing the comparison again, in the
// same pages, keeps one footer and one page count for the envelope. The
// caller builds Offer at the bill's issue (app.Offers Document) and leaves
// it nil when the offer can no longer be compared (withdrawn, or no longer
// fit): the Text, as promised, is printed then.
type Insert struct {
	// DeliveryID is the delivery the insert fulfils, printed as its
	// reference: the paper proves which promise it keeps.
	DeliveryID string
	Title      string
	Text       string
	Offer      *Comparison
}

// Validate checks that the bill has what the document needs, and refuses
// what must never be printed: a bill with no lines (story 3, the blank
// invoice), a bill whose total is not the sum of its lines, a payment asked
// on a total of zero or less (story 3, as billing's review rule
// payment_asked_for_nothing), a bill
// without the free support number of the customer's jurisdiction (story 1),
// or a bill for another customer or line. Errors are tact field errors.
func (b Bill) Validate() error {
	switch {
	case b.Customer == nil:
		return tact.FieldError(tact.CodeRequired, "customer", "a bill is for a customer")
	case b.Line == nil:
		return tact.FieldError(tact.CodeRequired, "line", "a bill is for one of the customer's lines")
	case b.Bill == nil:
		return tact.FieldError(tact.CodeRequired, "bill", "the document prints a bill")
	case b.Issued.IsZero():
		return tact.FieldError(tact.CodeRequired, "issued", "a bill is dated")
	case !b.Customer.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "customer.jurisdiction", "jurisdiction %q is not FR or CA-QC", b.Customer.Jurisdiction)
	case strings.TrimSpace(b.Operator.SupportPhone[b.Customer.Jurisdiction]) == "":
		// Story 1: every customer-facing document shows a free support number.
		return tact.FieldError(tact.CodeRequired, "operator.support_phone", "no free support number for %s: every document shows one", b.Customer.Jurisdiction)
	case len(b.Bill.Lines) == 0:
		// Story 3: a blank invoice is never printed, let alone dunned.
		return tact.FieldError(tact.CodeRequired, "bill.lines", "a bill with no lines is never printed: nothing itemises it")
	case b.Bill.CustomerID != b.Customer.ID:
		return tact.FieldError(tact.CodeInvalid, "bill.customer_id", "the bill is for customer %s, not %s", b.Bill.CustomerID, b.Customer.ID)
	case b.Line.CustomerID != "" && b.Line.CustomerID != b.Customer.ID:
		return tact.FieldError(tact.CodeInvalid, "line", "line %s is not the customer's", b.Line.ID)
	case b.Bill.LineID != "" && b.Bill.LineID != b.Line.ID:
		return tact.FieldError(tact.CodeInvalid, "line", "the bill is for line %s, not %s", b.Bill.LineID, b.Line.ID)
	}
	// The billing rules of a draft: lines well formed, a third-party line
	// naming its provider, the total the sum of the lines.
	if err := b.Bill.Validate(b.Customer.Jurisdiction.Currency()); err != nil {
		return tact.Prefix("bill", err)
	}
	if b.Bill.Total.Cents <= 0 && !b.Bill.DueOn.IsZero() {
		return tact.FieldError(tact.CodeInvalid, "bill.due_on", "a bill of %s asks for no payment: it has no due date", b.Bill.Total)
	}
	for i, in := range b.Inserts {
		if err := in.validate(b.Customer); err != nil {
			return tact.Prefix(indexed("inserts", i), err)
		}
	}
	return nil
}

func (in Insert) validate(c *customer.Customer) error {
	switch {
	case strings.TrimSpace(in.Title) == "":
		return tact.FieldError(tact.CodeRequired, "title", "an insert has a title")
	case in.Offer == nil && strings.TrimSpace(in.Text) == "":
		return tact.FieldError(tact.CodeRequired, "text", "an insert says something: its text or its offer")
	case in.Offer == nil:
		return nil
	}
	if err := in.Offer.Validate(); err != nil {
		return tact.Prefix("offer", err)
	}
	if in.Offer.Customer.ID != c.ID {
		return tact.FieldError(tact.CodeInvalid, "offer.customer", "the offer is for customer %s, not %s", in.Offer.Customer.ID, c.ID)
	}
	return nil
}

// HTML writes the bill as one self-contained HTML page, the same page design
// as the offer comparison: for the customer space, an email, or a screen
// reader. Nothing is written if the bill is refused (see Validate).
func (b Bill) HTML(w io.Writer) error {
	s, err := b.sheet()
	if err != nil {
		return err
	}
	return writeHTML(w, s)
}

// PDF writes the bill as an A4 PDF with its fonts embedded, the recipient's
// address where the window of a DL envelope shows it, each insert from a
// new page. Nothing is written if the bill is refused (see Validate) or the
// PDF cannot be made.
func (b Bill) PDF(w io.Writer) error {
	s, err := b.sheet()
	if err != nil {
		return err
	}
	return writePDF(w, s, b.Issued)
}

// sheet writes the bill in the customer's language and form of address.
func (b Bill) sheet() (*sheet, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	w := newWriter(b.Customer)
	c, bl := b.Customer, b.Bill
	phone := b.Operator.SupportPhone[c.Jurisdiction]
	line := w.phone(b.Line.Number, c.Jurisdiction)
	issued := tact.DateOf(b.Issued.In(c.Location()))
	period := w.period(bl.From, bl.To)
	support := w.pick("Service client gratuit : %s", "Free customer service: %s", phone)

	s := &sheet{Lang: string(w.lang), Operator: b.Operator.Name, Footer: b.Operator.Name + " — " + support}
	s.Title = w.say("Votre facture", "Ta facture", "Your bill")
	s.Subject = w.pick("Facture %s", "Bill %s", period)
	if bl.ID != "" {
		s.Subject = w.pick("Facture n° %s", "Bill %s", bl.ID) + ", " + period
	}

	var fs []fact
	if c.AccountNumber != "" {
		fs = append(fs, fact{w.pick("Numéro de client", "Customer number"), c.AccountNumber})
	}
	fs = append(fs, fact{w.pick("Ligne", "Line"), line})
	if bl.ID != "" {
		fs = append(fs, fact{w.pick("Facture n°", "Bill number"), bl.ID})
	}
	fs = append(fs,
		fact{w.pick("Période", "Period"), period},
		fact{w.pick("Émise le", "Issued on"), w.date(issued)})
	due := !bl.DueOn.IsZero() && bl.Balance() > 0
	if due {
		fs = append(fs, fact{w.pick("À payer avant le", "Due by"), w.date(bl.DueOn)})
	}
	// The name and address as on an envelope: the same label as a letter's,
	// without its country when the bill stays in the country (La Poste and
	// Canada Post print a country only on mail going abroad).
	to := []string{c.FullName()}
	if a := c.Address; a != nil {
		to = strings.Split(a.Label(c.FullName()), "\n")
		if a.Country == c.Jurisdiction.PhoneRegion() {
			to = to[:len(to)-1]
		}
	}
	head := section{ID: "title", Heading: s.Title, Level: 1, Parts: []part{
		subtitle(strings.ToUpper(period[:1]) + period[1:]),
		{Kind: addressPart, Items: to, Facts: fs},
		text(w.person.Greeting()),
		text(w.say(
			"Voici votre facture pour la ligne %s. Chaque montant y est détaillé, avec qui vous le facture.",
			"Voici ta facture pour la ligne %s. Chaque montant y est détaillé, avec qui te le facture.",
			"Here is your bill for line %s. Every amount is itemised, with who charges it.", line)),
	}}
	// The total first, kind by kind, as the customer looks for it; then the
	// lines of each kind, in billing's order.
	cur := bl.Total.Currency
	total := table{ID: "total", Caption: w.pick("Total de la facture", "Bill total"), Amounts: 1, Widths: []float64{130, 44},
		Head: []string{w.pick("Rubrique", "Item"), w.pick("Montant", "Amount")}}
	var groups []section
	for _, k := range billing.Kinds {
		var lines []billing.Line
		for _, l := range bl.Lines {
			if l.Kind == k {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		sec := b.group(w, k, lines, phone)
		groups = append(groups, sec)
		total.Rows = append(total.Rows, []string{sec.Heading, w.money(tact.Money{Cents: billing.Sum(lines), Currency: cur})})
	}
	total.Foot = [][]string{{w.pick("Total", "Total"), w.money(bl.Total)}}
	if bl.Paid.Cents != 0 {
		total.Foot = append(total.Foot,
			[]string{w.pick("Déjà réglé", "Already paid"), w.money(tact.Money{Cents: bl.Paid.Cents, Currency: cur})},
			[]string{w.pick("Reste à payer", "Left to pay"), w.money(tact.Money{Cents: max(bl.Balance(), 0), Currency: cur})})
	}
	s.Sections = append(s.Sections, head,
		section{ID: "in-short", Heading: w.pick("En bref", "In short"), Level: 2, Parts: []part{boxed(toneDue, []string{
			b.payment(w, due), b.commitment(w, issued),
		})}},
		section{ID: total.ID, Heading: total.Caption, Level: 2, Parts: []part{tabled(total)}})
	s.Sections = append(s.Sections, groups...)
	s.Sections = append(s.Sections,
		section{ID: "support", Heading: w.pick("Une question, une erreur ?", "A question, a mistake?"), Level: 2, Parts: []part{
			text(w.say(
				"Si une ligne de cette facture vous semble fausse, contestez-la dans votre espace client ou appelez-nous gratuitement : le montant contesté ne vous est pas réclamé tant que nous ne vous avons pas répondu.",
				"Si une ligne de cette facture te semble fausse, conteste-la dans ton espace client ou appelle-nous gratuitement : le montant contesté ne t’est pas réclamé tant que nous ne t’avons pas répondu.",
				"If a line of this bill looks wrong to you, dispute it in your customer space or call us free of charge: the amount disputed is not asked of you until we have answered.")),
			strong(support),
		}})

	for i, in := range b.Inserts {
		sec, err := in.section(w, i+1)
		if err != nil {
			return nil, err
		}
		s.Sections = append(s.Sections, sec)
	}
	return s, nil
}

// payment says what is asked, in one sentence: an amount and a date, or
// that nothing is to be paid, and why. A bill in credit or at zero never
// reads like a demand (story 3).
func (b Bill) payment(w writer, due bool) string {
	bl := b.Bill
	total := w.money(bl.Total)
	left := w.money(tact.Money{Cents: bl.Balance(), Currency: bl.Total.Currency})
	switch {
	case due && bl.Paid.Cents > 0:
		return w.say("Reste à payer : %s sur %s, au plus tard le %s.", "Reste à payer : %s sur %s, au plus tard le %s.", "Left to pay: %s of %s, by %s.",
			left, total, w.date(bl.DueOn))
	case due:
		return w.say("Montant à payer : %s, au plus tard le %s.", "Montant à payer : %s, au plus tard le %s.", "Amount to pay: %s, by %s.",
			total, w.date(bl.DueOn))
	case bl.Total.Cents < 0:
		return w.say("Votre compte est créditeur de %s : vous n’avez rien à payer.", "Ton compte est créditeur de %s : tu n’as rien à payer.",
			"Your account is in credit by %s: you have nothing to pay.", w.money(abs(bl.Total)))
	case bl.Total.Cents == 0:
		return w.say("Cette facture est de %s : vous n’avez rien à payer.", "Cette facture est de %s : tu n’as rien à payer.",
			"This bill comes to %s: you have nothing to pay.", total)
	case bl.Balance() <= 0:
		return w.say("Cette facture de %s est réglée : vous n’avez rien à payer.", "Cette facture de %s est réglée : tu n’as rien à payer.",
			"This bill of %s is paid: you have nothing to pay.", total)
	}
	// A positive total with no due date: nothing is asked of the customer
	// by this bill (a direct debit, say).
	return w.say("Total de cette facture : %s. Aucun paiement ne vous est demandé par cette facture.",
		"Total de cette facture : %s. Aucun paiement ne t’est demandé par cette facture.",
		"This bill comes to %s. No payment is asked of you by this bill.", total)
}

// commitment is the line's remaining commitment on the day of issue:
// "Engagement jusqu’au …", or "Sans engagement" when there is none or it
// has ended.
func (b Bill) commitment(w writer, issued tact.Date) string {
	ends := b.Line.CommitmentEndsOn
	if ends.IsZero() || ends.Before(issued) {
		return w.pick("Sans engagement.", "No commitment.")
	}
	return w.pick("Engagement jusqu’au %s.", "Commitment until %s.", w.date(ends))
}

// group is the section of one kind of line: a table of its lines with
// their subtotal. A third-party line shows its provider, the service and how
// to complain to the provider, and the section says how to dispute the
// charge and switch third-party billing off (story 1).
func (b Bill) group(w writer, k billing.Kind, lines []billing.Line, phone string) section {
	cur := b.Bill.Total.Currency
	id := strings.ReplaceAll(string(k), "_", "-")
	t := table{ID: id, Amounts: 1, Widths: []float64{130, 44},
		Head: []string{w.pick("Ce qui est facturé", "What is charged"), w.pick("Montant", "Amount")}}
	if k == billing.ThirdParty {
		t.Widths = []float64{44, 42, 60, 28}
		t.Head = []string{t.Head[0], w.pick("Fournisseur et service", "Provider and service"),
			w.pick("Pour réclamer auprès du fournisseur", "To complain to the provider"), t.Head[1]}
	}
	inPlan := false
	for _, l := range lines {
		what := l.Description
		if !l.Date.IsZero() {
			what += w.pick(", le %s", ", %s", wording.ShortDate(l.Date.In(time.UTC), w.lang))
		}
		if l.InPlan {
			what += w.pick(" (inclus dans le forfait)", " (included in the plan)")
			inPlan = true
		}
		row := []string{what, w.money(l.Amount)}
		if p := l.Provider; p != nil {
			row = []string{what, p.Name + " — " + p.Service, p.Complaints, w.money(l.Amount)}
		}
		t.Rows = append(t.Rows, row)
	}
	if len(lines) > 1 {
		// One line is its own subtotal; the total table lists every kind's.
		foot := make([]string, len(t.Head))
		foot[0], foot[len(foot)-1] = w.pick("Sous-total", "Subtotal"), w.money(tact.Money{Cents: billing.Sum(lines), Currency: cur})
		t.Foot = [][]string{foot}
	}
	t.Caption = w.kind(k, inPlan)
	sec := section{ID: t.ID, Heading: t.Caption, Level: 2, Parts: []part{tabled(t)}}
	if k == billing.ThirdParty {
		sec.Parts = append(sec.Parts,
			text(w.say(
				"Ces services vous sont facturés pour le compte des fournisseurs nommés ci-dessus, avec votre accord. Pour une réclamation, adressez-vous au fournisseur aux coordonnées indiquées, ou à nous.",
				"Ces services te sont facturés pour le compte des fournisseurs nommés ci-dessus, avec ton accord. Pour une réclamation, adresse-toi au fournisseur aux coordonnées indiquées, ou à nous.",
				"These services are charged to you on behalf of the providers named above, with your agreement. To complain, contact the provider at the address given, or us.")),
			text(w.say(
				"Vous pouvez contester l’un de ces montants en un clic dans votre espace client, ou en appelant gratuitement le %s : il vous est remboursé aussitôt par un avoir, et ce type de service est bloqué sur votre ligne.",
				"Tu peux contester l’un de ces montants en un clic dans ton espace client, ou en appelant gratuitement le %s : il t’est remboursé aussitôt par un avoir, et ce type de service est bloqué sur ta ligne.",
				"You can dispute any of these amounts with one click in your customer space, or by calling %s free of charge: it is refunded at once by a credit note, and this type of service is blocked on your line.", phone)),
			text(w.say(
				"Vous pouvez aussi désactiver à tout moment la facturation par des tiers, au même numéro ou dans votre espace client : plus aucun tiers ne pourra alors vous facturer.",
				"Tu peux aussi désactiver à tout moment la facturation par des tiers, au même numéro ou dans ton espace client : plus aucun tiers ne pourra alors te facturer.",
				"You can also switch third-party billing off at any time, on the same number or in your customer space: no third party can then charge you.")))
	}
	return sec
}

// kind is the heading of a kind of line, in the words of the customer's
// country: "Avoirs" in France are "Crédits" in Québec. Usage and roaming
// beyond the plan are said to be so unless some of the lines are in it.
func (w writer) kind(k billing.Kind, inPlan bool) string {
	qc := w.lang == tact.LangFrCA
	switch k {
	case billing.Plan:
		return w.pick("Forfait", "Plan")
	case billing.Option:
		return w.pick("Options", "Options")
	case billing.Usage:
		if inPlan {
			return w.pick("Consommations", "Usage")
		}
		return w.pick("Consommations hors forfait", "Usage beyond the plan")
	case billing.Roaming:
		return w.pick("Itinérance", "Roaming")
	case billing.ThirdParty:
		return w.pick("Services de tiers", "Third-party services")
	case billing.Credit:
		if qc {
			return "Crédits"
		}
		return w.pick("Avoirs", "Credits")
	case billing.Adjustment:
		if qc {
			return "Ajustements"
		}
		return w.pick("Régularisations", "Adjustments")
	}
	return string(k)
}

// section is the insert printed from a page of its own: the offer's whole
// comparison when there is one, one level down and its ids its own, else
// the text as queued; then the delivery's reference.
func (in Insert) section(w writer, n int) (section, error) {
	id := idOf("insert", n)
	sec := section{ID: id, Heading: in.Title, Level: 2, NewPage: true}
	if in.Offer != nil {
		o, err := in.Offer.sheet()
		if err != nil {
			return section{}, err
		}
		// The insert's title stands for the comparison's: its heading
		// parts (offer, facts, greeting) follow it, then its sections.
		sec.Parts = append(sec.Parts, o.Sections[0].Parts...)
		sec.Parts = append(sec.Parts, part{Kind: groupPart, Sections: nested(o.Sections[1:], id+"-", 1)})
	} else {
		sec.Parts = plain(in.Text)
	}
	if in.DeliveryID != "" {
		sec.Parts = append(sec.Parts, note(w.pick("Référence de l’envoi : %s", "Delivery reference: %s", in.DeliveryID)))
	}
	return sec, nil
}

// plain lays out a plain text as written for an email: one paragraph a
// line, lines opening with "- " a list.
func plain(s string) []part {
	var parts []part
	var items []string
	flush := func() {
		if len(items) > 0 {
			parts = append(parts, list(items))
			items = nil
		}
	}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "":
			continue
		case strings.HasPrefix(l, "- "):
			items = append(items, strings.TrimPrefix(l, "- "))
		default:
			flush()
			parts = append(parts, text(l))
		}
	}
	flush()
	return parts
}

// indexed is "field[i]".
func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}
