package web

import (
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

// TestQualityChartGaps draws five weeks of which the third was never
// computed and the fourth had nothing to count: both are gaps in the line
// and say so in the table, never a 0%.
func TestQualityChartGaps(t *testing.T) {
	ratio := func(n, d int) quality.Ratio {
		r := quality.Ratio{Numerator: n, Denominator: d}
		if d > 0 {
			v := float64(n) / float64(d)
			r.Value = &v
		}
		return r
	}
	first := quality.Week{Year: 2026, Number: 8}
	week := func(i int, fcr quality.Ratio) *quality.WeekFigures {
		return &quality.WeekFigures{Jurisdiction: tact.FR, Week: first.Add(i), Final: i < 3, FirstContactResolution: fcr,
			ContactPressure: quality.Pressure{Contacts: 3 * i, Customers: i, Mean: 3, P95: 4, Max: 5, SalesCallCap: 4}}
	}
	rep := quality.NewReport(tact.FR, "Europe/Paris", first, first.Add(4), []*quality.WeekFigures{
		week(0, ratio(3, 4)), week(1, ratio(1, 2)), week(3, ratio(0, 0)), week(4, ratio(2, 2)),
	})
	charts := qualityCharts(Lang{Tag: tact.LangFrFR, Loc: time.UTC}, rep)
	if len(charts) != len(quality.Figures) {
		t.Fatalf("%d charts, want one per figure (%d)", len(charts), len(quality.Figures))
	}
	fcr := charts[0]
	if fcr.ID != "fcr" || len(fcr.Series) != 1 {
		t.Fatalf("first chart %s with %d series", fcr.ID, len(fcr.Series))
	}
	s := fcr.Series[0]
	if len(s.Segments) != 1 || strings.Count(s.Segments[0], ",") != 2 || len(s.Dots) != 3 {
		t.Errorf("segments %q, %d dots; want one segment of weeks 1–2 and a lone dot for week 5", s.Segments, len(s.Dots))
	}
	if s.Dots[0].Y != plotBot-0.75*(plotBot-plotTop) || s.Dots[2].Y != plotTop {
		t.Errorf("dots %+v: 75%% and 100%% misplaced", s.Dots)
	}
	wantRows := []struct{ cells, note string }{
		{"3 4 75,0\u00a0%", ""}, {"1 2 50,0\u00a0%", ""}, {"— — —", "non calculée"}, {"0 0 —", "rien à compter"}, {"2 2 100,0\u00a0%", "provisoire"},
	}
	for i, w := range wantRows {
		r := fcr.Rows[len(fcr.Rows)-1-i] // newest first
		if got := strings.Join(r.Cells, " "); got != w.cells || r.Note != w.note {
			t.Errorf("row %d: %q (%s), want %q (%s)", i, got, r.Note, w.cells, w.note)
		}
	}
	if !strings.Contains(fcr.Label, "100,0") {
		t.Errorf("label %q does not give the last value", fcr.Label)
	}
	// Contact pressure: a week with nobody contacted is a gap too.
	pr := charts[3]
	if pr.ID != "pressure" || len(pr.Series) != 2 || len(pr.Series[0].Dots) != 3 || pr.Rows[len(pr.Rows)-1].Note != "rien à compter" {
		t.Errorf("pressure chart %s: %d series, %d dots, first row %+v", pr.ID, len(pr.Series), len(pr.Series[0].Dots), pr.Rows[len(pr.Rows)-1])
	}
}

func TestNiceCeil(t *testing.T) {
	for v, want := range map[float64]float64{0: 4, 3.5: 4, 5: 8, 7: 8, 12: 20, 30: 40, 41: 80, 160: 200} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%g) = %g, want %g", v, got, want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{"12,50": 1250, "12.5": 1250, "-3": -300, "1 234,56 €": 123456, "0,01": 1, ",5": 50, "−4,20": -420, "CA$ 7": 700} {
		if got, ok := parseAmount(in); !ok || got != want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1.234,56", "12,345", "1e3", "--2"} {
		if got, ok := parseAmount(in); ok {
			t.Errorf("parseAmount(%q) = %d, want refused", in, got)
		}
	}
}
