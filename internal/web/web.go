// Package web is the console people use in a browser: advisors sign in, find
// a customer and read his brief and timeline before saying a word (story 4).
// Pages are rendered on the server with html/template from embedded files;
// a vendored htmx (no Node at build or run time) refreshes parts of a page,
// and every page works without it. Texts are French first (fr-FR, with the
// Québec wording where it differs) with an English switch.
//
// Handlers are thin: they read the request, call the app services, and
// render. Who may do what, and what a session is, are the services' and the
// domain's (internal/session, internal/audit).
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Prefix is where the console is mounted on the server's mux.
const Prefix = "/console/"

// Web is the console's handler.
type Web struct {
	app   *app.App
	log   *slog.Logger
	pages map[string]*template.Template
	// static holds the embedded files by name, and version their content
	// hash, which their URLs carry so browsers may cache them for ever.
	static  map[string][]byte
	version map[string]string
	mux     *http.ServeMux
	// edge is what stands in front of the server: whether cookies are
	// Secure, whom X-Forwarded-For is believed from.
	edge Edge
}

// pageNames are the templates rendered as whole pages; each is parsed with
// layout.html, so a missing block fails at start, not on a customer's call.
var pageNames = []string{"login", "search", "customer", "timeline", "error"}

// New returns the console over the services, served behind edge. It panics
// if an embedded template does not parse: that is a defect of the build,
// which every test that starts a server catches.
func New(a *app.App, log *slog.Logger, edge Edge) *Web {
	w := &Web{app: a, log: log, pages: map[string]*template.Template{}, static: map[string][]byte{}, version: map[string]string{}, edge: edge}
	err := fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		w.static[name], w.version[name] = b, hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("web: embedded static files: %v", err))
	}
	funcs := template.FuncMap{
		"static": w.staticURL,
		"prefix": func() string { return Prefix },
	}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials*.html", "templates/"+name+".html")
		if err != nil {
			panic(fmt.Sprintf("web: template %s: %v", name, err))
		}
		w.pages[name] = t
	}
	w.parseSpace(funcs)
	w.mux = w.routes()
	return w
}

// ServeHTTP serves the console.
func (w *Web) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.mux.ServeHTTP(rw, r) }

// staticURL returns the URL of an embedded file, carrying its content hash.
func (w *Web) staticURL(name string) string {
	return Prefix + "static/" + name + "?v=" + w.version[name]
}

// serveStatic serves an embedded file. A URL with the current hash may be
// cached for a year; any other is served fresh.
func (w *Web) serveStatic(rw http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	b, ok := w.static[name]
	if !ok {
		w.notFound(rw, r)
		return
	}
	h := rw.Header()
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "text/plain; charset=utf-8"
	}
	h.Set("Content-Type", ct)
	if r.URL.Query().Get("v") == w.version[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	_, _ = rw.Write(b)
}

// page is what every template receives.
type page struct {
	L     Lang
	Title string
	// User is the person signed in, nil on the sign-in page.
	User *access.User
	// CSRF is the anti-forgery token forms and htmx requests carry.
	CSRF string
	// Path is the page's path and query without the language switch, for
	// the switch's link.
	Path string
	// Flash is a message shown above the page's content, Alert one that
	// asks for attention (an error).
	Flash, Alert string
	// Data is the page's own content.
	Data any
}

// SwitchURL is the link of the language switch: the same page in the other
// language.
func (p page) SwitchURL() string {
	sep := "?"
	if strings.Contains(p.Path, "?") {
		sep = "&"
	}
	return p.Path + sep + "lang=" + p.L.T("lang.switchTag")
}

// newPage starts the data of a page for r.
func (w *Web) newPage(r *http.Request, title string) page {
	v := visitorOf(r)
	q := r.URL.Query()
	q.Del("lang")
	p := r.URL.Path
	if enc := q.Encode(); enc != "" {
		p += "?" + enc
	}
	return page{L: Lang{Tag: v.lang}, Title: title, User: v.user, CSRF: v.csrf, Path: p}
}

// render writes a whole page, or only its "content" block when htmx asks for
// a fragment (fragment names the block). The page is written to a buffer
// first, so a template error is a clean 500, not half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p page) {
	w.renderBlock(rw, r, status, name, "layout.html", p)
}

// renderBlock writes one named template of a page.
func (w *Web) renderBlock(rw http.ResponseWriter, r *http.Request, status int, name, block string, p page) {
	var buf bytes.Buffer
	if err := w.pages[name].ExecuteTemplate(&buf, block, p); err != nil {
		w.log.ErrorContext(r.Context(), "render", "page", name, "block", block, "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages carry customers' personal data: no cache keeps them.
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Vary", "Cookie, HX-Request")
	rw.WriteHeader(status)
	_, _ = rw.Write(buf.Bytes())
}

// contentSecurityPolicy allows only the console's own scripts, styles and
// requests: no inline script, no other origin, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// errorPage is the data of the error page.
type errorPage struct {
	Message string
}

// fail shows a friendly page for err: not found, forbidden, invalid input, or
// an internal error whose details go to the log, with the request id to quote.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	p := w.newPage(r, "")
	p.Title = p.L.T("error.title")
	status := http.StatusInternalServerError
	switch tact.ErrorCode(err) {
	case tact.CodeNotFound:
		status, p.Data = http.StatusNotFound, errorPage{Message: p.L.T("error.notFound")}
	case tact.CodeForbidden, tact.CodeNotOwner:
		status, p.Data = http.StatusForbidden, errorPage{Message: p.L.T("error.forbidden")}
	case tact.CodeInvalid, tact.CodeInvalidCursor, tact.CodeInvalidJurisdiction, tact.CodeRequired, tact.CodeTooLong:
		var te *tact.Error
		msg := err.Error()
		if errors.As(err, &te) {
			msg = te.Message
		}
		status, p.Data = http.StatusBadRequest, errorPage{Message: p.L.T("error.invalid", msg)}
	default:
		w.log.ErrorContext(r.Context(), "console", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Data = errorPage{Message: p.L.T("error.internal", rw.Header().Get("X-Request-Id"))}
	}
	w.render(rw, r, status, "error", p)
}

// notFound is the page of an unknown console path.
func (w *Web) notFound(rw http.ResponseWriter, r *http.Request) {
	w.fail(rw, r, tact.Errorf(tact.CodeNotFound, "no such page"))
}
