package lifecycle_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// TestMarketingErasureDue: the third anniversary of the end is the first day
// due, the day before is not; only a former customer is ever due, and once
// per ending.
func TestMarketingErasureDue(t *testing.T) {
	former := func(since tact.Date) *customer.Customer {
		return &customer.Customer{Status: customer.Former, CustomerSince: d(2018, 1, 1), FormerSince: since}
	}
	erasedOn := func(c *customer.Customer, on tact.Date) *customer.Customer {
		c.MarketingErasedOn = on
		return c
	}
	for _, c := range []struct {
		name  string
		c     *customer.Customer
		today tact.Date
		want  bool
	}{
		{"the day before the third anniversary", former(d(2023, 6, 15)), d(2026, 6, 14), false},
		{"the third anniversary", former(d(2023, 6, 15)), d(2026, 6, 15), true},
		{"long after", former(d(2020, 1, 1)), d(2026, 6, 15), true},
		{"left on 29 February: the day before 28 February", former(d(2024, 2, 29)), d(2027, 2, 27), false},
		{"left on 29 February: 28 February of the common year", former(d(2024, 2, 29)), d(2027, 2, 28), true},
		{"left on 28 February, three years on", former(d(2025, 2, 28)), d(2028, 2, 28), true},
		{"left on 28 February, the day before", former(d(2025, 2, 28)), d(2028, 2, 27), false},
		{"active", &customer.Customer{Status: customer.Active, FormerSince: d(2020, 1, 1)}, d(2026, 6, 15), false},
		{"cancelling", &customer.Customer{Status: customer.Cancelling, CancellingSince: d(2020, 1, 1)}, d(2026, 6, 15), false},
		{"former with no end date", former(tact.Date{}), d(2026, 6, 15), false},
		{"already erased", erasedOn(former(d(2020, 1, 1)), d(2023, 1, 1)), d(2026, 6, 15), false},
		{"erased on the anniversary itself", erasedOn(former(d(2023, 6, 15)), d(2026, 6, 15)), d(2026, 6, 16), false},
		{"came back after the erasure and left again: not three years yet", erasedOn(former(d(2025, 9, 1)), d(2023, 1, 1)), d(2026, 6, 15), false},
		{"came back after the erasure and left again: three years on", erasedOn(former(d(2025, 9, 1)), d(2023, 1, 1)), d(2028, 9, 1), true},
	} {
		if got := lifecycle.MarketingErasureDue(c.c, c.today); got != c.want {
			t.Errorf("%s (left %v, today %v): due %v, want %v", c.name, c.c.FormerSince, c.today, got, c.want)
		}
	}
}

// TestMarketingErasureCutoff: the cutoff is the latest end due on the day:
// due on the day itself, the next day's end not yet, around 29 February too.
func TestMarketingErasureCutoff(t *testing.T) {
	for _, c := range []struct{ today, want tact.Date }{
		{d(2026, 6, 15), d(2023, 6, 15)},
		{d(2027, 2, 28), d(2024, 2, 29)},
		{d(2027, 3, 1), d(2024, 3, 1)},
		{d(2028, 2, 28), d(2025, 2, 28)},
		{d(2028, 2, 29), d(2025, 2, 28)},
		{d(2028, 3, 1), d(2025, 3, 1)},
	} {
		got := lifecycle.MarketingErasureCutoff(c.today)
		if got != c.want {
			t.Errorf("cutoff on %v: %v, want %v", c.today, got, c.want)
		}
		if !lifecycle.MarketingErasureDay(got).Before(c.today.AddDays(1)) || !c.today.Before(lifecycle.MarketingErasureDay(got.AddDays(1))) {
			t.Errorf("cutoff on %v: %v is not the latest end due", c.today, got)
		}
	}
}

// TestEraseMarketingData: the grants to solicit go, the refusals stay; the
// preferred slots and the opposition-list check go, quiet hours, preferred
// channel and do-not-call stay; the record is marked with the day.
func TestEraseMarketingData(t *testing.T) {
	at := time.Date(2022, 5, 1, 10, 0, 0, 0, time.UTC)
	checked := at.Add(24 * time.Hour)
	dnc := &customer.DoNotCall{Since: at, Source: "asked on the phone"}
	c := &customer.Customer{Status: customer.Former, FormerSince: d(2023, 6, 15), ThirdPartyBilling: true,
		Consents: []customer.Consent{
			{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb, Proof: "form-1", At: at},
			{Channel: tact.ChannelPhone, Purpose: tact.PurposeSales, Granted: false, Source: customer.SourcePhone, At: at},
			{Channel: tact.ChannelSMS, Purpose: tact.PurposeSurvey, Granted: true, Source: customer.SourceApp, Proof: "app-7", At: at},
			{Channel: tact.ChannelLetter, Purpose: tact.PurposeSurvey, Granted: false, Source: customer.SourcePaper, At: at},
		},
		Preferences: customer.Preferences{
			QuietHours:       []customer.Window{{From: 19 * 60, To: 9 * 60}},
			PreferredSlots:   []customer.Slot{{Days: []tact.Weekday{1}, Window: customer.Window{From: 600, To: 720}}, {Days: []tact.Weekday{3}, Window: customer.Window{From: 600, To: 720}}},
			PreferredChannel: tact.ChannelEmail,
		},
		DoNotCall: dnc, OppositionCheckedAt: &checked}
	got := lifecycle.EraseMarketingData(c, d(2026, 6, 15))
	want := customer.MarketingErasure{Consents: 2, PreferredSlots: 2, OppositionCheck: 1}
	if got != want {
		t.Errorf("erased %+v, want %+v", got, want)
	}
	if len(c.Consents) != 2 || c.Consents[0].Granted || c.Consents[1].Granted {
		t.Errorf("consents kept: %+v, want the two refusals", c.Consents)
	}
	if len(c.Preferences.PreferredSlots) != 0 || len(c.Preferences.QuietHours) != 1 || c.Preferences.PreferredChannel != tact.ChannelEmail {
		t.Errorf("preferences after: %+v", c.Preferences)
	}
	if c.OppositionCheckedAt != nil || c.DoNotCall != dnc || !c.ThirdPartyBilling {
		t.Errorf("opposition check %v, do-not-call %v, third-party billing %v", c.OppositionCheckedAt, c.DoNotCall, c.ThirdPartyBilling)
	}
	if c.MarketingErasedOn != d(2026, 6, 15) || !c.MarketingErased() || lifecycle.MarketingErasureDue(c, d(2030, 1, 1)) {
		t.Errorf("marked erased on %v; erased %v", c.MarketingErasedOn, c.MarketingErased())
	}
	// Nothing left to take: zero counts, still marked.
	c.MarketingErasedOn = tact.Date{}
	if again := lifecycle.EraseMarketingData(c, d(2026, 6, 16)); again != (customer.MarketingErasure{}) {
		t.Errorf("a second erasure took %+v", again)
	}
}
