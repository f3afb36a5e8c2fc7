// Package catalogfile is the catalogue as a file: the operator's plans,
// devices, options and offers written in TOML (https://toml.io, v1.0) under
// the field names of the API's JSON. It reads a file strictly, every problem
// with its line; checks it as a whole against the stored catalogue before
// anything of it is stored, and says what loading it changes; and writes the
// stored catalogue back in the same form (tact catalog load, tact catalog
// show). It does no I/O.
//
//	[[plans]]
//	code = "FR-MOBILE-5G"
//	name = { fr = "Forfait 5 Go", en = "5 GB plan" }
//	jurisdiction = "FR"
//	monthly_price = { cents = 799, currency = "EUR" }
//	data_mb = 5120
//	voice_minutes = "unlimited"
//	…
//
//	[[offers]]
//	code = "FR-PACK-20GO"
//	kind = "option"
//	…
//	valid_until = 2026-12-31
//	eligibility = "usage.max_data_mb > 20000"
package catalogfile

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Catalogue is a whole catalogue: what the store holds, or what to write to
// it.
type Catalogue struct {
	Plans   []*catalog.Plan
	Devices []*catalog.Device
	Options []*catalog.Option
	Offers  []*offer.Offer
}

// Entry is one entry of a file and the line its table starts on.
type Entry[T any] struct {
	Line  int
	Value T

	// unread marks an entry with a key or a value Parse could not read:
	// its problems are the file's, and Check does not judge it further.
	unread bool
}

// File is a catalogue file as read, its entries in the order written, not
// yet checked (see Check).
type File struct {
	Plans   []Entry[catalog.Plan]
	Devices []Entry[catalog.Device]
	Options []Entry[catalog.Option]
	Offers  []Entry[offer.Offer]

	// lines holds the line of every table and key of the file, by its path
	// as problems name it ("offers[2].name.fr"), so that a problem found
	// after reading points at its key.
	lines map[string]int
	// unread are the keys and values Parse could not read, which Check
	// lists with the entries' own problems.
	unread []Problem
}

// The file's top-level keys, in the order Format writes them, each an array
// of tables of one kind of entry.
const (
	keyPlans   = "plans"
	keyDevices = "devices"
	keyOptions = "options"
	keyOffers  = "offers"
)

// singular names an entry of each kind in problems.
var singular = map[string]string{keyPlans: "plan", keyDevices: "device", keyOptions: "option", keyOffers: "offer"}

// line returns the line of path, else of the nearest table or key holding
// it, else 0.
func (f *File) line(path string) int {
	for path != "" {
		if l, ok := f.lines[path]; ok {
			return l
		}
		path = path[:max(strings.LastIndexAny(path, ".["), 0)]
	}
	return 0
}

// Problem is one thing wrong in a catalogue file.
type Problem struct {
	// Line and Column locate the problem in the file; 0 when unknown.
	Line, Column int
	// Entry names the entry at fault: "offer FR-PACK-20GO", or "offers[3]"
	// (the fourth [[offers]]) for one without a code; "" for the file as a
	// whole.
	Entry string
	// Err says what is wrong: a *tact.Error whose Field is the key at fault
	// within the entry ("monthly_price.currency").
	Err error
}

// String writes the problem on one line: "line 42: offer FR-PACK-20GO:
// eligibility: line 1, column 18: unexpected token …".
func (p Problem) String() string {
	var b strings.Builder
	switch {
	case p.Line > 0 && p.Column > 0:
		fmt.Fprintf(&b, "line %d, column %d: ", p.Line, p.Column)
	case p.Line > 0:
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Entry != "" {
		b.WriteString(p.Entry + ": ")
	}
	if te, ok := errors.AsType[*tact.Error](p.Err); ok {
		if te.Field != "" {
			b.WriteString(te.Field + ": ")
		}
		b.WriteString(te.Message)
	} else {
		b.WriteString(p.Err.Error())
	}
	return b.String()
}

// Error is everything wrong with a catalogue file, in the order of its
// lines. Nothing of a file with a problem is stored.
type Error struct {
	// File is the file's path; "" when it came as bytes.
	File     string
	Problems []Problem
}

// Error lists the problems, one a line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("catalogue file")
	if e.File != "" {
		b.WriteString(" " + e.File)
	}
	if len(e.Problems) == 1 {
		b.WriteString(" is not valid (1 problem), nothing of it was stored:")
	} else {
		fmt.Fprintf(&b, " is not valid (%d problems), nothing of it was stored:", len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n  - " + p.String())
	}
	return b.String()
}

// Unwrap returns each problem's error, for errors.As and tact.ErrorCode.
func (e *Error) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Err
	}
	return out
}

// newError returns the problems as an *Error in the order of the file's
// lines, nil when there are none.
func newError(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return a.Line - b.Line })
	return &Error{Problems: problems}
}

// label names an entry in problems: by its code when it has one, else by
// its place among the file's tables of its kind.
func label(key string, i int, code string) string {
	if code != "" {
		return singular[key] + " " + code
	}
	return fmt.Sprintf("%s[%d]", key, i)
}
