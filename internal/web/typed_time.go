package web

import (
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

// An advisor types times in the customer's zone, whose clock the page
// shows: when to ask "may I contact him?" about, when a promise is due,
// the call-back slot he chose. Such a time is wall-clock fields until the
// zone makes it an instant, and the zone may skip it (clocks going
// forward) or repeat it (clocks going back). typedTime is the one reader
// of them: nothing typed by a person goes through time.ParseInLocation,
// which moves a skipped time and picks a repeated one without a word.

// wallFault is what makes a typed time no instant.
type wallFault int

const (
	// wallOK: the time is read, or the field is empty.
	wallOK wallFault = iota
	// wallUnreadable: not a date and a time.
	wallUnreadable
	// wallGap: the customer's clocks skip that time that day.
	wallGap
)

// wallGapText is the text of wallGap, for any field: it takes the
// customer's zone.
const wallGapText = "time.gap"

// typedTime reads a datetime-local input ("2026-03-18T09:30") typed in the
// customer's zone loc (nil is UTC): its instant in UTC, the zero time for
// an empty field. A time the zone skips is a fault rather than moved; one
// it repeats is the first of its two instants, before the clocks go back,
// as "may I contact?" takes it (askedAt), and foldOf says so where the
// time is shown.
func typedTime(v string, loc *time.Location) (time.Time, wallFault) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, wallOK
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		// Parse reads the fields as in UTC, which WallInstants ignores:
		// the zone is applied there, once.
		wall, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		at := tact.WallInstants(wall, loc)
		if len(at) == 0 {
			return time.Time{}, wallGap
		}
		return at[0].UTC(), wallOK
	}
	return time.Time{}, wallUnreadable
}

// wallFold says which of a repeated wall-clock time an instant is, for the
// page that shows it: the clocks went back, so "01:30" that night is two
// moments an hour apart.
type wallFold struct {
	// Wall is the time as the clocks read it, "01:30"; Offset the
	// instant's offset from UTC, "UTC-04:00".
	Wall, Offset string
	// First is true for the first of the two, before the clocks go back.
	First bool
}

// foldOf is the fold an instant falls in, in the customer's zone loc, nil
// when its wall-clock time happens once.
func foldOf(at time.Time, loc *time.Location) *wallFold {
	if at.IsZero() || loc == nil {
		return nil
	}
	local := at.In(loc)
	both := tact.WallInstants(local, loc)
	if len(both) != 2 {
		return nil
	}
	return &wallFold{Wall: local.Format("15:04"), Offset: "UTC" + local.Format("-07:00"), First: at.Equal(both[0])}
}

// Fold words which of a repeated wall-clock time an instant is, next to
// where it is shown, in the customer's zone (named zone).
func (l Lang) Fold(f *wallFold, zone string) string {
	if f.First {
		return l.T("time.foldFirst", zone, f.Wall, f.Offset)
	}
	return l.T("time.foldSecond", zone, f.Wall, f.Offset)
}
