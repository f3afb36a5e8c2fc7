package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// day is a civil day's length; the demo's calendar arithmetic is done on
// instants far from midnight, so a daylight-saving change never moves a date.
const day = 24 * time.Hour

// crowd makes the demo's ordinary customers. Each customer draws from their
// own stream of the seed; only identifiers, phone numbers and external ids are
// handed out in order, which is why one goroutine makes the whole crowd.
type crowd struct {
	seed    int64
	now     time.Time // the reference instant, in UTC
	ids     *tact.IDGen
	numbers *numbering
	actor   tact.Actor
	ext     map[string]int // last external id handed out, per source
	pcg     *rand.PCG
	r       rng
	weights []int  // contactKinds' weights
	upsell  []bool // contactKinds that offer the next plan up
	elision *strings.Replacer
	// months are the twelve months of usage, the last full month before now
	// last, with their first and last days.
	months                [12]tact.Month
	monthFirst, monthLast [12]tact.Date
	handsets              map[tact.Jurisdiction][]customer.Device
}

func newCrowd(seed int64, now time.Time, ids *tact.IDGen, numbers *numbering, actor tact.Actor) (*crowd, error) {
	pcg := rand.NewPCG(0, 0)
	g := &crowd{seed: seed, now: now, ids: ids, numbers: numbers, actor: actor,
		ext: map[string]int{}, pcg: pcg, r: rng{rand.New(pcg)}, elision: newElision()}
	for _, k := range contactKinds {
		g.weights = append(g.weights, k.weight)
		up := false
		for _, e := range k.endings {
			for _, t := range e.texts {
				up = up || strings.Contains(t.fr+t.ca+t.en, "{next}")
			}
		}
		g.upsell = append(g.upsell, up)
	}
	last := tact.MonthOf(now).AddMonths(-1)
	for i := range g.months {
		g.months[i] = last.AddMonths(i - 11)
		first, _ := time.Parse("2006-01", string(g.months[i]))
		g.monthFirst[i], g.monthLast[i] = tact.DateOf(first), tact.DateOf(first.AddDate(0, 1, -1))
	}
	g.handsets = map[tact.Jurisdiction][]customer.Device{tact.FR: handsetsOf(tact.FR), tact.CAQC: handsetsOf(tact.CAQC)}
	for _, c := range qcCities {
		if _, err := g.zone(c.zone); err != nil {
			return nil, err
		}
	}
	if _, err := g.zone("Europe/Paris"); err != nil {
		return nil, err
	}
	return g, nil
}

// zone returns a loaded time zone.
func (g *crowd) zone(name string) (*time.Location, error) {
	loc, err := tact.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("demo: time zone %s: %w", name, err)
	}
	return loc, nil
}

// person is who a crowd member is, before they become a customer.
type person struct {
	j          tact.Jurisdiction
	lang       tact.Language
	given      string
	family     string
	salutation customer.Salutation
	form       customer.FormOfAddress
	city       string
	areas      []string // Québec area codes of the city
	zone       string
	loc        *time.Location
}

// member is one crowd customer with all the stores keep of them.
type member struct {
	index    int // in the crowd
	record   *customer.Record
	contacts []*interaction.Interaction
}

// generate builds crowd customer number i (0-based, story customers excluded).
func (g *crowd) generate(i int) (*member, error) {
	g.pcg.Seed(uint64(g.seed), streamCrowd+uint64(i))
	r := g.r
	p := g.person(r)
	loc, err := g.zone(p.zone)
	if err != nil {
		return nil, err
	}
	p.loc = loc

	// A relationship began between a few weeks and sixteen years ago, most of
	// them recently: operators churn.
	age := time.Duration(min(16*365, 20+int(r.ExpFloat64()*1100))) * day
	created := g.localTime(r, g.now.Add(-age), 9*60, 19*60, p.loc)
	since := tact.DateOf(created.In(p.loc))

	u, err := g.profile(r, p, i, created)
	if err != nil {
		return nil, err
	}
	u.CustomerSince = tact.Some(since)
	c, evs, err := customer.Create(u, created)
	if err != nil {
		return nil, fmt.Errorf("demo: crowd customer %d: %w", i, err)
	}
	c.ID = g.ids.New(tact.PrefixCustomer)
	customer.Stamp(evs, c.ID, created, g.actor, g.ids)
	rec := &customer.Record{Customer: c, Events: evs}

	// Status: most are active; some are leaving, some have left.
	var ended time.Time // the instant a former customer's relationship ended
	switch roll := r.Float64(); {
	case roll < 0.09 && age > 90*day:
		back := time.Duration(3+r.IntN(min(330, int(age/day)-60))) * day
		if r.chance(0.25) && age > 500*day {
			back = time.Duration(365+r.IntN(min(700, int(age/day)-400))) * day
		}
		ended = g.localTime(r, g.now.Add(-back), 9*60, 18*60, p.loc)
		if err := g.changeStatus(rec, customer.Update{Status: tact.Some(customer.Former), FormerSince: tact.Some(tact.DateOf(ended.In(p.loc)))}, ended); err != nil {
			return nil, err
		}
	case roll < 0.115 && age > 60*day:
		at := g.localTime(r, g.now.Add(-time.Duration(2+r.IntN(45))*day), 9*60, 18*60, p.loc)
		if err := g.changeStatus(rec, customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(tact.DateOf(at.In(p.loc)))}, at); err != nil {
			return nil, err
		}
	}

	if err := g.lines(r, p, rec, created, ended); err != nil {
		return nil, err
	}
	g.usage(r, p, rec)
	contacts := g.contacts(r, p, rec, created, ended)
	return &member{index: i, record: rec, contacts: contacts}, nil
}

// person draws who the customer is: jurisdiction (60 % France), language,
// name, how to greet them, where they live.
func (g *crowd) person(r rng) person {
	var p person
	if r.chance(0.6) {
		p.j, p.lang = tact.FR, tact.LangFrFR
		if r.chance(0.02) {
			p.lang = tact.LangEN // expatriates
		}
		c := frCities[weightedCity(r, frCities)]
		p.city, p.zone = c.name, "Europe/Paris"
	} else {
		p.j, p.lang = tact.CAQC, tact.LangFrCA
		if r.chance(0.2) {
			p.lang = tact.LangEN
		}
		c := qcCities[weightedQCCity(r)]
		p.city, p.areas, p.zone = c.name, c.areas, c.zone
		if p.zone == "America/Toronto" && r.chance(0.04) {
			// The older name of the same zone, still sent by some systems.
			p.zone = "America/Montreal"
		}
	}
	women, men, families := frWomen, frMen, frFamilies
	switch {
	case p.lang == tact.LangEN:
		women, men, families = enWomen, enMen, enFamilies
		if p.j == tact.CAQC && r.chance(0.3) {
			families = qcFamilies // anglophones named Tremblay exist
		}
	case p.j == tact.CAQC:
		women, men, families = qcWomen, qcMen, qcFamilies
		if r.chance(0.08) {
			women, men = frWomen, frMen // French-born Québécois
		}
	}
	switch roll := r.Float64(); {
	case roll < 0.02:
		p.given, p.salutation = pick(r, epicene), customer.None
	case roll < 0.51:
		p.given, p.salutation = pick(r, women), customer.Madame
	default:
		p.given, p.salutation = pick(r, men), customer.Monsieur
	}
	if r.chance(0.12) {
		p.salutation = customer.None // asked to be greeted by name only
	}
	p.family = pick(r, families)
	if r.chance(0.03) {
		if other := pick(r, families); other != p.family && !strings.Contains(other, "-") && !strings.Contains(p.family, "-") {
			p.family += "-" + other
		}
	}
	p.form = customer.Vous
	// Québec says "tu" more readily than France; still, only those who asked.
	tu := 0.07
	if p.j == tact.CAQC {
		tu = 0.12
	}
	if p.lang != tact.LangEN && r.chance(tu) {
		p.form = customer.Tu
	}
	return p
}

func weightedCity(r rng, cities []frCity) int {
	w := make([]int, len(cities))
	for i, c := range cities {
		w[i] = c.weight
	}
	return weighted(r, w)
}

func weightedQCCity(r rng) int {
	w := make([]int, len(qcCities))
	for i, c := range qcCities {
		w[i] = c.weight
	}
	return weighted(r, w)
}

// profile draws the customer's record: contact points, address, consents,
// preferences, do-not-call entry and third-party billing switch.
func (g *crowd) profile(r rng, p person, i int, created time.Time) (customer.Update, error) {
	u := customer.Update{
		Jurisdiction:  tact.Some(p.j),
		AccountNumber: tact.Some(short(p.j)[:1] + strconv.Itoa(100000000+i)),
		GivenName:     tact.Some(p.given),
		FamilyName:    tact.Some(p.family),
		Salutation:    tact.Some(p.salutation),
		FormOfAddress: tact.Some(p.form),
		Language:      tact.Some(p.lang),
		TimeZone:      tact.Some(p.zone),
	}
	// The primary phone is the first line's number, given by lines(); a home
	// phone comes in second for a quarter of them.
	mobile, err := g.numbers.lineNumber(r, p.j, p.areas)
	if err != nil {
		return u, err
	}
	phones := []customer.Phone{{Number: mobile, Type: customer.PhoneMobile, Label: labelMobile(p), Primary: true}}
	if r.chance(0.25) {
		home, err := g.numbers.homeNumber(r, p.j, p.areas)
		if err != nil {
			return u, err
		}
		phones = append(phones, customer.Phone{Number: home, Type: customer.PhoneFixed, Label: labelHome(p)})
	}
	u.Phones = tact.Some(phones)
	if r.chance(0.93) {
		emails := []customer.Email{{Address: mailbox(r, p), Primary: true}}
		if r.chance(0.08) {
			if second := mailbox(r, p); second != emails[0].Address {
				emails = append(emails, customer.Email{Address: second})
			}
		}
		u.Emails = tact.Some(emails)
	}
	if r.chance(0.97) {
		u.Address = tact.Some(postalAddress(r, p))
	}
	u.Consents = consents(r, p, created)
	u.Preferences = tact.Some(preferences(r))
	if r.chance(0.015) {
		u.DoNotCall = tact.Some(&customer.DoNotCall{Since: created, Source: pick(r, dncSources)})
	}
	if r.chance(0.03) {
		u.ThirdPartyBilling = tact.Some(true)
	}
	return u, nil
}

var dncSources = []string{
	"demande orale lors d'un appel commercial",
	"formulaire d'opposition de l'espace client",
	"courrier du client",
	"asked during a sales call",
}

func labelMobile(p person) string {
	switch {
	case p.lang == tact.LangEN:
		return "mobile"
	case p.j == tact.CAQC:
		return "cellulaire"
	}
	return "portable"
}

func labelHome(p person) string {
	switch {
	case p.lang == tact.LangEN:
		return "home"
	case p.j == tact.CAQC:
		return "maison"
	}
	return "domicile"
}

// mailbox makes "helene.lefevre42@orange.example".
func mailbox(r rng, p person) string {
	given, family := ascii(p.given), ascii(p.family)
	var local string
	switch r.IntN(4) {
	case 0:
		local = given + "." + family
	case 1:
		local = given[:1] + family
	case 2:
		local = given + "." + family + strconv.Itoa(r.IntN(99)+1)
	default:
		local = family + "." + given + strconv.Itoa(1950+r.IntN(56))
	}
	return local + "@" + pick(r, mailDomains[p.j])
}

// ascii folds a name for a mailbox: lower case, accents dropped, spaces and
// apostrophes out, hyphens kept.
func ascii(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			b.WriteRune(c)
		default:
			if f, ok := foldAccent[c]; ok {
				b.WriteString(f)
			}
		}
	}
	return b.String()
}

var foldAccent = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'ô': "o", 'ö': "o", 'ù': "u", 'û': "u", 'ü': "u", 'ÿ': "y", 'œ': "oe", 'æ': "ae",
}

// postalAddress writes an address as the post expects it: "12 rue Victor-Hugo"
// and a five-digit code in France, "4521, rue Saint-Denis" and "H2X 1Y4" in
// Québec.
func postalAddress(r rng, p person) *customer.Address {
	if p.j == tact.FR {
		c := frCityByName(p.city)
		num := strconv.Itoa(1 + r.IntN(180))
		if r.chance(0.05) {
			num += " bis"
		}
		a := &customer.Address{Lines: []string{num + " " + pick(r, frStreetKinds) + " " + pick(r, frStreets)},
			PostalCode: fmt.Sprintf("%05d", c.first+r.IntN(c.last-c.first+1)), City: c.name, Country: "FR"}
		if r.chance(0.2) {
			second := pick(r, frSecondLines)
			if r.chance(0.5) {
				second = "Appartement " + strconv.Itoa(1+r.IntN(120))
			}
			a.Lines = append([]string{second}, a.Lines...)
		}
		return a
	}
	c := qcCityByName(p.city)
	line := strconv.Itoa(100+r.IntN(9800)) + ", " + pick(r, qcStreets)
	if r.chance(0.3) {
		line = strconv.Itoa(1+r.IntN(12)) + strconv.Itoa(1+r.IntN(8)) + "-" + line // apartment 305-4521
	}
	fsa := pick(r, c.fsas)
	ldu := string([]byte{byte('0' + r.IntN(10)), postalLetters[r.IntN(len(postalLetters))], byte('0' + r.IntN(10))})
	return &customer.Address{Lines: []string{line}, PostalCode: fsa + " " + ldu, City: c.name, Region: "QC", Country: "CA"}
}

func frCityByName(name string) frCity {
	for _, c := range frCities {
		if c.name == name {
			return c
		}
	}
	return frCities[0]
}

func qcCityByName(name string) qcCity {
	for _, c := range qcCities {
		if c.name == name {
			return c
		}
	}
	return qcCities[0]
}

// consents draws what the customer said at sign-up, with the proof the law
// asks of a yes: a form id, a signed contract, a recorded call.
func consents(r rng, p person, at time.Time) []customer.Consent {
	var out []customer.Consent
	add := func(ch tact.Channel, purpose tact.Purpose, yes, no float64) {
		roll := r.Float64()
		switch {
		case roll < yes:
			src := pick(r, []customer.ConsentSource{customer.SourceWeb, customer.SourceShop, customer.SourcePhone, customer.SourceImport})
			out = append(out, customer.Consent{Channel: ch, Purpose: purpose, Granted: true, Source: src, Proof: proof(r, src, at), At: at})
		case roll < yes+no:
			out = append(out, customer.Consent{Channel: ch, Purpose: purpose, Granted: false, Source: pick(r, []customer.ConsentSource{customer.SourceWeb, customer.SourcePhone, customer.SourcePaper}), At: at})
		}
	}
	add(tact.ChannelEmail, tact.PurposeSales, 0.40, 0.10)
	add(tact.ChannelSMS, tact.PurposeSales, 0.18, 0.06)
	add(tact.ChannelPhone, tact.PurposeSales, 0.05, 0.08)
	add(tact.ChannelEmail, tact.PurposeSurvey, 0.25, 0.05)
	return out
}

func proof(r rng, src customer.ConsentSource, at time.Time) string {
	n := strconv.Itoa(100000 + r.IntN(900000))
	y := strconv.Itoa(at.Year())
	switch src {
	case customer.SourceWeb:
		return "formulaire-web:F" + y + "-" + n
	case customer.SourceShop:
		return "contrat-signe:BTQ-" + y + "-" + n
	case customer.SourcePhone:
		return "enregistrement:REC-" + y + "-" + n
	}
	return "import-crm-2021:" + n
}

// preferences draws the customer's own contact rules: quiet hours for some,
// preferred slots and a preferred channel for fewer.
func preferences(r rng) customer.Preferences {
	var p customer.Preferences
	tod := func(h, m int) tact.TimeOfDay { return tact.TimeOfDay(h*60 + m) }
	if r.chance(0.18) {
		p.QuietHours = []customer.Window{pick(r, []customer.Window{
			{From: tod(20, 0), To: tod(9, 0)}, {From: tod(19, 0), To: tod(9, 0)},
			{From: tod(21, 0), To: tod(8, 0)}, {From: tod(12, 0), To: tod(14, 0)},
		})}
	}
	if r.chance(0.08) {
		weekdays := []tact.Weekday{1, 2, 3, 4, 5}
		p.PreferredSlots = []customer.Slot{pick(r, []customer.Slot{
			{Days: weekdays, Window: customer.Window{From: tod(18, 0), To: tod(20, 0)}},
			{Days: []tact.Weekday{6}, Window: customer.Window{From: tod(10, 0), To: tod(12, 0)}},
			{Days: []tact.Weekday{1, 3, 5}, Window: customer.Window{From: tod(9, 0), To: tod(12, 0)}},
		})}
	}
	if r.chance(0.15) {
		p.PreferredChannel = []tact.Channel{tact.ChannelEmail, tact.ChannelSMS, tact.ChannelPhone, tact.ChannelLetter}[weighted(r, []int{50, 25, 15, 10})]
	}
	return p
}

// changeStatus applies a status change through the domain, as the service
// would, and keeps its events.
func (g *crowd) changeStatus(rec *customer.Record, u customer.Update, at time.Time) error {
	evs, err := u.Apply(rec.Customer, at)
	if err != nil {
		return fmt.Errorf("demo: status of %s: %w", rec.Customer.ID, err)
	}
	customer.Stamp(evs, rec.Customer.ID, at, g.actor, g.ids)
	rec.Events = append(rec.Events, evs...)
	return nil
}

// lines gives the customer one to three lines (the first carries the primary
// phone number), each with the handset used on it.
func (g *crowd) lines(r rng, p person, rec *customer.Record, created, ended time.Time) error {
	c := rec.Customer
	n := 1 + weighted(r, []int{68, 23, 9})
	choices := plansOf(p.j)
	for k := range n {
		start := created
		if k > 0 {
			span := g.now.Add(-30 * day).Sub(created)
			if !ended.IsZero() {
				span = ended.Add(-30 * day).Sub(created)
			}
			if span > day {
				start = g.localTime(r, created.Add(time.Duration(r.Int64N(int64(span)))), 9*60, 19*60, p.loc)
			}
		}
		startedOn := tact.DateOf(start.In(p.loc))
		number := c.Phones[0].Number
		if k > 0 {
			var err error
			if number, err = g.numbers.lineNumber(r, p.j, p.areas); err != nil {
				return err
			}
		}
		plan := choices[weighted(r, planShare[p.j])]
		if !plan.Active && startedOn.Year >= 2020 {
			plan = choices[1+r.IntN(3)] // retired plans were sold before 2020
		}
		var opts []string
		for range weighted(r, []int{55, 30, 15}) {
			o := pick(r, lineOptions[p.j]).code
			if !slices.Contains(opts, o) {
				opts = append(opts, o)
			}
		}
		lu := customer.LineUpdate{Number: tact.Some(number), PlanCode: tact.Some(plan.Code), Options: tact.Some(opts), StartedOn: tact.Some(startedOn)}
		// Handsets sold on credit come with a commitment: 12 or 24 months in
		// France, 24 in Québec.
		if p.j == tact.FR && r.chance(0.35) {
			lu.CommitmentEndsOn = tact.Some(startedOn.AddDays(365 * (1 + r.IntN(2))))
		} else if p.j == tact.CAQC && r.chance(0.6) {
			lu.CommitmentEndsOn = tact.Some(startedOn.AddDays(730))
		}
		l := &customer.Line{ID: g.ids.New(tact.PrefixLine), CustomerID: c.ID, Status: customer.LineActive, CreatedAt: start, UpdatedAt: start}
		lu.Apply(l)
		rec.Lines = append(rec.Lines, l)
		rec.Events = append(rec.Events, g.event(c.ID, start, customer.Event{Kind: customer.EventLineAdded,
			Detail: map[string]string{"line_id": l.ID, "number": l.Number, "plan_code": l.PlanCode}}))

		// A former customer's lines ended with him; a few lines of the others
		// ended on their own.
		end := ended
		if end.IsZero() && k > 0 && r.chance(0.05) && g.now.Add(-10*day).Sub(start) > 100*day {
			end = start.Add(90*day + time.Duration(r.Int64N(int64(g.now.Add(-10*day).Sub(start)-90*day))))
		}
		if !end.IsZero() {
			ch := customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(tact.DateOf(end.In(p.loc)))}.Apply(l)
			l.UpdatedAt = end
			rec.Events = append(rec.Events, g.event(c.ID, end, customer.Event{Kind: customer.EventLineUpdated, Fields: ch,
				Detail: map[string]string{"line_id": l.ID, "number": l.Number, "plan_code": l.PlanCode}}))
		}

		d := g.handset(r, p)
		d.ID, d.CustomerID, d.LineID = g.ids.New(tact.PrefixDevice), c.ID, l.ID
		acquired := start
		if r.chance(0.4) {
			if span := g.now.Sub(start); span > 60*day {
				acquired = start.Add(time.Duration(r.Int64N(int64(span - 30*day))))
				if !end.IsZero() {
					acquired = earlier(acquired, end)
				}
			}
		}
		d.AcquiredOn, d.CreatedAt = tact.DateOf(acquired.In(p.loc)), acquired
		rec.Devices = append(rec.Devices, &d)
		rec.Events = append(rec.Events, g.event(c.ID, acquired, customer.Event{Kind: customer.EventDeviceAdded,
			Detail: map[string]string{"device_id": d.ID, "brand": d.Brand, "model": d.Model, "os": string(d.OS)}}))
	}
	return nil
}

// handset draws the phone used on a line: an iPhone for a third of the French
// and more than half of the Québécois, bought from the operator or elsewhere.
func (g *crowd) handset(r rng, p person) customer.Device {
	share := 0.33
	if p.j == tact.CAQC {
		share = 0.55
	}
	iphone := r.chance(share)
	var pool []customer.Device
	if r.chance(0.6) {
		pool = g.handsets[p.j]
	} else {
		pool = ownDevices
	}
	for range 8 {
		d := pick(r, pool)
		if (d.OS == tact.IOS) == iphone {
			return d
		}
	}
	return pick(r, pool)
}

// event returns a customer event stamped like the services stamp them.
func (g *crowd) event(customerID string, at time.Time, e customer.Event) customer.Event {
	e.ID, e.CustomerID, e.At, e.Actor = g.ids.New(tact.PrefixEvent), customerID, at, g.actor
	return e
}

// localTime returns an instant on the customer's calendar day of around,
// between from and to minutes after midnight in loc.
func (g *crowd) localTime(r rng, around time.Time, from, to int, loc *time.Location) time.Time {
	y, m, d := around.In(loc).Date()
	mins := from + r.IntN(max(1, to-from))
	return time.Date(y, m, d, mins/60, mins%60, r.IntN(60), 0, loc).UTC()
}

// planOf returns the catalogue plan of a line.
func planOf(code string) *catalog.Plan {
	for i := range plans {
		if plans[i].Code == code {
			return &plans[i]
		}
	}
	return &plans[0]
}
