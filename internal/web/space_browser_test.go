package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/web"
)

// spaceSignIn signs a customer in through the screens: his email, the code
// read from the email the SMTP server received, and the space opens.
func (s *space) spaceSignIn(t *testing.T, ctx context.Context, c *customer.Customer) {
	t.Helper()
	email := primaryEmail(c)
	before := len(s.smtp.Messages())
	must(t, "open the space", chromedp.Do(ctx,
		chromedp.Navigate(s.srv.URL+"/space/"),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/space/login?next=") {
		t.Errorf("signed out, the space is at %s", loc)
	}
	checkAccessible(t, ctx, "space sign-in page")
	must(t, "ask a code", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.Click(chromedp.CSS(`#ask-code button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("code")),
	))
	checkAccessible(t, ctx, "code page")
	code := s.codeFor(t, email, before)
	must(t, "type the code", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.CSS(`#sign-in button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/space/bills"]`)),
	))
}

// TestBrowserStory1Dispute is story 1 in the customer's own space, on the
// demo's own bills: she signs in with the code emailed to her, opens her
// last bill, reads the third-party line with its provider and how to
// complain, and the charge the review took off; disputes it in one click,
// and reads that it is refunded and that third-party billing is off.
func TestBrowserStory1Dispute(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	story := s.story(t, "hostage")
	odile := s.customerOf(t, story.CustomerID)
	bill, err := s.app.Bills.Get(context.Background(), story.SpaceBillID)
	must(t, "her last bill", err)
	ctx := chrome(t)
	s.spaceSignIn(t, ctx, odile)
	if got := text(t, ctx, "main h1"); !strings.Contains(got, "Madame Lagarrigue") {
		t.Errorf("the space greets her %q", got)
	}
	checkAccessible(t, ctx, "space home")
	must(t, "open her bills", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/space/bills"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/space/bills/`+bill.ID+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/space/bills/`+bill.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`tr.line-third_party`)),
	))
	checkAccessible(t, ctx, "bill page")
	if got := text(t, ctx, "main"); !strings.Contains(got, "Frais de tiers retirés de cette facture") || !strings.Contains(got, "Internet+") {
		t.Errorf("her bill does not say Internet+ was taken off: %q", got)
	}
	row := text(t, ctx, "tr.line-third_party")
	for _, want := range []string{"Service d'un tiers", "Contact+", "Service de Phonéo Services : Contact+",
		"Réclamation auprès du prestataire : 0 800 123 456 (appel gratuit)", "4,98"} {
		if !strings.Contains(row, want) {
			t.Errorf("the third-party line reads %q, want %q in it", row, want)
		}
	}
	must(t, "dispute in one click", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`tr.line-third_party form.dispute button`)),
		chromedp.WaitVisible(chromedp.ID("dispute-done")),
	))
	if got := text(t, ctx, "#credited"); !strings.Contains(got, "Remboursement de 4,98") {
		t.Errorf("the refund reads %q", got)
	}
	if got := text(t, ctx, "#switch-off"); !strings.Contains(got, "La facturation par des tiers est désactivée") {
		t.Errorf("the switch reads %q", got)
	}
	if got := text(t, ctx, "tr.line-third_party"); !strings.Contains(got, "Contestée le") {
		t.Errorf("the disputed line reads %q", got)
	}
	if s.customerOf(t, odile.ID).ThirdPartyBilling {
		t.Error("third-party billing is still on")
	}
	// Her preferences say it too.
	must(t, "preferences", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/space/preferences"]`)),
		chromedp.WaitVisible(chromedp.ID("third-party")),
	))
	checkAccessible(t, ctx, "preferences page")
	jsCheck(t, ctx, "the switch", `document.getElementById("third-party").checked ? "still ticked" : ""`)
}

// TestBrowserStory5Cancel is story 5's leaving done right, in the space: a
// customer cancels in three steps with no offer on the way and reads his
// receipt, with an end date at most 10 days after his request.
func TestBrowserStory5Cancel(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 3)
	ctx := chrome(t)
	s.spaceSignIn(t, ctx, c)
	must(t, "step 1", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/space/cancel"]`)),
		chromedp.WaitVisible(chromedp.ID("cancel")),
	))
	checkAccessible(t, ctx, "cancellation step 1")
	must(t, "step 2", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#cancel button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("confirm")),
	))
	checkAccessible(t, ctx, "cancellation step 2")
	if got := text(t, ctx, "main"); strings.Contains(strings.ToLower(got), "offre") || !strings.Contains(got, "Étape 2 sur 3") ||
		!strings.Contains(got, "3179") {
		t.Errorf("the preview reads %q", got)
	}
	must(t, "step 3", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#confirm button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("receipt-end")),
	))
	checkAccessible(t, ctx, "receipt page")
	xs, err := s.app.Cancellations.List(context.Background(), c.ID)
	must(t, "Cancellations.List", err)
	if len(xs) != 1 || xs[0].ReceivedAt == nil {
		t.Fatalf("cancellations %+v", xs)
	}
	x := xs[0]
	received := tact.DateOf(x.ReceivedAt.In(c.Location()))
	if received.AddDays(10).Before(x.Preview.EndDate) {
		t.Errorf("end date %s more than 10 days after %s", x.Preview.EndDate, received)
	}
	if got := text(t, ctx, "#receipt-end"); got != (web.Lang{Tag: tact.LangFrFR}).Day(x.Preview.EndDate) {
		t.Errorf("the receipt's end date reads %q, want %s", got, x.Preview.EndDate)
	}
	if got := text(t, ctx, "#receipt-ref"); got != x.ID {
		t.Errorf("the receipt's reference reads %q", got)
	}
	screenshot(t, ctx, "cancellation-receipt.png")
	s.smtp.Wait(t, 2, 10*time.Second) // the code, then the receipt
}

// TestBrowserSpacePassword: a customer who set a password signs in with it
// from the sign-in page's second form, without any code, and reads on his
// password page since when he has it.
func TestBrowserSpacePassword(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 11)
	const password = "une phrase facile à retenir"
	b := s.browser(t)
	s.signInSpace(t, b, c)
	if resp, page := b.setPassword("", password, password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: %d\n%s", resp.StatusCode, page)
	}
	ctx := chrome(t)
	before := len(s.smtp.Messages())
	must(t, "open the space", chromedp.Do(ctx,
		chromedp.Navigate(s.srv.URL+"/space/"),
		chromedp.WaitVisible(chromedp.ID("pw-email")),
	))
	checkAccessible(t, ctx, "space sign-in page")
	must(t, "sign in with the password", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("pw-email"), primaryEmail(c)),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`#password-sign-in button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav a[href="/space/security"]`)),
		chromedp.Click(chromedp.CSS(`nav a[href="/space/security"]`)),
		chromedp.WaitVisible(chromedp.ID("password-state")),
	))
	checkAccessible(t, ctx, "password page")
	if got := text(t, ctx, "#password-state"); !strings.HasPrefix(got, "Mot de passe défini le ") {
		t.Errorf("the password page reads %q", got)
	}
	if n := len(s.smtp.Messages()); n != before {
		t.Errorf("signing in with a password sent %d emails", n-before)
	}
}
