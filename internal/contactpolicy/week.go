package contactpolicy

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/wording"
)

// WeekOrder lists the days of the week as tact writes them: Monday first.
var WeekOrder = [7]tact.Weekday{
	tact.Weekday(time.Monday), tact.Weekday(time.Tuesday), tact.Weekday(time.Wednesday),
	tact.Weekday(time.Thursday), tact.Weekday(time.Friday), tact.Weekday(time.Saturday),
	tact.Weekday(time.Sunday),
}

var dayNames = map[tact.Language][7]string{
	tact.LangEN:   {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	tact.LangFrFR: {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
}

// Describe writes the week in words, in lang: days in a row with the same
// windows are grouped ("Monday–Friday 10:00–13:00 and 14:00–20:00;
// Saturday–Sunday 10:00–18:00"), closed days left out. A week with no window
// at all reads "never" ("jamais").
func (w Week) Describe(lang tact.Language) string {
	french := wording.French(lang)
	names, and, sep, never := dayNames[tact.LangEN], " and ", "; ", "never"
	if french {
		names, and, sep, never = dayNames[tact.LangFrFR], " et ", " ; ", "jamais"
	}
	clock := func(t tact.TimeOfDay) string {
		if !french {
			return t.String()
		}
		if t%60 == 0 {
			return fmt.Sprintf("%d h", t/60)
		}
		return fmt.Sprintf("%d h %02d", t/60, t%60)
	}
	var groups []string
	for i := 0; i < len(WeekOrder); {
		ws := w[WeekOrder[i]]
		j := i + 1
		for j < len(WeekOrder) && slices.Equal(w[WeekOrder[j]], ws) {
			j++
		}
		if len(ws) > 0 {
			days := names[WeekOrder[i]]
			if j-i > 1 {
				days += "–" + names[WeekOrder[j-1]]
			}
			spans := make([]string, len(ws))
			for k, win := range ws {
				spans[k] = clock(win.From) + "–" + clock(win.To)
			}
			groups = append(groups, days+" "+strings.Join(spans, and))
		}
		i = j
	}
	if len(groups) == 0 {
		return never
	}
	return strings.Join(groups, sep)
}

// covers reports whether win lies inside the windows of ws (taken together:
// adjacent windows join).
func covers(ws []customer.Window, win customer.Window) bool {
	ws = slices.Clone(ws)
	slices.SortFunc(ws, func(a, b customer.Window) int { return int(a.From - b.From) })
	var merged []customer.Window
	for _, w := range ws {
		if n := len(merged); n > 0 && w.From <= merged[n-1].To {
			merged[n-1].To = max(merged[n-1].To, w.To)
			continue
		}
		merged = append(merged, w)
	}
	for _, m := range merged {
		if m.From <= win.From && win.To <= m.To {
			return true
		}
	}
	return false
}
