package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

var cancellationTests = []contractTest{
	{"once per key, racing", testCancellationOncePerKey},
	{"update is versioned, due ones found by end date", testCancellationUpdateAndDue},
}

// cancellation is a previewed cancellation of c under key, ending on end.
func (f *fixture) cancellation(customerID, key string, end tact.Date) *lifecycle.Cancellation {
	now := f.now().UTC()
	return &lifecycle.Cancellation{ID: f.ids.New(tact.PrefixCancellation), CustomerID: customerID, Kind: lifecycle.ByRequest, Status: lifecycle.Previewed,
		Key: key, Request: lifecycle.Request{GivenName: "Jean", FamilyName: "Dupont", Lines: []string{"+33611223344"}},
		Preview: lifecycle.Preview{EndDate: end, Lines: []lifecycle.LineEnd{{LineID: "lin_1", Number: "+33611223344", EndDate: end,
			EarlyFee: tact.Money{Cents: 2500, Currency: tact.EUR}}}, Effects: []tact.Text{{FR: "Fin", EN: "End"}}},
		CreatedAt: now, UpdatedAt: now}
}

func testCancellationOncePerKey(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Anne", "Durand"))
	var tries []*lifecycle.Cancellation
	for range 8 {
		tries = append(tries, f.cancellation(c.ID, "key-1", date(2026, 3, 12)))
	}
	onceOnly(t, "cancellation", tries, func(x *lifecycle.Cancellation) string { return x.ID },
		func(x *lifecycle.Cancellation) (*lifecycle.Cancellation, bool, error) {
			return f.st.Cancellations.CreateCancellation(f.ctx, x)
		})
	// The same key is another customer's own.
	x := f.cancellation(other.ID, "key-1", date(2026, 3, 12))
	stored, created, err := f.st.Cancellations.CreateCancellation(f.ctx, x)
	if err != nil || !created || stored.ID != x.ID {
		t.Fatalf("another customer's key: %v, created %v", err, created)
	}
	got, err := f.st.Cancellations.FindCancellation(f.ctx, x.ID)
	must(t, "FindCancellation", err)
	diff(t, "the cancellation read back", x, got)
	list, err := f.st.Cancellations.FindCancellations(f.ctx, c.ID)
	must(t, "FindCancellations", err)
	if len(list) != 1 {
		t.Errorf("%d cancellations stored under one key", len(list))
	}
	_, err = f.st.Cancellations.FindCancellation(f.ctx, f.ids.New(tact.PrefixCancellation))
	wantCode(t, "a missing cancellation", err, tact.CodeNotFound, "")
	orphan := f.cancellation(f.ids.New(tact.PrefixCustomer), "key-2", date(2026, 3, 12))
	_, _, err = f.st.Cancellations.CreateCancellation(f.ctx, orphan)
	wantCode(t, "a cancellation of no customer", err, tact.CodeNotFound, "customer_id")
}

func testCancellationUpdateAndDue(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	early := f.cancellation(c.ID, "a", date(2026, 3, 5))
	f.tick()
	late := f.cancellation(c.ID, "b", date(2026, 3, 12))
	f.tick()
	previewed := f.cancellation(c.ID, "c", date(2026, 3, 1))
	for _, x := range []*lifecycle.Cancellation{early, late, previewed} {
		_, _, err := f.st.Cancellations.CreateCancellation(f.ctx, x)
		must(t, "CreateCancellation", err)
	}
	for _, x := range []*lifecycle.Cancellation{late, early} {
		must(t, "Confirm", x.Confirm(x.Preview, f.now()))
		must(t, "UpdateCancellation", f.st.Cancellations.UpdateCancellation(f.ctx, x))
	}
	if early.Version != 2 {
		t.Errorf("version after an update: %d", early.Version)
	}
	stale := *early
	stale.Version = 1
	wantCode(t, "a stale update", f.st.Cancellations.UpdateCancellation(f.ctx, &stale), tact.CodePreconditionFailed, "")

	for _, tc := range []struct {
		on   tact.Date
		want []string
	}{
		{date(2026, 3, 4), nil},
		{date(2026, 3, 5), []string{early.ID}},
		{date(2026, 3, 12), []string{early.ID, late.ID}},
	} {
		due, err := f.st.Cancellations.FindDueCancellations(f.ctx, tc.on, 10)
		must(t, "FindDueCancellations", err)
		var ids []string
		for _, x := range due {
			ids = append(ids, x.ID)
		}
		diff(t, "due on "+tc.on.String(), tc.want, ids)
	}
	must(t, "Complete", early.Complete(f.now().Add(time.Hour)))
	must(t, "UpdateCancellation", f.st.Cancellations.UpdateCancellation(f.ctx, early))
	due, err := f.st.Cancellations.FindDueCancellations(f.ctx, date(2026, 3, 31), 10)
	must(t, "FindDueCancellations", err)
	if len(due) != 1 || due[0].ID != late.ID {
		t.Errorf("after completion, due: %v", due)
	}
	got, err := f.st.Cancellations.FindCancellation(f.ctx, early.ID)
	must(t, "FindCancellation", err)
	diff(t, "the completed cancellation", early, got)
}
