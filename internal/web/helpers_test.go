package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
)

// demoNow is when the tests' demo's history ends: a Tuesday. The console's
// clock stands at 15:00 UTC that day (10:00 in Montréal, 16:00 in Paris).
var (
	demoNow     = time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC)
	consoleTime = demoNow.Add(15 * time.Hour)
)

// demoCustomers keeps the demo small: the five story customers and a crowd
// to search among, built in a second or two.
const demoCustomers = 40

// shared is the demo database the tests read, built once; each test runs its
// own console (own services and clock) over it. The sign-in limits are
// counted in the database: a test that fails sign-ins on purpose runs over a
// demo of its own (newConsoleWith).
var shared struct {
	once   sync.Once
	dir    string
	stores app.Stores
	res    *demo.Result
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	if spaceShared.dir != "" {
		os.RemoveAll(spaceShared.dir)
	}
	os.Exit(code)
}

// demoDB returns the shared demo's stores and description.
func demoDB(tb testing.TB) (app.Stores, *demo.Result) {
	tb.Helper()
	shared.once.Do(func() {
		ctx := context.Background()
		if shared.dir, shared.err = os.MkdirTemp("", "tact-web-test"); shared.err != nil {
			return
		}
		db, err := sqlite.Open(ctx, filepath.Join(shared.dir, "demo.db"), sqlite.Options{Synchronous: sqlite.SyncNormal})
		if err != nil {
			shared.err = err
			return
		}
		if _, shared.err = db.Migrate(ctx); shared.err != nil {
			return
		}
		shared.stores = db.Stores()
		shared.res, shared.err = demo.Build(ctx, shared.stores, demo.Options{Seed: 1, Customers: demoCustomers, Now: demoNow})
	})
	if shared.err != nil {
		tb.Fatalf("demo: %v", shared.err)
	}
	return shared.stores, shared.res
}

// console is a running tact server over the shared demo.
type console struct {
	srv   *httptest.Server
	app   *app.App
	clock *tact.ManualClock
	res   *demo.Result
}

// newConsole starts a server over the shared demo with its own services.
func newConsole(tb testing.TB) *console {
	tb.Helper()
	st, res := demoDB(tb)
	clock := tact.NewManualClock(consoleTime)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log})
	srv := httptest.NewServer(server.New(a, log).Handler())
	tb.Cleanup(srv.Close)
	return &console{srv: srv, app: a, clock: clock, res: res}
}

// story returns the demo customer of a story by key.
func (c *console) story(tb testing.TB, key string) demo.Story {
	tb.Helper()
	for _, s := range c.res.Stories {
		if s.Key == key {
			return s
		}
	}
	tb.Fatalf("no story %q", key)
	return demo.Story{}
}

// staff returns the first demo staff member of a role and jurisdiction.
func (c *console) staff(tb testing.TB, role string, j tact.Jurisdiction) demo.Staff {
	tb.Helper()
	for _, s := range c.res.Staff {
		if string(s.Role) == role && s.Jurisdiction == j {
			return s
		}
	}
	tb.Fatalf("no %s in %s", role, j)
	return demo.Staff{}
}

// browser is an HTTP client with its own cookies that does not follow
// redirects, so tests see them.
type browser struct {
	tb     testing.TB
	c      *console
	client *http.Client
}

func (c *console) browser(tb testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{tb: tb, c: c, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches a console path and returns the response and its body.
func (b *browser) get(path string, header ...string) (*http.Response, string) {
	b.tb.Helper()
	req, err := http.NewRequest(http.MethodGet, b.c.srv.URL+path, nil)
	if err != nil {
		b.tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// post sends a form to a console path.
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.tb.Helper()
	req, err := http.NewRequest(http.MethodPost, b.c.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.tb.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.tb.Fatal(err)
	}
	return resp, string(body)
}

var csrfInput = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]{64})"`)

// csrf returns the anti-forgery token of a page's forms.
func csrf(tb testing.TB, page string) string {
	tb.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		tb.Fatalf("no CSRF token in the page:\n%s", page)
	}
	return m[1]
}

// signIn fills the sign-in form as a person would and returns the answer to
// the post.
func (b *browser) signIn(email, password string) (*http.Response, string) {
	b.tb.Helper()
	_, page := b.get("/console/login")
	return b.post("/console/login", url.Values{"email": {email}, "password": {password}, "csrf_token": {csrf(b.tb, page)}, "next": {"/console/"}})
}

// mustSignIn signs in and fails the test unless it worked.
func (b *browser) mustSignIn(email string) {
	b.tb.Helper()
	resp, body := b.signIn(email, demo.StaffPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/" {
		b.tb.Fatalf("sign in as %s: %d %s\n%s", email, resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

// contains fails the test unless page holds every want.
func contains(tb testing.TB, what, page string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			tb.Errorf("%s does not contain %q", what, w)
		}
	}
	if tb.Failed() {
		tb.Logf("%s:\n%s", what, page)
	}
}

// must fails the test on an error.
func must(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// appClient is where the tests' direct sign-ins come from.
var appClient = app.Client{IP: "192.0.2.10", UserAgent: "go test"}
