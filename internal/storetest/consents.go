package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

var consentTests = []contractTest{
	{"ConsentsCreateAndFind", testConsentsCreateAndFind},
	{"ConsentsWithdraw", testConsentsWithdraw},
	{"ConsentsRaces", testConsentsRaces},
}

// newConsent builds a double opt-in of customerID through the domain, as the
// service does: the payment page confirmed pageAgo before now, the SMS half
// way to now, with microseconds so that an engine keeping less fails.
func (f *fixture) newConsent(t *testing.T, customerID, ref string, pageAgo time.Duration) *billing.ThirdPartyConsent {
	t.Helper()
	c := &billing.ThirdPartyConsent{CustomerID: customerID, Ref: ref, Provider: "Digital Virgo", Service: "Contact+",
		PaymentPageAt: f.now().Add(-pageAgo), ConfirmedAt: f.now().Add(-pageAgo/2 + 17*time.Microsecond),
		ConfirmedBy: tact.ChannelSMS, CreatedAt: f.now()}
	c.Normalize()
	if err := c.Validate(f.now()); err != nil {
		t.Fatalf("ThirdPartyConsent.Validate: %v", err)
	}
	return c
}

// createConsent builds and stores a consent.
func (f *fixture) createConsent(t *testing.T, customerID, ref string, pageAgo time.Duration) billing.ThirdPartyConsent {
	t.Helper()
	c := f.newConsent(t, customerID, ref, pageAgo)
	must(t, "CreateConsent "+ref, f.st.Consents.CreateConsent(f.ctx, c))
	return *c
}

// consentsOf reads the consents of customers.
func (f *fixture) consentsOf(t *testing.T, customerIDs ...string) map[string][]billing.ThirdPartyConsent {
	t.Helper()
	got, err := f.st.Consents.FindConsents(f.ctx, customerIDs)
	must(t, "FindConsents", err)
	return got
}

// testConsentsCreateAndFind: consents read back as written, in UTC, for
// several customers in one call, oldest confirmed first and then by
// reference; a reference is unique per customer, not across customers; a
// consent of no customer is refused on customer_id.
func testConsentsCreateAndFind(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Claire", "Vasseur"))
	other, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Tremblay"))
	none, _ := f.createCustomer(t, person(tact.FR, "Rémi", "Fabre"))

	late := f.createConsent(t, c.ID, "tp-1", time.Hour)
	early := f.createConsent(t, c.ID, "tp-2", 48*time.Hour)
	// Two confirmed at the same instant come by reference.
	sameB := f.createConsent(t, c.ID, "tp-b", 24*time.Hour)
	sameA := f.createConsent(t, c.ID, "tp-a", 24*time.Hour)
	his := f.createConsent(t, other.ID, "tp-1", 2*time.Hour) // the same reference, another customer

	got := f.consentsOf(t, c.ID, other.ID, none.ID, "cus_01JNOSUCHCUSTOMER0000000000")
	diff(t, "her consents, oldest confirmed first", []billing.ThirdPartyConsent{early, sameA, sameB, late}, got[c.ID])
	diff(t, "his consents", []billing.ThirdPartyConsent{his}, got[other.ID])
	if _, ok := got[none.ID]; ok || len(got) != 2 {
		t.Errorf("FindConsents answers %d customers (%v), want only the 2 with consents", len(got), got[none.ID])
	}
	for _, k := range got[c.ID] {
		wantUTC(t, "payment_page_at", k.PaymentPageAt)
		wantUTC(t, "confirmed_at", k.ConfirmedAt)
		wantUTC(t, "created_at", k.CreatedAt)
	}
	if only := f.consentsOf(t, other.ID); len(only) != 1 || len(only[other.ID]) != 1 {
		t.Errorf("one customer asked, %v answered", only)
	}
	if empty := f.consentsOf(t); empty == nil || len(empty) != 0 {
		t.Errorf("no customers asked: %v, want an empty map", empty)
	}

	// The same reference again, even with the same words, is a conflict on
	// ref, and the stored consent is unchanged.
	again := f.newConsent(t, c.ID, "tp-1", 10*time.Minute)
	again.Provider = "Another Provider"
	wantCode(t, "a reference taken", f.st.Consents.CreateConsent(f.ctx, again), tact.CodeConflict, "ref")
	same := late
	wantCode(t, "the same consent twice", f.st.Consents.CreateConsent(f.ctx, &same), tact.CodeConflict, "ref")
	diff(t, "her consent after the conflicts", late, f.consentsOf(t, c.ID)[c.ID][3])

	ghost := f.newConsent(t, "cus_01JNOSUCHCUSTOMER0000000000", "tp-9", time.Hour)
	wantCode(t, "a consent of no customer", f.st.Consents.CreateConsent(f.ctx, ghost), tact.CodeNotFound, "customer_id")
	if got := f.consentsOf(t, ghost.CustomerID); len(got) != 0 {
		t.Errorf("a refused consent was stored: %v", got)
	}
}

// testConsentsWithdraw: a withdrawal ends a standing consent and returns it;
// the withdrawn consent is still found (the proof of what was agreed); a
// second withdrawal is a conflict that keeps the first time; a reference the
// customer does not have is not_found, even when another customer has it;
// a withdrawn reference is not reused.
func testConsentsWithdraw(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Claire", "Vasseur"))
	other, _ := f.createCustomer(t, person(tact.FR, "Luc", "Martin"))
	k := f.createConsent(t, c.ID, "tp-1", time.Hour)
	kept := f.createConsent(t, c.ID, "tp-2", 2*time.Hour)
	f.createConsent(t, other.ID, "tp-3", time.Hour)

	f.tick()
	at := f.now()
	w, err := f.st.Consents.WithdrawConsent(f.ctx, c.ID, "tp-1", at)
	must(t, "WithdrawConsent", err)
	want := k
	want.WithdrawnAt = &at
	diff(t, "the withdrawn consent", want, *w)
	wantUTC(t, "withdrawn_at", *w.WithdrawnAt)
	diff(t, "her consents after the withdrawal", []billing.ThirdPartyConsent{kept, want}, f.consentsOf(t, c.ID)[c.ID])

	f.tick()
	_, err = f.st.Consents.WithdrawConsent(f.ctx, c.ID, "tp-1", f.now())
	wantCode(t, "a second withdrawal", err, tact.CodeConflict, "")
	diff(t, "the first withdrawal's time kept", []billing.ThirdPartyConsent{kept, want}, f.consentsOf(t, c.ID)[c.ID])

	_, err = f.st.Consents.WithdrawConsent(f.ctx, c.ID, "tp-9", f.now())
	wantCode(t, "withdrawing a reference she does not have", err, tact.CodeNotFound, "")
	_, err = f.st.Consents.WithdrawConsent(f.ctx, c.ID, "tp-3", f.now())
	wantCode(t, "withdrawing another customer's consent", err, tact.CodeNotFound, "")
	if his := f.consentsOf(t, other.ID)[other.ID]; len(his) != 1 || his[0].WithdrawnAt != nil {
		t.Errorf("his consent after her attempt: %+v", his)
	}
	_, err = f.st.Consents.WithdrawConsent(f.ctx, "cus_01JNOSUCHCUSTOMER0000000000", "tp-1", f.now())
	wantCode(t, "withdrawing for no customer", err, tact.CodeNotFound, "")

	wantCode(t, "a withdrawn reference recorded again", f.st.Consents.CreateConsent(f.ctx, f.newConsent(t, c.ID, "tp-1", time.Minute)),
		tact.CodeConflict, "ref")
}

// testConsentsRaces: callers racing on one reference, as retries do: one
// creation succeeds and the others are conflicts; one withdrawal succeeds and
// the others are conflicts, the winner's time kept.
func testConsentsRaces(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Claire", "Vasseur"))
	const n = 8
	race := func(what string, try func(i int) error) (winner int) {
		t.Helper()
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = try(i)
			})
		}
		close(start)
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch tact.ErrorCode(err) {
			case "":
				wins, winner = wins+1, i
			case tact.CodeConflict:
			default:
				t.Fatalf("%s %d: %v", what, i, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d of %d racing %ss succeeded, want exactly 1", wins, n, what)
		}
		return winner
	}
	tries := make([]*billing.ThirdPartyConsent, n)
	for i := range tries {
		tries[i] = f.newConsent(t, c.ID, "tp-1", time.Duration(i+1)*time.Minute)
	}
	won := race("creation", func(i int) error { return f.st.Consents.CreateConsent(f.ctx, tries[i]) })
	diff(t, "the consent stored", []billing.ThirdPartyConsent{*tries[won]}, f.consentsOf(t, c.ID)[c.ID])

	times := make([]time.Time, n)
	for i := range times {
		times[i] = f.now().Add(time.Duration(i+1) * time.Second)
	}
	won = race("withdrawal", func(i int) error {
		_, err := f.st.Consents.WithdrawConsent(f.ctx, c.ID, "tp-1", times[i])
		return err
	})
	got := f.consentsOf(t, c.ID)[c.ID]
	if len(got) != 1 || got[0].WithdrawnAt == nil || !got[0].WithdrawnAt.Equal(times[won]) {
		t.Errorf("after racing withdrawals: %+v, want withdrawn at the winner's %v", got, times[won])
	}
}
