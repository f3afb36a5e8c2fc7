package tact

import (
	"encoding/base64"
	"encoding/json"
	"time"
)

// Page limits.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Cursor marks a position in a list sorted by (At, ID) descending, or by
// (Key, ID) ascending: the last item a client has seen. Clients treat it as
// opaque.
type Cursor struct {
	At  time.Time `json:"t,omitzero"`
	Key string    `json:"k,omitempty"`
	ID  string    `json:"i"`
}

// IsZero reports whether c is the start of a list.
func (c Cursor) IsZero() bool { return c.ID == "" }

// Encode returns the cursor as an opaque URL-safe string ("" for the start).
func (c Cursor) Encode() string {
	if c.IsZero() {
		return ""
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor written by Encode; "" is the start of the list.
func DecodeCursor(s string) (Cursor, error) {
	var c Cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID == "" {
		return Cursor{}, FieldError(CodeInvalidCursor, "cursor", "cursor is not one this server gave")
	}
	return c, nil
}

// PageSize clamps a requested page size: 0 means the default.
func PageSize(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}
