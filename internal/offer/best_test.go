package offer_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// TestBestPlan: the fixture's customer pays €21.67 a month on average on a
// 20 GB plan at €15 (overage in two months of six). The 100 GB plan at €25
// costs more; a 40 GB plan at €17 covers his use for less; a cheaper 10 GB
// plan is below his use; a withdrawn cheaper plan is not on sale.
func TestBestPlan(t *testing.T) {
	s, cat := fixture()
	mid := &catalog.Plan{Code: "FR-40G", Jurisdiction: tact.FR, MonthlyPrice: eur(1700), DataMB: gb(40), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true}
	small := &catalog.Plan{Code: "FR-10G", Jurisdiction: tact.FR, MonthlyPrice: eur(500), DataMB: gb(10), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 1, Active: true}
	gone := &catalog.Plan{Code: "FR-OLD", Jurisdiction: tact.FR, MonthlyPrice: eur(900), DataMB: gb(50), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: false}
	big := cat.Plans["FR-100G"]
	big.Active = true
	s.Plan.Active = true
	b, ok := offer.BestPlan(s, []*catalog.Plan{s.Plan, big, mid, small, gone})
	if !ok || b.Best.Code != "FR-40G" || b.CurrentMonthly.Cents != 13000/6 || b.BestMonthly.Cents != 1700 || b.YearlySaving.Cents != 12*(13000/6-1700) {
		t.Errorf("best %s at %d, current %d, saving %d", b.Best.Code, b.BestMonthly.Cents, b.CurrentMonthly.Cents, b.YearlySaving.Cents)
	}
	// At the same price as his own cost, the higher tier wins.
	twin := *mid
	twin.Code, twin.Tier = "FR-40G-PLUS", 3
	if b, _ := offer.BestPlan(s, []*catalog.Plan{mid, &twin}); b.Best.Code != "FR-40G-PLUS" {
		t.Errorf("a tie goes to the higher tier: %s", b.Best.Code)
	}
	// Nothing cheaper: his own plan, no saving.
	if b, _ := offer.BestPlan(s, []*catalog.Plan{big}); b.Best.Code != s.Plan.Code || b.YearlySaving.Cents != 0 {
		t.Errorf("nothing cheaper: %s, saving %d", b.Best.Code, b.YearlySaving.Cents)
	}
	s.Usage = nil
	if _, ok := offer.BestPlan(s, []*catalog.Plan{mid}); ok {
		t.Error("no usage, yet a best plan")
	}
}
