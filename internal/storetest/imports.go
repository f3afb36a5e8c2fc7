package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var importTests = []contractTest{
	{"Customers", testImportCustomers},
	{"CustomersAllOrNothing", testImportCustomersAllOrNothing},
	{"Interactions", testImportInteractions},
	{"InteractionsAllOrNothing", testImportInteractionsAllOrNothing},
}

// record builds a customer with lines, devices, usage and events through the
// domain, as a bulk loader does, numbered k so that records do not collide.
func (f *fixture) record(t *testing.T, k int, plan string) *customer.Record {
	t.Helper()
	u := person(tact.FR, fmt.Sprintf("Client%02d", k), "Import")
	u.AccountNumber = tact.Some(fmt.Sprintf("IMP-%04d", k))
	u.Phones = tact.Some([]customer.Phone{{Number: fmt.Sprintf("06 12 00 00 %02d", k), Primary: true}})
	u.Emails = tact.Some([]customer.Email{{Address: fmt.Sprintf("client%02d@example.fr", k)}})
	u.Consents = []customer.Consent{{Channel: tact.ChannelSMS, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceImport,
		Proof: fmt.Sprintf("legacy-crm-%d", k), At: f.now().Add(-time.Duration(k) * time.Hour)}}
	if k%2 == 0 {
		u.OppositionCheckedAt = tact.Some(f.now().Add(-time.Duration(k)*24*time.Hour + 7*time.Microsecond))
	}
	c, evs := f.newCustomer(t, u)
	r := &customer.Record{Customer: c, Events: evs}
	for n := range 2 {
		l, lineEvs := f.newLine(t, c, fmt.Sprintf("06 13 00 %02d %02d", k, n), plan, date(2023, time.Month(n+1), 15))
		r.Lines = append(r.Lines, l)
		r.Events = append(r.Events, lineEvs...)
		d, devEvs := f.newDevice(t, c, l.ID, "Apple", fmt.Sprintf("iPhone %d", 12+n), tact.IOS)
		r.Devices = append(r.Devices, d)
		r.Events = append(r.Events, devEvs...)
		r.Usage = append(r.Usage, usage(t, l, "2026-01", int64(100*k+n)), usage(t, l, "2026-02", int64(200*k+n)))
	}
	return r
}

// wantRecord checks that everything of r was stored as built.
func (f *fixture) wantRecord(t *testing.T, r *customer.Record) {
	t.Helper()
	c := f.find(t, r.Customer.ID)
	diff(t, "imported customer", r.Customer, c)
	if c.Version != 1 {
		t.Errorf("imported customer at version %d, want 1", c.Version)
	}
	lines, err := f.st.Customers.FindLines(f.ctx, c.ID)
	must(t, "FindLines", err)
	diff(t, "imported lines", r.Lines, lines)
	for _, l := range lines {
		if l.Version != 1 {
			t.Errorf("imported line at version %d, want 1", l.Version)
		}
	}
	devices, err := f.st.Customers.FindDevices(f.ctx, c.ID)
	must(t, "FindDevices", err)
	diff(t, "imported devices", r.Devices, devices)
	got, err := f.st.Customers.FindUsage(f.ctx, c.ID, "2026-01", "2026-02")
	must(t, "FindUsage", err)
	diff(t, "imported usage", []*customer.Usage{r.Usage[0], r.Usage[2], r.Usage[1], r.Usage[3]}, got)
	f.wantEvents(t, c.ID, r.Events)
}

func testImportCustomers(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	var records []*customer.Record
	for k := range 5 {
		records = append(records, f.record(t, k, "FR-M"))
	}
	must(t, "ImportCustomers", f.st.Customers.ImportCustomers(f.ctx, records))
	for _, r := range records {
		f.wantRecord(t, r)
	}
	// Imported records are found like any other.
	for q, want := range map[string]string{"06 12 00 00 03": records[3].Customer.ID, "06 13 00 04 01": records[4].Customer.ID,
		"client02@example.fr": records[2].Customer.ID, "IMP-0001": records[1].Customer.ID} {
		got, err := f.st.Customers.FindCustomers(f.ctx, customer.Filter{Search: customer.ParseQuery(q)})
		must(t, "FindCustomers", err)
		diff(t, "search "+q, []string{want}, ids(got))
	}
	must(t, "ImportCustomers of nothing", f.st.Customers.ImportCustomers(f.ctx, nil))
}

func testImportCustomersAllOrNothing(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	existing, _ := f.createCustomer(t, customer.Update{Jurisdiction: tact.Some(tact.FR), FamilyName: tact.Some("Déjà"),
		AccountNumber: tact.Some("IMP-9999")})

	cases := []struct {
		name  string
		spoil func(rs []*customer.Record)
	}{
		{"line on an unknown plan", func(rs []*customer.Record) { rs[2].Lines[1].PlanCode = "NO-SUCH-PLAN" }},
		{"account number of a stored customer", func(rs []*customer.Record) { rs[2].Customer.AccountNumber = "IMP-9999" }},
		{"account number twice in the batch", func(rs []*customer.Record) { rs[2].Customer.AccountNumber = rs[0].Customer.AccountNumber }},
		{"number on two live lines", func(rs []*customer.Record) { rs[2].Lines[0].Number = rs[1].Lines[0].Number }},
		{"device on a line not imported", func(rs []*customer.Record) { rs[2].Devices[0].LineID = f.ids.New(tact.PrefixLine) }},
	}
	for k, tc := range cases {
		var records []*customer.Record
		for n := range 3 {
			records = append(records, f.record(t, 10*k+n, "FR-M"))
		}
		tc.spoil(records)
		if err := f.st.Customers.ImportCustomers(f.ctx, records); err == nil {
			t.Errorf("%s: ImportCustomers succeeded", tc.name)
			continue
		}
		for _, r := range records {
			if _, err := f.st.Customers.FindCustomerByID(f.ctx, r.Customer.ID); tact.ErrorCode(err) != tact.CodeNotFound {
				t.Errorf("%s: customer %s of a failed import: %v, want not_found", tc.name, r.Customer.ID, err)
			}
			if lines, err := f.st.Customers.FindLines(f.ctx, r.Customer.ID); err != nil || len(lines) != 0 {
				t.Errorf("%s: a failed import left %d lines (%v)", tc.name, len(lines), err)
			}
			f.noEvents(t, r.Customer.ID, r.Events)
		}
	}

	// The store is still usable after failed imports, and the same records,
	// repaired, go in.
	after, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Après"))
	diff(t, "customer created after failed imports", after, f.find(t, after.ID))
	records := []*customer.Record{f.record(t, 90, "FR-M"), f.record(t, 91, "FR-M")}
	must(t, "ImportCustomers after failures", f.st.Customers.ImportCustomers(f.ctx, records))
	for _, r := range records {
		f.wantRecord(t, r)
	}
	diff(t, "customer stored before the imports", existing, f.find(t, existing.ID))
}

func testImportInteractions(t *testing.T, f *fixture) {
	c1, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	c2, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	var list []*interaction.Interaction
	for k := range 6 {
		c := c1
		if k%2 == 1 {
			c = c2
		}
		ext := fmt.Sprintf("hist-%d", k)
		if k == 5 {
			ext = ""
		}
		list = append(list, f.newInteraction(t, c, "legacy", ext, f.now().Add(-time.Duration(k)*time.Hour)))
	}
	must(t, "ImportInteractions", f.st.Interactions.ImportInteractions(f.ctx, list))
	for _, i := range list {
		got, err := f.st.Interactions.FindInteractionByID(f.ctx, i.ID)
		must(t, "FindInteractionByID", err)
		diff(t, "imported interaction", i, got)
	}
	got, err := f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{CustomerID: c1.ID})
	must(t, "FindInteractions", err)
	diff(t, "imported interactions of a customer, newest first", []*interaction.Interaction{list[0], list[2], list[4]}, got)

	// An imported report keeps its idempotency key.
	retry := f.newInteraction(t, c1, "legacy", "hist-2", list[2].StartedAt)
	stored, created, err := f.st.Interactions.CreateInteraction(f.ctx, retry)
	must(t, "CreateInteraction", err)
	if created || stored.ID != list[2].ID {
		t.Errorf("a report of an imported contact: created %v, id %s, want the imported %s", created, stored.ID, list[2].ID)
	}
	must(t, "ImportInteractions of nothing", f.st.Interactions.ImportInteractions(f.ctx, nil))
}

func testImportInteractionsAllOrNothing(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	stored := f.createInteraction(t, c, "dialer", "call-0", f.now().Add(-time.Hour))
	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))

	cases := []struct {
		name string
		bad  func() *interaction.Interaction
	}{
		{"unknown customer", func() *interaction.Interaction { return f.newInteraction(t, ghost, "dialer", "call-9", f.now()) }},
		{"key of a stored report", func() *interaction.Interaction { return f.newInteraction(t, c, "dialer", "call-0", f.now()) }},
		{"key twice in the batch", func() *interaction.Interaction { return f.newInteraction(t, c, "dialer", "call-1", f.now()) }},
	}
	for _, tc := range cases {
		list := []*interaction.Interaction{
			f.newInteraction(t, c, "dialer", "call-1", f.now().Add(-3*time.Minute)),
			f.newInteraction(t, c, "dialer", "call-2", f.now().Add(-2*time.Minute)),
			tc.bad(),
			f.newInteraction(t, c, "dialer", "call-3", f.now().Add(-time.Minute)),
		}
		if err := f.st.Interactions.ImportInteractions(f.ctx, list); err == nil {
			t.Errorf("%s: ImportInteractions succeeded", tc.name)
		}
		got, err := f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{CustomerID: c.ID})
		must(t, "FindInteractions", err)
		diff(t, tc.name+": interactions after a failed import", []*interaction.Interaction{stored}, got)
	}
	// The store is still usable.
	f.createInteraction(t, c, "dialer", "call-1", f.now())
}
