package web

import "net/http"

// routes lists every console route in one place. Every request is identified
// (language, session, anti-forgery secret) and every change checked for its
// CSRF token before its handler runs.
func (w *Web) routes() *http.ServeMux {
	mux := http.NewServeMux()
	page := func(pattern string, h http.HandlerFunc) {
		mux.Handle(pattern, w.identify(w.checkCSRF(h)))
	}
	mux.HandleFunc("GET "+Prefix+"static/{name}", w.serveStatic)

	page("GET "+Prefix+"login", w.loginForm)
	page("POST "+Prefix+"login", w.login)
	page("POST "+Prefix+"logout", w.logout)

	page("GET "+Prefix+"{$}", w.signedIn(w.search))
	page("GET "+Prefix+"customers/{id}", w.signedIn(w.customerPage))
	page("GET "+Prefix+"customers/{id}/timeline", w.signedIn(w.timelinePage))
	w.supervisionRoutes(page)
	page("GET "+readsPath, w.signedIn(w.supervisorOnly(w.supReads)))
	w.advisorRoutes(page)

	w.spaceRoutes(mux)
	page(Prefix, w.notFound)
	return mux
}
