package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

var purgeTests = []contractTest{
	{"PurgeSessions", testPurgeSessions},
	{"PurgeSpace", testPurgeSpace},
}

// purgeCase is a record whose absolute end is at before+offset, and whether
// a purge of what ended before before deletes it.
type purgeCase struct {
	offset time.Duration
	gone   bool
}

// purgeCases are the boundaries of a purge: strictly before goes, at the
// bound and after stays.
var purgeCases = []purgeCase{
	{-40 * 24 * time.Hour, true},
	{-time.Microsecond, true},
	{0, false},
	{time.Microsecond, false},
	{24 * time.Hour, false},
}

func testPurgeSessions(t *testing.T, f *fixture) {
	julie := f.storedUser(t, "julie@example.fr")
	before := f.now().Add(-session.KeepEnded)
	hashes := make([]string, len(purgeCases))
	for i, pc := range purgeCases {
		se, _, err := session.New(julie.ID, before.Add(pc.offset-session.MaxLifetime), f.ids, "203.0.113.7", "")
		must(t, "session.New", err)
		if i == 0 {
			// Signed out at once: its absolute end still decides.
			se.EndedAt = &se.CreatedAt
		}
		must(t, "CreateSession", f.st.Sessions.CreateSession(f.ctx, se))
		hashes[i] = se.Hash
	}
	// One pass deletes up to its limit, the oldest first; the next goes on.
	n, err := f.st.Sessions.PurgeSessions(f.ctx, before, 1)
	must(t, "PurgeSessions", err)
	if n != 1 {
		t.Errorf("a pass of 1 deleted %d", n)
	}
	if _, err := f.st.Sessions.FindSessionByHash(f.ctx, hashes[0]); tact.ErrorCode(err) != tact.CodeNotFound {
		t.Errorf("the oldest session after a pass of 1: %v, want it deleted", err)
	}
	n, err = f.st.Sessions.PurgeSessions(f.ctx, before, 10)
	must(t, "PurgeSessions", err)
	if n != 1 {
		t.Errorf("the second pass deleted %d, want 1", n)
	}
	n, err = f.st.Sessions.PurgeSessions(f.ctx, before, 10)
	must(t, "PurgeSessions again", err)
	if n != 0 {
		t.Errorf("a third pass deleted %d, want 0", n)
	}
	for i, pc := range purgeCases {
		_, err := f.st.Sessions.FindSessionByHash(f.ctx, hashes[i])
		if gone := tact.ErrorCode(err) == tact.CodeNotFound; gone != pc.gone || (!gone && err != nil) {
			t.Errorf("session ending %v from the bound: %v, want gone=%v", pc.offset, err, pc.gone)
		}
	}
}

func testPurgeSpace(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	before := f.now().Add(-session.KeepEnded)
	hashes := make([]string, len(purgeCases))
	emails := make([]string, len(purgeCases))
	for i, pc := range purgeCases {
		se, _, err := session.NewSpace(odile.ID, before.Add(pc.offset-session.SpaceMaxLifetime), f.ids, "203.0.113.7", "")
		must(t, "session.NewSpace", err)
		must(t, "CreateSpaceSession", f.st.Space.CreateSpaceSession(f.ctx, se))
		hashes[i] = se.Hash
		// One address per code, so that LatestCode finds each.
		emails[i] = fmt.Sprintf("odile.%d@orange.example", i)
		code, _, err := session.NewCode(emails[i], odile.ID, before.Add(pc.offset-session.CodeLifetime), f.ids, "203.0.113.7")
		must(t, "session.NewCode", err)
		if i == 0 {
			// Used: it ended then, and its expiry still decides.
			code.UsedAt = &code.CreatedAt
		}
		must(t, "CreateCode", f.st.Space.CreateCode(f.ctx, code))
	}
	n, err := f.st.Space.PurgeSpaceSessions(f.ctx, before, 10)
	must(t, "PurgeSpaceSessions", err)
	m, err := f.st.Space.PurgeCodes(f.ctx, before, 10)
	must(t, "PurgeCodes", err)
	if n != 2 || m != 2 {
		t.Errorf("deleted %d sessions and %d codes, want 2 and 2", n, m)
	}
	for i, pc := range purgeCases {
		_, err := f.st.Space.FindSpaceSessionByHash(f.ctx, hashes[i])
		if gone := tact.ErrorCode(err) == tact.CodeNotFound; gone != pc.gone || (!gone && err != nil) {
			t.Errorf("customer session ending %v from the bound: %v, want gone=%v", pc.offset, err, pc.gone)
		}
		_, err = f.st.Space.LatestCode(f.ctx, emails[i])
		if gone := tact.ErrorCode(err) == tact.CodeNotFound; gone != pc.gone || (!gone && err != nil) {
			t.Errorf("code expiring %v from the bound: %v, want gone=%v", pc.offset, err, pc.gone)
		}
	}
	n, err = f.st.Space.PurgeSpaceSessions(f.ctx, before, 10)
	must(t, "PurgeSpaceSessions again", err)
	m, err = f.st.Space.PurgeCodes(f.ctx, before, 10)
	must(t, "PurgeCodes again", err)
	if n != 0 || m != 0 {
		t.Errorf("a second purge deleted %d sessions and %d codes", n, m)
	}
}
