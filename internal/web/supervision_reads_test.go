package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// TestSupervisionReads: an advisor reads a customer's brief; the supervisor
// finds that read on the audit page, with who, when, which customer and
// why, by the advisor, by the customer and by the period; a filter that is
// not valid shows the page again with what was typed and why; the pages go
// on with a cursor, newest first; an advisor is refused the page.
func TestSupervisionReads(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	story := c.story(t, "tactless")
	julie := c.staff(t, "advisor", tact.FR)
	adv := c.browser(t)
	adv.mustSignIn(julie.Email)
	if resp, _ := adv.get("/console/customers/" + story.CustomerID); resp.StatusCode != http.StatusOK {
		t.Fatalf("the brief: %d", resp.StatusCode)
	}
	c.clock.Advance(time.Minute)
	if resp, _ := adv.get("/console/supervision/reads"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an advisor opens the audit: %d, want 403", resp.StatusCode)
	}

	sup := c.browser(t)
	sup.mustSignIn(c.staff(t, "supervisor", tact.FR).Email)
	resp, page := sup.get("/console/supervision/reads")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the audit: %d\n%s", resp.StatusCode, page)
	}
	// 15:00 UTC is 16:00 in Paris.
	contains(t, "the audit", page, "<h1>Consultations de fiches</h1>", `aria-current="page">Consultations de fiches</a>`,
		`<time datetime="2026-03-17T15:00:00Z">17/03/2026 16:00</time>`, ">"+julie.Name+"</a>", "Tardif-Beaulieu",
		"fiche et synthèse <code class=\"small\">brief</code>", "Dates et heures en heure locale : France (Europe/Paris).")

	for _, q := range []url.Values{
		{"user": {julie.ID}},
		{"customer": {story.CustomerID}},
		{"from": {"2026-03-17"}, "to": {"2026-03-17"}},
		{"user": {julie.ID}, "customer": {story.CustomerID}, "from": {"2026-03-16"}, "where": {"CA-QC"}},
	} {
		_, page := sup.get("/console/supervision/reads?" + q.Encode())
		if !strings.Contains(page, `datetime="2026-03-17T15:00:00Z"`) {
			t.Errorf("filtered on %v: the read is not listed\n%s", q, mainOf(page))
		}
	}
	_, page = sup.get("/console/supervision/reads?customer=" + story.CustomerID)
	contains(t, "one customer's reads", page, "Consultations de la fiche de ", "Toutes les fiches")
	for _, q := range []url.Values{
		{"from": {"2026-03-18"}},
		{"to": {"2026-03-16"}},
		{"user": {c.staff(t, "supervisor", tact.FR).ID}},
	} {
		_, page := sup.get("/console/supervision/reads?" + q.Encode())
		if strings.Contains(page, `datetime="2026-03-17T15:00:00Z"`) || !strings.Contains(page, "Aucune consultation ne correspond à ces filtres.") {
			t.Errorf("filtered on %v: the read is listed\n%s", q, mainOf(page))
		}
	}

	// Filters that are not valid: the page again, what was typed kept.
	for _, tc := range []struct {
		q    url.Values
		want string
	}{
		{url.Values{"customer": {"Tardif"}}, "Ce n&#39;est pas l&#39;identifiant d&#39;une fiche client (cus_…)"},
		{url.Values{"from": {"17/03/2026"}}, "Une date n&#39;est pas valide : écrivez-la AAAA-MM-JJ."},
		{url.Values{"from": {"2026-03-17"}, "to": {"2026-03-16"}}, "La période se termine avant de commencer."},
	} {
		resp, page := sup.get("/console/supervision/reads?" + tc.q.Encode())
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %d, want 400", tc.q, resp.StatusCode)
		}
		contains(t, "a filter refused", page, `role="alert"`, tc.want)
		if v := tc.q.Get("customer"); v != "" {
			contains(t, "what was typed", page, `value="`+v+`"`)
		}
	}

	// A page of 50, newest first, then the rest.
	for range 50 {
		c.clock.Advance(time.Second)
		adv.get("/console/customers/" + story.CustomerID)
	}
	_, page = sup.get("/console/supervision/reads?user=" + julie.ID)
	if n := strings.Count(page, "<time datetime="); n != 50 || !strings.Contains(page, "Page suivante") {
		t.Fatalf("the first page: %d reads, want 50 and a next page", n)
	}
	if i, j := strings.Index(page, "16:01"), strings.Index(page, "16:00"); i < 0 || j >= 0 {
		t.Errorf("the first page does not start with the newest reads (16:01 at %d, 16:00 at %d)", i, j)
	}
	next := regexpFind(t, page, `href="(/console/supervision/reads\?[^"]*cursor=[^"]*)"`)
	_, page = sup.get(strings.ReplaceAll(next, "&amp;", "&"))
	if n := strings.Count(page, "<time datetime="); n != 1 || !strings.Contains(page, `datetime="2026-03-17T15:00:00Z"`) ||
		!strings.Contains(page, "Retour à la première page") {
		t.Errorf("the second page: %d reads, want the first read alone\n%s", n, mainOf(page))
	}

	// In English, in Québec's time (11:00 in Montréal).
	_, page = sup.get("/console/supervision/reads?where=CA-QC&lang=en&from=2026-03-17&to=2026-03-17&user=" + julie.ID + "&cursor=" + regexpFind(t, next, `cursor=([^&"]*)`))
	contains(t, "in English, in Québec's time", page, "<h1>Records read</h1>", "17 Mar 2026 11:00", "record and brief",
		"Dates and times in local time: Québec (America/Toronto).")
}

// regexpFind returns the first group of pattern in page, or fails the test.
func regexpFind(tb testing.TB, page, pattern string) string {
	tb.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(page)
	if m == nil {
		tb.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
