package postgres_test

import (
	"testing"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/storetest"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestContract runs the store contract suite against PostgreSQL: skipped
// without TACT_TEST_POSTGRES, failed if TACT_REQUIRE_POSTGRES=1 too.
func TestContract(t *testing.T) {
	testenv.PostgresURL(t)
	storetest.Run(t, func(t *testing.T) app.Stores { return testenv.Postgres(t).Stores() })
}
