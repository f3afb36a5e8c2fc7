package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// Cookies. Both are HttpOnly (no script reads them), SameSite=Lax (another
// site's form posts carry neither), limited to the console's path, and Secure
// when the request came over TLS or people reach tact over HTTPS (Edge).
const (
	// sessionCookie holds a signed-in person's session token.
	sessionCookie = "tact_session"
	// visitorCookie holds a random token for a browser not signed in, so the
	// sign-in form has an anti-forgery token too (login CSRF).
	visitorCookie = "tact_visitor"
)

// csrfField and csrfHeader carry the anti-forgery token: a hidden input in
// every form, a header on htmx requests (set once on <body>).
const (
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
)

// visitor is who is at the browser: the language chosen, the person signed
// in (nil if none), and the anti-forgery token of this browser.
type visitor struct {
	lang   tact.Language
	user   *access.User
	token  string // the session token, "" when not signed in
	secret string // what the CSRF token is derived from: the session token or the visitor token
	csrf   string
}

type visitorKey struct{}

// visitorOf returns the visitor the middleware put on the request.
func visitorOf(r *http.Request) *visitor {
	if v, ok := r.Context().Value(visitorKey{}).(*visitor); ok {
		return v
	}
	return &visitor{lang: tact.LangFrFR}
}

// identify recognises the browser: its language (remembering a switch), its
// session if any, and its anti-forgery secret, made when missing. A signed-in
// request carries the person as the actor of everything it does.
func (w *Web) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		v := &visitor{}
		var chosen string
		v.lang, chosen = pickLang(r)
		if chosen != "" {
			http.SetCookie(rw, w.cookie(r, langCookie, chosen, 365*24*time.Hour))
		}
		ctx := r.Context()
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			_, u, err := w.app.Sessions.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				v.user, v.token, v.secret = u, c.Value, c.Value
				ctx = tact.WithActor(ctx, tact.Actor{Kind: tact.ActorUser, ID: u.ID, Name: u.Name})
			case tact.ErrorCode(err) == tact.CodeUnauthorized:
				// Ended or expired: the cookie is dropped, the person signs in again.
				http.SetCookie(rw, w.cookie(r, sessionCookie, "", -1))
			default:
				w.fail(rw, r, err)
				return
			}
		}
		if v.secret == "" {
			if c, err := r.Cookie(visitorCookie); err == nil && strings.HasPrefix(c.Value, session.TokenPrefix) {
				v.secret = c.Value
			} else {
				tok, err := session.NewToken()
				if err != nil {
					w.fail(rw, r, err)
					return
				}
				v.secret = tok
				http.SetCookie(rw, w.cookie(r, visitorCookie, tok, 0))
			}
		}
		v.csrf = session.CSRFToken(v.secret)
		next.ServeHTTP(rw, r.WithContext(context.WithValue(ctx, visitorKey{}, v)))
	})
}

// checkCSRF refuses, with 403, any request that changes something (not GET,
// HEAD or OPTIONS) without this browser's anti-forgery token in the form or
// the header.
func (w *Web) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(rw, r)
			return
		}
		r.Body = http.MaxBytesReader(rw, r.Body, 64<<10)
		got := r.Header.Get(csrfHeader)
		if got == "" {
			got = r.PostFormValue(csrfField)
		}
		if !session.CheckCSRF(visitorOf(r).secret, got) {
			w.log.WarnContext(r.Context(), "console: request without a valid CSRF token", "method", r.Method, "path", r.URL.Path)
			p := w.newPage(r, "")
			p.Title = p.L.T("error.title")
			p.Data = errorPage{Message: p.L.T("error.csrf")}
			w.render(rw, r, http.StatusForbidden, "error", p)
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// signedIn lets only a signed-in person through; anyone else is sent to the
// sign-in page, which brings them back here after. An htmx request is told
// to load the sign-in page whole.
func (w *Web) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if visitorOf(r).user != nil {
			h(rw, r)
			return
		}
		target := Prefix + "login?next=" + url.QueryEscape(r.URL.RequestURI())
		if _, err := r.Cookie(sessionCookie); err == nil {
			target += "&expired=1"
		}
		if r.Header.Get("HX-Request") == "true" {
			rw.Header().Set("HX-Redirect", target)
			rw.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.Redirect(rw, r, target, http.StatusSeeOther)
	}
}

// cookie returns a console cookie; maxAge 0 lasts the browser session, < 0
// deletes it. It is Secure over TLS, and always when a proxy in front of
// tact serves it over HTTPS (Edge.HTTPS): the request from the proxy came in
// clear, but the browser's did not.
func (w *Web) cookie(r *http.Request, name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: Prefix, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || w.edge.HTTPS}
	switch {
	case maxAge < 0:
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge / time.Second)
	}
	return c
}

// safeNext returns where to go after signing in: a console path of this
// server, never another site ("//evil.example", "https://…").
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") ||
		strings.HasPrefix(next, Prefix+"login") {
		return Prefix
	}
	return next
}
