package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// The space's password (issue 8, scope 4): a customer signed in by code
// gives himself a password on his "password" page, or changes it with the
// current one, and may then sign in with his email and that password
// instead of waiting for a code. The sign-in page offers both.

// spacePasswordRoutes adds the password's routes; page and mine are
// spaceRoutes' wrappers (CSRF checked on every post; mine for a signed-in
// customer only).
func (w *Web) spacePasswordRoutes(page, mine func(string, http.HandlerFunc)) {
	page("POST "+SpacePrefix+"login/password", w.spaceSignInWithPassword)
	mine("GET "+SpacePrefix+"security", w.spaceSecurity)
	mine("POST "+SpacePrefix+"security/password", w.spaceSetPassword)
}

// spaceSignInWithPassword checks the email and password and opens the
// customer's session; a wrong password and an unknown email get the same
// page.
func (w *Web) spaceSignInWithPassword(rw http.ResponseWriter, r *http.Request) {
	email, next := strings.TrimSpace(r.PostFormValue("email")), spaceSafeNext(r.PostFormValue("next"))
	_, token, _, err := w.app.Space.SignInWithPassword(r.Context(), email, r.PostFormValue("password"), app.Client{IP: w.clientIP(r), UserAgent: r.UserAgent()})
	if err == nil {
		w.spaceSignedIn(rw, r, token, next)
		return
	}
	p := w.spacePage(r, "space.login.title", loginData{Email: email, Next: next})
	S := p.Data.(spaceData).S
	var limited *app.RateLimitedError
	switch {
	case errors.As(err, &limited):
		p.Alert = S.T("space.login.limited", retryAfter(rw, limited))
		w.spaceRender(rw, r, http.StatusTooManyRequests, "space_login", p)
	case tact.ErrorCode(err) == tact.CodeUnauthorized:
		p.Alert = S.T("space.login.wrong")
		w.spaceRender(rw, r, http.StatusUnauthorized, "space_login", p)
	default:
		w.spaceFail(rw, r, err)
	}
}

// spaceSignedIn gives the browser the customer's session and sends it on.
// The visitor's secret is replaced by the session's: an anti-forgery token
// planted before sign-in is worth nothing after.
func (w *Web) spaceSignedIn(rw http.ResponseWriter, r *http.Request, token, next string) {
	http.SetCookie(rw, w.spaceCookie(r, spaceSessionCookie, token, 0))
	http.SetCookie(rw, w.spaceCookie(r, spaceVisitorCookie, "", -1))
	http.Redirect(rw, r, next, http.StatusSeeOther)
}

// securityData is the data of the password page.
type securityData struct {
	// SetAt is when his password was set; nil when he has none.
	SetAt *time.Time
	// Email is the address he signs in with, for password managers.
	Email string
	// Recent: he signed in less than session.RecentSignIn ago, so his
	// current password is not asked.
	Recent bool
}

// RecentMinutes is session.RecentSignIn in minutes, as the page says it.
func (securityData) RecentMinutes() int { return int(session.RecentSignIn / time.Minute) }

// spaceSecurity shows whether the customer has a password and the form to
// set or change it.
func (w *Web) spaceSecurity(rw http.ResponseWriter, r *http.Request) {
	p, err := w.securityPage(r)
	if err != nil {
		w.spaceFail(rw, r, err)
		return
	}
	switch r.URL.Query().Get("done") {
	case "set":
		p.Flash = p.Data.(spaceData).S.T("space.security.doneSet")
	case "changed":
		p.Flash = p.Data.(spaceData).S.T("space.security.doneChanged")
	}
	w.spaceRender(rw, r, http.StatusOK, "space_security", p)
}

// securityPage is the password page's data for the customer signed in.
func (w *Web) securityPage(r *http.Request) (page, error) {
	c := me(r)
	at, err := w.app.Space.HasPassword(r.Context(), c.ID)
	if err != nil {
		return page{}, err
	}
	recent := spaceVisitorOf(r).signIn.SignedInRecently(w.app.Clock().Now())
	return w.spacePage(r, "space.security.title", securityData{SetAt: at, Email: c.PrimaryEmail(), Recent: recent}), nil
}

// spaceSetPassword sets or changes the customer's password; a refusal shows
// the form again with why, in his words.
func (w *Web) spaceSetPassword(rw http.ResponseWriter, r *http.Request) {
	again := func(status int, key string, args ...any) {
		p, err := w.securityPage(r)
		if err != nil {
			w.spaceFail(rw, r, err)
			return
		}
		p.Alert = p.Data.(spaceData).S.T(key, args...)
		w.spaceRender(rw, r, status, "space_security", p)
	}
	password := r.PostFormValue("new_password")
	if password != r.PostFormValue("confirm_password") {
		again(http.StatusUnprocessableEntity, "space.security.mismatch")
		return
	}
	change, err := w.app.Space.SetPassword(r.Context(), spaceVisitorOf(r).token, r.PostFormValue("current_password"), password,
		app.Client{IP: w.clientIP(r), UserAgent: r.UserAgent()})
	var limited *app.RateLimitedError
	var fault session.PasswordFault
	switch {
	case err == nil && change.Changed:
		http.Redirect(rw, r, SpacePrefix+"security?done=changed", http.StatusSeeOther)
	case err == nil:
		http.Redirect(rw, r, SpacePrefix+"security?done=set", http.StatusSeeOther)
	case errors.As(err, &limited):
		again(http.StatusTooManyRequests, "space.security.limited", retryAfter(rw, limited))
	case tact.ErrorCode(err) == tact.CodeUnauthorized && tact.ErrorField(err) == "current_password":
		again(http.StatusUnauthorized, "space.security.wrongCurrent")
	case errors.As(err, &fault):
		again(http.StatusUnprocessableEntity, "space.security.fault."+string(fault))
	case tact.ErrorCode(err) == tact.CodeConflict:
		again(http.StatusConflict, "space.security.conflict")
	case tact.ErrorCode(err) == tact.CodeUnauthorized:
		// His session ended between the check and the change.
		http.Redirect(rw, r, SpacePrefix+"login?expired=1&next="+SpacePrefix+"security", http.StatusSeeOther)
	default:
		w.spaceFail(rw, r, err)
	}
}

// spacePasswordMessages are the texts of the space's password, in French
// ("vous"; ".tu" keys for a customer who asked for "tu"), Québec French
// where it differs, and English.
var spacePasswordMessages = map[string]msg{
	"space.nav.security": {FR: "Mot de passe", EN: "Password"},

	"space.login.passwordTitle": {FR: "Ou avec votre mot de passe", EN: "Or with your password"},
	"space.login.passwordIntro": {FR: "Si vous avez choisi un mot de passe dans votre espace client.", EN: "If you chose a password in your customer space."},
	"space.login.password":      {FR: "Mot de passe", EN: "Password"},
	"space.login.signIn":        {FR: "Se connecter", EN: "Sign in"},
	"space.login.wrong":         {FR: "Adresse e-mail ou mot de passe incorrect.", CA: "Adresse courriel ou mot de passe incorrect.", EN: "Wrong email address or password."},
	"space.login.limited":       {FR: "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans %d minutes.", EN: "Too many failed sign-in attempts. For your security, try again in %d minutes."},

	"space.security.title":          {FR: "Mon mot de passe", EN: "My password"},
	"space.security.intro":          {FR: "Avec un mot de passe, vous vous connectez sans attendre de code. Le code par e-mail marche toujours, même si vous l'oubliez.", CA: "Avec un mot de passe, vous vous connectez sans attendre de code. Le code par courriel marche toujours, même si vous l'oubliez.", EN: "With a password, you sign in without waiting for a code. The code by email still works, even if you forget it."},
	"space.security.intro.tu":       {FR: "Avec un mot de passe, tu te connectes sans attendre de code. Le code par e-mail marche toujours, même si tu l'oublies.", CA: "Avec un mot de passe, tu te connectes sans attendre de code. Le code par courriel marche toujours, même si tu l'oublies."},
	"space.security.none":           {FR: "Vous n'avez pas encore de mot de passe.", EN: "You have no password yet."},
	"space.security.none.tu":        {FR: "Tu n'as pas encore de mot de passe."},
	"space.security.since":          {FR: "Mot de passe défini le %s.", EN: "Password set on %s."},
	"space.security.username":       {FR: "Adresse e-mail de connexion", CA: "Adresse courriel de connexion", EN: "Sign-in email address"},
	"space.security.current":        {FR: "Mot de passe actuel", EN: "Current password"},
	"space.security.recent":         {FR: "Vous vous êtes connecté il y a moins de %d minutes : votre mot de passe actuel n'est pas demandé. C'est ainsi que vous remplacez un mot de passe oublié.", EN: "You signed in less than %d minutes ago: your current password is not asked for. This is how you replace a forgotten password."},
	"space.security.recent.tu":      {FR: "Tu t'es connecté il y a moins de %d minutes : ton mot de passe actuel n'est pas demandé. C'est ainsi que tu remplaces un mot de passe oublié."},
	"space.security.new":            {FR: "Nouveau mot de passe", EN: "New password"},
	"space.security.confirm":        {FR: "Nouveau mot de passe, une seconde fois", EN: "New password, once more"},
	"space.security.help":           {FR: "Au moins 12 caractères, 128 octets au plus, et pas votre adresse e-mail. Une phrase facile à retenir fait un bon mot de passe.", CA: "Au moins 12 caractères, 128 octets au plus, et pas votre adresse courriel. Une phrase facile à retenir fait un bon mot de passe.", EN: "At least 12 characters, at most 128 bytes, and not your email address. A sentence easy to remember makes a good password."},
	"space.security.help.tu":        {FR: "Au moins 12 caractères, 128 octets au plus, et pas ton adresse e-mail. Une phrase facile à retenir fait un bon mot de passe.", CA: "Au moins 12 caractères, 128 octets au plus, et pas ton adresse courriel. Une phrase facile à retenir fait un bon mot de passe."},
	"space.security.others":         {FR: "Vos autres sessions seront déconnectées, et un e-mail vous le confirmera.", CA: "Vos autres sessions seront déconnectées, et un courriel vous le confirmera.", EN: "Your other sessions will be signed out, and an email will confirm it."},
	"space.security.others.tu":      {FR: "Tes autres sessions seront déconnectées, et un e-mail te le confirmera.", CA: "Tes autres sessions seront déconnectées, et un courriel te le confirmera."},
	"space.security.set":            {FR: "Définir mon mot de passe", EN: "Set my password"},
	"space.security.change":         {FR: "Changer mon mot de passe", EN: "Change my password"},
	"space.security.doneSet":        {FR: "Votre mot de passe est défini. Vos autres sessions ont été déconnectées.", EN: "Your password is set. Your other sessions were signed out."},
	"space.security.doneSet.tu":     {FR: "Ton mot de passe est défini. Tes autres sessions ont été déconnectées."},
	"space.security.doneChanged":    {FR: "Votre mot de passe est changé. Vos autres sessions ont été déconnectées.", EN: "Your password is changed. Your other sessions were signed out."},
	"space.security.doneChanged.tu": {FR: "Ton mot de passe est changé. Tes autres sessions ont été déconnectées."},
	"space.security.wrongCurrent":   {FR: "Le mot de passe actuel n'est pas le bon.", EN: "The current password is wrong."},
	"space.security.limited":        {FR: "Trop de mots de passe erronés. Par sécurité, réessayez dans %d minutes.", EN: "Too many wrong passwords. For your security, try again in %d minutes."},
	"space.security.limited.tu":     {FR: "Trop de mots de passe erronés. Par sécurité, réessaie dans %d minutes."},
	"space.security.mismatch":       {FR: "Les deux nouveaux mots de passe ne sont pas identiques.", EN: "The two new passwords are not the same."},
	"space.security.conflict":       {FR: "Votre mot de passe vient d'être changé depuis une autre session. Rechargez la page et recommencez.", EN: "Your password was just changed from another session. Reload the page and try again."},
	"space.security.conflict.tu":    {FR: "Ton mot de passe vient d'être changé depuis une autre session. Recharge la page et recommence."},

	"space.security.fault.too_short":   {FR: "Le mot de passe doit compter au moins 12 caractères.", EN: "The password must have at least 12 characters."},
	"space.security.fault.too_long":    {FR: "Le mot de passe ne peut dépasser 128 octets (64 lettres accentuées, 128 sans accent).", EN: "The password may not exceed 128 bytes (64 accented letters, 128 plain ones)."},
	"space.security.fault.is_email":    {FR: "Le mot de passe ne peut pas être votre adresse e-mail.", CA: "Le mot de passe ne peut pas être votre adresse courriel.", EN: "The password may not be your email address."},
	"space.security.fault.is_email.tu": {FR: "Le mot de passe ne peut pas être ton adresse e-mail.", CA: "Le mot de passe ne peut pas être ton adresse courriel."},
}

// spacePasswordEnums name the password's events on the console's timeline.
var spacePasswordEnums = map[string]msg{
	"event.space_password_set":     {FR: "mot de passe de l'espace client défini", EN: "customer space password set"},
	"event.space_password_changed": {FR: "mot de passe de l'espace client changé", EN: "customer space password changed"},
}

func init() {
	addTexts(messages, spacePasswordMessages)
	addTexts(enums, spacePasswordEnums)
}
