package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var caseTests = []contractTest{
	{"CreateFind", testCaseCreateFind},
	{"Update", testCaseUpdate},
	{"ConcurrentUpdates", testCaseConcurrentUpdates},
	{"Filters", testCaseFilters},
	{"ContactsOfACase", testInteractionsOfCase},
}

var commitmentTests = []contractTest{
	{"CreateFindUpdate", testCommitmentCreateFindUpdate},
	{"Filters", testCommitmentFilters},
}

var deliveryTests = []contractTest{
	{"CreateFind", testDeliveryCreateFind},
	{"ConcurrentOnceOnly", testDeliveryConcurrent},
}

// Two advisors and their supervisor, by id: the case stores keep owner ids
// without checking them against users (the service does).
const (
	advisorA   = "usr_01JADVISORA00000000000000"
	advisorB   = "usr_01JADVISORB00000000000000"
	supervisor = "usr_01JSUPERVISOR000000000000"
)

// newCase opens a case of c through the domain, stamped, without storing it.
func (f *fixture) newCase(t *testing.T, c *customer.Customer, category cases.Category, owner string) (*cases.Case, []cases.Event) {
	t.Helper()
	k, evs, err := cases.Open(cases.Draft{CustomerID: c.ID, Subject: "Facture de mars contestée", Category: category,
		Channel: tact.ChannelPhone, OwnerID: owner, Note: "Le client conteste 12,99 € d'options qu'il n'a pas demandées."},
		f.now(), calendar.For(c.Jurisdiction), c.Location(), cases.DefaultServiceLevels)
	must(t, "cases.Open", err)
	k.ID = f.ids.New(tact.PrefixCase)
	cases.Stamp(evs, k, f.now(), f.actor, f.ids)
	return k, evs
}

// createCase opens and stores a case.
func (f *fixture) createCase(t *testing.T, c *customer.Customer, category cases.Category, owner string) (*cases.Case, []cases.Event) {
	t.Helper()
	k, evs := f.newCase(t, c, category, owner)
	must(t, "CreateCase", f.st.Cases.CreateCase(f.ctx, k, evs))
	return k, evs
}

func (f *fixture) findCase(t *testing.T, id string) *cases.Case {
	t.Helper()
	k, err := f.st.Cases.FindCaseByID(f.ctx, id)
	must(t, "FindCaseByID", err)
	return k
}

func testCaseCreateFind(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, evs := f.createCase(t, c, cases.Complaint, "")
	if k.Version != 1 {
		t.Errorf("a new case has version %d, want 1", k.Version)
	}
	got := f.findCase(t, k.ID)
	diff(t, "case read back", k, got)
	wantUTC(t, "opened_at", got.OpenedAt)
	wantUTC(t, "first_answer_due", got.FirstAnswerDue)
	stored, err := f.st.Cases.FindCaseEvents(f.ctx, k.ID)
	must(t, "FindCaseEvents", err)
	diff(t, "case events read back", evs, stored)

	// Every optional field set, read back as written.
	f.tick()
	full, fullEvs := f.newCase(t, c, cases.Incident, advisorA)
	answered, resolved, closed := f.now(), f.now().Add(time.Hour), f.now().Add(2*time.Hour)
	full.WhereWeAre, full.Resolution, full.CloseReason, full.ReopensCaseID = "Attente du retour technique.", "Ligne réparée.", cases.ClosedResolved, k.ID
	full.FirstAnsweredAt, full.ResolvedAt, full.ClosedAt = &answered, &resolved, &closed
	fullEvs = append(fullEvs, cases.Event{ID: f.ids.New(tact.PrefixCaseEvent), CaseID: full.ID, CustomerID: c.ID, At: f.now(),
		Actor: tact.Actor{Kind: tact.ActorToken, ID: "tok_crm", Name: "CRM", OnBehalfOf: advisorA}, Kind: cases.EventHandedOff,
		Text: "Le client attend l'avoir.", FromOwner: advisorA, ToOwner: advisorB, FromStatus: cases.InProgress,
		ToStatus: cases.WaitingInternal, Detail: map[string]string{"reason": "résolu"}})
	must(t, "CreateCase", f.st.Cases.CreateCase(f.ctx, full, fullEvs))
	diff(t, "case with every field read back", full, f.findCase(t, full.ID))
	stored, err = f.st.Cases.FindCaseEvents(f.ctx, full.ID)
	must(t, "FindCaseEvents", err)
	diff(t, "case events with every field read back", fullEvs, stored)

	_, err = f.st.Cases.FindCaseByID(f.ctx, f.ids.New(tact.PrefixCase))
	wantCode(t, "FindCaseByID of an unknown id", err, tact.CodeNotFound, "")
	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	orphan, orphanEvs := f.newCase(t, ghost, cases.Billing, "")
	wantCode(t, "case of an unknown customer", f.st.Cases.CreateCase(f.ctx, orphan, orphanEvs), tact.CodeNotFound, "customer_id")
	if list, err := f.st.Cases.FindCaseEvents(f.ctx, orphan.ID); err != nil || len(list) != 0 {
		t.Errorf("a refused case left events: %v, %v", list, err)
	}
}

func testCaseUpdate(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, evs := f.createCase(t, c, cases.Billing, advisorA)
	stale := *k

	f.tick()
	more, err := k.HandOff(cases.Person{UserID: advisorA}, advisorB, "Avoir de 12,99 € demandé au service facturation.", f.now())
	must(t, "HandOff", err)
	cases.Stamp(more, k, f.now(), f.actor, f.ids)
	must(t, "UpdateCase", f.st.Cases.UpdateCase(f.ctx, k, more))
	if k.Version != 2 {
		t.Errorf("after an update the case has version %d, want 2", k.Version)
	}
	diff(t, "case read back after an update", k, f.findCase(t, k.ID))
	evs = append(evs, more...)

	// A second writer that read version 1 loses, and writes nothing.
	f.tick()
	lost, err := stale.AddNote("Note écrite sur une version périmée.", f.now())
	must(t, "AddNote", err)
	cases.Stamp(lost, &stale, f.now(), f.actor, f.ids)
	wantCode(t, "an update of a stale version", f.st.Cases.UpdateCase(f.ctx, &stale, lost), tact.CodePreconditionFailed, "")
	if stale.Version != 1 {
		t.Errorf("a failed update moved the version to %d", stale.Version)
	}
	stored, err := f.st.Cases.FindCaseEvents(f.ctx, k.ID)
	must(t, "FindCaseEvents", err)
	diff(t, "case events after a lost update", evs, stored)
	diff(t, "case after a lost update", k, f.findCase(t, k.ID))

	ghost := *k
	ghost.ID = f.ids.New(tact.PrefixCase)
	wantCode(t, "an update of an unknown case", f.st.Cases.UpdateCase(f.ctx, &ghost, nil), tact.CodeNotFound, "")
}

func testCaseConcurrentUpdates(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, _ := f.createCase(t, c, cases.Technical, advisorA)
	const n = 8
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		copy := *k
		evs, err := copy.AddNote(fmt.Sprintf("Note %d", i), f.now())
		must(t, "AddNote", err)
		cases.Stamp(evs, &copy, f.now(), f.actor, f.ids)
		wg.Go(func() {
			<-start
			errs[i] = f.st.Cases.UpdateCase(f.ctx, &copy, evs)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch tact.ErrorCode(err) {
		case "":
			won++
		case tact.CodePreconditionFailed:
		default:
			t.Errorf("update %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d updates of version 1 succeeded, want 1", won, n)
	}
	evs, err := f.st.Cases.FindCaseEvents(f.ctx, k.ID)
	must(t, "FindCaseEvents", err)
	notes := 0
	for _, e := range evs {
		if e.Kind == cases.EventNote {
			notes++
		}
	}
	if notes != 1 || f.findCase(t, k.ID).Version != 2 {
		t.Errorf("after the race the case has %d notes and version %d, want 1 and 2", notes, f.findCase(t, k.ID).Version)
	}
}

func caseIDs(list []*cases.Case) []string {
	out := make([]string, len(list))
	for i, k := range list {
		out[i] = k.ID
	}
	return out
}

func testCaseFilters(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.CAQC, "Réjean", "Tardif"))
	var all []*cases.Case
	// Cases opened a minute apart, some in the same instant.
	for i, owner := range []string{"", advisorA, advisorB, advisorA, "", advisorB, advisorA} {
		if i != 3 {
			f.clock.Advance(time.Minute)
		}
		k, _ := f.createCase(t, c, cases.Complaint, owner)
		all = append(all, k)
	}
	f.clock.Advance(time.Minute)
	mine, _ := f.createCase(t, other, cases.Billing, advisorA)

	// One answered, one resolved, one closed.
	answer := func(k *cases.Case, step func(*cases.Case) []cases.Event) {
		t.Helper()
		evs := step(k)
		cases.Stamp(evs, k, f.now(), f.actor, f.ids)
		must(t, "UpdateCase", f.st.Cases.UpdateCase(f.ctx, k, evs))
	}
	answer(all[1], func(k *cases.Case) []cases.Event { return k.MarkAnswered(f.now()) })
	answer(all[2], func(k *cases.Case) []cases.Event {
		evs, err := k.Resolve(cases.Person{UserID: advisorB}, "Avoir émis.", f.now())
		must(t, "Resolve", err)
		return evs
	})
	answer(all[5], func(k *cases.Case) []cases.Event {
		evs, err := k.Close(cases.Person{UserID: advisorB}, cases.ClosedDuplicate, "Doublon.", cases.NoAnswerFacts{}, f.now())
		must(t, "Close", err)
		return evs
	})

	newestFirst := slices.Clone(all)
	slices.SortFunc(newestFirst, func(a, b *cases.Case) int {
		if !a.OpenedAt.Equal(b.OpenedAt) {
			return b.OpenedAt.Compare(a.OpenedAt)
		}
		return strings.Compare(b.ID, a.ID)
	})
	keep := func(pred func(*cases.Case) bool) []string {
		var out []string
		for _, k := range newestFirst {
			if pred(k) {
				out = append(out, k.ID)
			}
		}
		return out
	}
	find := func(what string, fl cases.Filter) []string {
		t.Helper()
		fl.Limit = tact.MaxPageSize
		list, err := f.st.Cases.FindCases(f.ctx, fl)
		must(t, "FindCases "+what, err)
		return caseIDs(list)
	}
	diff(t, "a customer's cases, newest first", keep(func(*cases.Case) bool { return true }), find("by customer", cases.Filter{CustomerID: c.ID}))
	diff(t, "advisor A's cases", append([]string{mine.ID}, keep(func(k *cases.Case) bool { return k.OwnerID == advisorA })...),
		find("by owner", cases.Filter{OwnerID: advisorA}))
	diff(t, "new cases", keep(func(k *cases.Case) bool { return k.Status == cases.New }), find("by status", cases.Filter{CustomerID: c.ID, Status: cases.New}))
	diff(t, "open cases", keep(func(k *cases.Case) bool { return k.Status.Open() }), find("open", cases.Filter{CustomerID: c.ID, OpenOnly: true}))

	// Breaches: just past the first-answer due of every case, the answered,
	// resolved and closed ones are not late.
	late := all[len(all)-1].FirstAnswerDue.Add(time.Microsecond)
	diff(t, "cases past their first-answer due", keep(func(k *cases.Case) bool { return k.Status.Open() && k.FirstAnsweredAt == nil }),
		find("due before", cases.Filter{CustomerID: c.ID, DueBefore: late}))
	diff(t, "cases late an instant before the first due", []string{}, find("due before", cases.Filter{CustomerID: c.ID, DueBefore: all[0].FirstAnswerDue}))
	lateResolution := all[len(all)-1].ResolutionDue.Add(time.Microsecond)
	diff(t, "cases past their resolution due", keep(func(k *cases.Case) bool { return k.Status.Open() }),
		find("resolution due before", cases.Filter{CustomerID: c.ID, DueBefore: lateResolution}))

	for _, size := range []int{1, 2, 3, len(all)} {
		var got []string
		fl := cases.Filter{CustomerID: c.ID, Limit: size}
		for pages := 0; ; pages++ {
			if pages > len(all)+1 {
				t.Fatalf("pages of %d: pagination does not end", size)
			}
			page, err := f.st.Cases.FindCases(f.ctx, fl)
			must(t, "FindCases", err)
			got = append(got, caseIDs(page)...)
			if len(page) < size {
				break
			}
			last := page[len(page)-1]
			fl.After = tact.Cursor{At: last.OpenedAt, ID: last.ID}
		}
		diff(t, fmt.Sprintf("cases by pages of %d", size), keep(func(*cases.Case) bool { return true }), got)
	}
}

func testInteractionsOfCase(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, _ := f.createCase(t, c, cases.Incident, advisorA)
	var want []string
	for i := range 4 {
		it := f.newInteraction(t, c, "dialer", fmt.Sprintf("call-%d", i), f.now().Add(time.Duration(-i)*time.Hour))
		if i%2 == 0 {
			it.CaseID = k.ID
			want = append(want, it.ID)
		}
		if _, _, err := f.st.Interactions.CreateInteraction(f.ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	list, err := f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{CustomerID: c.ID, CaseID: k.ID, Limit: 10})
	must(t, "FindInteractions by case", err)
	got := make([]string, len(list))
	for i, it := range list {
		got[i] = it.ID
	}
	diff(t, "contacts about the case, newest first", want, got)
}

// newCommitment makes a promise of c through the domain, stamped, unstored.
func (f *fixture) newCommitment(t *testing.T, c *customer.Customer, kind commitment.Kind, owner string, due time.Time) (*commitment.Commitment, []commitment.Event) {
	t.Helper()
	d := commitment.Draft{CustomerID: c.ID, Kind: kind, Subject: "contract_adaptation", Channel: tact.ChannelEmail,
		Words: "Je vous envoie l'offre par e-mail d'ici vendredi.", Due: due, OwnerID: owner}
	if kind == commitment.CallBack {
		d.Channel, d.Due = tact.ChannelPhone, time.Time{}
		d.Slot = &commitment.Slot{From: due.Add(-2 * time.Hour), To: due}
	}
	p, evs, err := commitment.Make(d, f.now())
	must(t, "commitment.Make", err)
	p.ID = f.ids.New(tact.PrefixCommitment)
	commitment.Stamp(evs, p, f.now(), f.actor, f.ids)
	return p, evs
}

func (f *fixture) findCommitment(t *testing.T, id string) *commitment.Commitment {
	t.Helper()
	p, err := f.st.Commitments.FindCommitmentByID(f.ctx, id)
	must(t, "FindCommitmentByID", err)
	return p
}

func testCommitmentCreateFindUpdate(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, _ := f.createCase(t, c, cases.Sales, advisorA)
	p, evs := f.newCommitment(t, c, commitment.CallBack, advisorA, f.now().Add(48*time.Hour))
	p.CaseID = k.ID
	must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, evs))
	if p.Version != 1 {
		t.Errorf("a new promise has version %d, want 1", p.Version)
	}
	diff(t, "promise read back", p, f.findCommitment(t, p.ID))

	stale := *p
	f.clock.Advance(72 * time.Hour)
	over := p.FallOverdue(f.now(), supervisor, calendar.For(tact.FR), c.Location())
	commitment.Stamp(over, p, f.now(), f.actor, f.ids)
	must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, p, over))
	f.tick()
	kept, err := p.Keep(commitment.Evidence{Kind: commitment.EvidenceInteraction, ID: "int_x"}, f.now())
	must(t, "Keep", err)
	commitment.Stamp(kept, p, f.now(), f.actor, f.ids)
	must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, p, kept))
	if p.Version != 3 {
		t.Errorf("after two updates the promise has version %d, want 3", p.Version)
	}
	diff(t, "overdue then kept promise read back", p, f.findCommitment(t, p.ID))

	cancel, err := stale.Cancel("Offre retirée.", f.now())
	must(t, "Cancel", err)
	commitment.Stamp(cancel, &stale, f.now(), f.actor, f.ids)
	wantCode(t, "an update of a stale promise", f.st.Commitments.UpdateCommitment(f.ctx, &stale, cancel), tact.CodePreconditionFailed, "")
	diff(t, "promise after a lost update", p, f.findCommitment(t, p.ID))

	// The events are on the timeline, and only the ones written.
	var got []commitment.Event
	for _, e := range f.timeline(t, c.ID) {
		if e.Promise != nil {
			got = append([]commitment.Event{*e.Promise}, got...)
		}
	}
	diff(t, "promise events on the timeline, oldest first", slices.Concat(evs, over, kept), got)

	_, err = f.st.Commitments.FindCommitmentByID(f.ctx, f.ids.New(tact.PrefixCommitment))
	wantCode(t, "FindCommitmentByID of an unknown id", err, tact.CodeNotFound, "")
	ghost := *p
	ghost.ID = f.ids.New(tact.PrefixCommitment)
	wantCode(t, "an update of an unknown promise", f.st.Commitments.UpdateCommitment(f.ctx, &ghost, nil), tact.CodeNotFound, "")
	stranger, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	orphan, orphanEvs := f.newCommitment(t, stranger, commitment.SendOffer, advisorA, f.now().Add(time.Hour))
	wantCode(t, "promise to an unknown customer", f.st.Commitments.CreateCommitment(f.ctx, orphan, orphanEvs), tact.CodeNotFound, "customer_id")
}

func commitmentIDs(list []*commitment.Commitment) []string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.ID
	}
	return out
}

func testCommitmentFilters(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	k, _ := f.createCase(t, c, cases.Sales, advisorA)
	base := f.now()
	var all []*commitment.Commitment
	for i, hours := range []int{30, 5, 12, 12, 48, 5, 70} {
		owner := advisorA
		if i%3 == 1 {
			owner = advisorB
		}
		p, evs := f.newCommitment(t, c, commitment.SendOffer, owner, base.Add(time.Duration(hours)*time.Hour))
		if i%2 == 0 {
			p.CaseID = k.ID
		}
		must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, evs))
		all = append(all, p)
	}
	theirs, evs := f.newCommitment(t, other, commitment.SendOffer, advisorA, base.Add(time.Hour))
	must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, theirs, evs))
	// One kept, one cancelled.
	for i, step := range map[int]func(p *commitment.Commitment) ([]commitment.Event, error){
		2: func(p *commitment.Commitment) ([]commitment.Event, error) {
			return p.Keep(commitment.Evidence{Kind: commitment.EvidenceDelivery, ID: "dlv_x"}, f.now())
		},
		4: func(p *commitment.Commitment) ([]commitment.Event, error) {
			return p.Cancel("Le client a résilié.", f.now())
		},
	} {
		evs, err := step(all[i])
		must(t, "step", err)
		commitment.Stamp(evs, all[i], f.now(), f.actor, f.ids)
		must(t, "UpdateCommitment", f.st.Commitments.UpdateCommitment(f.ctx, all[i], evs))
	}

	soonest := slices.Clone(all)
	slices.SortFunc(soonest, func(a, b *commitment.Commitment) int {
		if !a.Due.Equal(b.Due) {
			return a.Due.Compare(b.Due)
		}
		return strings.Compare(a.ID, b.ID)
	})
	keep := func(pred func(*commitment.Commitment) bool) []string {
		var out []string
		for _, p := range soonest {
			if pred(p) {
				out = append(out, p.ID)
			}
		}
		return out
	}
	find := func(what string, fl commitment.Filter) []string {
		t.Helper()
		fl.Limit = tact.MaxPageSize
		list, err := f.st.Commitments.FindCommitments(f.ctx, fl)
		must(t, "FindCommitments "+what, err)
		return commitmentIDs(list)
	}
	diff(t, "a customer's promises, soonest due first", keep(func(*commitment.Commitment) bool { return true }),
		find("by customer", commitment.Filter{CustomerID: c.ID}))
	diff(t, "advisor B's promises", keep(func(p *commitment.Commitment) bool { return p.OwnerID == advisorB }),
		find("by owner", commitment.Filter{OwnerID: advisorB}))
	diff(t, "the case's promises", keep(func(p *commitment.Commitment) bool { return p.CaseID == k.ID }),
		find("by case", commitment.Filter{CaseID: k.ID}))
	diff(t, "kept promises", keep(func(p *commitment.Commitment) bool { return p.Status == commitment.Kept }),
		find("by status", commitment.Filter{CustomerID: c.ID, Status: commitment.Kept}))
	diff(t, "open promises", keep(func(p *commitment.Commitment) bool { return p.Status.Open() }),
		find("open", commitment.Filter{CustomerID: c.ID, OpenOnly: true}))
	// The sweep's question: pending and due before a time (strictly).
	cut := base.Add(12 * time.Hour)
	want := append([]string{theirs.ID}, keep(func(p *commitment.Commitment) bool {
		return p.Status == commitment.Pending && p.Due.Before(cut)
	})...)
	diff(t, "pending promises due before 12 h", want, find("due before", commitment.Filter{Status: commitment.Pending, DueBefore: cut}))

	for _, size := range []int{1, 2, 4, len(all)} {
		var got []string
		fl := commitment.Filter{CustomerID: c.ID, Limit: size}
		for pages := 0; ; pages++ {
			if pages > len(all)+1 {
				t.Fatalf("pages of %d: pagination does not end", size)
			}
			page, err := f.st.Commitments.FindCommitments(f.ctx, fl)
			must(t, "FindCommitments", err)
			got = append(got, commitmentIDs(page)...)
			if len(page) < size {
				break
			}
			last := page[len(page)-1]
			fl.After = tact.Cursor{At: last.Due, ID: last.ID}
		}
		diff(t, fmt.Sprintf("promises by pages of %d", size), keep(func(*commitment.Commitment) bool { return true }), got)
	}
}

// newDelivery is an apology for c under key, unstored.
func (f *fixture) newDelivery(t *testing.T, c *customer.Customer, key string) *delivery.Delivery {
	t.Helper()
	d := &delivery.Delivery{ID: f.ids.New(tact.PrefixDelivery), CustomerID: c.ID, Kind: delivery.Apology, Method: delivery.Email,
		To: "jean.dupont@example.fr", Language: tact.LangFrFR, Subject: "Nos excuses",
		Body: "Madame, Monsieur, nous n'avons pas tenu notre promesse. Vous recevrez l'offre d'ici mardi.",
		Key:  key, Status: delivery.Queued, CreatedAt: f.now(), UpdatedAt: f.now()}
	must(t, "Delivery.Validate", d.Validate())
	return d
}

func testDeliveryCreateFind(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	k, _ := f.createCase(t, c, cases.Sales, advisorA)
	p, evs := f.newCommitment(t, c, commitment.SendOffer, advisorA, f.now().Add(time.Hour))
	must(t, "CreateCommitment", f.st.Commitments.CreateCommitment(f.ctx, p, evs))

	first := f.newDelivery(t, c, "apology:"+p.ID)
	first.CaseID, first.CommitmentID = k.ID, p.ID
	first.OfferCode = "FR-PASSAGE-100G" // read back like the other references
	stored, created, err := f.st.Deliveries.CreateDelivery(f.ctx, first)
	must(t, "CreateDelivery", err)
	if !created {
		t.Error("a new delivery was not created")
	}
	diff(t, "stored delivery", first, stored)
	got, err := f.st.Deliveries.FindDeliveryByID(f.ctx, first.ID)
	must(t, "FindDeliveryByID", err)
	diff(t, "delivery read back", first, got)

	f.tick()
	again := f.newDelivery(t, c, "apology:"+p.ID)
	again.Body = "Une autre version du texte."
	stored, created, err = f.st.Deliveries.CreateDelivery(f.ctx, again)
	must(t, "CreateDelivery again", err)
	if created {
		t.Error("a second delivery under the same key was created")
	}
	diff(t, "delivery returned for the same key", first, stored)

	f.tick()
	letter := f.newDelivery(t, c, "notice:1")
	letter.Method, letter.Kind = delivery.Letter, delivery.Notice
	_, _, err = f.st.Deliveries.CreateDelivery(f.ctx, letter)
	must(t, "CreateDelivery", err)

	sent := f.now().Add(time.Minute)
	must(t, "UpdateDeliveryStatus", f.st.Deliveries.UpdateDeliveryStatus(f.ctx, first.ID, delivery.Sent, "smtp 250", &sent, sent))
	got, err = f.st.Deliveries.FindDeliveryByID(f.ctx, first.ID)
	must(t, "FindDeliveryByID", err)
	first.Status, first.StatusNote, first.SentAt, first.UpdatedAt = delivery.Sent, "smtp 250", &sent, sent
	diff(t, "delivery after a status change", first, got)
	wantCode(t, "UpdateDeliveryStatus of an unknown delivery",
		f.st.Deliveries.UpdateDeliveryStatus(f.ctx, f.ids.New(tact.PrefixDelivery), delivery.Sent, "", nil, f.now()), tact.CodeNotFound, "")
	_, err = f.st.Deliveries.FindDeliveryByID(f.ctx, f.ids.New(tact.PrefixDelivery))
	wantCode(t, "FindDeliveryByID of an unknown id", err, tact.CodeNotFound, "")

	ids := func(fl delivery.Filter) []string {
		t.Helper()
		list, err := f.st.Deliveries.FindDeliveries(f.ctx, fl)
		must(t, "FindDeliveries", err)
		out := []string{}
		for _, d := range list {
			out = append(out, d.ID)
		}
		return out
	}
	diff(t, "a customer's deliveries, oldest first", []string{first.ID, letter.ID}, ids(delivery.Filter{CustomerID: c.ID}))
	diff(t, "a promise's deliveries", []string{first.ID}, ids(delivery.Filter{CommitmentID: p.ID}))
	diff(t, "queued deliveries", []string{letter.ID}, ids(delivery.Filter{Status: delivery.Queued}))
	diff(t, "letters", []string{letter.ID}, ids(delivery.Filter{Method: delivery.Letter}))
	diff(t, "a page of one", []string{first.ID}, ids(delivery.Filter{CustomerID: c.ID, Limit: 1}))
	diff(t, "the page after", []string{letter.ID}, ids(delivery.Filter{CustomerID: c.ID, Limit: 1, After: tact.Cursor{At: first.CreatedAt, ID: first.ID}}))

	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	_, created, err = f.st.Deliveries.CreateDelivery(f.ctx, f.newDelivery(t, ghost, "ghost"))
	wantCode(t, "delivery to an unknown customer", err, tact.CodeNotFound, "customer_id")
	if created {
		t.Error("a delivery to an unknown customer was reported created")
	}
}

// testDeliveryConcurrent is the sweep running on two servers at once: the
// apology is queued once.
func testDeliveryConcurrent(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	tries := make([]*delivery.Delivery, 10)
	for i := range tries {
		tries[i] = f.newDelivery(t, c, "apology:com_race")
	}
	onceOnly(t, "delivery", tries, func(d *delivery.Delivery) string { return d.ID }, func(d *delivery.Delivery) (*delivery.Delivery, bool, error) {
		return f.st.Deliveries.CreateDelivery(f.ctx, d)
	})
	list, err := f.st.Deliveries.FindDeliveries(f.ctx, delivery.Filter{CustomerID: c.ID})
	must(t, "FindDeliveries", err)
	if len(list) != 1 {
		t.Errorf("%d deliveries stored under one key, want 1", len(list))
	}
}
