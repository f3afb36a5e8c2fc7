package web_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/web"
)

func TestPagesNeedASession(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	id := c.story(t, "tactless").CustomerID
	for _, path := range []string{"/console/", "/console/?q=Tardif", "/console/customers/" + id, "/console/customers/" + id + "/timeline"} {
		resp, _ := b.get(path)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/console/login?next=") {
			t.Errorf("GET %s signed out: %d %s, want 303 to the sign-in page", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, _ := b.get("/console/customers/"+id, "HX-Request", "true")
	if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("HX-Redirect"), "/console/login") {
		t.Errorf("an htmx request signed out: %d HX-Redirect %q, want 401 and the sign-in page", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
}

func TestSignInSearchAndBrief(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	sophie := c.staff(t, "advisor", tact.CAQC)
	b.mustSignIn(sophie.Email)

	story := c.story(t, "tactless")
	resp, page := b.get("/console/?q=" + url.QueryEscape("tardif-beaulieu"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search: %d\n%s", resp.StatusCode, page)
	}
	contains(t, "search results", page, `href="/console/customers/`+story.CustomerID+`"`, "Tardif-Beaulieu, Réjean", "Québec")
	// htmx asks for the results alone.
	_, frag := b.get("/console/?q=tardif", "HX-Request", "true", "HX-Target", "results")
	if strings.Contains(frag, "<html") || !strings.Contains(frag, story.CustomerID) {
		t.Errorf("the htmx results are not the fragment of results:\n%s", frag)
	}
	_, page = b.get("/console/?q=" + url.QueryEscape("nobody-by-this-name"))
	contains(t, "empty search", page, "Aucun client ne correspond à « nobody-by-this-name ».")

	start := time.Now()
	resp, page = b.get("/console/customers/" + story.CustomerID)
	t.Logf("the brief page answered in %s on a %d-customer demo", time.Since(start).Round(time.Microsecond), demoCustomers)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("customer page: %d\n%s", resp.StatusCode, page)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q on a page of personal data, want no-store", cc)
	}
	contains(t, "brief", page, `<html lang="fr-FR">`, `<h1 id="how-to" class="how-to">Vouvoyer — M. Tardif-Beaulieu</h1>`,
		"Apple iPhone 16 Pro", "Forfait le plus élevé", "Historique", " par mois")
	if i, j := strings.Index(page, `id="how-to"`), strings.Index(page, "<h2"); i < 0 || j < i {
		t.Error("the form of address is not the first heading of the page")
	}

	// The read was audit-logged, and a supervisor reads it back.
	sup := c.staff(t, "supervisor", tact.CAQC)
	ctx := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: sup.ID, Name: sup.Name})
	reads, _, err := c.app.Audit.Reads(ctx, audit.Filter{CustomerID: story.CustomerID, UserID: sophie.ID}, "")
	must(t, "Audit.Reads", err)
	if len(reads) != 1 || reads[0].UserName != sophie.Name || reads[0].Reason != audit.ReasonBrief || !reads[0].At.Equal(consoleTime) {
		t.Errorf("Sophie's reads of the customer %d, want one, of the brief, at %v", len(reads), consoleTime)
	}
	advisor := tact.WithActor(context.Background(), tact.Actor{Kind: tact.ActorUser, ID: sophie.ID, Name: sophie.Name})
	if _, _, err := c.app.Audit.Reads(advisor, audit.Filter{}, ""); tact.ErrorCode(err) != tact.CodeForbidden {
		t.Errorf("an advisor reads the audit: %v, want forbidden", err)
	}

	resp, page = b.get("/console/customers/cus_01AAAAAAAAAAAAAAAAAAAAAAAA")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown customer: %d, want 404", resp.StatusCode)
	}
	contains(t, "not found page", page, "Cette page ou ce client n&#39;existe pas.")
}

func TestTimelinePages(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	b.mustSignIn(c.staff(t, "advisor", tact.FR).Email)
	id := c.story(t, "cancellation").CustomerID
	entries, next, err := c.app.Customers.Timeline(context.Background(), id, "", 20)
	must(t, "Timeline", err)
	if next == "" {
		t.Skipf("story 3's timeline has %d entries, one page", len(entries))
	}
	_, page := b.get("/console/customers/" + id)
	contains(t, "customer page", page, `id="timeline-more"`, "Voir la suite de l&#39;historique")
	resp, frag := b.get("/console/customers/"+id+"/timeline?cursor="+next, "HX-Request", "true")
	if resp.StatusCode != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `class="entry`) {
		t.Errorf("next page of the timeline for htmx: %d\n%s", resp.StatusCode, frag)
	}
	resp, _ = b.get("/console/customers/" + id + "/timeline?cursor=nonsense")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a cursor we never gave: %d, want 400", resp.StatusCode)
	}
}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	resp, _ := b.signIn(c.staff(t, "advisor", tact.FR).Email, demo.StaffPassword)
	var got *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "tact_session" {
			got = ck
		}
	}
	if got == nil {
		t.Fatalf("no session cookie; cookies %v", resp.Cookies())
	}
	if !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Path != "/console/" || got.Secure {
		t.Errorf("session cookie over plain HTTP %+v, want HttpOnly, SameSite=Lax, Path=/console/, not Secure", got)
	}
	if !strings.HasPrefix(got.Value, session.TokenPrefix) {
		t.Errorf("session token %q", got.Value)
	}

	// Over TLS the cookies are Secure.
	h := c.srv.Config.Handler
	req := httptest.NewRequest(http.MethodGet, "https://tact.example/console/login", nil)
	req.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if !ck.Secure || !ck.HttpOnly {
			t.Errorf("cookie %s over TLS: %+v, want Secure and HttpOnly", ck.Name, ck)
		}
	}
}

func TestSessionExpiryAndSignOut(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	b.mustSignIn(c.staff(t, "advisor", tact.FR).Email)

	// Active every 29 minutes, the session lives on.
	for range 3 {
		c.clock.Advance(session.IdleTimeout - time.Minute)
		if resp, _ := b.get("/console/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("active session refused after %v: %d", session.IdleTimeout-time.Minute, resp.StatusCode)
		}
	}
	c.clock.Advance(session.IdleTimeout)
	resp, _ := b.get("/console/")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "expired=1") {
		t.Fatalf("idle session: %d %s, want the sign-in page saying it expired", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := b.get(resp.Header.Get("Location"))
	contains(t, "sign-in page after expiry", page, "Votre session a expiré.")

	b.mustSignIn(c.staff(t, "advisor", tact.FR).Email)
	_, page = b.get("/console/")
	resp, _ = b.post("/console/logout", url.Values{"csrf_token": {csrf(t, page)}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/login?bye=1" {
		t.Fatalf("sign out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := b.get("/console/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after signing out, the console answers %d, want the sign-in page", resp.StatusCode)
	}
}

// TestSignedOutSessionRefused replays a session token after sign-out, as a
// stolen cookie would be: the server no longer knows it.
func TestSignedOutSessionRefused(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	email := c.staff(t, "advisor", tact.FR).Email
	_, token, _, err := c.app.Sessions.SignIn(context.Background(), email, demo.StaffPassword, appClient)
	must(t, "SignIn", err)
	_, _, err = c.app.Sessions.Authenticate(context.Background(), token)
	must(t, "Authenticate", err)
	must(t, "SignOut", c.app.Sessions.SignOut(context.Background(), token))
	if _, _, err := c.app.Sessions.Authenticate(context.Background(), token); tact.ErrorCode(err) != tact.CodeUnauthorized {
		t.Errorf("a signed-out token: %v, want unauthorized", err)
	}
}

// TestCSRF checks that every form carries a token and that a post without
// this browser's token is refused, the sign-in form included.
func TestCSRF(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	email := c.staff(t, "advisor", tact.FR).Email
	resp, page := b.post("/console/login", url.Values{"email": {email}, "password": {demo.StaffPassword}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without a CSRF token: %d, want 403", resp.StatusCode)
	}
	contains(t, "403 page", page, "Ce formulaire a expiré")
	other := c.browser(t)
	_, otherPage := other.get("/console/login")
	resp, _ = b.post("/console/login", url.Values{"email": {email}, "password": {demo.StaffPassword}, "csrf_token": {csrf(t, otherPage)}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in with another browser's CSRF token: %d, want 403", resp.StatusCode)
	}

	b.mustSignIn(email)
	_, page = b.get("/console/")
	forms := strings.Count(page, "<form")
	if forms == 0 || strings.Count(page, `name="csrf_token"`) < strings.Count(page, `method="post"`) {
		t.Errorf("%d forms, %d posting, %d CSRF fields", forms, strings.Count(page, `method="post"`), strings.Count(page, `name="csrf_token"`))
	}
	contains(t, "page", page, `hx-headers='{"X-CSRF-Token": "`+csrf(t, page)+`"}'`)
	resp, _ = b.post("/console/logout", url.Values{})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without a CSRF token: %d, want 403", resp.StatusCode)
	}
	// The token in a header, as htmx sends it, is accepted.
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+"/console/logout", nil)
	req.Header.Set("X-CSRF-Token", csrf(t, page))
	if resp, _ := b.do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-out with the CSRF header: %d, want 303", resp.StatusCode)
	}
}

// TestSignInLimit is the failed sign-in limit at its boundary, over HTTP:
// five wrong passwords are each told so (401), the sixth attempt is refused
// (429) even with the right password, with a wait in French or English.
func TestSignInLimit(t *testing.T) {
	t.Parallel()
	// Its own demo: the failures count in the database, against the
	// staff member and the tests' one client address.
	c := newPrivateConsole(t)
	b := c.browser(t)
	email := c.staff(t, "advisor", tact.FR).Email
	for i := 1; i <= session.MaxFailures; i++ {
		resp, page := b.signIn(email, "not the password at all")
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i, resp.StatusCode)
		}
		contains(t, "wrong password page", page, "Adresse e-mail ou mot de passe incorrect.", `value="`+email+`"`)
		c.clock.Advance(time.Second)
	}
	resp, page := b.signIn(email, demo.StaffPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("attempt %d: %d Retry-After %q, want 429 with a wait", session.MaxFailures+1, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	contains(t, "limited page", page, "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans 15 minutes.")
	_, page = b.get("/console/login?lang=en")
	resp, page = b.post("/console/login", url.Values{"email": {email}, "password": {demo.StaffPassword}, "csrf_token": {csrf(t, page)}})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("in English: %d", resp.StatusCode)
	}
	contains(t, "limited page in English", page, `<html lang="en">`, "Too many failed sign-in attempts. For your security, try again in 15 minutes.")

	// Once the first failure is older than the window, one more attempt is allowed.
	c.clock.Set(consoleTime.Add(session.FailureWindow))
	b.mustSignIn(email)
}

func TestLanguageSwitchRemembered(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	_, page := b.get("/console/login")
	contains(t, "French page", page, `<html lang="fr-FR">`, `<label for="email">Adresse e-mail</label>`, `<label for="password">Mot de passe</label>`,
		`href="/console/login?lang=en"`)
	_, page = b.get("/console/login?lang=en")
	contains(t, "English page", page, `<html lang="en">`, `<label for="email">Email address</label>`, `href="/console/login?lang=fr"`)
	_, page = b.get("/console/login")
	contains(t, "the choice remembered", page, `<html lang="en">`)
	_, page = b.get("/console/login?lang=fr", "Accept-Language", "fr-CA,fr;q=0.9")
	contains(t, "Québec wording", page, `<html lang="fr-CA">`, `<label for="email">Adresse courriel</label>`)
}

// TestEveryTextExists renders every page in each language and looks for a
// text key without a text.
func TestEveryTextExists(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	for _, lang := range []string{"fr", "en"} {
		b := c.browser(t)
		b.get("/console/login?lang=" + lang)
		b.mustSignIn(c.staff(t, "advisor", tact.FR).Email)
		paths := []string{"/console/", "/console/?q=a", "/console/?q=zzzzzz", "/console/nowhere"}
		for _, s := range c.res.Stories {
			paths = append(paths, "/console/customers/"+s.CustomerID, "/console/customers/"+s.CustomerID+"/timeline")
		}
		for _, p := range paths {
			_, page := b.get(p)
			if i := strings.Index(page, "⟦"); i >= 0 {
				t.Errorf("%s in %s: a text key without a text: %s", p, lang, page[i:min(len(page), i+60)])
			}
		}
		b.post("/console/logout", url.Values{})
	}
}

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	c := newConsole(t)
	b := c.browser(t)
	_, page := b.get("/console/login")
	for _, name := range []string{"tact.css", "htmx.min.js"} {
		i := strings.Index(page, "/console/static/"+name+"?v=")
		if i < 0 {
			t.Fatalf("the page does not link %s:\n%s", name, page)
		}
		link := page[i : i+strings.IndexByte(page[i:], '"')]
		resp, body := b.get(link)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || len(body) < 1000 {
			t.Errorf("GET %s: %d %q, %d bytes", link, resp.StatusCode, resp.Header.Get("Cache-Control"), len(body))
		}
	}
	if resp, _ := b.get("/console/static/nothing.js"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown static file: %d", resp.StatusCode)
	}
	resp, _ := b.get("/console/login")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	_ = web.Prefix
}
