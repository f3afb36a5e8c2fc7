package access_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/tact"
)

func TestParseScopes(t *testing.T) {
	got, err := access.ParseScopes(" customers:read, interactions:write,customers:read ")
	if err != nil || len(got) != 2 {
		t.Fatalf("got %v %v", got, err)
	}
	if all, _ := access.ParseScopes("all"); len(all) != len(access.Scopes) {
		t.Errorf("all = %v", all)
	}
	for _, bad := range []string{"", " , ", "customers:delete", "admin"} {
		if _, err := access.ParseScopes(bad); err == nil {
			t.Errorf("ParseScopes(%q) accepted", bad)
		}
	}
}

func TestTokenSecretShownOnceStoredHashed(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := tact.NewIDGen(tact.NewManualClock(now), nil)
	tok, secret, err := access.NewToken("dialer", []access.Scope{access.InteractionsWrite}, now, time.Hour, ids)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, access.SecretPrefix) || len(secret) < 40 || strings.Contains(tok.Hash, secret) {
		t.Fatalf("secret %q hash %q", secret, tok.Hash)
	}
	if tok.Hash != access.HashSecret(secret) {
		t.Error("hash does not match the secret")
	}
	if !tok.Allows(access.InteractionsWrite) || tok.Allows(access.InteractionsRead) {
		t.Error("scopes: write must not imply read")
	}
	if tok.Check(now.Add(time.Hour-time.Microsecond)) != nil {
		t.Error("usable until its expiry")
	}
	if tact.ErrorCode(tok.Check(now.Add(time.Hour))) != tact.CodeUnauthorized {
		t.Error("expired at its expiry")
	}
	revoked := now.Add(time.Minute)
	tok.RevokedAt = &revoked
	if tact.ErrorCode(tok.Check(now.Add(2*time.Minute))) != tact.CodeUnauthorized {
		t.Error("revoked")
	}
	_, other, _ := access.NewToken("dialer", []access.Scope{access.InteractionsWrite}, now, 0, ids)
	if other == secret {
		t.Error("two tokens share a secret")
	}
}

func TestPasswords(t *testing.T) {
	if _, err := access.HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	h, err := access.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "correct") {
		t.Fatalf("hash %q", h)
	}
	if !access.CheckPassword(h, "correct horse battery") || access.CheckPassword(h, "correct horse battery!") {
		t.Error("check")
	}
	if access.CheckPassword("garbage", "x") {
		t.Error("garbage hash matched")
	}
	h2, _ := access.HashPassword("correct horse battery")
	if h2 == h {
		t.Error("no salt")
	}
}

func TestRoles(t *testing.T) {
	if len(access.Admin.Scopes()) != len(access.Scopes) {
		t.Error("admin has every scope")
	}
	for _, s := range access.Advisor.Scopes() {
		if s == access.CatalogWrite {
			t.Error("an advisor does not edit the catalogue")
		}
	}
	if access.Role("root").Valid() {
		t.Error("unknown role valid")
	}
}

func TestRoleAllows(t *testing.T) {
	for _, tc := range []struct {
		role  access.Role
		scope access.Scope
		want  bool
	}{
		{access.Advisor, access.CasesWrite, true},
		{access.Advisor, access.DeliveriesWrite, false},
		{access.Supervisor, access.CatalogWrite, false},
		{access.Supervisor, access.QualityRead, true},
		{access.Advisor, access.QualityRead, false},
		{access.Admin, access.QualityWrite, true},
		{access.Admin, access.DeliveriesWrite, true},
		{access.Role("guest"), access.CustomersRead, false},
	} {
		if got := tc.role.Allows(tc.scope); got != tc.want {
			t.Errorf("%s.Allows(%s) = %v, want %v", tc.role, tc.scope, got, tc.want)
		}
	}
}
