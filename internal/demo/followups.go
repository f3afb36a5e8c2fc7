package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// What the supervisors' quality figures (internal/quality) count needs more
// than cases and promises: customers who call about their case once or
// again, call backs kept on the day or after it, survey answers and the call
// back a detractor is owed, bill disputes, and a customer called a fifth
// time in 30 days by the operator and its subcontractor together. Each
// draws on its own streams of the seed, so the matters above keep theirs.
const (
	// streamCaseCalls + customer index draws the calls about a crowd
	// customer's case and when his call back comes.
	streamCaseCalls uint64 = 1 << 49
	// streamFollowUps + customer index draws what else happens to him.
	streamFollowUps uint64 = 1 << 50
)

// caseCall records the customer's call about case caseID at at: the
// contact the quality figures count against the case.
func (b *builder) caseCall(ctx context.Context, r rng, c *customer.Customer, caseID string, at time.Time, summary string) error {
	src := sources[c.Jurisdiction][roleCustomerCare]
	end := at.Add(time.Duration(3+r.IntN(9)) * time.Minute)
	b.clock.Set(end.Add(time.Minute))
	_, _, err := b.app.Interactions.Record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelPhone, Direction: interaction.Inbound,
		Purpose: tact.PurposeService, Subject: "case", Source: src.name, Actor: pick(r, src.actors), CallerID: c.PrimaryPhone(),
		StartedAt: at, EndedAt: &end, Outcome: interaction.Completed, CaseID: caseID, Summary: summary})
	if err == nil {
		b.interactions++
	}
	return err
}

// crowdFollowUp gives a crowd customer with matters one more thing, or
// nothing: a satisfaction survey he answers (a detractor is called back,
// within 48 hours or later), a disputed bill, or, in France, a fifth sales
// call in 30 days.
func (b *builder) crowdFollowUp(ctx context.Context, m matterCandidate) error {
	r := newRNG(b.seed, streamFollowUps+uint64(m.index))
	switch weighted(r, []int{45, 20, 10, 25}) {
	case 0:
		return b.crowdSurvey(ctx, r, m.customer)
	case 1:
		return b.crowdDispute(ctx, r, m.customer)
	case 2:
		if m.customer.Jurisdiction == tact.FR {
			return b.crowdSalesCalls(ctx, r, m.customer)
		}
	}
	return nil
}

// Survey verbatims, by sentiment, in French and English.
var (
	detractorWords = [][2]string{
		{"Trois appels pour la même question, et personne ne m'a rappelé.", "Three calls about the same thing and nobody called me back."},
		{"On m'a promis un geste commercial que je n'ai jamais vu.", "I was promised a goodwill credit I never saw."},
		{"Le réseau ne passe toujours pas chez moi.", "Still no signal at home."},
		{"Facture incompréhensible, attente interminable au téléphone.", "A bill nobody can read, and an endless wait on the phone."},
	}
	promoterWords = [][2]string{
		{"Conseiller à l'écoute, problème réglé en un appel.", "The advisor listened and fixed it in one call."},
		{"Rapide et clair, merci.", "Quick and clear, thank you."},
	}
)

// crowdSurvey has a vendor ask to survey the customer after a contact, when
// the policy allows it, and the customer answer: a promoter, or a detractor
// whose call back comes within 48 hours (two thirds of the time) or later.
// A call back still within its 48 hours at the demo's end is left pending,
// due after it; one past due is kept, so the first sweep finds only the
// story's broken promise.
func (b *builder) crowdSurvey(ctx context.Context, r rng, c *customer.Customer) error {
	loc := c.Location()
	asked := b.gen.localTime(r, b.now.Add(-time.Duration(2+r.IntN(60))*day), 10*60, 18*60, loc)
	vendor := sources[c.Jurisdiction][roleSurveyA]
	ch := tact.ChannelEmail
	if c.PrimaryEmail() == "" {
		ch = tact.ChannelSMS
	}
	event := "satisfaction:" + c.ID + ":" + isoDate(asked, loc)
	b.clock.Set(asked)
	d, err := b.app.Contacts.RequestSurvey(ctx, survey.Ask{CustomerID: c.ID, Event: event, Source: vendor.name, Channel: ch})
	if err != nil || d.Survey == nil {
		return err // the policy said no (a survey lately, a complaint open): no survey
	}
	answered := asked.Add(time.Duration(20+r.IntN(600)) * time.Minute)
	detractor := r.chance(0.6)
	score, words := 9+r.IntN(2), pick(r, promoterWords)
	if detractor {
		score, words = r.IntN(7), pick(r, detractorWords)
	}
	verbatim := words[0]
	if c.Language == tact.LangEN {
		verbatim = words[1]
	}
	b.clock.Set(answered)
	a, _, err := b.app.Surveys.Answer(ctx, survey.Response{CustomerID: c.ID, Event: event, Source: vendor.name, Scale: survey.NPS,
		Score: score, Verbatim: verbatim, AnsweredAt: answered})
	if err != nil || a.Sentiment != survey.Detractor {
		return err
	}
	b.cases++
	b.commitments++
	back := answered.Add(time.Duration(2+r.IntN(44)) * time.Hour)
	if r.chance(0.35) {
		back = answered.Add(time.Duration(49+r.IntN(60)) * time.Hour)
	}
	if back.After(b.now.Add(-time.Hour)) {
		if answered.Add(48 * time.Hour).After(b.now) {
			return nil // still within its 48 hours: pending, due after now
		}
		back = answered.Add(time.Duration(2+r.IntN(40)) * time.Hour)
	}
	src := sources[c.Jurisdiction][roleCustomerCare]
	end := back.Add(time.Duration(4+r.IntN(12)) * time.Minute)
	b.clock.Set(end.Add(time.Minute))
	it, _, err := b.app.Interactions.Record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelPhone, Direction: interaction.Outbound,
		Purpose: tact.PurposeService, Subject: "survey_detractor", Source: src.name, Actor: pick(r, src.actors), CallerID: src.callers[0],
		StartedAt: back, EndedAt: &end, Outcome: interaction.Completed, CaseID: a.CaseID,
		Summary: pickLang(c, "Rappel suite à l'enquête : écouté, excuses, solution proposée.", "Called back after the survey: listened, apologised, offered a fix.")})
	if err != nil {
		return err
	}
	b.interactions++
	if _, err := b.app.Commitments.Keep(ctx, a.CommitmentID, commitment.Evidence{Kind: commitment.EvidenceInteraction, ID: it.ID}, 0); err != nil {
		return err
	}
	if r.chance(0.5) {
		return nil // the complaint goes on
	}
	b.clock.Set(end.Add(10 * time.Minute))
	_, err = b.app.Cases.Resolve(b.as(ctx, supervisorOf[c.Jurisdiction]), a.CaseID,
		pickLang(c, "Client rappelé, réponse apportée au téléphone.", "Called the customer back and answered on the phone."), 0)
	return err
}

// supervisorOf is the supervisor who closes a jurisdiction's complaints.
var supervisorOf = map[tact.Jurisdiction]string{tact.FR: "claire", tact.CAQC: "genevieve"}

// pickLang returns fr, or en for a customer who reads English.
func pickLang(c *customer.Customer, fr, en string) string {
	if c.Language == tact.LangEN {
		return en
	}
	return fr
}

// crowdDispute bills the customer for a month and has him dispute the
// bill's line after it was sent (story 1: one click). The dispute opens a
// billing case, owned by his advisor; most are resolved some days later.
func (b *builder) crowdDispute(ctx context.Context, r rng, c *customer.Customer) error {
	loc := c.Location()
	at := b.gen.localTime(r, b.now.Add(-time.Duration(2+r.IntN(80))*day), 9*60, 20*60, loc)
	issued := at.Add(-time.Duration(5+r.IntN(10)) * day)
	month := tact.MonthOf(issued.In(loc)).AddMonths(-1)
	first, err := tact.ParseDate(string(month) + "-01")
	if err != nil {
		return err
	}
	last := tact.DateOf(first.In(time.UTC).AddDate(0, 1, -1))
	amount := tact.Money{Cents: int64(1499 + 100*r.IntN(30)), Currency: c.Jurisdiction.Currency()}
	b.clock.Set(issued)
	run, err := b.app.Bills.Submit(ctx, sources[c.Jurisdiction][roleBilling].name, []billing.Bill{{CustomerID: c.ID, From: first, To: last,
		DueOn: last.AddDays(15), Total: amount, Lines: []billing.Line{{Kind: billing.Plan, Description: pickLang(c, "Forfait mobile", "Mobile plan"), Amount: amount}}}})
	if err != nil {
		return err
	}
	bill := run.Bills[0]
	if bill.Status != billing.Validated {
		return nil
	}
	if _, err := b.app.Bills.Report(ctx, bill.ID, billing.Sent, 0); err != nil {
		return err
	}
	b.clock.Set(at)
	owner := pick(r, advisorsOf[c.Jurisdiction])
	res, err := b.app.Bills.Dispute(b.as(ctx, owner), bill.ID, 0, pickLang(c, "Le montant ne correspond pas à mon forfait.", "The amount is not my plan's."))
	if err != nil {
		return fmt.Errorf("dispute: %w", err)
	}
	b.cases++
	// Most disputes are settled within a few weeks; the others are open.
	settled := at.Add(time.Duration(2+r.IntN(20)) * day)
	if !r.chance(0.6) || settled.After(b.now.Add(-time.Hour)) {
		return nil
	}
	b.clock.Set(settled)
	_, err = b.app.Bills.ResolveDispute(b.as(ctx, owner), bill.ID, res.Dispute.ID,
		pickLang(c, "Erreur de tarif reconnue : la différence est remboursée.", "A pricing error: the difference is refunded."))
	return err
}

// crowdSalesCalls has the operator's dialer and its subcontracted call
// centre each call the customer about an offer, five sales calls in less
// than 30 days between them: neither asked tact, and the fifth is one the
// French ceiling (4 in 30 days, every source together) forbids.
func (b *builder) crowdSalesCalls(ctx context.Context, r rng, c *customer.Customer) error {
	loc := c.Location()
	start := b.now.Add(-time.Duration(25+r.IntN(120)) * day)
	for i := range 5 {
		src := sources[c.Jurisdiction][roleDialer]
		if i >= 3 {
			src = sources[c.Jurisdiction][roleCallCentre]
		}
		at := b.gen.localTime(r, start.Add(time.Duration(i*(3+r.IntN(3)))*day), 10*60, 19*60, loc)
		end := at.Add(time.Duration(1+r.IntN(3)) * time.Minute)
		outcome := pick(r, []interaction.Outcome{interaction.NoAnswer, interaction.Voicemail, interaction.Busy})
		summary := pickLang(c, "Appel pour une offre de forfait : pas de réponse.", "Call about a plan offer: no answer.")
		if i == 4 {
			outcome, summary = interaction.Refused, pickLang(c, "Cinquième appel du mois : le client refuse et demande qu'on arrête.", "Fifth call this month: the customer refuses and asks us to stop.")
		}
		b.clock.Set(end.Add(time.Minute))
		if _, _, err := b.app.Interactions.Record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelPhone, Direction: interaction.Outbound,
			Purpose: tact.PurposeSales, Subject: "plan_upgrade", Source: src.name, Actor: pick(r, src.actors), CallerID: pick(r, src.callers),
			StartedAt: at, EndedAt: &end, Outcome: outcome, Summary: summary}); err != nil {
			return err
		}
		b.interactions++
	}
	return nil
}
