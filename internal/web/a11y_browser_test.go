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

// TestBrowserAccessibility runs axe-core in Chromium over every page family
// of the console and of the customer's space, with the WCAG 2.1 A and AA
// rules, one browser per family, in the three languages: the advisor's pages
// in fr-FR then in English, the supervision in fr-CA, the space in fr-FR
// (its sign-in page in English too).
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	if _, err := axeSource(); err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	t.Run("advisor", func(t *testing.T) {
		t.Parallel()
		a11yAdvisor(t)
	})
	t.Run("supervision", func(t *testing.T) {
		t.Parallel()
		a11ySupervision(t)
	})
	t.Run("space", func(t *testing.T) {
		t.Parallel()
		a11ySpace(t)
	})
}

// a11yAdvisor walks the advisor's pages over the shared demo, reading only
// (but for one contact decision, as TestBrowserStory4MayICall asks too).
func a11yAdvisor(t *testing.T) {
	start := time.Now()
	c := newConsole(t)
	ctx := chrome(t)
	must(t, "start", chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	s2, s3 := c.story(t, "offer"), c.story(t, "cancellation")
	advisor := c.staffByName(t, "Thomas Renaud")
	u := c.srv.URL

	visit(t, ctx, u, "/console/", "#email")
	axeCheck(t, ctx, "console sign-in", "fr-FR")
	must(t, "sign in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), advisor.Email),
		chromedp.SendKeys(chromedp.ID("password"), demo.StaffPassword),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	axeCheck(t, ctx, "search", "fr-FR")
	must(t, "search", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("q"), "Courtecuisse"),
		chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results a[href="/console/customers/`+s2.CustomerID+`"]`)),
	))
	axeCheck(t, ctx, "search with results", "fr-FR")
	brief := "/console/customers/" + s2.CustomerID
	visit(t, ctx, u, brief, "#contact-form")
	axeCheck(t, ctx, "customer brief", "fr-FR")
	keyboardContact(t, ctx)
	axeCheck(t, ctx, "verdict", "fr-FR")
	visit(t, ctx, u, brief+"/contact", "#contact-form")
	axeCheck(t, ctx, "may I contact", "fr-FR")
	visit(t, ctx, u, brief+"/timeline", "ol.timeline")
	axeCheck(t, ctx, "timeline", "fr-FR")
	visit(t, ctx, u, "/console/cases/"+s3.CaseID, "#history")
	axeCheck(t, ctx, "case", "fr-FR")
	visit(t, ctx, u, brief+"/cases/new", "#case-form")
	axeCheck(t, ctx, "new case", "fr-FR")
	// A form refused shows its faults next to the fields.
	must(t, "open an empty case", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#case-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("case-subject-err")),
	))
	axeCheck(t, ctx, "new case refused", "fr-FR")
	visit(t, ctx, u, brief+"/promises/new", "#promise-form")
	axeCheck(t, ctx, "new promise", "fr-FR")
	visit(t, ctx, u, "/console/promises/"+s2.CommitmentID, "#promise-h")
	axeCheck(t, ctx, "promise", "fr-FR")
	visit(t, ctx, u, brief+"/offers", "#fitting")
	axeCheck(t, ctx, "offers", "fr-FR")
	visit(t, ctx, u, brief+"/offers/FR-PASSAGE-100G", "#comparison")
	axeCheck(t, ctx, "offer comparison", "fr-FR")
	// The document in the frame, on its own: its policy forbids scripts
	// (a sandbox), which the test lifts for axe.
	must(t, "bypass the document's CSP", chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	})))
	visit(t, ctx, u, brief+"/offers/FR-PASSAGE-100G/document", "h1")
	axeCheck(t, ctx, "offer comparison document", "fr-FR")
	visit(t, ctx, u, "/console/customers/cus_01AAAAAAAAAAAAAAAAAAAAAAAA", "main h1")
	axeCheck(t, ctx, "error page", "fr-FR")

	// The same pages in English, through the switch.
	visit(t, ctx, u, brief, "#how-to")
	must(t, "switch to English", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[hreflang=en]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=en] #how-to`)),
	))
	axeCheck(t, ctx, "customer brief in English", "en")
	visit(t, ctx, u, "/console/cases/"+s3.CaseID, "#history")
	axeCheck(t, ctx, "case in English", "en")
	t.Logf("advisor's pages checked in %s", time.Since(start).Round(time.Millisecond))
}

// focusStop is where a Tab lands: the element, its form, and whether its
// focus shows.
type focusStop struct {
	ID, Tag, Form, Type, Text string
	// Shown is an outline or a ring at least 2 px thick, as the CSS's
	// :focus-visible draws, on an element that has a size.
	Shown bool
}

// tab presses Tab and returns where the focus went.
func tab(t *testing.T, ctx context.Context) focusStop {
	t.Helper()
	must(t, "Tab", chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[focusStop](`(() => { const el = document.activeElement;
  if (!el || el === document.body) return {Tag: "body"};
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  return {ID: el.id, Tag: el.tagName.toLowerCase(), Form: el.form ? el.form.id : "", Type: el.type || "",
    Text: (el.textContent || el.value || "").trim().slice(0, 40), Shown: ring && r.width > 0 && r.height > 0};
})()`))
	must(t, "the focused element", err)
	return got
}

// tabTo presses Tab until the focus is on the element sel matches, at most
// max times, and fails if any stop on the way does not show its focus. It
// returns the stops, that one last.
func tabTo(t *testing.T, ctx context.Context, sel string, max int) []focusStop {
	t.Helper()
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

// keyboardContact is the advisor's main flow from the keyboard alone, on
// the brief: the first Tab reaches the skip link, which leads to the
// content; Tab then reaches "may I contact"'s fields and its button, every
// stop showing its focus; Enter sends it and the verdict shows.
func keyboardContact(t *testing.T, ctx context.Context) {
	t.Helper()
	// From the top of the page, nothing focused.
	must(t, "reload", chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("contact-form"))))
	if first := tab(t, ctx); first.Tag != "a" || first.Text != "Aller au contenu" || !first.Shown {
		t.Fatalf("the first Tab reaches %+v, want the skip link, its focus shown", first)
	}
	must(t, "follow the skip link", chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	jsCheck(t, ctx, "after the skip link", `document.activeElement.id === "content" ? "" : "the focus is on " + document.activeElement.outerHTML.slice(0, 80)`)
	var fields []string
	for _, s := range tabTo(t, ctx, "#contact-form button[type=submit]", 60) {
		if s.Form == "contact-form" {
			fields = append(fields, s.ID)
		}
	}
	for _, want := range []string{"contact-purpose", "contact-channel", "contact-caller", "contact-subject"} {
		if !slices.Contains(fields, want) {
			t.Errorf("Tab went through %v in may I contact, not %s", fields, want)
		}
	}
	must(t, "send from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("verdict")),
	))
}

// keyboardCancel is the customer's leaving from the keyboard alone: from
// the top of the cancellation form, Tab reaches its button through the
// menu and the fields, Enter sends it; on the summary Tab reaches the
// confirmation, Enter confirms, and the receipt shows.
func keyboardCancel(t *testing.T, ctx context.Context) {
	t.Helper()
	stops := tabTo(t, ctx, "#cancel button[type=submit]", 40)
	if stops[0].Text != "Aller au contenu" {
		t.Errorf("the first Tab of the space reaches %+v, want the skip link", stops[0])
	}
	must(t, "send the request from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("confirm")),
	))
	axeCheck(t, ctx, "cancellation summary", "fr-FR")
	tabTo(t, ctx, "#confirm button[type=submit]", 40)
	must(t, "confirm from the keyboard", chromedp.Do(ctx,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.ID("receipt-end")),
	))
}

// a11ySupervision walks the supervision's pages, in fr-CA, over a demo of
// its own where the quality job and the overdue sweep have run.
func a11ySupervision(t *testing.T) {
	start := time.Now()
	c := newPrivateConsole(t)
	runQualityJob(t, c)
	_, err := c.app.Commitments.Sweep(context.Background())
	must(t, "Sweep", err)
	t.Logf("the supervision's demo built in %s", time.Since(start).Round(time.Millisecond))
	ctx := chromeIn(t, "fr-CA")
	sup := c.staff(t, "supervisor", tact.CAQC)
	bill := c.heldBill(t)
	u := c.srv.URL

	signInTab(t, ctx, c, sup.Email)
	visit(t, ctx, u, "/console/supervision/?jurisdiction=FR", "#fcr svg")
	axeCheck(t, ctx, "quality dashboard", "fr-CA")
	visit(t, ctx, u, "/console/supervision/promises", "#promises")
	axeCheck(t, ctx, "overdue promises", "fr-CA")
	visit(t, ctx, u, "/console/supervision/breaches", "#breaches")
	axeCheck(t, ctx, "breaches", "fr-CA")
	visit(t, ctx, u, "/console/supervision/bills", "#bills")
	axeCheck(t, ctx, "held bills", "fr-CA")
	visit(t, ctx, u, "/console/supervision/bills/"+bill.ID, "#adjust")
	axeCheck(t, ctx, "held bill", "fr-CA")
	visit(t, ctx, u, "/console/supervision/decisions", "#counts")
	axeCheck(t, ctx, "refused decisions", "fr-CA")
	t.Logf("the supervision's pages checked in %s", time.Since(start).Round(time.Millisecond))
}

// a11ySpace walks a customer's space: signs in with a code, reads each page,
// then cancels in three steps and reads his receipt.
func a11ySpace(t *testing.T) {
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
	ctx := chrome(t)
	must(t, "start", chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	u := s.srv.URL

	visit(t, ctx, u, "/space/login?lang=en", "#email")
	axeCheck(t, ctx, "space sign-in in English", "en")
	visit(t, ctx, u, "/space/login?lang=fr", "#email")
	axeCheck(t, ctx, "space sign-in", "fr-FR")
	email := primaryEmail(c)
	before := len(s.smtp.Messages())
	must(t, "ask a code", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.Click(chromedp.CSS(`#ask-code button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("code")),
	))
	axeCheck(t, ctx, "code page", "fr-FR")
	must(t, "type the code", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), s.codeFor(t, email, before)),
		chromedp.Click(chromedp.CSS(`#sign-in button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/space/bills"]`)),
	))
	axeCheck(t, ctx, "space home", "fr-FR")
	for _, p := range []struct{ name, path, sel string }{
		{"bills", "/space/bills", "table.results"},
		{"bill", "/space/bills/" + bill.ID, "tr.line-third_party"},
		{"promises", "/space/promises", "#open-h"},
		{"offers", "/space/offers", "main h1"},
		{"preferences", "/space/preferences", "#preferences"},
		{"password", "/space/security", "#password-form"},
		{"space error page", "/space/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA", "main h1"},
		{"cancel form", "/space/cancel", "#cancel"},
	} {
		visit(t, ctx, u, p.path, p.sel)
		axeCheck(t, ctx, p.name, "fr-FR")
	}
	keyboardCancel(t, ctx)
	axeCheck(t, ctx, "receipt", "fr-FR")
	rurl, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[href$="/receipt/document"]').href`))
	must(t, "receipt document link", err)
	for _, p := range []struct{ name, path string }{
		{"receipt document", strings.TrimPrefix(rurl, u)},
		{"bill document", "/space/bills/" + bill.ID + "/document"},
		{"offer document", "/space/offers/" + offers.Offers[0].Offer.Code + "/document"},
	} {
		visit(t, ctx, u, p.path, "h1")
		axeCheck(t, ctx, p.name, "fr-FR")
	}
	t.Logf("the space's pages checked in %s", time.Since(start).Round(time.Millisecond))
}
