package tact

import (
	"bytes"
	"encoding/json"
)

// Optional is a field of a partial update (JSON merge patch, RFC 7396): absent
// means "leave as is", null means "clear", a value means "set". A plain pointer
// cannot tell absent from null.
type Optional[T any] struct {
	Set   bool // the field was present in the update
	Null  bool // it was present and null
	Value T
}

// Some returns an Optional that sets v.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// UnmarshalJSON records presence; encoding/json calls it only for keys present.
// It refuses unknown members inside the value, as the outer decoder does: a
// typo in a nested object must not be dropped in silence.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		var zero T
		o.Value = zero
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(&o.Value)
}

// MarshalJSON writes the value, or null when cleared or absent.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.Set || o.Null {
		return []byte("null"), nil
	}
	return json.Marshal(o.Value)
}

// ApplyTo writes the update into *dst when the field was set (the zero value
// when null).
func (o Optional[T]) ApplyTo(dst *T) {
	if o.Set {
		*dst = o.Value
	}
}
