package contactpolicy_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var (
	paris, _    = time.LoadLocation("Europe/Paris")
	montreal, _ = time.LoadLocation("America/Toronto")
)

const pool = "+33 1 76 00 00 00"

func frCustomer() *customer.Customer {
	return &customer.Customer{ID: "cus_fr", Jurisdiction: tact.FR, TimeZone: "Europe/Paris", Language: tact.LangFrFR,
		Status: customer.Active, FormOfAddress: customer.Vous}
}

func qcCustomer() *customer.Customer {
	return &customer.Customer{ID: "cus_qc", Jurisdiction: tact.CAQC, TimeZone: "America/Toronto", Language: tact.LangFrCA,
		Status: customer.Active, FormOfAddress: customer.Vous}
}

func policy() contactpolicy.Policy {
	p := contactpolicy.Default()
	p.CallerIDs = []string{pool, "+1 514 555 0100"}
	return p
}

// salesCall is a sales call at t from the operator's pool.
func salesCall(t time.Time) contactpolicy.Request {
	return contactpolicy.Request{CustomerID: "cus", Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, At: t,
		Source: "dialer", CallerID: pool}
}

func decide(req contactpolicy.Request, f contactpolicy.Facts) contactpolicy.Decision {
	return contactpolicy.Decide(req, f, policy(), req.At)
}

func rulesOf(d contactpolicy.Decision) []contactpolicy.RuleID {
	var out []contactpolicy.RuleID
	for _, r := range d.Reasons {
		out = append(out, r.Rule)
	}
	return out
}

// want checks a decision's verdict, the rules named, and not_before.
func want(t *testing.T, name string, d contactpolicy.Decision, v contactpolicy.Verdict, notBefore time.Time, rules ...contactpolicy.RuleID) {
	t.Helper()
	if d.Verdict != v {
		t.Errorf("%s: verdict %s (%v), want %s", name, d.Verdict, d.Reasons, v)
		return
	}
	if !slices.Equal(rulesOf(d), rules) {
		t.Errorf("%s: rules %v, want %v", name, rulesOf(d), rules)
	}
	switch {
	case v == contactpolicy.Defer && (d.NotBefore == nil || !d.NotBefore.Equal(notBefore)):
		t.Errorf("%s: not_before %v, want %v", name, d.NotBefore, notBefore.UTC())
	case v == contactpolicy.Defer && d.NotBefore.Location() != time.UTC:
		t.Errorf("%s: not_before %v is not in UTC", name, d.NotBefore)
	case v != contactpolicy.Defer && d.NotBefore != nil:
		t.Errorf("%s: not_before %v on a %s", name, d.NotBefore, v)
	}
	for _, r := range d.Reasons {
		if r.Text.FR == "" || r.Text.EN == "" {
			t.Errorf("%s: rule %s has no text in both languages: %+v", name, r.Rule, r.Text)
		}
	}
}

func at(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

// TestSalesCallHoursFrance: décret 2022-1313 at its edges, public holidays
// and both changes of summer time.
func TestSalesCallHoursFrance(t *testing.T) {
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true}
	const hours = contactpolicy.RuleID("sales_call_hours")
	for _, tc := range []struct {
		name      string
		at        time.Time
		notBefore time.Time // zero: allowed
	}{
		{"Tuesday 09:59", at(paris, 2026, 3, 10, 9, 59), at(paris, 2026, 3, 10, 10, 0)},
		{"Tuesday 10:00", at(paris, 2026, 3, 10, 10, 0), time.Time{}},
		{"Tuesday 12:59", at(paris, 2026, 3, 10, 12, 59), time.Time{}},
		{"Tuesday 13:00", at(paris, 2026, 3, 10, 13, 0), at(paris, 2026, 3, 10, 14, 0)},
		{"Tuesday 13:59", at(paris, 2026, 3, 10, 13, 59), at(paris, 2026, 3, 10, 14, 0)},
		{"Tuesday 14:00", at(paris, 2026, 3, 10, 14, 0), time.Time{}},
		{"Tuesday 19:59", at(paris, 2026, 3, 10, 19, 59), time.Time{}},
		{"Tuesday 20:00", at(paris, 2026, 3, 10, 20, 0), at(paris, 2026, 3, 11, 10, 0)},
		{"Friday 19:59", at(paris, 2026, 3, 13, 19, 59), time.Time{}},
		{"Friday 20:00 → Monday", at(paris, 2026, 3, 13, 20, 0), at(paris, 2026, 3, 16, 10, 0)},
		{"Saturday", at(paris, 2026, 3, 14, 11, 0), at(paris, 2026, 3, 16, 10, 0)},
		{"Friday 20:00 before Whit Monday → Tuesday", at(paris, 2026, 5, 22, 20, 0), at(paris, 2026, 5, 26, 10, 0)},
		{"1 May 2026 (Friday)", at(paris, 2026, 5, 1, 11, 0), at(paris, 2026, 5, 4, 10, 0)},
		{"14 July 2026 (Tuesday)", at(paris, 2026, 7, 14, 11, 0), at(paris, 2026, 7, 15, 10, 0)},
		{"Easter Monday 2026-04-06", at(paris, 2026, 4, 6, 11, 0), at(paris, 2026, 4, 7, 10, 0)},
		{"Ascension Thursday 2026-05-14", at(paris, 2026, 5, 14, 11, 0), at(paris, 2026, 5, 15, 10, 0)},
		{"day before summer time: Friday 20:30 CET → Monday 10:00 CEST", at(paris, 2026, 3, 27, 20, 30), time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC)},
		{"summer time day (Sunday)", at(paris, 2026, 3, 29, 12, 0), time.Date(2026, 3, 30, 8, 0, 0, 0, time.UTC)},
		{"winter time day (Sunday) → Monday 10:00 CET", at(paris, 2026, 10, 25, 12, 0), time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)},
		{"Monday after winter time, 09:59 CET", time.Date(2026, 10, 26, 8, 59, 0, 0, time.UTC), time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)},
	} {
		d := decide(salesCall(tc.at), f)
		if tc.notBefore.IsZero() {
			want(t, tc.name, d, contactpolicy.Allow, time.Time{})
		} else {
			want(t, tc.name, d, contactpolicy.Defer, tc.notBefore, hours)
		}
	}
}

// TestSalesCallHoursQuebec: the CRTC's hours, weekdays and weekends, and
// both changes of daylight time.
func TestSalesCallHoursQuebec(t *testing.T) {
	f := contactpolicy.Facts{Customer: qcCustomer(), HasContract: true}
	const hours = contactpolicy.RuleID("sales_call_hours")
	for _, tc := range []struct {
		name      string
		at        time.Time
		notBefore time.Time
	}{
		{"Wednesday 08:59", at(montreal, 2026, 6, 10, 8, 59), at(montreal, 2026, 6, 10, 9, 0)},
		{"Wednesday 09:00", at(montreal, 2026, 6, 10, 9, 0), time.Time{}},
		{"Wednesday 21:29", at(montreal, 2026, 6, 10, 21, 29), time.Time{}},
		{"Wednesday 21:30", at(montreal, 2026, 6, 10, 21, 30), at(montreal, 2026, 6, 11, 9, 0)},
		{"Saturday 09:59", at(montreal, 2026, 6, 13, 9, 59), at(montreal, 2026, 6, 13, 10, 0)},
		{"Saturday 17:59", at(montreal, 2026, 6, 13, 17, 59), time.Time{}},
		{"Saturday 18:00 → Sunday 10:00", at(montreal, 2026, 6, 13, 18, 0), at(montreal, 2026, 6, 14, 10, 0)},
		{"Sunday 18:00 → Monday 09:00", at(montreal, 2026, 6, 14, 18, 0), at(montreal, 2026, 6, 15, 9, 0)},
		{"Fête nationale is not a calling holiday", at(montreal, 2026, 6, 24, 12, 0), time.Time{}},
		{"daylight time day: Sunday 09:30 EDT → 10:00 EDT", at(montreal, 2026, 3, 8, 9, 30), time.Date(2026, 3, 8, 14, 0, 0, 0, time.UTC)},
		{"standard time day: Sunday 18:00 EST → Monday 09:00 EST", at(montreal, 2026, 11, 1, 18, 0), time.Date(2026, 11, 2, 14, 0, 0, 0, time.UTC)},
		{"standard time day: Sunday 17:59 EST", at(montreal, 2026, 11, 1, 17, 59), time.Time{}},
	} {
		d := decide(salesCall(tc.at), f)
		if tc.notBefore.IsZero() {
			want(t, tc.name, d, contactpolicy.Allow, time.Time{})
		} else {
			want(t, tc.name, d, contactpolicy.Defer, tc.notBefore, hours)
		}
	}
}

func attempt(at time.Time, outcome interaction.Outcome) contactpolicy.Attempt {
	return contactpolicy.Attempt{At: at, Channel: tact.ChannelPhone, Purpose: tact.PurposeSales, Source: "subcontractor", Outcome: outcome}
}

// TestSalesCallCap: the 4th call in 30 days is allowed, the 5th waits until
// the oldest leaves the window; every source counts.
func TestSalesCallCap(t *testing.T) {
	now := at(paris, 2026, 3, 31, 11, 0)
	first := now.Add(-29 * 24 * time.Hour)
	var made []contactpolicy.Attempt
	for i := range 4 {
		made = append(made, attempt(first.Add(time.Duration(i)*72*time.Hour), interaction.NoAnswer))
	}
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true}
	f.Attempts = made[:3]
	want(t, "4th attempt", decide(salesCall(now), f), contactpolicy.Allow, time.Time{})
	f.Attempts = made
	// The oldest, 29 days ago at 11:00, leaves the window at 11:00 tomorrow.
	want(t, "5th attempt", decide(salesCall(now), f), contactpolicy.Defer, first.Add(30*24*time.Hour), "sales_call_cap")
	// An attempt exactly 30 days old no longer counts.
	f.Attempts = append(slices.Clone(made[1:]), attempt(now.Add(-30*24*time.Hour), interaction.NoAnswer))
	want(t, "5th, the oldest 30 days ago", decide(salesCall(now), f), contactpolicy.Allow, time.Time{})
	// Service calls are not counted nor capped.
	f.Attempts = made
	svc := salesCall(now)
	svc.Purpose = tact.PurposeService
	want(t, "service call", decide(svc, f), contactpolicy.Allow, time.Time{})
}

// TestSalesCallRefusal: day 59 after a refusal is held, day 60 is allowed.
func TestSalesCallRefusal(t *testing.T) {
	refused := at(paris, 2026, 2, 9, 11, 0) // day 59 and 60 are a Thursday and a Friday
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true, Attempts: []contactpolicy.Attempt{attempt(refused, interaction.Refused)}}
	day59 := refused.Add(59 * 24 * time.Hour)
	want(t, "day 59", decide(salesCall(day59), f), contactpolicy.Defer, refused.Add(60*24*time.Hour), "sales_call_refusal")
	want(t, "day 60", decide(salesCall(refused.Add(60*24*time.Hour)), f), contactpolicy.Allow, time.Time{})
}

// TestNotBeforeFromFriday1959: the first lawful moment after several
// objections: the customer's quiet hours run past the end of Friday's window,
// so the call waits for Monday 10:00, or Tuesday when Monday is a holiday.
func TestNotBeforeFromFriday1959(t *testing.T) {
	c := frCustomer()
	c.Preferences.QuietHours = []customer.Window{{From: 19*60 + 30, To: 21 * 60}}
	f := contactpolicy.Facts{Customer: c, HasContract: true}
	d := decide(salesCall(at(paris, 2026, 3, 13, 19, 59)), f)
	want(t, "Friday 19:59, quiet from 19:30", d, contactpolicy.Defer, at(paris, 2026, 3, 16, 10, 0), "quiet_hours")
	d = decide(salesCall(at(paris, 2026, 5, 22, 19, 59)), f)
	want(t, "Friday 19:59 before Whit Monday", d, contactpolicy.Defer, at(paris, 2026, 5, 26, 10, 0), "quiet_hours")
}

func TestCallerID(t *testing.T) {
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true}
	now := at(paris, 2026, 3, 10, 11, 0)
	for _, tc := range []struct {
		name, purpose, callerID string
		verdict                 contactpolicy.Verdict
		rules                   []contactpolicy.RuleID
	}{
		{"masked sales call", "sales", "", contactpolicy.Deny, []contactpolicy.RuleID{"caller_id_shown"}},
		{"withheld service call", "service", "withheld", contactpolicy.Deny, []contactpolicy.RuleID{"caller_id_shown"}},
		{"incident call, masked", "incident", "anonymous", contactpolicy.Deny, []contactpolicy.RuleID{"caller_id_shown"}},
		{"a number not the operator's", "sales", "+33 6 12 34 56 78", contactpolicy.Deny, []contactpolicy.RuleID{"caller_id_pool"}},
		{"the pool, as dialled in France", "sales", "01 76 00 00 00", contactpolicy.Allow, nil},
		{"the pool, E.164", "service", "+33176000000", contactpolicy.Allow, nil},
	} {
		req := salesCall(now)
		req.Purpose, req.CallerID = tact.Purpose(tc.purpose), tc.callerID
		want(t, tc.name, decide(req, f), tc.verdict, time.Time{}, tc.rules...)
	}
	email := salesCall(now)
	email.Channel, email.CallerID = tact.ChannelEmail, ""
	want(t, "an email shows no number", decide(email, f), contactpolicy.Allow, time.Time{})
}

func TestDoNotCall(t *testing.T) {
	since := at(paris, 2023, 3, 10, 11, 0)
	fr := frCustomer()
	fr.DoNotCall = &customer.DoNotCall{Since: since, Source: "phone"}
	now := at(paris, 2026, 3, 10, 11, 0)
	want(t, "France, 3 years on", decide(salesCall(now), contactpolicy.Facts{Customer: fr, HasContract: true}), contactpolicy.Deny, time.Time{}, "do_not_call")

	qc := qcCustomer()
	qc.DoNotCall = &customer.DoNotCall{Since: at(montreal, 2023, 6, 10, 11, 0), Source: "phone"}
	f := contactpolicy.Facts{Customer: qc, HasContract: true}
	const kept = 3 * 365 * 24 * time.Hour
	before := qc.DoNotCall.Since.Add(kept - time.Minute)
	want(t, "Québec, a minute before 3 years", decide(salesCall(before), f), contactpolicy.Deny, time.Time{}, "do_not_call")
	want(t, "Québec, 3 years on", decide(salesCall(qc.DoNotCall.Since.Add(kept)), f), contactpolicy.Allow, time.Time{})
	svc := salesCall(before)
	svc.Purpose = tact.PurposeService
	want(t, "a service call", decide(svc, f), contactpolicy.Allow, time.Time{})
}

func consentOf(ch tact.Channel, p tact.Purpose, granted bool, proof string, when time.Time) customer.Consent {
	return customer.Consent{Channel: ch, Purpose: p, Granted: granted, Source: customer.SourceWeb, Proof: proof, At: when}
}

func TestConsentAndProspects(t *testing.T) {
	now := at(paris, 2026, 3, 10, 11, 0)
	email := salesCall(now)
	email.Channel, email.CallerID = tact.ChannelEmail, ""

	c := frCustomer()
	want(t, "email offer to a customer under contract, no record", decide(email, contactpolicy.Facts{Customer: c, HasContract: true}), contactpolicy.Allow, time.Time{})
	want(t, "email offer to a prospect, no consent", decide(email, contactpolicy.Facts{Customer: c}), contactpolicy.Deny, time.Time{}, "consent")
	c.Consents = []customer.Consent{consentOf(tact.ChannelEmail, tact.PurposeSales, false, "", now.Add(-time.Hour))}
	want(t, "email offer after an objection", decide(email, contactpolicy.Facts{Customer: c, HasContract: true}), contactpolicy.Deny, time.Time{}, "consent")

	checked := now.Add(-29 * 24 * time.Hour)
	prospect := contactpolicy.Facts{Customer: frCustomer(), OppositionCheckedAt: &checked}
	want(t, "sales call to a prospect, Bloctel 29 days old", decide(salesCall(now), prospect), contactpolicy.Allow, time.Time{})
	stale := now.Add(-30 * 24 * time.Hour)
	prospect.OppositionCheckedAt = &stale
	want(t, "Bloctel 30 days old", decide(salesCall(now), prospect), contactpolicy.Deny, time.Time{}, "opposition_list")
	prospect.OppositionCheckedAt = nil
	want(t, "never checked", decide(salesCall(now), prospect), contactpolicy.Deny, time.Time{}, "opposition_list")

	// From 11 August 2026 a prospect's consent must be provable.
	aug := at(paris, 2026, 8, 11, 11, 0)
	fresh := aug.Add(-24 * time.Hour)
	prospect.OppositionCheckedAt = &fresh
	want(t, "10 August, no consent needed", decide(salesCall(aug.Add(-24*time.Hour)), prospect), contactpolicy.Allow, time.Time{})
	want(t, "11 August, no consent", decide(salesCall(aug), prospect), contactpolicy.Deny, time.Time{}, "provable_consent")
	prospect.Customer.Consents = []customer.Consent{consentOf(tact.ChannelPhone, tact.PurposeSales, true, "form-2026-0042", fresh)}
	want(t, "11 August, consent with proof", decide(salesCall(aug), prospect), contactpolicy.Allow, time.Time{})
	want(t, "11 August, a customer under contract", decide(salesCall(aug), contactpolicy.Facts{Customer: frCustomer(), HasContract: true}), contactpolicy.Allow, time.Time{})

	// A check that expires before the first lawful moment denies.
	friday := at(paris, 2026, 3, 13, 20, 30)
	almost := friday.Add(-29*24*time.Hour - 12*time.Hour)
	prospect = contactpolicy.Facts{Customer: frCustomer(), OppositionCheckedAt: &almost}
	d := decide(salesCall(friday), prospect)
	if d.Verdict != contactpolicy.Deny || !slices.Contains(rulesOf(d), "opposition_list") {
		t.Errorf("a clearance expiring over the weekend: %+v", d)
	}
}

func TestSuppressions(t *testing.T) {
	now := at(paris, 2026, 3, 10, 11, 0)
	promise := &commitment.Commitment{ID: "com_1", Kind: commitment.SendOffer, Subject: "contract_adaptation", Status: commitment.Pending, Due: now.Add(48 * time.Hour)}
	about := func(subject string) contactpolicy.Request {
		r := salesCall(now)
		r.Subject = subject
		return r
	}
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true, Promises: []*commitment.Commitment{promise}}
	d := decide(about("contract_adaptation"), f)
	want(t, "story 2: a sales call about the promised offer", d, contactpolicy.Deny, time.Time{}, "promise_pending")
	if d.Reasons[0].Ref != "com_1" {
		t.Errorf("the reason names %q, want the promise com_1", d.Reasons[0].Ref)
	}
	want(t, "a sales call naming no subject, with an offer promised", decide(about(""), f), contactpolicy.Deny, time.Time{}, "promise_pending")
	want(t, "a sales call about something else", decide(about("device_upgrade"), f), contactpolicy.Allow, time.Time{})
	promise.Status = commitment.Kept
	want(t, "the promise kept", decide(about("contract_adaptation"), f), contactpolicy.Allow, time.Time{})

	dispute := contactpolicy.Facts{Customer: frCustomer(), HasContract: true, OpenDisputes: 1, PendingCredits: 1}
	want(t, "sales during a dispute", decide(salesCall(now), dispute), contactpolicy.Deny, time.Time{}, "dispute_open")
	dunning := salesCall(now)
	dunning.Purpose, dunning.Channel, dunning.CallerID = tact.PurposeCollection, tact.ChannelLetter, ""
	want(t, "dunning during a dispute and a pending credit", decide(dunning, dispute), contactpolicy.Deny, time.Time{}, "dispute_open", "credit_pending")

	leaving := frCustomer()
	leaving.Status = customer.Cancelling
	want(t, "sales while cancelling", decide(salesCall(now), contactpolicy.Facts{Customer: leaving, HasContract: true}), contactpolicy.Deny, time.Time{}, "cancelling_no_sales")

	pref := frCustomer()
	pref.Preferences.PreferredChannel = tact.ChannelEmail
	svc := salesCall(now)
	svc.Purpose = tact.PurposeService
	want(t, "a call to a customer who prefers email", decide(svc, contactpolicy.Facts{Customer: pref, HasContract: true}), contactpolicy.Deny, time.Time{}, "preferred_channel")
	svc.Purpose = tact.PurposeIncident
	want(t, "an incident call to him", decide(svc, contactpolicy.Facts{Customer: pref, HasContract: true}), contactpolicy.Deny, time.Time{}, "preferred_channel")
	svc.Channel, svc.CallerID = tact.ChannelEmail, ""
	want(t, "an incident email to him", decide(svc, contactpolicy.Facts{Customer: pref, HasContract: true}), contactpolicy.Allow, time.Time{})
	legal := salesCall(now)
	legal.Purpose, legal.Channel, legal.CallerID = tact.PurposeLegal, tact.ChannelLetter, ""
	want(t, "a legal notice by letter", decide(legal, contactpolicy.Facts{Customer: pref, HasContract: true}), contactpolicy.Allow, time.Time{})
}

func former() *customer.Customer {
	c := frCustomer()
	c.Status, c.FormerSince = customer.Former, tact.Date{Year: 2026, Month: 2, Day: 1}
	return c
}

// TestStory5FormerCustomer: no sales, service only about his own open case,
// one exit survey whatever the vendor.
func TestStory5FormerCustomer(t *testing.T) {
	now := at(paris, 2026, 3, 10, 11, 0)
	incident := &cases.Case{ID: "cas_1", Category: cases.Incident, Status: cases.InProgress}
	f := contactpolicy.Facts{Customer: former(), Cases: []*cases.Case{incident}}
	want(t, "a sales call", decide(salesCall(now), f), contactpolicy.Deny, time.Time{}, "opposition_list", "former_customer")
	svc := salesCall(now)
	svc.Purpose = tact.PurposeService
	want(t, "a service call about nothing", decide(svc, f), contactpolicy.Deny, time.Time{}, "former_customer")
	svc.CaseID = "cas_1"
	want(t, "a service call about his open incident", decide(svc, f), contactpolicy.Allow, time.Time{})

	survey := contactpolicy.Request{CustomerID: "cus", Purpose: tact.PurposeSurvey, Channel: tact.ChannelEmail, At: now, Source: "vendor-b", Event: "exit:cus_fr"}
	want(t, "the exit survey", decide(survey, f), contactpolicy.Allow, time.Time{})
	f.Attempts = []contactpolicy.Attempt{{At: now.Add(-24 * time.Hour), Channel: tact.ChannelEmail, Purpose: tact.PurposeSurvey, Source: "vendor-a", Outcome: interaction.Delivered, Subject: "exit:cus_fr"}}
	want(t, "vendor B, same event", decide(survey, f), contactpolicy.Deny, time.Time{}, "survey_once_per_event", "survey_former_once", "survey_cooldown")
	survey.Event = "shop_visit:42"
	want(t, "another survey", decide(survey, f), contactpolicy.Deny, time.Time{}, "survey_former_once", "survey_cooldown")
}

func TestSurveys(t *testing.T) {
	now := at(paris, 2026, 6, 10, 11, 0)
	survey := contactpolicy.Request{CustomerID: "cus", Purpose: tact.PurposeSurvey, Channel: tact.ChannelSMS, At: now, Source: "vendor", Event: "case:cas_9"}
	last := now.Add(-89 * 24 * time.Hour)
	f := contactpolicy.Facts{Customer: frCustomer(), HasContract: true,
		Attempts: []contactpolicy.Attempt{{At: last, Channel: tact.ChannelSMS, Purpose: tact.PurposeSurvey, Source: "vendor", Outcome: interaction.Delivered, Subject: "case:cas_1"}}}
	want(t, "day 89 after a survey", decide(survey, f), contactpolicy.Defer, last.Add(90*24*time.Hour), "survey_cooldown")
	survey.At = last.Add(90 * 24 * time.Hour)
	want(t, "day 90", decide(survey, f), contactpolicy.Allow, time.Time{})
	f.Cases = []*cases.Case{{ID: "cas_2", Category: cases.Complaint, Status: cases.WaitingInternal}}
	want(t, "a complaint open", decide(survey, f), contactpolicy.Deny, time.Time{}, "survey_complaint_open")
	c := frCustomer()
	c.Consents = []customer.Consent{consentOf(tact.ChannelSMS, tact.PurposeSurvey, false, "", now.Add(-time.Hour))}
	f = contactpolicy.Facts{Customer: c, HasContract: true}
	want(t, "surveys refused by SMS", decide(survey, f), contactpolicy.Deny, time.Time{}, "consent")
}

// TestStory4QuietHours: a Québec customer at 19:05 on a weekday: the law
// allows the call, his quiet hours hold it to 09:00.
func TestStory4QuietHours(t *testing.T) {
	c := qcCustomer()
	c.Preferences.QuietHours = []customer.Window{{From: 19 * 60, To: 9 * 60}}
	d := decide(salesCall(at(montreal, 2026, 10, 21, 19, 5)), contactpolicy.Facts{Customer: c, HasContract: true})
	want(t, "Wednesday 19:05", d, contactpolicy.Defer, at(montreal, 2026, 10, 22, 9, 0), "quiet_hours")
	d = decide(salesCall(at(montreal, 2026, 10, 24, 19, 5)), contactpolicy.Facts{Customer: c, HasContract: true})
	// Saturday evening: quiet until 09:00 Sunday, weekend calls from 10:00.
	want(t, "Saturday 19:05", d, contactpolicy.Defer, at(montreal, 2026, 10, 25, 10, 0), "sales_call_hours", "quiet_hours")
}

// TestHoursTextSaysThePolicyInForce: a deferral states the hours of the
// policy in force, as the operator configured them.
func TestHoursTextSaysThePolicyInForce(t *testing.T) {
	p := policy()
	fr := p.Jurisdictions[tact.FR]
	fr.SalesCallHours = contactpolicy.Week{tact.Weekday(time.Tuesday): {{From: 11 * 60, To: 12*60 + 30}}}
	p.Jurisdictions[tact.FR] = fr
	req := salesCall(at(paris, 2026, 3, 10, 10, 0))
	d := contactpolicy.Decide(req, contactpolicy.Facts{Customer: frCustomer(), HasContract: true}, p, req.At)
	if d.Verdict != contactpolicy.Defer || !strings.Contains(d.Reasons[0].Text.FR, "mardi 11 h–12 h 30, jamais un jour férié") ||
		!strings.Contains(d.Reasons[0].Text.EN, "Tuesday 11:00–12:30, never on a public holiday") {
		t.Errorf("the reason does not state the hours in force: %+v", d.Reasons)
	}
}

func TestExplainWalksEveryRule(t *testing.T) {
	req := salesCall(at(paris, 2026, 3, 10, 20, 30))
	steps := contactpolicy.Explain(req, contactpolicy.Facts{Customer: frCustomer(), HasContract: true}, policy(), req.At)
	if len(steps) != len(contactpolicy.RuleIDs()) {
		t.Fatalf("%d steps for %d rules", len(steps), len(contactpolicy.RuleIDs()))
	}
	for i, s := range steps {
		if s.Rule != contactpolicy.RuleIDs()[i] {
			t.Errorf("step %d is %s, want %s", i, s.Rule, contactpolicy.RuleIDs()[i])
		}
		if (s.Rule == "sales_call_hours") != (s.Verdict == contactpolicy.Defer) {
			t.Errorf("step %s: %s", s.Rule, s.Verdict)
		}
	}
}
