package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
)

// routeRequest is a request to rt that gets past authentication and scope
// checks to the handler: unknown ids in the path, an empty object as body.
func routeRequest(rt api.Route, token string) req {
	q := req{method: rt.Method, path: fill(rt.Pattern), token: token}
	if rt.Request != nil {
		q.body = "{}"
	}
	return q
}

// allBut returns every scope except s.
func allBut(s access.Scope) []access.Scope {
	return slices.DeleteFunc(slices.Clone(access.Scopes), func(o access.Scope) bool { return o == s })
}

// TestRouteScopeMatrix walks the route table: for every route, no token is
// 401, a token with every scope but the route's is 403, and a token with the
// route's scope alone gets past both.
func TestRouteScopeMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	only := map[access.Scope]string{}
	lacking := map[access.Scope]string{}
	for _, s := range access.Scopes {
		only[s] = e.token(s)
		lacking[s] = e.token(allBut(s)...)
	}
	for _, rt := range e.api.Routes() {
		t.Run(rt.Method+" "+rt.Pattern, func(t *testing.T) {
			t.Parallel()
			r := e.do(routeRequest(rt, ""))
			r.wantProblem(t, http.StatusUnauthorized, "unauthorized", "")
			if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("WWW-Authenticate %q", got)
			}

			if rt.Scope == "" {
				// Any valid token: one with a single, unrelated scope will do.
				for _, s := range access.Scopes {
					if r := e.do(routeRequest(rt, only[s])); r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
						t.Errorf("token with %s only: %d %s", s, r.status, r.body)
					}
				}
				return
			}
			if !slices.Contains(access.Scopes, rt.Scope) {
				t.Fatalf("scope %q is not one access.Scopes lists", rt.Scope)
			}
			p := e.do(routeRequest(rt, lacking[rt.Scope])).wantProblem(t, http.StatusForbidden, "forbidden", "")
			if !strings.Contains(p.Detail, string(rt.Scope)) {
				t.Errorf("detail %q does not name the scope", p.Detail)
			}
			if r := e.do(routeRequest(rt, only[rt.Scope])); r.status == http.StatusUnauthorized || r.status == http.StatusForbidden {
				t.Errorf("token with exactly %s: %d %s", rt.Scope, r.status, r.body)
			}
		})
	}
}

func TestAuthenticationRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	revoked, revokedSecret, err := e.app.Access.CreateToken(ctx, "old-dialer", access.Scopes, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.Access.RevokeToken(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	_, expiring, err := e.app.Access.CreateToken(ctx, "temp", access.Scopes, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// The expiring token works until its hour is up.
	e.do(req{method: "GET", path: "/v1/customers", token: expiring}).must(t, http.StatusOK, nil)
	e.clock.Advance(time.Hour)

	for _, c := range []struct {
		name   string
		header string // the whole Authorization header; "" sends none
	}{
		{"no header", ""},
		{"basic scheme", "Basic dXNlcjpwYXNz"},
		{"no scheme", e.admin},
		{"bearer without token", "Bearer "},
		{"bearer, spaces only", "Bearer    "},
		{"token scheme", "Token " + e.admin},
		{"unknown token", "Bearer tact_thisisnotatokenanyonewasevergiven"},
		{"token with a character changed", "Bearer " + e.admin[:len(e.admin)-1] + "x"},
		{"revoked token", "Bearer " + revokedSecret},
		{"expired token", "Bearer " + expiring},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			q := req{method: "GET", path: "/v1/customers"}
			if c.header != "" {
				q.header = map[string]string{"Authorization": c.header}
			}
			r := e.do(q)
			r.wantProblem(t, http.StatusUnauthorized, "unauthorized", "")
			if r.header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate")
			}
		})
	}
	t.Run("lower-case scheme is accepted", func(t *testing.T) {
		t.Parallel()
		// RFC 9110 §11.1: the scheme is case-insensitive.
		e.do(req{method: "GET", path: "/v1/customers", header: map[string]string{"Authorization": "bearer " + e.admin}}).must(t, http.StatusOK, nil)
	})
}

// TestRevocationDelay: a token is read from the store at most once per
// app.TokenCacheTTL. Revoked through tact, it is refused at once even when it
// was just used; revoked behind tact's back (another node, the command line),
// it is refused once the delay has passed, not before.
func TestRevocationDelay(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	list := req{method: "GET", path: "/v1/customers"}
	here, hereSecret, err := e.app.Access.CreateToken(ctx, "dialer-here", access.Scopes, 0)
	if err != nil {
		t.Fatal(err)
	}
	there, thereSecret, err := e.app.Access.CreateToken(ctx, "dialer-there", access.Scopes, 0)
	if err != nil {
		t.Fatal(err)
	}
	list.token = hereSecret
	e.do(list).must(t, http.StatusOK, nil)
	list.token = thereSecret
	e.do(list).must(t, http.StatusOK, nil)

	if err := e.app.Access.RevokeToken(ctx, here.ID); err != nil {
		t.Fatal(err)
	}
	list.token = hereSecret
	e.do(list).wantProblem(t, http.StatusUnauthorized, "unauthorized", "")

	if err := e.stores.Access.RevokeToken(ctx, there.ID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	list.token = thereSecret
	e.clock.Advance(app.TokenCacheTTL - time.Microsecond)
	e.do(list).must(t, http.StatusOK, nil)
	e.clock.Advance(time.Microsecond)
	e.do(list).wantProblem(t, http.StatusUnauthorized, "unauthorized", "")
}
