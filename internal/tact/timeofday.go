package tact

import (
	"encoding/json"
	"fmt"
	"time"
)

// TimeOfDay is a wall-clock time in minutes after midnight, written "19:00".
// "24:00" is allowed as the end of a day.
type TimeOfDay int

// ParseTimeOfDay parses "HH:MM".
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	return TimeOfDay(h*60 + m), nil
}

// ClockOf returns the wall-clock time of t in t's location.
func ClockOf(t time.Time) TimeOfDay { return TimeOfDay(t.Hour()*60 + t.Minute()) }

// String returns "HH:MM".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// MarshalJSON writes "HH:MM".
func (t TimeOfDay) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

// UnmarshalJSON reads "HH:MM".
func (t *TimeOfDay) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("time of day must be a string HH:MM")
	}
	v, err := ParseTimeOfDay(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// Weekday is a day of the week written "mon" … "sun".
type Weekday time.Weekday

var weekdayNames = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String returns "mon" … "sun".
func (d Weekday) String() string { return weekdayNames[d] }

// MarshalJSON writes "mon" … "sun".
func (d Weekday) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "mon" … "sun".
func (d *Weekday) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		for i, n := range weekdayNames {
			if n == s {
				*d = Weekday(i)
				return nil
			}
		}
	}
	return fmt.Errorf("weekday must be one of mon, tue, wed, thu, fri, sat, sun")
}
