package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/tact"
)

var campaignTests = []contractTest{
	{"Campaigns", testCampaigns},
	{"CampaignPlans", testCampaignPlans},
}

func newCampaign(code string) *campaign.Campaign {
	c := &campaign.Campaign{Code: code, Name: tact.Text{FR: "Campagne « " + code + " »", EN: "Campaign " + code}, Jurisdiction: tact.FR,
		Offers: []string{"FR-UP"}, Target: `platform == "ios"`, Channel: tact.ChannelPhone, Source: "dialer", CallerID: "+33 1 76 00 00 00",
		CapacityPerDay: 500, Starts: date(2026, time.December, 1), Ends: date(2026, time.December, 31), ControlPercent: 10,
		CreatedAt: epoch.UTC()}
	c.Normalize()
	return c
}

func testCampaigns(t *testing.T, f *fixture) {
	b, a := newCampaign("B-NOEL"), newCampaign("A-RENTREE")
	must(t, "CreateCampaign", f.st.Campaigns.CreateCampaign(f.ctx, b))
	must(t, "CreateCampaign", f.st.Campaigns.CreateCampaign(f.ctx, a))
	wantCode(t, "a campaign's code taken", f.st.Campaigns.CreateCampaign(f.ctx, newCampaign("B-NOEL")), tact.CodeConflict, "code")

	got, err := f.st.Campaigns.FindCampaign(f.ctx, "B-NOEL")
	must(t, "FindCampaign", err)
	diff(t, "campaign read back", b, got)
	_, err = f.st.Campaigns.FindCampaign(f.ctx, "NOPE")
	wantCode(t, "a missing campaign", err, tact.CodeNotFound, "")
	list, err := f.st.Campaigns.FindCampaigns(f.ctx)
	must(t, "FindCampaigns", err)
	diff(t, "campaigns by code", []*campaign.Campaign{a, b}, list)
}

func testCampaignPlans(t *testing.T, f *fixture) {
	c := newCampaign("NOEL")
	must(t, "CreateCampaign", f.st.Campaigns.CreateCampaign(f.ctx, c))
	_, err := f.st.Campaigns.FindPlan(f.ctx, c.Code)
	wantCode(t, "a campaign never planned", err, tact.CodeNotFound, "")

	slot := epoch.Add(26 * time.Hour).UTC()
	var entries []*campaign.Entry
	for i := range 250 { // more than one bulk statement
		e := &campaign.Entry{CustomerID: fmt.Sprintf("cus_%04d", i), Outcome: campaign.Target, OfferCode: "FR-UP", LineID: "lin_1",
			Slot: &slot, Reason: tact.Text{FR: "Vous économisez 24 €.", EN: "You save €24."}, Saving: tact.Money{Cents: 2400, Currency: tact.EUR}}
		if i%5 == 0 {
			e = &campaign.Entry{CustomerID: e.CustomerID, Outcome: campaign.Suppressed, Rules: []string{"do_not_call"}}
		}
		entries = append(entries, e)
	}
	plan := &campaign.Plan{Campaign: c.Code, PlannedAt: epoch.UTC(), Customers: 300, Audience: 250,
		Counts: map[campaign.Outcome]int{campaign.Target: 200, campaign.Suppressed: 50}, NoOffer: map[string]int{},
		Suppressed: map[string]int{"do_not_call": 50}, Days: []campaign.Day{{Date: date(2026, time.December, 1), Targets: 200}}}
	must(t, "SavePlan", f.st.Campaigns.SavePlan(f.ctx, plan, entries))
	got, err := f.st.Campaigns.FindPlan(f.ctx, c.Code)
	must(t, "FindPlan", err)
	diff(t, "plan read back", plan, got)

	// Pages of one outcome, by customer id.
	page, err := f.st.Campaigns.FindEntries(f.ctx, c.Code, campaign.Suppressed, "", 20)
	must(t, "FindEntries", err)
	if len(page) != 20 || page[0].CustomerID != "cus_0000" || page[1].CustomerID != "cus_0005" {
		t.Fatalf("first page of suppressed: %d entries from %v", len(page), page[0])
	}
	next, err := f.st.Campaigns.FindEntries(f.ctx, c.Code, campaign.Suppressed, page[19].CustomerID, 100)
	must(t, "FindEntries", err)
	if len(next) != 30 || next[0].CustomerID != "cus_0100" {
		t.Errorf("second page of suppressed: %d entries", len(next))
	}
	all, err := f.st.Campaigns.FindEntries(f.ctx, c.Code, "", "", 1000)
	must(t, "FindEntries", err)
	diff(t, "every entry", entries, all)

	// A new plan replaces the old one whole.
	plan.PlannedAt = epoch.Add(time.Hour).UTC()
	must(t, "SavePlan again", f.st.Campaigns.SavePlan(f.ctx, plan, entries[:3]))
	all, err = f.st.Campaigns.FindEntries(f.ctx, c.Code, "", "", 1000)
	must(t, "FindEntries", err)
	diff(t, "entries after planning again", entries[:3], all)

	wantCode(t, "the plan of a missing campaign", f.st.Campaigns.SavePlan(f.ctx, &campaign.Plan{Campaign: "NOPE"}, entries[:1]), tact.CodeNotFound, "")
}
