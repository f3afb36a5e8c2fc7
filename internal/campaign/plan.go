package campaign

import (
	"cmp"
	"container/heap"
	"hash/fnv"
	"slices"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Outcome is what a plan does with a customer of the audience.
type Outcome string

// Outcomes.
const (
	// Target: contacted at Slot with the offer.
	Target Outcome = "target"
	// Control: would have been a target; held out to measure the campaign.
	Control Outcome = "control"
	// NoOffer: none of the campaign's offers fits him; Rules are the offer
	// rules that objected.
	NoOffer Outcome = "no_offer"
	// Suppressed: the contact policy denies the contact; Reasons say why.
	Suppressed Outcome = "suppressed"
	// Unscheduled: the contact would be lawful, but no day of the campaign
	// had room for it from the first lawful moment on. Said, never dropped.
	Unscheduled Outcome = "unscheduled"
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{Target, Control, NoOffer, Suppressed, Unscheduled}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// Why a lawful target is left without a slot.
const (
	// RuleCapacity: every day from his first lawful moment to the
	// campaign's end was full.
	RuleCapacity = "campaign_capacity"
	// RulePeriod: his first lawful moment is after the campaign's last day.
	RulePeriod = "campaign_period"
)

// Input is what planning reads of one customer: his contact facts, with
// their Context (lines and devices), and his recent usage.
type Input struct {
	Facts contactpolicy.Facts
	Usage []*customer.Usage
}

// Entry is one customer of the audience in a plan.
type Entry struct {
	CustomerID string  `json:"customer_id"`
	Outcome    Outcome `json:"outcome"`
	// OfferCode and LineID are the best fitting offer and the line it is for
	// (targets, control, unscheduled, suppressed).
	OfferCode string `json:"offer_code,omitempty"`
	LineID    string `json:"line_id,omitempty"`
	// Slot is when to make the contact: a lawful moment, on a day with room.
	Slot *time.Time `json:"slot,omitempty"`
	// Reason is the offer's one line for the customer; Saving what it saves
	// him over 24 months (negative when it costs more).
	Reason tact.Text  `json:"reason,omitzero"`
	Saving tact.Money `json:"saving_24_months,omitzero"`
	// Address is how to speak to him: vous or tu, the salutation.
	Address *brief.Address `json:"address,omitempty"`
	// Rules are the rules that kept him from being a target: the offer rules
	// (no_offer), the contact rules (suppressed), campaign_capacity.
	Rules []string `json:"rules,omitempty"`
	// Reasons are the contact policy's reasons, in its words.
	Reasons []contactpolicy.Reason `json:"reasons,omitempty"`
}

// Considered is a customer as Consider left him: his entry and, for a target
// not yet scheduled, his first lawful moment and the facts that decided it,
// kept to decide again if his day is full.
type Considered struct {
	Entry    *Entry
	earliest time.Time
	facts    *contactpolicy.Facts
}

// Plan is the summary of a campaign's planning.
type Plan struct {
	Campaign  string    `json:"campaign"`
	PlannedAt time.Time `json:"planned_at"`
	// Customers were considered; Audience is those the target expression
	// admitted for at least one line in force.
	Customers int `json:"customers"`
	Audience  int `json:"audience"`
	// Counts are the entries by outcome.
	Counts map[Outcome]int `json:"counts"`
	// NoOffer counts, by offer rule, the customers no offer fitted for that
	// rule (one customer may count under several); Suppressed counts the
	// suppressed by contact rule and the unscheduled by campaign_capacity or
	// campaign_period.
	NoOffer    map[string]int `json:"no_offer_by_rule"`
	Suppressed map[string]int `json:"suppressed_by_rule"`
	// Days are the targets per day, in order.
	Days []Day `json:"days"`
}

// Day is one day's load.
type Day struct {
	Date    tact.Date `json:"date"`
	Targets int       `json:"targets"`
}

// Planner plans one campaign: Consider each customer (from any number of
// goroutines), then Schedule once.
type Planner struct {
	campaign *Campaign
	offers   []offer.Compiled
	target   *offer.Rule
	cat      offer.Catalog
	policy   contactpolicy.Policy
	now      time.Time
	today    tact.Date
}

// NewPlanner prepares the planning of c at now. offers are the campaign's
// offers, found by code; an offer missing, or of another jurisdiction, is
// refused naming it. cat is the catalogue of c's jurisdiction.
func NewPlanner(c *Campaign, offers []*offer.Offer, cat offer.Catalog, pol contactpolicy.Policy, now time.Time) (*Planner, error) {
	byCode := map[string]*offer.Offer{}
	for _, o := range offers {
		byCode[o.Code] = o
	}
	var list []*offer.Offer
	for _, code := range c.Offers {
		o := byCode[code]
		if o == nil {
			return nil, tact.FieldError(tact.CodeInvalid, "offers", "offer %q does not exist", code)
		}
		if o.Jurisdiction != c.Jurisdiction {
			return nil, tact.FieldError(tact.CodeInvalid, "offers", "offer %s is of %s, the campaign of %s", code, o.Jurisdiction, c.Jurisdiction)
		}
		list = append(list, o)
	}
	compiled, err := offer.CompileAll(list)
	if err != nil {
		return nil, err
	}
	target, err := offer.CompileField("target", c.Target)
	if err != nil {
		return nil, err
	}
	return &Planner{campaign: c, offers: compiled, target: target, cat: cat, policy: pol, now: now, today: tact.DateOf(now)}, nil
}

// Consider plans one customer: ok is false when he is not in the audience
// (another jurisdiction, or no line of his the target admits). A target gets
// his slot from Schedule. It reads nothing but its arguments and may run
// concurrently.
func (p *Planner) Consider(in Input) (x Considered, ok bool, err error) {
	c := in.Facts.Customer
	if c == nil || c.Jurisdiction != p.campaign.Jurisdiction || in.Facts.Context == nil {
		return x, false, nil
	}
	var audience []offer.Subject
	for _, s := range offer.SubjectsOf(c, in.Facts.Context.Lines, in.Facts.Context.Devices, in.Usage, p.cat, p.today) {
		admitted, err := p.target.Admits(offer.EnvOf(s, p.today))
		if err != nil {
			return x, false, err
		}
		if admitted {
			audience = append(audience, s)
		}
	}
	if len(audience) == 0 {
		return x, false, nil
	}
	e := &Entry{CustomerID: c.ID}
	x.Entry = e
	best, refused, err := offer.Best(p.offers, audience, p.cat, p.today, offer.RefusalRules)
	if err != nil {
		return x, false, err
	}
	if best == nil {
		e.Outcome = NoOffer
		for _, r := range refused {
			for _, why := range r.Reasons {
				if !slices.Contains(e.Rules, string(why.Rule)) {
					e.Rules = append(e.Rules, string(why.Rule))
				}
			}
		}
		slices.Sort(e.Rules)
		return x, true, nil
	}
	e.OfferCode, e.LineID, e.Reason, e.Saving = best.Offer.Code, best.LineID, best.Reason, best.Comparison.Over24.Saving
	d := contactpolicy.Decide(p.request(c.ID, p.firstMoment(c)), in.Facts, p.policy, p.now)
	if d.Verdict == contactpolicy.Deny {
		suppress(e, d)
		return x, true, nil
	}
	if inControl(p.campaign.Code, c.ID, p.campaign.ControlPercent) {
		e.Outcome = Control
		return x, true, nil
	}
	e.Outcome, x.earliest = Target, d.At
	if d.NotBefore != nil {
		x.earliest = *d.NotBefore
	}
	f := in.Facts
	x.facts = &f
	a := brief.AddressOf(c)
	e.Address = &a
	return x, true, nil
}

// suppress records a denial on e.
func suppress(e *Entry, d contactpolicy.Decision) {
	e.Outcome, e.Reasons, e.Slot = Suppressed, d.Reasons, nil
	for _, r := range d.Reasons {
		if r.Verdict == contactpolicy.Deny {
			e.Rules = append(e.Rules, string(r.Rule))
		}
	}
}

// request is the contact the campaign would make to a customer at at.
func (p *Planner) request(customerID string, at time.Time) contactpolicy.Request {
	c := p.campaign
	return contactpolicy.Request{CustomerID: customerID, Purpose: c.Purpose, Channel: c.Channel, At: at, Source: c.Source,
		CallerID: c.CallerID, Campaign: c.Code, Subject: c.Subject}
}

// firstMoment is when the campaign may first reach a customer: its first
// day's midnight where he lives, or now if later.
func (p *Planner) firstMoment(c *customer.Customer) time.Time {
	start := p.campaign.Starts.In(c.Location())
	if start.Before(p.now) {
		return p.now
	}
	return start
}

// inControl reports whether a customer is in the campaign's control group:
// FNV-1a of the campaign and customer, so the same plan holds out the same
// people, and a customer's chance is the percentage whatever his id.
func inControl(campaign, customerID string, percent int) bool {
	if percent <= 0 {
		return false
	}
	h := fnv.New64a()
	h.Write([]byte(campaign))
	h.Write([]byte{0})
	h.Write([]byte(customerID))
	return h.Sum64()%10000 < uint64(percent)*100
}

// Schedule gives each target a slot: the targets who may be reached on a
// day compete for its capacity, the greatest saving first, then the
// earliest first moment, then by id. One who finds no room waits for the
// next day, where he competes again with those whose first day it is; only
// when room is there is he asked about again (the contact policy says when
// that day he may be reached, or that he may no longer be), so a target is
// decided once per day he could take, not once per day he waits, and the
// days are filled in one pass. Past the campaign's last day he is
// unscheduled (campaign_capacity if he waited for room, campaign_period if
// his first lawful moment is after it). It returns the plan's summary and
// the entries, sorted by customer id. customers is how many were
// considered, audience how many of them Consider kept.
func (p *Planner) Schedule(list []Considered, customers, audience int) (*Plan, []*Entry) {
	plan := &Plan{Campaign: p.campaign.Code, PlannedAt: p.now, Customers: customers, Audience: audience,
		Counts: map[Outcome]int{}, NoOffer: map[string]int{}, Suppressed: map[string]int{}, Days: []Day{}}
	entries := make([]*Entry, 0, len(list))
	// due holds the targets by the day they may first be reached.
	due := map[tact.Date][]*waiting{}
	var first tact.Date
	for _, x := range list {
		entries = append(entries, x.Entry)
		if x.Entry.Outcome != Target {
			continue
		}
		x.Entry.Outcome = Unscheduled
		w := &waiting{Considered: x, day: x.day()}
		due[w.day] = append(due[w.day], w)
		if first.IsZero() || w.day.Before(first) {
			first = w.day
		}
	}
	used := map[tact.Date]int{}
	capacity, last := p.campaign.CapacityPerDay, p.campaign.Ends
	q := &queue{}
	for day := first; !first.IsZero() && !last.Before(day); day = day.AddDays(1) {
		for _, w := range due[day] {
			heap.Push(q, w)
		}
		delete(due, day)
		for q.Len() > 0 && used[day] < capacity {
			w := heap.Pop(q).(*waiting)
			x, e := &w.Considered, w.Entry
			if w.day != day {
				// He waited for room: is this day still one he may be
				// reached on, and when?
				d := contactpolicy.Decide(p.request(e.CustomerID, day.In(x.facts.Customer.Location())), *x.facts, p.policy, p.now)
				if d.Verdict == contactpolicy.Deny {
					suppress(e, d)
					continue
				}
				x.earliest = d.At
				if d.NotBefore != nil {
					x.earliest = *d.NotBefore
				}
				if w.day = x.day(); w.day != day {
					due[w.day] = append(due[w.day], w)
					continue
				}
			}
			used[day]++
			slot := x.earliest.UTC()
			e.Outcome, e.Slot = Target, &slot
		}
		// Whoever is left waits for the next day's room.
		for _, w := range q.items {
			w.bumped = true
		}
	}
	// Past the last day: those who waited for room were short of capacity;
	// the others' first lawful moment lies beyond the period.
	for _, w := range q.items {
		w.Entry.Rules = []string{RuleCapacity}
	}
	for _, ws := range due {
		for _, w := range ws {
			w.Entry.Rules = []string{RulePeriod}
			if w.bumped {
				w.Entry.Rules = []string{RuleCapacity}
			}
		}
	}
	for _, e := range entries {
		plan.Counts[e.Outcome]++
		switch e.Outcome {
		case NoOffer:
			for _, r := range e.Rules {
				plan.NoOffer[r]++
			}
		case Suppressed, Unscheduled:
			for _, r := range e.Rules {
				plan.Suppressed[r]++
			}
		}
	}
	for day, n := range used {
		plan.Days = append(plan.Days, Day{Date: day, Targets: n})
	}
	slices.SortFunc(plan.Days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	slices.SortFunc(entries, func(a, b *Entry) int { return cmp.Compare(a.CustomerID, b.CustomerID) })
	return plan, entries
}

// day is the date of x's earliest moment where he lives.
func (x Considered) day() tact.Date { return tact.DateOf(x.earliest.In(x.facts.Customer.Location())) }

// waiting is a target waiting for a slot; day is the day his earliest
// moment was decided for, bumped once he has waited a day for room.
type waiting struct {
	Considered
	day    tact.Date
	bumped bool
}

// queue orders the targets competing for a day's room: greatest saving,
// then earliest first moment, then customer id.
type queue struct{ items []*waiting }

func (q *queue) Len() int { return len(q.items) }
func (q *queue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.Entry.Saving.Cents != b.Entry.Saving.Cents {
		return a.Entry.Saving.Cents > b.Entry.Saving.Cents
	}
	if !a.earliest.Equal(b.earliest) {
		return a.earliest.Before(b.earliest)
	}
	return a.Entry.CustomerID < b.Entry.CustomerID
}
func (q *queue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *queue) Push(x any)    { q.items = append(q.items, x.(*waiting)) }
func (q *queue) Pop() any {
	n := len(q.items) - 1
	w := q.items[n]
	q.items = q.items[:n]
	return w
}
