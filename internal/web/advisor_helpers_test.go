package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/mail/mailtest"
	"github.com/tactcrm/tact/internal/server"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// advisorCustomers keeps a test's own demo small: the five story customers
// and a few others.
const advisorCustomers = 12

// newOwnConsole starts a console over a demo of its own, for a test that
// changes the story customers' matters (hands a case off, sends an offer,
// keeps a promise) where the shared demo's readers would see it. Email goes
// to an SMTP server of the test's own; letters to a print queue folder.
func newOwnConsole(tb testing.TB) (*console, *mailtest.Server) {
	tb.Helper()
	ctx := context.Background()
	db := testenv.SQLite(tb)
	st := db.Stores()
	res, err := demo.Build(ctx, st, demo.Options{Seed: 1, Customers: advisorCustomers, Now: demoNow})
	must(tb, "demo", err)
	smtp := mailtest.Start(tb)
	sender, err := mail.NewSMTP(mail.Config{URL: smtp.URL(), From: "Opérateur Démo <service-client@operateur-demo.example>"})
	must(tb, "mailer", err)
	clock := tact.NewManualClock(consoleTime)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(st, app.Options{Clock: clock, Logger: log, Mailer: sender, PrintQueue: filepath.Join(tb.TempDir(), "print")})
	srv := httptest.NewServer(server.New(a, log).Handler())
	tb.Cleanup(srv.Close)
	return &console{srv: srv, app: a, clock: clock, res: res}, smtp
}

// staffByName returns a demo staff member by full name.
func (c *console) staffByName(tb testing.TB, name string) demo.Staff {
	tb.Helper()
	for _, s := range c.res.Staff {
		if s.Name == name {
			return s
		}
	}
	tb.Fatalf("no staff member %q", name)
	return demo.Staff{}
}

// submit fills a page's form as a person would: the page's CSRF token, the
// version it shows (when the form has one), and the fields given.
func (b *browser) submit(page, action string, fields url.Values) (*http.Response, string) {
	b.tb.Helper()
	form := url.Values{"csrf_token": {csrf(b.tb, page)}}
	if v := formVersion(page, action); v != "" {
		form.Set("version", v)
	}
	if k := formKey(page); k != "" && strings.HasSuffix(action, "/send") {
		form.Set("key", k)
	}
	for k, vs := range fields {
		form[k] = vs
	}
	return b.post(action, form)
}

// formVersion returns the version field of the form posting to action.
func formVersion(page, action string) string {
	i := strings.Index(page, `action="`+action+`#`)
	if i < 0 {
		return ""
	}
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page[i:])
	if m == nil {
		return ""
	}
	return m[1]
}

// formKey returns the once-only key of the page's send form.
func formKey(page string) string {
	m := regexp.MustCompile(`name="key" value="([0-9a-f]{32})"`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return m[1]
}

// mustRedirect fails the test unless resp is a 303 to a path starting with
// prefix, and returns the path.
func mustRedirect(tb testing.TB, what string, resp *http.Response, body, prefix string) string {
	tb.Helper()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		tb.Fatalf("%s: %d to %q, want 303 to %s…\n%s", what, resp.StatusCode, loc, prefix, body)
	}
	return loc
}

// fieldError returns the text of the error shown next to a field (by the
// id of its message), "" when none.
func fieldError(page, id string) string {
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.TrimSpace(html.UnescapeString(m[1]))
}

// at returns an instant in a zone's wall clock.
func at(tb testing.TB, zone string, y int, mo time.Month, d, h, mi int) time.Time {
	tb.Helper()
	loc, err := time.LoadLocation(zone)
	must(tb, "zone", err)
	return time.Date(y, mo, d, h, mi, 0, 0, loc)
}
