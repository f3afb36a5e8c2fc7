package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
)

// The customer space (issue 8, scope 4): a customer signs in with a code sent
// to his email, or with a password he chose (space_password.go), and finds his bills (and disputes a line in one click), the
// promises made to him, his offers side by side, his preferences, and the
// cancellation in three steps with its receipt. It is served by the same
// handler as the console, under its own prefix, with its own cookies on its
// own path and its own sessions (app.Space): a customer's session never
// opens a console page, nor a person's session the space. Every page works
// without JavaScript; every id in a path is checked to be the signed-in
// customer's, and anything else is "not found", never "forbidden", so the
// space tells nobody what exists.

// SpacePrefix is where the customer space is mounted on the server's mux.
const SpacePrefix = "/space/"

// The space's cookies, HttpOnly, SameSite=Lax, Path=/space/, Secure as the
// console's are (Web.cookie).
const (
	spaceSessionCookie = "tact_space"
	spaceVisitorCookie = "tact_space_visitor"
)

// spacePageNames are the space's pages, each parsed with space_layout.html.
var spacePageNames = []string{"space_login", "space_code", "space_home", "space_bills", "space_bill", "space_promises",
	"space_offers", "space_preferences", "space_cancel", "space_cancellation", "space_receipt", "space_error", "space_security"}

// parseSpace parses the space's pages; like New, it panics on a template
// that does not parse.
func (w *Web) parseSpace(funcs template.FuncMap) {
	funcs["space"] = func() string { return SpacePrefix }
	funcs["supportPhone"] = w.supportPhone
	for _, name := range spacePageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/space_layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			panic(fmt.Sprintf("web: template %s: %v", name, err))
		}
		w.pages[name] = t
	}
}

// spaceRoutes adds the space's routes to mux.
func (w *Web) spaceRoutes(mux *http.ServeMux) {
	page := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, w.identifySpace(w.checkSpaceCSRF(h)))
	}
	mine := func(pattern string, h http.HandlerFunc) { page(pattern, w.customerOnly(h)) }
	page("GET "+SpacePrefix+"login", w.spaceLoginForm)
	page("POST "+SpacePrefix+"login/code", w.spaceSendCode)
	page("POST "+SpacePrefix+"login", w.spaceSignIn)
	page("POST "+SpacePrefix+"logout", w.spaceSignOut)

	mine("GET "+SpacePrefix+"{$}", w.spaceHome)
	mine("GET "+SpacePrefix+"bills", w.spaceBills)
	mine("GET "+SpacePrefix+"bills/{id}", w.spaceBill)
	mine("GET "+SpacePrefix+"bills/{id}/document", w.spaceBillDocument)
	mine("POST "+SpacePrefix+"bills/{id}/lines/{line}/dispute", w.spaceDispute)
	mine("GET "+SpacePrefix+"promises", w.spacePromises)
	mine("GET "+SpacePrefix+"offers", w.spaceOffers)
	mine("GET "+SpacePrefix+"offers/{code}/document", w.spaceOfferDocument)
	mine("GET "+SpacePrefix+"preferences", w.spacePreferences)
	mine("POST "+SpacePrefix+"preferences", w.spaceSavePreferences)
	mine("GET "+SpacePrefix+"cancel", w.spaceCancelForm)
	mine("POST "+SpacePrefix+"cancel", w.spaceRequestCancel)
	mine("GET "+SpacePrefix+"cancellations/{id}", w.spaceCancellation)
	mine("POST "+SpacePrefix+"cancellations/{id}/confirm", w.spaceConfirmCancel)
	mine("GET "+SpacePrefix+"cancellations/{id}/receipt", w.spaceReceipt)
	mine("GET "+SpacePrefix+"cancellations/{id}/receipt/document", w.spaceReceiptDocument)
	w.spacePasswordRoutes(page, mine)
	page(SpacePrefix, w.spaceNotFound)
}

// spaceVisitor is who is at the browser in the space: the language, the
// customer signed in (nil if none), the anti-forgery token.
type spaceVisitor struct {
	lang   tact.Language
	chosen bool // the language was chosen with the switch
	me     *customer.Customer
	signIn *session.SpaceSession // the session me signed in with
	token  string
	secret string
	csrf   string
}

type spaceVisitorKey struct{}

func spaceVisitorOf(r *http.Request) *spaceVisitor {
	if v, ok := r.Context().Value(spaceVisitorKey{}).(*spaceVisitor); ok {
		return v
	}
	return &spaceVisitor{lang: tact.LangFrFR}
}

// identifySpace recognises the browser in the space: its customer's session
// (only a customer's: app.Space refuses any other token), its language, and
// its anti-forgery secret. A signed-in request acts as the customer.
func (w *Web) identifySpace(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		v := &spaceVisitor{}
		ctx := r.Context()
		if c, err := r.Cookie(spaceSessionCookie); err == nil && c.Value != "" {
			se, me, err := w.app.Space.Authenticate(ctx, c.Value)
			switch {
			case err == nil:
				v.me, v.signIn, v.token, v.secret = me, se, c.Value, c.Value
				ctx = tact.WithActor(ctx, tact.Actor{Kind: tact.ActorCustomer, ID: me.ID, Name: me.FullName()})
			case tact.ErrorCode(err) == tact.CodeUnauthorized:
				http.SetCookie(rw, w.spaceCookie(r, spaceSessionCookie, "", -1))
			default:
				w.spaceFail(rw, r, err)
				return
			}
		}
		v.lang, v.chosen = spaceLang(rw, r, w, v.me)
		if v.secret == "" {
			if c, err := r.Cookie(spaceVisitorCookie); err == nil && strings.HasPrefix(c.Value, session.TokenPrefix) {
				v.secret = c.Value
			} else {
				tok, err := session.NewToken()
				if err != nil {
					w.spaceFail(rw, r, err)
					return
				}
				v.secret = tok
				http.SetCookie(rw, w.spaceCookie(r, spaceVisitorCookie, tok, 0))
			}
		}
		v.csrf = session.CSRFToken(v.secret)
		next.ServeHTTP(rw, r.WithContext(context.WithValue(ctx, spaceVisitorKey{}, v)))
	})
}

// spaceLang is the language of a space page: the switch (?lang=fr|en,
// remembered), else the one chosen before, else the customer's own; French is
// Québec's for a customer whose language is fr-CA (or, signed out, a browser
// asking for fr-CA).
func spaceLang(rw http.ResponseWriter, r *http.Request, w *Web, me *customer.Customer) (tact.Language, bool) {
	choice := r.URL.Query().Get("lang")
	chosen := choice == "fr" || choice == "en"
	if chosen {
		http.SetCookie(rw, w.spaceCookie(r, langCookie, choice, 365*24*time.Hour))
	} else if c, err := r.Cookie(langCookie); err == nil && (c.Value == "fr" || c.Value == "en") {
		choice, chosen = c.Value, true
	}
	switch {
	case choice == "en":
		return tact.LangEN, chosen
	case choice == "" && me != nil && me.Language == tact.LangEN:
		return tact.LangEN, false
	case me != nil && me.Language == tact.LangFrCA:
		return tact.LangFrCA, chosen
	case me == nil && strings.Contains(strings.ToLower(r.Header.Get("Accept-Language")), "fr-ca"):
		return tact.LangFrCA, chosen
	}
	return tact.LangFrFR, chosen
}

// checkSpaceCSRF refuses, with 403, a change without this browser's
// anti-forgery token.
func (w *Web) checkSpaceCSRF(next http.Handler) http.Handler {
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
		if !session.CheckCSRF(spaceVisitorOf(r).secret, got) {
			w.log.WarnContext(r.Context(), "space: request without a valid CSRF token", "method", r.Method, "path", r.URL.Path)
			w.spaceError(rw, r, http.StatusForbidden, "space.error.csrf")
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// customerOnly lets only a signed-in customer through; anyone else goes to
// the space's sign-in page and comes back after.
func (w *Web) customerOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if spaceVisitorOf(r).me != nil {
			h(rw, r)
			return
		}
		target := SpacePrefix + "login?next=" + url.QueryEscape(r.URL.RequestURI())
		if _, err := r.Cookie(spaceSessionCookie); err == nil {
			target += "&expired=1"
		}
		http.Redirect(rw, r, target, http.StatusSeeOther)
	}
}

// spaceCookie returns a cookie of the space; maxAge 0 lasts the browser
// session, < 0 deletes it.
func (w *Web) spaceCookie(r *http.Request, name, value string, maxAge time.Duration) *http.Cookie {
	c := w.cookie(r, name, value, maxAge)
	c.Path = SpacePrefix
	return c
}

// spaceSafeNext is where to go after signing in: a page of the space.
func spaceSafeNext(next string) string {
	if !strings.HasPrefix(next, SpacePrefix) || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") ||
		strings.HasPrefix(next, SpacePrefix+"login") {
		return SpacePrefix
	}
	return next
}

// SL is the language of a space page with the customer's form of address:
// a text written for "tu" has the key of its "vous" text with ".tu" after.
type SL struct {
	Lang
	Tu bool
}

// T returns the text of key in the page's language and form of address.
func (l SL) T(key string, args ...any) string {
	if l.Tu && !l.English() {
		if _, ok := messages[key+".tu"]; ok {
			key += ".tu"
		}
	}
	return l.Lang.T(key, args...)
}

// spaceData is what every space template finds in page.Data: the language
// with the form of address, the customer signed in, and the page's own data.
type spaceData struct {
	S    SL
	Me   *customer.Customer
	Body any
}

// Greeting is how the space greets the customer: "Bonjour Madame
// Lagarrigue,", "Bonjour Camille," for a customer who asked for "tu".
func (d spaceData) Greeting() string {
	if d.Me == nil {
		return ""
	}
	p := d.Me.Person()
	p.Language = d.S.Tag
	return strings.TrimSuffix(p.Greeting(), ",")
}

// SupportPhone is the free support number of the customer's jurisdiction
// (France's before sign-in).
func (w *Web) supportPhone(me *customer.Customer) string {
	op := w.app.Space.Operator()
	if me == nil {
		return op.SupportPhone[tact.FR]
	}
	return op.SupportPhone[me.Jurisdiction]
}

// spacePage is the data of a space page for r.
func (w *Web) spacePage(r *http.Request, titleKey string, body any) page {
	v := spaceVisitorOf(r)
	q := r.URL.Query()
	q.Del("lang")
	p := r.URL.Path
	if enc := q.Encode(); enc != "" {
		p += "?" + enc
	}
	s := SL{Lang: Lang{Tag: v.lang}}
	if v.me != nil {
		s.Tu = v.me.FormOfAddress == customer.Tu
		s.Loc = location(v.me.TimeZone)
	}
	pg := page{L: s.Lang, CSRF: v.csrf, Path: p}
	pg.Title = s.T(titleKey)
	pg.Data = spaceData{S: s, Me: v.me, Body: body}
	return pg
}

// spaceRender writes a space page, with the headers of render.
func (w *Web) spaceRender(rw http.ResponseWriter, r *http.Request, status int, name string, p page) {
	w.renderBlock(rw, r, status, name, "layout.html", p)
}

// spaceError shows the space's error page with a message.
func (w *Web) spaceError(rw http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	p := w.spacePage(r, "space.error.title", nil)
	d := p.Data.(spaceData)
	d.Body = d.S.T(key, args...)
	p.Data = d
	w.spaceRender(rw, r, status, "space_error", p)
}

// spaceFail shows what went wrong: not found (what is not the customer's
// is not found either), invalid input with its message, or an internal
// error logged with the reference to quote.
func (w *Web) spaceFail(rw http.ResponseWriter, r *http.Request, err error) {
	switch tact.ErrorCode(err) {
	case tact.CodeNotFound:
		w.spaceError(rw, r, http.StatusNotFound, "space.error.notFound")
	case tact.CodeInvalid, tact.CodeRequired, tact.CodeTooLong, tact.CodeConflict, tact.CodeInvalidTransition, tact.CodeInvalidConsent:
		var te *tact.Error
		msg := err.Error()
		if errors.As(err, &te) {
			msg = te.Message
		}
		w.spaceError(rw, r, http.StatusUnprocessableEntity, "space.error.invalid", msg)
	default:
		w.log.ErrorContext(r.Context(), "space", "method", r.Method, "path", r.URL.Path, "err", err)
		w.spaceError(rw, r, http.StatusInternalServerError, "space.error.internal", rw.Header().Get("X-Request-Id"))
	}
}

// spaceNotFound is the page of an unknown path of the space.
func (w *Web) spaceNotFound(rw http.ResponseWriter, r *http.Request) {
	w.spaceError(rw, r, http.StatusNotFound, "space.error.notFound")
}

// loginData is the data of the sign-in pages.
type loginData struct {
	Email, Next string
}

// spaceLoginForm asks for the email address the code goes to.
func (w *Web) spaceLoginForm(rw http.ResponseWriter, r *http.Request) {
	next := spaceSafeNext(r.URL.Query().Get("next"))
	if spaceVisitorOf(r).me != nil {
		http.Redirect(rw, r, next, http.StatusSeeOther)
		return
	}
	p := w.spacePage(r, "space.login.title", loginData{Next: next})
	switch {
	case r.URL.Query().Get("expired") == "1":
		p.Flash = p.Data.(spaceData).S.T("space.login.expired")
	case r.URL.Query().Get("bye") == "1":
		p.Flash = p.Data.(spaceData).S.T("space.login.signedOut")
	}
	w.spaceRender(rw, r, http.StatusOK, "space_login", p)
}

// spaceSendCode sends a code to the address typed and asks for it, saying
// the same whether or not the address is a customer's.
func (w *Web) spaceSendCode(rw http.ResponseWriter, r *http.Request) {
	email, next := strings.TrimSpace(r.PostFormValue("email")), spaceSafeNext(r.PostFormValue("next"))
	err := w.app.Space.SendCode(r.Context(), email, app.Client{IP: w.clientIP(r), UserAgent: r.UserAgent()})
	var limited *app.RateLimitedError
	switch {
	case errors.As(err, &limited):
		p := w.spacePage(r, "space.login.title", loginData{Email: email, Next: next})
		p.Alert = p.Data.(spaceData).S.T("space.login.limitedSend", retryAfter(rw, limited))
		w.spaceRender(rw, r, http.StatusTooManyRequests, "space_login", p)
		return
	case tact.ErrorCode(err) == tact.CodeDeliveryFailed:
		// Said to nobody but the log: the page would tell who is a customer.
		w.log.ErrorContext(r.Context(), "space: sign-in code not sent", "err", err)
	case err != nil:
		w.spaceFail(rw, r, err)
		return
	}
	p := w.spacePage(r, "space.code.title", loginData{Email: email, Next: next})
	w.spaceRender(rw, r, http.StatusOK, "space_code", p)
}

// spaceSignIn checks the code and opens the customer's session.
func (w *Web) spaceSignIn(rw http.ResponseWriter, r *http.Request) {
	email, next := strings.TrimSpace(r.PostFormValue("email")), spaceSafeNext(r.PostFormValue("next"))
	_, token, _, err := w.app.Space.SignIn(r.Context(), email, r.PostFormValue("code"), app.Client{IP: w.clientIP(r), UserAgent: r.UserAgent()})
	if err == nil {
		w.spaceSignedIn(rw, r, token, next)
		return
	}
	p := w.spacePage(r, "space.code.title", loginData{Email: email, Next: next})
	var limited *app.RateLimitedError
	switch {
	case errors.As(err, &limited):
		p.Alert = p.Data.(spaceData).S.T("space.code.limited", retryAfter(rw, limited))
		w.spaceRender(rw, r, http.StatusTooManyRequests, "space_code", p)
	case tact.ErrorCode(err) == tact.CodeUnauthorized:
		p.Alert = p.Data.(spaceData).S.T("space.code.wrong")
		w.spaceRender(rw, r, http.StatusUnauthorized, "space_code", p)
	default:
		w.spaceFail(rw, r, err)
	}
}

// spaceSignOut ends the customer's session.
func (w *Web) spaceSignOut(rw http.ResponseWriter, r *http.Request) {
	if v := spaceVisitorOf(r); v.token != "" {
		if err := w.app.Space.SignOut(r.Context(), v.token); err != nil {
			w.spaceFail(rw, r, err)
			return
		}
	}
	http.SetCookie(rw, w.spaceCookie(r, spaceSessionCookie, "", -1))
	http.Redirect(rw, r, SpacePrefix+"login?bye=1", http.StatusSeeOther)
}

// serveDocument writes a document the customer keeps: HTML, or the A4 PDF
// with ?format=pdf (as a download). The HTML is the document's own page,
// with its own style sheet inline: its policy allows that style and nothing
// else.
func (w *Web) serveDocument(rw http.ResponseWriter, r *http.Request, name string, doc interface {
	HTML(io.Writer) error
	PDF(io.Writer) error
}) {
	var out bytes.Buffer
	h := rw.Header()
	if r.URL.Query().Get("format") == "pdf" {
		if err := doc.PDF(&out); err != nil {
			w.spaceFail(rw, r, err)
			return
		}
		h.Set("Content-Type", "application/pdf")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	} else {
		if err := doc.HTML(&out); err != nil {
			w.spaceFail(rw, r, err)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	}
	h.Set("Cache-Control", "no-store")
	_, _ = rw.Write(out.Bytes())
}
