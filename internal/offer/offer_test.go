package offer_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func eur(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }

func gb(n int64) catalog.Allowance { return catalog.Allowance{Amount: n * 1000} }

var today = tact.Date{Year: 2026, Month: 11, Day: 22}

// fixture: a French customer on a 20 GB plan, an iPhone, six months of usage.
func fixture() (offer.Subject, offer.Catalog) {
	small := &catalog.Plan{Code: "FR-20G", Name: tact.Text{FR: "20 Go", EN: "20 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(1500),
		DataMB: gb(20), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 2,
		Tariff: catalog.Tariff{DataPerGB: eur(1000), RoamingDataMB: gb(5), RoamingPerGB: eur(700)}}
	big := &catalog.Plan{Code: "FR-100G", Name: tact.Text{FR: "100 Go", EN: "100 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(2500),
		DataMB: gb(100), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3,
		Tariff: catalog.Tariff{DataPerGB: eur(1000), RoamingDataMB: gb(20), RoamingPerGB: eur(700)}}
	tiny := &catalog.Plan{Code: "FR-5G", Name: tact.Text{FR: "5 Go", EN: "5 GB"}, Jurisdiction: tact.FR, MonthlyPrice: eur(800),
		DataMB: gb(5), VoiceMinutes: catalog.Allowance{Amount: 120}, SMS: catalog.Unlimited, Tier: 1,
		Tariff: catalog.Tariff{DataPerGB: eur(1000), VoicePerMinute: eur(30)}}
	cat := offer.Catalog{
		Plans: map[string]*catalog.Plan{small.Code: small, big.Code: big, tiny.Code: tiny},
		Devices: map[string]*catalog.Device{
			"FR-IPHONE-16": {Code: "FR-IPHONE-16", Brand: "Apple", Model: "iPhone 16", OS: tact.IOS, Jurisdiction: tact.FR, Price: eur(96900), Active: true},
			"FR-LG-K62":    {Code: "FR-LG-K62", Brand: "LG", Model: "K62", OS: tact.Android, Jurisdiction: tact.FR, Price: eur(19900), Active: true},
		},
		Options: map[string]*catalog.Option{
			"FR-DATA-10G": {Code: "FR-DATA-10G", Name: tact.Text{FR: "Recharge 10 Go", EN: "10 GB pack"}, Jurisdiction: tact.FR, MonthlyPrice: eur(500), DataMB: 10000, Active: true},
		},
	}
	c := &customer.Customer{ID: "cus_1", Jurisdiction: tact.FR, Status: customer.Active, Language: "fr-FR",
		CustomerSince: tact.Date{Year: 2021, Month: 3, Day: 1}}
	line := &customer.Line{ID: "lin_1", CustomerID: c.ID, PlanCode: small.Code, Status: customer.LineActive}
	var usage []*customer.Usage
	for i, mb := range []int64{18000, 21000, 19500, 20000, 17000, 22500} {
		usage = append(usage, &customer.Usage{LineID: line.ID, CustomerID: c.ID, Month: tact.Month("2026-10").AddMonths(-i), DataMB: mb, VoiceMinutes: 100, SMS: 10})
	}
	dev := &customer.Device{ID: "dev_1", CustomerID: c.ID, Brand: "Apple", Model: "iPhone 13", OS: tact.IOS, AcquiredOn: tact.Date{Year: 2022, Month: 9, Day: 20}}
	return offer.Subject{Customer: c, Line: line, Plan: small, Device: dev, Usage: usage}, cat
}

func planOffer(code string, upgrade bool) *offer.Offer {
	return &offer.Offer{Code: "O-" + code, Kind: offer.PlanChange, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"},
		PlanCode: code, MonthlyPrice: eur(2200), Upgrade: upgrade, ValidUntil: today, Active: true}
}

func assess(t *testing.T, o *offer.Offer, s offer.Subject, cat offer.Catalog) offer.Assessment {
	t.Helper()
	o.Normalize()
	if err := o.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	rule, err := offer.Compile(o.Eligibility)
	if err != nil {
		t.Fatal(err)
	}
	a, err := offer.Assess(o, rule, s, cat, today)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func rules(a offer.Assessment) []offer.RuleID {
	var ids []offer.RuleID
	for _, r := range a.Reasons {
		if r.Text.FR == "" || r.Text.EN == "" {
			panic("a reason without its French or English text: " + string(r.Rule))
		}
		ids = append(ids, r.Rule)
	}
	return ids
}

// TestRelevanceRules: each rule at its boundary, one change from a fitting
// offer.
func TestRelevanceRules(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(o *offer.Offer, s *offer.Subject)
		want   []offer.RuleID
	}{
		{"fits", func(o *offer.Offer, s *offer.Subject) {}, nil},
		{"valid until today: still offered", func(o *offer.Offer, s *offer.Subject) { o.ValidUntil = today }, nil},
		{"valid until yesterday", func(o *offer.Offer, s *offer.Subject) { o.ValidUntil = today.AddDays(-1) }, []offer.RuleID{offer.RuleExpired}},
		{"withdrawn", func(o *offer.Offer, s *offer.Subject) { o.Active = false }, []offer.RuleID{offer.RuleInactive}},
		{"other catalogue", func(o *offer.Offer, s *offer.Subject) { s.Customer.Jurisdiction = tact.CAQC }, []offer.RuleID{offer.RuleJurisdiction}},
		{"cancelling", func(o *offer.Offer, s *offer.Subject) { s.Customer.Status = customer.Cancelling }, []offer.RuleID{offer.RuleCancelling}},
		{"former, no opt-in", func(o *offer.Offer, s *offer.Subject) { s.Customer.Status = customer.Former }, []offer.RuleID{offer.RuleFormer}},
		{"former who opted in", func(o *offer.Offer, s *offer.Subject) {
			s.Customer.Status = customer.Former
			s.Customer.Consents = []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true}}
		}, nil},
		{"his own plan (which he outgrows: both said)", func(o *offer.Offer, s *offer.Subject) { o.PlanCode, o.Upgrade = "FR-20G", false }, []offer.RuleID{offer.RuleAlreadyHeld, offer.RuleBelowUsage}},
		{"upgrade to the same tier", func(o *offer.Offer, s *offer.Subject) { s.Plan.Tier = 3 }, []offer.RuleID{offer.RuleUpgradeNotAbove}},
		{"upgrade one tier above", func(o *offer.Offer, s *offer.Subject) { s.Plan.Tier = 2 }, nil},
		{"a smaller plan he outgrows", func(o *offer.Offer, s *offer.Subject) { o.PlanCode, o.Upgrade = "FR-5G", false }, []offer.RuleID{offer.RuleBelowUsage}},
		{"usage exactly the allowance", func(o *offer.Offer, s *offer.Subject) {
			s.Usage[0].DataMB = 100000
		}, nil},
		{"usage one MB above the allowance", func(o *offer.Offer, s *offer.Subject) {
			s.Usage[3].DataMB = 100001
		}, []offer.RuleID{offer.RuleBelowUsage}},
		{"eligibility admits", func(o *offer.Offer, s *offer.Subject) {
			o.Eligibility = `tenure_months >= 68 && usage.max_data_mb > 20000`
		}, nil},
		{"eligibility refuses (a month short)", func(o *offer.Offer, s *offer.Subject) { o.Eligibility = `tenure_months >= 69` }, []offer.RuleID{offer.RuleEligibility}},
		{"unknown plan", func(o *offer.Offer, s *offer.Subject) { o.PlanCode = "FR-NOPE" }, []offer.RuleID{offer.RuleUnknownItem}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, cat := fixture()
			o := planOffer("FR-100G", true)
			c.change(o, &s)
			if got := rules(assess(t, o, s, cat)); !equal(got, c.want) {
				t.Errorf("rules %v, want %v", got, c.want)
			}
		})
	}
}

func TestDeviceRules(t *testing.T) {
	device := func(code string) *offer.Offer {
		return &offer.Offer{Code: "O-" + code, Kind: offer.DeviceSale, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"},
			DeviceCode: code, Upfront: eur(4900), Instalment: eur(2000), Instalments: 24, ValidUntil: today, Active: true}
	}
	for _, c := range []struct {
		name   string
		offer  *offer.Offer
		change func(s *offer.Subject)
		want   []offer.RuleID
	}{
		{"an iPhone to an iPhone owner", device("FR-IPHONE-16"), func(*offer.Subject) {}, nil},
		{"an LG to an iPhone owner (story 4)", device("FR-LG-K62"), func(*offer.Subject) {}, []offer.RuleID{offer.RulePlatform}},
		{"an LG to an iPhone owner, offer for any platform", func() *offer.Offer { o := device("FR-LG-K62"); o.AnyPlatform = true; return o }(), func(*offer.Subject) {}, nil},
		{"the phone in his hand", device("FR-IPHONE-16"), func(s *offer.Subject) { s.Device.CatalogCode = "FR-IPHONE-16" }, []offer.RuleID{offer.RuleAlreadyHeld}},
		{"the phone in his hand, bought elsewhere", device("FR-IPHONE-16"), func(s *offer.Subject) { s.Device.Model = " iphone 16 " }, []offer.RuleID{offer.RuleAlreadyHeld}},
		{"no known device", device("FR-LG-K62"), func(s *offer.Subject) { s.Device = nil }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, cat := fixture()
			c.change(&s)
			if got := rules(assess(t, c.offer, s, cat)); !equal(got, c.want) {
				t.Errorf("rules %v, want %v", got, c.want)
			}
		})
	}
	s, cat := fixture()
	o := &offer.Offer{Code: "O-PACK", Kind: offer.OptionAdd, Jurisdiction: tact.FR, Name: tact.Text{FR: "x", EN: "x"}, OptionCode: "FR-DATA-10G",
		MonthlyPrice: eur(500), ValidUntil: today, Active: true}
	s.Line.Options = []string{"FR-DATA-10G"}
	if got := rules(assess(t, o, s, cat)); !equal(got, []offer.RuleID{offer.RuleAlreadyHeld}) {
		t.Errorf("an option the line has: %v", got)
	}
}

// TestStory4: the Québec iPhone owner on the largest plan gets neither the
// LG phone nor a "bigger" plan.
func TestStory4(t *testing.T) {
	cad := func(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.CAD} }
	top := &catalog.Plan{Code: "QC-ILLIMITE", Name: tact.Text{FR: "Illimité", EN: "Unlimited"}, Jurisdiction: tact.CAQC, MonthlyPrice: cad(9500),
		DataMB: catalog.Unlimited, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 4}
	mid := &catalog.Plan{Code: "QC-50G", Name: tact.Text{FR: "50 Go", EN: "50 GB"}, Jurisdiction: tact.CAQC, MonthlyPrice: cad(6500),
		DataMB: gb(50), VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 3}
	cat := offer.Catalog{Plans: map[string]*catalog.Plan{top.Code: top, mid.Code: mid},
		Devices: map[string]*catalog.Device{"QC-LG": {Code: "QC-LG", Brand: "LG", Model: "Velvet", OS: tact.Android, Jurisdiction: tact.CAQC, Price: cad(49900)}}}
	s := offer.Subject{Customer: &customer.Customer{ID: "cus_qc", Jurisdiction: tact.CAQC, Status: customer.Active, Language: "fr-CA"},
		Line: &customer.Line{PlanCode: top.Code}, Plan: top, Device: &customer.Device{Brand: "Apple", Model: "iPhone 15", OS: tact.IOS},
		Usage: []*customer.Usage{{Month: "2026-10", DataMB: 61000}}}
	lg := &offer.Offer{Code: "QC-LG-PROMO", Kind: offer.DeviceSale, Jurisdiction: tact.CAQC, Name: tact.Text{FR: "x", EN: "x"}, DeviceCode: "QC-LG",
		Instalment: cad(2000), Instalments: 24, ValidUntil: today, Active: true}
	bigger := &offer.Offer{Code: "QC-BIGGER", Kind: offer.PlanChange, Jurisdiction: tact.CAQC, Name: tact.Text{FR: "x", EN: "x"}, PlanCode: mid.Code,
		MonthlyPrice: cad(6000), Upgrade: true, ValidUntil: today, Active: true}
	if got := rules(assess(t, lg, s, cat)); !equal(got, []offer.RuleID{offer.RulePlatform}) {
		t.Errorf("LG phone to the iPhone owner: %v", got)
	}
	if got := rules(assess(t, bigger, s, cat)); !equal(got, []offer.RuleID{offer.RuleUpgradeNotAbove, offer.RuleBelowUsage}) {
		t.Errorf("a bigger plan to the man on the largest: %v", got)
	}
}

// TestNeverBelowUsage (property): whatever the usage and the plan offered, a
// plan with an allowance below a month's use never fits.
func TestNeverBelowUsage(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for i := range 3000 {
		s, cat := fixture()
		p := &catalog.Plan{Code: "FR-R", Name: tact.Text{FR: "r", EN: "r"}, Jurisdiction: tact.FR, MonthlyPrice: eur(1000), Tier: 9,
			DataMB: catalog.Allowance{Amount: r.Int64N(60000)}, VoiceMinutes: catalog.Allowance{Amount: r.Int64N(400)}, SMS: catalog.Allowance{Amount: r.Int64N(200)}}
		if r.IntN(4) == 0 {
			p.DataMB = catalog.Unlimited
		}
		cat.Plans[p.Code] = p
		exceeded := false
		for _, u := range s.Usage {
			u.DataMB, u.VoiceMinutes, u.SMS = r.Int64N(60000), r.Int64N(400), r.Int64N(200)
			exceeded = exceeded || !p.DataMB.Covers(u.DataMB) || !p.VoiceMinutes.Covers(u.VoiceMinutes) || !p.SMS.Covers(u.SMS)
		}
		a := assess(t, planOffer(p.Code, false), s, cat)
		if exceeded && a.Fits {
			t.Fatalf("case %d: a plan below the customer's use fits: plan %+v, usage %+v", i, p, s.Usage)
		}
		if !exceeded && !a.Fits {
			t.Fatalf("case %d: a plan covering the customer's use does not fit: %v", i, rules(a))
		}
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name, field, detail string
		change              func(o *offer.Offer)
	}{
		{"expression does not parse", "eligibility", "line 1, column", func(o *offer.Offer) { o.Eligibility = "usage.max_data_mb >" }},
		{"unknown name", "eligibility", "line 1, column 1", func(o *offer.Offer) { o.Eligibility = "data_used > 3" }},
		{"not a condition", "eligibility", "", func(o *offer.Offer) { o.Eligibility = "tenure_months + 1" }},
		{"second line", "eligibility", "line 2, column", func(o *offer.Offer) { o.Eligibility = "tenure_months > 1 &&\n plan.tierz > 2" }},
		{"no plan", "plan_code", "", func(o *offer.Offer) { o.PlanCode = "" }},
		{"no validity", "valid_until", "", func(o *offer.Offer) { o.ValidUntil = tact.Date{} }},
		{"25-month commitment", "commitment_months", "EECC", func(o *offer.Offer) { o.CommitmentMonths = 25 }},
		{"price in dollars in France", "monthly_price", "", func(o *offer.Offer) { o.MonthlyPrice = tact.Money{Cents: 100, Currency: tact.CAD} }},
		{"upgrade of a device", "upgrade", "", func(o *offer.Offer) { o.Kind, o.DeviceCode = offer.DeviceSale, "X" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := planOffer("FR-100G", true)
			c.change(o)
			o.Normalize()
			err := o.Validate()
			if tact.ErrorField(err) != c.field || !strings.Contains(err.Error(), c.detail) {
				t.Errorf("got %v (field %q), want field %q with %q", err, tact.ErrorField(err), c.field, c.detail)
			}
		})
	}
	good := planOffer("FR-100G", true)
	good.Normalize()
	if err := good.Validate(); err != nil {
		t.Errorf("a good offer: %v", err)
	}
	o := planOffer("FR-100G", true)
	o.Normalize()
	o.CommitmentMonths = 24
	if err := o.Validate(); err != nil {
		t.Errorf("a 24-month commitment is lawful: %v", err)
	}
}

func equal(a, b []offer.RuleID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
