package web

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

// qualitySpans are the ranges the dashboard offers, in weeks.
var qualitySpans = []int{13, 26, 52}

// qualityPage is the data of the quality dashboard.
type qualityPage struct {
	Jurisdiction  tact.Jurisdiction
	Jurisdictions []tact.Jurisdiction
	Weeks         int
	Spans         []int
	Report        *quality.Report
	// Computed counts the weeks of the range the job has computed.
	Computed int
	Charts   []chart
}

// supQuality is the quality dashboard: the weekly figures the quality job
// stored for a jurisdiction (as GET /v1/quality reads them), one small chart
// per figure, weeks on the x axis, each beside the table of its exact
// numbers. A week not computed, or with nothing to count, is a gap.
func (w *Web) supQuality(rw http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	j := tact.Jurisdiction(q.Get("jurisdiction"))
	if j == "" {
		j = tact.FR
	}
	weeks := qualitySpans[0]
	if s := q.Get("weeks"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 2 || n > quality.MaxWeeks {
			w.fail(rw, r, tact.FieldError(tact.CodeInvalid, "weeks", "weeks is a number from 2 to %d", quality.MaxWeeks))
			return
		}
		weeks = n
	}
	loc, err := quality.Zone(j)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	last := quality.WeekOf(w.app.Clock().Now(), loc)
	rep, err := w.app.Quality.Report(ctx, j, last.Add(-(weeks - 1)).String(), last.String())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p := w.newPage(r, "")
	p.Title = p.L.T("sup.quality")
	p.Data = qualityPage{Jurisdiction: j, Jurisdictions: []tact.Jurisdiction{tact.FR, tact.CAQC}, Weeks: weeks, Spans: qualitySpans,
		Report: rep, Computed: len(rep.Weeks), Charts: qualityCharts(p.L, rep)}
	w.render(rw, r, http.StatusOK, "sup-quality", p)
}

// chart is one figure drawn over the weeks: an inline SVG of one or two
// lines, and the table of its exact values.
type chart struct {
	ID, Title, Help string
	// Label is what the drawing says to someone who cannot see it: the
	// figure and its last value; the table holds every value.
	Label string
	// Width and Height are the drawing's, in its own units.
	Width, Height int
	// Left, Right, Top and Bottom bound the plotting area.
	Left, Right, Top, Bottom float64
	Grid                     []tick
	XLabels                  []tick
	Series                   []series
	// Head and Rows are the table: one row per week, newest first.
	Head []string
	Rows []chartRow
}

// tick is a labelled position on an axis.
type tick struct {
	At    float64
	Label string
}

// series is one line of a chart: its segments (a gap between two weeks
// breaks it) and its dots, one per week with a value.
type series struct {
	Name, Class string
	Segments    []string
	Dots        []dot
}

// dot is a week's point.
type dot struct{ X, Y float64 }

// chartRow is a week's line of a chart's table.
type chartRow struct {
	// Week names the week, Monday its first day.
	Week, Monday string
	Cells        []string
	// Note says why the week has no value, or that it may still change.
	Note string
}

// Drawing sizes, in the SVG's own units (it scales to the page).
const (
	chartW, chartH                        = 360, 170
	plotLeft, plotRight, plotTop, plotBot = 44, 350, 10, 140
)

// weekSlot is a week of the range and its figures, nil when not computed.
type weekSlot struct {
	Week quality.Week
	F    *quality.WeekFigures
}

// slots returns every week of the report's range, in order.
func slots(rep *quality.Report) []weekSlot {
	have := map[quality.Week]*quality.WeekFigures{}
	for _, f := range rep.Weeks {
		have[f.Week] = f
	}
	var out []weekSlot
	for wk := rep.From; wk.Compare(rep.To) <= 0; wk = wk.Add(1) {
		out = append(out, weekSlot{Week: wk, F: have[wk]})
	}
	return out
}

// qualityCharts draws the six figures of rep in l's language.
func qualityCharts(l Lang, rep *quality.Report) []chart {
	ws := slots(rep)
	ratio := func(id string, key string, get func(*quality.WeekFigures) quality.Ratio) chart {
		c := newChart(l, ws, id, key)
		c.Head = []string{l.T("q.week"), l.T("q.num." + id), l.T("q.den." + id), l.T("q.share")}
		vals := make([]*float64, len(ws))
		for i, s := range ws {
			row := chartRow{Week: l.WeekLabel(s.Week), Monday: l.Monday(s.Week)}
			if s.F == nil {
				row.Cells, row.Note = []string{"—", "—", "—"}, l.T("q.notComputed")
			} else {
				r := get(s.F)
				row.Cells = []string{strconv.Itoa(r.Numerator), strconv.Itoa(r.Denominator), "—"}
				if r.Value != nil {
					v := *r.Value * 100
					vals[i] = &v
					row.Cells[2] = l.Percent(v, 1)
				} else {
					row.Note = l.T("q.nothing")
				}
				if !s.F.Final && row.Note == "" {
					row.Note = l.T("q.provisional")
				}
			}
			c.Rows = append(c.Rows, row)
		}
		c.plot(100, func(v float64) string { return l.Percent(v, 0) }, []series{{Name: l.T("q.share"), Class: "s0"}}, [][]*float64{vals})
		c.Label = l.T("q.label", c.Title, lastValue(vals, func(v float64) string { return l.Percent(v, 1) }, l))
		return c
	}
	charts := []chart{
		ratio("fcr", "q.fcr", func(f *quality.WeekFigures) quality.Ratio { return f.FirstContactResolution }),
		ratio("repeat", "q.repeat", func(f *quality.WeekFigures) quality.Ratio { return f.RepeatContacts }),
		ratio("kept", "q.kept", func(f *quality.WeekFigures) quality.Ratio { return f.PromisesKeptOnTime }),
	}

	// Contact pressure: the mean and the 95th percentile of the contacts
	// per customer contacted; a week with nobody contacted is a gap.
	c := newChart(l, ws, "pressure", "q.pressure")
	c.Head = []string{l.T("q.week"), l.T("q.contacts"), l.T("q.customers"), l.T("q.mean"), l.T("q.p95"), l.T("q.max"), l.T("q.aboveCap")}
	mean, p95 := make([]*float64, len(ws)), make([]*float64, len(ws))
	top := 1.0
	for i, s := range ws {
		row := chartRow{Week: l.WeekLabel(s.Week), Monday: l.Monday(s.Week)}
		if s.F == nil {
			row.Cells, row.Note = []string{"—", "—", "—", "—", "—", "—"}, l.T("q.notComputed")
		} else {
			pr := s.F.ContactPressure
			capCell := "—"
			if pr.SalesCallCap > 0 {
				capCell = strconv.Itoa(pr.AboveSalesCallCap)
			}
			row.Cells = []string{strconv.Itoa(pr.Contacts), strconv.Itoa(pr.Customers), "—", "—", "—", capCell}
			if pr.Customers > 0 {
				m, p := pr.Mean, float64(pr.P95)
				mean[i], p95[i] = &m, &p
				top = math.Max(top, p)
				row.Cells[2], row.Cells[3], row.Cells[4] = l.Decimal(m, 2), strconv.Itoa(pr.P95), strconv.Itoa(pr.Max)
			} else {
				row.Note = l.T("q.nothing")
			}
			if !s.F.Final && row.Note == "" {
				row.Note = l.T("q.provisional")
			}
		}
		c.Rows = append(c.Rows, row)
	}
	c.plot(niceCeil(top), func(v float64) string { return l.Decimal(v, 0) },
		[]series{{Name: l.T("q.mean"), Class: "s0"}, {Name: l.T("q.p95"), Class: "s1"}}, [][]*float64{mean, p95})
	c.Label = l.T("q.label", c.Title, lastValue(mean, func(v float64) string { return l.Decimal(v, 2) }, l))
	charts = append(charts, c, ratio("loop", "q.loop", func(f *quality.WeekFigures) quality.Ratio { return f.ClosedLoop }))

	// Disputes: opened in the week, and open at its end.
	c = newChart(l, ws, "disputes", "q.disputes")
	c.Head = []string{l.T("q.week"), l.T("q.opened"), l.T("q.openAtEnd")}
	opened, open := make([]*float64, len(ws)), make([]*float64, len(ws))
	top = 1
	for i, s := range ws {
		row := chartRow{Week: l.WeekLabel(s.Week), Monday: l.Monday(s.Week)}
		if s.F == nil {
			row.Cells, row.Note = []string{"—", "—"}, l.T("q.notComputed")
		} else {
			d := s.F.Disputes
			o, e := float64(d.Opened), float64(d.OpenAtEnd)
			opened[i], open[i] = &o, &e
			top = math.Max(top, math.Max(o, e))
			row.Cells = []string{strconv.Itoa(d.Opened), strconv.Itoa(d.OpenAtEnd)}
			if !s.F.Final {
				row.Note = l.T("q.provisional")
			}
		}
		c.Rows = append(c.Rows, row)
	}
	c.plot(niceCeil(top), func(v float64) string { return l.Decimal(v, 0) },
		[]series{{Name: l.T("q.opened"), Class: "s0"}, {Name: l.T("q.openAtEnd"), Class: "s1"}}, [][]*float64{opened, open})
	c.Label = l.T("q.label", c.Title, lastValue(open, func(v float64) string { return l.Decimal(v, 0) }, l))
	charts = append(charts, c)
	// The tables read newest first: the week under way is what a
	// supervisor looks for; the drawings run left to right.
	for i := range charts {
		slices.Reverse(charts[i].Rows)
	}
	return charts
}

// newChart starts the chart id of the weeks ws, titled by key.
func newChart(l Lang, ws []weekSlot, id, key string) chart {
	c := chart{ID: id, Title: l.T(key), Help: l.T(key + ".help"), Width: chartW, Height: chartH,
		Left: plotLeft, Right: plotRight, Top: plotTop, Bottom: plotBot}
	// The first, the last and three weeks between are labelled.
	n := len(ws)
	seen := map[int]bool{}
	for _, i := range []int{0, n / 4, n / 2, 3 * n / 4, n - 1} {
		if i >= 0 && i < n && !seen[i] {
			seen[i] = true
			c.XLabels = append(c.XLabels, tick{At: c.x(i, n), Label: l.WeekShort(ws[i].Week)})
		}
	}
	return c
}

// x is the abscissa of week i of n.
func (c *chart) x(i, n int) float64 {
	if n < 2 {
		return (c.Left + c.Right) / 2
	}
	return round1(c.Left + float64(i)*(c.Right-c.Left)/float64(n-1))
}

// plot draws values (one slice per series, nil for a gap) on a scale from
// 0 to top, with grid lines labelled by label.
func (c *chart) plot(top float64, label func(float64) string, ss []series, values [][]*float64) {
	y := func(v float64) float64 { return round1(c.Bottom - v/top*(c.Bottom-c.Top)) }
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		c.Grid = append(c.Grid, tick{At: y(v), Label: label(v)})
	}
	for si, s := range ss {
		vals := values[si]
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				s.Segments = append(s.Segments, strings.Join(seg, " "))
			}
			seg = nil
		}
		for i, v := range vals {
			if v == nil {
				flush()
				continue
			}
			d := dot{X: c.x(i, len(vals)), Y: y(*v)}
			s.Dots = append(s.Dots, d)
			seg = append(seg, fmt.Sprintf("%g,%g", d.X, d.Y))
		}
		flush()
		c.Series = append(c.Series, s)
	}
}

// lastValue words the value of the last week that has one.
func lastValue(vals []*float64, word func(float64) string, l Lang) string {
	for i := len(vals) - 1; i >= 0; i-- {
		if vals[i] != nil {
			return word(*vals[i])
		}
	}
	return l.T("q.noValue")
}

// niceCeil returns a chart's top for values up to v: four grid steps of 1,
// 2 or 5 times a power of ten, so every grid line falls on a whole number.
func niceCeil(v float64) float64 {
	step := 1.0
	for p := 1.0; step*4 < v; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if step = m * p; step*4 >= v {
				break
			}
		}
	}
	return step * 4
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// Percent writes a share in percent: "62,5 %" in French, "62.5%" in English.
func (l Lang) Percent(v float64, decimals int) string {
	if l.English() {
		return l.Decimal(v, decimals) + "%"
	}
	return l.Decimal(v, decimals) + "\u00a0%"
}

// Decimal writes a number with decimals, a comma in French.
func (l Lang) Decimal(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if !l.English() {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// WeekLabel names a week: "S12 2026", "W12 2026".
func (l Lang) WeekLabel(w quality.Week) string { return l.T("q.weekOf", w.Number, w.Year) }

// Monday writes the first day of a week, short: "16/03", "16 Mar".
func (l Lang) Monday(w quality.Week) string {
	monday := w.Monday().In(time.UTC)
	if l.English() {
		return monday.Format("2 Jan")
	}
	return monday.Format("02/01")
}

// WeekShort names a week on an axis: "S12", "W12".
func (l Lang) WeekShort(w quality.Week) string { return l.T("q.weekShort", w.Number) }
