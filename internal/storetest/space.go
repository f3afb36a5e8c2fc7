package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

var spaceTests = []contractTest{
	{"SignInCodes", testSignInCodes},
	{"SignInCodeRaces", testSignInCodeRaces},
	{"SpaceSessions", testSpaceSessions},
	{"SpacePasswords", testSpacePasswords},
	{"SpacePasswordRaces", testSpacePasswordRaces},
}

func testSignInCodes(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	first, code, err := session.NewCode("Odile.Lagarrigue@orange.example", odile.ID, f.now(), f.ids, "203.0.113.7")
	must(t, "NewCode", err)
	must(t, "CreateCode", f.st.Space.CreateCode(f.ctx, first))
	got, err := f.st.Space.LatestCode(f.ctx, "odile.lagarrigue@orange.example")
	must(t, "LatestCode", err)
	diff(t, "code read back", first, got)
	wantUTC(t, "created_at", got.CreatedAt)
	if got.Hash == code || !got.Matches(code) {
		t.Fatal("the store kept the code, or lost its hash")
	}
	_, err = f.st.Space.LatestCode(f.ctx, "nobody@example.fr")
	wantCode(t, "LatestCode of an address never sent a code", err, tact.CodeNotFound, "")

	orphan, _, err := session.NewCode("x@example.fr", f.ids.New(tact.PrefixCustomer), f.now(), f.ids, "")
	must(t, "NewCode", err)
	wantCode(t, "a code of a customer who does not exist", f.st.Space.CreateCode(f.ctx, orphan), tact.CodeNotFound, "customer_id")

	// A second code asked for later is the one that counts.
	f.tick()
	second, _, err := session.NewCode("odile.lagarrigue@orange.example", odile.ID, f.now(), f.ids, "203.0.113.7")
	must(t, "NewCode", err)
	must(t, "CreateCode", f.st.Space.CreateCode(f.ctx, second))
	got, err = f.st.Space.LatestCode(f.ctx, "odile.lagarrigue@orange.example")
	must(t, "LatestCode", err)
	if got.ID != second.ID {
		t.Errorf("latest code %s, want the second %s", got.ID, second.ID)
	}

	// Wrong answers count one by one; at the limit the code cannot be used.
	for i := 1; i <= session.MaxCodeAttempts; i++ {
		n, err := f.st.Space.FailCode(f.ctx, first.ID)
		must(t, "FailCode", err)
		if n != i {
			t.Fatalf("FailCode %d answered %d", i, n)
		}
	}
	wantCode(t, "UseCode of a spent code", f.st.Space.UseCode(f.ctx, first.ID, f.now()), tact.CodeConflict, "")
	got, err = f.st.Space.LatestCode(f.ctx, "odile.lagarrigue@orange.example")
	must(t, "LatestCode", err)
	if got.Attempts != 0 || got.UsedAt != nil {
		t.Errorf("the second code changed with the first: %+v", got)
	}

	// Used once, never twice; the time of the first use stays.
	used := f.now()
	must(t, "UseCode", f.st.Space.UseCode(f.ctx, second.ID, used))
	f.tick()
	wantCode(t, "UseCode twice", f.st.Space.UseCode(f.ctx, second.ID, f.now()), tact.CodeConflict, "")
	got, err = f.st.Space.LatestCode(f.ctx, "odile.lagarrigue@orange.example")
	must(t, "LatestCode", err)
	if got.UsedAt == nil || !got.UsedAt.Equal(used) {
		t.Errorf("used at %v, want %v", got.UsedAt, used)
	}
	unknown := f.ids.New(tact.PrefixSignInCode)
	_, err = f.st.Space.FailCode(f.ctx, unknown)
	wantCode(t, "FailCode of an unknown code", err, tact.CodeNotFound, "")
	wantCode(t, "UseCode of an unknown code", f.st.Space.UseCode(f.ctx, unknown, f.now()), tact.CodeNotFound, "")
}

// testSignInCodeRaces: the right code sent twice at once signs in once, and
// concurrent wrong answers each count.
func testSignInCodeRaces(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	const racers = 8
	c, _, err := session.NewCode("odile@example.fr", odile.ID, f.now(), f.ids, "")
	must(t, "NewCode", err)
	must(t, "CreateCode", f.st.Space.CreateCode(f.ctx, c))
	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := range racers {
		wg.Go(func() { errs[i] = f.st.Space.UseCode(f.ctx, c.ID, f.now()) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch tact.ErrorCode(err) {
		case "":
			won++
		case tact.CodeConflict:
		default:
			t.Errorf("UseCode racing: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d requests used the same code, want 1", won)
	}

	g, _, err := session.NewCode("odile@example.fr", odile.ID, f.now(), f.ids, "")
	must(t, "NewCode", err)
	must(t, "CreateCode", f.st.Space.CreateCode(f.ctx, g))
	for range racers {
		wg.Go(func() {
			if _, err := f.st.Space.FailCode(f.ctx, g.ID); err != nil {
				t.Errorf("FailCode racing: %v", err)
			}
		})
	}
	wg.Wait()
	got, err := f.st.Space.LatestCode(f.ctx, "odile@example.fr")
	must(t, "LatestCode", err)
	if got.Attempts != racers {
		t.Errorf("%d concurrent wrong answers counted %d", racers, got.Attempts)
	}
}

func testSpaceSessions(t *testing.T, f *fixture) {
	odile, _ := f.createCustomer(t, person(tact.FR, "Odile", "Lagarrigue"))
	se, token, err := session.NewSpace(odile.ID, f.now(), f.ids, "203.0.113.7", "Mozilla/5.0 (Android 14) Chrome/131")
	must(t, "session.NewSpace", err)
	must(t, "CreateSpaceSession", f.st.Space.CreateSpaceSession(f.ctx, se))
	got, err := f.st.Space.FindSpaceSessionByHash(f.ctx, session.HashToken(token))
	must(t, "FindSpaceSessionByHash", err)
	diff(t, "session read back", se, got)
	wantUTC(t, "created_at", got.CreatedAt)

	// The two kinds of session never meet: a customer's is not found among
	// the console's, nor a person's among the customers'.
	_, err = f.st.Sessions.FindSessionByHash(f.ctx, se.Hash)
	wantCode(t, "a customer's session looked up as a console session", err, tact.CodeNotFound, "")
	julie := f.storedUser(t, "julie@example.fr")
	staff, _, err := session.New(julie.ID, f.now(), f.ids, "", "")
	must(t, "session.New", err)
	must(t, "CreateSession", f.st.Sessions.CreateSession(f.ctx, staff))
	_, err = f.st.Space.FindSpaceSessionByHash(f.ctx, staff.Hash)
	wantCode(t, "a console session looked up as a customer's", err, tact.CodeNotFound, "")

	orphan, _, err := session.NewSpace(f.ids.New(tact.PrefixCustomer), f.now(), f.ids, "", "")
	must(t, "session.NewSpace", err)
	wantCode(t, "a session of a customer who does not exist", f.st.Space.CreateSpaceSession(f.ctx, orphan), tact.CodeNotFound, "customer_id")

	f.tick()
	seen := f.now()
	must(t, "TouchSpaceSession", f.st.Space.TouchSpaceSession(f.ctx, se.ID, seen))
	must(t, "TouchSpaceSession earlier", f.st.Space.TouchSpaceSession(f.ctx, se.ID, seen.Add(-time.Second)))
	got, err = f.st.Space.FindSpaceSessionByHash(f.ctx, se.Hash)
	must(t, "FindSpaceSessionByHash", err)
	if !got.LastSeenAt.Equal(seen) {
		t.Errorf("last seen %v, want %v", got.LastSeenAt, seen)
	}
	f.tick()
	ended := f.now()
	must(t, "EndSpaceSession", f.st.Space.EndSpaceSession(f.ctx, se.ID, ended))
	f.tick()
	must(t, "EndSpaceSession again", f.st.Space.EndSpaceSession(f.ctx, se.ID, f.now()))
	got, err = f.st.Space.FindSpaceSessionByHash(f.ctx, se.Hash)
	must(t, "FindSpaceSessionByHash", err)
	if got.EndedAt == nil || !got.EndedAt.Equal(ended) {
		t.Errorf("ended at %v, want the first time %v", got.EndedAt, ended)
	}
	unknown := f.ids.New(tact.PrefixSpaceSession)
	wantCode(t, "TouchSpaceSession of an unknown session", f.st.Space.TouchSpaceSession(f.ctx, unknown, f.now()), tact.CodeNotFound, "")
	wantCode(t, "EndSpaceSession of an unknown session", f.st.Space.EndSpaceSession(f.ctx, unknown, f.now()), tact.CodeNotFound, "")
}
