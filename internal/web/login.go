package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
)

// loginPage is the data of the sign-in page.
type loginPage struct {
	Email string
	Next  string
}

// loginForm shows the sign-in form; a person already signed in goes on.
func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if visitorOf(r).user != nil {
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("login.title")
	switch {
	case r.URL.Query().Get("expired") == "1":
		p.Flash = p.L.T("login.expired")
	case r.URL.Query().Get("bye") == "1":
		p.Flash = p.L.T("login.signedOut")
	}
	p.Data = loginPage{Next: next}
	w.render(rw, r, http.StatusOK, "login", p)
}

// login signs a person in: a wrong email or password shows the form again
// (401), too many failures a wait (429); success sets the session cookie and
// goes where the person was headed.
func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	email, next := r.PostFormValue("email"), safeNext(r.PostFormValue("next"))
	_, token, _, err := w.app.Sessions.SignIn(r.Context(), email, r.PostFormValue("password"),
		app.Client{IP: w.clientIP(r), UserAgent: r.UserAgent()})
	if err == nil {
		http.SetCookie(rw, w.cookie(r, sessionCookie, token, 0))
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("login.title")
	p.Data = loginPage{Email: email, Next: next}
	var limited *app.RateLimitedError
	switch {
	case errors.As(err, &limited):
		p.Alert = p.L.T("login.limited", retryAfter(rw, limited))
		w.render(rw, r, http.StatusTooManyRequests, "login", p)
	case tact.ErrorCode(err) == tact.CodeUnauthorized:
		p.Alert = p.L.T("login.wrong")
		w.render(rw, r, http.StatusUnauthorized, "login", p)
	default:
		w.fail(rw, r, err)
	}
}

// logout ends the session and drops its cookie.
func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if v := visitorOf(r); v.token != "" {
		if err := w.app.Sessions.SignOut(r.Context(), v.token); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	http.SetCookie(rw, w.cookie(r, sessionCookie, "", -1))
	http.Redirect(rw, r, Prefix+"login?bye=1", http.StatusSeeOther)
}

// retryAfter tells the browser when a refused sign-in may be tried again
// (Retry-After, in whole seconds) and returns that wait in whole minutes,
// both rounded up, for the page to say.
func retryAfter(rw http.ResponseWriter, limited *app.RateLimitedError) (minutes int) {
	rw.Header().Set("Retry-After", strconv.Itoa(int((limited.Wait+time.Second-1)/time.Second)))
	return int((limited.Wait + time.Minute - 1) / time.Minute)
}
