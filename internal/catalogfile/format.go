package catalogfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/tactcrm/tact/internal/tact"
)

// Format writes c as a catalogue file that Parse reads back to c: every
// field of every entry, in the order of c, under the API's JSON names (a
// field the API leaves out when empty is left out too).
func Format(c Catalogue) []byte {
	var b bytes.Buffer
	b.WriteString("# tact catalogue: plans, devices, options and offers, under the API's field names.\n")
	b.WriteString("# Load it with: tact catalog load FILE (a code already stored is replaced).\n")
	for _, p := range c.Plans {
		writeEntry(&b, keyPlans, reflect.ValueOf(p).Elem())
	}
	for _, d := range c.Devices {
		writeEntry(&b, keyDevices, reflect.ValueOf(d).Elem())
	}
	for _, o := range c.Options {
		writeEntry(&b, keyOptions, reflect.ValueOf(o).Elem())
	}
	for _, o := range c.Offers {
		writeEntry(&b, keyOffers, reflect.ValueOf(o).Elem())
	}
	return b.Bytes()
}

// writeEntry writes one entry as a table of the array key: its values
// first, then its fields that hold tables of their own (a plan's tariff) as
// sub-tables.
func writeEntry(b *bytes.Buffer, key string, v reflect.Value) {
	fmt.Fprintf(b, "\n[[%s]]\n", key)
	writeTable(b, key, v)
}

func writeTable(b *bytes.Buffer, path string, v reflect.Value) {
	var tables []jsonField
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		switch {
		case f.omitEmpty && fv.IsZero():
		case ownTable(fv.Type()):
			tables = append(tables, f)
		default:
			if s, ok := tomlValue(fv); ok {
				fmt.Fprintf(b, "%s = %s\n", f.name, s)
			}
		}
	}
	for _, f := range tables {
		fmt.Fprintf(b, "[%s.%s]\n", path, f.name)
		writeTable(b, path+"."+f.name, v.Field(f.index))
	}
}

// ownTable reports whether values of t are written as a table of their
// own: structs holding structs (a tariff holds prices). A struct of plain
// values (a price, a name) is written inline, { cents = 799, currency = "EUR" }.
func ownTable(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.Implements(marshaler) {
		return false
	}
	for _, f := range fieldsOf(t) {
		if ft := t.Field(f.index).Type; ft.Kind() == reflect.Struct && !ft.Implements(marshaler) {
			return true
		}
	}
	return false
}

var (
	marshaler = reflect.TypeFor[json.Marshaler]()
	dateType  = reflect.TypeFor[tact.Date]()
)

// tomlValue writes v as a TOML value; false when there is nothing to write
// (a date not set, which the API writes null).
func tomlValue(v reflect.Value) (string, bool) {
	if v.Type() == dateType {
		d := v.Interface().(tact.Date)
		return d.String(), !d.IsZero() // a TOML date, 2026-12-31
	}
	if m, ok := v.Interface().(json.Marshaler); ok {
		// Allowances as the API writes them: a number, or "unlimited".
		j, err := m.MarshalJSON()
		if err != nil || string(j) == "null" {
			return "", false
		}
		var s string
		if json.Unmarshal(j, &s) == nil {
			return tomlString(s), true
		}
		return string(j), true
	}
	switch v.Kind() {
	case reflect.String:
		return tomlString(v.String()), true
	case reflect.Int, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), true
	case reflect.Struct:
		var parts []string
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if f.omitEmpty && fv.IsZero() {
				continue
			}
			if s, ok := tomlValue(fv); ok {
				parts = append(parts, f.name+" = "+s)
			}
		}
		return "{ " + strings.Join(parts, ", ") + " }", true
	}
	// fieldsOf's test keeps every field of an entry to the kinds above.
	panic(fmt.Sprintf("catalogfile: no TOML form for %s", v.Type()))
}

// tomlString quotes s as a TOML basic string, or a multi-line one when it
// holds line feeds (an eligibility expression written over several lines
// stays so).
func tomlString(s string) string {
	multi := strings.Contains(s, "\n")
	var b strings.Builder
	if multi {
		// The line feed right after the opening quotes is not part of the
		// string.
		b.WriteString("\"\"\"\n")
	} else {
		b.WriteByte('"')
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteRune(r) // only in a multi-line string
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	if multi {
		b.WriteString(`"""`)
	} else {
		b.WriteByte('"')
	}
	return b.String()
}
