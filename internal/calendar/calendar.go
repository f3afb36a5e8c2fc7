// Package calendar knows the working calendar of each jurisdiction: its public
// holidays and the operator's business hours. Service levels are counted in
// business time ("first answer within 2 business days"), and contact rules
// refuse public holidays; both ask here, so a holiday is defined once.
package calendar

import (
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
	"github.com/rickar/cal/v2/fr"

	"github.com/tactcrm/tact/internal/tact"
)

// France's public holidays (Code du travail L.3133-1), from the holiday
// library: 1 January, Easter Monday, 1 and 8 May, Ascension, Whit Monday,
// 14 July, 15 August, 1 and 11 November, 25 December.
var franceHolidays = fr.Holidays

// Québec's statutory holidays (Loi sur les normes du travail, art. 60; Loi sur
// la fête nationale). The library's Canadian list is federal, so Québec's is
// written here: Good Friday (the employer may choose Easter Monday instead;
// operators' call centres close on Good Friday), Journée nationale des
// patriotes (the Monday before 25 May), the Fête nationale (24 June, or
// 25 June when the 24th is a Sunday), Canada Day (1 July, or 2 July when the
// 1st is a Sunday), Labour Day, Thanksgiving and Christmas.
var quebecHolidays = []*cal.Holiday{
	aa.NewYear.Clone(&cal.Holiday{Name: "Jour de l'An", Type: cal.ObservancePublic}),
	aa.GoodFriday.Clone(&cal.Holiday{Name: "Vendredi saint", Type: cal.ObservancePublic}),
	{Name: "Journée nationale des patriotes", Type: cal.ObservancePublic, Month: time.May, Day: 24, Weekday: time.Monday, Offset: -1, Func: cal.CalcWeekdayFrom},
	{Name: "Fête nationale du Québec", Type: cal.ObservancePublic, Month: time.June, Day: 24, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Sunday, Offset: 1}}},
	{Name: "Fête du Canada", Type: cal.ObservancePublic, Month: time.July, Day: 1, Func: cal.CalcDayOfMonth,
		Observed: []cal.AltDay{{Day: time.Sunday, Offset: 1}}},
	{Name: "Fête du Travail", Type: cal.ObservancePublic, Month: time.September, Weekday: time.Monday, Offset: 1, Func: cal.CalcWeekdayOffset},
	{Name: "Action de grâce", Type: cal.ObservancePublic, Month: time.October, Weekday: time.Monday, Offset: 2, Func: cal.CalcWeekdayOffset},
	aa.ChristmasDay.Clone(&cal.Holiday{Name: "Noël", Type: cal.ObservancePublic}),
}

// Years for which holidays are computed up front: lookups on the hot path of a
// contact decision are then a map read.
const firstYear, lastYear = 2000, 2100

// Calendar is one jurisdiction's working calendar. It is immutable and safe
// for concurrent use.
type Calendar struct {
	holidays map[tact.Date]string
	// Open and Close bound a business day, in the customer's wall-clock time.
	Open, Close tact.TimeOfDay
}

// Hours are the default business hours: 09:00 to 18:00, Monday to Friday.
const (
	DefaultOpen  tact.TimeOfDay = 9 * 60
	DefaultClose tact.TimeOfDay = 18 * 60
)

// For returns the calendar of jurisdiction j with the default business hours.
// It is shared: read it, do not change it.
func For(j tact.Jurisdiction) *Calendar {
	if j == tact.CAQC {
		return quebec()
	}
	return france()
}

// The calendars are built once: every case opened and every contact decided
// asks for one, and their holidays never change while tact runs.
var (
	france = sync.OnceValue(func() *Calendar { return build(franceHolidays) })
	quebec = sync.OnceValue(func() *Calendar { return build(quebecHolidays) })
)

func build(list []*cal.Holiday) *Calendar {
	c := &Calendar{holidays: map[tact.Date]string{}, Open: DefaultOpen, Close: DefaultClose}
	for y := firstYear; y <= lastYear; y++ {
		for _, h := range list {
			actual, observed := h.Calc(y)
			if !observed.IsZero() {
				c.holidays[tact.DateOf(observed)] = h.Name
			}
			if !actual.IsZero() && h.Observed == nil {
				c.holidays[tact.DateOf(actual)] = h.Name
			}
		}
	}
	return c
}

// Holiday returns the name of the public holiday on d, or "".
func (c *Calendar) Holiday(d tact.Date) string { return c.holidays[d] }

// BusinessDay reports whether d is a weekday that is not a public holiday.
func (c *Calendar) BusinessDay(d tact.Date) bool {
	wd := d.In(time.UTC).Weekday()
	return wd != time.Saturday && wd != time.Sunday && c.holidays[d] == ""
}

// AddBusinessDays returns the instant n business days of business time after
// t, judged in loc: n times the length of a business day, counted only inside
// business hours of business days. A complaint received on Friday at 17:00 in
// Paris, due in 2 business days (18 business hours): Tuesday 17:00, or
// Wednesday 17:00 when Monday is a holiday. Received outside hours, the count
// starts at the next opening. Hours are wall-clock hours, so a change of
// daylight saving time moves nothing.
func (c *Calendar) AddBusinessDays(t time.Time, loc *time.Location, n int) time.Time {
	remaining := time.Duration(n) * c.dayLength()
	cur := t.In(loc)
	for {
		d := tact.DateOf(cur)
		if c.BusinessDay(d) {
			open, closing := c.at(d, c.Open, loc), c.at(d, c.Close, loc)
			if cur.Before(open) {
				cur = open
			}
			if cur.Before(closing) {
				if left := closing.Sub(cur); remaining <= left {
					return cur.Add(remaining).UTC()
				} else {
					remaining -= left
				}
			}
		}
		cur = c.at(d.AddDays(1), 0, loc)
	}
}

func (c *Calendar) dayLength() time.Duration { return time.Duration(c.Close-c.Open) * time.Minute }

// at returns the instant of wall-clock time tod on day d in loc.
func (c *Calendar) at(d tact.Date, tod tact.TimeOfDay, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(tod)/60, int(tod)%60, 0, 0, loc)
}
