package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/tact"
)

// axeFile is axe-core, vendored for the tests only (testdata/axe/README.md).
const axeFile = "testdata/axe/axe.min.js"

// axeTags are the rules axe runs: every success criterion of WCAG 2.0 and
// 2.1 at levels A and AA that a machine can check, and axe's best practices
// (landmarks, the order of headings, one h1, no empty table header), which
// the console holds itself to as well.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeReviewed are the results axe leaves for a person to decide
// ("incomplete") that were decided: the rule, the elements it is about (a
// CSS selector) and why they pass. Any other incomplete result fails the
// test, as a violation does: a colour axe cannot measure is not a colour
// known to be right.
var axeReviewed = []struct{ Rule, Selector, Why string }{
	{"frame-tested", "iframe#comparison",
		"axe runs in the page, not in its frames; the document the frame shows is checked on its own (the offer comparison document)"},
	{"color-contrast", "svg text",
		"axe cannot find the background of an SVG text; svgTextContrast measures it"},
	{"color-contrast", ".table-scroll tbody *",
		"the rows of a chart's table below the edge of its scrolling box are out of axe's sight; they have the colours of the rows above, which axe measures"},
}

// axeSource reads axe-core once for all the tests.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(axeFile)
	return string(b), err
})

// axeResult is one rule a page breaks (a violation), or one axe could not
// decide (needs review), with the elements concerned.
type axeResult struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// axeCheck runs axe-core on the page the tab shows and fails the test with
// every violation, and every result axe could not decide that is not in
// axeReviewed: its rule, impact, the element's selector and the help. It
// checks too that the page says its language, the one wanted, and that SVG
// text reads against its background.
func axeCheck(t *testing.T, ctx context.Context, page, lang string) {
	t.Helper()
	src, err := axeSource()
	must(t, "read "+axeFile, err)
	// Each page is a new document: axe is injected into each, by the
	// DevTools protocol, which the page's Content-Security-Policy does not
	// govern (the product never serves it).
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	must(t, page+": look for axe", err)
	if !loaded {
		must(t, page+": inject axe", chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)))
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	must(t, page+": lang", err)
	if got != lang {
		t.Errorf("%s: <html lang=%q>, want %q", page, got, lang)
	}
	tags, _ := json.Marshal(axeTags)
	reviewed, _ := json.Marshal(axeReviewed)
	// A page that never answers fails in seconds, not at the browser's end.
	run, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	rs, err := chromedp.Run(run, chromedp.Evaluate[[]axeResult](`(async () => {
  const reviewed = `+string(reviewed)+`;
  const r = await axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`},
    resultTypes: ["violations", "incomplete"], elementRef: true, iframes: false});
  const checks = n => n.any.concat(n.all, n.none).map(c => c.message).join("; ");
  const out = [];
  const add = (v, kind, nodes) => nodes.length && out.push({id: v.id, kind: kind, impact: v.impact || "", help: v.help,
    nodes: nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || checks(n)}))});
  for (const v of r.violations) add(v, "violation", v.nodes);
  for (const v of r.incomplete) add(v, "needs review", v.nodes.filter(n =>
    !reviewed.some(x => x.Rule === v.id && n.element && n.element.matches(x.Selector))));
  return out;
})()`, chromedp.EvalAwaitPromise))
	must(t, page+": axe.run", err)
	for _, r := range rs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s, %s (%s): %s", page, r.Kind, r.ID, r.Impact, r.Help)
		for _, n := range r.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s", strings.Join(n.Target, " "), strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		t.Error(b.String())
	}
	svgTextContrast(t, ctx, page)
}

// svgTextContrast measures what axe cannot: each SVG text's colour (its
// fill) against the background of the drawing it is in, at least 4.5:1
// (WCAG 1.4.3; the charts' labels are small text).
func svgTextContrast(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	jsCheck(t, ctx, page+": SVG text contrast", `(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
  const faults = [];
  for (const el of document.querySelectorAll("svg text")) {
    let bg = null;
    for (let p = el.parentElement; p && !bg; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3] === 1)) bg = c;
    }
    const fg = rgb(getComputedStyle(el).fill);
    if (!bg || fg.length < 3) { faults.push("no colour for " + el.outerHTML); continue; }
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) faults.push(el.outerHTML + " " + ratio.toFixed(2) + ":1");
  }
  return faults.join("; ");
})()`)
}

// visit opens a path of the test's server and waits for an element.
func visit(t *testing.T, ctx context.Context, base, path string, sel string) {
	t.Helper()
	must(t, "open "+path, chromedp.Do(ctx,
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(chromedp.CSS(sel)),
	))
}

// a11yLang is a language the pages are checked in: the value of the
// language switch (?lang=, remembered by a cookie), the lang attribute the
// pages then have, and the words of the skip link.
type a11yLang struct{ Switch, Tag, Skip string }

var (
	a11yFR = a11yLang{"fr", "fr-FR", "Aller au contenu"}
	a11yCA = a11yLang{"fr", "fr-CA", "Aller au contenu"}
	a11yEN = a11yLang{"en", "en", "Skip to content"}
)

// in is path with the language switch set to l.
func (l a11yLang) in(path string) string {
	if strings.Contains(path, "?") {
		return path + "&lang=" + l.Switch
	}
	return path + "?lang=" + l.Switch
}

// a11yPage is a page that needs nothing done to show: its path, and an
// element that tells it is there.
type a11yPage struct{ name, path, sel string }

// checkPages opens each page in the language l and runs axe on it.
func checkPages(t *testing.T, ctx context.Context, base string, l a11yLang, pages []a11yPage) {
	t.Helper()
	for _, p := range pages {
		visit(t, ctx, base, l.in(p.path), p.sel)
		axeCheck(t, ctx, p.name+" ("+l.Tag+")", l.Tag)
	}
}

// TestBrowserAccessibility runs axe-core in Chromium over every page of the
// console and of the customer's space, with the WCAG 2.0/2.1 A and AA rules,
// each page in French and in English: the advisor's pages (fr-FR), the
// supervision (fr-CA) and the space (fr-FR), side by side in one browser,
// each walk in a browser context of its own (its own cookies). On the
// sign-in pages, the brief and the space's bills it checks the keyboard
// too: the skip link, the Tab order, the focus shown.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	if _, err := axeSource(); err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	// The browser lives as long as the test may; each walk has its own
	// time limit from when it starts (tabIn), since a parallel walk may
	// wait minutes for its turn while the rest of the package runs.
	browser := chromeIn(t, "fr-FR", 30*time.Minute)
	must(t, "start Chromium", chromedp.Do(browser, chromedp.Navigate("about:blank")))
	for _, walk := range []struct {
		name string
		run  func(*testing.T, context.Context)
	}{{"advisor", a11yAdvisor}, {"supervision", a11ySupervision}, {"space", a11ySpace}} {
		t.Run(walk.name, func(t *testing.T) {
			t.Parallel()
			walk.run(t, browser)
		})
	}
}

// a11yWalkLimit is how long one walk of TestBrowserAccessibility may take
// from its tab's opening.
const a11yWalkLimit = 4 * time.Minute

// tabIn opens a tab of the browser in a browser context of its own, asking
// for pages in lang (its Accept-Language), for a11yWalkLimit from now.
func tabIn(t *testing.T, browser context.Context, lang string) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	must(t, "user agent", err)
	must(t, "Accept-Language", chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: lang})
		return err
	})))
	// Not before the tab's first Run: chromedp ties a tab to the context
	// that opened it, and this one's end must not close it.
	ctx, cancelLimit := context.WithTimeout(ctx, a11yWalkLimit)
	t.Cleanup(cancelLimit)
	return ctx
}

// setBypassCSP lifts the page's Content-Security-Policy, or puts it back:
// a document whose policy forbids scripts (a sandbox) can take axe only so.
func setBypassCSP(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	must(t, "bypass the CSP", chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: on})
		return err
	})))
}

// a11yAdvisor walks the advisor's pages over the shared demo, reading only
// (but for one contact decision, as TestBrowserStory4MayICall asks too),
// in fr-FR then in English.
func a11yAdvisor(t *testing.T, browser context.Context) {
	start := time.Now()
	c := newConsole(t)
	ctx := tabIn(t, browser, "fr-FR")
	s2, s3 := c.story(t, "offer"), c.story(t, "cancellation")
	advisor := c.staffByName(t, "Thomas Renaud")
	u := c.srv.URL

	for _, l := range []a11yLang{a11yEN, a11yFR} {
		visit(t, ctx, u, l.in("/console/login"), "#email")
		axeCheck(t, ctx, "console sign-in ("+l.Tag+")", l.Tag)
	}
	keyboardOrder(t, ctx, "console sign-in", a11yFR)
	// Signed in from the keyboard alone.
	tabTo(t, ctx, "#email", 10)
	must(t, "sign in from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(advisor.Email),
		chromedp.KeyEvent(kb.Tab),
		chromedp.KeyEvent(demo.StaffPassword+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	brief := "/console/customers/" + s2.CustomerID
	var verdict string
	for _, l := range []a11yLang{a11yFR, a11yEN} {
		visit(t, ctx, u, l.in("/console/"), "#q")
		axeCheck(t, ctx, "search ("+l.Tag+")", l.Tag)
		must(t, "search", chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("q"), "Courtecuisse"),
			chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`#results a[href="/console/customers/`+s2.CustomerID+`"]`)),
		))
		axeCheck(t, ctx, "search with results ("+l.Tag+")", l.Tag)
		visit(t, ctx, u, l.in(brief), "#contact-form")
		axeCheck(t, ctx, "customer brief ("+l.Tag+")", l.Tag)
		if verdict == "" {
			keyboardOrder(t, ctx, "customer brief", l)
			verdict = keyboardContact(t, ctx, u)
		} else {
			visit(t, ctx, u, l.in(verdict), "#verdict")
		}
		axeCheck(t, ctx, "verdict ("+l.Tag+")", l.Tag)
		checkPages(t, ctx, u, l, []a11yPage{
			{"may I contact", brief + "/contact", "#contact-form"},
			{"timeline", brief + "/timeline", "ol.timeline"},
			{"case", "/console/cases/" + s3.CaseID, "#history"},
			{"new case", brief + "/cases/new", "#case-form"},
		})
		// A form refused shows its faults next to the fields.
		must(t, "open an empty case", chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`#case-form button[type=submit]`)),
			chromedp.WaitVisible(chromedp.ID("case-subject-err")),
		))
		axeCheck(t, ctx, "new case refused ("+l.Tag+")", l.Tag)
		checkPages(t, ctx, u, l, []a11yPage{
			{"new promise", brief + "/promises/new", "#promise-form"},
			{"promise", "/console/promises/" + s2.CommitmentID, "#promise-h"},
			{"offers", brief + "/offers", "#fitting"},
			{"offer comparison", brief + "/offers/FR-PASSAGE-100G", "#comparison"},
			{"error page", "/console/customers/cus_01AAAAAAAAAAAAAAAAAAAAAAAA", "main h1"},
		})
	}
	// The document in the comparison's frame, on its own, once: it is in
	// the customer's language whatever the console's.
	setBypassCSP(t, ctx, true)
	visit(t, ctx, u, brief+"/offers/FR-PASSAGE-100G/document", "h1")
	axeCheck(t, ctx, "offer comparison document", "fr-FR")
	setBypassCSP(t, ctx, false)
	t.Logf("the advisor's pages checked in %s", time.Since(start).Round(time.Millisecond))
}

// focusStop is where a Tab lands: the element, its form, whether its focus
// shows, and its rank among the page's focusable elements (-1 for none,
// when keyboardOrder ranked them).
type focusStop struct {
	ID, Tag, Form, Type, Text string
	// Shown is an outline or a ring at least 2 px thick, as the CSS's
	// :focus-visible draws, on an element that has a size.
	Shown bool
	Rank  int
}

// tab presses Tab and returns where the focus went.
func tab(t *testing.T, ctx context.Context) focusStop {
	t.Helper()
	must(t, "Tab", chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[focusStop](`(() => { const el = document.activeElement;
  if (!el || el === document.body) return {Tag: "body", Rank: -1};
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  return {ID: el.id, Tag: el.tagName.toLowerCase(), Form: el.form ? el.form.id : "", Type: el.type || "",
    Text: (el.textContent || el.value || "").trim().slice(0, 40), Shown: ring && r.width > 0 && r.height > 0,
    Rank: el.dataset.a11yRank === undefined ? -1 : +el.dataset.a11yRank};
})()`))
	must(t, "the focused element", err)
	return got
}

// fromTop puts the keyboard's starting point at the top of the page, before
// the skip link, as when the page has just opened and nothing is focused
// (a sign-in page's autofocus moved it).
func fromTop(t *testing.T, ctx context.Context) {
	t.Helper()
	jsCheck(t, ctx, "focus the top", `(() => { const s = document.createElement("span"); s.tabIndex = -1;
  document.body.prepend(s); s.focus(); s.addEventListener("blur", () => s.remove()); return ""; })()`)
}

// tabTo presses Tab from the top of the page until the focus is on the
// element sel matches, at most max times, and fails if any stop on the way
// does not show its focus. It returns the stops, that one last.
func tabTo(t *testing.T, ctx context.Context, sel string, max int) []focusStop {
	t.Helper()
	fromTop(t, ctx)
	var stops []focusStop
	for range max {
		s := tab(t, ctx)
		stops = append(stops, s)
		if !s.Shown {
			t.Errorf("Tab %d reaches %+v: its focus does not show", len(stops), s)
		}
		at, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.matches(`+strconv.Quote(sel)+`)`))
		must(t, "match "+sel, err)
		if at {
			return stops
		}
	}
	t.Fatalf("%d Tabs and the focus never reaches %s; it went %+v", max, sel, stops)
	return nil
}

// rankFocusable numbers, in the document's order, the elements Tab should
// reach on the page (data-a11y-rank), and returns them described: what can
// be focused, is rendered (not in a closed <details>) and is not disabled; of a group of radio buttons the
// checked one, else the first. A positive tabindex, which would reorder
// them, is a fault.
const rankFocusable = `(() => {
  const sel = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, [tabindex], [contenteditable]';
  const out = [], radios = new Map();
  for (const el of document.querySelectorAll(sel)) {
    delete el.dataset.a11yRank;
    if (el.tabIndex > 0) out.push("FAULT tabindex=" + el.tabIndex + " on " + el.outerHTML.slice(0, 80));
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert]")) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.type === "radio") {
      const key = (el.form ? el.form.id : "") + "/" + el.name;
      const group = [...document.getElementsByName(el.name)].filter(r => r.form === el.form);
      if (el !== (group.find(r => r.checked) || group[0])) continue;
      if (radios.has(key)) continue;
      radios.set(key, true);
    }
    el.dataset.a11yRank = out.length;
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().slice(0, 30));
  }
  return out;
})()`

// keyboardOrder checks a page from the keyboard alone: from the top, Tab
// reaches each element that can be focused, in the document's order (the
// order it is read in), once each (a date field's parts and calendar button
// count as the field), every stop showing its focus; the first is the skip
// link, which moves the focus to the main content, from where Tab goes on
// to the content's first element.
func keyboardOrder(t *testing.T, ctx context.Context, pageName string, l a11yLang) {
	t.Helper()
	want, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](rankFocusable))
	must(t, pageName+": rank the focusable elements", err)
	for _, w := range want {
		if strings.HasPrefix(w, "FAULT") {
			t.Errorf("%s: %s", pageName, w)
		}
	}
	fromTop(t, ctx)
	var stops []focusStop
	next := 0 // the rank the next new stop should have
	for range 3*len(want) + 3 {
		s := tab(t, ctx)
		if n := len(stops); n > 0 && s.Rank >= 0 && s.Rank == stops[n-1].Rank {
			continue // a date field's next part
		}
		stops = append(stops, s)
		if !s.Shown {
			t.Errorf("%s: Tab %d reaches %+v: its focus does not show", pageName, len(stops), s)
		}
		if s.Rank != next {
			t.Errorf("%s: Tab %d reaches %+v, want %q (rank %d); the order wanted is %q", pageName, len(stops), s, want[min(next, len(want)-1)], next, want)
			return
		}
		next++
		if next == len(want) {
			break
		}
	}
	if next != len(want) {
		t.Errorf("%s: Tab reached %d of the %d elements: %+v", pageName, next, len(want), stops)
	}
	if first := stops[0]; first.Tag != "a" || first.Text != l.Skip {
		t.Errorf("%s: the first Tab reaches %+v, want the skip link %q", pageName, first, l.Skip)
	}
	// The skip link, followed.
	fromTop(t, ctx)
	tab(t, ctx)
	must(t, pageName+": follow the skip link", chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	jsCheck(t, ctx, pageName+": after the skip link", `document.activeElement.id === "content" && location.hash === "#content" ? "" : "the focus is on " + document.activeElement.outerHTML.slice(0, 80)`)
	in := tab(t, ctx)
	jsCheck(t, ctx, pageName+": Tab after the skip link", `(() => { const first = document.querySelector("#content [data-a11y-rank]");
  return !first || document.activeElement === first ? "" : "the focus is on " + document.activeElement.outerHTML.slice(0, 80) + ", not on the content's first element " + first.outerHTML.slice(0, 80); })()`)
	if !in.Shown {
		t.Errorf("%s: after the skip link, Tab reaches %+v: its focus does not show", pageName, in)
	}
}

// keyboardContact is the advisor's main flow from the keyboard alone, on
// the brief: Tab reaches "may I contact"'s fields and its button, every
// stop showing its focus; Enter sends it and the verdict shows. It returns
// the verdict's path.
func keyboardContact(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	var fields []string
	for _, s := range tabTo(t, ctx, "#contact-form button[type=submit]", 80) {
		if s.Form == "contact-form" {
			fields = append(fields, s.ID)
		}
	}
	for _, want := range []string{"contact-purpose", "contact-channel", "contact-at", "contact-caller", "contact-subject"} {
		if !slices.Contains(fields, want) {
			t.Errorf("Tab went through %v in may I contact, not %s", fields, want)
		}
	}
	must(t, "send from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("verdict")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	must(t, "the verdict's path", err)
	return loc
}

// a11ySupervision walks the supervision's pages, in fr-CA and in English,
// over a demo of its own where the quality job and the overdue sweep have
// run.
func a11ySupervision(t *testing.T, browser context.Context) {
	start := time.Now()
	c := newPrivateConsole(t)
	runQualityJob(t, c)
	_, err := c.app.Commitments.Sweep(context.Background())
	must(t, "Sweep", err)
	ctx := tabIn(t, browser, "fr-CA")
	sup := c.staff(t, "supervisor", tact.CAQC)
	bill := c.heldBill(t)
	u := c.srv.URL

	signInTab(t, ctx, c, sup.Email)
	// A customer's record read, for the records read to list.
	story := c.story(t, "tactless")
	visit(t, ctx, u, "/console/customers/"+story.CustomerID, "#how-to")
	for _, l := range []a11yLang{a11yCA, a11yEN} {
		checkPages(t, ctx, u, l, []a11yPage{
			{"quality dashboard", "/console/supervision/?jurisdiction=FR", "#fcr svg"},
			{"overdue promises", "/console/supervision/promises", "#promises"},
			{"breaches", "/console/supervision/breaches", "#breaches"},
			{"held bills", "/console/supervision/bills", "#bills"},
			{"held bill", "/console/supervision/bills/" + bill.ID, "#adjust"},
			{"refused decisions", "/console/supervision/decisions", "#counts"},
			{"records read", "/console/supervision/reads", "#reads"},
			{"records read of a customer", "/console/supervision/reads?customer=" + story.CustomerID, "#reads tbody tr"},
		})
	}
	t.Logf("the supervision's pages checked in %s", time.Since(start).Round(time.Millisecond))
}

// a11ySpace walks a customer's space in fr-FR and in English: signs in with
// a code, reads each page, disputes a line, then cancels in three steps
// from the keyboard and reads his receipt.
func a11ySpace(t *testing.T, browser context.Context) {
	start := time.Now()
	s := newSpace(t)
	c := s.crowd(t, 12)
	bill := s.sentBill(t, c, s.thirdPartyCharge(t, c))
	as := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorToken, ID: "tok_test", Name: "test"})
	_, err := s.app.Commitments.Make(as, commitment.Draft{CustomerID: c.ID, Kind: commitment.IssueCredit, Subject: "contract_adaptation",
		Words: "Je vous fais un avoir de 10 € sur la prochaine facture.", Channel: tact.ChannelEmail, Due: consoleTime.Add(48 * time.Hour),
		OwnerID: s.staff(t, "advisor", tact.FR).ID})
	must(t, "Commitments.Make", err)
	offers, err := s.app.Offers.ForCustomer(context.Background(), c.ID)
	must(t, "Offers.ForCustomer", err)
	if len(offers.Offers) == 0 {
		t.Fatalf("customer %s has no offer to read", c.ID)
	}
	if c.Language != tact.LangFrFR {
		t.Fatalf("customer %s speaks %s, want fr-FR", c.ID, c.Language)
	}
	ctx := tabIn(t, browser, "fr-FR")
	u := s.srv.URL
	email := primaryEmail(c)

	// Signed out, each language: the sign-in page, then the code page.
	var before int
	for _, l := range []a11yLang{a11yEN, a11yFR} {
		visit(t, ctx, u, l.in("/space/login"), "#email")
		axeCheck(t, ctx, "space sign-in ("+l.Tag+")", l.Tag)
		if l == a11yFR {
			keyboardOrder(t, ctx, "space sign-in", l)
		}
		before = len(s.smtp.Messages())
		must(t, "ask a code", chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.Click(chromedp.CSS(`#ask-code button[type=submit]`)),
			chromedp.WaitVisible(chromedp.ID("code")),
		))
		axeCheck(t, ctx, "code page ("+l.Tag+")", l.Tag)
	}
	must(t, "type the code", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), s.codeFor(t, email, before)),
		chromedp.Click(chromedp.CSS(`#sign-in button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/space/bills"]`)),
	))
	for _, l := range []a11yLang{a11yFR, a11yEN} {
		checkPages(t, ctx, u, l, []a11yPage{
			{"space home", "/space/", `a[href="/space/bills"]`},
			{"bills", "/space/bills", "table.results"},
		})
		if l == a11yFR {
			keyboardOrder(t, ctx, "space bills", l)
		}
		checkPages(t, ctx, u, l, []a11yPage{
			{"bill", "/space/bills/" + bill.ID, "tr.line-third_party"},
			{"promises", "/space/promises", "#open-h"},
			{"offers", "/space/offers", "main h1"},
			{"preferences", "/space/preferences", "#preferences"},
			{"password", "/space/security", "#password-form"},
			{"space error page", "/space/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA", "main h1"},
		})
	}
	// The documents are in the customer's language, whichever the space's.
	for _, p := range []a11yPage{
		{"bill document", "/space/bills/" + bill.ID + "/document", "h1"},
		{"offer document", "/space/offers/" + offers.Offers[0].Offer.Code + "/document", "h1"},
	} {
		visit(t, ctx, u, p.path, p.sel)
		axeCheck(t, ctx, p.name, "fr-FR")
	}
	// A dispute in English, then the bill with the line disputed in French.
	visit(t, ctx, u, a11yEN.in("/space/bills/"+bill.ID), "tr.line-third_party")
	must(t, "dispute the third-party line", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`tr.line-third_party form.dispute button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("dispute-done")),
	))
	axeCheck(t, ctx, "bill, a line just disputed (en)", "en")
	checkPages(t, ctx, u, a11yFR, []a11yPage{{"bill, a line disputed", "/space/bills/" + bill.ID, "tr.line-third_party .badge"}})

	// The cancellation: the form in each language, then from the keyboard
	// alone its three steps, the first in French, the others in English,
	// each page checked in both.
	checkPages(t, ctx, u, a11yEN, []a11yPage{{"cancel form", "/space/cancel", "#cancel"}})
	checkPages(t, ctx, u, a11yFR, []a11yPage{{"cancel form", "/space/cancel", "#cancel"}})
	tabTo(t, ctx, "#cancel button[type=submit]", 40)
	must(t, "send the request from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("confirm")),
	))
	axeCheck(t, ctx, "cancellation summary (fr-FR)", "fr-FR")
	summary, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	must(t, "the summary's path", err)
	checkPages(t, ctx, u, a11yEN, []a11yPage{{"cancellation summary", summary, "#confirm"}})
	tabTo(t, ctx, "#confirm button[type=submit]", 40)
	must(t, "confirm from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("receipt-end")),
	))
	axeCheck(t, ctx, "receipt (en)", "en")
	checkPages(t, ctx, u, a11yFR, []a11yPage{{"receipt", summary + "/receipt", "#receipt-end"}})
	visit(t, ctx, u, summary+"/receipt/document", "h1")
	axeCheck(t, ctx, "receipt document", "fr-FR")
	t.Logf("the space's pages checked in %s", time.Since(start).Round(time.Millisecond))
}
