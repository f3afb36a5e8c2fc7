package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

var lineTests = []contractTest{
	{"CreateFind", testLineCreateFind},
	{"UnknownPlanOrCustomer", testLineUnknownPlan},
	{"LiveNumber", testLineLiveNumber},
	{"Update", testLineUpdate},
	{"Devices", testDevices},
	{"Usage", testUsage},
}

// putPlan stores a valid plan of jurisdiction j.
func (f *fixture) putPlan(t *testing.T, code string, j tact.Jurisdiction, tier int) *catalog.Plan {
	t.Helper()
	p := &catalog.Plan{Code: code, Name: tact.Text{FR: "Forfait " + code, EN: "Plan " + code}, Jurisdiction: j,
		MonthlyPrice: tact.Money{Cents: 1999, Currency: j.Currency()}, DataMB: catalog.Allowance{Amount: 100_000},
		VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: tier, Active: true}
	must(t, "Plan.Validate", p.Validate())
	must(t, "PutPlan", f.st.Catalog.PutPlan(f.ctx, p))
	return p
}

// newLine builds a line of c through the domain, as the service does, and the
// event that records it; it stores nothing.
func (f *fixture) newLine(t *testing.T, c *customer.Customer, number, plan string, started tact.Date) (*customer.Line, []customer.Event) {
	t.Helper()
	now := f.now()
	l := &customer.Line{ID: f.ids.New(tact.PrefixLine), CustomerID: c.ID, Status: customer.LineActive, CreatedAt: now, UpdatedAt: now}
	customer.LineUpdate{Number: tact.Some(number), PlanCode: tact.Some(plan), StartedOn: tact.Some(started)}.Apply(l)
	must(t, "Line.Normalize", l.Normalize(c.Jurisdiction))
	must(t, "Line.Validate", l.Validate())
	evs := []customer.Event{{Kind: customer.EventLineAdded, Detail: map[string]string{"line_id": l.ID, "number": l.Number, "plan_code": l.PlanCode}}}
	customer.Stamp(evs, c.ID, now, f.actor, f.ids)
	return l, evs
}

// createLine builds and stores a line of c.
func (f *fixture) createLine(t *testing.T, c *customer.Customer, number, plan string, started tact.Date) *customer.Line {
	t.Helper()
	l, evs := f.newLine(t, c, number, plan, started)
	must(t, "CreateLine", f.st.Customers.CreateLine(f.ctx, l, evs))
	return l
}

// changeLine applies u to l through the domain and returns the event of the change.
func (f *fixture) changeLine(t *testing.T, c *customer.Customer, l *customer.Line, u customer.LineUpdate) []customer.Event {
	t.Helper()
	changed := u.Apply(l)
	must(t, "Line.Normalize", l.Normalize(c.Jurisdiction))
	must(t, "Line.Validate", l.Validate())
	l.UpdatedAt = f.now()
	evs := []customer.Event{{Kind: customer.EventLineUpdated, Fields: changed, Detail: map[string]string{"line_id": l.ID}}}
	customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
	return evs
}

func (f *fixture) findLine(t *testing.T, id string) *customer.Line {
	t.Helper()
	l, err := f.st.Customers.FindLineByID(f.ctx, id)
	must(t, "FindLineByID", err)
	return l
}

func testLineCreateFind(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))

	l1, evs := f.newLine(t, c, "06 11 22 33 44", plan.Code, date(2024, time.January, 10))
	l1.Options = []string{"roaming-eu", "data-boost"}
	l1.CommitmentEndsOn = date(2025, time.January, 10)
	must(t, "CreateLine", f.st.Customers.CreateLine(f.ctx, l1, evs))
	if l1.Version != 1 {
		t.Errorf("CreateLine left version %d, want 1", l1.Version)
	}
	got := f.findLine(t, l1.ID)
	diff(t, "line read back", l1, got)
	wantUTC(t, "line created_at", got.CreatedAt)
	f.wantEvents(t, c.ID, evs)

	f.tick()
	l2 := f.createLine(t, c, "06 11 22 33 55", plan.Code, date(2023, time.May, 1))
	f.createLine(t, other, "06 11 22 33 66", plan.Code, date(2020, time.May, 1))
	lines, err := f.st.Customers.FindLines(f.ctx, c.ID)
	must(t, "FindLines", err)
	// Oldest first: by start date, whatever the order they were recorded in.
	diff(t, "lines of the customer", []*customer.Line{l2, l1}, lines)

	_, err = f.st.Customers.FindLineByID(f.ctx, f.ids.New(tact.PrefixLine))
	wantCode(t, "FindLineByID of an unknown line", err, tact.CodeNotFound, "")
	lines, err = f.st.Customers.FindLines(f.ctx, f.ids.New(tact.PrefixCustomer))
	must(t, "FindLines of an unknown customer", err)
	if len(lines) != 0 {
		t.Errorf("an unknown customer has %d lines", len(lines))
	}
}

func testLineUnknownPlan(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))

	l, evs := f.newLine(t, c, "06 11 22 33 44", "NO-SUCH-PLAN", date(2024, time.January, 10))
	err := f.st.Customers.CreateLine(f.ctx, l, evs)
	wantCode(t, "line on an unknown plan", err, tact.CodeNotFound, "plan_code")
	_, err = f.st.Customers.FindLineByID(f.ctx, l.ID)
	wantCode(t, "line refused for its plan", err, tact.CodeNotFound, "")
	f.noEvents(t, c.ID, evs)

	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	l, evs = f.newLine(t, ghost, "06 11 22 33 45", "FR-M", date(2024, time.January, 10))
	wantCode(t, "line of an unknown customer", f.st.Customers.CreateLine(f.ctx, l, evs), tact.CodeNotFound, "")
}

func testLineLiveNumber(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	c1, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	c2, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	first := f.createLine(t, c1, "06 11 22 33 44", plan.Code, date(2020, time.January, 10))

	taken, evs := f.newLine(t, c2, "+33611223344", plan.Code, date(2026, time.March, 1))
	err := f.st.Customers.CreateLine(f.ctx, taken, evs)
	wantCode(t, "a number on another live line", err, tact.CodeConflict, "number")
	f.noEvents(t, c2.ID, evs)

	// A suspended line still holds its number.
	evs = f.changeLine(t, c1, first, customer.LineUpdate{Status: tact.Some(customer.LineSuspended)})
	must(t, "suspend", f.st.Customers.UpdateLine(f.ctx, first, evs))
	taken, evs = f.newLine(t, c2, "+33611223344", plan.Code, date(2026, time.March, 1))
	wantCode(t, "a number on a suspended line", f.st.Customers.CreateLine(f.ctx, taken, evs), tact.CodeConflict, "number")

	// An ended line frees it.
	evs = f.changeLine(t, c1, first, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(2026, time.February, 28))})
	must(t, "end the line", f.st.Customers.UpdateLine(f.ctx, first, evs))
	ported := f.createLine(t, c2, "+33611223344", plan.Code, date(2026, time.March, 1))

	// Bringing the ended line back, or moving another line onto the number, collides.
	back := f.findLine(t, first.ID)
	evs = f.changeLine(t, c1, back, customer.LineUpdate{Status: tact.Some(customer.LineActive), EndedOn: tact.Some(tact.Date{})})
	wantCode(t, "reviving a line whose number was reused", f.st.Customers.UpdateLine(f.ctx, back, evs), tact.CodeConflict, "number")
	second := f.createLine(t, c1, "06 11 22 33 55", plan.Code, date(2021, time.January, 10))
	evs = f.changeLine(t, c1, second, customer.LineUpdate{Number: tact.Some("06 11 22 33 44")})
	wantCode(t, "moving a line onto a live number", f.st.Customers.UpdateLine(f.ctx, second, evs), tact.CodeConflict, "number")
	if second.Version != 1 {
		t.Errorf("a refused update left version %d, want 1", second.Version)
	}
	f.noEvents(t, c1.ID, evs)
	if got := f.findLine(t, second.ID); got.Number != "+33611223355" {
		t.Errorf("a refused update changed the number to %s", got.Number)
	}
	diff(t, "the line that took the number", ported, f.findLine(t, ported.ID))
}

func testLineUpdate(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	f.putPlan(t, "FR-L", tact.FR, 3)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	l := f.createLine(t, c, "06 11 22 33 44", "FR-M", date(2024, time.January, 10))
	stale := f.findLine(t, l.ID)

	f.tick()
	cur := f.findLine(t, l.ID)
	evs := f.changeLine(t, c, cur, customer.LineUpdate{PlanCode: tact.Some("FR-L"), Options: tact.Some([]string{"5g"}),
		CommitmentEndsOn: tact.Some(date(2027, time.March, 1))})
	must(t, "UpdateLine", f.st.Customers.UpdateLine(f.ctx, cur, evs))
	if cur.Version != 2 {
		t.Errorf("UpdateLine left version %d, want 2", cur.Version)
	}
	diff(t, "updated line read back", cur, f.findLine(t, l.ID))
	f.wantEvents(t, c.ID, evs)

	evs = f.changeLine(t, c, stale, customer.LineUpdate{Options: tact.Some([]string{"stale"})})
	wantCode(t, "line update at a stale version", f.st.Customers.UpdateLine(f.ctx, stale, evs), tact.CodePreconditionFailed, "")
	if stale.Version != 1 {
		t.Errorf("a refused update left version %d, want 1", stale.Version)
	}
	f.noEvents(t, c.ID, evs)
	diff(t, "line after a refused update", cur, f.findLine(t, l.ID))

	next := f.findLine(t, l.ID)
	evs = f.changeLine(t, c, next, customer.LineUpdate{PlanCode: tact.Some("NO-SUCH-PLAN")})
	wantCode(t, "moving a line to an unknown plan", f.st.Customers.UpdateLine(f.ctx, next, evs), tact.CodeNotFound, "plan_code")
	if next.Version != 2 {
		t.Errorf("a refused update left version %d, want 2", next.Version)
	}

	ghost, _ := f.newLine(t, c, "06 11 22 33 99", "FR-M", date(2024, time.January, 10))
	ghost.Version = 1
	evs = f.changeLine(t, c, ghost, customer.LineUpdate{Options: tact.Some([]string{"x"})})
	wantCode(t, "update of a missing line", f.st.Customers.UpdateLine(f.ctx, ghost, evs), tact.CodeNotFound, "")
}

// newDevice builds a device of c through the domain.
func (f *fixture) newDevice(t *testing.T, c *customer.Customer, lineID, brand, model string, os tact.OS) (*customer.Device, []customer.Event) {
	t.Helper()
	d := &customer.Device{ID: f.ids.New(tact.PrefixDevice), CustomerID: c.ID, LineID: lineID, Brand: " " + brand + " ", Model: model, OS: os,
		AcquiredOn: date(2025, time.November, 28), CreatedAt: f.now()}
	must(t, "Device.Validate", d.Validate())
	evs := []customer.Event{{Kind: customer.EventDeviceAdded, Detail: map[string]string{"device_id": d.ID, "brand": d.Brand, "model": d.Model, "os": string(d.OS)}}}
	customer.Stamp(evs, c.ID, f.now(), f.actor, f.ids)
	return d, evs
}

func testDevices(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	l := f.createLine(t, c, "06 11 22 33 44", plan.Code, date(2024, time.January, 10))

	phone, evs := f.newDevice(t, c, l.ID, "Apple", "iPhone 15 Pro", tact.IOS)
	phone.CatalogCode = "FR-IPHONE-15-PRO"
	must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, phone, evs))
	f.wantEvents(t, c.ID, evs)
	f.tick()
	box, evs := f.newDevice(t, c, "", "Freebox", "Pop", tact.OtherOS)
	box.AcquiredOn = tact.Date{}
	must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, box, evs))
	// Two devices recorded at the same instant come in id order.
	same, evs := f.newDevice(t, c, "", "Samsung", "Galaxy S24", tact.Android)
	must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, same, evs))
	theirs, evs := f.newDevice(t, other, "", "Google", "Pixel 9", tact.Android)
	must(t, "CreateDevice", f.st.Customers.CreateDevice(f.ctx, theirs, evs))

	got, err := f.st.Customers.FindDevices(f.ctx, c.ID)
	must(t, "FindDevices", err)
	diff(t, "devices of the customer", []*customer.Device{phone, box, same}, got)

	bad, evs := f.newDevice(t, c, f.ids.New(tact.PrefixLine), "Apple", "iPhone 12", tact.IOS)
	wantCode(t, "device on an unknown line", f.st.Customers.CreateDevice(f.ctx, bad, evs), tact.CodeNotFound, "line_id")
	f.noEvents(t, c.ID, evs)
	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	bad, evs = f.newDevice(t, ghost, "", "Apple", "iPhone 12", tact.IOS)
	wantCode(t, "device of an unknown customer", f.st.Customers.CreateDevice(f.ctx, bad, evs), tact.CodeNotFound, "")
	got, err = f.st.Customers.FindDevices(f.ctx, c.ID)
	must(t, "FindDevices", err)
	if len(got) != 3 {
		t.Errorf("after refused devices the customer has %d, want 3", len(got))
	}
}

// usage builds a valid usage record of line l.
func usage(t *testing.T, l *customer.Line, month tact.Month, dataMB int64) *customer.Usage {
	t.Helper()
	u := &customer.Usage{LineID: l.ID, CustomerID: l.CustomerID, Month: month, DataMB: dataMB, VoiceMinutes: 312, SMS: 45,
		RoamingDataMB: 80, RoamingSpend: tact.Money{Cents: 1250, Currency: tact.EUR}, ThirdPartySpend: tact.Money{Cents: 399, Currency: tact.EUR}}
	must(t, "Usage.Validate", u.Validate(tact.EUR))
	return u
}

func testUsage(t *testing.T, f *fixture) {
	plan := f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	l1 := f.createLine(t, c, "06 11 22 33 44", plan.Code, date(2024, time.January, 10))
	l2 := f.createLine(t, c, "06 11 22 33 55", plan.Code, date(2024, time.January, 10))
	l3 := f.createLine(t, other, "06 11 22 33 66", plan.Code, date(2024, time.January, 10))

	jan1 := usage(t, l1, "2026-01", 100)
	for _, u := range []*customer.Usage{
		usage(t, l2, "2026-01", 7), usage(t, l1, "2026-03", 30), jan1, usage(t, l1, "2025-12", 1200),
		usage(t, l1, "2026-02", 2048), usage(t, l1, "2025-11", 5), usage(t, l3, "2026-01", 99),
	} {
		must(t, "PutUsage", f.st.Customers.PutUsage(f.ctx, u))
	}
	// Putting the same line and month again replaces the record.
	jan1 = usage(t, l1, "2026-01", 250)
	jan1.ThirdPartySpend.Cents = 0
	must(t, "PutUsage again", f.st.Customers.PutUsage(f.ctx, jan1))

	got, err := f.st.Customers.FindUsage(f.ctx, c.ID, "2025-12", "2026-02")
	must(t, "FindUsage", err)
	want := []*customer.Usage{usage(t, l1, "2025-12", 1200), jan1, usage(t, l2, "2026-01", 7), usage(t, l1, "2026-02", 2048)}
	diff(t, "usage from 2025-12 to 2026-02, by month then line", want, got)

	got, err = f.st.Customers.FindUsage(f.ctx, c.ID, "2026-04", "2026-12")
	must(t, "FindUsage", err)
	if len(got) != 0 {
		t.Errorf("usage of months with none: %d records", len(got))
	}

	// Several customers at once: by customer, then month, then line; an
	// unknown customer adds nothing.
	ids := []string{other.ID, f.ids.New(tact.PrefixCustomer), c.ID}
	got, err = f.st.Customers.FindUsageOf(f.ctx, ids, "2026-01", "2026-01")
	must(t, "FindUsageOf", err)
	want = []*customer.Usage{jan1, usage(t, l2, "2026-01", 7), usage(t, l3, "2026-01", 99)}
	if c.ID > other.ID {
		want = []*customer.Usage{usage(t, l3, "2026-01", 99), jan1, usage(t, l2, "2026-01", 7)}
	}
	diff(t, "usage of two customers in 2026-01", want, got)
	// Walking a jurisdiction's customers by id, in pages.
	qc, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Gagnon"))
	first, err := f.st.Customers.FindCustomerIDs(f.ctx, tact.FR, "", 1)
	must(t, "FindCustomerIDs", err)
	rest, err := f.st.Customers.FindCustomerIDs(f.ctx, tact.FR, first[0], 10)
	must(t, "FindCustomerIDs", err)
	frIDs := []string{min(c.ID, other.ID), max(c.ID, other.ID)}
	diff(t, "French customers by id, in pages of 1 then 10", frIDs, append(first, rest...))
	qcIDs, err := f.st.Customers.FindCustomerIDs(f.ctx, tact.CAQC, "", 10)
	must(t, "FindCustomerIDs", err)
	diff(t, "Québec customers", []string{qc.ID}, qcIDs)
	for j, want := range map[tact.Jurisdiction]int{tact.FR: 2, tact.CAQC: 1} {
		n, err := f.st.Customers.CountCustomers(f.ctx, j)
		must(t, "CountCustomers", err)
		if n != want {
			t.Errorf("%s customers: %d, want %d", j, n, want)
		}
	}
	got, err = f.st.Customers.FindUsageOf(f.ctx, nil, "2026-01", "2026-12")
	must(t, "FindUsageOf none", err)
	if len(got) != 0 {
		t.Errorf("usage of no customer: %d records", len(got))
	}

	bad := usage(t, l1, "2026-01", 1)
	bad.LineID = f.ids.New(tact.PrefixLine)
	wantCode(t, "usage of an unknown line", f.st.Customers.PutUsage(f.ctx, bad), tact.CodeNotFound, "line_id")
}
