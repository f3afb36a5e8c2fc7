package demo

import (
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// usage fills the twelve months of usage of each line that was live in them.
// Each line has a habit, a share of its data allowance, that months vary
// around: a fifth of lines live near their cap (the offers engine should see
// them), travellers roam in summer and at year end, and a few customers have
// partners billing through the operator (story 1's mechanism).
func (g *crowd) usage(r rng, p person, rec *customer.Record) {
	cur := p.j.Currency()
	c := rec.Customer
	thirdParty := c.ThirdPartyBilling && r.chance(0.6) || !c.ThirdPartyBilling && r.chance(0.003)
	for _, l := range rec.Lines {
		plan := planOf(l.PlanCode)
		habit := 0.15 + r.Float64()*0.6
		if r.chance(0.2) {
			habit = 0.85 + r.Float64()*0.2
		}
		traveller := r.chance(0.15)
		for i, m := range g.months {
			if dateBefore(g.monthLast[i], l.StartedOn) || !l.EndedOn.IsZero() && dateBefore(l.EndedOn, g.monthFirst[i]) {
				continue
			}
			u := &customer.Usage{LineID: l.ID, CustomerID: c.ID, Month: m,
				RoamingSpend: tact.Money{Currency: cur}, ThirdPartySpend: tact.Money{Currency: cur}}
			share := habit * (0.8 + r.Float64()*0.4)
			if plan.DataMB.Unlimited {
				u.DataMB = int64(share * 120 * gb)
			} else {
				u.DataMB = int64(share * float64(plan.DataMB.Amount))
			}
			if plan.VoiceMinutes.Unlimited {
				u.VoiceMinutes = int64(30 + r.IntN(700))
			} else {
				u.VoiceMinutes = int64(share * float64(plan.VoiceMinutes.Amount))
			}
			u.SMS = int64(r.IntN(250))
			month := g.monthFirst[i].Month
			if traveller && (month == time.July || month == time.August || month == time.December) && r.chance(0.6) {
				u.RoamingDataMB = int64(200 + r.IntN(3000))
				if p.j == tact.CAQC {
					// Daily roaming passes in the United States: about 14 $ a day.
					u.RoamingSpend.Cents = int64(1400 * (1 + r.IntN(9)))
				} else if r.chance(0.3) {
					// Roaming is free in the EU ("roam like at home"); outside it is not.
					u.RoamingSpend.Cents = int64(500 + r.IntN(5500))
				}
			}
			if thirdParty && r.chance(0.5) {
				u.ThirdPartySpend.Cents = []int64{299, 499, 799, 999, 1499}[r.IntN(5)]
			}
			rec.Usage = append(rec.Usage, u)
		}
	}
}

// dateBefore is tact.Date.Before without formatting both dates: it runs for
// every line and month of a million customers.
func dateBefore(a, b tact.Date) bool {
	if a.Year != b.Year {
		return a.Year < b.Year
	}
	if a.Month != b.Month {
		return a.Month < b.Month
	}
	return a.Day < b.Day
}
