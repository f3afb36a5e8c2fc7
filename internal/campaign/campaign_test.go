package campaign_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

var paris, _ = time.LoadLocation("Europe/Paris")

const pool = "+33 1 76 00 00 00"

func eur(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }

// world is a small French operator: two plans, an iPhone and an LG phone,
// offers of each, and customers added by the tests.
type world struct {
	cat    offer.Catalog
	offers []*offer.Offer
	policy contactpolicy.Policy
}

func newWorld() *world {
	small := &catalog.Plan{Code: "FR-20G", Name: tact.Text{FR: "20 Go", EN: "20 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(2500),
		DataMB: catalog.Allowance{Amount: 20000}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2, Active: true,
		Tariff: catalog.Tariff{DataPerGB: eur(1000)}}
	big := &catalog.Plan{Code: "FR-100G", Name: tact.Text{FR: "100 Go", EN: "100 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(2500),
		DataMB: catalog.Allowance{Amount: 100000}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3, Active: true,
		Tariff: catalog.Tariff{DataPerGB: eur(1000)}}
	w := &world{
		cat: offer.Catalog{
			Plans: map[string]*catalog.Plan{small.Code: small, big.Code: big},
			Devices: map[string]*catalog.Device{
				"FR-IPHONE-16": {Code: "FR-IPHONE-16", Brand: "Apple", Model: "iPhone 16", OS: tact.IOS, Jurisdiction: tact.FR, Price: eur(96900), Active: true},
				"FR-LG-K62":    {Code: "FR-LG-K62", Brand: "LG", Model: "K62", OS: tact.Android, Jurisdiction: tact.FR, Price: eur(19900), Active: true},
			},
			Options: map[string]*catalog.Option{},
		},
		policy: contactpolicy.Default(),
	}
	w.policy.CallerIDs = []string{pool}
	until := tact.Date{Year: 2027, Month: 3, Day: 31}
	w.offers = []*offer.Offer{
		{Code: "FR-UP-100G", Kind: offer.PlanChange, Jurisdiction: tact.FR, Name: tact.Text{FR: "Passez à 100 Go", EN: "Move to 100 GB"},
			PlanCode: big.Code, MonthlyPrice: eur(2500), Upgrade: true, ValidUntil: until, Active: true},
		{Code: "FR-LG", Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: tact.Text{FR: "LG K62", EN: "LG K62"},
			DeviceCode: "FR-LG-K62", Upfront: eur(4900), Instalment: eur(1000), Instalments: 15, ValidUntil: until, Active: true},
	}
	for _, o := range w.offers {
		o.Normalize()
		if err := o.Validate(); err != nil {
			panic(err)
		}
	}
	return w
}

// customerOn is an active French customer on plan with a phone of os, six
// months of usage of dataMB, and a mobile number.
func customerOn(n int, plan string, os tact.OS, dataMB int64) campaign.Input {
	c := &customer.Customer{ID: fmt.Sprintf("cus_%04d", n), Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangFrFR,
		Status: customer.Active, FormOfAddress: customer.Vous, Salutation: customer.Madame, GivenName: "Anne", FamilyName: fmt.Sprintf("Martin%d", n),
		CustomerSince: tact.Date{Year: 2020, Month: 1, Day: 1}}
	line := &customer.Line{ID: fmt.Sprintf("lin_%04d", n), CustomerID: c.ID, Number: "+33611223344", PlanCode: plan, Status: customer.LineActive}
	dev := &customer.Device{ID: fmt.Sprintf("dev_%04d", n), CustomerID: c.ID, Brand: "Apple", Model: "iPhone 13", OS: os}
	if os == tact.Android {
		dev.Brand, dev.Model = "Samsung", "A52"
	}
	var usage []*customer.Usage
	for i := range 6 {
		usage = append(usage, &customer.Usage{LineID: line.ID, CustomerID: c.ID, Month: tact.Month("2026-10").AddMonths(-i), DataMB: dataMB, VoiceMinutes: 100, SMS: 10})
	}
	return campaign.Input{Facts: contactpolicy.Facts{Customer: c, HasContract: true,
		Context: &contactpolicy.Context{Lines: []*customer.Line{line}, Devices: []*customer.Device{dev}}}, Usage: usage}
}

func phoneCampaign(offers ...string) *campaign.Campaign {
	c := &campaign.Campaign{Code: "C1", Name: tact.Text{FR: "Campagne", EN: "Campaign"}, Jurisdiction: tact.FR, Offers: offers,
		Channel: tact.ChannelPhone, Source: "dialer", CallerID: pool, CapacityPerDay: 2,
		Starts: tact.Date{Year: 2026, Month: 11, Day: 23}, Ends: tact.Date{Year: 2026, Month: 11, Day: 27}}
	c.Normalize()
	return c
}

// plan considers every input and schedules; it fails the test on error.
func plan(t *testing.T, w *world, c *campaign.Campaign, now time.Time, inputs ...campaign.Input) (*campaign.Plan, map[string]*campaign.Entry) {
	t.Helper()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	p, err := campaign.NewPlanner(c, w.offers, w.cat, w.policy, now)
	if err != nil {
		t.Fatalf("NewPlanner: %v", err)
	}
	var list []campaign.Considered
	for _, in := range inputs {
		x, ok, err := p.Consider(in)
		if err != nil {
			t.Fatalf("Consider: %v", err)
		}
		if ok {
			list = append(list, x)
		}
	}
	summary, entries := p.Schedule(list, len(inputs), len(list))
	byID := map[string]*campaign.Entry{}
	for _, e := range entries {
		byID[e.CustomerID] = e
	}
	return summary, byID
}

// Sunday 22 November 2026, 18:00 in Paris.
var sunday = time.Date(2026, 11, 22, 18, 0, 0, 0, paris)

// TestStory4Targeting: an LG phone is not offered to an iPhone owner, a bigger
// plan not to the customer on the biggest; both are said with their rule.
func TestStory4Targeting(t *testing.T) {
	w := newWorld()
	iphoneOnTop := customerOn(1, "FR-100G", tact.IOS, 30000)
	android := customerOn(2, "FR-20G", tact.Android, 15000)
	_, got := plan(t, w, phoneCampaign("FR-LG"), sunday, iphoneOnTop, android)
	if e := got["cus_0001"]; e == nil || e.Outcome != campaign.NoOffer || !slices.Contains(e.Rules, string(offer.RulePlatform)) {
		t.Errorf("LG campaign, iPhone owner: %+v, want no_offer for device_platform", e)
	}
	if e := got["cus_0002"]; e == nil || e.Outcome != campaign.Target || e.OfferCode != "FR-LG" {
		t.Errorf("LG campaign, Android owner: %+v, want a target", e)
	}

	_, got = plan(t, w, phoneCampaign("FR-UP-100G"), sunday, iphoneOnTop, android)
	if e := got["cus_0001"]; e == nil || e.Outcome != campaign.NoOffer || !slices.Contains(e.Rules, string(offer.RuleUpgradeNotAbove)) {
		t.Errorf("bigger plan campaign, customer on the biggest: %+v, want no_offer for upgrade_not_above", e)
	}
	e := got["cus_0002"]
	if e == nil || e.Outcome != campaign.Target || e.Address == nil || e.Address.FormOfAddress != customer.Vous ||
		!strings.Contains(e.Address.HowTo, "Vouvoyer") || e.Reason.FR == "" {
		t.Errorf("bigger plan campaign, customer on 20 GB: %+v, want a target addressed with vous and a reason", e)
	}
}

// TestTargetExpression: the campaign's audience is the lines its target
// admits; a customer outside it has no entry.
func TestTargetExpression(t *testing.T) {
	w := newWorld()
	c := phoneCampaign("FR-UP-100G")
	c.Target = `usage.avg_data_mb >= 15000`
	sum, got := plan(t, w, c, sunday, customerOn(1, "FR-20G", tact.IOS, 14999), customerOn(2, "FR-20G", tact.IOS, 15000))
	if got["cus_0001"] != nil || got["cus_0002"] == nil || sum.Customers != 2 || sum.Audience != 1 {
		t.Errorf("audience: %v (customers %d, audience %d), want only cus_0002", got, sum.Customers, sum.Audience)
	}
}

// TestScheduleWithinCapacity: five targets, two a day, from Sunday evening:
// Monday and Tuesday hold two each, Wednesday one; a target sent to a later
// day is called at the first lawful moment of that day (10:00, décret
// 2022-1313), never dropped.
func TestScheduleWithinCapacity(t *testing.T) {
	w := newWorld()
	var inputs []campaign.Input
	for i := range 5 {
		inputs = append(inputs, customerOn(i+1, "FR-20G", tact.IOS, 10000+int64(i)*1000))
	}
	sum, got := plan(t, w, phoneCampaign("FR-UP-100G"), sunday, inputs...)
	perDay := map[string]int{}
	for id, e := range got {
		if e.Outcome != campaign.Target || e.Slot == nil {
			t.Fatalf("%s: %+v, want a target with a slot", id, e)
		}
		local := e.Slot.In(paris)
		if local.Hour() != 10 || local.Minute() != 0 {
			t.Errorf("%s: slot %v, want 10:00 Paris", id, local)
		}
		perDay[local.Format(time.DateOnly)]++
	}
	want := map[string]int{"2026-11-23": 2, "2026-11-24": 2, "2026-11-25": 1}
	if fmt.Sprint(perDay) != fmt.Sprint(want) {
		t.Errorf("targets per day %v, want %v", perDay, want)
	}
	if len(sum.Days) != 3 || sum.Counts[campaign.Target] != 5 {
		t.Errorf("summary %+v", sum)
	}
}

// TestScheduleBeyondCapacity: more targets than the period holds are
// unscheduled, counted under campaign_capacity, not dropped; the greatest
// saving goes first.
func TestScheduleBeyondCapacity(t *testing.T) {
	w := newWorld()
	c := phoneCampaign("FR-UP-100G")
	c.CapacityPerDay, c.Ends = 1, c.Starts.AddDays(1) // Monday and Tuesday
	// The more data beyond 20 GB, the more the 100 GB plan saves.
	inputs := []campaign.Input{customerOn(1, "FR-20G", tact.IOS, 21000), customerOn(2, "FR-20G", tact.IOS, 25000), customerOn(3, "FR-20G", tact.IOS, 23000)}
	sum, got := plan(t, w, c, sunday, inputs...)
	if got["cus_0002"].Slot == nil || got["cus_0002"].Slot.In(paris).Day() != 23 {
		t.Errorf("greatest saving: %+v, want Monday", got["cus_0002"])
	}
	if got["cus_0003"].Slot == nil || got["cus_0003"].Slot.In(paris).Day() != 24 {
		t.Errorf("second saving: %+v, want Tuesday", got["cus_0003"])
	}
	if e := got["cus_0001"]; e.Outcome != campaign.Unscheduled || !slices.Equal(e.Rules, []string{campaign.RuleCapacity}) {
		t.Errorf("third: %+v, want unscheduled for campaign_capacity", e)
	}
	if sum.Counts[campaign.Unscheduled] != 1 || sum.Suppressed[campaign.RuleCapacity] != 1 {
		t.Errorf("summary %+v", sum)
	}
}

// TestScheduleWeekend: a French sales call moved past Friday lands on Monday
// 10:00, the next lawful moment, not on the weekend.
func TestScheduleWeekend(t *testing.T) {
	w := newWorld()
	c := phoneCampaign("FR-UP-100G")
	c.CapacityPerDay = 1
	c.Starts, c.Ends = tact.Date{Year: 2026, Month: 11, Day: 27}, tact.Date{Year: 2026, Month: 12, Day: 4} // Friday to Friday
	_, got := plan(t, w, c, sunday, customerOn(1, "FR-20G", tact.IOS, 25000), customerOn(2, "FR-20G", tact.IOS, 21000))
	if s := got["cus_0002"].Slot; s == nil || s.In(paris).Format("Mon 2006-01-02 15:04") != "Mon 2026-11-30 10:00" {
		t.Errorf("second target: slot %v, want Monday 30 November 10:00", s)
	}
}

// TestSuppressionAndPeriod: a customer on the do-not-call list is suppressed
// with its rule; a campaign whose days have no lawful moment leaves its
// targets unscheduled for campaign_period.
func TestSuppressionAndPeriod(t *testing.T) {
	w := newWorld()
	dnc := customerOn(1, "FR-20G", tact.IOS, 25000)
	dnc.Facts.Customer.DoNotCall = &customer.DoNotCall{Since: sunday.Add(-time.Hour), Source: "customer"}
	sum, got := plan(t, w, phoneCampaign("FR-UP-100G"), sunday, dnc)
	if e := got["cus_0001"]; e.Outcome != campaign.Suppressed || !slices.Contains(e.Rules, "do_not_call") || len(e.Reasons) == 0 {
		t.Errorf("do-not-call: %+v", e)
	}
	if sum.Suppressed["do_not_call"] != 1 {
		t.Errorf("summary %+v", sum)
	}

	c := phoneCampaign("FR-UP-100G")
	c.Starts, c.Ends = tact.Date{Year: 2026, Month: 11, Day: 28}, tact.Date{Year: 2026, Month: 11, Day: 29} // a weekend
	_, got = plan(t, w, c, sunday, customerOn(2, "FR-20G", tact.IOS, 25000))
	if e := got["cus_0002"]; e.Outcome != campaign.Unscheduled || !slices.Equal(e.Rules, []string{campaign.RulePeriod}) {
		t.Errorf("weekend-only sales calls: %+v, want unscheduled for campaign_period", e)
	}
}

// TestControlGroup: the control group is the same at every planning, about
// the percentage asked, and none at 0%.
func TestControlGroup(t *testing.T) {
	w := newWorld()
	var inputs []campaign.Input
	for i := range 400 {
		inputs = append(inputs, customerOn(i+1, "FR-20G", tact.IOS, 25000))
	}
	c := phoneCampaign("FR-UP-100G")
	c.ControlPercent, c.CapacityPerDay = 20, 1000
	sum, first := plan(t, w, c, sunday, inputs...)
	_, again := plan(t, w, c, sunday, inputs...)
	for id, e := range first {
		if again[id].Outcome != e.Outcome {
			t.Fatalf("%s: %s then %s", id, e.Outcome, again[id].Outcome)
		}
	}
	if n := sum.Counts[campaign.Control]; n < 55 || n > 105 { // 20% of 400 = 80; ±3σ
		t.Errorf("control group of %d out of 400 at 20%%", n)
	}
	if sum.Counts[campaign.Control]+sum.Counts[campaign.Target] != 400 {
		t.Errorf("counts %v", sum.Counts)
	}
	c.ControlPercent = 0
	if sum, _ := plan(t, w, c, sunday, inputs...); sum.Counts[campaign.Control] != 0 {
		t.Errorf("control at 0%%: %d", sum.Counts[campaign.Control])
	}
}

// TestValidate: each field at its limit.
func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *campaign.Campaign)
		field  string
	}{
		{"valid", func(c *campaign.Campaign) {}, ""},
		{"no code", func(c *campaign.Campaign) { c.Code = "" }, "code"},
		{"code with a space", func(c *campaign.Campaign) { c.Code = "A B" }, "code"},
		{"no English name", func(c *campaign.Campaign) { c.Name.EN = "" }, "name"},
		{"no offers", func(c *campaign.Campaign) { c.Offers = nil }, "offers"},
		{"an offer twice", func(c *campaign.Campaign) { c.Offers = []string{"A", "A"} }, "offers"},
		{"inbound channel", func(c *campaign.Campaign) { c.Channel = tact.ChannelShop }, "channel"},
		{"phone without caller id", func(c *campaign.Campaign) { c.CallerID = "" }, "caller_id"},
		{"email without caller id", func(c *campaign.Campaign) { c.CallerID, c.Channel = "", tact.ChannelEmail }, ""},
		{"no source", func(c *campaign.Campaign) { c.Source = "" }, "source"},
		{"capacity 0", func(c *campaign.Campaign) { c.CapacityPerDay = 0 }, "capacity_per_day"},
		{"ends before it starts", func(c *campaign.Campaign) { c.Ends = c.Starts.AddDays(-1) }, "ends"},
		{"one day", func(c *campaign.Campaign) { c.Ends = c.Starts }, ""},
		{"366 days", func(c *campaign.Campaign) { c.Ends = c.Starts.AddDays(campaign.MaxDays) }, ""},
		{"367 days", func(c *campaign.Campaign) { c.Ends = c.Starts.AddDays(campaign.MaxDays + 1) }, "ends"},
		{"control 50%", func(c *campaign.Campaign) { c.ControlPercent = 50 }, ""},
		{"control 51%", func(c *campaign.Campaign) { c.ControlPercent = 51 }, "control_percent"},
		{"target that compiles", func(c *campaign.Campaign) { c.Target = `platform == "ios"` }, ""},
		{"target that does not", func(c *campaign.Campaign) { c.Target = "platform ==" }, "target"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := phoneCampaign("FR-UP-100G")
			tc.change(c)
			err := c.Validate()
			if tact.ErrorField(err) != tc.field || (tc.field == "") != (err == nil) {
				t.Errorf("Validate: %v, want an error on %q", err, tc.field)
			}
		})
	}
}

// TestTargetErrorPosition: an expression that does not compile is refused
// with its line and column.
func TestTargetErrorPosition(t *testing.T) {
	c := phoneCampaign("FR-UP-100G")
	c.Target = "platform == \"ios\" &&\n  usage.nope > 1"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "line 2, column") {
		t.Errorf("Validate: %v, want the line and column", err)
	}
}

// TestPlannerOffers: a campaign naming an offer that does not exist, or one of
// another jurisdiction, is refused naming it.
func TestPlannerOffers(t *testing.T) {
	w := newWorld()
	if _, err := campaign.NewPlanner(phoneCampaign("NOPE"), w.offers, w.cat, w.policy, sunday); err == nil || !strings.Contains(err.Error(), "NOPE") {
		t.Errorf("missing offer: %v", err)
	}
	c := phoneCampaign("FR-LG")
	c.Jurisdiction = tact.CAQC
	if _, err := campaign.NewPlanner(c, w.offers, w.cat, w.policy, sunday); err == nil || !strings.Contains(err.Error(), "FR-LG") {
		t.Errorf("offer of another jurisdiction: %v", err)
	}
}
