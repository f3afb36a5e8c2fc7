package testenv_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestEngines checks that each engine's subtest gets its own migrated,
// empty database.
func TestEngines(t *testing.T) {
	ran := map[string]bool{}
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		ran[t.Name()] = true
		if err := st.Health.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		if _, err := st.Meta.GetMeta(t.Context(), "k"); tact.ErrorCode(err) != tact.CodeNotFound {
			t.Fatalf("GetMeta on a fresh database: %v, want not_found", err)
		}
		if err := st.Meta.PutMeta(t.Context(), "k", "v"); err != nil {
			t.Fatalf("PutMeta: %v", err)
		}
	})
	if !ran["TestEngines/sqlite"] {
		t.Error("the sqlite subtest did not run")
	}
}
