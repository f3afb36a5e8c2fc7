package notice

import (
	"fmt"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// Advice is the best-tariff advice for one line.
type Advice struct {
	Line *customer.Line
	// Plan is the line's plan, nil when the catalogue does not know it.
	Plan *catalog.Plan
	// Tariff is offer.BestPlan's answer; Known is false when the line has no
	// month of usage to compare on (BestPlan's ok).
	Tariff offer.BestTariff
	Known  bool
}

// Saving is what the best plan would save a month (zero when his plan is the
// best).
func (a Advice) Saving() tact.Money {
	return tact.Money{Cents: a.Tariff.CurrentMonthly.Cents - a.Tariff.BestMonthly.Cents, Currency: a.Tariff.CurrentMonthly.Currency}
}

// writer writes sentences in the customer's language and form of address.
// Every sentence addressed to him is written three times (vous, tu,
// English), never assembled from pieces, as wording.Person.VousTu asks.
type writer struct {
	p wording.Person
	j tact.Jurisdiction
}

func newWriter(c *customer.Customer) writer {
	p := c.Person()
	if !p.Language.Valid() {
		p.Language = c.Jurisdiction.DefaultLanguage()
	}
	return writer{p: p, j: c.Jurisdiction}
}

func (w writer) french() bool { return wording.French(w.p.Language) }

// say picks the sentence for the customer and fills it.
func (w writer) say(vous, tu, en string, args ...any) string {
	s := en
	if w.french() {
		s = w.p.VousTu(vous, tu)
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// pick picks an impersonal phrase (a label, a noun) by language: French of
// France, French of Québec, English.
func (w writer) pick(frFR, frCA, en string) string {
	switch {
	case w.p.Language == tact.LangFrCA:
		return frCA
	case w.french():
		return frFR
	}
	return en
}

func (w writer) money(m tact.Money) string { return wording.Money(m, w.p.Language) }

func (w writer) date(d tact.Date) string { return wording.Date(d.In(time.UTC), w.p.Language) }

// number writes a line's E.164 number as people of its country write it
// ("06 12 34 56 78", "(514) 555-0199"), as stored if it cannot be read.
func (w writer) number(e164 string) string { return customer.NationalNumber(e164, w.j) }

// planName is a plan's name in the customer's language, quoted as his
// language quotes.
func (w writer) planName(p *catalog.Plan) string {
	name := p.Name.In(string(w.p.Language))
	if name == "" {
		name = p.Code
	}
	if w.french() {
		return "« " + name + " »"
	}
	return "“" + name + "”"
}

// lineLabel names a line: its number, and its plan when known ("forfait
// « Mobile 20 Go »", but not "forfait « Forfait 20 Go »").
func (w writer) lineLabel(l *customer.Line, p *catalog.Plan) string {
	if p == nil {
		return w.number(l.Number)
	}
	noun := w.pick("forfait", "forfait", "plan")
	if strings.Contains(strings.ToLower(p.Name.In(string(w.p.Language))), noun) {
		return w.number(l.Number) + " (" + w.planName(p) + ")"
	}
	return w.number(l.Number) + " (" + noun + " " + w.planName(p) + ")"
}

func (w writer) signature(op tact.Operator) string {
	if w.french() {
		return "Cordialement,\n" + op.Name
	}
	return "Kind regards,\n" + op.Name
}

// advice writes the best-tariff advice for one line, without naming it: what
// it cost him, the cheapest plan that covers his use and what it would save,
// or that he is already on it (EECC Art. 105(3) asks for the advice either
// way).
func (w writer) advice(a Advice) string {
	if !a.Known || a.Tariff.Current == nil || a.Tariff.Best == nil {
		return w.say("Nous ne connaissons pas encore votre consommation sur cette ligne : nous ne pouvons pas encore la comparer avec nos forfaits. Notre service client peut le faire avec vous.",
			"Nous ne connaissons pas encore ta consommation sur cette ligne : nous ne pouvons pas encore la comparer avec nos forfaits. Notre service client peut le faire avec toi.",
			"We do not know your use of this line yet, so we cannot compare it with our plans yet. Our customer service can do it with you.")
	}
	t := a.Tariff
	var cost string
	if t.Months == 1 {
		cost = w.say("Sur votre dernier mois, elle vous a coûté %s, dépassements et options compris.",
			"Sur ton dernier mois, elle t'a coûté %s, dépassements et options compris.",
			"Over your last month, it cost you %s, overage and options included.", w.money(t.CurrentMonthly))
	} else {
		cost = w.say("Sur vos %d derniers mois, elle vous a coûté en moyenne %s par mois, dépassements et options compris.",
			"Sur tes %d derniers mois, elle t'a coûté en moyenne %s par mois, dépassements et options compris.",
			"Over your last %d months, it cost you %s a month on average, overage and options included.", t.Months, w.money(t.CurrentMonthly))
	}
	var verdict string
	switch saving := a.Saving(); {
	case saving.Cents > 0:
		verdict = w.say("Le forfait le moins cher qui couvre votre consommation est %s : %s par mois pour le même usage. Vous économiseriez %s par mois, soit %s sur 12 mois.",
			"Le forfait le moins cher qui couvre ta consommation est %s : %s par mois pour le même usage. Tu économiserais %s par mois, soit %s sur 12 mois.",
			"The cheapest plan that covers your use is %s: %s a month for the same use. You would save %s a month, %s over 12 months.",
			w.planName(t.Best), w.money(t.BestMonthly), w.money(saving), w.money(t.YearlySaving))
	case t.Best.Code != t.Current.Code:
		verdict = w.say("Vous êtes déjà au prix le plus bas pour votre consommation ; pour ce même prix, le forfait %s vous offrirait davantage.",
			"Tu es déjà au prix le plus bas pour ta consommation ; pour ce même prix, le forfait %s t'offrirait davantage.",
			"You already pay the lowest price for your use; for that same price, the plan %s would give you more.", w.planName(t.Best))
	default:
		verdict = w.say("Vous êtes déjà sur le forfait le moins cher qui couvre votre consommation : nous ne vous conseillons aucun changement.",
			"Tu es déjà sur le forfait le moins cher qui couvre ta consommation : nous ne te conseillons aucun changement.",
			"You are already on the cheapest plan that covers your use: we advise no change.")
	}
	return cost + " " + verdict
}

// BestTariffText writes the yearly best-tariff notice (rule
// best_tariff_yearly): for each line, what it cost him a month on his own
// use, the cheapest plan on sale that covers that use and what he would save
// a month and over 12 months, or that he is already on it; how to change; the
// free support number; signed by the operator.
func BestTariffText(c *customer.Customer, op tact.Operator, advice []Advice) (subject, body string) {
	w := newWriter(c)
	support := op.SupportPhone[c.Jurisdiction]
	subject = w.say("Votre conseil tarifaire annuel : votre forfait est-il le bon ?",
		"Ton conseil tarifaire annuel : ton forfait est-il le bon ?",
		"Your yearly tariff advice: is your plan the right one?")
	var b strings.Builder
	b.WriteString(w.p.Greeting() + "\n\n")
	if len(advice) == 1 {
		b.WriteString(w.say("Au moins une fois par an, nous comparons ce que vous coûte votre ligne avec tous nos forfaits en vente, sur votre propre consommation. Voici ce que nous avons trouvé.",
			"Au moins une fois par an, nous comparons ce que te coûte ta ligne avec tous nos forfaits en vente, sur ta propre consommation. Voici ce que nous avons trouvé.",
			"At least once a year, we compare what your line costs you with every plan we sell, on your own use. Here is what we found."))
	} else {
		b.WriteString(w.say("Au moins une fois par an, nous comparons ce que vous coûte chacune de vos lignes avec tous nos forfaits en vente, sur votre propre consommation. Voici ce que nous avons trouvé.",
			"Au moins une fois par an, nous comparons ce que te coûte chacune de tes lignes avec tous nos forfaits en vente, sur ta propre consommation. Voici ce que nous avons trouvé.",
			"At least once a year, we compare what each of your lines costs you with every plan we sell, on your own use. Here is what we found."))
	}
	for _, a := range advice {
		b.WriteString("\n\n" + w.pick("Ligne", "Ligne", "Line") + " " + w.lineLabel(a.Line, a.Plan) + "\n" + w.advice(a))
	}
	b.WriteString("\n\n" + w.say("Pour changer de forfait, appelez gratuitement notre service client au %s : un conseiller fait le changement avec vous. Ce conseil ne vous engage à rien.",
		"Pour changer de forfait, appelle gratuitement notre service client au %s : un conseiller fait le changement avec toi. Ce conseil ne t'engage à rien.",
		"To change plan, call our customer service free of charge on %s: an adviser makes the change with you. This advice commits you to nothing.", support))
	if c.Jurisdiction == tact.FR {
		b.WriteString("\n\n" + w.say("Nous vous adressons ce conseil au moins une fois par an, comme le prévoit le code européen des communications électroniques (directive (UE) 2018/1972, article 105).",
			"Nous t'adressons ce conseil au moins une fois par an, comme le prévoit le code européen des communications électroniques (directive (UE) 2018/1972, article 105).",
			"We send you this advice at least once a year, as the European Electronic Communications Code requires (Directive (EU) 2018/1972, Article 105)."))
	}
	b.WriteString("\n\n" + w.signature(op))
	return subject, b.String()
}

// rule is the frame of the end date in the notice, plain text's "encadré
// apparent" (C. conso. L.215-1 asks the date in a box that catches the eye).
const rule = "────────────────────────────────────────"

// CommitmentEndText writes the end-of-commitment notice of a line (rule
// commitment_end_notice): the day the commitment ends, set apart; that from
// the next day he may cancel or change without termination fees; how; and,
// at the same time (EECC Art. 105(3)), the best-tariff advice for that line.
func CommitmentEndText(c *customer.Customer, op tact.Operator, a Advice) (subject, body string) {
	w := newWriter(c)
	l := a.Line
	end := l.CommitmentEndsOn
	support := op.SupportPhone[c.Jurisdiction]
	number := w.number(l.Number)
	subject = w.say("Votre engagement sur la ligne %s se termine le %s",
		"Ton engagement sur la ligne %s se termine le %s",
		"Your commitment on line %s ends on %s", number, w.date(end))
	var b strings.Builder
	b.WriteString(w.p.Greeting() + "\n\n")
	b.WriteString(w.say("La période d'engagement de votre ligne %s arrive à son terme.",
		"La période d'engagement de ta ligne %s arrive à son terme.",
		"The commitment period of your line %s is coming to an end.", w.lineLabel(l, a.Plan)))
	b.WriteString("\n\n" + rule + "\n" + w.say("Fin de votre engagement : %s", "Fin de ton engagement : %s", "End of your commitment: %s", w.date(end)) + "\n" + rule)
	b.WriteString("\n\n" + w.say("À partir du %s, vous n'avez plus d'engagement : vous pouvez résilier cette ligne ou changer d'offre quand vous le souhaitez, sans frais de résiliation. Si vous ne faites rien, votre ligne reste active.",
		"À partir du %s, tu n'as plus d'engagement : tu peux résilier cette ligne ou changer d'offre quand tu le souhaites, sans frais de résiliation. Si tu ne fais rien, ta ligne reste active.",
		"From %s, you are no longer committed: you may cancel this line or change your offer whenever you wish, without termination fees. If you do nothing, your line stays active.",
		w.date(end.AddDays(1))))
	other, newOne := w.pick("un autre opérateur", "un autre fournisseur", "another operator"), w.pick("ce nouvel opérateur", "ce nouveau fournisseur", "that operator")
	b.WriteString("\n\n" + w.say("Pour résilier ou changer d'offre, appelez gratuitement notre service client au %s. Pour partir chez %s en gardant votre numéro, demandez-le simplement à %s : il s'occupe de la résiliation.",
		"Pour résilier ou changer d'offre, appelle gratuitement notre service client au %s. Pour partir chez %s en gardant ton numéro, demande-le simplement à %s : il s'occupe de la résiliation.",
		"To cancel or change your offer, call our customer service free of charge on %s. To move to %s and keep your number, just ask %s: it takes care of the cancellation.",
		support, other, newOne))
	b.WriteString("\n\n" + w.pick("Notre conseil tarifaire pour cette ligne :", "Notre conseil tarifaire pour cette ligne :", "Our tariff advice for this line:") + "\n" + w.advice(a))
	b.WriteString("\n\n" + w.signature(op))
	return subject, b.String()
}
