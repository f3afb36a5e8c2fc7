package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// storySpec is the fixed part of a story: its place in DESIGN.md §1 and the
// function that builds its customer.
type storySpec struct {
	number int
	key    string
	title  string
	build  func(*storyBuilder, context.Context) (*customer.Customer, string, error)
}

// storySpecs are the five stories, in the order of DESIGN.md §1. Each customer
// has a name found nowhere in the crowd, so searching for it finds them.
var storySpecs = []storySpec{
	{1, "hostage", "Hostage: third-party billing", (*storyBuilder).hostage},
	{2, "offer", "The offer that never came", (*storyBuilder).offer},
	{3, "cancellation", "Cancellation absurdities", (*storyBuilder).cancellation},
	{4, "tactless", "The tactless sales call", (*storyBuilder).tactless},
	{5, "goodbye", "After goodbye", (*storyBuilder).goodbye},
}

// storyBuilder builds the story customers one service call at a time, moving
// the clock to when each thing happened, so their records and timelines read
// as they would had tact been there all along.
type storyBuilder struct {
	*builder
	r        rng
	accounts int // story customers made so far
	// matter is the case and promise the story being built made, if any.
	matter struct{ caseID, commitmentID, owner, billID, spaceBillID string }
}

// stories builds the five story customers.
func (b *builder) stories(ctx context.Context) ([]Story, error) {
	ctx = tact.WithActor(ctx, demoActor)
	s := &storyBuilder{builder: b, r: newRNG(b.seed, streamStories)}
	var out []Story
	for _, spec := range storySpecs {
		s.matter.caseID, s.matter.commitmentID, s.matter.owner, s.matter.billID, s.matter.spaceBillID = "", "", "", "", ""
		c, note, err := spec.build(s, ctx)
		if err != nil {
			return nil, fmt.Errorf("demo: story %d (%s): %w", spec.number, spec.key, err)
		}
		owner := ""
		if u := s.staff[s.matter.owner]; u != nil {
			owner = u.Email
		}
		out = append(out, Story{Number: spec.number, Key: spec.key, Title: spec.title, CustomerID: c.ID,
			Name: c.FullName(), Jurisdiction: c.Jurisdiction, Email: primaryEmail(c), Note: note,
			CaseID: s.matter.caseID, CommitmentID: s.matter.commitmentID, Owner: owner, BillID: s.matter.billID, SpaceBillID: s.matter.spaceBillID})
	}
	b.clock.Set(b.now)
	return out, nil
}

// storyPerson is who a story customer is.
type storyPerson struct {
	person
	address *customer.Address
	email   string
	years   int // how long ago they became a customer
}

// at returns the instant daysAgo days before now at hh:mm in the customer's
// zone, moved back to a weekday when weekday is set.
func (s *storyBuilder) at(p *storyPerson, daysAgo, hh, mm int, weekday bool) time.Time {
	if p.loc == nil {
		p.loc, _ = s.gen.zone(p.zone) // newCrowd checked every zone the demo uses
	}
	t := s.now.In(p.loc).AddDate(0, 0, -daysAgo)
	for weekday && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday) {
		t = t.AddDate(0, 0, -1)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, hh, mm, 0, 0, p.loc).UTC()
}

// create makes the customer as they signed up, years ago, with one line and
// its handset, and twelve months of usage that usage may reshape (m counts
// from 0, the oldest month) or drop by returning false.
func (s *storyBuilder) create(ctx context.Context, p *storyPerson, u customer.Update, planCode, handsetCode string, usage func(m int, u *customer.Usage) bool) (*customer.Customer, *customer.Line, error) {
	created := s.at(p, p.years*365+40, 11, 20, true)
	number, err := s.numbers.lineNumber(s.r, p.j, p.areas)
	if err != nil {
		return nil, nil, err
	}
	// Story customers hold the first account numbers, F000000001 and on.
	s.accounts++
	u.AccountNumber = tact.Some(fmt.Sprintf("%s%09d", short(p.j)[:1], s.accounts))
	u.Jurisdiction, u.Language, u.TimeZone = tact.Some(p.j), tact.Some(p.lang), tact.Some(p.zone)
	u.GivenName, u.FamilyName = tact.Some(p.given), tact.Some(p.family)
	u.Salutation, u.FormOfAddress = tact.Some(p.salutation), tact.Some(p.form)
	u.Phones = tact.Some([]customer.Phone{{Number: number, Type: customer.PhoneMobile, Label: labelMobile(p.person), Primary: true}})
	u.Emails = tact.Some([]customer.Email{{Address: p.email, Primary: true}})
	u.Address = tact.Some(p.address)
	s.clock.Set(created)
	c, err := s.app.Customers.Create(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	started := tact.DateOf(created.In(p.loc))
	l, err := s.app.Customers.AddLine(ctx, c.ID, customer.LineUpdate{Number: tact.Some(number), PlanCode: tact.Some(planCode), StartedOn: tact.Some(started)})
	if err != nil {
		return nil, nil, err
	}
	var d customer.Device
	for _, h := range handsetsOf(p.j) {
		if h.CatalogCode == handsetCode {
			d = h
		}
	}
	bought := s.at(p, 420, 15, 10, false)
	s.clock.Set(bought)
	d.LineID, d.AcquiredOn = l.ID, tact.DateOf(bought.In(p.loc))
	if _, err := s.app.Customers.AddDevice(ctx, c.ID, d); err != nil {
		return nil, nil, err
	}
	for i, m := range s.gen.months {
		u := customer.Usage{Month: m, DataMB: int64(2*gb + s.r.IntN(3*gb)), VoiceMinutes: int64(60 + s.r.IntN(300)), SMS: int64(s.r.IntN(120)),
			RoamingSpend: tact.Money{Currency: p.j.Currency()}, ThirdPartySpend: tact.Money{Currency: p.j.Currency()}}
		if usage != nil && !usage(i, &u) {
			continue
		}
		if _, err := s.app.Customers.PutUsage(ctx, l.ID, u); err != nil {
			return nil, nil, err
		}
	}
	s.lines++
	// Their ordinary year, like anyone's.
	rec := &customer.Record{Customer: c, Lines: []*customer.Line{l}, Devices: []*customer.Device{&d}}
	f := s.gen.facts(s.r, p.person, rec)
	from := later(created, s.now.Add(-365*day))
	for _, it := range s.gen.ordinary(s.r, f, c.ID, from, s.now.Add(-60*day), 8) {
		if err := s.record(ctx, *it); err != nil {
			return nil, nil, err
		}
	}
	return c, l, nil
}

// record stores one contact through the service, the clock set to when its
// source reported it.
func (s *storyBuilder) record(ctx context.Context, it interaction.Interaction) error {
	reported := it.StartedAt.Add(time.Minute)
	if it.EndedAt != nil {
		reported = it.EndedAt.Add(time.Minute)
	}
	s.clock.Set(reported)
	if _, _, err := s.app.Interactions.Record(ctx, it); err != nil {
		return err
	}
	s.interactions++
	return nil
}

// call returns an interaction of a phone call that lasted length.
func call(customerID string, dir interaction.Direction, purpose tact.Purpose, subject string, src source, actor, callerID string,
	start time.Time, length time.Duration, outcome interaction.Outcome, summary string) interaction.Interaction {
	end := start.Add(length)
	return interaction.Interaction{CustomerID: customerID, Channel: tact.ChannelPhone, Direction: dir, Purpose: purpose, Subject: subject,
		Source: src.name, Actor: actor, CallerID: callerID, StartedAt: start, EndedAt: &end, Outcome: outcome, Summary: summary}
}

// update changes the customer through the service at instant at.
func (s *storyBuilder) update(ctx context.Context, id string, at time.Time, u customer.Update) error {
	s.clock.Set(at)
	_, err := s.app.Customers.Update(ctx, id, u, 0)
	return err
}

// frDate writes "12 mars"; the story summaries quote dates as advisors do.
func frDate(t time.Time, loc *time.Location) string { return frDay(t.In(loc)) }

// isoDate writes the customer's date of t as 2026-03-12, for the notes.
func isoDate(t time.Time, loc *time.Location) string { return tact.DateOf(t.In(loc)).String() }

// Story 1. Partners bill her through the phone bill although third-party
// billing was never turned on; she finds out from her bill and has to ask for
// a refund on a paid number.
func (s *storyBuilder) hostage(ctx context.Context) (*customer.Customer, string, error) {
	p := &storyPerson{person: person{j: tact.FR, lang: tact.LangFrFR, given: "Odile", family: "Lagarrigue", salutation: customer.Madame,
		form: customer.Vous, city: "Toulouse", zone: "Europe/Paris"},
		address: &customer.Address{Lines: []string{"27 rue des Filatiers"}, PostalCode: "31000", City: "Toulouse", Country: "FR"},
		email:   "odile.lagarrigue@orange.example", years: 9}
	// Internet+ (9.99 €) from three months ago, Contact+ (4.98 €) from two:
	// what partners bill through her phone bill.
	spend := []int64{internetPlus, internetPlus + contactPlus, internetPlus + contactPlus}
	c, l, err := s.create(ctx, p, customer.Update{Consents: []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: false, Source: customer.SourceWeb}}},
		"FR-MOBILE-40G", "FR-GALAXY-A55", func(m int, u *customer.Usage) bool {
			if m >= 9 {
				u.ThirdPartySpend.Cents = spend[m-9]
			}
			return true
		})
	if err != nil {
		return nil, "", err
	}
	last, err := s.thirdPartyBills(ctx, p, c, l)
	if err != nil {
		return nil, "", err
	}
	s.matter.spaceBillID = last.ID
	fr := sources[tact.FR]
	chat := s.at(p, 13, 21, 40, false)
	end := chat.Add(9 * time.Minute)
	if err := s.record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelChat, Direction: interaction.Inbound, Purpose: tact.PurposeBilling,
		Subject: "third_party_charges", Source: fr[roleChat].name, ExternalID: s.gen.externalID(fr[roleChat]), Actor: "assistant virtuel", StartedAt: chat, EndedAt: &end,
		Outcome: interaction.Completed,
		Summary: "La cliente demande ce que sont les lignes « Internet+ » et « Contact+ » de ses dernières factures. Réponse automatique : « service d'un partenaire », renvoi vers le 3900."}); err != nil {
		return nil, "", err
	}
	complaint := s.at(p, 12, 9, 5, true)
	if err := s.record(ctx, call(c.ID, interaction.Inbound, tact.PurposeBilling, "third_party_charges", fr[roleCustomerCare], "Samir O.", c.PrimaryPhone(),
		complaint, 23*time.Minute, interaction.Completed,
		"Réclamation : la cliente conteste « Contact+ » (4,98 €/mois, Phonéo Services) sur ses deux dernières factures ; elle n'a rien souscrit sciemment : une page ouverte depuis son téléphone et un code reçu par SMS, qu'elle a pris pour une vérification, ont suffi. Elle demande aussi ce qu'est « Internet+ » (9,99 €/mois), que ses factures disent retiré. Appel au 3900, numéro payant, 14 minutes d'attente ; renvoyée vers le partenaire, sans remboursement ni blocage de la catégorie.")); err != nil {
		return nil, "", err
	}
	return c, "Contact+ (Phonéo Services, €4.98) on her last two bills, let through by a one-tap payment page and an SMS code she took for a check: " +
		"in her space she reads who bills it and how to complain, and disputes it in one click (refunded, third-party billing off); " +
		"Internet+ (€9.99), with no double opt-in, stripped from her bills by the review; complaint of " + isoDate(complaint, p.loc) + " on the timeline", nil
}

// Story 2. The call centre calls to "adapt" his contract; he asks for the
// offer in writing; it never comes, and the same call centre calls again.
func (s *storyBuilder) offer(ctx context.Context) (*customer.Customer, string, error) {
	p := &storyPerson{person: person{j: tact.FR, lang: tact.LangFrFR, given: "Bertrand", family: "Courtecuisse", salutation: customer.Monsieur,
		form: customer.Vous, city: "Lille", zone: "Europe/Paris"},
		address: &customer.Address{Lines: []string{"14 rue de la Monnaie"}, PostalCode: "59800", City: "Lille", Country: "FR"},
		email:   "bertrand.courtecuisse@free.example", years: 6}
	c, l, err := s.create(ctx, p, customer.Update{}, "FR-MOBILE-5G", "FR-IPHONE-14", func(m int, u *customer.Usage) bool {
		u.DataMB = int64(4*gb + s.r.IntN(gb)) // always near his 5 GB: a fair reason to call him
		return true
	})
	if err != nil {
		return nil, "", err
	}
	atlas := sources[tact.FR][roleCallCentre]
	first := s.at(p, 24, 18, 12, true)
	calls := []struct {
		at      time.Time
		length  time.Duration
		actor   string
		outcome interaction.Outcome
		summary string
	}{
		{first, 11 * time.Minute, "Yassine M.", interaction.Completed,
			"Adaptation du contrat : passage au Forfait 100 Go 5G proposé. Le client demande à recevoir l'offre par écrit, par courriel, pour la comparer à tête reposée avant de décider. Envoi promis sous 48 heures."},
		{s.at(p, 16, 17, 40, true), 8 * time.Minute, "Inès B.", interaction.Completed,
			"Adaptation du contrat : le client n'a jamais reçu l'offre écrite promise le " + frDate(first, p.loc) + ". Mêmes questions reposées ; il redemande l'offre par écrit."},
		{s.at(p, 9, 11, 5, true), 3 * time.Minute, "Karim T.", interaction.Refused,
			"Troisième appel sur l'adaptation du contrat : le client refuse de répondre encore aux mêmes questions et suggère de joindre l'offre à sa facture papier."},
		{s.at(p, 4, 19, 20, true), 35 * time.Second, "Nour H.", interaction.NoAnswer, "Pas de réponse."},
	}
	var promise *commitment.Commitment
	for i, k := range calls {
		it := call(c.ID, interaction.Outbound, tact.PurposeSales, "contract_adaptation", atlas, k.actor, atlas.callers[i%len(atlas.callers)], k.at, k.length, k.outcome, k.summary)
		it.ExternalID = s.gen.externalID(atlas)
		if err := s.record(ctx, it); err != nil {
			return nil, "", err
		}
		if i == 0 {
			// Yassine records his promise as he hangs up; it falls due two
			// days later and is never kept: the first sweep finds it overdue,
			// escalates it to his supervisor and queues the apology.
			if promise, err = s.app.Commitments.Make(s.as(ctx, "yassine"), commitment.Draft{CustomerID: c.ID, Kind: commitment.SendOffer,
				Subject: "contract_adaptation", Channel: tact.ChannelEmail, Due: first.Add(48 * time.Hour), OwnerID: s.staff["yassine"].ID,
				Words: "Je vous envoie l'offre du Forfait 100 Go 5G par courriel sous 48 heures, pour que vous la compariez à tête reposée."}); err != nil {
				return nil, "", err
			}
			s.commitments++
		}
	}
	s.matter.commitmentID, s.matter.owner = promise.ID, "yassine"
	// His last two bills, as anyone's: the place he asked the offer to come in.
	if _, err := s.billsOf(p, c, l).ordinary(ctx, 2, 1); err != nil {
		return nil, "", err
	}
	return c, "4 calls in 3 weeks from atlas-contact about contract_adaptation; the written offer promised on " + isoDate(first, p.loc) +
		" for 2 days later never came: a pending promise past due, which the first sweep makes overdue, escalates and apologises for", nil
}

// Story 3. She cancels; each agent she reaches knows nothing of the last one;
// the credit she was promised is pending, and a demand to pay €0.01 arrives.
func (s *storyBuilder) cancellation(ctx context.Context) (*customer.Customer, string, error) {
	p := &storyPerson{person: person{j: tact.FR, lang: tact.LangFrFR, given: "Annick", family: "Le Brusq", salutation: customer.Madame,
		form: customer.Vous, city: "Brest", zone: "Europe/Paris"},
		address: &customer.Address{Lines: []string{"8 rue de Siam"}, PostalCode: "29200", City: "Brest", Country: "FR"},
		email:   "annick.lebrusq@laposte.example", years: 4}
	c, l, err := s.create(ctx, p, customer.Update{}, "FR-MOBILE-100G", "FR-PIXEL-8A", nil)
	if err != nil {
		return nil, "", err
	}
	fr := sources[tact.FR]
	care := fr[roleCustomerCare]
	asked := s.at(p, 21, 10, 15, true)
	// The month she was debited twice for, two months before she asks.
	y, m, _ := asked.In(p.loc).Date()
	doubleFrom := time.Date(y, m, 1, 0, 0, 0, 0, p.loc).AddDate(0, -2, 0)
	double := monthsFR[doubleFrom.Month()-1]
	// Julie opens the case as she answers: from now on it has one owner.
	s.clock.Set(asked)
	k, err := s.app.Cases.Open(s.as(ctx, "julie"), cases.Draft{CustomerID: c.ID, Subject: "Résiliation et avoir de 23,40 € en attente",
		Category: cases.Cancellation, Channel: tact.ChannelPhone, OwnerID: s.staff["julie"].ID,
		Note: "La cliente résilie : elle part vivre à l'étranger. Un avoir de 23,40 € lui a été promis pour le double prélèvement de " + double + "."})
	if err != nil {
		return nil, "", err
	}
	s.cases++
	first := call(c.ID, interaction.Inbound, tact.PurposeCancellation, "cancellation", care, "Julie M.", c.PrimaryPhone(), asked, 12*time.Minute, interaction.Completed,
		"Demande de résiliation : la cliente part vivre à l'étranger. Elle rappelle l'avoir de 23,40 € promis pour le double prélèvement de "+double+". Transférée au service fidélisation.")
	first.CaseID = k.ID
	if err := s.record(ctx, first); err != nil {
		return nil, "", err
	}
	s.clock.Set(asked.Add(13*time.Minute + 30*time.Second))
	if _, err := s.app.Cases.HandOff(s.as(ctx, "julie"), k.ID, s.staff["marc"].ID,
		"Résiliation demandée (départ à l'étranger), date de fin à confirmer. Avoir de 23,40 € promis pour le double prélèvement de "+double+
			", toujours pas versé. Transfert à la fidélisation pour l'offre de maintien ; tout est ici, ne pas lui faire réexpliquer.", 0); err != nil {
		return nil, "", err
	}
	if err := s.update(ctx, c.ID, asked.Add(12*time.Minute), customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(tact.DateOf(asked.In(p.loc)))}); err != nil {
		return nil, "", err
	}
	retention := call(c.ID, interaction.Inbound, tact.PurposeCancellation, "cancellation", care, "Marc D. (fidélisation)", c.PrimaryPhone(), asked.Add(14*time.Minute), 9*time.Minute, interaction.Completed,
		"Reprise d'après la note de transfert, sans rien redemander : offre de fidélisation proposée et refusée ; résiliation maintenue.")
	retention.CaseID = k.ID
	if err := s.record(ctx, retention); err != nil {
		return nil, "", err
	}
	// Marc hands it back in writing: whoever reads the case next knows.
	s.clock.Set(asked.Add(25 * time.Minute))
	if _, err := s.app.Cases.HandOff(s.as(ctx, "marc"), k.ID, s.staff["julie"].ID,
		"Offre de fidélisation refusée, résiliation maintenue (départ à l'étranger). Reste à faire : confirmer la date de fin et faire verser l'avoir de 23,40 € (double prélèvement de "+
			double+"). Aucune relance commerciale.", 0); err != nil {
		return nil, "", err
	}
	chat := s.at(p, 14, 20, 30, false)
	end := chat.Add(11 * time.Minute)
	if err := s.record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelChat, Direction: interaction.Inbound, Purpose: tact.PurposeBilling, Subject: "credit_note",
		Source: fr[roleChat].name, ExternalID: s.gen.externalID(fr[roleChat]), Actor: "Emma (chat)", StartedAt: chat, EndedAt: &end, Outcome: interaction.Completed, CaseID: k.ID,
		Summary: "La cliente demande où en est l'avoir de 23,40 €. Réponse d'après le dossier : « en cours de validation au service facturation », sans date."}); err != nil {
		return nil, "", err
	}
	fourth := call(c.ID, interaction.Inbound, tact.PurposeBilling, "credit_note", care, "Samir O.", c.PrimaryPhone(), s.at(p, 8, 14, 50, true), 17*time.Minute, interaction.Completed,
		"Quatrième interlocuteur, dossier lu avant de décrocher. L'avoir de 23,40 € attend toujours une validation : engagement pris, avec une date et une responsable.")
	fourth.CaseID = k.ID
	if err := s.record(ctx, fourth); err != nil {
		return nil, "", err
	}
	// Samir makes the credit a promise with an owner and a date: pending, it
	// is what should have stopped the demand to pay €0.01 that follows.
	credit, err := s.app.Commitments.Make(s.as(ctx, "samir"), commitment.Draft{CustomerID: c.ID, CaseID: k.ID, Kind: commitment.IssueCredit,
		Subject: "credit_note", Channel: tact.ChannelEmail, Due: s.at(p, -6, 18, 0, true), OwnerID: s.staff["julie"].ID,
		Words: "Votre avoir de 23,40 € pour le double prélèvement de " + double + " sera validé et versé sous dix jours ouvrés ; Julie Morvan s'en charge et vous écrit quand c'est fait."})
	if err != nil {
		return nil, "", err
	}
	s.commitments++
	s.matter.caseID, s.matter.commitmentID, s.matter.owner = k.ID, credit.ID, "julie"
	letters := fr[roleLetters]
	demand := s.at(p, 3, 8, 30, true)
	if err := s.record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelLetter, Direction: interaction.Outbound, Purpose: tact.PurposeCollection, Subject: "dunning_letter",
		Source: letters.name, ExternalID: s.gen.externalID(letters), StartedAt: demand, Outcome: interaction.Delivered,
		Summary: "Mise en demeure de payer 0,01 € ; la facture jointe ne comporte aucune ligne. Envoyée alors que l'avoir de 23,40 € est en attente."}); err != nil {
		return nil, "", err
	}
	paid, held, err := s.heldBill(ctx, p, c, l, doubleFrom)
	if err != nil {
		return nil, "", err
	}
	s.matter.billID = held.ID
	// Billing recorded the credit three days after the second debit; it is
	// pending still when the demand to pay €0.01 is sent.
	i := slices.IndexFunc(paid, func(b *billing.Bill) bool { return b.From == tact.DateOf(doubleFrom) })
	if i < 0 {
		return nil, "", fmt.Errorf("no bill of %s among her paid ones", doubleFrom.Format("2006-01"))
	}
	s.clock.Set(s.billsOf(p, c, l).past(paid[i].UpdatedAt.Add(3 * day)))
	if _, err := s.app.Bills.IssueCredit(ctx, billing.CreditNote{CustomerID: c.ID, BillID: paid[i].ID, Amount: tact.Money{Cents: PendingCredit, Currency: tact.EUR},
		Reason: "Double prélèvement de votre facture de " + double + " " + doubleFrom.Format("2006") + " : le second prélèvement vous est remboursé."}); err != nil {
		return nil, "", err
	}
	return c, "Cancelling since " + isoDate(asked, p.loc) + ": 4 agents on one case, owned by Julie Morvan and handed off in writing (Julie → Marc → Julie); a €23.40 credit promised and pending (a credit note on her bill of " +
		doubleFrom.Format("2006-01") + "), then a demand to pay €0.01; in her space, her three paid bills; her last bill, €149,000, held for a supervisor and not shown to her", nil
}

// Story 4. A Québec customer who asked for no calls after 7 pm gets a sales
// call at 7:05 pm: silence, "tu", a script, an LG phone offered to an iPhone
// owner who has the largest plan.
func (s *storyBuilder) tactless(ctx context.Context) (*customer.Customer, string, error) {
	p := &storyPerson{person: person{j: tact.CAQC, lang: tact.LangFrCA, given: "Réjean", family: "Tardif-Beaulieu", salutation: customer.Monsieur,
		form: customer.Vous, city: "Montréal", areas: []string{"514"}, zone: "America/Toronto"},
		address: &customer.Address{Lines: []string{"5230, rue Saint-Denis"}, PostalCode: "H2J 2M1", City: "Montréal", Region: "QC", Country: "CA"},
		email:   "rejean.tardif-beaulieu@videotron.example", years: 7}
	largest := largestPlan(tact.CAQC)
	c, l, err := s.create(ctx, p, customer.Update{}, largest.Code, "QC-IPHONE-16-PRO", func(m int, u *customer.Usage) bool {
		u.DataMB = int64(60*gb + s.r.IntN(80*gb)) // he uses the plan he pays for
		return true
	})
	if err != nil {
		return nil, "", err
	}
	// He set his own rules in the customer space two years ago.
	tod := func(h int) tact.TimeOfDay { return tact.TimeOfDay(h * 60) }
	if err := s.update(ctx, c.ID, s.at(p, 730, 20, 15, false), customer.Update{Preferences: tact.Some(customer.Preferences{
		QuietHours: []customer.Window{{From: tod(19), To: tod(9)}}})}); err != nil {
		return nil, "", err
	}
	src := sources[tact.CAQC][roleCallCentre]
	at := s.at(p, 30, 19, 5, true)
	it := call(c.ID, interaction.Outbound, tact.PurposeSales, "device_upgrade", src, "agent 3312", src.callers[0], at, 2*time.Minute+40*time.Second, interaction.Refused,
		"Appel de vente à 19 h 05, malgré la préférence du client (aucun appel entre 19 h et 9 h). Dix secondes de silence avant que l'agent parle ; l'agent tutoie le client (« tu »), lit un script, lui propose un téléphone LG alors qu'il a un iPhone 16 Pro, et le croit au forfait de base alors qu'il a le "+largest.Name.FR+". Le client met fin à l'appel.")
	it.ExternalID = s.gen.externalID(src)
	if err := s.record(ctx, it); err != nil {
		return nil, "", err
	}
	// His last two bills: the largest plan, as the agent should have read.
	if _, err := s.billsOf(p, c, l).ordinary(ctx, 2, 1); err != nil {
		return nil, "", err
	}
	return c, "Quiet hours 19:00–09:00, yet a sales call at 19:05: silence, « tu », an LG phone for an iPhone 16 Pro owner on the largest plan", nil
}

// Story 5. He left. Two polling firms survey him about the same departure,
// then the operator calls from a hidden number while he is away and leaves a
// message: call 614, a number only subscribers can reach.
func (s *storyBuilder) goodbye(ctx context.Context) (*customer.Customer, string, error) {
	p := &storyPerson{person: person{j: tact.FR, lang: tact.LangFrFR, given: "Gérald", family: "Vanderhaegen", salutation: customer.Monsieur,
		form: customer.Vous, city: "Roubaix", zone: "Europe/Paris"},
		address: &customer.Address{Lines: []string{"45 rue de Lannoy"}, PostalCode: "59100", City: "Roubaix", Country: "FR"},
		email:   "gerald.vanderhaegen@gmail.example", years: 8}
	left := s.at(p, 45, 17, 0, true)
	leftMonth := tact.MonthOf(left.In(p.loc))
	c, l, err := s.create(ctx, p, customer.Update{}, "FR-MOBILE-200G", "FR-GALAXY-S25", func(m int, u *customer.Usage) bool {
		if u.Month == leftMonth {
			u.DataMB /= 3 // he left in the middle of the month
		}
		return u.Month <= leftMonth
	})
	if err != nil {
		return nil, "", err
	}
	fr := sources[tact.FR]
	care := fr[roleCustomerCare]
	incident := s.at(p, 62, 18, 30, true)
	s.clock.Set(incident)
	k, err := s.app.Cases.Open(s.as(ctx, "thomas"), cases.Draft{CustomerID: c.ID, Subject: "Plus de données mobiles à Roubaix",
		Category: cases.Incident, Channel: tact.ChannelPhone, OwnerID: s.staff["thomas"].ID,
		Note: "Plus de données mobiles depuis trois jours au domicile, à Roubaix ; appels et SMS fonctionnent."})
	if err != nil {
		return nil, "", err
	}
	s.cases++
	s.matter.caseID, s.matter.owner = k.ID, "thomas"
	opened := call(c.ID, interaction.Inbound, tact.PurposeIncident, "network_incident", care, "Thomas R.", c.PrimaryPhone(), incident, 16*time.Minute, interaction.Completed,
		"Plus de données mobiles depuis trois jours à Roubaix : incident ouvert, rappel promis sous 48 heures.")
	opened.CaseID = k.ID
	if err := s.record(ctx, opened); err != nil {
		return nil, "", err
	}
	if err := s.record(ctx, call(c.ID, interaction.Inbound, tact.PurposeCancellation, "cancellation", care, "Éloïse V.", c.PrimaryPhone(), s.at(p, 52, 12, 10, true), 7*time.Minute, interaction.Completed,
		"Le client annonce son départ vers un autre opérateur, faute de réparation de l'incident : code RIO communiqué.")); err != nil {
		return nil, "", err
	}
	if err := s.update(ctx, c.ID, left, customer.Update{Status: tact.Some(customer.Former), FormerSince: tact.Some(tact.DateOf(left.In(p.loc)))}); err != nil {
		return nil, "", err
	}
	s.clock.Set(left)
	if _, err := s.app.Customers.UpdateLine(ctx, l.ID, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(tact.DateOf(left.In(p.loc)))}, 0); err != nil {
		return nil, "", err
	}
	sondexa, panelia := fr[roleSurveyA], fr[roleSurveyB]
	if err := s.record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelEmail, Direction: interaction.Outbound, Purpose: tact.PurposeSurvey, Subject: "exit_survey",
		Source: sondexa.name, ExternalID: s.gen.externalID(sondexa), StartedAt: s.at(p, 41, 9, 30, true), Outcome: interaction.Delivered,
		Summary: "Enquête de satisfaction sur la résiliation du " + frDate(left, p.loc) + ", envoyée par courriel."}); err != nil {
		return nil, "", err
	}
	second := call(c.ID, interaction.Outbound, tact.PurposeSurvey, "exit_survey", panelia, "Chloé (Panelia)", panelia.callers[0], s.at(p, 38, 18, 20, true), 2*time.Minute, interaction.Refused,
		"Deuxième enquête pour le même événement (résiliation du "+frDate(left, p.loc)+"), par un autre institut : le client s'étonne d'être sollicité une nouvelle fois et refuse de répondre.")
	second.ExternalID = s.gen.externalID(panelia)
	if err := s.record(ctx, second); err != nil {
		return nil, "", err
	}
	// The incident is still open after he left: the operator tries to reach
	// him about it by phone only, while he is away.
	for _, daysAgo := range []int{35, 33} {
		try := call(c.ID, interaction.Outbound, tact.PurposeService, "network_incident", care, "Thomas R.", care.callers[0], s.at(p, daysAgo, 10, 40, true), 40*time.Second, interaction.NoAnswer,
			"Rappel au sujet de l'incident : pas de réponse.")
		try.CaseID = k.ID
		if err := s.record(ctx, try); err != nil {
			return nil, "", err
		}
	}
	withheld := call(c.ID, interaction.Outbound, tact.PurposeService, "network_incident", care, "Marc D.", interaction.CallerIDWithheld, s.at(p, 31, 11, 10, true), 70*time.Second, interaction.Voicemail,
		"Appel en numéro masqué. Message laissé : « rappelez le 614, sinon votre incident sera clôturé ». Le client, ancien abonné et en vacances, ne pouvait ni répondre ni joindre le 614, réservé aux abonnés.")
	withheld.CaseID = k.ID
	if err := s.record(ctx, withheld); err != nil {
		return nil, "", err
	}
	// His last two months in service, billed and paid, then his final bill:
	// the plan up to the day he left, nothing after.
	sb := s.billsOf(p, c, l)
	ago := sb.monthsAgo(left)
	if _, err := sb.ordinary(ctx, ago+2, ago+1); err != nil {
		return nil, "", err
	}
	if _, err := sb.final(ctx, left); err != nil {
		return nil, "", err
	}
	return c, "Former since " + isoDate(left, p.loc) + ": two exit surveys from two vendors; his incident case, still open, got phone attempts only, then a withheld-number voicemail asking him to call 614; no written notice, so closing it for no answer is refused", nil
}

// primaryEmail is a customer's primary email address, "" when none.
func primaryEmail(c *customer.Customer) string {
	for _, e := range c.Emails {
		if e.Primary {
			return e.Address
		}
	}
	return ""
}
