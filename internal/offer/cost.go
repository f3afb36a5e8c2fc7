package offer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// ProjectionMonths is how far a comparison projects the customer's costs.
const ProjectionMonths = 24

// MonthCost is what a month costs the customer today and under the offer.
type MonthCost struct {
	// Month is the usage month the cost is computed from.
	Month   tact.Month `json:"month"`
	Current tact.Money `json:"current"`
	Offer   tact.Money `json:"offer"`
}

// Totals are the sums of a span of projected months.
type Totals struct {
	Current tact.Money `json:"current"`
	Offer   tact.Money `json:"offer"`
	// Saving is Current minus Offer: negative when the offer costs more.
	Saving tact.Money `json:"saving"`
}

// Comparison is the customer's cost under his current plan and under an
// offer, computed from his own last months of usage (overage, roaming,
// options, device instalments included).
type Comparison struct {
	OfferCode string `json:"offer_code"`
	// History is each usage month, newest first, costed both ways.
	History []MonthCost `json:"history"`
	// Projection is the next ProjectionMonths months, month 1 first, each
	// costed on the usage of a history month in turn (the last months
	// repeated), with the offer's one-off and instalments where they fall.
	Projection []MonthCost `json:"projection"`
	// Monthly are the averages of History.
	Monthly Totals `json:"monthly"`
	// Over12 and Over24 add up the first 12 and all 24 projected months.
	Over12 Totals `json:"over_12_months"`
	Over24 Totals `json:"over_24_months"`
	// Gains and Losses say in words what changes for the customer.
	Gains  []tact.Text `json:"gains"`
	Losses []tact.Text `json:"losses"`
	// CommitmentMonths and ValidUntil are the offer's conditions.
	CommitmentMonths int       `json:"commitment_months"`
	ValidUntil       tact.Date `json:"valid_until"`
}

// Compare costs s's usage today and under o. The subject needs a plan and at
// least one month of usage; the catalogue needs what o names.
func Compare(o *Offer, s Subject, cat Catalog) (*Comparison, error) {
	if s.Plan == nil || len(s.Usage) == 0 {
		return nil, tact.Errorf(tact.CodeInvalid, "a comparison needs the line's plan and at least a month of usage")
	}
	cur := s.Plan.MonthlyPrice.Currency
	today := bundleOf(s.Plan, s.Plan.MonthlyPrice, s.Options)
	next, err := offered(o, s, cat)
	if err != nil {
		return nil, err
	}
	c := &Comparison{OfferCode: o.Code, CommitmentMonths: o.CommitmentMonths, ValidUntil: o.ValidUntil,
		History: make([]MonthCost, 0, len(s.Usage)), Projection: make([]MonthCost, 0, ProjectionMonths)}
	var sumCur, sumOff int64
	for _, u := range s.Usage {
		mc := MonthCost{Month: u.Month, Current: money(today.cost(u), cur), Offer: money(next.cost(u)+o.Instalment.Cents, cur)}
		c.History = append(c.History, mc)
		sumCur, sumOff = sumCur+mc.Current.Cents, sumOff+mc.Offer.Cents
	}
	n := int64(len(s.Usage))
	c.Monthly = totals(sumCur/n, sumOff/n, cur)
	project(o, s.Usage, today, next, func(u *customer.Usage, current, offer int64) {
		c.Projection = append(c.Projection, MonthCost{Month: u.Month, Current: money(current, cur), Offer: money(offer, cur)})
	})
	c.Over12, c.Over24 = sum(c.Projection[:12], cur), sum(c.Projection, cur)
	c.Gains, c.Losses = changes(o, today, next, cat)
	return c, nil
}

// project costs the next ProjectionMonths months both ways, month 1 first,
// each on the usage of a month of usage (newest first) in turn from the
// oldest, with the offer's one-off and instalments where they fall.
func project(o *Offer, usage []*customer.Usage, today, next bundle, month func(u *customer.Usage, current, offer int64)) {
	for m := 1; m <= ProjectionMonths; m++ {
		// Oldest first, so that projected month 1 repeats the oldest month.
		u := usage[len(usage)-1-(m-1)%len(usage)]
		off := next.cost(u)
		if m <= o.Instalments {
			off += o.Instalment.Cents
		}
		if m == 1 {
			off += o.Upfront.Cents
		}
		month(u, today.cost(u), off)
	}
}

// totals24 is Compare's Over24 alone, in cents: what ranking needs.
func totals24(o *Offer, s Subject, cat Catalog) (current, offer int64, err error) {
	if s.Plan == nil || len(s.Usage) == 0 {
		return 0, 0, tact.Errorf(tact.CodeInvalid, "a comparison needs the line's plan and at least a month of usage")
	}
	next, err := offered(o, s, cat)
	if err != nil {
		return 0, 0, err
	}
	project(o, s.Usage, bundleOf(s.Plan, s.Plan.MonthlyPrice, s.Options), next, func(_ *customer.Usage, c, f int64) {
		current, offer = current+c, offer+f
	})
	return current, offer, nil
}

// bundle is a plan at a price with options: what a month is charged on.
type bundle struct {
	plan    *catalog.Plan
	price   int64
	options []*catalog.Option
}

func bundleOf(p *catalog.Plan, price tact.Money, options []*catalog.Option) bundle {
	return bundle{plan: p, price: price.Cents, options: options}
}

// offered is the bundle s would be on under o (without the device's price).
func offered(o *Offer, s Subject, cat Catalog) (bundle, error) {
	switch o.Kind {
	case PlanChange, Bundle:
		p := cat.Plans[o.PlanCode]
		if p == nil {
			return bundle{}, tact.NotFound("plan", o.PlanCode)
		}
		return bundleOf(p, o.MonthlyPrice, s.Options), nil
	case OptionAdd:
		opt := cat.Options[o.OptionCode]
		if opt == nil {
			return bundle{}, tact.NotFound("option", o.OptionCode)
		}
		priced := *opt
		priced.MonthlyPrice = o.MonthlyPrice
		return bundleOf(s.Plan, s.Plan.MonthlyPrice, append(slices.Clone(s.Options), &priced)), nil
	default:
		return bundleOf(s.Plan, s.Plan.MonthlyPrice, s.Options), nil
	}
}

// cost is what a month of usage u costs on b, in cents: the plan, the
// options, and what goes beyond the allowances at the plan's tariff.
func (b bundle) cost(u *customer.Usage) int64 {
	t := b.plan.Tariff
	total := b.price
	var extraData, extraRoaming int64
	for _, o := range b.options {
		total += o.MonthlyPrice.Cents
		extraData += o.DataMB
		extraRoaming += o.RoamingDataMB
	}
	total += gigabytesBeyond(u.DataMB, b.plan.DataMB, extraData) * t.DataPerGB.Cents
	total += beyond(u.VoiceMinutes, b.plan.VoiceMinutes) * t.VoicePerMinute.Cents
	total += beyond(u.SMS, b.plan.SMS) * t.SMSEach.Cents
	total += gigabytesBeyond(u.RoamingDataMB, t.RoamingDataMB, extraRoaming) * t.RoamingPerGB.Cents
	return total
}

// beyond is the use above an allowance.
func beyond(used int64, a catalog.Allowance) int64 {
	if a.Covers(used) {
		return 0
	}
	return used - a.Amount
}

// gigabytesBeyond counts the started gigabytes (1,000 MB) used above an
// allowance raised by extra MB.
func gigabytesBeyond(usedMB int64, a catalog.Allowance, extraMB int64) int64 {
	if a.Unlimited || usedMB <= a.Amount+extraMB {
		return 0
	}
	over := usedMB - a.Amount - extraMB
	return (over + 999) / 1000
}

func money(cents int64, c tact.Currency) tact.Money { return tact.Money{Cents: cents, Currency: c} }

func totals(cur, off int64, c tact.Currency) Totals {
	return Totals{Current: money(cur, c), Offer: money(off, c), Saving: money(cur-off, c)}
}

func sum(months []MonthCost, c tact.Currency) Totals {
	var cur, off int64
	for _, m := range months {
		cur, off = cur+m.Current.Cents, off+m.Offer.Cents
	}
	return totals(cur, off, c)
}

// changes says what the customer gains and loses with o, in words (empty
// lists, not nil, when nothing).
func changes(o *Offer, today, next bundle, cat Catalog) (gains, losses []tact.Text) {
	gains, losses = []tact.Text{}, []tact.Text{}
	data := func(b bundle) catalog.Allowance {
		a := b.plan.DataMB
		for _, opt := range b.options {
			a.Amount += opt.DataMB
		}
		return a
	}
	was, will := data(today), data(next)
	switch {
	case will.Unlimited && !was.Unlimited:
		gains = append(gains, tact.Text{FR: "Données illimitées", EN: "Unlimited data"})
	case was.Unlimited && !will.Unlimited:
		losses = append(losses, tact.Text{FR: fmt.Sprintf("Données limitées à %d Go", will.Amount/1000), EN: fmt.Sprintf("Data capped at %d GB", will.Amount/1000)})
	case will.Amount > was.Amount:
		gains = append(gains, tact.Text{FR: fmt.Sprintf("+%d Go de données par mois", (will.Amount-was.Amount)/1000), EN: fmt.Sprintf("+%d GB of data a month", (will.Amount-was.Amount)/1000)})
	case will.Amount < was.Amount:
		losses = append(losses, tact.Text{FR: fmt.Sprintf("%d Go de données en moins par mois", (was.Amount-will.Amount)/1000), EN: fmt.Sprintf("%d GB less data a month", (was.Amount-will.Amount)/1000)})
	}
	if d := cat.Devices[o.DeviceCode]; d != nil {
		gains = append(gains, tact.Text{FR: "Un " + d.Brand + " " + d.Model, EN: "A " + d.Brand + " " + d.Model})
	}
	if o.CommitmentMonths > 0 {
		losses = append(losses, tact.Text{FR: fmt.Sprintf("Engagement de %d mois", o.CommitmentMonths), EN: fmt.Sprintf("A %d-month commitment", o.CommitmentMonths)})
	}
	return gains, losses
}

// Candidate is an offer that fits, with its comparison.
type Candidate struct {
	Offer *Offer `json:"offer"`
	// LineID is the line it is for.
	LineID     string      `json:"line_id"`
	Comparison *Comparison `json:"comparison"`
	// Reason is the one line that says why it ranks where it does.
	Reason tact.Text `json:"reason"`
}

// Rank orders candidates by the customer's benefit first (the saving over 24
// months), then by the operator's value (what the offer brings in over 24
// months), then by code, and writes each one's reason.
func Rank(list []*Candidate) {
	for _, c := range list {
		c.Reason = reason(c)
	}
	slices.SortStableFunc(list, func(a, b *Candidate) int {
		if d := b.Comparison.Over24.Saving.Cents - a.Comparison.Over24.Saving.Cents; d != 0 {
			return sign(d)
		}
		if d := b.Comparison.Over24.Offer.Cents - a.Comparison.Over24.Offer.Cents; d != 0 {
			return sign(d)
		}
		return strings.Compare(a.Offer.Code, b.Offer.Code)
	})
}

func sign(d int64) int {
	if d < 0 {
		return -1
	}
	return 1
}

// reason is a candidate's one line, from the customer's side.
func reason(c *Candidate) tact.Text {
	s := c.Comparison.Over24.Saving
	abs := tact.Money{Cents: max(s.Cents, -s.Cents), Currency: s.Currency}
	fr, en := wording.Money(abs, tact.Language("fr-FR")), wording.Money(abs, tact.Language("en"))
	switch {
	case s.Cents > 0:
		return tact.Text{FR: "Vous économisez " + fr + " sur 24 mois.", EN: "You save " + en + " over 24 months."}
	case s.Cents == 0:
		return tact.Text{FR: "Même coût sur 24 mois.", EN: "Same cost over 24 months."}
	default:
		return tact.Text{FR: "Coûte " + fr + " de plus sur 24 mois.", EN: "Costs " + en + " more over 24 months."}
	}
}
