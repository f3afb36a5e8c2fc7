package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// ScreenshotsEnv names a folder (relative to the repository's root, or
// absolute) the browser tests write their screenshots to, e.g.
// TACT_SCREENSHOTS=docs/screenshots; unset, they take none.
const screenshotsEnv = "TACT_SCREENSHOTS"

// chrome starts a headless Chromium for the test and returns a tab. Each
// call has its own browser, so its own cookies.
func chrome(t *testing.T) context.Context {
	t.Helper()
	return chromeIn(t, "fr-FR", 90*time.Second)
}

// chromeIn is chrome with a browser asking for pages in lang (its
// Accept-Language), stopped after timeout.
func chromeIn(t *testing.T, lang string, timeout time.Duration) context.Context {
	t.Helper()
	path := testenv.Chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		// Root (CI, containers) cannot use Chromium's sandbox; the pages
		// are our own, served from this process.
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 1000),
		chromedp.Flag("lang", lang),
		// Headless Chromium ignores --lang for the Accept-Language header.
		chromedp.Flag("accept-lang", lang),
	)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	return ctx
}

// text returns the visible text of the first element sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	must(t, "text of "+sel, err)
	return s
}

// jsCheck evaluates a script that returns "" when all is well, or what is
// wrong.
func jsCheck(t *testing.T, ctx context.Context, what, script string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	must(t, what, err)
	if got != "" {
		t.Errorf("%s: %s", what, got)
	}
}

// TestBrowserStory4Brief is story 4 on the screen: an advisor of Québec signs
// in, finds Mr Tardif-Beaulieu, opens him, and reads before any word that he
// is addressed "vous", owns an iPhone, and is on the largest plan.
func TestBrowserStory4Brief(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	ctx := chrome(t)
	// Not the advisor TestSignInSearchAndBrief signs in as: that test counts
	// its own reads of the same customer in the same database.
	var advisor demo.Staff
	for _, u := range c.res.Staff {
		if u.Role == "advisor" && u.Jurisdiction == tact.CAQC {
			advisor = u
		}
	}
	story := c.story(t, "tactless")
	b, err := c.app.Briefs.Get(context.Background(), story.CustomerID)
	must(t, "Briefs.Get", err)
	if len(b.Lines) == 0 || !b.Lines[0].TopTier {
		t.Fatalf("story 4's customer is not on the largest plan: %+v", b.Lines)
	}
	planName := b.Lines[0].PlanName.FR

	// The console sends a signed-out browser to the sign-in page.
	must(t, "open the console", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/"),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/console/login?next=") {
		t.Errorf("signed out, the console is at %s", loc)
	}
	checkAccessible(t, ctx, "sign-in page")
	must(t, "sign in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), advisor.Email),
		chromedp.SendKeys(chromedp.ID("password"), demo.StaffPassword),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	checkAccessible(t, ctx, "search page")

	// Search through htmx: the results replace part of the page.
	must(t, "search", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("q"), "Tardif-Beaulieu"),
		chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results a[href="/console/customers/`+story.CustomerID+`"]`)),
	))
	must(t, "open the customer", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#results a[href="/console/customers/`+story.CustomerID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("how-to")),
	))
	if got := text(t, ctx, "#how-to"); !strings.HasPrefix(got, "Vouvoyer") || !strings.Contains(got, "M. Tardif-Beaulieu") {
		t.Errorf("the form of address reads %q, want Vouvoyer — M. Tardif-Beaulieu", got)
	}
	// It is the first thing in the page's content.
	jsCheck(t, ctx, "the first heading", `(() => { const h = document.querySelector("main h1, main h2"); return h && h.id === "how-to" ? "" : "first heading is " + (h && h.outerHTML); })()`)
	if got := text(t, ctx, "#devices"); !strings.Contains(got, "iPhone 16 Pro") {
		t.Errorf("devices read %q, want his iPhone 16 Pro", got)
	}
	if got := text(t, ctx, "#lines"); !strings.Contains(got, planName) || !strings.Contains(got, "Forfait le plus élevé") {
		t.Errorf("lines read %q, want %s marked as the largest plan", got, planName)
	}
	if got := text(t, ctx, "#contacts"); !strings.Contains(got, "19:05") || !strings.Contains(got, "refusé") {
		t.Errorf("last contacts read %q, want the refused 19:05 sales call", got)
	}
	if got := text(t, ctx, "#timeline"); !strings.Contains(got, "Historique") {
		t.Errorf("timeline reads %q", got)
	}
	checkAccessible(t, ctx, "customer page")
	screenshot(t, ctx, "brief.png")

	// The English switch, remembered on the next page.
	must(t, "switch to English", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[hreflang=en]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=en] #how-to`)),
	))
	if got := text(t, ctx, "#lines"); !strings.Contains(got, "Largest plan") {
		t.Errorf("English lines read %q", got)
	}
	must(t, "back to search", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/console/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=en] #q`)),
	))

	// A form posted without its CSRF token is refused: the sign-out form,
	// its hidden token removed.
	must(t, "drop the token", chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/console/logout"] input[name=csrf_token]').remove()`)))
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/console/logout"] button`)))
	must(t, "post without the token", err)
	if resp.Status != 403 {
		t.Errorf("sign-out without its CSRF token answered %d, want 403", resp.Status)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "This form has expired") {
		t.Errorf("the 403 page reads %q", got)
	}
	// Still signed in; signing out with the token works.
	must(t, "sign out", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/"),
		chromedp.Click(chromedp.CSS(`form[action="/console/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "signed out") {
		t.Errorf("after signing out the page reads %q", got)
	}
}

// TestBrowserSignInLimit types a wrong password six times: five are told the
// password is wrong, the sixth is refused with the wait, even with the right
// password.
func TestBrowserSignInLimit(t *testing.T) {
	t.Parallel()
	// Its own demo: the failures count in the database, against the
	// staff member and the tests' one client address.
	c := newPrivateConsole(t)
	ctx := chrome(t)
	email := c.staff(t, "advisor", tact.FR).Email
	attempt := func(password string) (int64, string) {
		t.Helper()
		must(t, "open the sign-in page", chromedp.Do(ctx,
			chromedp.Navigate(c.srv.URL+"/console/login"),
			chromedp.WaitVisible(chromedp.ID("email")),
			chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.SendKeys(chromedp.ID("password"), password),
		))
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#login button[type=submit]`)))
		must(t, "submit", err)
		return resp.Status, text(t, ctx, "#alert")
	}
	for i := 1; i <= session.MaxFailures; i++ {
		status, alert := attempt("wrong password " + strings.Repeat("x", i))
		if status != 401 || alert != "Adresse e-mail ou mot de passe incorrect." {
			t.Fatalf("wrong password %d: %d %q, want 401 and the wrong-password message", i, status, alert)
		}
	}
	status, alert := attempt(demo.StaffPassword)
	if status != 429 || !strings.Contains(alert, "Trop de tentatives de connexion échouées") || !strings.Contains(alert, "15 minutes") {
		t.Errorf("attempt %d: %d %q, want 429 and the wait", session.MaxFailures+1, status, alert)
	}
}

// checkAccessible checks what a machine can of a page's accessibility: a
// lang attribute, one h1 and headings that never skip a level going down,
// a label for every visible input, a name for every button and link.
func checkAccessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	jsCheck(t, ctx, page+": accessibility", `(() => {
  const faults = [];
  if (!document.documentElement.lang) faults.push("no lang attribute");
  const hs = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => +h.tagName[1]);
  if (hs.filter(l => l === 1).length !== 1) faults.push("h1 count " + hs.filter(l => l === 1).length);
  if (hs[0] !== 1) faults.push("first heading is h" + hs[0]);
  for (let i = 1; i < hs.length; i++) if (hs[i] > hs[i-1] + 1) faults.push("h" + hs[i-1] + " then h" + hs[i]);
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const labelled = (el.id && document.querySelector('label[for="' + el.id + '"]')) || el.closest("label") || el.getAttribute("aria-label");
    if (!labelled) faults.push("no label for " + el.outerHTML);
  }
  for (const el of document.querySelectorAll("a, button")) {
    if (!el.textContent.trim() && !el.getAttribute("aria-label")) faults.push("no name for " + el.outerHTML);
  }
  return faults.join("; ");
})()`)
}

// screenshot saves the page to the screenshots folder, when one is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(repoRoot(t), dir)
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	must(t, "screenshot", err)
	must(t, "screenshots folder", os.MkdirAll(dir, 0o755))
	must(t, "write "+name, os.WriteFile(filepath.Join(dir, name), buf, 0o644))
	t.Logf("screenshot %s", filepath.Join(dir, name))
}

// repoRoot is the folder of go.mod above the test's working directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	must(t, "getwd", err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
