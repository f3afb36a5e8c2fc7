// Package storetest is the contract every storage engine of tact meets: one
// suite, run against SQLite and PostgreSQL, that exercises each method of each
// Store interface against its documented behaviour (errors and their codes,
// ordering, pagination, idempotency, optimistic versions, all-or-nothing
// imports). An engine passes it or it is not an engine.
//
// Records are built through the domain (customer.Create, LineUpdate.Apply,
// Normalize, Validate), as the services build them, so the stores see what they
// see in production. Times come from a manual clock and ids from a seeded
// generator, with microseconds in every time so that an engine keeping less
// precision fails.
package storetest

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// Run runs the contract suite. open must return the stores of a fresh, empty,
// migrated database for the test it is given (and clean it up when that test
// ends); every subtest opens its own, so subtests run in parallel. That also
// puts the domain code the stores call (name keys, validation) under -race.
func Run(t *testing.T, open func(t *testing.T) app.Stores) {
	groups := []struct {
		name  string
		tests []contractTest
	}{
		{"customers", customerTests},
		{"lines", lineTests},
		{"interactions", interactionTests},
		{"imports", importTests},
		{"timeline", timelineTests},
		{"cases", caseTests},
		{"commitments", commitmentTests},
		{"deliveries", deliveryTests},
		{"decisions", decisionTests},
		{"facts", factsTests},
		{"catalog", catalogTests},
		{"offers", offerTests},
		{"campaigns", campaignTests},
		{"bills", billTests},
		{"consents", consentTests},
		{"access", accessTests},
		{"sessions", sessionTests},
		{"space", spaceTests},
		{"purge", purgeTests},
		{"attempts", attemptTests},
		{"notices", noticeTests},
		{"cancellations", cancellationTests},
		{"erasure", erasureTests},
		{"quality", qualityTests},
		{"meta", metaTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					tc.run(t, newFixture(t, open(t)))
				})
			}
		})
	}
}

// contractTest is one subtest of the suite.
type contractTest struct {
	name string
	run  func(t *testing.T, f *fixture)
}

// epoch is where every fixture's clock starts: a Monday morning in Paris, with
// microseconds, so that a store that drops them is caught.
var epoch = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

// fixture holds what a subtest builds its records with.
type fixture struct {
	st    app.Stores
	ctx   context.Context
	clock *tact.ManualClock
	ids   *tact.IDGen
	actor tact.Actor
}

func newFixture(t *testing.T, st app.Stores) *fixture {
	clock := tact.NewManualClock(epoch)
	return &fixture{
		st:    st,
		ctx:   t.Context(),
		clock: clock,
		ids:   tact.NewIDGen(clock, rand.NewChaCha8([32]byte{'t', 'a', 'c', 't'})),
		actor: tact.Actor{Kind: tact.ActorUser, ID: "usr_01JADVISOR000000000000000", Name: "Marie Dubois"},
	}
}

func (f *fixture) now() time.Time { return f.clock.Now() }

// tick moves the clock on by a little more than a second, keeping the
// microseconds moving too.
func (f *fixture) tick() { f.clock.Advance(time.Second + 1001*time.Microsecond) }

// person is the update that creates a customer of jurisdiction j named so.
func person(j tact.Jurisdiction, given, family string) customer.Update {
	return customer.Update{Jurisdiction: tact.Some(j), GivenName: tact.Some(given), FamilyName: tact.Some(family)}
}

// newCustomer builds a customer through the domain, stamped as the service
// would, without storing it.
func (f *fixture) newCustomer(t *testing.T, u customer.Update) (*customer.Customer, []customer.Event) {
	t.Helper()
	c, evs, err := customer.Create(u, f.now())
	if err != nil {
		t.Fatalf("customer.Create: %v", err)
	}
	c.ID = f.ids.New(tact.PrefixCustomer)
	customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
	return c, evs
}

// createCustomer builds and stores a customer; it returns what was stored and
// the events written with it.
func (f *fixture) createCustomer(t *testing.T, u customer.Update) (*customer.Customer, []customer.Event) {
	t.Helper()
	c, evs := f.newCustomer(t, u)
	if err := f.st.Customers.CreateCustomer(f.ctx, c, evs); err != nil {
		t.Fatalf("CreateCustomer: %v", err)
	}
	return c, evs
}

// update applies u to c through the domain and stamps the events.
func (f *fixture) update(t *testing.T, c *customer.Customer, u customer.Update) []customer.Event {
	t.Helper()
	evs, err := u.Apply(c, f.now())
	if err != nil {
		t.Fatalf("Update.Apply: %v", err)
	}
	customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
	return evs
}

// find reads a customer back, failing the test if it cannot.
func (f *fixture) find(t *testing.T, id string) *customer.Customer {
	t.Helper()
	c, err := f.st.Customers.FindCustomerByID(f.ctx, id)
	if err != nil {
		t.Fatalf("FindCustomerByID(%s): %v", id, err)
	}
	return c
}

// newInteraction builds a valid inbound phone call of c, started at, through
// the domain, without storing it.
func (f *fixture) newInteraction(t *testing.T, c *customer.Customer, source, externalID string, at time.Time) *interaction.Interaction {
	t.Helper()
	end := at.Add(4*time.Minute + 31*time.Second + 17*time.Microsecond)
	i := &interaction.Interaction{
		ID: f.ids.New(tact.PrefixInteraction), CustomerID: c.ID, Channel: tact.ChannelPhone, Direction: interaction.Inbound,
		Purpose: tact.PurposeService, Subject: "billing_question", Source: source, ExternalID: externalID,
		Actor: "agent 42", CallerID: "06 12 34 56 78", StartedAt: at, EndedAt: &end,
		Summary: "Asked why the bill went up; explained the end of the promotion.", Outcome: interaction.Completed,
		CaseID: "case-7", RecordedAt: f.now(),
	}
	if err := i.Normalize(c.Jurisdiction.PhoneRegion()); err != nil {
		t.Fatalf("Interaction.Normalize: %v", err)
	}
	if err := i.Validate(f.now()); err != nil {
		t.Fatalf("Interaction.Validate: %v", err)
	}
	return i
}

// createInteraction builds and stores an interaction, which must be new.
func (f *fixture) createInteraction(t *testing.T, c *customer.Customer, source, externalID string, at time.Time) *interaction.Interaction {
	t.Helper()
	i := f.newInteraction(t, c, source, externalID, at)
	stored, created, err := f.st.Interactions.CreateInteraction(f.ctx, i)
	if err != nil || !created {
		t.Fatalf("CreateInteraction: created %v, err %v", created, err)
	}
	return stored
}

// timeline reads a whole timeline in one page.
func (f *fixture) timeline(t *testing.T, customerID string) []timeline.Entry {
	t.Helper()
	entries, err := f.st.Timeline.FindTimeline(f.ctx, customerID, tact.Cursor{}, tact.MaxPageSize)
	if err != nil {
		t.Fatalf("FindTimeline: %v", err)
	}
	return entries
}

// eventIDs returns the ids of the event entries of a timeline.
func eventIDs(entries []timeline.Entry) map[string]bool {
	out := map[string]bool{}
	for _, e := range entries {
		if e.Kind == timeline.KindEvent {
			out[e.ID] = true
		}
	}
	return out
}

// wantEvents checks that every event in evs is on the customer's timeline,
// as written.
func (f *fixture) wantEvents(t *testing.T, customerID string, evs []customer.Event) {
	t.Helper()
	got := map[string]customer.Event{}
	for _, e := range f.timeline(t, customerID) {
		if e.Kind == timeline.KindEvent {
			got[e.ID] = *e.Event
		}
	}
	for _, want := range evs {
		e, ok := got[want.ID]
		if !ok {
			t.Errorf("event %s (%s) was not written", want.ID, want.Kind)
			continue
		}
		diff(t, "event "+want.ID, want, e)
	}
}

// noEvents checks that none of evs is on the customer's timeline.
func (f *fixture) noEvents(t *testing.T, customerID string, evs []customer.Event) {
	t.Helper()
	got := eventIDs(f.timeline(t, customerID))
	for _, e := range evs {
		if got[e.ID] {
			t.Errorf("event %s (%s) was written by a failed write", e.ID, e.Kind)
		}
	}
}

// cmpOpts compare stored records: times by instant (cmp uses time.Time's
// Equal), nil and empty slices alike (an engine cannot tell them apart), and
// consents as a set (their order is not part of the contract).
var cmpOpts = []cmp.Option{
	cmpopts.EquateEmpty(),
	cmpopts.SortSlices(func(a, b customer.Consent) bool {
		return a.Channel < b.Channel || a.Channel == b.Channel && a.Purpose < b.Purpose
	}),
}

// diff reports a difference between want and got.
func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpOpts...); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", what, d)
	}
}

// wantCode checks that err carries code and, when field is not "", names field.
func wantCode(t *testing.T, what string, err error, code tact.Code, field string) {
	t.Helper()
	if tact.ErrorCode(err) != code {
		t.Errorf("%s: error %v, want code %s", what, err, code)
		return
	}
	if field != "" && tact.ErrorField(err) != field {
		t.Errorf("%s: error %v names field %q, want %q", what, err, tact.ErrorField(err), field)
	}
}

// onceOnly creates every try at the same instant, as retries racing under
// one idempotency key do, and checks that exactly one was created and that
// every caller got that one back.
func onceOnly[T any](t *testing.T, what string, tries []T, id func(T) string, create func(T) (T, bool, error)) {
	t.Helper()
	type result struct {
		stored  T
		created bool
		err     error
	}
	results := make([]result, len(tries))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			<-start
			s, created, err := create(tries[i])
			results[i] = result{s, created, err}
		})
	}
	close(start)
	wg.Wait()
	winners, winner := 0, ""
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("%s %d: %v", what, i, r.err)
		}
		if r.created {
			winners, winner = winners+1, id(tries[i])
		}
	}
	if winners != 1 {
		t.Fatalf("%d of %d identical %ss were created, want exactly 1", winners, len(tries), what)
	}
	for i, r := range results {
		if id(r.stored) != winner {
			t.Errorf("%s %d got %s, want the stored %s", what, i, id(r.stored), winner)
		}
	}
}

// must fails the test at once on an error.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// wantUTC checks that a time read back is in UTC, as tact keeps every time.
func wantUTC(t *testing.T, what string, tm time.Time) {
	t.Helper()
	if tm.Location() != time.UTC {
		t.Errorf("%s is in %v, want UTC", what, tm.Location())
	}
}

// date is a civil date, for brevity.
func date(y int, m time.Month, d int) tact.Date { return tact.Date{Year: y, Month: m, Day: d} }
