// Package lifecycle is the words and rules of a customer's leaving: when a
// cancellation takes effect and what it costs, so that the customer is told
// both before he confirms (issue 7, story 5), and what of his is erased three
// years after he left, and when. It reads nothing but its arguments.
package lifecycle

import (
	"github.com/tactcrm/tact/internal/tact"
)

// The rules of a cancellation.
const (
	// RuleEndDate: when a cancellation takes effect. France: at the latest
	// ten days after the operator receives the request, later only if the
	// customer asks it (C. conso. L224-39: "au plus tard dix jours après la
	// réception ... sauf demande expresse"). Québec: the day the provider is
	// told, or a later day the customer asks (CRTC Wireless Code, section on
	// cancellation: effective the day the customer notifies the provider).
	// Never before the request.
	RuleEndDate = "cancellation_end_date"
	// RuleEarlyFee: what ending a line before its commitment costs. France:
	// within a commitment of more than 12 months, from the 13th month the
	// customer owes at most a quarter of what remains; before, the months up
	// to the 12th in full and a quarter of the rest (C. conso. L224-28). A
	// commitment of 12 months or less: the months that remain. Québec: only
	// a device's unpaid subsidy may be charged (CRTC Wireless Code, early
	// cancellation fees), which tact does not know: none is computed.
	RuleEarlyFee = "early_termination_fee"
)

// MaxDelayFR is the French delay, in days, between the request and the end.
const MaxDelayFR = 10

// EndDate is when a cancellation received on received (the customer's
// date) takes effect, given the date he asked for (zero: none).
func EndDate(j tact.Jurisdiction, received, wanted tact.Date) tact.Date {
	switch {
	case !wanted.IsZero() && !wanted.Before(received):
		return wanted
	case j == tact.FR:
		return received.AddDays(MaxDelayFR)
	}
	return received
}

// EarlyFee is what ending a line on end costs when its commitment runs from
// started to commitmentEnds (zero: none) at monthly cents a month. Months
// are counted whole, the month begun counting.
func EarlyFee(j tact.Jurisdiction, started, commitmentEnds, end tact.Date, monthly int64) int64 {
	if j != tact.FR || commitmentEnds.IsZero() || !end.Before(commitmentEnds) {
		return 0
	}
	remaining := monthsFrom(end, commitmentEnds)
	total := monthsFrom(started, commitmentEnds)
	if total <= 12 {
		return int64(remaining) * monthly
	}
	elapsed := total - remaining
	if elapsed >= 12 {
		return quarter(int64(remaining) * monthly)
	}
	full := 12 - elapsed
	return int64(full)*monthly + quarter(int64(remaining-full)*monthly)
}

// quarter is a quarter of cents, rounded down: at most, says the law.
func quarter(c int64) int64 { return c / 4 }

// monthsFrom counts the months from a to b, a month begun counting: from
// 15 March to 14 April is one month, to 15 April one, to 16 April two.
func monthsFrom(a, b tact.Date) int {
	if !a.Before(b) {
		return 0
	}
	n := (b.Year-a.Year)*12 + int(b.Month-a.Month)
	if b.Day > a.Day {
		n++
	}
	return max(n, 1)
}
