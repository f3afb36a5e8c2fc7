package cli

import (
	"testing"
	"time"
)

func TestNextWeekdayAt(t *testing.T) {
	toronto, _ := time.LoadLocation("America/Toronto")
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 10, 21, 18, 0, 0, 0, toronto), time.Date(2026, 10, 21, 19, 5, 0, 0, toronto)}, // Wednesday, before
		{time.Date(2026, 10, 21, 19, 5, 0, 0, toronto), time.Date(2026, 10, 22, 19, 5, 0, 0, toronto)}, // at it: the next day
		{time.Date(2026, 10, 23, 20, 0, 0, 0, toronto), time.Date(2026, 10, 26, 19, 5, 0, 0, toronto)}, // Friday evening: Monday
	} {
		if got := nextWeekdayAt(tc.now, "America/Toronto", 19, 5); !got.Equal(tc.want) {
			t.Errorf("from %s: %s, want %s", tc.now, got, tc.want)
		}
	}
}
