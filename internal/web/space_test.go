package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

func TestSpacePagesNeedACustomer(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	b := s.browser(t)
	for _, path := range []string{"/space/", "/space/bills", "/space/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA", "/space/promises", "/space/offers",
		"/space/preferences", "/space/cancel", "/space/cancellations/cnl_01AAAAAAAAAAAAAAAAAAAAAAAA/receipt"} {
		resp, _ := b.get(path)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/space/login?next=") {
			t.Errorf("GET %s signed out: %d %s, want 303 to the space's sign-in page", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// TestSpaceSignInWithCode walks the sign-in by emailed code: the same answer
// for an unknown address, the code through the real SMTP path in the
// customer's words, a wrong code, the right one, and the cookie.
func TestSpaceSignInWithCode(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 0)
	email := primaryEmail(c)
	b := s.browser(t)

	resp, unknown := b.askCode("nobody-at-all@example.fr")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("a code for an unknown address: %d", resp.StatusCode)
	}
	resp, known := b.askCode(email)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("a code for %s: %d", email, resp.StatusCode)
	}
	// The page says the same for both: it tells nobody who is a customer.
	if strings.ReplaceAll(bodyText(known), email, "X") != strings.ReplaceAll(bodyText(unknown), "nobody-at-all@example.fr", "X") {
		t.Errorf("the pages after asking a code differ for a known and an unknown address:\n%s\n%s", bodyText(known), bodyText(unknown))
	}
	msgs := s.smtp.Wait(t, 1, 10*time.Second)
	if len(msgs) != 1 || msgs[0].To[0] != email {
		t.Fatalf("mail sent: %+v", msgs)
	}
	m := msgs[0]
	contains(t, "the code's email", m.Text, "Bonjour", "Votre code pour vous connecter à votre espace client", "valable 10 minutes", "0 800 940 940")
	if m.Header.Get("Content-Language") != string(c.Language) {
		t.Errorf("Content-Language %q", m.Header.Get("Content-Language"))
	}
	code := s.codeFor(t, email, 0)

	// A wrong code, then the right one.
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	resp, page := b.post("/space/login", url.Values{"email": {email}, "code": {wrong}, "csrf_token": {csrf(t, known)}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong code: %d", resp.StatusCode)
	}
	contains(t, "wrong code page", page, "Ce code n&#39;est pas le bon, a expiré ou a déjà servi.")
	resp, _ = b.post("/space/login", url.Values{"email": {strings.ToUpper(email)}, "code": {code[:3] + " " + code[3:]}, "csrf_token": {csrf(t, page)}, "next": {"/space/bills"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/bills" {
		t.Fatalf("the right code: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var got *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "tact_space" {
			got = ck
		}
	}
	if got == nil || !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Path != "/space/" || !strings.HasPrefix(got.Value, session.SpaceTokenPrefix) {
		t.Fatalf("space cookie %+v", got)
	}
	resp, page = b.get("/space/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	contains(t, "home", page, "Mon espace client", c.FamilyName)

	// The code served once: another browser typing it again is refused.
	other := s.browser(t)
	_, p2 := other.get("/space/login")
	if resp, _ := other.post("/space/login", url.Values{"email": {email}, "code": {code}, "csrf_token": {csrf(t, p2)}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a code used twice: %d, want 401", resp.StatusCode)
	}

	// A code is good for 10 minutes.
	before := len(s.smtp.Messages())
	other.askCode(email)
	late := s.codeFor(t, email, before)
	s.clock.Advance(session.CodeLifetime)
	_, p2 = other.get("/space/login")
	if resp, _ := other.post("/space/login", url.Values{"email": {email}, "code": {late}, "csrf_token": {csrf(t, p2)}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a code 10 minutes old: %d, want 401", resp.StatusCode)
	}

	// Sign-out ends the session on the server.
	_, page = b.get("/space/")
	resp, _ = b.post("/space/logout", url.Values{"csrf_token": {csrf(t, page)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/login?bye=1" {
		t.Fatalf("sign out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, _, err := s.app.Space.Authenticate(context.Background(), got.Value); tact.ErrorCode(err) != tact.CodeUnauthorized {
		t.Errorf("a signed-out customer token: %v", err)
	}
}

// TestSpaceCodeLimits: five wrong codes are each told so, the sixth attempt
// is refused (429) even with the right code; a sixth code asked for within
// the quarter of an hour is refused too; the idle session ends after 15
// minutes.
func TestSpaceCodeLimits(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 7)
	email := primaryEmail(c)
	b := s.browser(t)
	_, page := b.askCode(email)
	code := s.codeFor(t, email, 0)
	for i := 1; i <= session.MaxFailures; i++ {
		wrong := strings.Repeat(string(rune('0'+i)), 6)
		if wrong == code {
			wrong = "999990"
		}
		resp, _ := b.post("/space/login", url.Values{"email": {email}, "code": {wrong}, "csrf_token": {csrf(t, page)}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, resp.StatusCode)
		}
	}
	resp, limited := b.post("/space/login", url.Values{"email": {email}, "code": {code}, "csrf_token": {csrf(t, page)}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("attempt %d: %d", session.MaxFailures+1, resp.StatusCode)
	}
	contains(t, "limited", limited, "Trop de codes erronés. Par sécurité, réessayez dans 15 minutes.")

	// Codes asked for: the first above, four more, then refused.
	for i := 2; i <= session.MaxFailures; i++ {
		if resp, _ := b.askCode(email); resp.StatusCode != http.StatusOK {
			t.Fatalf("code %d asked: %d", i, resp.StatusCode)
		}
	}
	if resp, _ := b.askCode(email); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("code %d asked: %d, want 429", session.MaxFailures+1, resp.StatusCode)
	}

	// Later, a new code signs in; 15 idle minutes end the session.
	s.clock.Advance(session.FailureWindow)
	s.signInSpace(t, b, c)
	s.clock.Advance(session.SpaceIdleTimeout)
	resp, _ = b.get("/space/")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "expired=1") {
		t.Errorf("after 15 idle minutes: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestSpaceCustomerSeesOnlyHisOwn: customer A reaches none of customer B's
// pages, documents or form actions (404, as for what does not exist), and a
// form posted without its CSRF token is refused.
func TestSpaceCustomerSeesOnlyHisOwn(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	ctx := context.Background()
	a := s.customerOf(t, s.story(t, "cancellation").CustomerID) // Annick, France
	bee := s.customerOf(t, s.story(t, "tactless").CustomerID)   // Réjean, Québec
	// Their bills are the demo's.
	mine, theirs := s.lastBill(t, a), s.lastBill(t, bee)
	x, _, err := s.app.Cancellations.Request(tact.WithActor(ctx, tact.Actor{Kind: tact.ActorCustomer, ID: bee.ID, Name: bee.FullName()}), bee.ID,
		lifecycle.Request{GivenName: bee.GivenName, FamilyName: bee.FamilyName, AccountNumber: bee.AccountNumber}, "their-key")
	must(t, "Cancellations.Request", err)
	offers, err := s.app.Offers.ForCustomer(ctx, bee.ID)
	must(t, "Offers.ForCustomer", err)

	b := s.browser(t)
	s.signInSpace(t, b, a)
	if resp, page := b.get("/space/bills/" + mine.ID); resp.StatusCode != http.StatusOK {
		t.Fatalf("her own bill: %d\n%s", resp.StatusCode, page)
	}
	_, nowhere := b.get("/space/bills/bil_01AAAAAAAAAAAAAAAAAAAAAAAA")
	gets := []string{
		"/space/bills/" + theirs.ID, "/space/bills/" + theirs.ID + "/document", "/space/bills/" + theirs.ID + "/document?format=pdf",
		"/space/cancellations/" + x.ID, "/space/cancellations/" + x.ID + "/receipt", "/space/cancellations/" + x.ID + "/receipt/document",
		"/space/cancellations/" + x.ID + "/receipt/document?format=pdf",
	}
	for _, o := range offers.Offers {
		gets = append(gets, "/space/offers/"+o.Offer.Code+"/document", "/space/offers/"+o.Offer.Code+"/document?format=pdf")
	}
	for _, p := range gets {
		resp, page := b.get(p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s of another customer: %d, want 404", p, resp.StatusCode)
		}
		if bodyText(page) != bodyText(nowhere) {
			t.Errorf("GET %s tells more than a page that does not exist:\n%s", p, bodyText(page))
		}
		if strings.Contains(page, bee.FamilyName) {
			t.Errorf("GET %s shows the other customer's name", p)
		}
	}
	_, page := b.get("/space/bills")
	if strings.Contains(page, theirs.ID) || !strings.Contains(page, mine.ID) {
		t.Error("her list of bills is not hers alone")
	}
	token := csrf(t, page)
	for _, p := range []string{"/space/bills/" + theirs.ID + "/lines/0/dispute", "/space/cancellations/" + x.ID + "/confirm"} {
		if resp, _ := b.post(p, url.Values{"csrf_token": {token}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s of another customer: %d, want 404", p, resp.StatusCode)
		}
	}
	if ds, err := s.app.Bills.Disputes(ctx, theirs.ID); err != nil || len(ds) != 0 {
		t.Errorf("the other customer's bill has disputes %+v, %v", ds, err)
	}
	if got, err := s.app.Cancellations.Get(ctx, x.ID); err != nil || got.Status != lifecycle.Previewed {
		t.Errorf("the other customer's cancellation: %+v, %v", got, err)
	}

	// Without the CSRF token every form is refused, and nothing changes.
	for _, p := range []string{"/space/bills/" + mine.ID + "/lines/0/dispute", "/space/preferences", "/space/cancel", "/space/logout"} {
		resp, page := b.post(p, url.Values{"third_party_billing": {"on"}, "given_name": {a.GivenName}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without its CSRF token: %d, want 403", p, resp.StatusCode)
		}
		contains(t, "CSRF refusal", page, "Ce formulaire a expiré ou ne vient pas de votre espace client.")
	}
	if ds, _ := s.app.Bills.Disputes(ctx, mine.ID); len(ds) != 0 {
		t.Error("a dispute posted without its token was recorded")
	}
	if got := s.customerOf(t, a.ID); got.ThirdPartyBilling {
		t.Error("preferences posted without their token were saved")
	}
}

// TestSpaceAndConsoleSessionsApart: a customer's session opens no console
// page and a person's session no page of the space, whatever cookie carries it.
func TestSpaceAndConsoleSessionsApart(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	ctx := context.Background()
	c := s.crowd(t, 6)
	b := s.browser(t)
	s.signInSpace(t, b, c)
	u, _ := url.Parse(s.srv.URL + "/space/")
	var customerToken string
	for _, ck := range b.client.Jar.Cookies(u) {
		if ck.Name == "tact_space" {
			customerToken = ck.Value
		}
	}
	if customerToken == "" {
		t.Fatal("no customer cookie")
	}
	// The browser does not send the space's cookie to the console.
	if resp, _ := b.get("/console/"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login") {
		t.Errorf("a signed-in customer opens the console: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, staffToken, _, err := s.app.Sessions.SignIn(ctx, s.staff(t, "advisor", tact.FR).Email, demo.StaffPassword, appClient)
	must(t, "staff SignIn", err)

	// Forged cookies: each token under the other's name.
	forged := func(path, name, value string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: name, Value: value})
		resp, err := http.DefaultTransport.RoundTrip(req)
		must(t, "GET", err)
		resp.Body.Close()
		return resp
	}
	for _, tc := range []struct{ path, cookie, token, login string }{
		{"/console/", "tact_session", customerToken, "/console/login"},
		{"/console/customers/" + c.ID, "tact_session", customerToken, "/console/login"},
		{"/space/", "tact_space", staffToken, "/space/login"},
		{"/space/bills", "tact_space", staffToken, "/space/login"},
		{"/space/", "tact_session", staffToken, "/space/login"},
	} {
		resp := forged(tc.path, tc.cookie, tc.token)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), tc.login) {
			t.Errorf("GET %s with %s=%s…: %d %s, want the sign-in page", tc.path, tc.cookie, tc.token[:6], resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if _, _, err := s.app.Sessions.Authenticate(ctx, customerToken); tact.ErrorCode(err) != tact.CodeUnauthorized {
		t.Errorf("a customer token as a console session: %v", err)
	}
	if _, _, err := s.app.Space.Authenticate(ctx, staffToken); tact.ErrorCode(err) != tact.CodeUnauthorized {
		t.Errorf("a console token as a customer session: %v", err)
	}
	// And the real ones still work where they belong.
	if resp := forged("/space/", "tact_space", customerToken); resp.StatusCode != http.StatusOK {
		t.Errorf("the customer's own cookie: %d", resp.StatusCode)
	}
	if resp := forged("/console/", "tact_session", staffToken); resp.StatusCode != http.StatusOK {
		t.Errorf("the advisor's own cookie: %d", resp.StatusCode)
	}
}

// TestSpaceDisputeOverHTTP: story 1 without a browser: the third-party line
// names its provider and how to complain; one post disputes it, credits it
// and turns third-party billing off.
func TestSpaceDisputeOverHTTP(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 2)
	bill := s.sentBill(t, c, s.thirdPartyCharge(t, c))
	b := s.browser(t)
	s.signInSpace(t, b, c)
	_, page := b.get("/space/bills/" + bill.ID)
	contains(t, "bill page", html.UnescapeString(page), "Service d'un tiers", "Contact+ (abonnement mensuel)", "Service de Phonéo Services : Contact+",
		"Réclamation auprès du prestataire : 0 800 123 456 (appel gratuit) ou reclamations@phoneo.example", "4,98", `action="/space/bills/`+bill.ID+`/lines/1/dispute"`)
	resp, _ := b.post("/space/bills/"+bill.ID+"/lines/1/dispute", url.Values{"csrf_token": {csrf(t, page)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("dispute: %d", resp.StatusCode)
	}
	_, page = b.get(resp.Header.Get("Location"))
	contains(t, "after the dispute", html.UnescapeString(page), "Votre contestation de « Contact+ (abonnement mensuel) » est enregistrée.", "Remboursement de 4,98", "accordé (avoir crn_",
		"La facturation par des tiers est désactivée", "Contestée le")
	if strings.Contains(page, `action="/space/bills/`+bill.ID+`/lines/1/dispute"`) {
		t.Error("the disputed line can be disputed again")
	}
	if got := s.customerOf(t, c.ID); got.ThirdPartyBilling {
		t.Error("third-party billing still on")
	}
	ds, err := s.app.Bills.Disputes(context.Background(), bill.ID)
	must(t, "Disputes", err)
	if len(ds) != 1 || ds[0].CreditNoteID == "" || ds[0].CaseID == "" || ds[0].Line != 1 {
		t.Errorf("disputes %+v", ds)
	}
	// The bill's document, as HTML and PDF, is his.
	resp, doc := b.get("/space/bills/" + bill.ID + "/document")
	if resp.StatusCode != http.StatusOK || !strings.Contains(doc, "Phonéo Services") {
		t.Errorf("bill document: %d", resp.StatusCode)
	}
	resp, pdf := b.get("/space/bills/" + bill.ID + "/document?format=pdf")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
		t.Errorf("bill PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

var cancellationLink = regexp.MustCompile(`^/space/cancellations/(cnl_[0-9A-Z]+)$`)

// TestSpaceCancelInThreeSteps: story 5's cancellation without a browser:
// request, preview, confirm, receipt; the same form sent twice is one
// request; no offer on the way; the receipt by email with its PDF.
func TestSpaceCancelInThreeSteps(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 1)
	b := s.browser(t)
	s.signInSpace(t, b, c)
	_, form := b.get("/space/cancel")
	key := regexp.MustCompile(`name="key" value="([^"]+)"`).FindStringSubmatch(form)
	if key == nil {
		t.Fatal("no key in the form")
	}
	contains(t, "step 1", form, "Étape 1 sur 3", `value="`+c.AccountNumber+`"`)
	post := url.Values{"csrf_token": {csrf(t, form)}, "key": {key[1]}, "given_name": {c.GivenName}, "family_name": {c.FamilyName}, "account_number": {c.AccountNumber}}
	resp, _ := b.post("/space/cancel", post)
	m := cancellationLink.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("step 1: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if again, _ := b.post("/space/cancel", post); again.Header.Get("Location") != resp.Header.Get("Location") {
		t.Errorf("the same form twice: %s then %s", resp.Header.Get("Location"), again.Header.Get("Location"))
	}
	_, preview := b.get(resp.Header.Get("Location"))
	contains(t, "step 2", preview, "Étape 2 sur 3", "Fin du service : ", "Garder votre numéro", "3179", "Confirmer la résiliation")
	for _, page := range []string{form, preview} {
		if strings.Contains(strings.ToLower(bodyText(mainOf(page))), "offre") {
			t.Errorf("an offer stands in the way of leaving:\n%s", bodyText(page))
		}
	}
	if got := s.customerOf(t, c.ID); got.Status != customer.Active {
		t.Errorf("a preview changed the customer: %s", got.Status)
	}
	resp, _ = b.post("/space/cancellations/"+m[1]+"/confirm", url.Values{"csrf_token": {csrf(t, preview)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/cancellations/"+m[1]+"/receipt" {
		t.Fatalf("step 3: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, receipt := b.get(resp.Header.Get("Location"))
	x, err := s.app.Cancellations.Get(context.Background(), m[1])
	must(t, "Cancellations.Get", err)
	received := tact.DateOf(x.ReceivedAt.In(s.customerOf(t, c.ID).Location()))
	if x.Status != lifecycle.Confirmed || received.AddDays(10).Before(x.Preview.EndDate) {
		t.Errorf("confirmed %s, end %s, received %s: want the end within 10 days", x.Status, x.Preview.EndDate, received)
	}
	contains(t, "receipt", receipt, "Accusé de réception de votre résiliation", m[1], "Télécharger l&#39;accusé (PDF)", "0 800 940 940")
	resp, pdf := b.get("/space/cancellations/" + m[1] + "/receipt/document?format=pdf")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
		t.Errorf("receipt PDF: %d", resp.StatusCode)
	}
	var sent bool
	for _, msg := range s.smtp.Wait(t, 2, 10*time.Second) {
		sent = sent || (len(msg.Attachments) == 1 && msg.Attachments[0].ContentType == "application/pdf" && msg.To[0] == primaryEmail(c))
	}
	if !sent {
		t.Error("no receipt by email with its PDF")
	}
	if got := s.customerOf(t, c.ID); got.Status != customer.Cancelling {
		t.Errorf("after confirming: %s", got.Status)
	}
}

// TestSpacePreferences: the customer chooses "tu" and English, his quiet
// hours and channels, and the space speaks to him so.
func TestSpacePreferences(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 4)
	b := s.browser(t)
	s.signInSpace(t, b, c)
	_, page := b.get("/space/preferences")
	contains(t, "preferences", page, `id="foa-vous" name="form_of_address" value="vous" checked`, "Facturation par des tiers")
	resp, _ := b.post("/space/preferences", url.Values{"csrf_token": {csrf(t, page)}, "form_of_address": {"tu"}, "language": {"fr"},
		"preferred_channel": {"email"}, "quiet_from": {"19:00"}, "quiet_to": {"09:00"}, "offers_sms": {"on"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, page = b.get(resp.Header.Get("Location"))
	contains(t, "saved, in tu", page, "Tes préférences sont enregistrées.", `value="19:00"`, `value="email" selected`)
	got := s.customerOf(t, c.ID)
	if got.FormOfAddress != customer.Tu || got.Preferences.PreferredChannel != tact.ChannelEmail || len(got.Preferences.QuietHours) != 1 {
		t.Errorf("stored %+v %+v", got.FormOfAddress, got.Preferences)
	}
	var sms bool
	for _, k := range got.Consents {
		if k.Channel == tact.ChannelSMS && k.Purpose == tact.PurposeSales {
			sms = k.Granted && k.Source == customer.SourceWeb && k.Proof != ""
		}
	}
	if !sms {
		t.Errorf("no web consent to offers by SMS: %+v", got.Consents)
	}
	resp, _ = b.post("/space/preferences", url.Values{"csrf_token": {csrf(t, page)}, "form_of_address": {"tu"}, "language": {"en"}})
	_, page = b.get(resp.Header.Get("Location"))
	contains(t, "in English from his record", page, `<html lang="en">`, "Your preferences are saved.")
	_, page = b.get("/space/preferences?lang=fr")
	contains(t, "the French switch", page, `<html lang="fr-FR">`)
}

// TestSpaceInTheCustomersLanguage: a Québec customer reads Québec French,
// "vous", his promises and his offers.
func TestSpaceInTheCustomersLanguage(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.customerOf(t, s.story(t, "offer").CustomerID) // Bertrand: a promise, offers
	b := s.browser(t)
	s.signInSpace(t, b, c)
	_, page := b.get("/space/promises")
	contains(t, "promises", page, "Les engagements pris envers moi", "Je vous envoie l&#39;offre du Forfait 100 Go 5G par courriel sous 48 heures")
	_, page = b.get("/space/offers")
	contains(t, "offers", page, "Mes offres", "Sur 24 mois")
	q := s.customerOf(t, s.story(t, "tactless").CustomerID)
	qb := s.browser(t)
	_, page = qb.get("/space/login", "Accept-Language", "fr-CA")
	contains(t, "Québec sign-in", page, `<html lang="fr-CA">`, "Adresse courriel")
	s.signInSpace(t, qb, q)
	_, page = qb.get("/space/")
	contains(t, "Québec home", page, `<html lang="fr-CA">`, "Bonjour Monsieur Tardif-Beaulieu", "1 888 555-0140")
}

// TestSpaceEveryTextExists renders every page of the space in French, in
// French "tu" and in English and looks for a text key without a text.
func TestSpaceEveryTextExists(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 5)
	bill := s.sentBill(t, c)
	ctx := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorCustomer, ID: c.ID, Name: c.FullName()})
	x, _, err := s.app.Cancellations.Request(ctx, c.ID, lifecycle.Request{GivenName: c.GivenName, FamilyName: c.FamilyName, AccountNumber: c.AccountNumber}, "k")
	must(t, "Request", err)
	paths := []string{"/space/", "/space/bills", "/space/bills/" + bill.ID, "/space/promises", "/space/offers", "/space/preferences",
		"/space/cancel", "/space/cancellations/" + x.ID, "/space/nowhere", "/space/bills/" + bill.ID + "?disputed=0", "/space/security"}
	check := func(b *browser, lang string) {
		for _, p := range paths {
			_, page := b.get(p)
			if i := strings.Index(page, "⟦"); i >= 0 {
				t.Errorf("%s in %s: a text key without a text: %s", p, lang, page[i:min(len(page), i+60)])
			}
		}
	}
	for _, lang := range []string{"fr", "en"} {
		b := s.browser(t)
		b.get("/space/login?lang=" + lang)
		s.signInSpace(t, b, c)
		check(b, lang)
	}
	_, err = s.app.Customers.Update(ctx, c.ID, customer.Update{FormOfAddress: tact.Some(customer.Tu)}, 0)
	must(t, "tu", err)
	b := s.browser(t)
	s.signInSpace(t, b, c)
	check(b, "fr, tu")
	_, page := b.get("/space/")
	contains(t, "tu", page, "Tes factures")
	_, _, err = s.app.Cancellations.Confirm(ctx, x.ID)
	must(t, "Confirm", err)
	for _, p := range []string{"/space/cancellations/" + x.ID + "/receipt", "/space/cancel"} {
		_, page := b.get(p)
		if i := strings.Index(page, "⟦"); i >= 0 {
			t.Errorf("%s: a text key without a text: %s", p, page[i:min(len(page), i+60)])
		}
	}
}
