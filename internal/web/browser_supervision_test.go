package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/tact"
)

// dashboardCustomers is the size of the browser test's demo: the default
// demo, what `tact demo` shows, where every figure has weeks to show (at
// 1,000 customers the closed loop has one week in 13). It builds in about
// 3 s, 40 s under -race.
const dashboardCustomers = demo.DefaultCustomers

// TestBrowserSupervisor is the supervisor's screen on the demo operator,
// after the quality job has run: she opens the supervision from the menu
// and reads the quality dashboard, six charts each beside its table; then
// she finds story 3's €149,000 bill among the held bills, corrects its data
// line to what the network measured, with a reason, and sees it reviewed
// again and validated, in her name. TACT_SCREENSHOTS writes
// supervisor-dashboard.png.
func TestBrowserSupervisor(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := newPrivateConsoleOf(t, dashboardCustomers)
	runQualityJob(t, c)
	t.Logf("a %d-customer demo built and its quality job run in %s", dashboardCustomers, time.Since(start).Round(time.Millisecond))
	_, err := c.app.Commitments.Sweep(context.Background())
	must(t, "Sweep", err)
	ctx := chrome(t)
	sup := c.staff(t, "supervisor", tact.FR)
	bill := c.heldBill(t)

	must(t, "sign in", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), sup.Email),
		chromedp.SendKeys(chromedp.ID("password"), demo.StaffPassword),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.Click(chromedp.CSS(`nav a[href="/console/supervision/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#fcr svg`)),
	))
	checkAccessible(t, ctx, "quality dashboard")
	jsCheck(t, ctx, "the charts", `(() => {
  const figs = [...document.querySelectorAll("section.figure")];
  if (figs.length !== 6) return figs.length + " figures, want 6";
  for (const f of figs) {
    const svg = f.querySelector("svg[role=img]");
    const title = svg && svg.querySelector("title"), desc = svg && svg.querySelector("desc");
    if (!title || !title.textContent || svg.getAttribute("aria-labelledby") !== title.id) return f.id + ": no labelled drawing";
    if (!desc || !desc.textContent || svg.getAttribute("aria-describedby") !== desc.id) return f.id + ": no described drawing";
    if (svg.getBoundingClientRect().width < 200) return f.id + ": drawn " + svg.getBoundingClientRect().width + " wide";
    if (!svg.querySelector("circle")) return f.id + ": no week drawn";
    const rows = f.querySelectorAll("table tbody tr");
    if (rows.length !== 13) return f.id + ": " + rows.length + " weeks in the table, want 13";
  }
  return "";
})()`)
	if got := text(t, ctx, "#computed"); !strings.Contains(got, "13 semaine(s) calculée(s) sur 13") {
		t.Errorf("the dashboard says %q", got)
	}
	screenshot(t, ctx, "supervisor-dashboard.png")

	// The held bills, then story 3's.
	must(t, "open the held bill", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.subnav a[href="/console/supervision/bills"]`)),
		chromedp.WaitVisible(chromedp.ID("bills")),
		chromedp.Click(chromedp.CSS(`#bills a[href="/console/supervision/bills/`+bill.ID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("adjust")),
	))
	if got := text(t, ctx, "#findings"); !strings.Contains(got, "bill_spike") || !strings.Contains(got, "149") {
		t.Errorf("the findings read %q", got)
	}
	checkAccessible(t, ctx, "held bill")
	must(t, "correct the data line", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("amount_2"), "12,40"),
		chromedp.SendKeys(chromedp.ID("adjust-reason"), "Relevé du réseau : 1,2 Go hors forfait, pas 14 900 Go."),
		chromedp.Click(chromedp.CSS(`#adjust button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	))
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "validée") {
		t.Errorf("after the correction the page says %q", got)
	}
	if got := text(t, ctx, "#history"); !strings.Contains(got, "corrigée") || !strings.Contains(got, sup.Name) || !strings.Contains(got, "Relevé du réseau") {
		t.Errorf("the history reads %q", got)
	}
	got := c.heldBill(t)
	if got.Status != billing.Validated || got.Total.Cents != bill.Lines[0].Amount.Cents+1240 {
		t.Errorf("the bill is %s at %v, want validated at the plan plus €12.40", got.Status, got.Total)
	}
	// It has left the held bills.
	must(t, "back to the held bills", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.subnav a[href="/console/supervision/bills"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.subnav a[aria-current=page][href="/console/supervision/bills"]`)),
	))
	if got := text(t, ctx, "main"); strings.Contains(got, bill.ID) {
		t.Error("the corrected bill is still among the held bills")
	}
	// The other pages, each reached from the menu, pass the same checks.
	for _, p := range []struct{ path, id string }{{"promises", "promises"}, {"breaches", "breaches"}, {"decisions", "counts"}, {"reads", "reads"}} {
		must(t, "open "+p.path, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`.subnav a[href="/console/supervision/`+p.path+`"]`)),
			chromedp.WaitVisible(chromedp.ID(p.id)),
		))
		checkAccessible(t, ctx, p.path)
	}
}
