package sqlite_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/storetest"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestContract runs the store contract suite against SQLite.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) app.Stores { return testenv.SQLite(t).Stores() })
}
