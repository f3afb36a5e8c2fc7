package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// writer writes the document's sentences in the customer's language and form
// of address. Every sentence addressed to him is written three times (vous,
// tu, English), never assembled from pieces (as wording.Person.VousTu).
type writer struct {
	lang   tact.Language
	person wording.Person
}

func newWriter(c *customer.Customer) writer {
	lang := c.Language
	if !lang.Valid() {
		lang = c.Jurisdiction.DefaultLanguage()
	}
	p := c.Person()
	p.Language = lang
	return writer{lang: lang, person: p}
}

func (w writer) french() bool { return wording.French(w.lang) }

// say picks the sentence for the customer's language and form of address.
func (w writer) say(vous, tu, en string, args ...any) string {
	if !w.french() {
		return w.format(en, args)
	}
	return w.format(w.person.VousTu(vous, tu), args)
}

// pick picks an impersonal text (a label, a heading) by language.
func (w writer) pick(fr, en string, args ...any) string {
	if !w.french() {
		return w.format(en, args)
	}
	return w.format(fr, args)
}

func (w writer) format(s string, args []any) string {
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	if w.french() {
		s = frenchSpaces.Replace(s)
	}
	return s
}

// frenchSpaces puts the no-break spaces of French typography where the
// sentences are written with plain ones, so that "«", "»" and ":" never end
// up alone at the start or end of a line, in HTML as in the PDF.
var frenchSpaces = strings.NewReplacer(" :", "\u00a0:", "« ", "«\u00a0", " »", "\u00a0»")

func (w writer) money(m tact.Money) string { return wording.Money(m, w.lang) }

func (w writer) date(d tact.Date) string { return wording.Date(d.In(time.UTC), w.lang) }

// difference writes a saving (current minus offer) as the customer reads it:
// "12,00 € de moins", "12,00 € de plus", never a bare sign to decode.
func (w writer) difference(saving tact.Money) string {
	switch {
	case saving.Cents > 0:
		return w.pick("%s de moins", "%s less", w.money(saving))
	case saving.Cents < 0:
		return w.pick("%s de plus", "%s more", w.money(abs(saving)))
	}
	return w.pick("identique", "same")
}

// frMonths are the month names for a usage month ("mai 2026"). wording has
// them but writes only whole dates; this belongs there once another text
// needs a month.
var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// month writes a usage month: "mai 2026", "May 2026".
func (w writer) month(m tact.Month) string {
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return string(m)
	}
	if !w.french() {
		return t.Format("January 2006")
	}
	return frMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// period writes a bill's period as people say it: "du 1er au 30 novembre
// 2026", "du 15 octobre au 14 novembre 2026", "du 15 décembre 2026 au 14
// janvier 2027"; "from 1 to 30 November 2026".
func (w writer) period(from, to tact.Date) string {
	day := func(d tact.Date) string {
		if w.french() && d.Day == 1 {
			return "1er"
		}
		return strconv.Itoa(d.Day)
	}
	month := func(d tact.Date) string {
		if w.french() {
			return frMonths[d.Month-1]
		}
		return d.Month.String()
	}
	start := day(from)
	if from.Month != to.Month || from.Year != to.Year {
		start += " " + month(from)
	}
	if from.Year != to.Year {
		start += " " + strconv.Itoa(from.Year)
	}
	return w.pick("du %s au %s %s %d", "from %s to %s %s %d", start, day(to), month(to), to.Year)
}

// lastMonths is "des 6 derniers mois" / "of the last 6 months".
func (w writer) lastMonths(n int) string {
	if n == 1 {
		return w.pick("du dernier mois", "of last month")
	}
	return w.pick("des %d derniers mois", "of the last %d months", n)
}

// phone writes a line's E.164 number as people of its country write it
// ("06 12 34 56 78", "(514) 555-0199"); as stored if it cannot be read.
func (w writer) phone(e164 string, j tact.Jurisdiction) string {
	return customer.NationalNumber(e164, j)
}

// integer groups thousands as wording.Money does: a narrow no-break space in
// French, a comma in English.
func (w writer) integer(n int64) string {
	s := strconv.FormatInt(n, 10)
	sep := ","
	if w.french() {
		sep = "\u202f"
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// data writes a data allowance in MB, plus extraMB an option adds: "100 Go",
// "1,5 Go", "500 Mo", "Illimitées". A gigabyte is 1,000 MB, as offer costs it.
func (w writer) data(a catalog.Allowance, extraMB int64) string {
	if a.Unlimited {
		return w.pick("Illimitées", "Unlimited")
	}
	s := w.megabytes(a.Amount)
	if extraMB > 0 {
		s += w.pick(" + %s (option)", " + %s (option)", w.megabytes(extraMB))
	}
	return s
}

func (w writer) megabytes(mb int64) string {
	if mb < 1000 {
		return w.integer(mb) + w.pick("\u00a0Mo", "\u00a0MB")
	}
	s := w.integer(mb / 1000)
	if r := mb % 1000; r != 0 {
		dec := strings.TrimRight(fmt.Sprintf("%03d", r), "0")
		s += w.pick(",", ".") + dec
	}
	return s + w.pick("\u00a0Go", "\u00a0GB")
}

func (w writer) minutes(a catalog.Allowance) string {
	if a.Unlimited {
		return w.pick("Illimités", "Unlimited")
	}
	return w.integer(a.Amount) + "\u00a0min"
}

func (w writer) count(a catalog.Allowance) string {
	if a.Unlimited {
		return w.pick("Illimités", "Unlimited")
	}
	return w.integer(a.Amount)
}

// allowances is a plan's monthly allowances in a phrase: "100 Go de données
// mobiles par mois, appels illimités, SMS illimités".
func (w writer) allowances(p *catalog.Plan, extraMB int64) string {
	var parts []string
	if p.DataMB.Unlimited {
		parts = append(parts, w.pick("données mobiles illimitées", "unlimited mobile data"))
	} else {
		parts = append(parts, w.pick("%s de données mobiles par mois", "%s of mobile data a month", w.data(p.DataMB, extraMB)))
	}
	if p.VoiceMinutes.Unlimited {
		parts = append(parts, w.pick("appels illimités", "unlimited calls"))
	} else {
		parts = append(parts, w.pick("%s d’appels par mois", "%s of calls a month", w.minutes(p.VoiceMinutes)))
	}
	if p.SMS.Unlimited {
		parts = append(parts, w.pick("SMS illimités", "unlimited texts"))
	} else {
		parts = append(parts, w.pick("%s SMS par mois", "%s texts a month", w.count(p.SMS)))
	}
	return strings.Join(parts, ", ")
}

// tariff is what the plan charges beyond its allowances, "" when nothing is
// (a zero price is not charged: the allowance is then the cap).
func (w writer) tariff(t catalog.Tariff) string {
	var parts []string
	if t.DataPerGB.Cents > 0 {
		parts = append(parts, w.pick("%s par Go de données entamé", "%s per started GB of data", w.money(t.DataPerGB)))
	}
	if t.VoicePerMinute.Cents > 0 {
		parts = append(parts, w.pick("%s par minute d’appel", "%s per minute of calls", w.money(t.VoicePerMinute)))
	}
	if t.SMSEach.Cents > 0 {
		parts = append(parts, w.pick("%s par SMS", "%s per text", w.money(t.SMSEach)))
	}
	if len(parts) == 0 {
		return ""
	}
	return w.pick("Au-delà du forfait : %s.", "Beyond the allowances: %s.", strings.Join(parts, ", "))
}

// roaming is the data included abroad and its price beyond, "" when the
// plan says nothing of it.
func (w writer) roaming(t catalog.Tariff) string {
	switch {
	case t.RoamingDataMB.Unlimited:
		return w.pick("À l’étranger : données illimitées.", "Abroad: unlimited data.")
	case t.RoamingPerGB.Cents > 0:
		return w.pick("À l’étranger : %s de données inclus, puis %s par Go entamé.", "Abroad: %s of data included, then %s per started GB.",
			w.data(t.RoamingDataMB, 0), w.money(t.RoamingPerGB))
	case t.RoamingDataMB.Amount > 0:
		return w.pick("À l’étranger : %s de données inclus.", "Abroad: %s of data included.", w.data(t.RoamingDataMB, 0))
	}
	return ""
}

// devicePrice is a device's price under the offer: "99,00 € à la commande,
// puis 24 mensualités de 30,00 €".
func (w writer) devicePrice(o *offer.Offer) string {
	up := w.money(o.Upfront)
	switch {
	case o.Instalments > 0 && o.Upfront.Cents > 0:
		return w.pick("%s à la commande, puis %d mensualités de %s", "%s on order, then %d monthly instalments of %s", up, o.Instalments, w.money(o.Instalment))
	case o.Instalments > 0:
		return w.pick("%d mensualités de %s", "%d monthly instalments of %s", o.Instalments, w.money(o.Instalment))
	}
	return w.pick("%s à la commande", "%s on order", up)
}

func (w writer) commitment(months int) string {
	if months <= 0 {
		return w.pick("Sans engagement", "No commitment")
	}
	return w.pick("%d mois", "%d months", months)
}

// currentCommitment is the line's commitment today: until a date, or none
// (none when it ended before today).
func (w writer) currentCommitment(ends, today tact.Date) string {
	if ends.IsZero() || ends.Before(today) {
		return w.pick("Sans engagement", "No commitment")
	}
	return w.pick("Jusqu’au %s", "Until %s", w.date(ends))
}

// texts reads gains or losses in the customer's language; "Rien" rather than
// an empty list, so that the customer knows nothing was left out.
func (w writer) texts(list []tact.Text) []string {
	if len(list) == 0 {
		return []string{w.pick("Rien.", "Nothing.")}
	}
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = w.format(t.In(string(w.lang)), nil)
	}
	return out
}
