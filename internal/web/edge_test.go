package web_test

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/web"
)

// consoleOptions change what newConsoleWith starts.
type consoleOptions struct {
	// edge is what the server is told stands in front of it.
	edge web.Edge
	// own gives the console a demo database of its own, for a test whose
	// failed sign-ins would otherwise count against the shared demo's staff
	// and the tests' one client address (the limits are kept in the
	// database, shared by every console over it), or that changes what it
	// reads.
	own bool
	// customers is the size of an own demo; 0 means demoCustomers.
	customers int
}

// newConsoleWith starts a server as newConsole does, with o.
func newConsoleWith(tb testing.TB, o consoleOptions) *console {
	tb.Helper()
	st, res := demoDB(tb)
	if o.own {
		st, res = ownDemo(tb, cmp.Or(o.customers, demoCustomers))
	}
	clock := tact.NewManualClock(consoleTime)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log})
	srv := httptest.NewServer(server.New(a, log, server.WithEdge(o.edge)).Handler())
	tb.Cleanup(srv.Close)
	return &console{srv: srv, app: a, clock: clock, res: res}
}

// ownDemo builds a demo like the shared one of customers, in the test's own
// folder.
func ownDemo(tb testing.TB, customers int) (app.Stores, *demo.Result) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "demo.db"), sqlite.Options{Synchronous: sqlite.SyncNormal})
	must(tb, "open", err)
	tb.Cleanup(func() { db.Close() })
	_, err = db.Migrate(ctx)
	must(tb, "migrate", err)
	st := db.Stores()
	res, err := demo.Build(ctx, st, demo.Options{Seed: 1, Customers: customers, Now: demoNow})
	must(tb, "demo", err)
	return st, res
}

// setCookies are the Set-Cookie headers of a response, by cookie name.
func setCookies(resp *http.Response) map[string]*http.Cookie {
	out := map[string]*http.Cookie{}
	for _, c := range resp.Cookies() {
		out[c.Name] = c
	}
	return out
}

// TestSecureCookiesBehindTLSProxy: told that people reach it over HTTPS
// (tact serve --public-url https://…), the server marks every cookie of the
// console and the space Secure and sends Strict-Transport-Security, though
// the request from the proxy came over plain HTTP; not told, it does
// neither, and X-Forwarded-Proto changes nothing.
func TestSecureCookiesBehindTLSProxy(t *testing.T) {
	t.Parallel()
	for _, https := range []bool{true, false} {
		c := newConsoleWith(t, consoleOptions{edge: web.Edge{HTTPS: https}})
		b := c.browser(t)
		var got []*http.Cookie
		resp, page := b.get("/console/login?lang=en", "X-Forwarded-Proto", "https")
		got = append(got, resp.Cookies()...)
		sts := resp.Header.Get("Strict-Transport-Security")
		resp, _ = b.post("/console/login", url.Values{"email": {c.staff(t, "advisor", tact.FR).Email}, "password": {demo.StaffPassword},
			"csrf_token": {csrf(t, page)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("https=%v: sign-in %d", https, resp.StatusCode)
		}
		got = append(got, resp.Cookies()...)
		resp, _ = b.get("/space/login", "X-Forwarded-Proto", "https")
		got = append(got, resp.Cookies()...)
		names := map[string]bool{}
		for _, ck := range got {
			names[ck.Name] = true
			if ck.Secure != https {
				t.Errorf("https=%v: cookie %s Secure=%v", https, ck.Name, ck.Secure)
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("https=%v: cookie %s HttpOnly=%v SameSite=%v", https, ck.Name, ck.HttpOnly, ck.SameSite)
			}
		}
		for _, want := range []string{"tact_lang", "tact_visitor", "tact_session", "tact_space_visitor"} {
			if !names[want] {
				t.Errorf("https=%v: no cookie %s among %v", https, want, names)
			}
		}
		if want := map[bool]string{true: web.StrictTransportSecurity, false: ""}[https]; sts != want || resp.Header.Get("Strict-Transport-Security") != want {
			t.Errorf("https=%v: Strict-Transport-Security %q and %q, want %q", https, sts, resp.Header.Get("Strict-Transport-Security"), want)
		}
	}
}

// TestSignInLimitPerForwardedClient: the sign-in limit per client address
// counts under the connection's peer, whatever X-Forwarded-For says, unless
// the peer is a trusted proxy; then under the client it forwarded for.
func TestSignInLimitPerForwardedClient(t *testing.T) {
	t.Parallel()
	attempt := func(c *console, n int, client string) int {
		t.Helper()
		b := c.browser(t)
		_, page := b.get("/console/login")
		form := url.Values{"email": {"nobody-" + strings.Repeat("x", n) + "@operateur-demo.example"}, "password": {"guess"}, "csrf_token": {csrf(t, page)}}
		req, err := http.NewRequest(http.MethodPost, c.srv.URL+"/console/login", strings.NewReader(form.Encode()))
		must(t, "request", err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		resp, _ := b.do(req)
		return resp.StatusCode
	}
	t.Run("no trusted proxy", func(t *testing.T) {
		t.Parallel()
		c := newConsoleWith(t, consoleOptions{own: true})
		for i := 1; i <= session.MaxFailures; i++ {
			if got := attempt(c, i, "198.51.100."+string(rune('0'+i))); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i, got)
			}
		}
		// Another email, another forwarded address: the same peer.
		if got := attempt(c, 9, "192.0.2.99"); got != http.StatusTooManyRequests {
			t.Errorf("a new X-Forwarded-For after %d failures: %d, want 429", session.MaxFailures, got)
		}
	})
	t.Run("behind a trusted proxy", func(t *testing.T) {
		t.Parallel()
		loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
		c := newConsoleWith(t, consoleOptions{own: true, edge: web.Edge{TrustedProxies: loopback}})
		for i := 1; i <= session.MaxFailures; i++ {
			if got := attempt(c, i, "203.0.113.7"); got != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d, want 401", i, got)
			}
		}
		if got := attempt(c, 8, "198.51.100.1"); got != http.StatusUnauthorized {
			t.Errorf("another client behind the proxy: %d, want 401 (its own count)", got)
		}
		if got := attempt(c, 9, "203.0.113.7"); got != http.StatusTooManyRequests {
			t.Errorf("the client with %d failures: %d, want 429", session.MaxFailures, got)
		}
		// A forged hop to the left of the proxy's own changes nothing.
		if got := attempt(c, 10, "192.0.2.1, 203.0.113.7"); got != http.StatusTooManyRequests {
			t.Errorf("the same client behind a forged hop: %d, want 429", got)
		}
	})
}
