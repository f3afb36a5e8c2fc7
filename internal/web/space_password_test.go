package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/mail/mailtest"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// setPassword fills the password page's form and returns the answer.
func (b *browser) setPassword(current, password, confirm string) (*http.Response, string) {
	b.tb.Helper()
	_, page := b.get("/space/security")
	return b.post("/space/security/password", url.Values{"csrf_token": {csrf(b.tb, page)}, "current_password": {current},
		"new_password": {password}, "confirm_password": {confirm}})
}

// signInWithPassword fills the sign-in page's password form and returns
// the answer.
func (b *browser) signInWithPassword(email, password string) (*http.Response, string) {
	b.tb.Helper()
	_, page := b.get("/space/login")
	return b.post("/space/login/password", url.Values{"csrf_token": {csrf(b.tb, page)}, "email": {email}, "password": {password}, "next": {"/space/bills"}})
}

// mailTo waits for a message to addr with subject and returns it.
func (s *space) mailTo(tb testing.TB, addr, subject string) mailtest.Received {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range s.smtp.Messages() {
			if slices.Contains(m.To, addr) && m.Subject == subject {
				return m
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatalf("no message %q arrived for %s", subject, addr)
	return mailtest.Received{}
}

// wantSignedIn checks that the browser opens the space as c.
func wantSignedIn(tb testing.TB, b *browser, c *customer.Customer) {
	tb.Helper()
	resp, page := b.get("/space/")
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("the space: %d %s, want %s signed in", resp.StatusCode, resp.Header.Get("Location"), c.FullName())
	}
	contains(tb, "home", page, c.FamilyName)
}

// TestSpacePassword walks a customer's password: set from his space (his
// other session signed out, his timeline and an email telling of it, never
// the password), sign out, sign in with it, a wrong one refused as an
// unknown email is, a change that needs the current one unless he signed
// in minutes ago (how a forgotten password is replaced); and another
// customer's password opens neither space. Every new form wants its CSRF
// token.
func TestSpacePassword(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	ctx := context.Background()
	c := s.crowd(t, 8)
	email := primaryEmail(c)
	b, elsewhere := s.browser(t), s.browser(t)
	s.signInSpace(t, b, c)
	s.signInSpace(t, elsewhere, c)

	_, page := b.get("/space/security")
	contains(t, "password page", page, "Mon mot de passe", "Vous n&#39;avez pas encore de mot de passe.", `<a href="/space/security">Mot de passe</a>`,
		`<label for="new-password">`, `autocomplete="new-password"`, `<label for="confirm-password">`, `<label for="username">`, `autocomplete="username" value="`+email+`"`,
		"Définir mon mot de passe")
	if strings.Contains(page, `name="current_password"`) {
		t.Error("a first password asks for a current one")
	}

	// Refusals, each in his words, and nothing set.
	const first, second, third = "la mer est calme ce matin", "Le vent se lève, il faut tenter de vivre", "un coup de dés jamais n'abolira le hasard"
	for _, tc := range []struct{ password, confirm, want string }{
		{"trop court", "trop court", "Le mot de passe doit compter au moins 12 caractères."},
		{strings.Repeat("é", 65), strings.Repeat("é", 65), "Le mot de passe ne peut dépasser 128 octets"},
		{strings.ToUpper(email), strings.ToUpper(email), "Le mot de passe ne peut pas être votre adresse e-mail."},
		{first, first + "!", "Les deux nouveaux mots de passe ne sont pas identiques."},
	} {
		resp, page := b.setPassword("", tc.password, tc.confirm)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("password %q: %d, want 422", tc.password, resp.StatusCode)
		}
		contains(t, "refused password", page, `role="alert"`, tc.want)
	}
	if at, err := s.app.Space.HasPassword(ctx, c.ID); err != nil || at != nil {
		t.Fatalf("refused passwords left one set at %v (%v)", at, err)
	}

	// Set.
	before := len(s.smtp.Messages())
	resp, _ := b.setPassword("", first, first)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/security?done=set" {
		t.Fatalf("set a password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = b.get(resp.Header.Get("Location"))
	contains(t, "password set", page, "Votre mot de passe est défini. Vos autres sessions ont été déconnectées.", "Mot de passe défini le ",
		"Changer mon mot de passe")
	wantSignedIn(t, b, c)
	if resp, _ := elsewhere.get("/space/"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "expired=1") {
		t.Errorf("his other session after the password was set: %d %s, want signed out", resp.StatusCode, resp.Header.Get("Location"))
	}
	notice := s.mailTo(t, email, "Un mot de passe a été défini pour votre espace client")
	contains(t, "the notice", notice.Text, "Bonjour", "Le mot de passe de votre espace client a été défini le ", "Vos autres sessions ont été déconnectées.",
		"0 800 940 940", "Nous ne vous demanderons jamais votre mot de passe")
	if strings.Contains(string(notice.Raw), first) || len(s.smtp.Messages()) != before+1 {
		t.Errorf("the notice holds the password, or came with other mail (%d messages)", len(s.smtp.Messages())-before)
	}
	ds, _, err := s.app.Deliveries.List(ctx, delivery.Filter{CustomerID: c.ID}, "")
	must(t, "Deliveries.List", err)
	if !slices.ContainsFunc(ds, func(d *delivery.Delivery) bool {
		return d.Kind == delivery.Security && d.Status == delivery.Sent && d.To == email
	}) {
		t.Errorf("no security delivery sent to %s among %d", email, len(ds))
	}

	// Sign out, then in with the password; the email as typed, any case.
	_, page = b.get("/space/")
	b.post("/space/logout", url.Values{"csrf_token": {csrf(t, page)}})
	_, login := b.get("/space/login")
	contains(t, "sign-in page", login, `action="/space/login/code"`, `action="/space/login/password"`, `<label for="pw-email">`,
		`id="pw-email" name="email" type="email" autocomplete="username"`, `<label for="password">`, `autocomplete="current-password"`)
	resp, _ = b.signInWithPassword(" "+strings.ToUpper(email)+" ", first)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/bills" {
		t.Fatalf("sign in with the password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	wantSignedIn(t, b, c)

	// The sign-in page has every text, in each language.
	for _, tc := range []struct{ query, accept, want string }{
		{"?lang=en", "", "Or with your password"}, {"?lang=fr", "fr-CA", "Adresse courriel"}, {"?lang=fr", "", "Ou avec votre mot de passe"},
	} {
		_, page := s.browser(t).get("/space/login"+tc.query, "Accept-Language", tc.accept)
		if i := strings.Index(page, "⟦"); i >= 0 || !strings.Contains(page, tc.want) {
			t.Errorf("sign-in page %s %s: a text key without a text, or no %q", tc.query, tc.accept, tc.want)
		}
	}

	// A wrong password and an unknown email: the same page, the same status.
	other := s.browser(t)
	resp, wrong := other.signInWithPassword(email, first+"?")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a wrong password: %d", resp.StatusCode)
	}
	contains(t, "wrong password", wrong, "Adresse e-mail ou mot de passe incorrect.")
	resp, unknown := other.signInWithPassword("nobody-at-all@example.fr", first)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an unknown email: %d", resp.StatusCode)
	}
	if strings.ReplaceAll(bodyText(wrong), email, "X") != strings.ReplaceAll(bodyText(unknown), "nobody-at-all@example.fr", "X") {
		t.Errorf("a wrong password and an unknown email answer differently:\n%s\n%s", bodyText(wrong), bodyText(unknown))
	}

	// Just signed in, he is not asked his current password; ten minutes
	// later he is.
	_, page = b.get("/space/security")
	contains(t, "freshly signed in", page, `id="recent-sign-in"`, "Vous vous êtes connecté il y a moins de 10 minutes")
	if strings.Contains(page, `name="current_password"`) {
		t.Error("a customer who just signed in is asked his current password")
	}
	s.clock.Advance(session.RecentSignIn)
	_, page = b.get("/space/security")
	contains(t, "signed in a while ago", page, `name="current_password"`, `autocomplete="current-password"`)
	for _, current := range []string{"", first + "?"} {
		resp, page := b.setPassword(current, second, second)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a change with current password %q: %d, want 401", current, resp.StatusCode)
		}
		contains(t, "wrong current password", page, "Le mot de passe actuel n&#39;est pas le bon.")
	}
	resp, _ = b.setPassword(first, second, second)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/space/security?done=changed" {
		t.Fatalf("change the password: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	s.mailTo(t, email, "Votre mot de passe a été changé")
	if resp, _ := other.signInWithPassword(email, first); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password after a change: %d, want 401", resp.StatusCode)
	}
	if resp, _ := other.signInWithPassword(email, second); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password: %d, want 303", resp.StatusCode)
	}
	wantSignedIn(t, other, c)

	// A forgotten password: he signs in with a code and sets a new one
	// without the old.
	forgot := s.browser(t)
	s.signInSpace(t, forgot, c)
	if resp, _ := forgot.setPassword("", third, third); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new password right after signing in with a code: %d, want 303", resp.StatusCode)
	}
	if resp, _ := s.browser(t).signInWithPassword(email, third); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the password set after signing in with a code: %d, want 303", resp.StatusCode)
	}

	// His timeline says it three times, as his own doing, and never the password.
	entries, _, err := s.app.Customers.Timeline(ctx, c.ID, "", 50)
	must(t, "Timeline", err)
	var kinds []customer.EventKind
	for _, e := range entries {
		if e.Kind != timeline.KindEvent || (e.Event.Kind != customer.EventSpacePasswordSet && e.Event.Kind != customer.EventSpacePasswordChanged) {
			continue
		}
		kinds = append(kinds, e.Event.Kind)
		if e.Event.Actor.Kind != tact.ActorCustomer || e.Event.Actor.ID != c.ID || e.Event.Detail["session"] == "" {
			t.Errorf("password event %+v", e.Event)
		}
		for _, v := range e.Event.Detail {
			if strings.Contains(v, "argon2") || strings.Contains(v, "mer") || strings.Contains(v, "vent") || strings.Contains(v, "hasard") {
				t.Errorf("a password event tells %q", v)
			}
		}
	}
	if !slices.Equal(kinds, []customer.EventKind{customer.EventSpacePasswordChanged, customer.EventSpacePasswordChanged, customer.EventSpacePasswordSet}) {
		t.Errorf("password events on the timeline %v", kinds)
	}
	staff := s.browser(t)
	staff.mustSignIn(s.staff(t, "advisor", tact.FR).Email)
	_, tl := staff.get("/console/customers/" + c.ID + "/timeline")
	contains(t, "the console's timeline", tl, "mot de passe de l&#39;espace client défini", "mot de passe de l&#39;espace client changé")

	// Customer B's password opens neither space with A's email, and A's
	// password not B's.
	bee := s.crowd(t, 9)
	const beePassword = "un tout autre mot de passe"
	bb := s.browser(t)
	s.signInSpace(t, bb, bee)
	if resp, _ := bb.setPassword("", beePassword, beePassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("B sets his password: %d", resp.StatusCode)
	}
	stranger := s.browser(t)
	for _, tc := range []struct{ email, password string }{{email, beePassword}, {primaryEmail(bee), second}} {
		if resp, _ := stranger.signInWithPassword(tc.email, tc.password); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s with another customer's password: %d, want 401", tc.email, resp.StatusCode)
		}
	}
	if resp, _ := stranger.get("/space/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the crossed passwords the stranger opens a space: %d", resp.StatusCode)
	}
	if resp, _ := stranger.signInWithPassword(primaryEmail(bee), beePassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("B with his own password: %d", resp.StatusCode)
	}
	_, home := stranger.get("/space/")
	if !strings.Contains(home, bee.FamilyName) || strings.Contains(home, c.FamilyName) {
		t.Error("B's password opened a space not B's alone")
	}

	// Without its CSRF token, neither form does anything.
	for _, p := range []string{"/space/security/password", "/space/login/password"} {
		resp, page := b.post(p, url.Values{"email": {email}, "password": {second}, "current_password": {second}, "new_password": {first}, "confirm_password": {first}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without its CSRF token: %d, want 403", p, resp.StatusCode)
		}
		contains(t, "CSRF refusal", page, "Ce formulaire a expiré ou ne vient pas de votre espace client.")
	}
	if resp, _ := s.browser(t).signInWithPassword(email, third); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the password after a change posted without its token: %d, want it unchanged", resp.StatusCode)
	}
}

// TestSpacePasswordLimits: failed sign-ins count together, wrong codes and
// wrong passwords: the 5th failure is still told so, the 6th attempt is
// refused (429) even with the right password. An unknown email takes as
// long to refuse as a wrong password (a dummy hash is checked). Five wrong
// current passwords on the password page stop a sixth try too.
func TestSpacePasswordLimits(t *testing.T) {
	t.Parallel()
	s := newSpace(t)
	c := s.crowd(t, 10)
	email := primaryEmail(c)
	const password = "trois petits chats blancs"
	b := s.browser(t)
	s.signInSpace(t, b, c)
	if resp, _ := b.setPassword("", password, password); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set the password: %d", resp.StatusCode)
	}

	// Two wrong codes, then three wrong passwords: five failures.
	guest := s.browser(t)
	before := len(s.smtp.Messages())
	_, page := guest.askCode(email)
	code := s.codeFor(t, email, before)
	for _, wrong := range []string{"000000", "111111"} {
		if wrong == code {
			wrong = "999999"
		}
		if resp, _ := guest.post("/space/login", url.Values{"email": {email}, "code": {wrong}, "csrf_token": {csrf(t, page)}}); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code: %d", resp.StatusCode)
		}
	}
	var wrongTime time.Duration
	for i := 3; i <= session.MaxFailures; i++ {
		start := time.Now()
		resp, _ := guest.signInWithPassword(email, password+"!")
		if d := time.Since(start); wrongTime == 0 || d < wrongTime {
			wrongTime = d
		}
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d, a wrong password: %d, want 401", i, resp.StatusCode)
		}
	}
	resp, limited := guest.signInWithPassword(email, password)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("attempt %d with the right password: %d, want 429", session.MaxFailures+1, resp.StatusCode)
	}
	contains(t, "limited", limited, "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans 15 minutes.")

	// Unknown emails cost a password check too.
	var unknownTime time.Duration
	for i := range 3 {
		start := time.Now()
		resp, _ := guest.signInWithPassword("nobody-"+string(rune('a'+i))+"@example.fr", password)
		if d := time.Since(start); unknownTime == 0 || d < unknownTime {
			unknownTime = d
		}
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("an unknown email: %d", resp.StatusCode)
		}
	}
	if unknownTime < wrongTime/5 {
		t.Errorf("an unknown email is refused in %v, a wrong password in %v: the answer tells who is a customer", unknownTime, wrongTime)
	}

	// A quarter of an hour later the password works.
	s.clock.Advance(session.FailureWindow)
	resp, _ = guest.signInWithPassword(email, password)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the window, the right password: %d", resp.StatusCode)
	}

	// Wrong current passwords, once he signed in long enough ago to be
	// asked it: five told so, the sixth refused.
	s.clock.Advance(session.RecentSignIn)
	for i := 1; i <= session.MaxFailures; i++ {
		if resp, _ := guest.setPassword("pas le bon mot de passe", password+" encore", password+" encore"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong current password %d: %d, want 401", i, resp.StatusCode)
		}
	}
	resp, page = guest.setPassword(password, password+" encore", password+" encore")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("a change after %d wrong current passwords: %d, want 429", session.MaxFailures, resp.StatusCode)
	}
	contains(t, "limited change", page, "Trop de mots de passe erronés. Par sécurité, réessayez dans 15 minutes.")
}
