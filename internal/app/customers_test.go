package app_test

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestCustomersGetMany reads customers by id in bulk, on both engines:
// every customer asked once, with his contact points and consents as Get
// gives them, past a page of ids (more than tact.MaxPageSize), repeated ids
// read once, and ids that are no customer's (unknown, another kind of id,
// empty) left out.
func TestCustomersGetMany(t *testing.T) {
	testenv.Engines(t, func(t *testing.T, st app.Stores) {
		a := app.New(st, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		ctx := t.Context()
		var ids []string
		for k := range tact.MaxPageSize + 5 {
			c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some(fmt.Sprint("Client", k)),
				FamilyName: tact.Some("Lot"), Emails: tact.Some([]customer.Email{{Address: fmt.Sprintf("lot%d@example.fr", k), Primary: true}})})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		ask := append(slices.Clone(ids), ids[0], ids[7], "cus_01UNKNOWN0000000000000000", "case_01NOTACUSTOMER00000000000", "")
		got, err := a.Customers.GetMany(ctx, ask)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) {
			t.Fatalf("GetMany of %d customers (and repeats and strangers): %d", len(ids), len(got))
		}
		for _, id := range []string{ids[0], ids[7], ids[tact.MaxPageSize], ids[len(ids)-1]} {
			one, err := a.Customers.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c := got[id]; c == nil || c.FullName() != one.FullName() || c.PrimaryEmail() != one.PrimaryEmail() || c.Version != one.Version {
				t.Errorf("GetMany's %s = %+v, Get's %+v", id, c, one)
			}
		}
		if none, err := a.Customers.GetMany(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("GetMany of nothing: %v, %v", none, err)
		}
	})
}
