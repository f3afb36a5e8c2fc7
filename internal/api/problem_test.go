package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"

	"github.com/tactcrm/tact/internal/api"
	"github.com/tactcrm/tact/internal/tact"
)

// declaredCodes reads the Code constants declared in package tact from its
// source, so that a code added there and forgotten in the status table is
// caught here.
func declaredCodes(t *testing.T) []tact.Code {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "../tact/error.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []tact.Code
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					codes = append(codes, tact.Code(s))
				}
			}
		}
	}
	if len(codes) < 10 {
		t.Fatalf("read only %d codes from tact/error.go; has its shape changed?", len(codes))
	}
	return codes
}

func TestStatusTable(t *testing.T) {
	t.Parallel()
	codes := api.Codes()
	for _, c := range declaredCodes(t) {
		if !slices.Contains(codes, c) {
			t.Errorf("tact declares %s, the status table does not map it (it would answer 500)", c)
		}
	}
	for _, c := range codes {
		s := api.StatusOf(c)
		switch {
		case c == tact.CodeInternal:
			if s != http.StatusInternalServerError {
				t.Errorf("%s → %d", c, s)
			}
		case c == tact.CodeDeliveryFailed:
			// Not the client's fault, nor ours: the mail server's or the
			// print queue's.
			if s != http.StatusBadGateway {
				t.Errorf("%s → %d", c, s)
			}
		case s < 400 || s >= 500:
			t.Errorf("%s → %d: a client fault is a 4xx", c, s)
		}
		if http.StatusText(s) == "" {
			t.Errorf("%s → %d, not an HTTP status", c, s)
		}
	}
	if s := api.StatusOf("no_such_code"); s != http.StatusInternalServerError {
		t.Errorf("an unknown code answers %d, want 500", s)
	}
}

// TestWriteProblem checks every code's answer, and that an internal error's
// text never reaches the client.
func TestWriteProblem(t *testing.T) {
	t.Parallel()
	for _, c := range api.Codes() {
		t.Run(string(c), func(t *testing.T) {
			t.Parallel()
			w := httptest.NewRecorder()
			api.WriteProblem(w, httptest.NewRequest("GET", "/v1/x", nil), tact.FieldError(c, "phones[0].number", "what went wrong"))
			r := &response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
			p := r.wantProblem(t, api.StatusOf(c), string(c), "phones[0].number")
			if c != tact.CodeInternal && p.Detail != "what went wrong" {
				t.Errorf("detail %q", p.Detail)
			}
			if (w.Header().Get("WWW-Authenticate") != "") != (c == tact.CodeUnauthorized) {
				t.Errorf("WWW-Authenticate %q on %s", w.Header().Get("WWW-Authenticate"), c)
			}
		})
	}
	w := httptest.NewRecorder()
	api.WriteProblem(w, httptest.NewRequest("GET", "/v1/x", nil), errSecret{})
	r := &response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if p := r.wantProblem(t, 500, "internal", ""); p.Detail != "internal error" {
		t.Errorf("an internal error shows %q", p.Detail)
	}
}

type errSecret struct{}

func (errSecret) Error() string { return "pq: password authentication failed for user tact" }
