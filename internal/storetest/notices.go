package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
)

var noticeTests = []contractTest{
	{"CommitmentEnds", testCommitmentEnds},
	{"CommitmentEndsPages", testCommitmentEndsPages},
	{"BestTariffCandidates", testBestTariffCandidates},
}

// commitLine stores a line of c on plan whose commitment ends on end.
func (f *fixture) commitLine(t *testing.T, c *customer.Customer, number, plan string, end tact.Date) *customer.Line {
	t.Helper()
	l, evs := f.newLine(t, c, number, plan, date(2024, 8, 1))
	l.CommitmentEndsOn = end
	must(t, "Line.Validate", l.Validate())
	must(t, "CreateLine", f.st.Customers.CreateLine(f.ctx, l, evs))
	return l
}

// noticeDelivery stores a delivery of kind for c under key, queued at.
func (f *fixture) noticeDelivery(t *testing.T, c *customer.Customer, kind delivery.Kind, key string, at time.Time) {
	t.Helper()
	d := f.newDelivery(t, c, key)
	d.Kind, d.CreatedAt, d.UpdatedAt = kind, at, at
	if _, created, err := f.st.Deliveries.CreateDelivery(f.ctx, d); err != nil || !created {
		t.Fatalf("CreateDelivery %s: created %v, err %v", key, created, err)
	}
}

func lineIDs(list []*customer.Line) []string {
	out := []string{}
	for _, l := range list {
		out = append(out, l.ID)
	}
	return out
}

// testCommitmentEnds: the lines of active customers of the jurisdiction whose
// commitment ends in the window, bounds included, in force, not yet told for
// that end date; by end date then id.
func testCommitmentEnds(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	f.putPlan(t, "QC-M", tact.CAQC, 2)
	from, to := date(2026, 5, 1), date(2026, 7, 31)
	fr, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	first := f.commitLine(t, fr, "06 12 34 56 01", "FR-M", from)
	last := f.commitLine(t, fr, "06 12 34 56 02", "FR-M", to)
	mid := f.commitLine(t, fr, "06 12 34 56 03", "FR-M", date(2026, 6, 15))
	f.commitLine(t, fr, "06 12 34 56 04", "FR-M", from.AddDays(-1))
	f.commitLine(t, fr, "06 12 34 56 05", "FR-M", to.AddDays(1))
	f.commitLine(t, fr, "06 12 34 56 06", "FR-M", tact.Date{})
	ended := f.commitLine(t, fr, "06 12 34 56 07", "FR-M", date(2026, 6, 1))
	f.changeLineStored(t, fr, ended, customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(2026, 4, 30))})
	suspended := f.commitLine(t, fr, "06 12 34 56 08", "FR-M", date(2026, 6, 2))
	f.changeLineStored(t, fr, suspended, customer.LineUpdate{Status: tact.Some(customer.LineSuspended)})
	// Told already for this end date; told for an earlier one, then renewed.
	told := f.commitLine(t, fr, "06 12 34 56 09", "FR-M", date(2026, 6, 3))
	f.noticeDelivery(t, fr, delivery.CommitmentEnd, notice.CommitmentEndKey(told.ID, told.CommitmentEndsOn), f.now())
	renewed := f.commitLine(t, fr, "06 12 34 56 10", "FR-M", date(2026, 6, 4))
	f.noticeDelivery(t, fr, delivery.CommitmentEnd, notice.CommitmentEndKey(renewed.ID, date(2024, 6, 4)), f.now())
	// Customers who are leaving, or of the other jurisdiction.
	leaving, _ := f.createCustomer(t, person(tact.FR, "Paul", "Martin"))
	f.commitLine(t, leaving, "06 12 34 56 11", "FR-M", date(2026, 6, 5))
	f.tick()
	evs := f.update(t, leaving, customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(tact.DateOf(f.now()))})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, leaving, evs))
	qc, _ := f.createCustomer(t, person(tact.CAQC, "Luc", "Gagnon"))
	quebec := f.commitLine(t, qc, "514 555 0101", "QC-M", date(2026, 6, 6))

	got, err := f.st.Notices.FindCommitmentEnds(f.ctx, notice.CommitmentEndQuery{Jurisdiction: tact.FR, From: from, To: to, Limit: 100})
	must(t, "FindCommitmentEnds", err)
	diff(t, "FR lines ending in the window", []string{first.ID, suspended.ID, renewed.ID, mid.ID, last.ID}, lineIDs(got))
	if len(got) > 0 {
		diff(t, "a line read back", f.findLine(t, first.ID), got[0])
	}
	got, err = f.st.Notices.FindCommitmentEnds(f.ctx, notice.CommitmentEndQuery{Jurisdiction: tact.CAQC, From: from, To: to, Limit: 100})
	must(t, "FindCommitmentEnds", err)
	diff(t, "CA-QC lines ending in the window", []string{quebec.ID}, lineIDs(got))
	got, err = f.st.Notices.FindCommitmentEnds(f.ctx, notice.CommitmentEndQuery{Jurisdiction: tact.FR, From: date(2026, 6, 16), To: date(2026, 7, 30), Limit: 100})
	must(t, "FindCommitmentEnds", err)
	diff(t, "FR lines in a window that holds none", []string{}, lineIDs(got))
}

// changeLineStored applies u to l and stores it.
func (f *fixture) changeLineStored(t *testing.T, c *customer.Customer, l *customer.Line, u customer.LineUpdate) {
	t.Helper()
	evs := f.changeLine(t, c, l, u)
	must(t, "UpdateLine", f.st.Customers.UpdateLine(f.ctx, l, evs))
}

// testCommitmentEndsPages reads the window in pages: several lines share an
// end date, so the cursor is the end date and the id.
func testCommitmentEndsPages(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	var want []string
	for i, day := range []int{10, 10, 10, 11, 12, 12, 13} {
		l := f.commitLine(t, c, "06 12 34 57 "+string(rune('0'+i/10))+string(rune('0'+i%10)), "FR-M", date(2026, 6, day))
		want = append(want, l.ID)
	}
	// Ids grow with time, and every line ends on or after the previous one.
	for _, size := range []int{1, 2, 3, 7} {
		q := notice.CommitmentEndQuery{Jurisdiction: tact.FR, From: date(2026, 6, 1), To: date(2026, 6, 30), Limit: size}
		got := []string{}
		for range 20 {
			page, err := f.st.Notices.FindCommitmentEnds(f.ctx, q)
			must(t, "FindCommitmentEnds", err)
			if len(page) > size {
				t.Fatalf("page of %d for a limit of %d", len(page), size)
			}
			got = append(got, lineIDs(page)...)
			if len(page) < size {
				break
			}
			q.AfterEnd, q.AfterID = page[len(page)-1].CommitmentEndsOn, page[len(page)-1].ID
		}
		diff(t, "lines by pages", want, got)
	}
}

// testBestTariffCandidates: active customers with a line not ended, who
// joined by the cutoff (or whose start is unknown), with no best-tariff
// notice since the cutoff; each with his last one; by id in pages.
func testBestTariffCandidates(t *testing.T, f *fixture) {
	f.putPlan(t, "FR-M", tact.FR, 2)
	f.putPlan(t, "QC-M", tact.CAQC, 2)
	cutoff := f.now().Add(-362 * 24 * time.Hour)
	joinedBy := date(2025, 3, 3)
	mk := func(j tact.Jurisdiction, name, number, plan string, since tact.Date) *customer.Customer {
		u := person(j, name, "Test")
		if !since.IsZero() {
			u.CustomerSince = tact.Some(since)
		}
		c, _ := f.createCustomer(t, u)
		if since.IsZero() {
			// Created today by default; an import may not know the start.
			evs := f.update(t, c, customer.Update{CustomerSince: tact.Some(tact.Date{})})
			must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, c, evs))
		}
		if number != "" {
			f.createLine(t, c, number, plan, date(2024, 8, 1))
		}
		return c
	}
	never := mk(tact.FR, "Never", "06 12 34 58 01", "FR-M", date(2019, 1, 1))
	unknown := mk(tact.CAQC, "Unknown", "514 555 0102", "QC-M", tact.Date{})
	joinedOnCutoff := mk(tact.FR, "Cutoff", "06 12 34 58 02", "FR-M", joinedBy)
	mk(tact.FR, "Recent", "06 12 34 58 03", "FR-M", joinedBy.AddDays(1))
	old := mk(tact.FR, "Old", "06 12 34 58 04", "FR-M", date(2019, 1, 1))
	oldAt := cutoff.Add(-time.Microsecond)
	f.noticeDelivery(t, old, delivery.BestTariff, "best_tariff:old:1", cutoff.Add(-400*24*time.Hour))
	f.noticeDelivery(t, old, delivery.BestTariff, "best_tariff:old:2", oldAt)
	f.noticeDelivery(t, old, delivery.Apology, "apology:old", f.now())
	told := mk(tact.FR, "Told", "06 12 34 58 05", "FR-M", date(2019, 1, 1))
	f.noticeDelivery(t, told, delivery.BestTariff, "best_tariff:told", cutoff)
	mk(tact.FR, "Lineless", "", "", date(2019, 1, 1))
	endedOnly := mk(tact.FR, "Ended", "06 12 34 58 06", "FR-M", date(2019, 1, 1))
	lines, err := f.st.Customers.FindLines(f.ctx, endedOnly.ID)
	must(t, "FindLines", err)
	f.changeLineStored(t, endedOnly, lines[0], customer.LineUpdate{Status: tact.Some(customer.LineEnded), EndedOn: tact.Some(date(2025, 12, 31))})
	leaving := mk(tact.FR, "Leaving", "06 12 34 58 07", "FR-M", date(2019, 1, 1))
	evs := f.update(t, leaving, customer.Update{Status: tact.Some(customer.Cancelling), CancellingSince: tact.Some(tact.DateOf(f.now()))})
	must(t, "UpdateCustomer", f.st.Customers.UpdateCustomer(f.ctx, leaving, evs))

	want := []notice.Candidate{{CustomerID: never.ID}, {CustomerID: unknown.ID}, {CustomerID: joinedOnCutoff.ID}, {CustomerID: old.ID, LastNotice: &oldAt}}
	q := notice.BestTariffQuery{NoticedBefore: cutoff, JoinedBy: joinedBy, Limit: 100}
	got, err := f.st.Notices.FindBestTariffCandidates(f.ctx, q)
	must(t, "FindBestTariffCandidates", err)
	diff(t, "best-tariff candidates", want, got)
	for _, c := range got {
		if c.LastNotice != nil {
			wantUTC(t, "last notice", *c.LastNotice)
		}
	}
	for _, size := range []int{1, 3} {
		q.Limit, q.After = size, ""
		var paged []notice.Candidate
		for range 10 {
			page, err := f.st.Notices.FindBestTariffCandidates(f.ctx, q)
			must(t, "FindBestTariffCandidates", err)
			paged = append(paged, page...)
			if len(page) < size {
				break
			}
			q.After = page[len(page)-1].CustomerID
		}
		diff(t, "best-tariff candidates by pages", want, paged)
	}
}
