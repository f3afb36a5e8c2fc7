// Package document renders what a customer keeps, as an HTML page (the
// accessible version, for an email or the customer space) and as an A4 PDF
// (for an attachment, a letter or the paper bill): the offer comparison of
// DESIGN story 2, the offer promised "in writing, to compare calmly"; and
// the bill, with readable lines, the provider of every third-party charge
// and how to complain (story 1), the remaining commitment, the free support
// number, and the offers queued to travel in it.
//
// Each document writes its content once, in the customer's language and
// form of address, as a sheet of sections (sheet.go); one HTML template and
// one PDF renderer draw any sheet, so that the page and the PDF always show
// the same figures and the documents share one design. Amounts, dates and
// greetings come from package wording, as in every other text tact writes.
package document

import (
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Comparison is an offer compared with what the customer has today, for one
// customer and one of his lines: everything the document says comes from
// here. Offer, Plan, Device and Option are the catalogue entries the offer
// names; Compared is offer.Compare's result on the line's own usage.
type Comparison struct {
	// Operator signs the document and gives its free support number for the
	// customer's jurisdiction: a document without one is refused (story 1).
	Operator tact.Operator
	Customer *customer.Customer
	Line     *customer.Line
	// Current is the line's plan today.
	Current *catalog.Plan
	Offer   *offer.Offer
	// Plan is the plan proposed (plan_change, bundle); nil when the plan
	// does not change.
	Plan *catalog.Plan
	// Device is the handset proposed (device, bundle), nil otherwise.
	Device *catalog.Device
	// Option is the option proposed (option), nil otherwise.
	Option   *catalog.Option
	Compared *offer.Comparison
	// Reason is why the offer is proposed (offer.Candidate's), shown under
	// the title. Reasons are written "vous": for a customer who asked for
	// "tu" it is left out rather than contradict him (story 4); the verdict
	// says the same in his form of address.
	Reason tact.Text
	// Issued is when the document is made; it is dated in the customer's
	// time zone.
	Issued time.Time
}

// Validate checks that the comparison has what the document needs: the
// customer, his line and its plan, the offer and the catalogue entries its
// kind names, a comparison of at least one month with the date its price is
// guaranteed until, the date of issue, and the free support number of the
// customer's jurisdiction. Errors are tact field errors with code required,
// or invalid_jurisdiction.
func (c Comparison) Validate() error {
	switch {
	case c.Customer == nil:
		return tact.FieldError(tact.CodeRequired, "customer", "a document is for a customer")
	case c.Line == nil:
		return tact.FieldError(tact.CodeRequired, "line", "an offer comparison is for one of the customer's lines")
	case c.Current == nil:
		return tact.FieldError(tact.CodeRequired, "current", "the comparison needs the line's plan today")
	case c.Offer == nil:
		return tact.FieldError(tact.CodeRequired, "offer", "the comparison needs its offer")
	case c.Compared == nil || len(c.Compared.History) == 0:
		return tact.FieldError(tact.CodeRequired, "compared", "the comparison needs at least one month costed both ways")
	case c.Compared.ValidUntil.IsZero():
		return tact.FieldError(tact.CodeRequired, "compared.valid_until", "an offer in writing says until when its price is guaranteed")
	case c.Issued.IsZero():
		return tact.FieldError(tact.CodeRequired, "issued", "a document is dated")
	case !c.Customer.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "customer.jurisdiction", "jurisdiction %q is not FR or CA-QC", c.Customer.Jurisdiction)
	case strings.TrimSpace(c.Operator.SupportPhone[c.Customer.Jurisdiction]) == "":
		// Story 1: every customer-facing document shows a free support number.
		return tact.FieldError(tact.CodeRequired, "operator.support_phone", "no free support number for %s: every document shows one", c.Customer.Jurisdiction)
	}
	k := c.Offer.Kind
	switch {
	case (k == offer.PlanChange || k == offer.Bundle) && c.Plan == nil:
		return tact.FieldError(tact.CodeRequired, "plan", "a %s offer shows the plan it proposes", k)
	case (k == offer.DeviceSale || k == offer.Bundle) && c.Device == nil:
		return tact.FieldError(tact.CodeRequired, "device", "a %s offer shows the device it proposes", k)
	case k == offer.OptionAdd && c.Option == nil:
		return tact.FieldError(tact.CodeRequired, "option", "an option offer shows the option it proposes")
	}
	return nil
}

// block is a titled group: paragraphs, then items in a list, then closing
// paragraphs.
type block struct {
	Heading    string
	Paragraphs []string
	Items      []string
	Closing    []string
}

// offerText is what the comparison says, in the customer's words, piece by
// piece: the document lays it out as a sheet, and the email's cover quotes
// from it, so that both say the same.
type offerText struct {
	// Lang is the BCP 47 tag of the text (the customer's language).
	Lang     string
	Operator string
	Title    string
	Subtitle string
	Facts    []fact
	Greeting string
	Intro    string
	Reason   string
	// Verdict states the difference in money plainly; Dearer is set when
	// the offer costs more over either horizon, so that it is shown as a
	// warning and never softened.
	Verdict block
	Dearer  bool
	Plans   table
	Gains   block
	Losses  block
	Usage   table
	// UsageNote and TotalsNote say how the figures are computed.
	UsageNote  string
	Totals     table
	TotalsNote string
	Accept     block
	Support    string
	// Summary is the contract summary (EECC Art. 102(3)) in France, an
	// offer summary under the same headings in Québec.
	Summary      block
	SummaryParts []block
	Footer       string
}

// sheet lays the comparison out: the heading, the verdict, the plans side
// by side with gains and losses, the months, the totals, how to accept, and
// the contract summary on a page of its own (Regulation (EU) 2019/2243:
// concise, printable apart).
func (c Comparison) sheet() (*sheet, error) {
	t, err := c.text()
	if err != nil {
		return nil, err
	}
	return t.sheet(), nil
}

func (t *offerText) sheet() *sheet {
	head := section{ID: "title", Heading: t.Title, Level: 1, Parts: []part{subtitle(t.Subtitle), facts(t.Facts), text(t.Greeting), text(t.Intro)}}
	if t.Reason != "" {
		head.Parts = append(head.Parts, lead(t.Reason))
	}
	verdict := toneSaving
	if t.Dearer {
		verdict = toneDearer
	}
	accept := paragraphs(t.Accept.Paragraphs)
	accept = append(accept, list(t.Accept.Items))
	accept = append(accept, paragraphs(t.Accept.Closing)...)
	accept = append(accept, strong(t.Support))
	summary := section{ID: "summary", Heading: t.Summary.Heading, Level: 2, NewPage: true, Framed: true}
	for _, p := range t.Summary.Paragraphs {
		summary.Parts = append(summary.Parts, note(p))
	}
	var parts []section
	for i, b := range t.SummaryParts {
		parts = append(parts, section{ID: idOf("summary", i), Heading: b.Heading, Level: 3, Parts: []part{list(b.Items)}})
	}
	summary.Parts = append(summary.Parts, part{Kind: groupPart, Sections: parts})
	return &sheet{
		Lang: t.Lang, Operator: t.Operator, Title: t.Title, Subject: t.Subtitle, Footer: t.Footer,
		Sections: []section{
			head,
			{ID: "verdict", Heading: t.Verdict.Heading, Level: 2, Parts: []part{boxed(verdict, t.Verdict.Paragraphs)}},
			{ID: t.Plans.ID, Heading: t.Plans.Caption, Level: 2, Parts: []part{tabled(t.Plans), {Kind: groupPart, Side: true, Sections: []section{
				{ID: "gains", Heading: t.Gains.Heading, Level: 3, Parts: []part{list(t.Gains.Items)}},
				{ID: "losses", Heading: t.Losses.Heading, Level: 3, Parts: []part{list(t.Losses.Items)}},
			}}}},
			{ID: t.Usage.ID, Heading: t.Usage.Caption, Level: 2, Parts: []part{tabled(t.Usage), note(t.UsageNote)}},
			{ID: t.Totals.ID, Heading: t.Totals.Caption, Level: 2, Parts: []part{tabled(t.Totals), note(t.TotalsNote)}},
			{ID: "accept", Heading: t.Accept.Heading, Level: 2, Parts: accept},
			summary,
		},
	}
}

// text writes the comparison's content in the customer's language.
func (c Comparison) text() (*offerText, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	w := newWriter(c.Customer)
	cmp := c.Compared
	o := c.Offer
	phone := c.Operator.SupportPhone[c.Customer.Jurisdiction]
	line := w.phone(c.Line.Number, c.Customer.Jurisdiction)
	issued := c.Issued.In(c.Customer.Location())
	months := len(cmp.History)
	// The plan the line would be on, with its allowances and tariff.
	next := c.Current
	if c.Plan != nil {
		next = c.Plan
	}

	s := &offerText{Lang: string(w.lang), Operator: c.Operator.Name}
	s.Title = w.say("Votre offre, comparée à votre forfait actuel", "Ton offre, comparée à ton forfait actuel", "Your offer, compared with your current plan")
	s.Subtitle = w.pick("Offre « %s »", "Offer “%s”", o.Name.In(string(w.lang)))
	s.Facts = []fact{
		{w.pick("Ligne", "Line"), line},
		{w.pick("Document établi le", "Issued on"), w.date(tact.DateOf(issued))},
		{w.pick("Prix garanti jusqu’au", "Price guaranteed until"), w.date(cmp.ValidUntil)},
		{w.pick("Référence de l’offre", "Offer reference"), o.Code},
	}
	s.Greeting = w.person.Greeting()
	s.Intro = w.say(
		"Voici, par écrit, l’offre que nous vous proposons pour votre ligne %[1]s. Nous l’avons comparée à votre forfait actuel sur votre propre consommation %[2]s, pour que vous puissiez juger à tête reposée. Rien ne change tant que vous ne l’avez pas acceptée.",
		"Voici, par écrit, l’offre que nous te proposons pour ta ligne %[1]s. Nous l’avons comparée à ton forfait actuel sur ta propre consommation %[2]s, pour que tu puisses juger à tête reposée. Rien ne change tant que tu ne l’as pas acceptée.",
		"Here, in writing, is the offer we propose for your line %[1]s. We have compared it with your current plan on your own usage %[2]s, so that you can judge at leisure. Nothing changes until you accept it.",
		line, w.lastMonths(months))
	if !w.person.Tu || !w.french() {
		s.Reason = c.Reason.In(string(w.lang))
	}

	s.Verdict, s.Dearer = c.verdict(w)
	s.Plans = c.plans(w, next, line)
	s.Gains = block{Heading: w.say("Ce que vous gagnez", "Ce que tu gagnes", "What you gain"), Items: w.texts(cmp.Gains)}
	s.Losses = block{Heading: w.say("Ce que vous perdez", "Ce que tu perds", "What you give up"), Items: w.texts(cmp.Losses)}

	s.Usage = table{
		ID:      "usage",
		Amounts: 3,
		Widths:  monthWidths,
		Caption: w.say("Vos %d derniers mois, facturés des deux façons", "Tes %d derniers mois, facturés des deux façons", "Your last %d months, billed both ways", months),
		Head:    []string{w.pick("Mois", "Month"), w.pick("Forfait actuel", "Current plan"), w.pick("Avec l’offre", "With the offer"), w.pick("Différence", "Difference")},
		Foot:    [][]string{{w.pick("Moyenne par mois", "Average a month"), w.money(cmp.Monthly.Current), w.money(cmp.Monthly.Offer), w.difference(cmp.Monthly.Saving)}},
	}
	if months == 1 {
		s.Usage.Caption = w.say("Votre dernier mois, facturé des deux façons", "Ton dernier mois, facturé des deux façons", "Your last month, billed both ways")
	}
	// History is newest first; a table of months reads oldest first.
	for i := months - 1; i >= 0; i-- {
		m := cmp.History[i]
		s.Usage.Rows = append(s.Usage.Rows, []string{w.month(m.Month), w.money(m.Current), w.money(m.Offer), w.difference(tact.Money{Cents: m.Current.Cents - m.Offer.Cents, Currency: m.Current.Currency})})
	}
	s.UsageNote = w.say(
		"Chaque mois est calculé sur votre consommation réelle : forfait, options et hors-forfait compris.",
		"Chaque mois est calculé sur ta consommation réelle : forfait, options et hors-forfait compris.",
		"Each month is costed on your actual usage: plan, options and charges beyond the allowances included.")
	if o.Instalment.Cents > 0 {
		s.UsageNote += " " + w.pick("La colonne « Avec l’offre » comprend la mensualité de l’appareil.", "The “With the offer” column includes the device instalment.")
	}

	s.Totals = table{
		ID:      "totals",
		Amounts: 3,
		Widths:  monthWidths,
		Caption: w.pick("Sur 12 et 24 mois", "Over 12 and 24 months"),
		Head:    []string{w.pick("Période", "Period"), w.pick("Forfait actuel", "Current plan"), w.pick("Avec l’offre", "With the offer"), w.pick("Différence", "Difference")},
		Rows: [][]string{
			{w.pick("12 mois", "12 months"), w.money(cmp.Over12.Current), w.money(cmp.Over12.Offer), w.difference(cmp.Over12.Saving)},
			{w.pick("24 mois", "24 months"), w.money(cmp.Over24.Current), w.money(cmp.Over24.Offer), w.difference(cmp.Over24.Saving)},
		},
	}
	s.TotalsNote = w.say(
		"Ces totaux reprennent votre consommation des derniers mois, répétée mois après mois.",
		"Ces totaux reprennent ta consommation des derniers mois, répétée mois après mois.",
		"These totals repeat your usage of the last months, month after month.")
	if o.Upfront.Cents > 0 || o.Instalment.Cents > 0 {
		s.TotalsNote += " " + w.pick("Ils comprennent le paiement à la commande et les mensualités de l’appareil.", "They include the payment on order and the device instalments.")
	}

	s.Accept = block{
		Heading: w.pick("Comment accepter", "How to accept"),
		Paragraphs: []string{
			w.pick("Le prix de cette offre est garanti jusqu’au %s inclus.", "The price of this offer is guaranteed until %s inclusive.", w.date(cmp.ValidUntil)),
			w.say("Pour l’accepter d’ici là, au choix :", "Pour l’accepter d’ici là, au choix :", "To accept it by then, as you prefer:"),
		},
		Items: []string{
			w.say("si ce document vous est parvenu par e-mail, répondez-y simplement,", "si ce document t’est parvenu par e-mail, réponds-y simplement,", "if this document came to you by email, simply reply to it,"),
			w.say("appelez gratuitement le %s,", "appelle gratuitement le %s,", "call %s, free of charge,", phone),
			w.say("ou rendez-vous dans l’une de nos boutiques.", "ou passe dans l’une de nos boutiques.", "or visit one of our shops."),
		},
	}
	s.Accept.Closing = append(s.Accept.Closing, w.say(
		"Vous n’avez aucune obligation : sans réponse de votre part, rien ne change et votre forfait actuel continue comme aujourd’hui.",
		"Tu n’as aucune obligation : sans réponse de ta part, rien ne change et ton forfait actuel continue comme aujourd’hui.",
		"You are under no obligation: without an answer from you, nothing changes and your current plan carries on as today."))
	s.Support = w.pick("Service client gratuit : %s", "Free customer service: %s", phone)

	s.Summary, s.SummaryParts = c.summary(w, next, line, phone, issued)
	s.Footer = c.Operator.Name + " — " + s.Support
	return s, nil
}

// monthWidths are the columns of the tables of months and totals: what, then
// three amounts.
var monthWidths = []float64{44, 42, 42, 46}

// verdict states what the offer would cost over 24 and 12 months and on
// average, more or less than today, in plain words. A higher cost opens with
// a warning: the document exists so the customer can compare, and a dearer
// offer is said to be dearer.
func (c Comparison) verdict(w writer) (block, bool) {
	cmp := c.Compared
	b := block{Heading: w.pick("En résumé", "In short")}
	dearer := cmp.Over24.Saving.Cents < 0 || cmp.Over12.Saving.Cents < 0
	if cmp.Over24.Saving.Cents < 0 {
		b.Paragraphs = append(b.Paragraphs, w.say(
			"Attention : cette offre vous coûterait plus cher que votre forfait actuel.",
			"Attention : cette offre te coûterait plus cher que ton forfait actuel.",
			"Please note: this offer would cost you more than your current plan."))
	}
	s24 := cmp.Over24.Saving
	switch {
	case s24.Cents > 0:
		b.Paragraphs = append(b.Paragraphs, w.say(
			"Sur 24 mois, cette offre vous coûterait %s de moins que votre forfait actuel.",
			"Sur 24 mois, cette offre te coûterait %s de moins que ton forfait actuel.",
			"Over 24 months, this offer would cost you %s less than your current plan.", w.money(s24)))
	case s24.Cents < 0:
		b.Paragraphs = append(b.Paragraphs, w.say(
			"Sur 24 mois, cette offre vous coûterait %s de plus que votre forfait actuel.",
			"Sur 24 mois, cette offre te coûterait %s de plus que ton forfait actuel.",
			"Over 24 months, this offer would cost you %s more than your current plan.", w.money(abs(s24))))
	default:
		b.Paragraphs = append(b.Paragraphs, w.say(
			"Sur 24 mois, cette offre vous coûterait autant que votre forfait actuel.",
			"Sur 24 mois, cette offre te coûterait autant que ton forfait actuel.",
			"Over 24 months, this offer would cost you the same as your current plan."))
	}
	s12 := cmp.Over12.Saving
	switch {
	case s12.Cents > 0:
		b.Paragraphs = append(b.Paragraphs, w.say("Sur 12 mois, elle vous coûterait %s de moins.", "Sur 12 mois, elle te coûterait %s de moins.", "Over 12 months, it would cost you %s less.", w.money(s12)))
	case s12.Cents < 0:
		b.Paragraphs = append(b.Paragraphs, w.say("Sur 12 mois, elle vous coûterait %s de plus.", "Sur 12 mois, elle te coûterait %s de plus.", "Over 12 months, it would cost you %s more.", w.money(abs(s12))))
	default:
		b.Paragraphs = append(b.Paragraphs, w.say("Sur 12 mois, elle vous coûterait autant.", "Sur 12 mois, elle te coûterait autant.", "Over 12 months, it would cost you the same."))
	}
	b.Paragraphs = append(b.Paragraphs, w.pick("En moyenne, %s par mois avec l’offre, contre %s aujourd’hui.", "On average, %s a month with the offer, against %s today.",
		w.money(cmp.Monthly.Offer), w.money(cmp.Monthly.Current)))
	return b, dearer
}

// plans is the side-by-side table: the line's plan today and under the offer.
func (c Comparison) plans(w writer, next *catalog.Plan, line string) table {
	o := c.Offer
	lang := string(w.lang)
	t := table{
		ID:      "plans",
		Widths:  []float64{44, 65, 65},
		Caption: w.say("Votre forfait actuel et l’offre, côte à côte", "Ton forfait actuel et l’offre, côte à côte", "Your current plan and the offer, side by side"),
		Head:    []string{"", w.pick("Aujourd’hui", "Today"), w.pick("Avec l’offre", "With the offer")},
	}
	name, price := c.Current.Name.In(lang)+w.pick(" (inchangé)", " (unchanged)"), c.Current.MonthlyPrice
	if c.Plan != nil {
		name, price = c.Plan.Name.In(lang), o.MonthlyPrice
	}
	t.Rows = append(t.Rows,
		[]string{w.pick("Forfait", "Plan"), c.Current.Name.In(lang), name},
		[]string{w.pick("Prix du forfait par mois", "Plan price a month"), w.money(c.Current.MonthlyPrice), w.money(price)})
	if c.Option != nil {
		t.Rows = append(t.Rows, []string{w.pick("Option", "Option"), "—", w.pick("%s : %s par mois", "%s: %s a month", c.Option.Name.In(lang), w.money(o.MonthlyPrice))})
	}
	if c.Device != nil {
		t.Rows = append(t.Rows, []string{w.pick("Appareil", "Device"), "—", c.Device.Brand + " " + c.Device.Model + w.pick(" : ", ": ") + w.devicePrice(o)})
	}
	extra := int64(0)
	if c.Option != nil {
		extra = c.Option.DataMB
	}
	t.Rows = append(t.Rows,
		[]string{w.pick("Données mobiles", "Mobile data"), w.data(c.Current.DataMB, 0), w.data(next.DataMB, extra)},
		[]string{w.pick("Appels", "Calls"), w.minutes(c.Current.VoiceMinutes), w.minutes(next.VoiceMinutes)},
		[]string{"SMS", w.count(c.Current.SMS), w.count(next.SMS)},
		[]string{w.pick("Engagement", "Commitment"), w.currentCommitment(c.Line.CommitmentEndsOn, tact.DateOf(c.Issued.In(c.Customer.Location()))), w.commitment(o.CommitmentMonths)},
	)
	return t
}

// summary is the contract summary of EECC Art. 102(3), under the headings of
// the template of Commission Implementing Regulation (EU) 2019/2243, filled
// from the offer. The EECC binds operators in France only: a Québec customer
// gets the same headings as an offer summary, without the claim of EU law.
// Its items are impersonal so that they read the same to "vous" and "tu".
func (c Comparison) summary(w writer, next *catalog.Plan, line, phone string, issued time.Time) (block, []block) {
	o := c.Offer
	lang := string(w.lang)
	fr := c.Customer.Jurisdiction == tact.FR
	var head block
	if fr {
		head = block{
			Heading: w.pick("Récapitulatif contractuel", "Contract summary"),
			Paragraphs: []string{w.pick(
				"Le présent récapitulatif contractuel fournit les principaux éléments de la présente offre de services, comme l’exige le droit de l’Union (code des communications électroniques européen, article 102, paragraphe 3, et règlement d’exécution (UE) 2019/2243). Il aide à comparer les offres de services. Des informations complètes sur le service figurent dans d’autres documents.",
				"This contract summary provides the main elements of this service offer as required by EU law (European Electronic Communications Code, Article 102(3), and Commission Implementing Regulation (EU) 2019/2243). It helps to make a comparison between service offers. Complete information about the service is provided in other documents.")},
		}
	} else {
		head = block{
			Heading:    w.pick("Résumé de l’offre", "Offer summary"),
			Paragraphs: []string{w.pick("Les principaux éléments de cette offre, pour la comparer facilement. Des informations complètes figurent dans le contrat.", "The main elements of this offer, to compare it easily. Complete information is in the contract.")},
		}
	}

	services := block{Heading: w.pick("Services et équipements", "Services and equipment")}
	planName := next.Name.In(lang)
	if c.Plan == nil {
		services.Items = append(services.Items, w.pick("Forfait « %s » inchangé, sur la ligne %s : %s.", "Plan “%s” unchanged, on line %s: %s.", planName, line, w.allowances(next, 0)))
	} else {
		services.Items = append(services.Items, w.pick("Forfait « %s » sur la ligne %s : %s.", "Plan “%s” on line %s: %s.", planName, line, w.allowances(next, 0)))
	}
	if c.Option != nil {
		item := w.pick("Option « %s »", "Option “%s”", c.Option.Name.In(lang))
		if c.Option.DataMB > 0 {
			item += w.pick(" : %s de données en plus par mois", ": %s more data a month", w.data(catalog.Allowance{Amount: c.Option.DataMB}, 0))
		}
		services.Items = append(services.Items, item+".")
	}
	if c.Device != nil {
		services.Items = append(services.Items, w.pick("Appareil : %s %s.", "Device: %s %s.", c.Device.Brand, c.Device.Model))
	}

	price := block{Heading: w.pick("Prix", "Price")}
	if c.Plan != nil {
		price.Items = append(price.Items, w.pick("Forfait : %s par mois.", "Plan: %s a month.", w.money(o.MonthlyPrice)))
	} else {
		price.Items = append(price.Items, w.pick("Forfait : %s par mois, inchangé.", "Plan: %s a month, unchanged.", w.money(c.Current.MonthlyPrice)))
	}
	if c.Option != nil {
		price.Items = append(price.Items, w.pick("Option : %s par mois.", "Option: %s a month.", w.money(o.MonthlyPrice)))
	}
	if c.Device != nil {
		price.Items = append(price.Items, w.pick("Appareil : %s.", "Device: %s.", w.devicePrice(o)))
	}
	if t := w.tariff(next.Tariff); t != "" {
		price.Items = append(price.Items, t)
	}
	if r := w.roaming(next.Tariff); r != "" {
		price.Items = append(price.Items, r)
	}
	price.Items = append(price.Items, w.pick("Prix garanti jusqu’au %s inclus.", "Price guaranteed until %s inclusive.", w.date(c.Compared.ValidUntil)))

	duration := block{Heading: w.pick("Durée, renouvellement et résiliation", "Duration, renewal and termination")}
	switch {
	case o.CommitmentMonths > 0:
		duration.Items = append(duration.Items, w.pick("Engagement de %d mois à compter de l’acceptation de l’offre.", "A %d-month commitment from the acceptance of the offer.", o.CommitmentMonths))
	default:
		duration.Items = append(duration.Items, w.pick("Sans engagement.", "No commitment."))
	}
	if fr {
		duration.Items = append(duration.Items, w.pick(
			"Hors engagement, le contrat se poursuit sans durée minimale et peut être résilié à tout moment, avec un préavis d’un mois au plus (code des communications électroniques européen, article 105, paragraphe 3).",
			"Outside a commitment, the contract runs with no minimum term and may be terminated at any time, with at most one month’s notice (European Electronic Communications Code, Article 105(3))."))
		if o.CommitmentMonths > 12 {
			// C. conso. L224-28: after the 12th month, ending a longer
			// commitment early costs at most a quarter of what remains due.
			duration.Items = append(duration.Items, w.pick(
				"À partir de la fin du 12e mois, l’engagement peut être résilié par anticipation en payant au plus le quart des sommes restant dues jusqu’à son terme (code de la consommation, article L224-28).",
				"From the end of the 12th month, the commitment may be ended early by paying at most a quarter of the sums still due until its end (French Consumer Code, Article L224-28)."))
		}
	} else {
		duration.Items = append(duration.Items, w.pick(
			"Le contrat peut être résilié à tout moment par un avis à l’opérateur (Loi sur la protection du consommateur, article 214.6). Pendant un engagement, des frais de résiliation anticipée peuvent s’appliquer, dans les limites de cette loi.",
			"The contract may be cancelled at any time by notice to the operator (Québec Consumer Protection Act, section 214.6). During a commitment, early cancellation fees may apply, within the limits of that Act."))
	}

	access := block{Heading: w.pick("Fonctionnalités destinées aux utilisateurs finals handicapés", "Features for end-users with disabilities")}
	access.Items = []string{
		w.pick("Cette comparaison existe aussi en page web (HTML), lisible par les lecteurs d’écran et agrandissable.", "This comparison also exists as a web page (HTML) that screen readers can read and that can be enlarged."),
		w.pick("Équipements et services adaptés : renseignements au %s (appel gratuit).", "Adapted equipment and services: ask on %s (free call).", phone),
	}

	other := block{Heading: w.pick("Autres informations utiles", "Other relevant information")}
	first, last := c.Compared.History[len(c.Compared.History)-1].Month, c.Compared.History[0].Month
	other.Items = []string{
		w.pick("Comparaison établie le %s sur la consommation de la ligne de %s à %s.", "Comparison made on %s on the line’s usage from %s to %s.", w.date(tact.DateOf(issued)), w.month(first), w.month(last)),
		w.pick("Rien ne change tant que l’offre n’est pas acceptée.", "Nothing changes until the offer is accepted."),
		w.pick("Référence de l’offre : %s. Service client gratuit : %s.", "Offer reference: %s. Free customer service: %s.", o.Code, phone),
	}
	return head, []block{services, price, duration, access, other}
}

func abs(m tact.Money) tact.Money {
	if m.Cents < 0 {
		m.Cents = -m.Cents
	}
	return m
}
