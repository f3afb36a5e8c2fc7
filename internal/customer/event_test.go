package customer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"
)

// TestEventKindsListsEveryKind reads event.go and checks that EventKinds
// holds every EventKind constant declared there, once: a kind added without
// it would go unnamed on the timeline and no test would see it.
func TestEventKindsListsEveryKind(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "event.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []EventKind
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "EventKind" {
				continue
			}
			for _, val := range v.Values {
				lit, ok := val.(*ast.BasicLit)
				if !ok {
					t.Fatalf("an EventKind constant is not a string literal: %#v", val)
				}
				k, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				declared = append(declared, EventKind(k))
			}
		}
	}
	if len(declared) == 0 {
		t.Fatalf("found %d EventKind constants in event.go: %v", len(declared), declared)
	}
	for _, k := range declared {
		if n := len(slices.DeleteFunc(slices.Clone(EventKinds), func(x EventKind) bool { return x != k })); n != 1 {
			t.Errorf("EventKinds holds %q %d times, want once", k, n)
		}
	}
	if len(EventKinds) != len(declared) {
		t.Errorf("EventKinds has %d kinds, event.go declares %d: %v", len(EventKinds), len(declared), declared)
	}
}
