package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/tact"
)

// signInTab signs a staff member in, in a browser tab, as people do.
func signInTab(t *testing.T, ctx context.Context, c *console, email string) {
	t.Helper()
	must(t, "sign in as "+email, chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), demo.StaffPassword),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
}

// TestBrowserStory4MayICall is story 4 on the screen: at 19:30 in Montréal
// an advisor asks, on Mr Tardif-Beaulieu's page, whether she may call him
// now for a sale. The answer is "not now", with his quiet hours in words
// and the next lawful slot in his time, 09:00 the next morning, and in hers
// (the zone her browser tells, zone.js). She asks again about that time,
// typed in his zone: yes, then. The form is filled and sent from the
// keyboard.
func TestBrowserStory4MayICall(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	ctx := chrome(t)
	c.clock.Set(at(t, "America/Toronto", 2026, 3, 17, 19, 30))
	story := c.story(t, "tactless")
	// Alexandre, not Sophie: TestSignInSearchAndBrief counts Sophie's reads
	// of this customer in the shared demo.
	advisor := c.staffByName(t, "Alexandre Nadeau")
	signInTab(t, ctx, c, advisor.Email)

	must(t, "open the customer", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/customers/"+story.CustomerID),
		chromedp.WaitVisible(chromedp.ID("contact-form")),
	))
	checkAccessible(t, ctx, "customer page with the advisor's forms")
	must(t, "ask, from the keyboard", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("contact-purpose"), "sales"),
		chromedp.SetValue(chromedp.ID("contact-channel"), "phone"),
		chromedp.SendKeys(chromedp.ID("contact-subject"), "device_upgrade"),
		chromedp.SendKeys(chromedp.ID("contact-caller"), "+1 514 555 0100"+kb.Enter),
		chromedp.WaitVisible(chromedp.ID("verdict")),
	))
	verdictURL, err := chromedp.Run(ctx, chromedp.Location())
	must(t, "location", err)
	if got := text(t, ctx, "#verdict h2"); got != "Pas maintenant." {
		t.Errorf("the verdict reads %q, want Pas maintenant.", got)
	}
	if got := text(t, ctx, "#verdict .reasons"); !strings.Contains(got, "Le client ne veut pas d'appel entre 19:00 et 09:00.") {
		t.Errorf("the reasons read %q, want his quiet hours", got)
	}
	if got := text(t, ctx, "#next-slot"); !strings.Contains(got, "mercredi 18 mars 2026 à 09:00") || !strings.Contains(got, "heure du client") {
		t.Errorf("the next slot reads %q, want Wednesday 09:00 his time", got)
	}
	if got := text(t, ctx, ".how-to-line"); !strings.Contains(got, "Vouvoyer — M. Tardif-Beaulieu") {
		t.Errorf("the page does not say how to address him: %q", got)
	}
	// The browser told the advisor's zone (zone.js): the next slot in hers too.
	zone, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Intl.DateTimeFormat().resolvedOptions().timeZone`))
	must(t, "the browser's zone", err)
	if got := text(t, ctx, "#next-slot-advisor"); !strings.HasPrefix(got, "Pour vous ("+zone+") : mercredi 18 mars 2026") && !strings.HasPrefix(got, "Pour vous ("+zone+") : jeudi 19 mars 2026") {
		t.Errorf("the next slot in the advisor's zone %s reads %q", zone, got)
	}
	checkAccessible(t, ctx, "verdict page")
	// She plans the call for then: the same question, about Wednesday 09:00
	// his time, typed in the field the label says is in his zone.
	if got := text(t, ctx, `label[for="contact-at"]`); got != "Quand ? (heure du client, America/Toronto)" {
		t.Errorf("the time's label reads %q", got)
	}
	must(t, "ask about Wednesday 09:00", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("contact-purpose"), "sales"),
		chromedp.SetValue(chromedp.ID("contact-channel"), "phone"),
		chromedp.SetValue(chromedp.ID("contact-at"), "2026-03-18T09:00"),
		chromedp.SendKeys(chromedp.ID("contact-caller"), "+1 514 555 0100"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#verdict.verdict-allow")),
	))
	if got := text(t, ctx, "#verdict h2"); got != "Oui, vous pourrez contacter le client à ce moment-là." {
		t.Errorf("the verdict about Wednesday 09:00 reads %q", got)
	}
	if got := text(t, ctx, "#asked"); !strings.Contains(got, "mercredi 18 mars 2026 à 09:00 (heure du client)") || !strings.Contains(got, "Pour vous ("+zone+")") {
		t.Errorf("the question reads %q, want Wednesday 09:00 his time and hers", got)
	}
	// The advisor's other pages of his, as machines can check them.
	for _, p := range []struct{ path, sel string }{
		{"/cases/new", "#case-form"}, {"/promises/new", "#promise-form"}, {"/offers", "#fitting"},
	} {
		must(t, "open "+p.path, chromedp.Do(ctx,
			chromedp.Navigate(c.srv.URL+"/console/customers/"+story.CustomerID+p.path),
			chromedp.WaitVisible(chromedp.CSS(p.sel)),
		))
		checkAccessible(t, ctx, p.path)
	}
	if got := text(t, ctx, "#left-out"); !strings.Contains(got, "LG K92") {
		t.Errorf("the offers left out read %q, want the LG phone among them", got)
	}
	// The verdict's page is the stored decision's.
	_, id, _ := strings.Cut(verdictURL, "/contact/")
	id, _, _ = strings.Cut(id, "#")
	id, _, _ = strings.Cut(id, "?") // the advisor's zone
	d, err := c.app.Contacts.Get(context.Background(), id)
	must(t, "Contacts.Get "+id, err)
	if d.Verdict != "defer" || d.Request.Purpose != tact.PurposeSales || d.Request.CustomerID != story.CustomerID || d.Actor.ID != advisor.ID {
		t.Errorf("the stored decision: %+v", d)
	}
}

// TestBrowserStory3Handoff is story 3 on the screen: Julie hands Mrs Le
// Brusq's case to Marc; a summary too short is refused next to the field;
// with a real one, Marc, in his own browser, reads it as "where we are" on
// the case and on her page, and nobody asks her to explain again.
func TestBrowserStory3Handoff(t *testing.T) {
	t.Parallel()
	c, _ := newOwnConsole(t)
	s3 := c.story(t, "cancellation")
	julie, marc := c.staffByName(t, "Julie Morvan"), c.staffByName(t, "Marc Delattre")
	casePage := c.srv.URL + "/console/cases/" + s3.CaseID

	a := chrome(t)
	signInTab(t, a, c, julie.Email)
	must(t, "open her case from her page", chromedp.Do(a,
		chromedp.Navigate(c.srv.URL+"/console/customers/"+s3.CustomerID),
		chromedp.Click(chromedp.CSS(`#cases a[href="/console/cases/`+s3.CaseID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("handoff-form")),
	))
	checkAccessible(t, a, "case page")
	must(t, "hand off with a summary too short", chromedp.Do(a,
		chromedp.SetValue(chromedp.ID("handoff-to"), marc.ID),
		chromedp.SendKeys(chromedp.ID("handoff-summary"), "À voir."),
		chromedp.Click(chromedp.CSS(`#handoff-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("handoff-summary-err")),
	))
	if got := text(t, a, "#handoff-summary-err"); !strings.HasPrefix(got, "Écrivez au moins 20 caractères") {
		t.Errorf("the summary's fault reads %q", got)
	}
	checkAccessible(t, a, "refused handoff")
	summary := "Date de fin confirmée au 31 mars. Reste l'avoir de 23,40 € à faire verser par la facturation ; la cliente attend un courriel."
	must(t, "hand off", chromedp.Do(a,
		chromedp.Clear(chromedp.ID("handoff-summary")),
		chromedp.SendKeys(chromedp.ID("handoff-summary"), summary),
		chromedp.Click(chromedp.CSS(`#handoff-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	))
	if got := text(t, a, ".flash"); got != "Dossier transmis, avec votre résumé." {
		t.Errorf("after the handoff the page says %q", got)
	}

	b := chrome(t)
	signInTab(t, b, c, marc.Email)
	must(t, "Marc opens the case", chromedp.Do(b,
		chromedp.Navigate(casePage),
		chromedp.WaitVisible(chromedp.ID("where-we-are")),
	))
	if got := text(t, b, "#where-we-are .where-text"); got != summary {
		t.Errorf("Marc reads where we are as %q", got)
	}
	if got := text(t, b, "#case-owner"); !strings.Contains(got, "Marc Delattre") || !strings.Contains(got, "vous") {
		t.Errorf("the owner reads %q", got)
	}
	if got := text(t, b, "#history"); !strings.Contains(got, "Julie Morvan → Marc Delattre") {
		t.Errorf("the history reads %q", got)
	}
	checkAccessible(t, b, "case page after the handoff")
	screenshot(t, b, "case.png")
	must(t, "her page", chromedp.Do(b,
		chromedp.Navigate(c.srv.URL+"/console/customers/"+s3.CustomerID),
		chromedp.WaitVisible(chromedp.ID("how-to")),
	))
	if got := text(t, b, "#cases .where"); !strings.Contains(got, summary) {
		t.Errorf("her page's open case reads %q", got)
	}
}

// TestBrowserStory5NoAnswerRefused is story 5 on the screen: his incident
// case was only ever called about, so closing it "for no answer" is refused
// on the page, in words, next to the reason chosen.
func TestBrowserStory5NoAnswerRefused(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	s5 := c.story(t, "goodbye")
	ctx := chrome(t)
	signInTab(t, ctx, c, c.staffByName(t, "Thomas Renaud").Email)
	must(t, "close for no answer", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/cases/"+s5.CaseID),
		chromedp.WaitVisible(chromedp.ID("close-form")),
		chromedp.Click(chromedp.ID("close-no_answer")),
		chromedp.SendKeys(chromedp.ID("close-note"), "Injoignable depuis un mois."),
		chromedp.Click(chromedp.CSS(`#close-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("close-reason-err")),
	))
	if got := text(t, ctx, "#close-reason-err"); !strings.HasPrefix(got, "Ce dossier ne peut pas être clos faute de réponse") ||
		!strings.Contains(got, "Des appels manqués ne comptent pas") {
		t.Errorf("the refusal reads %q", got)
	}
	if got := text(t, ctx, ".who .badge"); got == "clos" {
		t.Error("the case shows closed")
	}
	checkAccessible(t, ctx, "refused close")
}

// TestBrowserStory2OfferSent is story 2 on the screen: Mr Courtecuisse was
// promised the offer in writing three weeks ago; his page marks the promise
// overdue; the advisor opens his offers, reads the comparison he will
// receive, sends it by email, and the page after says the promise is kept.
func TestBrowserStory2OfferSent(t *testing.T) {
	t.Parallel()
	c, smtp := newOwnConsole(t)
	s2 := c.story(t, "offer")
	// The server's sweep, run every minute, finds the promise past due.
	if _, err := c.app.Commitments.Sweep(context.Background()); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	ctx := chrome(t)
	signInTab(t, ctx, c, c.staffByName(t, "Julie Morvan").Email)
	must(t, "his page", chromedp.Do(ctx,
		chromedp.Navigate(c.srv.URL+"/console/customers/"+s2.CustomerID),
		chromedp.WaitVisible(chromedp.ID("promises")),
	))
	if got := text(t, ctx, "#promises"); !strings.Contains(got, "En retard") || !strings.Contains(got, "Je vous envoie l'offre") {
		t.Errorf("his promises read %q, want the offer promised, overdue", got)
	}
	offer := `/console/customers/` + s2.CustomerID + `/offers/FR-PASSAGE-100G`
	must(t, "his offers, then the one promised", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#actions a[href="/console/customers/`+s2.CustomerID+`/offers"]`)),
		chromedp.WaitVisible(chromedp.ID("fitting")),
		chromedp.Click(chromedp.CSS(`#fitting a[href="`+offer+`"]`)),
		chromedp.WaitVisible(chromedp.ID("comparison")),
	))
	// The comparison is the document he receives, in the frame.
	waitFrame(t, ctx, "#comparison", "Courtecuisse")
	checkAccessible(t, ctx, "offer page")
	screenshot(t, ctx, "offer-comparison.png")

	must(t, "send by email", chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("send-email")),
		chromedp.Click(chromedp.CSS(`#send-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("sent")),
	))
	if got := text(t, ctx, "#sent"); !strings.Contains(got, "Envoyée par e-mail à bertrand.courtecuisse@free.example") {
		t.Errorf("after the send the page reads %q", got)
	}
	if got := text(t, ctx, "#sent-promise"); !strings.Contains(got, "est tenue") {
		t.Errorf("the promise after the send reads %q, want kept", got)
	}
	checkAccessible(t, ctx, "offer sent")
	must(t, "the promise kept", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#sent-promise a`)),
		chromedp.WaitVisible(chromedp.ID("promise-kept")),
	))
	checkAccessible(t, ctx, "promise page")
	msgs := smtp.Wait(t, 1, 5*time.Second)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Subject, "Votre offre par écrit") {
		t.Errorf("mail: %d messages", len(msgs))
	}
	p, err := c.app.Commitments.Get(context.Background(), s2.CommitmentID)
	must(t, "Commitments.Get", err)
	if p.Status != commitment.Kept {
		t.Errorf("story 2's promise is %s, want kept", p.Status)
	}
}

// waitFrame waits until the document in an iframe has loaded and holds want.
func waitFrame(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const f = document.querySelector("`+sel+`");
  return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.innerText : ""; })()`))
		must(t, "read the frame", err)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frame %s does not show %q: %q", sel, want, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
