package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// passwordEvent is the event the service writes with a password, stamped.
func (f *fixture) passwordEvent(customerID string, kind customer.EventKind, from string) customer.Event {
	evs := []customer.Event{{Kind: kind, Detail: map[string]string{"session": from}}}
	customer.Stamp(evs, customerID, f.now(), tact.Actor{Kind: tact.ActorCustomer, ID: customerID, Name: "Odile Lagarrigue"}, f.ids)
	return evs[0]
}

// openSpaceSession stores a session of the customer opened at at.
func (f *fixture) openSpaceSession(t *testing.T, customerID string, at time.Time) *session.SpaceSession {
	t.Helper()
	se, _, err := session.NewSpace(customerID, at, f.ids, "203.0.113.7", "Firefox")
	must(t, "session.NewSpace", err)
	must(t, "CreateSpaceSession", f.st.Space.CreateSpaceSession(f.ctx, se))
	return se
}

// testSpacePasswords: a password is kept as its hash with its version, set
// once at version 1 and changed only from the version stored; setting it
// ends the customer's other open sessions, and nobody else's, and writes
// its event on his timeline, all or nothing.
func testSpacePasswords(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	other, _ := f.createCustomer(t, person(tact.FR, "Bertrand", "Morel"))
	_, err := f.st.Space.SpacePassword(f.ctx, odile.ID)
	wantCode(t, "SpacePassword of a customer without one", err, tact.CodeNotFound, "")

	expired := f.openSpaceSession(t, odile.ID, f.now().Add(-session.SpaceMaxLifetime-time.Minute))
	ended := f.openSpaceSession(t, odile.ID, f.now())
	endedAt := f.now()
	must(t, "EndSpaceSession", f.st.Space.EndSpaceSession(f.ctx, ended.ID, endedAt))
	here := f.openSpaceSession(t, odile.ID, f.now())
	elsewhere := f.openSpaceSession(t, odile.ID, f.now())
	theirs := f.openSpaceSession(t, other.ID, f.now())
	f.tick()

	first := &session.Credential{CustomerID: odile.ID, Hash: "$argon2id$v=19$m=19456,t=2,p=1$first", SetAt: f.now(), Version: 1}
	ev := f.passwordEvent(odile.ID, customer.EventSpacePasswordSet, here.ID)
	n, err := f.st.Space.SetSpacePassword(f.ctx, first, here.ID, ev)
	must(t, "SetSpacePassword", err)
	if n != 1 {
		t.Errorf("setting the password ended %d sessions, want 1 (the other open one)", n)
	}
	got, err := f.st.Space.SpacePassword(f.ctx, odile.ID)
	must(t, "SpacePassword", err)
	diff(t, "password read back", first, got)
	wantUTC(t, "set_at", got.SetAt)
	for _, tc := range []struct {
		what  string
		se    *session.SpaceSession
		ended *time.Time
	}{
		{"the session it was set from", here, nil},
		{"her other open session", elsewhere, &first.SetAt},
		{"her session ended before", ended, &endedAt},
		{"her expired session", expired, nil},
		{"another customer's session", theirs, nil},
	} {
		se, err := f.st.Space.FindSpaceSessionByHash(f.ctx, tc.se.Hash)
		must(t, "FindSpaceSessionByHash", err)
		switch {
		case tc.ended == nil && se.EndedAt != nil:
			t.Errorf("%s ended at %v, want open", tc.what, se.EndedAt)
		case tc.ended != nil && (se.EndedAt == nil || !se.EndedAt.Equal(*tc.ended)):
			t.Errorf("%s ended at %v, want %v", tc.what, se.EndedAt, *tc.ended)
		}
	}
	f.wantEvents(t, odile.ID, []customer.Event{ev})

	// Version 1 again is a conflict: she has one. So is a change from a
	// version no longer stored. Neither changes anything.
	f.tick()
	again := f.openSpaceSession(t, odile.ID, f.now())
	stale := []*session.Credential{
		{CustomerID: odile.ID, Hash: "$argon2id$v=19$m=19456,t=2,p=1$again", SetAt: f.now(), Version: 1},
		{CustomerID: odile.ID, Hash: "$argon2id$v=19$m=19456,t=2,p=1$stale", SetAt: f.now(), Version: 3},
	}
	for _, c := range stale {
		_, err := f.st.Space.SetSpacePassword(f.ctx, c, here.ID, f.passwordEvent(odile.ID, customer.EventSpacePasswordChanged, here.ID))
		wantCode(t, "SetSpacePassword at a version not next", err, tact.CodeConflict, "")
	}
	got, err = f.st.Space.SpacePassword(f.ctx, odile.ID)
	must(t, "SpacePassword", err)
	diff(t, "password after refused changes", first, got)
	if se, _ := f.st.Space.FindSpaceSessionByHash(f.ctx, again.Hash); se == nil || se.EndedAt != nil {
		t.Errorf("a refused change ended a session: %+v", se)
	}
	if n := countEvents(f.timeline(t, odile.ID), customer.EventSpacePasswordChanged); n != 0 {
		t.Errorf("refused changes wrote %d events", n)
	}

	// The next version replaces it.
	second := &session.Credential{CustomerID: odile.ID, Hash: "$argon2id$v=19$m=19456,t=2,p=1$second", SetAt: f.now(), Version: 2}
	ev2 := f.passwordEvent(odile.ID, customer.EventSpacePasswordChanged, again.ID)
	n, err = f.st.Space.SetSpacePassword(f.ctx, second, again.ID, ev2)
	must(t, "SetSpacePassword version 2", err)
	if n != 1 {
		t.Errorf("changing the password ended %d sessions, want 1", n)
	}
	got, err = f.st.Space.SpacePassword(f.ctx, odile.ID)
	must(t, "SpacePassword", err)
	diff(t, "changed password", second, got)
	f.wantEvents(t, odile.ID, []customer.Event{ev, ev2})
	if se, _ := f.st.Space.FindSpaceSessionByHash(f.ctx, here.Hash); se == nil || se.EndedAt == nil {
		t.Errorf("the session she set it from first was not ended by a change made from another: %+v", se)
	}

	// Nobody else's password, and no one's who does not exist.
	_, err = f.st.Space.SpacePassword(f.ctx, other.ID)
	wantCode(t, "SpacePassword of the other customer", err, tact.CodeNotFound, "")
	ghost := f.ids.New(tact.PrefixCustomer)
	for _, v := range []int{1, 2} {
		_, err = f.st.Space.SetSpacePassword(f.ctx, &session.Credential{CustomerID: ghost, Hash: "h", SetAt: f.now(), Version: v}, "",
			f.passwordEvent(ghost, customer.EventSpacePasswordSet, ""))
		wantCode(t, "SetSpacePassword of a customer who does not exist", err, tact.CodeNotFound, "customer_id")
	}
	_, err = f.st.Space.SetSpacePassword(f.ctx, &session.Credential{CustomerID: odile.ID, Hash: "h", SetAt: f.now()}, "",
		f.passwordEvent(odile.ID, customer.EventSpacePasswordSet, ""))
	wantCode(t, "SetSpacePassword at version 0", err, tact.CodeInvalid, "version")
}

// testSpacePasswordRaces: of changes made at once from the same version, one
// wins; so does one of first passwords set at once.
func testSpacePasswordRaces(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	const racers = 8
	for _, version := range []int{1, 2} {
		var wg sync.WaitGroup
		errs := make([]error, racers)
		for i := range racers {
			wg.Go(func() {
				c := &session.Credential{CustomerID: odile.ID, Hash: "h", SetAt: f.now(), Version: version}
				_, errs[i] = f.st.Space.SetSpacePassword(f.ctx, c, "", f.passwordEvent(odile.ID, customer.EventSpacePasswordSet, ""))
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch tact.ErrorCode(err) {
			case "":
				won++
			case tact.CodeConflict:
			default:
				t.Errorf("SetSpacePassword racing at version %d: %v", version, err)
			}
		}
		if won != 1 {
			t.Errorf("%d of %d racing passwords at version %d were stored, want 1", won, racers, version)
		}
	}
	if n := countEvents(f.timeline(t, odile.ID), customer.EventSpacePasswordSet); n != 2 {
		t.Errorf("%d password events for 2 stored passwords", n)
	}
}

// countEvents counts the events of kind on a timeline.
func countEvents(entries []timeline.Entry, kind customer.EventKind) int {
	n := 0
	for _, e := range entries {
		if e.Event != nil && e.Event.Kind == kind {
			n++
		}
	}
	return n
}
