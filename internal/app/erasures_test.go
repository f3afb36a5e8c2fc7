package app_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
	"github.com/tactcrm/tact/internal/timeline"
)

// leaver creates a customer with marketing data of every kind in his record
// and beside it (a device, usage), and legal records (his line, a call), who
// then leaves on since: his line ends and he becomes a former customer.
func (w *world) leaver(j tact.Jurisdiction, given, number, plan, since string) *customer.Customer {
	w.t.Helper()
	asked := w.clock.Now().Add(-time.Hour)
	c, l := w.customer(customer.Update{Jurisdiction: tact.Some(j), GivenName: tact.Some(given), FamilyName: tact.Some("Départ"),
		CustomerSince: tact.Some(date("2019-01-07")),
		Consents: []customer.Consent{
			{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb, Proof: "form-" + given, At: asked},
			{Channel: tact.ChannelPhone, Purpose: tact.PurposeSales, Granted: false, Source: customer.SourcePhone, At: asked},
		},
		Preferences: tact.Some(customer.Preferences{QuietHours: []customer.Window{{From: 19 * 60, To: 9 * 60}},
			PreferredSlots: []customer.Slot{{Days: []tact.Weekday{1}, Window: customer.Window{From: 10 * 60, To: 12 * 60}}}}),
		DoNotCall:           tact.Some(&customer.DoNotCall{Source: "asked on the phone"}),
		OppositionCheckedAt: tact.Some(asked),
	}, number, plan, "", 9000, "2023-01", "2023-05")
	if _, err := w.a.Customers.AddDevice(w.ctx, c.ID, customer.Device{LineID: l.ID, Brand: "Apple", Model: "iPhone 14", OS: tact.IOS}); err != nil {
		w.t.Fatalf("AddDevice: %v", err)
	}
	if _, _, err := w.a.Interactions.Record(w.ctx, interaction.Interaction{CustomerID: c.ID, Channel: tact.ChannelPhone,
		Direction: interaction.Inbound, Purpose: tact.PurposeCancellation, Subject: "leaving", Source: "pbx", Actor: "agent 7",
		CallerID: number, StartedAt: asked, Summary: "Asked to cancel; end date and fees explained.", Outcome: interaction.Completed}); err != nil {
		w.t.Fatalf("Record: %v", err)
	}
	if _, err := w.a.Customers.UpdateLine(w.ctx, l.ID, customer.LineUpdate{StartedOn: tact.Some(date("2019-01-07")),
		Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(since))}, 0); err != nil {
		w.t.Fatalf("UpdateLine: %v", err)
	}
	c, err := w.a.Customers.Update(w.ctx, c.ID, customer.Update{Status: tact.Some(customer.Former), FormerSince: tact.Some(date(since))}, 0)
	if err != nil {
		w.t.Fatalf("leaving: %v", err)
	}
	return c
}

func (w *world) eraseMarketing() app.ErasureResult {
	w.t.Helper()
	res, err := w.a.Erasures.EraseMarketingData(w.ctx)
	if err != nil {
		w.t.Fatalf("EraseMarketingData: %v", err)
	}
	return res
}

// marketing is what of a customer's marketing data is left.
type marketing struct {
	granted, refused, slots, devices, usage int
	opposition, doNotCall, quietHours       bool
	erasedOn                                tact.Date
}

func (w *world) marketingOf(id string) marketing {
	w.t.Helper()
	c, err := w.a.Customers.Get(w.ctx, id)
	if err != nil {
		w.t.Fatalf("Get: %v", err)
	}
	devices, err := w.a.Customers.Devices(w.ctx, id)
	if err != nil {
		w.t.Fatalf("Devices: %v", err)
	}
	use, err := w.a.Customers.Usage(w.ctx, id, "2000-01", "2100-12")
	if err != nil {
		w.t.Fatalf("Usage: %v", err)
	}
	m := marketing{slots: len(c.Preferences.PreferredSlots), devices: len(devices), usage: len(use), opposition: c.OppositionCheckedAt != nil,
		doNotCall: c.DoNotCall != nil, quietHours: len(c.Preferences.QuietHours) > 0, erasedOn: c.MarketingErasedOn}
	for _, k := range c.Consents {
		if k.Granted {
			m.granted++
		} else {
			m.refused++
		}
	}
	return m
}

// legal is what the erasure must keep of a customer: his lines, his calls,
// and his timeline but for its device and erasure events.
type legal struct {
	lines        []*customer.Line
	interactions []*interaction.Interaction
	timeline     []timeline.Entry
}

func (w *world) legalOf(id string) legal {
	w.t.Helper()
	lines, err := w.a.Customers.Lines(w.ctx, id)
	if err != nil {
		w.t.Fatalf("Lines: %v", err)
	}
	calls, _, err := w.a.Interactions.List(w.ctx, interaction.Filter{CustomerID: id, Limit: tact.MaxPageSize}, "")
	if err != nil {
		w.t.Fatalf("Interactions.List: %v", err)
	}
	var kept []timeline.Entry
	for _, e := range w.timeline(id) {
		if e.Kind == timeline.KindEvent && (e.Event.Kind == customer.EventDeviceAdded || e.Event.Kind == customer.EventMarketingErased) {
			continue
		}
		kept = append(kept, e)
	}
	return legal{lines: lines, interactions: calls, timeline: kept}
}

func (w *world) timeline(id string) []timeline.Entry {
	w.t.Helper()
	entries, _, err := w.a.Customers.Timeline(w.ctx, id, "", tact.MaxPageSize)
	if err != nil {
		w.t.Fatalf("Timeline: %v", err)
	}
	return entries
}

// erasureEvents are a customer's marketing_data_erased events.
func (w *world) erasureEvents(id string) []*customer.Event {
	w.t.Helper()
	var out []*customer.Event
	for _, e := range w.timeline(id) {
		if e.Kind == timeline.KindEvent && e.Event.Kind == customer.EventMarketingErased {
			out = append(out, e.Event)
		}
	}
	return out
}

func wantErasure(t *testing.T, what string, res app.ErasureResult, examined, erased, notDue int) {
	t.Helper()
	if res.Examined != examined || res.Erased != erased || res.NotDue != notDue || res.Already != 0 || res.Changed != 0 {
		t.Errorf("%s: %+v, want %d examined, %d erased, %d not due", what, res, examined, erased, notDue)
	}
}

// TestMarketingErasureScenario: three former customers reach the third
// anniversary of their leaving on their own dates. The day before, nothing
// of theirs is touched; on the day, their marketing data goes and their
// legal records and protections stay; a second run does nothing.
func TestMarketingErasureScenario(t *testing.T) {
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		w := newWorld(t, st, time.Date(2023, 6, 10, 9, 0, 0, 0, time.UTC), notice.Leads{})
		anne := w.leaver(tact.FR, "Anne", "06 12 34 56 01", "FR-20G", "2023-06-15")
		bruno := w.leaver(tact.FR, "Bruno", "06 12 34 56 02", "FR-5G", "2023-06-16")
		clara := w.leaver(tact.CAQC, "Clara", "514 555 0101", "QC-10G", "2023-06-16")
		before := marketing{granted: 1, refused: 1, slots: 1, devices: 1, usage: 5, opposition: true, doNotCall: true, quietHours: true}
		legalBefore := map[string]legal{}
		for _, c := range []*customer.Customer{anne, bruno, clara} {
			if got := w.marketingOf(c.ID); got != before {
				t.Fatalf("%s before: %+v, want %+v", c.GivenName, got, before)
			}
			legalBefore[c.ID] = w.legalOf(c.ID)
		}

		// 14 June 2026, the day before Anne's third anniversary: nobody due.
		w.at("2026-06-14T21:00:00Z") // 23:00 in Paris
		wantErasure(t, "14 June", w.eraseMarketing(), 1, 0, 1)
		if got := w.marketingOf(anne.ID); got != before || len(w.erasureEvents(anne.ID)) != 0 {
			t.Errorf("Anne the day before: %+v", got)
		}

		// 15 June 2026, 10:00 in Paris: Anne's third anniversary; Bruno and
		// Clara left a day later.
		w.at("2026-06-15T08:00:00Z")
		res := w.eraseMarketing()
		wantErasure(t, "15 June", res, 3, 1, 2)
		wantData := customer.MarketingErasure{Consents: 1, PreferredSlots: 1, OppositionCheck: 1, Devices: 1, DeviceEvents: 1, Usage: 5}
		if res.Data != wantData {
			t.Errorf("15 June erased %+v, want %+v", res.Data, wantData)
		}
		after := marketing{refused: 1, doNotCall: true, quietHours: true, erasedOn: date("2026-06-15")}
		if got := w.marketingOf(anne.ID); got != after {
			t.Errorf("Anne on the day: %+v, want %+v", got, after)
		}
		for _, c := range []*customer.Customer{bruno, clara} {
			if got := w.marketingOf(c.ID); got != before {
				t.Errorf("%s the day before his anniversary: %+v", c.GivenName, got)
			}
		}
		evs := w.erasureEvents(anne.ID)
		if len(evs) != 1 || evs[0].Detail["devices"] != "1" || evs[0].Detail["usage"] != "5" || evs[0].Detail["consents"] != "1" ||
			evs[0].Actor.Kind != tact.ActorSystem {
			t.Errorf("Anne's erasure events: %+v", evs)
		}

		// 16 June, 04:00 in Paris, still 15 June (22:00) in Montréal:
		// Bruno is due, Clara not yet.
		w.at("2026-06-16T02:00:00Z")
		wantErasure(t, "16 June in Paris", w.eraseMarketing(), 2, 1, 1)
		if got := w.marketingOf(clara.ID); got != before {
			t.Errorf("Clara on 15 June in Montréal: %+v", got)
		}
		// 16 June, 00:30 in Montréal: Clara.
		w.at("2026-06-16T04:30:00Z")
		wantErasure(t, "16 June in Montréal", w.eraseMarketing(), 1, 1, 0)

		for _, c := range []*customer.Customer{anne, bruno, clara} {
			want := after
			want.erasedOn = date("2026-06-16")
			if c.ID == anne.ID {
				want.erasedOn = date("2026-06-15")
			}
			if got := w.marketingOf(c.ID); got != want {
				t.Errorf("%s after: %+v, want %+v", c.GivenName, got, want)
			}
			if got := w.legalOf(c.ID); !equalLegal(got, legalBefore[c.ID]) {
				t.Errorf("%s's legal records changed: %+v, were %+v", c.GivenName, got, legalBefore[c.ID])
			}
		}

		// Again, the same day and a year later: nothing to do.
		wantErasure(t, "again", w.eraseMarketing(), 0, 0, 0)
		w.at("2027-06-16T04:30:00Z")
		wantErasure(t, "a year later", w.eraseMarketing(), 0, 0, 0)
		for _, c := range []*customer.Customer{anne, bruno, clara} {
			if n := len(w.erasureEvents(c.ID)); n != 1 {
				t.Errorf("%s has %d erasure events, want 1", c.GivenName, n)
			}
		}
	})
}

// equalLegal compares legal records by what they say: ids, versions and
// times of lines and calls, and the timeline's entries.
func equalLegal(a, b legal) bool {
	if len(a.lines) != len(b.lines) || len(a.interactions) != len(b.interactions) || len(a.timeline) != len(b.timeline) {
		return false
	}
	for i := range a.lines {
		if x, y := a.lines[i], b.lines[i]; x.ID != y.ID || x.Version != y.Version || x.Number != y.Number || x.Status != y.Status || x.EndedOn != y.EndedOn {
			return false
		}
	}
	for i := range a.interactions {
		if x, y := a.interactions[i], b.interactions[i]; x.ID != y.ID || x.Summary != y.Summary || !x.StartedAt.Equal(y.StartedAt) {
			return false
		}
	}
	for i := range a.timeline {
		if a.timeline[i].ID != b.timeline[i].ID || a.timeline[i].Kind != b.timeline[i].Kind || !a.timeline[i].At.Equal(b.timeline[i].At) {
			return false
		}
	}
	return true
}

// TestMarketingErasurePassesAreBounded: a pass erases at most its bound;
// the next goes on with the rest.
func TestMarketingErasurePassesAreBounded(t *testing.T) {
	w := newWorld(t, testenv.SQLite(t).Stores(), time.Date(2023, 1, 10, 9, 0, 0, 0, time.UTC), notice.Leads{})
	app.SetErasurePass(w.a, 2)
	for i, n := range []string{"01", "02", "03", "04", "05"} {
		w.leaver(tact.FR, "Client"+n, "06 12 34 57 "+n, "FR-5G", "2023-01-1"+string(rune('1'+i)))
	}
	w.at("2027-01-01T12:00:00Z")
	for i, want := range []int{2, 2, 1, 0} {
		if res := w.eraseMarketing(); res.Erased != want || res.Examined != want {
			t.Errorf("pass %d: %+v, want %d erased", i+1, res, want)
		}
	}
}
