package offer_test

import (
	"math/rand/v2"
	"testing"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// TestBestIsFitsFirst (property): Best, which costs only the winner in full,
// picks the candidate Fit ranks first, with the same comparison and reason,
// whatever the offers, prices, usage and lines; and the same refusals.
func TestBestIsFitsFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for i := range 2000 {
		s, cat := fixture()
		second := s
		second.Line = &customer.Line{ID: "lin_2", CustomerID: s.Customer.ID, PlanCode: "FR-5G", Status: customer.LineActive}
		second.Plan = cat.Plans["FR-5G"]
		second.Usage = nil
		for m := range 1 + r.IntN(6) {
			second.Usage = append(second.Usage, &customer.Usage{LineID: "lin_2", CustomerID: s.Customer.ID, Month: tact.Month("2026-10").AddMonths(-m),
				DataMB: r.Int64N(30000), VoiceMinutes: r.Int64N(200), SMS: r.Int64N(50), RoamingDataMB: r.Int64N(3000)})
		}
		var offers []*offer.Offer
		for j := range 1 + r.IntN(8) {
			var o *offer.Offer
			switch r.IntN(3) {
			case 0:
				o = planOffer([]string{"FR-100G", "FR-20G", "FR-5G"}[r.IntN(3)], r.IntN(2) == 0)
				o.MonthlyPrice = eur(500 + r.Int64N(3000))
			case 1:
				o = &offer.Offer{Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, OptionCode: "FR-DATA-10G",
					MonthlyPrice: eur(r.Int64N(1000)), ValidUntil: today, Active: true}
			default:
				o = &offer.Offer{Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, DeviceCode: "FR-IPHONE-16",
					Upfront: eur(r.Int64N(10000)), Instalment: eur(r.Int64N(4000)), Instalments: r.IntN(25), ValidUntil: today, Active: true}
			}
			o.Code = "O-" + string(rune('A'+j))
			o.Normalize()
			offers = append(offers, o)
		}
		// Ties on purpose: two offers alike but for their code.
		if r.IntN(3) == 0 {
			twin := *offers[0]
			twin.Code = "O-0"
			offers = append(offers, &twin)
		}
		compiled, err := offer.CompileAll(offers)
		if err != nil {
			t.Fatal(err)
		}
		subjects := []offer.Subject{s, second}
		fits, refusedFit, err := offer.Fit(compiled, subjects, cat, today, offer.RefusalRules)
		if err != nil {
			t.Fatal(err)
		}
		best, refusedBest, err := offer.Best(compiled, subjects, cat, today, offer.RefusalRules)
		if err != nil {
			t.Fatal(err)
		}
		if len(fits) == 0 {
			if best != nil {
				t.Fatalf("case %d: Best found %s where nothing fits", i, best.Offer.Code)
			}
			continue
		}
		want := fits[0]
		if best == nil || best.Offer.Code != want.Offer.Code || best.LineID != want.LineID || best.Comparison.Over24 != want.Comparison.Over24 ||
			best.Reason != want.Reason || len(best.Comparison.Projection) != offer.ProjectionMonths {
			t.Fatalf("case %d: Best %+v, Fit's first %s on %s %+v", i, best, want.Offer.Code, want.LineID, want.Comparison.Over24)
		}
		if len(refusedBest) != len(refusedFit) {
			t.Fatalf("case %d: %d refusals from Best, %d from Fit", i, len(refusedBest), len(refusedFit))
		}
	}
}
