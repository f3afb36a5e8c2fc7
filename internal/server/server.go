// Package server runs tact's HTTP server: the root mux (health, readiness,
// metrics, the /v1 API), the middleware every request goes through, and the
// lifecycle from listen to graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/web"
)

// Server is tact's HTTP server.
type Server struct {
	app     *app.App
	log     *slog.Logger
	handler http.Handler
	http    *http.Server
	ln      net.Listener
	edge    web.Edge
}

// Option configures a Server beyond its services and its log.
type Option func(*Server)

// WithEdge says what stands between browsers and the server (web.Edge): over
// HTTPS, every answer carries Strict-Transport-Security and the console's
// and the space's cookies are Secure; the trusted proxies' X-Forwarded-For
// names the client. Without it, the server believes no header about the way
// a request came in.
func WithEdge(e web.Edge) Option { return func(s *Server) { s.edge = e } }

// New builds the server's handler over the services. Each server has its own
// metrics registry, so tests can run several in one process.
func New(a *app.App, log *slog.Logger, opts ...Option) *Server {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)

	s := &Server{app: a, log: log}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.Handle("/v1/", api.New(a, log))
	console := web.New(a, log, s.edge)
	mux.Handle(web.Prefix, console)
	mux.Handle(web.SpacePrefix, console)
	mux.HandleFunc("GET /{$}", home)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		api.WriteProblem(w, r, tact.Errorf(tact.CodeNotFound, "no such page: %s", r.URL.Path))
	})
	s.handler = chain(mux, recoverer(log), requestID, accessLog(log), m.instrument, securityHeaders(s.edge.HTTPS))
	return s
}

// Handler returns the root handler, for tests that serve it themselves.
func (s *Server) Handler() http.Handler { return s.handler }

// Listen binds addr (":0" picks a free port) and returns the bound address.
func (s *Server) Listen(addr string) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.ln = ln
	return ln.Addr(), nil
}

// Serve serves on the bound listener until ctx is done, then stops accepting,
// lets in-flight requests finish within shutdownTimeout, and returns.
func (s *Server) Serve(ctx context.Context, shutdownTimeout time.Duration) error {
	if s.ln == nil {
		return errors.New("server: Serve before Listen")
	}
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(sctx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// readyz answers 200 only when the database answers: a load balancer sends no
// traffic to a node that cannot read.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.app.Ready(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"type":"tag:tact.dev,2026:problem:not_ready","title":"Service Unavailable","status":503,"detail":"the database does not answer","code":"not_ready"}` + "\n"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(`{"status":"ready"}` + "\n"))
}

// home sends a browser to the console, and tells anything else where things
// are.
func home(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Redirect(w, r, web.Prefix, http.StatusSeeOther)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("tact — the customer's memory and conscience.\n\n" +
		"Console:  " + web.Prefix + " (people sign in with email and password)\n" +
		"Space:    " + web.SpacePrefix + " (customers sign in with a code sent to their email)\n" +
		"API:      /v1 (Authorization: Bearer <token>)\n" +
		"OpenAPI:  /v1/openapi.json\n" +
		"Health:   /healthz  /readyz  /metrics\n"))
}
