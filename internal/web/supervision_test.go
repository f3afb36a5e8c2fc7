package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// newPrivateConsole starts a server over a demo of its own, for a test that
// changes what it reads (releases a bill, runs the overdue sweep, asks for
// contact decisions): the shared demo stays as built for the others.
func newPrivateConsole(tb testing.TB) *console {
	tb.Helper()
	return newPrivateConsoleOf(tb, demoCustomers)
}

// newPrivateConsoleOf is newPrivateConsole over a demo of customers.
func newPrivateConsoleOf(tb testing.TB, customers int) *console {
	tb.Helper()
	return newConsoleWith(tb, consoleOptions{own: true, customers: customers})
}

// as is ctx acting as a demo staff member.
func as(s demo.Staff) context.Context {
	return tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: s.ID, Name: s.Name})
}

// heldBill returns story 3's €149,000 bill.
func (c *console) heldBill(tb testing.TB) *billing.Bill {
	tb.Helper()
	id := c.story(tb, "cancellation").BillID
	if id == "" {
		tb.Fatal("story 3 has no held bill")
	}
	b, err := c.app.Bills.Get(context.Background(), id)
	must(tb, "Bills.Get", err)
	return b
}

var supervisionPaths = []string{"/console/supervision/", "/console/supervision/promises", "/console/supervision/breaches",
	"/console/supervision/bills", "/console/supervision/decisions", "/console/supervision/reads"}

// TestSupervisionIsForSupervisors: signed out, the pages send to the
// sign-in page; an advisor is refused them (403), is not shown the menu,
// and cannot release a bill even with the form's token; a supervisor and an
// admin see them.
func TestSupervisionIsForSupervisors(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	bill := c.heldBill(t)
	paths := append(supervisionPaths, "/console/supervision/bills/"+bill.ID)

	out := c.browser(t)
	for _, p := range paths {
		if resp, _ := out.get(p); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login?next=") {
			t.Errorf("GET %s signed out: %d %s, want the sign-in page", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}

	adv := c.browser(t)
	adv.mustSignIn(c.staff(t, "advisor", tact.FR).Email)
	_, home := adv.get("/console/")
	if strings.Contains(home, "/console/supervision/") {
		t.Error("an advisor is shown the supervision menu")
	}
	for _, p := range paths {
		resp, page := adv.get(p)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s as an advisor: %d, want 403", p, resp.StatusCode)
		}
		if p == paths[1] {
			contains(t, "403 page", page, "Vous n&#39;avez pas accès à cette page.")
		}
	}
	resp, _ := adv.post("/console/supervision/bills/"+bill.ID+"/release",
		url.Values{"csrf_token": {csrf(t, home)}, "version": {strconv.Itoa(bill.Version)}, "reason": {"je libère"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("an advisor releases a bill: %d, want 403", resp.StatusCode)
	}
	if now := c.heldBill(t); now.Status != billing.OnHold || now.Version != bill.Version {
		t.Errorf("after an advisor's attempt the bill is %s v%d, want on hold v%d", now.Status, now.Version, bill.Version)
	}

	for _, role := range []string{"supervisor", "admin"} {
		var who demo.Staff
		for _, s := range c.res.Staff {
			if string(s.Role) == role {
				who = s
				break
			}
		}
		if who.ID == "" {
			if role == "admin" {
				continue // the demo may have no admin
			}
			t.Fatalf("no %s in the demo", role)
		}
		b := c.browser(t)
		b.mustSignIn(who.Email)
		_, home := b.get("/console/")
		contains(t, role+"'s menu", home, `<a href="/console/supervision/">Supervision</a>`)
		for _, p := range paths {
			if resp, page := b.get(p); resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
				t.Errorf("GET %s as %s: %d\n%s", p, role, resp.StatusCode, page)
			}
		}
	}
}

// TestSupervisionOverduePromises runs the overdue sweep, as the server does,
// and finds story 2's promise on the page: its customer, owner, due, and
// to whom it was escalated, with the apology's new date.
func TestSupervisionOverduePromises(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	_, err := c.app.Commitments.Sweep(context.Background())
	must(t, "Sweep", err)
	story := c.story(t, "offer")
	p, err := c.app.Commitments.Get(context.Background(), story.CommitmentID)
	must(t, "Commitments.Get", err)
	if p.Status != commitment.Overdue || p.EscalatedTo == "" {
		t.Fatalf("story 2's promise is %s escalated to %q, want overdue and escalated", p.Status, p.EscalatedTo)
	}
	var owner, to demo.Staff
	for _, s := range c.res.Staff {
		if s.ID == p.OwnerID {
			owner = s
		}
		if s.ID == p.EscalatedTo {
			to = s
		}
	}
	b := c.browser(t)
	b.mustSignIn(to.Email)
	resp, page := b.get("/console/supervision/promises")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("overdue promises: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "overdue promises", page, `<h1>Promesses en retard</h1>`, `aria-current="page"`,
		`href="/console/customers/`+story.CustomerID+`"`, story.Name, owner.Name, "à "+to.Name, "nouvelle date annoncée", "envoyer l&#39;offre")
	// Filtered by another owner: not there.
	_, page = b.get("/console/supervision/promises?owner=" + url.QueryEscape(to.ID))
	if strings.Contains(page, story.CustomerID) {
		t.Error("the promise is listed under an owner who is not its owner")
	}
	_, page = b.get("/console/supervision/promises?owner=" + url.QueryEscape(owner.ID) + "&lang=en")
	contains(t, "in English", page, `<h1>Overdue promises</h1>`, story.Name, "to "+to.Name, "new date given", "send the offer")
}

// TestSupervisionBreaches lists the open cases past a service level: story
// 3's cancellation case, opened three weeks ago, is one.
func TestSupervisionBreaches(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	story := c.story(t, "cancellation")
	k, err := c.app.Cases.Get(context.Background(), story.CaseID)
	must(t, "Cases.Get", err)
	if len(k.Breaches(consoleTime)) == 0 {
		t.Fatalf("story 3's case missed no service level at %v", consoleTime)
	}
	b := c.browser(t)
	b.mustSignIn(c.staff(t, "supervisor", tact.FR).Email)
	resp, page := b.get("/console/supervision/breaches")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("breaches: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "breaches", page, `<h1>Délais dépassés</h1>`, `href="/console/customers/`+story.CustomerID+`"`, k.Subject, "Résolution dû le")
	cases, _, err := c.app.Cases.List(context.Background(), app.CaseQuery{OpenOnly: true, Breached: true})
	must(t, "Cases.List", err)
	if got := strings.Count(page, `<td><strong>`); got != len(cases) {
		t.Errorf("%d cases on the page, the service lists %d", got, len(cases))
	}
}

// TestSupervisionHeldBills lists story 3's €149,000 bill with its finding in
// the reader's language, and opens it with its lines, history and forms.
func TestSupervisionHeldBills(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	bill := c.heldBill(t)
	sup := c.staff(t, "supervisor", tact.FR)
	b := c.browser(t)
	b.mustSignIn(sup.Email)
	_, page := b.get("/console/supervision/bills")
	contains(t, "held bills", page, `<h1>Factures retenues</h1>`, `href="/console/supervision/bills/`+bill.ID+`"`, wording.Money(bill.Total, tact.LangFrFR),
		"bill_spike", html.EscapeString(bill.Review.Findings[0].Text.FR))
	_, page = b.get("/console/supervision/bills?lang=en")
	contains(t, "held bills in English", page, `<h1>Held bills</h1>`, "€149,000.00", html.EscapeString(bill.Review.Findings[0].Text.EN))

	_, page = b.get("/console/supervision/bills/" + bill.ID + "?lang=fr")
	contains(t, "the bill", page, "Facture "+bill.ID, "retenue", "Données mobiles hors forfait", "relue",
		`action="/console/supervision/bills/`+bill.ID+`/release"`, `action="/console/supervision/bills/`+bill.ID+`/adjust"`,
		`name="version" value="`+strconv.Itoa(bill.Version)+`"`,
		`name="amount_2" id="amount_2" value="`+strconv.FormatInt(bill.Lines[1].Amount.Cents/100, 10)+","+strconv.FormatInt(bill.Lines[1].Amount.Cents%100+100, 10)[1:]+`"`)
	if n, posts := strings.Count(page, `name="csrf_token"`), strings.Count(page, `method="post"`); n < posts {
		t.Errorf("%d forms post, %d carry the CSRF token", posts, n)
	}
	// Opening the bill is a read of the customer's record, audit-logged.
	reads, _, err := c.app.Audit.Reads(as(sup), audit.Filter{CustomerID: bill.CustomerID, UserID: sup.ID}, "")
	must(t, "Audit.Reads", err)
	if len(reads) == 0 || reads[0].Reason != "bill" {
		t.Errorf("the supervisor's reads of the customer: %+v, want one of the bill", reads)
	}
	if resp, _ := b.get("/console/supervision/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown bill: %d, want 404", resp.StatusCode)
	}
}

var versionInput = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestSupervisionReleaseBill releases the €149,000 bill over HTTP: refused
// without the CSRF token (403), without a reason (422), from a stale
// version (412), each time unchanged; then released, by the supervisor
// signed in, with his reason in the history.
func TestSupervisionReleaseBill(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	bill := c.heldBill(t)
	sup := c.staff(t, "supervisor", tact.FR)
	b := c.browser(t)
	b.mustSignIn(sup.Email)
	path := "/console/supervision/bills/" + bill.ID
	_, page := b.get(path)
	token, version := csrf(t, page), versionInput.FindStringSubmatch(page)[1]
	unchanged := func(what string) {
		t.Helper()
		if now := c.heldBill(t); now.Status != billing.OnHold || now.Version != bill.Version {
			t.Errorf("%s: the bill is %s v%d, want on hold v%d", what, now.Status, now.Version, bill.Version)
		}
	}

	resp, page := b.post(path+"/release", url.Values{"version": {version}, "reason": {"Erreur de relevé"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("release without the CSRF token: %d, want 403", resp.StatusCode)
	}
	unchanged("without the token")

	resp, page = b.post(path+"/release", url.Values{"csrf_token": {token}, "version": {version}, "reason": {"  "}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("release without a reason: %d, want 422", resp.StatusCode)
	}
	contains(t, "refused without a reason", page, `role="alert"`, "Rien n&#39;a été changé : dites pourquoi")
	unchanged("without a reason")

	resp, page = b.post(path+"/release", url.Values{"csrf_token": {token}, "version": {strconv.Itoa(bill.Version + 1)}, "reason": {"Erreur de relevé"}})
	if resp.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("release from a stale version: %d, want 412", resp.StatusCode)
	}
	contains(t, "refused from a stale version", page, "Quelqu&#39;un d&#39;autre a modifié cette facture")
	unchanged("from a stale version")
	if resp, _ := b.post(path+"/release", url.Values{"csrf_token": {token}, "reason": {"Erreur de relevé"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("release without the version: %d, want 400", resp.StatusCode)
	}
	unchanged("without the version")

	resp, _ = b.post(path+"/release", url.Values{"csrf_token": {token}, "version": {version}, "reason": {"Relevé vérifié avec le réseau : la consommation est réelle."}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?done=released" {
		t.Fatalf("release: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = b.get(path + "?done=released")
	contains(t, "released", page, "Facture libérée", "validée", "libérée", "Relevé vérifié avec le réseau", "par "+sup.Name)
	if strings.Contains(page, `/release"`) {
		t.Error("a released bill still offers to be released")
	}
	got := c.heldBill(t)
	evs, err := c.app.Bills.Events(context.Background(), got.ID)
	must(t, "Bills.Events", err)
	last := evs[len(evs)-1]
	if got.Status != billing.Validated || last.Kind != billing.Released || last.Actor.UserID() != sup.ID || last.Actor.Kind != tact.ActorUser ||
		!strings.HasPrefix(last.Reason, "Relevé vérifié") {
		t.Errorf("after the release: %s, last event %+v; want validated, released by %s with the reason", got.Status, last, sup.ID)
	}
	// Released once: the same form again is refused, from its stale version.
	if resp, _ := b.post(path+"/release", url.Values{"csrf_token": {token}, "version": {version}, "reason": {"encore"}}); resp.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("the same release again: %d, want 412", resp.StatusCode)
	}
}

// TestSupervisionAdjustBill corrects the €149,000 bill's data line to what
// the network measured: the bill is reviewed again and validated, by the
// supervisor signed in; a wrong amount and a missing reason are refused
// with the form as it was posted.
func TestSupervisionAdjustBill(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	bill := c.heldBill(t)
	sup := c.staff(t, "supervisor", tact.FR)
	b := c.browser(t)
	b.mustSignIn(sup.Email)
	path := "/console/supervision/bills/" + bill.ID
	_, page := b.get(path + "?lang=en")
	token := csrf(t, page)
	form := func(amount, reason string) url.Values {
		return url.Values{"csrf_token": {token}, "version": {strconv.Itoa(bill.Version)}, "reason": {reason},
			"desc_1": {bill.Lines[0].Description}, "amount_1": {"26.99"},
			"desc_2": {"Mobile data beyond the plan (network measure)"}, "amount_2": {amount},
			"new_kind": {"credit"}, "new_desc": {"Goodwill for the scare"}, "new_amount": {"-5"}}
	}
	resp, page := b.post(path+"/adjust", form("twelve", "Network measure"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong amount: %d, want 422", resp.StatusCode)
	}
	contains(t, "a wrong amount refused", page, "Nothing was changed: the amount “twelve” of line 2 is not an amount", `value="twelve"`, `value="Goodwill for the scare"`)
	resp, page = b.post(path+"/adjust", form("12.40", ""))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("no reason: %d, want 422", resp.StatusCode)
	}
	contains(t, "no reason refused", page, "say why", `value="12.40"`)
	stale := form("12.40", "Network measure")
	stale.Set("version", strconv.Itoa(bill.Version+1))
	if resp, _ := b.post(path+"/adjust", stale); resp.StatusCode != http.StatusPreconditionFailed {
		t.Errorf("a stale version: %d, want 412", resp.StatusCode)
	}
	if now := c.heldBill(t); now.Version != bill.Version || now.Total.Cents != demo.HeldBillTotal {
		t.Fatalf("after refusals the bill is v%d of %v, want unchanged", now.Version, now.Total)
	}

	resp, _ = b.post(path+"/adjust", form("12,40", "Network measure: 1.2 GB beyond the plan, not 14,900 GB"))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"?done=adjusted" {
		t.Fatalf("adjust: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	got := c.heldBill(t)
	if got.Status != billing.Validated || got.Total.Cents != 2699+1240-500 || len(got.Lines) != 3 || got.Lines[2].Kind != billing.Credit ||
		got.Lines[1].Date != bill.Lines[1].Date {
		t.Errorf("the corrected bill: %s, %v, lines %+v; want validated at €34.39 with the credit and the usage day kept", got.Status, got.Total, got.Lines)
	}
	evs, err := c.app.Bills.Events(context.Background(), got.ID)
	must(t, "Bills.Events", err)
	if last := evs[len(evs)-1]; last.Kind != billing.Adjusted || last.Actor.UserID() != sup.ID {
		t.Errorf("last event %+v, want adjusted by %s", last, sup.ID)
	}
	_, page = b.get(path + "?done=adjusted")
	contains(t, "adjusted", page, "Bill corrected and reviewed again: it is now “validated”.", "€34.39")
}

// TestSupervisionDecisions asks for a sales call to story 4's customer at
// 19:05 his time (his quiet hours: deferred) and one with a masked number
// (denied), and reads them on the page, counted by rule, filtered, in both
// languages.
func TestSupervisionDecisions(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	story := c.story(t, "tactless")
	adv := c.staff(t, "advisor", tact.CAQC)
	loc, _ := time.LoadLocation("America/Toronto")
	local := consoleTime.In(loc)
	evening := time.Date(local.Year(), local.Month(), local.Day(), 19, 5, 0, 0, loc)
	deferred, err := c.app.Contacts.Decide(as(adv), contactpolicy.Request{CustomerID: story.CustomerID, Purpose: tact.PurposeSales, Channel: tact.ChannelPhone,
		Source: "dialer-qc", CallerID: "+15145550100", At: evening})
	must(t, "Decide", err)
	denied, err := c.app.Contacts.Decide(as(adv), contactpolicy.Request{CustomerID: story.CustomerID, Purpose: tact.PurposeSales, Channel: tact.ChannelPhone,
		Source: "dialer-qc"})
	must(t, "Decide", err)
	if deferred.Verdict != contactpolicy.Defer || denied.Verdict != contactpolicy.Deny {
		t.Fatalf("decisions %s and %s, want defer and deny", deferred.Verdict, denied.Verdict)
	}

	b := c.browser(t)
	b.mustSignIn(c.staff(t, "supervisor", tact.CAQC).Email)
	resp, page := b.get("/console/supervision/decisions")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("decisions: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "decisions", page, `<h1>Contacts refusés ou différés</h1>`, "1 refusé(s), 1 différé(s)", "heures de tranquillité du client",
		"numéro affiché", `href="/console/customers/`+story.CustomerID+`"`, "pas avant le", html.EscapeString(deferred.Reasons[0].Text.FR))
	_, page = b.get("/console/supervision/decisions?rule=quiet_hours&jurisdiction=CA-QC&lang=en")
	contains(t, "filtered by rule", page, "0 denied, 1 deferred", "customer&#39;s quiet hours", `<option value="quiet_hours" selected>`)
	if strings.Contains(page, denied.ID) || strings.Count(page, "<time") != 1 {
		t.Errorf("filtered on quiet_hours, the page lists %d decisions", strings.Count(page, "<time"))
	}
	_, page = b.get("/console/supervision/decisions?jurisdiction=FR&lang=fr")
	contains(t, "another jurisdiction", page, "0 refusé(s), 0 différé(s)", "Aucune demande refusée ni différée")
	day := tact.DateOf(consoleTime).AddDays(-30).String()
	_, page = b.get("/console/supervision/decisions?from=" + day + "&to=" + day)
	contains(t, "another period", page, "0 refusé(s), 0 différé(s)")
	if resp, _ := b.get("/console/supervision/decisions?from=yesterday"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a period that is not dates: %d, want 400", resp.StatusCode)
	}
	if resp, _ := b.get("/console/supervision/decisions?rule=no_such_rule"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown rule: %d, want 400", resp.StatusCode)
	}
	// The service refuses an advisor too, whatever page asks.
	if _, err := c.app.Contacts.Refusals(as(adv), app.RefusalQuery{}); tact.ErrorCode(err) != tact.CodeForbidden {
		t.Errorf("an advisor reads the refusals: %v, want forbidden", err)
	}
}

// TestSupervisionTexts renders every supervision page in each language and
// looks for a text key without a text.
func TestSupervisionTexts(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	bill := c.heldBill(t)
	for _, lang := range []string{"fr", "en"} {
		b := c.browser(t)
		b.get("/console/login?lang=" + lang)
		b.mustSignIn(c.staff(t, "supervisor", tact.FR).Email)
		for _, p := range append(supervisionPaths, "/console/supervision/bills/"+bill.ID, "/console/supervision/decisions?jurisdiction=FR&verdict=deny") {
			resp, page := b.get(p)
			if resp.StatusCode == http.StatusSeeOther {
				resp, page = b.get(resp.Header.Get("Location"))
			}
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s in %s: %d", p, lang, resp.StatusCode)
			}
			if i := strings.Index(page, "⟦"); i >= 0 {
				t.Errorf("%s in %s: a text key without a text: %s", p, lang, page[i:min(len(page), i+60)])
			}
		}
	}
}

// runQualityJob runs the quality job as the server would, enough passes for
// the dashboard's default 13 weeks: the current and the previous week, then
// four older ones a pass.
func runQualityJob(tb testing.TB, c *console) {
	tb.Helper()
	for range 3 {
		_, err := c.app.Quality.Refresh(context.Background(), 0)
		must(tb, "Quality.Refresh", err)
	}
}

// TestSupervisionQuality shows the dashboard before the quality job has run
// (no week, said so), then after: six charts drawn in SVG, each beside the
// table of its numerators and denominators, for France and for Québec, in
// French and in English.
func TestSupervisionQuality(t *testing.T) {
	t.Parallel()
	c := newPrivateConsole(t)
	b := c.browser(t)
	b.mustSignIn(c.staff(t, "supervisor", tact.FR).Email)
	resp, page := b.get("/console/supervision/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "dashboard before the job", page, `<h1>Qualité</h1>`, "Aucune semaine n&#39;est encore calculée", `aria-current="page">Qualité</a>`)
	if strings.Contains(page, "<polyline") {
		t.Error("lines drawn before any week was computed")
	}

	runQualityJob(t, c)
	rep, err := c.app.Quality.Report(context.Background(), tact.FR, "", "")
	must(t, "Quality.Report", err)
	if len(rep.Weeks) != 13 {
		t.Fatalf("%d weeks computed of 13 (missing %v)", len(rep.Weeks), rep.Missing)
	}
	_, page = b.get("/console/supervision/?jurisdiction=FR")
	contains(t, "dashboard", page, "13 semaine(s) calculée(s) sur 13", "Résolution au premier contact", "Recontacts sous 7 jours",
		"Promesses tenues à temps", "Pression de contact par client", "Boucle fermée sous 48 h", "Contestations de factures",
		`role="img"`, "Dossiers résolus", "Au-delà du plafond")
	if n := strings.Count(page, "<svg"); n != 6 {
		t.Errorf("%d charts, want 6", n)
	}
	if n := strings.Count(page, `<table class="results values">`); n != 6 {
		t.Errorf("%d tables of values, want 6", n)
	}
	if !strings.Contains(page, "<polyline") {
		t.Error("no line drawn after the job")
	}
	// The table holds the stored figures exactly.
	last := rep.Weeks[len(rep.Weeks)-1]
	fcr := last.FirstContactResolution
	contains(t, "last week's first-contact resolution", page, `<td class="num">`+strconv.Itoa(fcr.Numerator)+`</td><td class="num">`+strconv.Itoa(fcr.Denominator)+`</td>`)

	_, page = b.get("/console/supervision/?jurisdiction=CA-QC&weeks=26&lang=en")
	contains(t, "Québec in English", page, "First-contact resolution", "Bill disputes", "of 26 weeks computed", "America/Toronto", `<option value="CA-QC" selected>`)
	if resp, _ := b.get("/console/supervision/?jurisdiction=XX"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown jurisdiction: %d, want 400", resp.StatusCode)
	}
	if resp, _ := b.get("/console/supervision/?weeks=1000"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("1000 weeks: %d, want 400", resp.StatusCode)
	}
}
