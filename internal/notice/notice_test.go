package notice_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
)

func d(s string) tact.Date {
	v, err := tact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func cust(j tact.Jurisdiction, status customer.Status, since string) *customer.Customer {
	c := customer.New(j)
	c.ID, c.Status = "cus_1", status
	if since != "" {
		c.CustomerSince = d(since)
	}
	return c
}

func line(started, commitmentEnds string) *customer.Line {
	l := &customer.Line{ID: "lin_1", Number: "+33612345678", PlanCode: "FR-20G", StartedOn: d(started), Status: customer.LineActive}
	if commitmentEnds != "" {
		l.CommitmentEndsOn = d(commitmentEnds)
	}
	return l
}

// TestDays counts civil days, across the changes of summer time of both
// jurisdictions and a leap day.
func TestDays(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026-03-28", "2026-03-30", 2},   // Paris springs forward on 29 March
		{"2026-10-24", "2026-10-26", 2},   // and back on 25 October
		{"2026-03-07", "2026-03-09", 2},   // Montréal springs forward on 8 March
		{"2026-10-31", "2026-11-02", 2},   // and back on 1 November
		{"2027-03-01", "2028-03-01", 366}, // a leap year between
		{"2026-05-10", "2026-05-10", 0},
		{"2026-05-10", "2026-05-09", -1},
	} {
		if got := notice.Days(d(tc.a), d(tc.b)); got != tc.want {
			t.Errorf("Days(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestToday judges the date in the customer's zone: 04:30 UTC on 4 August
// is still 3 August in Montréal, already 4 August in Paris.
func TestToday(t *testing.T) {
	at := time.Date(2026, 8, 4, 3, 30, 0, 0, time.UTC)
	if got := notice.Today(cust(tact.CAQC, customer.Active, ""), at); got != d("2026-08-03") {
		t.Errorf("Montréal: %s", got)
	}
	if got := notice.Today(cust(tact.FR, customer.Active, ""), at); got != d("2026-08-04") {
		t.Errorf("Paris: %s", got)
	}
}

func TestBestTariffDue(t *testing.T) {
	ended := line("2020-01-01", "")
	ended.Status, ended.EndedOn = customer.LineEnded, d("2026-01-31")
	future := line("2026-09-01", "")
	for _, tc := range []struct {
		name   string
		c      *customer.Customer
		lines  []*customer.Line
		last   string
		today  string
		reason notice.Reason
	}{
		{"never told, customer for years", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "", "2026-05-10", notice.Due},
		{"never told, start unknown", cust(tact.FR, customer.Active, ""), []*customer.Line{{ID: "lin_1", Status: customer.LineActive}}, "", "2026-05-10", notice.Due},
		{"never told, line's start when the customer's is unknown: day 364", cust(tact.FR, customer.Active, ""), []*customer.Line{line("2025-05-11", "")}, "", "2026-05-10", notice.NotYet},
		{"never told, customer for 364 days", cust(tact.CAQC, customer.Active, "2025-05-11"), []*customer.Line{line("2025-05-11", "")}, "", "2026-05-10", notice.NotYet},
		{"never told, customer for 365 days", cust(tact.CAQC, customer.Active, "2025-05-10"), []*customer.Line{line("2025-05-10", "")}, "", "2026-05-10", notice.Due},
		{"told 364 days ago", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "2025-05-11", "2026-05-10", notice.NotYet},
		{"told 365 days ago", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "2025-05-10", "2026-05-10", notice.Due},
		{"told 365 days ago across a leap day", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "2027-03-02", "2028-03-01", notice.Due},
		{"told 364 days ago across a leap day", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "2027-03-03", "2028-03-01", notice.NotYet},
		{"cancelling", cust(tact.FR, customer.Cancelling, "2019-04-02"), []*customer.Line{line("2019-04-02", "")}, "", "2026-05-10", notice.NotActive},
		{"former", cust(tact.FR, customer.Former, "2019-04-02"), []*customer.Line{ended}, "", "2026-05-10", notice.NotActive},
		{"only an ended line", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{ended}, "", "2026-05-10", notice.NoLineInForce},
		{"only a line not started yet", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{future}, "", "2026-05-10", notice.NoLineInForce},
		{"an ended line and one in force", cust(tact.FR, customer.Active, "2019-04-02"), []*customer.Line{ended, line("2020-01-01", "")}, "", "2026-05-10", notice.Due},
		{"no line", cust(tact.FR, customer.Active, "2019-04-02"), nil, "", "2026-05-10", notice.NoLineInForce},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var last tact.Date
			if tc.last != "" {
				last = d(tc.last)
			}
			v := notice.BestTariffDue(tc.c, tc.lines, last, d(tc.today))
			if v.Reason != tc.reason || v.Due != (tc.reason == notice.Due) || v.Rule != notice.RuleBestTariffYearly {
				t.Errorf("got %+v, want %s", v, tc.reason)
			}
		})
	}
}

func TestCommitmentEndDue(t *testing.T) {
	leads := notice.DefaultLeads()
	endedLine := line("2024-08-01", "2026-07-31")
	endedLine.Status, endedLine.EndedOn = customer.LineEnded, d("2026-05-01")
	suspended := line("2024-08-01", "2026-07-31")
	suspended.Status = customer.LineSuspended
	for _, tc := range []struct {
		name   string
		c      *customer.Customer
		l      *customer.Line
		today  string
		reason notice.Reason
		late   bool
	}{
		// Québec: 90 days before the last day, not 91 (LPC 214.4).
		{"QC 91 days before", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-05-01", notice.NotYet, false},
		{"QC 90 days before", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-05-02", notice.Due, false},
		{"QC 89 days before (a pass missed the 90th)", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-05-03", notice.Due, false},
		{"QC 60 days before, the law's last day", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-06-01", notice.Due, false},
		{"QC 59 days before: late, still told", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-06-02", notice.Due, true},
		{"QC on the last day", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-07-31", notice.Due, true},
		{"QC the day after", cust(tact.CAQC, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-08-01", notice.CommitmentOver, false},
		// Across the end of summer time in Montréal (1 November).
		{"QC 90 days before, over a change of time", cust(tact.CAQC, customer.Active, ""), line("2025-01-01", "2026-11-02"), "2026-08-04", notice.Due, false},
		{"QC 91 days before, over a change of time", cust(tact.CAQC, customer.Active, ""), line("2025-01-01", "2026-11-02"), "2026-08-03", notice.NotYet, false},
		// A Québec contract of 60 days or less needs none; 61 days does.
		{"QC contract of 60 days", cust(tact.CAQC, customer.Active, ""), line("2026-06-01", "2026-07-30"), "2026-06-01", notice.ShortContract, false},
		{"QC contract of 61 days", cust(tact.CAQC, customer.Active, ""), line("2026-06-01", "2026-07-31"), "2026-06-01", notice.Due, false},
		// France: the default lead of 31 days; the same short contract is told.
		{"FR 32 days before", cust(tact.FR, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-06-29", notice.NotYet, false},
		{"FR 31 days before", cust(tact.FR, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-06-30", notice.Due, false},
		{"FR 30 days before: late, still told", cust(tact.FR, customer.Active, ""), line("2024-08-01", "2026-07-31"), "2026-07-01", notice.Due, true},
		{"FR across the end of summer time", cust(tact.FR, customer.Active, ""), line("2025-01-01", "2026-11-15"), "2026-10-15", notice.Due, false},
		{"FR contract of 60 days", cust(tact.FR, customer.Active, ""), line("2026-06-01", "2026-07-30"), "2026-06-29", notice.Due, false},
		// Never for those leaving, nor for lines without a live commitment.
		{"cancelling", cust(tact.FR, customer.Cancelling, ""), line("2024-08-01", "2026-07-31"), "2026-07-01", notice.NotActive, false},
		{"former", cust(tact.CAQC, customer.Former, ""), line("2024-08-01", "2026-07-31"), "2026-06-01", notice.NotActive, false},
		{"ended line", cust(tact.FR, customer.Active, ""), endedLine, "2026-07-01", notice.LineEnded, false},
		{"suspended line", cust(tact.FR, customer.Active, ""), suspended, "2026-07-01", notice.Due, true},
		{"no commitment", cust(tact.FR, customer.Active, ""), line("2024-08-01", ""), "2026-07-01", notice.NoCommitment, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := notice.CommitmentEndDue(tc.c, tc.l, leads.Of(tc.c.Jurisdiction), d(tc.today))
			if v.Reason != tc.reason || v.Due != (tc.reason == notice.Due) || v.Late != tc.late || v.Rule != notice.RuleCommitmentEnd {
				t.Errorf("got %+v, want %s (late %v)", v, tc.reason, tc.late)
			}
		})
	}
}

// TestLeads: the law's windows, and a configured lead judged against them.
func TestLeads(t *testing.T) {
	if err := notice.DefaultLeads().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		j    tact.Jurisdiction
		days int
		ok   bool
	}{
		{tact.FR, 30, false}, {tact.FR, 31, true}, {tact.FR, 89, true}, {tact.FR, 90, false},
		{tact.CAQC, 59, false}, {tact.CAQC, 60, true}, {tact.CAQC, 90, true}, {tact.CAQC, 91, false},
	} {
		if err := notice.CheckLead(tc.j, tc.days); (err == nil) != tc.ok {
			t.Errorf("CheckLead(%s, %d) = %v", tc.j, tc.days, err)
		}
	}
	if l := (notice.Leads{FR: 45, CAQC: 75}); l.Of(tact.FR) != 45 || l.Of(tact.CAQC) != 75 {
		t.Errorf("Of: %+v", l)
	}
}

// TestWindowsCoverEveryZone: whatever the instant and the customer's zone,
// what a rule finds due lies inside what the store is asked for.
func TestWindowsCoverEveryZone(t *testing.T) {
	zones := []string{"Pacific/Kiritimati", "Europe/Paris", "America/Montreal", "Pacific/Pago_Pago"}
	for _, at := range []time.Time{
		time.Date(2026, 8, 4, 0, 30, 0, 0, time.UTC),
		time.Date(2026, 8, 4, 23, 30, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC),
	} {
		for _, z := range zones {
			c := cust(tact.CAQC, customer.Active, "")
			c.TimeZone = z
			today := notice.Today(c, at)
			lead := 90
			from, to := notice.CommitmentEndWindow(at, lead)
			if today.Before(from) || to.Before(today.AddDays(lead)) {
				t.Errorf("%s in %s: today %s, window %s..%s", at, z, today, from, to)
			}
			noticedBefore, joinedBy := notice.BestTariffCutoffs(at)
			// The latest notice time that still leaves him due today.
			lastLocal := today.AddDays(-notice.BestTariffEvery)
			latest := lastLocal.AddDays(1).In(c.Location()).Add(-time.Microsecond)
			if !latest.Before(noticedBefore) {
				t.Errorf("%s in %s: a notice at %s leaves him due, yet is at or after %s", at, z, latest, noticedBefore)
			}
			if joinedBy.Before(lastLocal) {
				t.Errorf("%s in %s: a customer since %s is due, yet joined after %s", at, z, lastLocal, joinedBy)
			}
		}
	}
}

func TestKeys(t *testing.T) {
	if k := notice.CommitmentEndKey("lin_1", d("2026-07-31")); k != "commitment_end:lin_1:2026-07-31" {
		t.Error(k)
	}
	if k := notice.BestTariffKey("cus_1", tact.Date{}); k != "best_tariff:cus_1:first" {
		t.Error(k)
	}
	if k := notice.BestTariffKey("cus_1", d("2025-05-10")); k != "best_tariff:cus_1:after:2025-05-10" {
		t.Error(k)
	}
}
