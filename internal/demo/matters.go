package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// Staff is one of the operator's people the demo made: the advisors who own
// the story and crowd matters, and the supervisors their overdue promises go
// to. Each signs in to the console with StaffPassword; through the API, act
// as one with a token and the On-Behalf-Of header naming their id.
type Staff struct {
	ID           string            `json:"id"`
	Email        string            `json:"email"`
	Name         string            `json:"name"`
	Role         access.Role       `json:"role"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// SupervisorID is the supervisor of an advisor.
	SupervisorID string `json:"supervisor_id,omitempty"`
}

// staffSpec is one person of the demo operator; supervisor is another's key.
type staffSpec struct {
	key, given, family string
	role               access.Role
	j                  tact.Jurisdiction
	supervisor         string
}

// staffSpecs are the demo operator's people, supervisors first. The French
// advisors carry the names the story contacts abbreviate (Julie M., Marc D.,
// Samir O., Thomas R., Yassine M.).
var staffSpecs = []staffSpec{
	{"claire", "Claire", "Vasseur", access.Supervisor, tact.FR, ""},
	{"genevieve", "Geneviève", "Lapointe", access.Supervisor, tact.CAQC, ""},
	{"julie", "Julie", "Morvan", access.Advisor, tact.FR, "claire"},
	{"marc", "Marc", "Delattre", access.Advisor, tact.FR, "claire"},
	{"samir", "Samir", "Ouali", access.Advisor, tact.FR, "claire"},
	{"thomas", "Thomas", "Renaud", access.Advisor, tact.FR, "claire"},
	{"yassine", "Yassine", "Mansouri", access.Advisor, tact.FR, "claire"},
	{"sophie", "Sophie", "Bergeron", access.Advisor, tact.CAQC, "genevieve"},
	{"alexandre", "Alexandre", "Nadeau", access.Advisor, tact.CAQC, "genevieve"},
}

// StaffPassword is every demo staff member's console password. It is
// published (README, tact demo's output) so anyone can try the console: a
// demo database holds made-up people only, and must never hold real ones.
const StaffPassword = "demo-console-2026"

// staffDomain is the demo operator's mail domain.
const staffDomain = "operateur-demo.example"

// advisorsOf are the advisors who own crowd matters in each jurisdiction.
var advisorsOf = map[tact.Jurisdiction][]string{
	tact.FR:   {"julie", "marc", "samir", "thomas"},
	tact.CAQC: {"sophie", "alexandre"},
}

// putStaff creates the demo operator's people through the service, hired
// long before the demo's year of history.
func (b *builder) putStaff(ctx context.Context) ([]Staff, error) {
	b.clock.Set(b.now.Add(-700 * day))
	b.staff = map[string]*access.User{}
	var out []Staff
	for _, p := range staffSpecs {
		supervisorID := ""
		if p.supervisor != "" {
			supervisorID = b.staff[p.supervisor].ID
		}
		email := ascii(p.given) + "." + ascii(p.family) + "@" + staffDomain
		u, err := b.app.Access.CreateSupervisedUser(ctx, email, p.given+" "+p.family, p.role, StaffPassword, supervisorID)
		if err != nil {
			return nil, fmt.Errorf("demo: staff %s: %w", p.key, err)
		}
		b.staff[p.key] = u
		out = append(out, Staff{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Jurisdiction: p.j, SupervisorID: supervisorID})
	}
	return out, nil
}

// as returns ctx with the staff member key acting, as the console would.
func (b *builder) as(ctx context.Context, key string) context.Context {
	u := b.staff[key]
	return tact.WithActor(ctx, tact.Actor{Kind: tact.ActorUser, ID: u.ID, Name: u.Name})
}

// Crowd matters: a small share of the crowd has cases and promises, made
// through the services one call at a time after the crowd is stored. One
// crowd customer in matterStride has some, at most matterCap in all, so a
// large demo pays a few seconds for them, not minutes.
const (
	matterStride = 25
	matterCap    = 2500
)

// matterStrideFor returns the stride between crowd customers with matters in
// a crowd of that size.
func matterStrideFor(crowd int) int {
	return max(matterStride, (crowd+matterCap-1)/matterCap)
}

// matterTemplate is an ordinary matter: the case and the promise made on it,
// in French and English.
type matterTemplate struct {
	category         cases.Category
	kind             commitment.Kind
	subject          string // the promise's subject
	caseFR, caseEN   string
	noteFR, noteEN   string
	wordsFR, wordsEN string
	// wordsTu is wordsFR as said to a customer who asked for "tu".
	wordsTu string
}

var matterTemplates = []matterTemplate{
	{cases.Billing, commitment.IssueCredit, "bill_dispute",
		"Facture plus élevée que d'habitude", "Bill higher than usual",
		"Le client ne comprend pas le montant de sa dernière facture : une option qu'il dit ne pas avoir demandée.", "The customer does not understand his last bill: an option he says he never asked for.",
		"Un avoir du montant de l'option sera appliqué sur votre prochaine facture.", "A credit for the option will be applied to your next bill.",
		"Un avoir du montant de l'option sera appliqué sur ta prochaine facture."},
	{cases.Technical, commitment.CallBack, "network_coverage",
		"Pas de réseau 4G à domicile", "No 4G signal at home",
		"Plus de 4G au domicile depuis une semaine ; appels possibles en 3G.", "No 4G at home for a week; calls work on 3G.",
		"Un technicien vous rappelle sur le créneau que vous avez choisi.", "A technician will call you back in the slot you chose.",
		"Un technicien te rappelle sur le créneau que tu as choisi."},
	{cases.Complaint, commitment.IssueCredit, "billing_after_cancellation",
		"Option facturée après sa résiliation", "Option billed after it was cancelled",
		"L'option résiliée le mois dernier figure encore sur la facture.", "The option cancelled last month is still on the bill.",
		"Le mois facturé à tort vous sera remboursé par un avoir.", "The month billed in error will be refunded as a credit.",
		"Le mois facturé à tort te sera remboursé par un avoir."},
	{cases.Sales, commitment.SendOffer, "plan_change",
		"Demande d'offre écrite pour changer de forfait", "Asked for a written offer to change plans",
		"Le client veut comparer par écrit son forfait actuel et le forfait supérieur avant de décider.", "The customer wants to compare his plan and the next one up in writing before deciding.",
		"Je vous envoie l'offre détaillée par courriel, à comparer à tête reposée.", "I will email you the detailed offer to compare at leisure.",
		"Je t'envoie l'offre détaillée par courriel, à comparer à tête reposée."},
	{cases.Technical, commitment.Fix, "sim_replacement",
		"Carte SIM défectueuse", "Faulty SIM card",
		"La carte SIM n'est plus reconnue par le téléphone.", "The phone no longer recognises the SIM card.",
		"Une nouvelle carte SIM vous est envoyée par courrier ; elle sera active à réception.", "A new SIM card is on its way by post; it works as soon as it arrives.",
		"Une nouvelle carte SIM t'est envoyée par courrier ; elle sera active à réception."},
}

// matterCandidate is a crowd customer chosen for matters, and their place
// in the crowd (which picks their stream of the seed).
type matterCandidate struct {
	customer *customer.Customer
	index    int
}

// crowdMatters gives the chosen crowd customers their cases and promises.
func (b *builder) crowdMatters(ctx context.Context) error {
	for _, m := range b.candidates {
		if err := b.crowdMatter(ctx, m); err != nil {
			return fmt.Errorf("demo: matters of crowd customer %d: %w", m.index, err)
		}
		if err := b.crowdFollowUp(ctx, m); err != nil {
			return fmt.Errorf("demo: follow-up of crowd customer %d: %w", m.index, err)
		}
	}
	b.candidates = nil
	b.clock.Set(b.now)
	return nil
}

// crowdMatter makes one customer's matter in one of five shapes: in progress
// with a pending promise, resolved with its promise kept, new and unowned,
// handed off with a pending credit, or a promise alone, kept or cancelled.
func (b *builder) crowdMatter(ctx context.Context, m matterCandidate) error {
	r := newRNG(b.seed, streamMatters+uint64(m.index))
	calls := newRNG(b.seed, streamCaseCalls+uint64(m.index))
	c := m.customer
	loc := c.Location()
	en := c.Language == tact.LangEN
	t := matterTemplates[r.IntN(len(matterTemplates))]
	pickText := func(fr, english string) string {
		if en {
			return english
		}
		return fr
	}
	// The words told are said as the customer asked to be addressed.
	told := func(vous, tu, english string) string {
		if c.FormOfAddress == customer.Tu && !en {
			return tu
		}
		return pickText(vous, english)
	}
	advisors := advisorsOf[c.Jurisdiction]
	owner := pick(r, advisors)
	opened := b.gen.localTime(r, b.now.Add(-time.Duration(4+r.IntN(40))*day), 9*60, 17*60, loc)
	// A promise still pending falls due in the days after now: the sweep of
	// a fresh demo finds only the story's broken promise.
	future := b.gen.localTime(r, b.now.Add(time.Duration(2+r.IntN(9))*day), 10*60, 18*60, loc)
	channel := tact.ChannelEmail
	if c.PrimaryEmail() == "" {
		channel = tact.ChannelPhone
	}
	draft := func(caseID string, due time.Time) commitment.Draft {
		d := commitment.Draft{CustomerID: c.ID, CaseID: caseID, Kind: t.kind, Subject: t.subject, Words: told(t.wordsFR, t.wordsTu, t.wordsEN),
			Channel: channel, Due: due, OwnerID: b.staff[owner].ID}
		if t.kind == commitment.CallBack {
			d.Channel, d.Due = tact.ChannelPhone, time.Time{}
			d.Slot = &commitment.Slot{From: due.Add(-2 * time.Hour), To: due}
		}
		return d
	}
	open := func(ownerKey string, ch tact.Channel) (*cases.Case, error) {
		b.clock.Set(opened)
		d := cases.Draft{CustomerID: c.ID, Subject: pickText(t.caseFR, t.caseEN), Category: t.category, Channel: ch, Note: pickText(t.noteFR, t.noteEN)}
		if ownerKey != "" {
			d.OwnerID = b.staff[ownerKey].ID
			k, err := b.app.Cases.Open(b.as(ctx, ownerKey), d)
			return k, err
		}
		return b.app.Cases.Open(ctx, d)
	}
	made := func(k *commitment.Commitment, err error) (*commitment.Commitment, error) {
		if err == nil {
			b.commitments++
		}
		return k, err
	}

	switch shape := weighted(r, []int{30, 30, 15, 15, 10}); shape {
	case 0, 3: // in progress, its promise pending; some handed off, some waiting
		k, err := open(owner, tact.ChannelPhone)
		if err != nil {
			return err
		}
		b.cases++
		if err := b.caseCall(ctx, calls, c, k.ID, opened, pickText(t.noteFR, t.noteEN)); err != nil {
			return err
		}
		if _, err := made(b.app.Commitments.Make(b.as(ctx, owner), draft(k.ID, future))); err != nil {
			return err
		}
		if shape == 3 && len(advisors) > 1 {
			to := advisors[(indexOf(advisors, owner)+1)%len(advisors)]
			b.clock.Set(opened.Add(time.Duration(1+r.IntN(48)) * time.Hour))
			summary := pickText("Promesse faite au client : "+t.wordsFR+" Reste à suivre jusqu'au bout ; le client n'a pas à réexpliquer.",
				"Promised to the customer: "+t.wordsEN+" To follow through; the customer need not explain again.")
			if _, err := b.app.Cases.HandOff(b.as(ctx, owner), k.ID, b.staff[to].ID, summary, 0); err != nil {
				return err
			}
		} else if r.chance(0.4) {
			b.clock.Set(opened.Add(time.Duration(1+r.IntN(24)) * time.Hour))
			if _, err := b.app.Cases.SetStatus(b.as(ctx, owner), k.ID, cases.WaitingCustomer, 0); err != nil {
				return err
			}
		}
	case 1: // resolved: the owner called back, which kept the promise
		k, err := open(owner, tact.ChannelPhone)
		if err != nil {
			return err
		}
		b.cases++
		if err := b.caseCall(ctx, calls, c, k.ID, opened, pickText(t.noteFR, t.noteEN)); err != nil {
			return err
		}
		p, err := made(b.app.Commitments.Make(b.as(ctx, owner), draft(k.ID, opened.Add(3*day))))
		if err != nil {
			return err
		}
		// A third call again before it is settled: not resolved at the
		// first contact.
		if calls.chance(0.35) {
			if err := b.caseCall(ctx, calls, c, k.ID, opened.Add(time.Duration(2+calls.IntN(18))*time.Hour),
				pickText("Rappelle : toujours en attente, réexplique son problème.", "Called again: still waiting, explained it all again.")); err != nil {
				return err
			}
		}
		src := sources[c.Jurisdiction][roleCustomerCare]
		at := opened.Add(day + time.Duration(r.IntN(120))*time.Minute)
		// A quarter of the call backs come after the promised day: the
		// promise is kept, late.
		if late := opened.Add(3*day + time.Duration(1+calls.IntN(30))*time.Hour); calls.chance(0.25) && late.Before(b.now.Add(-2*time.Hour)) {
			at = late
		}
		end := at.Add(time.Duration(3+r.IntN(10)) * time.Minute)
		b.clock.Set(end.Add(time.Minute))
		it, _, err := b.app.Interactions.Record(ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelPhone, Direction: interaction.Outbound,
			Purpose: tact.PurposeService, Subject: t.subject, Source: src.name, Actor: b.staff[owner].Name, CallerID: src.callers[0],
			StartedAt: at, EndedAt: &end, Outcome: interaction.Completed, CaseID: k.ID,
			Summary: pickText("Rappel du client : c'est fait. "+t.wordsFR, "Called the customer back: done. "+t.wordsEN)})
		if err != nil {
			return err
		}
		b.interactions++
		if _, err := b.app.Commitments.Keep(ctx, p.ID, commitment.Evidence{Kind: commitment.EvidenceInteraction, ID: it.ID}, 0); err != nil {
			return err
		}
		b.clock.Set(end.Add(5 * time.Minute))
		if _, err := b.app.Cases.Resolve(b.as(ctx, owner), k.ID, pickText("Fait et confirmé au client par téléphone.", "Done and confirmed to the customer by phone."), 0); err != nil {
			return err
		}
	case 2: // new: reported in the customer space, nobody has taken it yet
		if _, err := open("", pick(r, []tact.Channel{tact.ChannelWeb, tact.ChannelApp})); err != nil {
			return err
		}
		b.cases++
	default: // a promise alone: a credit issued, or a promise withdrawn
		b.clock.Set(opened)
		d := draft("", opened.Add(5*day))
		d.Kind, d.Slot, d.Channel, d.Due = commitment.IssueCredit, nil, tact.ChannelEmail, opened.Add(5*day)
		d.Subject, d.Words = "goodwill_credit", told("Un geste commercial de 10 € vous sera accordé sur votre prochaine facture.",
			"Un geste commercial de 10 € te sera accordé sur ta prochaine facture.", "A goodwill gesture will be credited on your next bill.")
		p, err := made(b.app.Commitments.Make(b.as(ctx, owner), d))
		if err != nil {
			return err
		}
		b.clock.Set(opened.Add(time.Duration(20+r.IntN(48)) * time.Hour))
		if r.chance(0.7) {
			_, err = b.app.Commitments.Keep(ctx, p.ID, commitment.Evidence{Kind: commitment.EvidenceCreditNote,
				ID: fmt.Sprintf("AV-%d-%06d", opened.Year(), r.IntN(1000000))}, 0)
		} else {
			_, err = b.app.Commitments.Cancel(ctx, p.ID, pickText("le geste commercial est remplacé par le remboursement intégral de la facture contestée.",
				"The goodwill credit is replaced by a full refund of the disputed bill."), 0)
		}
		return err
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
