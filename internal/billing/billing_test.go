package billing_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

var (
	paris, _    = time.LoadLocation("Europe/Paris")
	montreal, _ = time.LoadLocation("America/Toronto")
)

func eur(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.EUR} }
func cad(c int64) tact.Money { return tact.Money{Cents: c, Currency: tact.CAD} }

func day(m time.Month, d int) tact.Date { return tact.Date{Year: 2026, Month: m, Day: d} }

// bill is a French bill of lines, its total their sum.
func bill(lines ...billing.Line) *billing.Bill {
	b := &billing.Bill{CustomerID: "cus_1", LineID: "lin_1", From: day(10, 1), To: day(10, 31), Lines: lines,
		Total: eur(billing.Sum(lines)), DueOn: day(11, 15), Status: billing.Sent}
	if len(lines) > 0 {
		b.Total.Currency = lines[0].Amount.Currency
	}
	return b
}

func planLine(c int64) billing.Line {
	return billing.Line{Kind: billing.Plan, Description: "Forfait 100 Go", Amount: eur(c)}
}

func internetPlus(c int64) billing.Line {
	return billing.Line{Kind: billing.ThirdParty, Description: "Contact+", Amount: eur(c), Date: day(10, 12),
		Provider: &billing.Provider{Name: "Digital Virgo", Service: "Contact+", Complaints: "0 800 00 00 00", ConsentRef: "tp-42"}}
}

func rulesOf(r billing.Review) []billing.RuleID {
	var out []billing.RuleID
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func frRules() billing.Rules { return billing.DefaultPolicy().Review[tact.FR] }

// TestValidate: a draft whose total does not add up is refused, naming both
// figures; third-party lines name their provider.
func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(b *billing.Bill)
		field  string
	}{
		{"valid", func(b *billing.Bill) {}, ""},
		{"no lines (held by the review, not refused)", func(b *billing.Bill) { b.Lines, b.Total.Cents = nil, 0 }, ""},
		{"total one cent off", func(b *billing.Bill) { b.Total.Cents++ }, "total"},
		{"total in dollars", func(b *billing.Bill) { b.Total.Currency = tact.CAD }, "total"},
		{"period backwards", func(b *billing.Bill) { b.To = b.From.AddDays(-1) }, "period_to"},
		{"unknown kind", func(b *billing.Bill) { b.Lines[0].Kind = "gift" }, "lines[0].kind"},
		{"positive credit", func(b *billing.Bill) {
			b.Lines = append(b.Lines, billing.Line{Kind: billing.Credit, Description: "Geste", Amount: eur(100)})
			b.Total.Cents += 100
		}, "lines[2].amount"},
		{"third party without complaints", func(b *billing.Bill) { b.Lines[1].Provider.Complaints = " " }, "lines[1].provider"},
		{"third party without provider", func(b *billing.Bill) { b.Lines[1].Provider = nil }, "lines[1].provider"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bill(planLine(2000), internetPlus(799))
			c.change(b)
			err := b.Validate(tact.EUR)
			if tact.ErrorField(err) != c.field || (c.field == "") != (err == nil) {
				t.Errorf("Validate: %v, want an error on %q", err, c.field)
			}
			if c.name == "total one cent off" && !strings.Contains(tact.ErrorMessage(err), "27.99 EUR, the total says 28.00 EUR") {
				t.Errorf("the refusal names both figures: %v", err)
			}
		})
	}
}

// TestStory1ThirdParty: an "Internet+" charge without consent, or with the
// switch off, is stripped and flagged; with a double opt-in it stays.
func TestStory1ThirdParty(t *testing.T) {
	double := billing.ThirdPartyConsent{Ref: "tp-42", Provider: "Digital Virgo", Service: "Contact+",
		PaymentPageAt: time.Date(2026, 10, 1, 10, 0, 0, 0, paris), ConfirmedAt: time.Date(2026, 10, 1, 10, 2, 0, 0, paris), ConfirmedBy: tact.ChannelSMS}
	single := double
	single.ConfirmedAt = time.Time{}
	late := double
	late.ConfirmedAt = time.Date(2026, 10, 13, 9, 0, 0, 0, paris) // after the charge of 12 October
	withdrawn := double
	w := time.Date(2026, 10, 12, 8, 0, 0, 0, paris) // the morning of the charge
	withdrawn.WithdrawnAt = &w
	other := double
	other.Ref = "tp-7"
	for _, c := range []struct {
		name     string
		on       bool
		consents []billing.ThirdPartyConsent
		want     billing.RuleID
	}{
		{"switch off, even with consent", false, []billing.ThirdPartyConsent{double}, billing.RuleThirdPartySwitchOff},
		{"switch on, no consent", true, nil, billing.RuleThirdPartyNoConsent},
		{"a single opt-in", true, []billing.ThirdPartyConsent{single}, billing.RuleThirdPartyNoConsent},
		{"confirmed after the charge", true, []billing.ThirdPartyConsent{late}, billing.RuleThirdPartyNoConsent},
		{"withdrawn the day of the charge", true, []billing.ThirdPartyConsent{withdrawn}, billing.RuleThirdPartyNoConsent},
		{"another consent", true, []billing.ThirdPartyConsent{other}, billing.RuleThirdPartyNoConsent},
		{"double opt-in before the charge", true, []billing.ThirdPartyConsent{double}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bill(planLine(2000), internetPlus(799))
			r := billing.ReviewBill(b, billing.Facts{Jurisdiction: tact.FR, Location: paris, ThirdPartyBilling: c.on, Consents: c.consents}, frRules())
			if c.want == "" {
				if len(r.Findings) != 0 || len(b.Lines) != 2 || b.Total.Cents != 2799 || r.Status != billing.Validated {
					t.Errorf("kept line: %+v, bill %+v", r, b)
				}
				if p := b.Lines[1].Provider; p == nil || p.Name == "" || p.Complaints == "" {
					t.Errorf("a kept third-party line must name its provider and how to complain: %+v", p)
				}
				return
			}
			if !slices.Equal(rulesOf(r), []billing.RuleID{c.want}) || len(r.Stripped) != 1 || len(b.Lines) != 1 || b.Total.Cents != 2000 {
				t.Errorf("findings %v, stripped %d, bill %+v; want %s and the line off", rulesOf(r), len(r.Stripped), b, c.want)
			}
			if r.Status != billing.Validated || r.Findings[0].Holds || r.Findings[0].Line != 1 {
				t.Errorf("a stripped line flags, it does not hold the bill: %+v", r)
			}
		})
	}
}

// TestStory3: the €149,000 bill on a €20 plan is held; a blank bill cannot
// be issued; a demand for nothing cannot either.
func TestStory3Review(t *testing.T) {
	history := []int64{2000, 2000, 2150, 1999, 2000, 2300}
	b := bill(planLine(2000), billing.Line{Kind: billing.Usage, Description: "Données hors forfait", Amount: eur(14_898_000), Date: day(10, 3)})
	r := billing.ReviewBill(b, billing.Facts{Location: paris, History: history}, frRules())
	if r.Status != billing.OnHold || !slices.Contains(rulesOf(r), billing.RuleSpike) {
		t.Errorf("€149,000 bill: %s %v, want on_hold for bill_spike", r.Status, rulesOf(r))
	}
	blank := bill()
	blank.Total = eur(0)
	r = billing.ReviewBill(blank, billing.Facts{Location: paris}, frRules())
	if r.Status != billing.OnHold || !slices.Equal(rulesOf(r), []billing.RuleID{billing.RuleEmptyBill, billing.RuleNothingDue}) {
		t.Errorf("blank bill: %s %v", r.Status, rulesOf(r))
	}
	credit := bill(planLine(2000), billing.Line{Kind: billing.Credit, Description: "Avoir", Amount: eur(-2000)})
	r = billing.ReviewBill(credit, billing.Facts{Location: paris}, frRules())
	if !slices.Equal(rulesOf(r), []billing.RuleID{billing.RuleNothingDue}) {
		t.Errorf("a zero bill asking for payment: %v", rulesOf(r))
	}
	credit.DueOn = tact.Date{}
	if r := billing.ReviewBill(credit, billing.Facts{Location: paris}, frRules()); r.Status != billing.Validated {
		t.Errorf("a zero bill asking nothing: %s %v", r.Status, rulesOf(r))
	}
}

// TestSpikeBoundaries: held above both 3× the median and the floor; at
// exactly either, not; the median needs three bills.
func TestSpikeBoundaries(t *testing.T) {
	for _, c := range []struct {
		name    string
		history []int64
		total   int64
		held    bool
	}{
		{"exactly 3× the median", []int64{6000, 6000, 6000}, 18000, false},
		{"one cent above 3× the median", []int64{6000, 6000, 6000}, 18001, true},
		{"above 3×, at the floor", []int64{4000, 4000, 4000}, 15000, false},
		{"above 3×, one cent above the floor", []int64{4000, 4000, 4000}, 15001, true},
		{"above the floor, under 3×", []int64{9000, 9000, 9000}, 26000, false},
		{"two bills: no median", []int64{1000, 1000}, 100000, false},
		{"an old spike does not raise the median (the lower middle)", []int64{6000, 90000, 90000, 6000}, 20000, true},
		{"only the last six count", []int64{90000, 90000, 90000, 2000, 2000, 2000, 2000, 2000, 2000}, 16000, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bill(planLine(c.total))
			r := billing.ReviewBill(b, billing.Facts{Location: paris, History: c.history}, frRules())
			if got := slices.Contains(rulesOf(r), billing.RuleSpike); got != c.held {
				t.Errorf("held %v (%v), want %v", got, rulesOf(r), c.held)
			}
		})
	}
}

// doubleOptIn covers internetPlus's charges.
var doubleOptIn = billing.ThirdPartyConsent{Ref: "tp-42", Provider: "Digital Virgo", Service: "Contact+",
	PaymentPageAt: time.Date(2026, 10, 1, 10, 0, 0, 0, paris), ConfirmedAt: time.Date(2026, 10, 1, 10, 2, 0, 0, paris), ConfirmedBy: tact.ChannelSMS}

// consented is a third-party charge of c cents that doubleOptIn covers.
func consented(c int64) billing.Line { return internetPlus(c) }

// TestCaps: out-of-plan roaming beyond €50 (EU) or CA$100, overage beyond
// CA$50, held without consent; third-party spend beyond its €50 cap, held;
// warned from 80%.
func TestCaps(t *testing.T) {
	qc := billing.DefaultPolicy().Review[tact.CAQC]
	roamingEU := func(c int64) billing.Line {
		return billing.Line{Kind: billing.Roaming, Description: "Données à l'étranger", Amount: eur(c), Date: day(10, 5)}
	}
	for _, c := range []struct {
		name    string
		lines   []billing.Line
		rules   billing.Rules
		consent bool
		held    billing.RuleID
		warned  billing.RuleID
	}{
		{"EU roaming €39.99: nothing", []billing.Line{roamingEU(3999)}, frRules(), false, "", ""},
		{"EU roaming €40.00: 80%, warned", []billing.Line{roamingEU(4000)}, frRules(), false, "", billing.RuleRoamingCap},
		{"EU roaming €50.00: at the cap, warned", []billing.Line{roamingEU(5000)}, frRules(), false, "", billing.RuleRoamingCap},
		{"EU roaming €50.01: held", []billing.Line{roamingEU(5001)}, frRules(), false, billing.RuleRoamingCap, ""},
		{"EU roaming €50.01 with consent", []billing.Line{roamingEU(5001)}, frRules(), true, "", billing.RuleRoamingCap},
		{"in-plan roaming does not count", []billing.Line{{Kind: billing.Roaming, Description: "Inclus", Amount: eur(9000), InPlan: true}}, frRules(), false, "", ""},
		{"France: no overage cap", []billing.Line{{Kind: billing.Usage, Description: "Hors forfait", Amount: eur(90000)}}, frRules(), false, "", ""},
		{"Québec overage CA$50.00", []billing.Line{{Kind: billing.Usage, Description: "Hors forfait", Amount: cad(5000)}}, qc, false, "", billing.RuleOverageCap},
		{"Québec overage CA$50.01", []billing.Line{{Kind: billing.Usage, Description: "Hors forfait", Amount: cad(5001)}}, qc, false, billing.RuleOverageCap, ""},
		{"Québec roaming CA$100.01", []billing.Line{{Kind: billing.Roaming, Description: "Itinérance", Amount: cad(10001)}}, qc, false, billing.RuleRoamingCap, ""},
		{"Québec roaming CA$79.99", []billing.Line{{Kind: billing.Roaming, Description: "Itinérance", Amount: cad(7999)}}, qc, false, "", ""},
		{"consented third-party €39.99", []billing.Line{consented(3999)}, frRules(), false, "", ""},
		{"consented third-party €40.00: warned", []billing.Line{consented(4000)}, frRules(), false, "", billing.RuleThirdPartyCap},
		{"consented third-party €50.01: held", []billing.Line{consented(5001)}, frRules(), false, billing.RuleThirdPartyCap, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bill(c.lines...)
			r := billing.ReviewBill(b, billing.Facts{Location: paris, RoamingConsent: c.consent, OverageConsent: c.consent,
				ThirdPartyBilling: true, Consents: []billing.ThirdPartyConsent{doubleOptIn}}, c.rules)
			got := rulesOf(r)
			if (c.held == "") != (r.Status == billing.Validated) || (c.held != "" && !slices.Equal(got, []billing.RuleID{c.held})) {
				t.Errorf("status %s findings %v, want held by %q", r.Status, got, c.held)
			}
			warned := billing.RuleID("")
			if len(r.Warnings) > 0 {
				warned = r.Warnings[0].Rule
			}
			if warned != c.warned {
				t.Errorf("warned %q, want %q", warned, c.warned)
			}
		})
	}
}

// TestAfterContractEnd: a charge dated the last day of the contract stands;
// the day after, the bill is held.
func TestAfterContractEnd(t *testing.T) {
	usage := func(d tact.Date) billing.Line {
		return billing.Line{Kind: billing.Usage, Description: "Appel", Amount: eur(120), Date: d}
	}
	for _, c := range []struct {
		on   tact.Date
		held bool
	}{{day(10, 20), false}, {day(10, 21), true}} {
		r := billing.ReviewBill(bill(planLine(2000), usage(c.on)), billing.Facts{Location: paris, ContractEnd: day(10, 20)}, frRules())
		if got := slices.Contains(rulesOf(r), billing.RuleAfterContractEnd); got != c.held {
			t.Errorf("a charge on %s, contract ended 2026-10-20: held %v, want %v", c.on, got, c.held)
		}
	}
}

func dunningRules(j tact.Jurisdiction) billing.DunningRules {
	return billing.DefaultPolicy().Dunning[j]
}

func reasonsOf(d billing.DunningDecision) []billing.RuleID {
	var out []billing.RuleID
	for _, r := range d.Reasons {
		if r.Text.FR == "" || r.Text.EN == "" {
			panic("a dunning reason without its French or English text: " + string(r.Rule))
		}
		out = append(out, r.Rule)
	}
	return out
}

// TestStory3Dunning: a formal notice for €0.01 while a larger credit note is
// pending is denied with both reasons; a blank bill is not dunned.
func TestStory3Dunning(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, paris)
	reminded := now.Add(-15 * 24 * time.Hour)
	b := bill(planLine(1))
	d := billing.DecideDunning(billing.FormalNotice, billing.DunningFacts{Bill: b, Balance: 1, PendingCredits: 4500, RemindedAt: &reminded, Location: paris},
		dunningRules(tact.FR), now)
	if d.Verdict != billing.Deny || !slices.Equal(reasonsOf(d), []billing.RuleID{billing.RuleDunningCreditPending, billing.RuleDunningMinimum}) {
		t.Errorf("€0.01 with a €45 credit pending: %s %v", d.Verdict, reasonsOf(d))
	}
	blank := bill()
	blank.Total = eur(0)
	d = billing.DecideDunning(billing.Reminder, billing.DunningFacts{Bill: blank, Balance: 2000, Location: paris}, dunningRules(tact.FR), now)
	if d.Verdict != billing.Deny || !slices.Equal(reasonsOf(d), []billing.RuleID{billing.RuleDunningNoBasis}) {
		t.Errorf("blank bill: %s %v", d.Verdict, reasonsOf(d))
	}
}

// TestDunningBoundaries: each rule at its edge.
func TestDunningBoundaries(t *testing.T) {
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, paris) // a Friday
	reminded := now.Add(-10 * 24 * time.Hour)
	for _, c := range []struct {
		name string
		step billing.Step
		f    billing.DunningFacts
		want []billing.RuleID
	}{
		{"€4.99: under the minimum", billing.Reminder, billing.DunningFacts{Balance: 499}, []billing.RuleID{billing.RuleDunningMinimum}},
		{"€5.00: claimed", billing.Reminder, billing.DunningFacts{Balance: 500}, nil},
		{"€30 with €25.01 disputed: €4.99 left", billing.Reminder, billing.DunningFacts{Balance: 3000, Disputed: 2501}, []billing.RuleID{billing.RuleDunningMinimum}},
		{"€30 with €25 disputed: €5 left", billing.Reminder, billing.DunningFacts{Balance: 3000, Disputed: 2500}, nil},
		{"all of it disputed", billing.Reminder, billing.DunningFacts{Balance: 3000, Disputed: 3000}, []billing.RuleID{billing.RuleDunningDisputed}},
		{"credit equal to the balance", billing.Reminder, billing.DunningFacts{Balance: 3000, PendingCredits: 3000}, []billing.RuleID{billing.RuleDunningCreditPending, billing.RuleDunningMinimum}},
		{"credit one cent short: €0.01 left", billing.Reminder, billing.DunningFacts{Balance: 3000, PendingCredits: 2999}, []billing.RuleID{billing.RuleDunningMinimum}},
		{"credit leaving €5", billing.Reminder, billing.DunningFacts{Balance: 3000, PendingCredits: 2500}, nil},
		{"formal notice without a reminder", billing.FormalNotice, billing.DunningFacts{Balance: 3000}, []billing.RuleID{billing.RuleDunningNoReminder}},
		{"formal notice after a reminder", billing.FormalNotice, billing.DunningFacts{Balance: 3000, RemindedAt: &reminded}, nil},
		{"a line after the contract's end", billing.Reminder, billing.DunningFacts{Balance: 3000, ContractEnd: day(10, 14)}, []billing.RuleID{billing.RuleDunningAfterEnd}},
		{"the contract ended on the line's day", billing.Reminder, billing.DunningFacts{Balance: 3000, ContractEnd: day(10, 15)}, nil},
		{"settled: nothing owed", billing.Reminder, billing.DunningFacts{Balance: 0}, []billing.RuleID{billing.RuleDunningMinimum}},
		{"a held bill", billing.Reminder, billing.DunningFacts{Balance: 3000, Bill: &billing.Bill{Status: billing.OnHold}}, []billing.RuleID{billing.RuleDunningNotSent}},
		{"validated, not sent", billing.Reminder, billing.DunningFacts{Balance: 3000, Bill: &billing.Bill{Status: billing.Validated}}, []billing.RuleID{billing.RuleDunningNotSent}},
		{"disputed in part: the rest claimed", billing.Reminder, billing.DunningFacts{Balance: 3000, Disputed: 1000, Bill: &billing.Bill{Status: billing.Disputed}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := bill(planLine(2000), billing.Line{Kind: billing.Usage, Description: "Appel", Amount: eur(1000), Date: day(10, 15)})
			if c.f.Bill != nil {
				b.Status = c.f.Bill.Status
			}
			c.f.Bill = b
			c.f.Location = paris
			d := billing.DecideDunning(c.step, c.f, dunningRules(tact.FR), now)
			if got := reasonsOf(d); !slices.Equal(got, c.want) || (d.Verdict == billing.Allow) != (len(c.want) == 0) {
				t.Errorf("%s %v, want %v", d.Verdict, got, c.want)
			}
		})
	}
}

// TestSuspensionQuebec: a suspension needs more than CA$50 or two months
// overdue, notices 14 days and 24 hours before, and waits for a weekday
// between 08:00 and 21:00.
func TestSuspensionQuebec(t *testing.T) {
	wednesday := time.Date(2026, 11, 18, 10, 0, 0, 0, montreal)
	notices := []time.Time{wednesday.Add(-15 * 24 * time.Hour), wednesday.Add(-25 * time.Hour)}
	qcBill := func(due tact.Date) *billing.Bill {
		b := &billing.Bill{CustomerID: "cus_1", From: day(8, 1), To: day(8, 31), DueOn: due, Status: billing.Sent,
			Lines: []billing.Line{{Kind: billing.Plan, Description: "Forfait", Amount: cad(9000)}}, Total: cad(9000)}
		return b
	}
	for _, c := range []struct {
		name    string
		balance int64
		due     tact.Date
		notices []time.Time
		at      time.Time
		verdict string
		want    []billing.RuleID
	}{
		{"CA$50.00 overdue a month: not enough", 5000, day(10, 18), notices, wednesday, billing.Deny, []billing.RuleID{billing.RuleSuspensionThreshold}},
		{"CA$50.01 overdue a month", 5001, day(10, 18), notices, wednesday, billing.Allow, nil},
		{"CA$20 overdue a day short of two months", 2000, day(9, 19), notices, wednesday, billing.Deny, []billing.RuleID{billing.RuleSuspensionThreshold}},
		{"CA$20 overdue two months", 2000, day(9, 18), notices, wednesday, billing.Allow, nil},
		{"only the 14-day notice", 9000, day(9, 1), notices[:1], wednesday, billing.Deny, []billing.RuleID{billing.RuleSuspensionNotices}},
		{"no 14-day notice", 9000, day(9, 1), notices[1:], wednesday, billing.Deny, []billing.RuleID{billing.RuleSuspensionNotices}},
		{"last notice 23 hours before", 9000, day(9, 1), []time.Time{notices[0], wednesday.Add(-23 * time.Hour)}, wednesday, billing.Deny, []billing.RuleID{billing.RuleSuspensionNotices}},
		{"20:59 on a weekday", 9000, day(9, 1), notices, time.Date(2026, 11, 18, 20, 59, 0, 0, montreal), billing.Allow, nil},
		{"21:00: waits for Thursday 08:00", 9000, day(9, 1), notices, time.Date(2026, 11, 18, 21, 0, 0, 0, montreal), billing.Defer, []billing.RuleID{billing.RuleSuspensionHours}},
		{"Saturday: waits for Monday 08:00", 9000, day(9, 1), notices, time.Date(2026, 11, 21, 12, 0, 0, 0, montreal), billing.Defer, []billing.RuleID{billing.RuleSuspensionHours}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := billing.DecideDunning(billing.Suspension, billing.DunningFacts{Bill: qcBill(c.due), Balance: c.balance, NoticesAt: c.notices, Location: montreal},
				dunningRules(tact.CAQC), c.at)
			if d.Verdict != c.verdict || !slices.Equal(reasonsOf(d), c.want) {
				t.Errorf("%s %v, want %s %v", d.Verdict, reasonsOf(d), c.verdict, c.want)
			}
			if d.Verdict == billing.Defer {
				local := d.NotBefore.In(montreal)
				if local.Hour() != 8 || local.Minute() != 0 || local.Weekday() == time.Saturday || local.Weekday() == time.Sunday {
					t.Errorf("not before %v, want a weekday at 08:00", local)
				}
			}
		})
	}
}

// TestStripKeepsOrder: lines taken off anywhere in a bill leave the others
// in their order, the total their sum.
func TestStripKeepsOrder(t *testing.T) {
	consent := billing.ThirdPartyConsent{Ref: "tp-42", Provider: "Digital Virgo", Service: "Contact+",
		PaymentPageAt: time.Date(2026, 10, 1, 10, 0, 0, 0, paris), ConfirmedAt: time.Date(2026, 10, 1, 10, 2, 0, 0, paris), ConfirmedBy: tact.ChannelEmail}
	uncovered := internetPlus(500)
	uncovered.Provider = &billing.Provider{Name: "Other", Service: "Jeux+", Complaints: "web", ConsentRef: "tp-9"}
	option := billing.Line{Kind: billing.Option, Description: "Option", Amount: eur(300)}
	b := bill(uncovered, planLine(2000), internetPlus(799), option, uncovered)
	r := billing.ReviewBill(b, billing.Facts{Location: paris, ThirdPartyBilling: true, Consents: []billing.ThirdPartyConsent{consent}}, frRules())
	var kinds []billing.Kind
	for _, l := range b.Lines {
		kinds = append(kinds, l.Kind)
	}
	if !slices.Equal(kinds, []billing.Kind{billing.Plan, billing.ThirdParty, billing.Option}) || b.Total.Cents != 3099 || len(r.Stripped) != 2 ||
		r.Findings[0].Line != 0 || r.Findings[1].Line != 4 {
		t.Errorf("kept %v total %d, stripped %d, findings %+v", kinds, b.Total.Cents, len(r.Stripped), r.Findings)
	}
}

// TestCapWarning: the customer's words, vous or tu, French or English.
func TestCapWarning(t *testing.T) {
	vous := wording.Person{GivenName: "Anne", FamilyName: "Roux", Salutation: "madame", Language: tact.LangFrFR}
	tu := vous
	tu.Tu = true
	en := wording.Person{GivenName: "Luc", FamilyName: "Gagnon", Salutation: "monsieur", Language: tact.LangEN}
	for _, c := range []struct {
		p    wording.Person
		rule billing.RuleID
		want []string
		not  string
	}{
		{vous, billing.RuleRoamingCap, []string{"Votre itinérance hors forfait atteint 80 % de son plafond de 50,00 €", "Bonjour Madame Roux", "vous répond", "0 800 940 940"}, " te "},
		{tu, billing.RuleRoamingCap, []string{"Ton itinérance hors forfait", "Bonjour Anne", "te répond"}, " vous "},
		{en, billing.RuleOverageCap, []string{"Your out-of-plan usage has reached 80% of its €50.00 limit", "Hello Mr Gagnon"}, "Bonjour"},
	} {
		subject, text := billing.CapWarning(c.p, c.rule, eur(4000), eur(5000), "Opérateur Démo", "0 800 940 940")
		all := strings.ReplaceAll(subject+"\n"+text, "\u00a0", " ") // French spaces are no-break
		for _, w := range c.want {
			if !strings.Contains(all, w) {
				t.Errorf("%q missing from:\n%s", w, all)
			}
		}
		if strings.Contains(all, c.not) {
			t.Errorf("%q in:\n%s", c.not, all)
		}
	}
}

// TestFinalBillCredits: the last bill of a line refunds every pending credit
// exactly once; a bill before the end, or one ending the day before the
// line's last day, is not final and reads no credits.
func TestFinalBillCredits(t *testing.T) {
	pending := &billing.CreditNote{ID: "crn_1", Amount: eur(4500), Reason: "Internet+", Status: billing.CreditPending}
	applied := &billing.CreditNote{ID: "crn_0", Amount: eur(1000), Reason: "old", Status: billing.CreditApplied}
	refund := func(id string, c int64) billing.Line {
		return billing.Line{Kind: billing.Credit, Description: "Remboursement de l'avoir", Amount: eur(-c), CreditNoteID: id}
	}
	credits := []*billing.CreditNote{pending, applied}
	for _, c := range []struct {
		name  string
		end   tact.Date
		lines []billing.Line
		held  bool
	}{
		{"refunded whole", day(10, 31), []billing.Line{planLine(4501), refund("crn_1", 4500)}, false},
		{"forgotten", day(10, 31), []billing.Line{planLine(4501)}, true},
		{"a cent short", day(10, 31), []billing.Line{planLine(4501), refund("crn_1", 4499)}, true},
		{"twice", day(10, 31), []billing.Line{planLine(9001), refund("crn_1", 2250), refund("crn_1", 2250)}, true},
		{"an applied credit again", day(10, 31), []billing.Line{planLine(5501), refund("crn_1", 4500), refund("crn_0", 1000)}, true},
		{"an unknown credit", day(10, 31), []billing.Line{planLine(5501), refund("crn_1", 4500), refund("crn_9", 1000)}, true},
		{"the line ended within the period", day(10, 20), []billing.Line{planLine(4501)}, true},
		{"the line ends after the period", day(11, 1), []billing.Line{planLine(4501)}, false},
		{"the line runs", tact.Date{}, []billing.Line{planLine(4501)}, false},
	} {
		r := billing.ReviewBill(bill(c.lines...), billing.Facts{Location: paris, ContractEnd: c.end, Credits: credits}, frRules())
		if got := slices.Contains(rulesOf(r), billing.RuleFinalBillCredits); got != c.held || (c.held && r.Status != billing.OnHold) {
			t.Errorf("%s: held %v (%s), want %v: %+v", c.name, got, r.Status, c.held, r.Findings)
		}
	}
	bad := billing.Line{Kind: billing.Plan, Description: "Forfait", Amount: eur(100), CreditNoteID: "crn_1"}
	if err := bill(bad).Validate(tact.EUR); tact.ErrorField(err) != "lines[0].credit_note_id" {
		t.Errorf("a plan line refunding a credit: %v", err)
	}
}
