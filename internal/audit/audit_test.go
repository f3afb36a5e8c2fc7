package audit_test

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/tact"
)

// TestFilterValidate: ids of the right kind, and a period that ends after
// it starts (by a microsecond is enough); either side of it may be open.
func TestFilterValidate(t *testing.T) {
	t.Parallel()
	ids := tact.NewIDGen(tact.NewManualClock(time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC)), rand.NewChaCha8([32]byte{}))
	user, cust := ids.New(tact.PrefixUser), ids.New(tact.PrefixCustomer)
	t0 := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		f     audit.Filter
		field string // "" when valid
	}{
		{"nothing", audit.Filter{}, ""},
		{"a person and a customer", audit.Filter{UserID: user, CustomerID: cust}, ""},
		{"a customer's id as the person", audit.Filter{UserID: cust}, "user_id"},
		{"a person's id as the customer", audit.Filter{CustomerID: user}, "customer_id"},
		{"not an id", audit.Filter{UserID: "julie"}, "user_id"},
		{"from only", audit.Filter{From: t0}, ""},
		{"to only", audit.Filter{To: t0}, ""},
		{"a microsecond long", audit.Filter{From: t0, To: t0.Add(time.Microsecond)}, ""},
		{"no time at all", audit.Filter{From: t0, To: t0}, "from"},
		{"ends before it starts", audit.Filter{From: t0, To: t0.Add(-time.Hour)}, "from"},
	} {
		err := tt.f.Validate()
		var te *tact.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.field != "" && (err == nil || tact.ErrorCode(err) != tact.CodeInvalid || !errors.As(err, &te) || te.Field != tt.field):
			t.Errorf("%s: %v, want invalid on %s", tt.name, err, tt.field)
		}
	}
}
