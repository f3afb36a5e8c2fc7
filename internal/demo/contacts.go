package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// facts are what a customer's summaries talk about.
type facts struct {
	p       person
	plan    string
	next    string
	device  string
	handset string
	bill    int64 // a usual monthly bill, in cents
	phone   string
	home    string
}

// contacts draws the customer's year of contacts: about twenty-four over the
// last twelve months for a customer who was there all year, fewer for
// newcomers and leavers, plus the contacts of leaving for those who are
// leaving or left; about twenty-one a customer on average, so that the
// million-customer demo holds over twenty million contacts.
func (g *crowd) contacts(r rng, p person, rec *customer.Record, created, ended time.Time) []*interaction.Interaction {
	c := rec.Customer
	f := g.facts(r, p, rec)
	from := later(created, g.now.Add(-365*day))
	to := g.now.Add(-time.Hour)
	if !ended.IsZero() {
		from = later(created, ended.Add(-365*day))
		to = ended
	}
	var out []*interaction.Interaction
	if span := to.Sub(from); span > day {
		n := int(float64(16+r.IntN(17))*float64(span)/float64(365*day) + 0.5)
		out = g.ordinary(r, f, c.ID, from, to, max(n, 2))
	}
	switch {
	case c.Status == customer.Cancelling:
		at := c.CancellingSince.In(p.loc).Add(10 * time.Hour)
		out = append(out, g.contact(r, f, c.ID, &cancelRequest, at), g.contact(r, f, c.ID, &cancelReceipt, at.Add(day)))
	case c.Status == customer.Former:
		at := ended.Add(-time.Duration(10+r.IntN(20)) * day)
		out = append(out, g.contact(r, f, c.ID, &cancelRequest, at), g.contact(r, f, c.ID, &cancelReceipt, at.Add(day)))
		for _, k := range []struct {
			kind  *contactKind
			after time.Duration
		}{{&finalBill, 5 * day}, {&exitSurvey, time.Duration(7+r.IntN(14)) * day}} {
			if at := ended.Add(k.after); at.Before(g.now.Add(-day)) {
				out = append(out, g.contact(r, f, c.ID, k.kind, at))
			}
		}
	}
	// Identifiers follow time, as they would have had tact recorded each
	// contact as it came.
	slices.SortFunc(out, func(a, b *interaction.Interaction) int { return a.StartedAt.Compare(b.StartedAt) })
	for _, it := range out {
		it.ID = g.ids.New(tact.PrefixInteraction)
	}
	return out
}

// ordinary draws n everyday contacts between from and to. A kind that makes
// no sense for the customer is drawn again: no upgrade is offered on the
// largest plan, and a month has one bill notice.
func (g *crowd) ordinary(r rng, f facts, customerID string, from, to time.Time, n int) []*interaction.Interaction {
	out := make([]*interaction.Interaction, 0, n+4)
	span := to.Sub(from)
	var billed []tact.Month
	for range n {
		at := from.Add(time.Duration(r.Int64N(int64(span))))
		var k *contactKind
		for range 4 {
			i := weighted(r, g.weights)
			k = &contactKinds[i]
			month := tact.MonthOf(at.In(f.p.loc))
			switch {
			case g.upsell[i] && f.next == f.plan:
				continue
			case k.subject == "bill_notice" && slices.Contains(billed, month):
				continue
			case k.subject == "bill_notice":
				billed = append(billed, month)
			}
			break
		}
		out = append(out, g.contact(r, f, customerID, k, at))
	}
	return out
}

// facts gathers what summaries mention: the first line's plan and handset, a
// handset the operator would sell them, the usual bill.
func (g *crowd) facts(r rng, p person, rec *customer.Record) facts {
	f := facts{p: p, phone: rec.Customer.PrimaryPhone()}
	if len(rec.Customer.Phones) > 1 {
		f.home = rec.Customer.Phones[1].Number
	}
	lang := string(p.lang)
	for i, l := range rec.Lines {
		plan := planOf(l.PlanCode)
		f.bill += plan.MonthlyPrice.Cents + int64(len(l.Options))*300
		if i == 0 {
			f.plan, f.next = plan.Name.In(lang), nextPlan(plan).Name.In(lang)
		}
	}
	if len(rec.Devices) > 0 {
		d := rec.Devices[0]
		f.device = deviceName(d.Brand, d.Model)
		for range 6 {
			h := pick(r, g.handsets[p.j])
			if h.OS == d.OS {
				f.handset = deviceName(h.Brand, h.Model)
				break
			}
		}
	}
	if f.handset == "" {
		f.handset = f.device
	}
	return f
}

// deviceName is how people name a phone: "iPhone 15", "Samsung Galaxy S25".
func deviceName(brand, model string) string {
	if brand == "Apple" || strings.HasPrefix(model, brand) {
		return model
	}
	return brand + " " + model
}

// contact makes one interaction of kind k on the customer's day of at.
func (g *crowd) contact(r rng, f facts, customerID string, k *contactKind, at time.Time) *interaction.Interaction {
	src := sources[f.p.j][k.role]
	e := k.endings[0]
	if len(k.endings) > 1 {
		w := make([]int, len(k.endings))
		for i, x := range k.endings {
			w[i] = x.weight
		}
		e = k.endings[weighted(r, w)]
	}
	start := g.timeOfContact(r, f.p, k.hours, at)
	it := &interaction.Interaction{
		CustomerID: customerID, Channel: k.channel, Direction: k.direction, Purpose: k.purpose, Subject: k.subject,
		Source: src.name, StartedAt: start, Outcome: e.outcome,
	}
	if len(src.actors) > 0 && (k.channel == tact.ChannelPhone || k.channel == tact.ChannelChat || k.channel == tact.ChannelShop) {
		it.Actor = pick(r, src.actors)
	}
	phoneLike := k.channel == tact.ChannelPhone || k.channel == tact.ChannelSMS
	switch {
	case phoneLike && k.direction == interaction.Outbound:
		it.CallerID = pick(r, src.callers)
		if k.channel == tact.ChannelPhone && r.chance(0.002) {
			it.CallerID = interaction.CallerIDWithheld // a misconfigured trunk: the policy must catch it
		}
	case phoneLike:
		it.CallerID = f.phone
		if f.home != "" && k.channel == tact.ChannelPhone && r.chance(0.3) {
			it.CallerID = f.home
		}
	}
	it.ExternalID = g.externalID(src)
	var length time.Duration
	switch e.outcome {
	case interaction.NoAnswer:
		length = time.Duration(25+r.IntN(20)) * time.Second
	case interaction.Busy:
		length = 3 * time.Second
	case interaction.Voicemail:
		length = time.Duration(40+r.IntN(60)) * time.Second
	case interaction.Refused:
		length = time.Duration(30+r.IntN(150)) * time.Second
	default:
		if k.minutes[1] > 0 {
			length = time.Duration(k.minutes[0]*60+r.IntN((k.minutes[1]-k.minutes[0])*60+1)) * time.Second
		}
	}
	recorded := start.Add(time.Duration(1+r.IntN(90)) * time.Second)
	if length > 0 {
		end := start.Add(length)
		it.EndedAt = &end
		recorded = end.Add(time.Duration(1+r.IntN(30)) * time.Second)
	}
	it.RecordedAt = earlier(recorded, g.now)
	it.Summary = g.summary(r, f, pick(r, e.texts), start)
	return it
}

// externalID returns the source's next id for a contact, "" for a source that
// sends none. Ids count up per source, as a real system's would.
func (g *crowd) externalID(src source) string {
	if src.ext == "" {
		return ""
	}
	g.ext[src.name]++
	return src.ext + "-" + pad9(g.ext[src.name])
}

// pad9 writes n on nine digits, so a source's ids sort as they were issued.
func pad9(n int) string {
	s := strconv.Itoa(n)
	if len(s) >= 9 {
		return s
	}
	return "000000000"[len(s):] + s
}

// timeOfContact moves at to a plausible moment of the customer's day for the
// kind of contact, never after now.
func (g *crowd) timeOfContact(r rng, p person, h hours, at time.Time) time.Time {
	local := at.In(p.loc)
	y, m, d := local.Date()
	wd := local.Weekday()
	var from, to int // minutes after midnight
	switch h {
	case hoursOffice:
		from, to = 8*60+30, 19*60+30
		if wd == time.Sunday {
			d++ // the service is closed: the customer calls on Monday
		}
		if wd == time.Saturday {
			from, to = 9*60, 17*60
		}
	case hoursSales:
		switch {
		case p.j == tact.FR:
			// Décret 2022-1313: weekdays 10:00–13:00 and 14:00–20:00. A few
			// calls stray outside, as they do; the policy is there to stop them.
			if wd == time.Saturday || wd == time.Sunday {
				d += int(8-wd) % 7
			}
			from, to = 10*60, 20*60
			if r.chance(0.02) {
				from, to = 20*60, 21*60
			}
		case wd == time.Saturday || wd == time.Sunday:
			from, to = 10*60, 18*60 // CRTC: weekends 10:00–18:00
		default:
			from, to = 9*60, 21*60+30 // CRTC: weekdays 9:00–21:30
		}
	case hoursMail:
		from, to = 8*60, 21*60
	case hoursAnytime:
		from, to = 7*60, 23*60+50
	case hoursShop:
		from, to = 10*60, 19*60
		if wd == time.Sunday {
			d++
		}
	case hoursMailRound:
		from, to = 8*60, 11*60
	}
	mins := from + r.IntN(to-from)
	if p.j == tact.FR && h == hoursSales && mins >= 13*60 && mins < 14*60 {
		mins += 60 // lunch is protected
	}
	t := time.Date(y, m, d, mins/60, mins%60, r.IntN(60), 0, p.loc).UTC()
	for t.After(g.now.Add(-time.Hour)) {
		t = t.Add(-day)
	}
	return t
}

// summary fills a text's blanks in the customer's language.
func (g *crowd) summary(r rng, f facts, t text, at time.Time) string {
	tmpl := t.fr
	switch {
	case f.p.lang == tact.LangEN:
		tmpl = t.en
	case f.p.lang == tact.LangFrCA && t.ca != "":
		tmpl = t.ca
	}
	if strings.IndexByte(tmpl, '{') < 0 {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 40)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		b.WriteString(tmpl[:i])
		b.WriteString(g.blank(r, f, tmpl[i+1:i+j], at))
		tmpl = tmpl[i+j+1:]
	}
	s := b.String()
	if f.p.lang != tact.LangEN {
		s = g.elision.Replace(s)
	}
	return s
}

// newElision applies French elision before a vowel the blanks bring: "le
// iPhone" is "l'iPhone", "de avril" is "d'avril".
func newElision() *strings.Replacer {
	return strings.NewReplacer("le iPhone", "l'iPhone", "au iPhone", "à l'iPhone", "du iPhone", "de l'iPhone",
		"de avril", "d'avril", "de août", "d'août", "de octobre", "d'octobre")
}

// frDay writes a date the French way: "1er mars", "12 mars".
func frDay(t time.Time) string {
	d := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	return d + " " + monthsFR[t.Month()-1]
}

func (g *crowd) blank(r rng, f facts, key string, at time.Time) string {
	en := f.p.lang == tact.LangEN
	local := at.In(f.p.loc)
	switch key {
	case "plan":
		return f.plan
	case "next":
		return f.next
	case "device":
		return f.device
	case "handset":
		return f.handset
	case "option":
		return pick(r, lineOptions[f.p.j]).name.In(string(f.p.lang))
	case "amount":
		return money(f.bill+int64(r.IntN(600)), f.p.j.Currency(), en)
	case "month":
		m := local.AddDate(0, 0, -local.Day()).Month()
		if en {
			return monthsEN[m-1]
		}
		return monthsFR[m-1]
	case "date":
		d := local.Add(-time.Duration(2+r.IntN(8)) * day)
		if en {
			return monthsEN[d.Month()-1] + " " + strconv.Itoa(d.Day())
		}
		return frDay(d)
	case "city":
		return f.p.city
	case "score":
		return strconv.Itoa([]int{2, 4, 5, 6, 7, 8, 8, 9, 9, 10}[r.IntN(10)])
	}
	return "{" + key + "}"
}

// money writes an amount as a reader of the summary expects: "14,97 €" and
// "14,97 $" in French, "€14.97" and "$14.97" in English.
func money(cents int64, cur tact.Currency, en bool) string {
	units, rest := strconv.FormatInt(cents/100, 10), strconv.FormatInt(100+cents%100, 10)[1:]
	sym := "€"
	if cur == tact.CAD {
		sym = "$"
	}
	if en {
		return sym + units + "." + rest
	}
	return units + "," + rest + " " + sym
}

// later returns the later of two instants.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// earlier returns the earlier of two instants.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
