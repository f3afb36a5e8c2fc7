package customer

import (
	"encoding/json"

	"github.com/tactcrm/tact/internal/tact"
)

// Lists are written as [] when empty, never null: clients iterate them without
// a nil check, and the API document can say "array" and mean it. Each type with
// lists marshals through an alias with the nil lists replaced.

func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes c with empty lists as [].
func (c Customer) MarshalJSON() ([]byte, error) {
	type plain Customer
	c.Phones, c.Emails, c.Consents = list(c.Phones), list(c.Emails), list(c.Consents)
	return json.Marshal(plain(c))
}

// MarshalJSON writes p with empty lists as [].
func (p Preferences) MarshalJSON() ([]byte, error) {
	type plain Preferences
	p.QuietHours, p.PreferredSlots = list(p.QuietHours), list(p.PreferredSlots)
	return json.Marshal(plain(p))
}

// MarshalJSON writes s with an empty list of days as [].
func (s Slot) MarshalJSON() ([]byte, error) {
	type plain struct {
		Days []tact.Weekday `json:"days"`
		Window
	}
	return json.Marshal(plain{Days: list(s.Days), Window: s.Window})
}

// MarshalJSON writes l with empty options as [].
func (l Line) MarshalJSON() ([]byte, error) {
	type plain Line
	l.Options = list(l.Options)
	return json.Marshal(plain(l))
}

// MarshalJSON writes a with empty lines as [].
func (a Address) MarshalJSON() ([]byte, error) {
	type plain Address
	a.Lines = list(a.Lines)
	return json.Marshal(plain(a))
}
