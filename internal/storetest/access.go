package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/tact"
)

var accessTests = []contractTest{
	{"Tokens", testTokens},
	{"Users", testUsers},
}

var metaTests = []contractTest{
	{"GetPut", testMeta},
	{"Ping", testPing},
}

func tokenID(tk *access.Token) string { return tk.ID }
func userEmail(u *access.User) string { return u.Email }

func testTokens(t *testing.T, f *fixture) {
	newToken := func(name string, scopes []access.Scope, ttl time.Duration) (*access.Token, string) {
		t.Helper()
		tk, secret, err := access.NewToken(name, scopes, f.now(), ttl, f.ids)
		must(t, "NewToken", err)
		must(t, "CreateToken", f.st.Access.CreateToken(f.ctx, tk))
		return tk, secret
	}
	dialer, dialerSecret := newToken("dialer", []access.Scope{access.InteractionsWrite, access.CustomersRead}, 0)
	f.tick()
	billing, _ := newToken("billing", access.Scopes, 90*24*time.Hour)
	// Two tokens of the same instant: the later id first.
	survey, surveySecret := newToken("survey-vendor", []access.Scope{access.InteractionsWrite}, time.Hour)
	f.tick()

	got, err := f.st.Access.FindTokenByHash(f.ctx, access.HashSecret(dialerSecret))
	must(t, "FindTokenByHash", err)
	diff(t, "token read back", dialer, got)
	if got.ExpiresAt != nil || got.RevokedAt != nil {
		t.Errorf("a token without expiry read back with expires %v, revoked %v", got.ExpiresAt, got.RevokedAt)
	}
	got, err = f.st.Access.FindTokenByHash(f.ctx, access.HashSecret(surveySecret))
	must(t, "FindTokenByHash", err)
	diff(t, "expiring token read back", survey, got)

	list, err := f.st.Access.FindTokens(f.ctx)
	must(t, "FindTokens", err)
	diff(t, "tokens, newest first", []string{survey.ID, billing.ID, dialer.ID}, codes(list, tokenID))

	_, err = f.st.Access.FindTokenByHash(f.ctx, access.HashSecret("tact_not_a_secret_we_gave"))
	wantCode(t, "FindTokenByHash of an unknown secret", err, tact.CodeNotFound, "")

	first := f.now()
	must(t, "RevokeToken", f.st.Access.RevokeToken(f.ctx, billing.ID, first))
	f.tick()
	must(t, "RevokeToken again", f.st.Access.RevokeToken(f.ctx, billing.ID, f.now()))
	list, err = f.st.Access.FindTokens(f.ctx)
	must(t, "FindTokens", err)
	for _, tk := range list {
		switch {
		case tk.ID == billing.ID && (tk.RevokedAt == nil || !tk.RevokedAt.Equal(first)):
			t.Errorf("token revoked twice has revoked_at %v, want the first time %v", tk.RevokedAt, first)
		case tk.ID != billing.ID && tk.RevokedAt != nil:
			t.Errorf("token %s was revoked with another", tk.Name)
		}
	}
	wantCode(t, "RevokeToken of an unknown token", f.st.Access.RevokeToken(f.ctx, f.ids.New(tact.PrefixToken), f.now()), tact.CodeNotFound, "")
}

func testUsers(t *testing.T, f *fixture) {
	newUser := func(email, name string, role access.Role) *access.User {
		t.Helper()
		// A well-formed hash; hashing a real password would only slow the suite.
		u := &access.User{ID: f.ids.New(tact.PrefixUser), Email: email, Name: name, Role: role,
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U", CreatedAt: f.now()}
		must(t, "User.Validate", u.Validate())
		return u
	}
	marie := newUser(" Marie.Dubois@Example.fr ", "Marie Dubois", access.Advisor)
	must(t, "CreateUser", f.st.Access.CreateUser(f.ctx, marie))
	f.tick()
	admin := newUser("admin@example.fr", "Admin", access.Admin)
	disabled := f.now().Add(-time.Minute)
	admin.DisabledAt = &disabled
	must(t, "CreateUser", f.st.Access.CreateUser(f.ctx, admin))
	zoe := newUser("zoe@example.fr", "Zoé", access.Supervisor)
	must(t, "CreateUser", f.st.Access.CreateUser(f.ctx, zoe))
	// Byte order puts "." before "_"; a language collation would not.
	for _, email := range []string{"jean_luc@example.fr", "jean.luc@example.fr"} {
		must(t, "CreateUser", f.st.Access.CreateUser(f.ctx, newUser(email, "Jean-Luc", access.Advisor)))
	}

	paul := newUser("paul@example.fr", "Paul Martin", access.Advisor)
	paul.SupervisorID = zoe.ID
	must(t, "CreateUser with a supervisor", f.st.Access.CreateUser(f.ctx, paul))
	got, err := f.st.Access.FindUserByID(f.ctx, paul.ID)
	must(t, "FindUserByID", err)
	diff(t, "user with a supervisor read back", paul, got)
	_, err = f.st.Access.FindUserByID(f.ctx, f.ids.New(tact.PrefixUser))
	wantCode(t, "FindUserByID of an unknown id", err, tact.CodeNotFound, "")
	orphan := newUser("orphan@example.fr", "Orphan", access.Advisor)
	orphan.SupervisorID = f.ids.New(tact.PrefixUser)
	wantCode(t, "a user whose supervisor does not exist", f.st.Access.CreateUser(f.ctx, orphan), tact.CodeNotFound, "supervisor_id")

	dup := newUser("MARIE.DUBOIS@example.fr", "Another Marie", access.Admin)
	wantCode(t, "a second user with the same email", f.st.Access.CreateUser(f.ctx, dup), tact.CodeConflict, "email")

	got, err = f.st.Access.FindUserByEmail(f.ctx, "marie.dubois@example.fr")
	must(t, "FindUserByEmail", err)
	diff(t, "user read back", marie, got)
	got, err = f.st.Access.FindUserByEmail(f.ctx, "admin@example.fr")
	must(t, "FindUserByEmail", err)
	diff(t, "disabled user read back", admin, got)

	_, err = f.st.Access.FindUserByEmail(f.ctx, "nobody@example.fr")
	wantCode(t, "FindUserByEmail of an unknown email", err, tact.CodeNotFound, "")

	list, err := f.st.Access.FindUsers(f.ctx)
	must(t, "FindUsers", err)
	diff(t, "users, by email", []string{"admin@example.fr", "jean.luc@example.fr", "jean_luc@example.fr", "marie.dubois@example.fr", "paul@example.fr", "zoe@example.fr"}, codes(list, userEmail))
}

func testMeta(t *testing.T, f *fixture) {
	_, err := f.st.Meta.GetMeta(f.ctx, "demo")
	wantCode(t, "GetMeta of a key never set", err, tact.CodeNotFound, "")
	must(t, "PutMeta", f.st.Meta.PutMeta(f.ctx, "demo", "v1 seed=42"))
	must(t, "PutMeta", f.st.Meta.PutMeta(f.ctx, "other", "x"))
	if v, err := f.st.Meta.GetMeta(f.ctx, "demo"); err != nil || v != "v1 seed=42" {
		t.Errorf("GetMeta: %q, %v; want %q", v, err, "v1 seed=42")
	}
	must(t, "PutMeta overwrite", f.st.Meta.PutMeta(f.ctx, "demo", "v2"))
	if v, err := f.st.Meta.GetMeta(f.ctx, "demo"); err != nil || v != "v2" {
		t.Errorf("GetMeta after overwrite: %q, %v; want %q", v, err, "v2")
	}
	if v, err := f.st.Meta.GetMeta(f.ctx, "other"); err != nil || v != "x" {
		t.Errorf("GetMeta of another key: %q, %v; want %q", v, err, "x")
	}
}

func testPing(t *testing.T, f *fixture) {
	must(t, "Ping", f.st.Health.Ping(f.ctx))
}
