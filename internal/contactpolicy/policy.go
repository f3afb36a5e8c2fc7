package contactpolicy

import (
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// Policy is the contact policy in force: the law of each jurisdiction, as
// parameters of the rules, and the operator's own settings. Default returns
// the law's; an operator's file may make it stricter or adapt it (see
// Validate).
type Policy struct {
	// CallerIDs is the pool of numbers the operator's calls may show, as
	// dialled digits or E.164; a call showing another number is refused.
	// Empty allows any number that is shown.
	CallerIDs []string
	// Rules per jurisdiction.
	Jurisdictions map[tact.Jurisdiction]Rules
}

// Days is a duration counted in whole days of 24 hours.
type Days int

// Duration returns d as a time.Duration.
func (d Days) Duration() time.Duration { return time.Duration(d) * 24 * time.Hour }

// Week holds, for each day of the week, the windows in which something is
// allowed, in the customer's wall-clock time. A day absent is closed.
type Week map[tact.Weekday][]customer.Window

// Rules are one jurisdiction's parameters.
type Rules struct {
	// SalesCallHours are the windows for sales calls; SalesCallsOnHolidays
	// whether they extend to public holidays.
	SalesCallHours       Week
	SalesCallsOnHolidays bool
	// MaxSalesCalls is how many sales call attempts may be made within
	// SalesCallWindow, by every source together; 0 is no limit.
	MaxSalesCalls   int
	SalesCallWindow Days
	// RefusalCooldown is how long after a refused sales call no other is made.
	RefusalCooldown Days
	// DoNotCallKept is how long an internal do-not-call entry holds; 0 is for
	// ever.
	DoNotCallKept Days
	// OppositionMaxAge is the age past which an opposition-list check
	// (Bloctel, DNCL) no longer clears a prospect.
	OppositionMaxAge Days
	// ProvableConsentFrom is the date from which a sales call to a prospect
	// needs the prospect's provable consent; zero is never.
	ProvableConsentFrom tact.Date
	// SurveyCooldown is the least time between two surveys of a customer.
	SurveyCooldown Days
}

// Default returns the policy of the law as tact knows it (DESIGN §4): the
// sources are on each rule in rules.go.
func Default() Policy {
	hours := func(from, to string) customer.Window {
		f, _ := tact.ParseTimeOfDay(from)
		t, _ := tact.ParseTimeOfDay(to)
		return customer.Window{From: f, To: t}
	}
	weekdays := func(ws ...customer.Window) Week {
		w := Week{}
		for d := tact.Weekday(time.Monday); d <= tact.Weekday(time.Friday); d++ {
			w[d] = ws
		}
		return w
	}
	ca := weekdays(hours("09:00", "21:30"))
	ca[tact.Weekday(time.Saturday)] = []customer.Window{hours("10:00", "18:00")}
	ca[tact.Weekday(time.Sunday)] = []customer.Window{hours("10:00", "18:00")}
	return Policy{Jurisdictions: map[tact.Jurisdiction]Rules{
		tact.FR: {
			SalesCallHours:      weekdays(hours("10:00", "13:00"), hours("14:00", "20:00")),
			MaxSalesCalls:       4,
			SalesCallWindow:     30,
			RefusalCooldown:     60,
			OppositionMaxAge:    30,
			ProvableConsentFrom: tact.Date{Year: 2026, Month: time.August, Day: 11},
			SurveyCooldown:      90,
		},
		tact.CAQC: {
			SalesCallHours:       ca,
			SalesCallsOnHolidays: true,
			DoNotCallKept:        3 * 365,
			OppositionMaxAge:     31,
			SurveyCooldown:       90,
		},
	}}
}
