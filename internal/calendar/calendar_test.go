package calendar_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/calendar"
	"github.com/tactcrm/tact/internal/tact"
)

func date(s string) tact.Date {
	d, err := tact.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestHolidays2026(t *testing.T) {
	fr, qc := calendar.For(tact.FR), calendar.For(tact.CAQC)
	tests := []struct {
		cal  *calendar.Calendar
		day  string
		want bool
	}{
		{fr, "2026-01-01", true},
		{fr, "2026-04-06", true}, // Easter Monday
		{fr, "2026-04-03", false},
		{fr, "2026-05-01", true},
		{fr, "2026-05-08", true},
		{fr, "2026-05-14", true}, // Ascension
		{fr, "2026-05-25", true}, // Whit Monday
		{fr, "2026-07-14", true},
		{fr, "2026-08-15", true},
		{fr, "2026-11-01", true},
		{fr, "2026-11-11", true},
		{fr, "2026-12-25", true},
		{fr, "2026-12-26", false},
		{fr, "2026-06-24", false},
		{qc, "2026-01-01", true},
		{qc, "2026-04-03", true},  // Good Friday
		{qc, "2026-04-06", false}, // Easter Monday: the employer's other choice
		{qc, "2026-05-18", true},  // Journée nationale des patriotes: the Monday before 25 May
		{qc, "2026-05-25", false},
		{qc, "2026-06-24", true}, // Fête nationale, a Wednesday
		{qc, "2026-07-01", true},
		{qc, "2026-07-14", false},
		{qc, "2026-09-07", true},  // Labour Day
		{qc, "2026-10-12", true},  // Thanksgiving
		{qc, "2026-11-11", false}, // not a statutory holiday in Québec
		{qc, "2026-12-25", true},
		{qc, "2029-06-25", true}, // 24 June 2029 is a Sunday: the holiday is Monday 25
		{qc, "2029-06-24", false},
		{qc, "2029-07-02", true}, // 1 July 2029 is a Sunday: Canada Day is Monday 2 July
		{qc, "2029-07-01", false},
		{qc, "2027-05-24", true}, // 25 May 2027 is a Tuesday: the patriotes' Monday is the 24th
		{qc, "2030-05-20", true}, // 25 May 2030 is a Saturday: Monday the 20th
	}
	for _, tt := range tests {
		if got := tt.cal.Holiday(date(tt.day)) != ""; got != tt.want {
			t.Errorf("%s: holiday %v, want %v", tt.day, got, tt.want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	montreal, _ := time.LoadLocation("America/Toronto")
	fr, qc := calendar.For(tact.FR), calendar.For(tact.CAQC)
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			panic(err)
		}
		return v
	}
	tests := []struct {
		name string
		cal  *calendar.Calendar
		loc  *time.Location
		from string
		days int
		want string
	}{
		{"plain week", fr, paris, "2026-03-03 10:00", 2, "2026-03-05 10:00"},
		{"Friday evening to Tuesday", fr, paris, "2026-03-06 17:00", 2, "2026-03-10 17:00"},
		{"received on Saturday counts from Monday's opening", fr, paris, "2026-03-07 11:00", 2, "2026-03-10 18:00"},
		{"received before opening", fr, paris, "2026-03-03 07:30", 1, "2026-03-03 18:00"},
		{"received after closing", fr, paris, "2026-03-03 19:30", 1, "2026-03-04 18:00"},
		{"over Ascension (Thu 14 May)", fr, paris, "2026-05-13 10:00", 2, "2026-05-18 10:00"},
		{"over Whit Monday (25 May)", fr, paris, "2026-05-22 10:00", 2, "2026-05-27 10:00"},
		{"10 days over May's holidays", fr, paris, "2026-04-30 10:00", 10, "2026-05-19 10:00"},
		{"over the spring DST change (29 March)", fr, paris, "2026-03-27 10:00", 1, "2026-03-30 10:00"},
		{"over the autumn DST change (25 October)", fr, paris, "2026-10-23 17:30", 1, "2026-10-26 17:30"},
		{"over the Fête nationale (Wed 24 June)", qc, montreal, "2026-06-23 10:00", 2, "2026-06-26 10:00"},
		{"over Journée des patriotes", qc, montreal, "2026-05-15 10:00", 1, "2026-05-19 10:00"},
		{"over Québec's DST change (8 March)", qc, montreal, "2026-03-06 12:00", 1, "2026-03-09 12:00"},
		{"Good Friday in Québec, Easter Monday works", qc, montreal, "2026-04-02 10:00", 1, "2026-04-06 10:00"},
	}
	for _, tt := range tests {
		got := tt.cal.AddBusinessDays(at(tt.loc, tt.from), tt.loc, tt.days)
		if want := at(tt.loc, tt.want); !got.Equal(want) {
			t.Errorf("%s: %s + %d business days = %s, want %s", tt.name, tt.from, tt.days, got.In(tt.loc).Format("Mon 2006-01-02 15:04 MST"), want.Format("Mon 2006-01-02 15:04 MST"))
		}
	}
}
