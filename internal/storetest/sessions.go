package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

var sessionTests = []contractTest{
	{"Sessions", testSessions},
	{"RecordReads", testRecordReads},
	{"RecordReadsByPeriod", testRecordReadsByPeriod},
}

// storedUser stores an advisor to hang sessions on.
func (f *fixture) storedUser(t *testing.T, email string) *access.User {
	t.Helper()
	u := &access.User{ID: f.ids.New(tact.PrefixUser), Email: email, Name: "Julie Morvan", Role: access.Advisor,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U", CreatedAt: f.now()}
	must(t, "User.Validate", u.Validate())
	must(t, "CreateUser", f.st.Access.CreateUser(f.ctx, u))
	return u
}

func testSessions(t *testing.T, f *fixture) {
	julie := f.storedUser(t, "julie@example.fr")
	se, token, err := session.New(julie.ID, f.now(), f.ids, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Chromium/131")
	must(t, "session.New", err)
	must(t, "CreateSession", f.st.Sessions.CreateSession(f.ctx, se))
	other, _, err := session.New(julie.ID, f.now(), f.ids, "2001:db8::1", "")
	must(t, "session.New", err)
	must(t, "CreateSession", f.st.Sessions.CreateSession(f.ctx, other))

	got, err := f.st.Sessions.FindSessionByHash(f.ctx, session.HashToken(token))
	must(t, "FindSessionByHash", err)
	diff(t, "session read back", se, got)
	wantUTC(t, "created_at", got.CreatedAt)
	if got.Hash == token {
		t.Fatal("the store kept the token itself")
	}
	_, err = f.st.Sessions.FindSessionByHash(f.ctx, session.HashToken("tacts_not_a_token_we_gave"))
	wantCode(t, "FindSessionByHash of an unknown token", err, tact.CodeNotFound, "")

	orphan, _, err := session.New(f.ids.New(tact.PrefixUser), f.now(), f.ids, "203.0.113.7", "")
	must(t, "session.New", err)
	wantCode(t, "a session of a user who does not exist", f.st.Sessions.CreateSession(f.ctx, orphan), tact.CodeNotFound, "user_id")

	f.tick()
	seen := f.now()
	must(t, "TouchSession", f.st.Sessions.TouchSession(f.ctx, se.ID, seen))
	// A touch that arrives late (a slow request) never moves the time back.
	must(t, "TouchSession earlier", f.st.Sessions.TouchSession(f.ctx, se.ID, seen.Add(-time.Second)))
	got, err = f.st.Sessions.FindSessionByHash(f.ctx, se.Hash)
	must(t, "FindSessionByHash", err)
	if !got.LastSeenAt.Equal(seen) {
		t.Errorf("last seen %v after touches at %v and earlier, want %v", got.LastSeenAt, seen, seen)
	}
	f.tick()
	ended := f.now()
	must(t, "EndSession", f.st.Sessions.EndSession(f.ctx, se.ID, ended))
	f.tick()
	must(t, "EndSession again", f.st.Sessions.EndSession(f.ctx, se.ID, f.now()))
	got, err = f.st.Sessions.FindSessionByHash(f.ctx, se.Hash)
	must(t, "FindSessionByHash", err)
	if got.EndedAt == nil || !got.EndedAt.Equal(ended) {
		t.Errorf("session ended twice has ended_at %v, want the first time %v", got.EndedAt, ended)
	}
	if got, err := f.st.Sessions.FindSessionByHash(f.ctx, other.Hash); err != nil || got.EndedAt != nil {
		t.Errorf("the other session: %+v, %v; want it still open", got, err)
	}
	unknown := f.ids.New(tact.PrefixSession)
	wantCode(t, "TouchSession of an unknown session", f.st.Sessions.TouchSession(f.ctx, unknown, f.now()), tact.CodeNotFound, "")
	wantCode(t, "EndSession of an unknown session", f.st.Sessions.EndSession(f.ctx, unknown, f.now()), tact.CodeNotFound, "")
}

func readID(r *audit.Read) string { return r.ID }

func testRecordReads(t *testing.T, f *fixture) {
	julie, marc := f.ids.New(tact.PrefixUser), f.ids.New(tact.PrefixUser)
	gagnon, roux := f.ids.New(tact.PrefixCustomer), f.ids.New(tact.PrefixCustomer)
	read := func(user, customer string, why audit.Reason) *audit.Read {
		t.Helper()
		r := &audit.Read{ID: f.ids.New(tact.PrefixRecordRead), At: f.now(), UserID: user, UserName: "Julie Morvan", CustomerID: customer, Reason: why}
		must(t, "Read.Validate", r.Validate())
		must(t, "RecordRead", f.st.Audit.RecordRead(f.ctx, r))
		return r
	}
	r1 := read(julie, gagnon, audit.ReasonBrief)
	f.tick()
	r2 := read(marc, gagnon, audit.ReasonBrief)
	// Two reads of the same instant: the later id first.
	r3 := read(julie, gagnon, audit.ReasonTimeline)
	f.tick()
	r4 := read(julie, roux, audit.ReasonBrief)

	all, err := f.st.Audit.FindReads(f.ctx, audit.Filter{})
	must(t, "FindReads", err)
	diff(t, "every read, newest first", []string{r4.ID, r3.ID, r2.ID, r1.ID}, codes(all, readID))
	diff(t, "a read read back", r4, all[0])
	wantUTC(t, "at", all[0].At)

	list, err := f.st.Audit.FindReads(f.ctx, audit.Filter{CustomerID: gagnon})
	must(t, "FindReads by customer", err)
	diff(t, "reads of one customer", []string{r3.ID, r2.ID, r1.ID}, codes(list, readID))
	list, err = f.st.Audit.FindReads(f.ctx, audit.Filter{UserID: julie})
	must(t, "FindReads by user", err)
	diff(t, "reads by one person", []string{r4.ID, r3.ID, r1.ID}, codes(list, readID))
	list, err = f.st.Audit.FindReads(f.ctx, audit.Filter{CustomerID: gagnon, UserID: julie})
	must(t, "FindReads by customer and user", err)
	diff(t, "one person's reads of one customer", []string{r3.ID, r1.ID}, codes(list, readID))

	page, err := f.st.Audit.FindReads(f.ctx, audit.Filter{CustomerID: gagnon, Limit: 2})
	must(t, "FindReads page 1", err)
	diff(t, "first page", []string{r3.ID, r2.ID}, codes(page, readID))
	page, err = f.st.Audit.FindReads(f.ctx, audit.Filter{CustomerID: gagnon, Limit: 2, After: page[1].Cursor()})
	must(t, "FindReads page 2", err)
	diff(t, "second page", []string{r1.ID}, codes(page, readID))
}
