package catalogfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Parse reads a catalogue file. Its top-level keys are plans, devices,
// options and offers, each an array of tables ([[plans]] …) whose keys are
// the JSON fields of the API (GET /v1/plans, /v1/devices, /v1/options,
// /v1/offers), written exactly so, with the same values: money as a table
// { cents = 799, currency = "EUR" }, an allowance as a number or
// "unlimited", a date as a TOML date or a string "2026-12-31". A key left
// out is the field's zero value, as in the API.
//
// A file that is not TOML is an *Error at once. Unknown keys, keys in
// another case and values of the wrong type are problems Check lists, each
// with its line, among those of the entries themselves: one run tells all
// that is wrong with a file.
func Parse(data []byte) (*File, error) {
	// The TOML decoder reads the document into plain values, and the entries
	// are filled from those by their fields' JSON names: a file and the API
	// cannot disagree on a name or on how an allowance or a date reads, and
	// every problem is found, where decoding into structs stops at the first
	// value of the wrong type. The parser's positions give each its line.
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, newError([]Problem{syntaxProblem(err)})
	}
	f := &File{lines: positions(data)}
	d := &decoder{file: f}
	for _, key := range slices.Sorted(maps.Keys(doc)) {
		switch key {
		case keyPlans:
			f.Plans = entries[catalog.Plan](d, key, doc[key])
		case keyDevices:
			f.Devices = entries[catalog.Device](d, key, doc[key])
		case keyOptions:
			f.Options = entries[catalog.Option](d, key, doc[key])
		case keyOffers:
			f.Offers = entries[offer.Offer](d, key, doc[key])
		default:
			d.entry = ""
			d.problem(key, tact.FieldError(tact.CodeUnknownField, key, "not a key of the catalogue file%s", hint(key, []string{keyPlans, keyDevices, keyOptions, keyOffers})))
		}
	}
	f.unread = d.problems
	return f, nil
}

// syntaxProblem is the TOML decoder's error: the file is not TOML.
func syntaxProblem(err error) Problem {
	if de, ok := errors.AsType[*toml.DecodeError](err); ok {
		line, col := de.Position()
		return Problem{Line: line, Column: col, Err: tact.Errorf(tact.CodeInvalid, "%s", strings.TrimPrefix(de.Error(), "toml: "))}
	}
	return Problem{Err: tact.Errorf(tact.CodeInvalid, "%s", strings.TrimPrefix(err.Error(), "toml: "))}
}

// decoder reads the values the TOML decoder gave into entries, by the JSON
// names of their fields, and notes every problem with its line.
type decoder struct {
	file     *File
	entry    string // the entry being read, as problems name it
	problems []Problem
}

func (d *decoder) problem(path string, err error) {
	d.problems = append(d.problems, Problem{Line: d.file.line(path), Entry: d.entry, Err: err})
}

// entries reads the array of tables under key.
func entries[T any](d *decoder, key string, v any) []Entry[T] {
	tables, ok := v.([]any)
	if !ok {
		d.entry = ""
		d.problem(key, tact.FieldError(tact.CodeInvalid, key, "expects an array of tables, each written [[%s]]", key))
		return nil
	}
	out := make([]Entry[T], 0, len(tables))
	for i, t := range tables {
		path := fmt.Sprintf("%s[%d]", key, i)
		table, ok := t.(map[string]any)
		if !ok {
			d.entry = label(key, i, "")
			d.problem(path, tact.Errorf(tact.CodeInvalid, "expects a table, written [[%s]]", key))
			continue
		}
		code, _ := table["code"].(string)
		d.entry = label(key, i, code)
		e := Entry[T]{Line: d.file.line(path)}
		before := len(d.problems)
		d.value(table, reflect.ValueOf(&e.Value).Elem(), path, "")
		e.unread = len(d.problems) > before
		out = append(out, e)
	}
	return out
}

// value reads v into dst. path is where v is in the file, field where it is
// in its entry, as problems name them.
func (d *decoder) value(v any, dst reflect.Value, path, field string) {
	wrong := func(want string) {
		d.problem(path, tact.FieldError(tact.CodeInvalid, field, "expects %s", want))
	}
	// Allowances and dates read as the API reads them, from the same JSON.
	if u, ok := dst.Addr().Interface().(json.Unmarshaler); ok {
		b, err := json.Marshal(v) // a TOML date marshals as its text, 2026-12-31
		if err == nil {
			err = u.UnmarshalJSON(b)
		}
		if err != nil {
			d.problem(path, tact.FieldError(tact.CodeInvalid, field, "%v", err))
		}
		return
	}
	switch dst.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			wrong("a string")
			return
		}
		dst.SetString(s)
	case reflect.Int, reflect.Int64:
		n, ok := v.(int64)
		if !ok || dst.OverflowInt(n) {
			wrong("a whole number")
			return
		}
		dst.SetInt(n)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			wrong("true or false")
			return
		}
		dst.SetBool(b)
	case reflect.Struct:
		fields := fieldsOf(dst.Type())
		table, ok := v.(map[string]any)
		if !ok {
			wrong("a table { " + strings.Join(names(fields), ", ") + " }")
			return
		}
		for _, k := range slices.Sorted(maps.Keys(table)) {
			sub, subField := path+"."+k, k
			if field != "" {
				subField = field + "." + k
			}
			i := slices.IndexFunc(fields, func(f jsonField) bool { return f.name == k })
			if i < 0 {
				d.problem(sub, tact.FieldError(tact.CodeUnknownField, subField, "not a key %s%s", where(field, d.entry), hint(k, names(fields))))
				continue
			}
			d.value(table[k], dst.Field(fields[i].index), sub, subField)
		}
	default:
		// fieldsOf's test keeps every field of an entry to the kinds above.
		panic(fmt.Sprintf("catalogfile: no TOML form for %s", dst.Type()))
	}
}

// where says which table a key is not a key of.
func where(field, entry string) string {
	if field != "" {
		return "of " + field
	}
	kind, _, _ := strings.Cut(entry, " ")
	if i := strings.IndexByte(kind, '['); i >= 0 {
		kind = singular[kind[:i]]
	}
	return "of a " + kind
}

// hint tells how to write a key that is not one of keys: in the right case,
// or one of them.
func hint(key string, keys []string) string {
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return ": write it " + k
		}
	}
	return " (its keys: " + strings.Join(keys, ", ") + ")"
}

// jsonField is a struct field by its JSON name.
type jsonField struct {
	name      string
	index     int
	omitEmpty bool
}

// fieldsOf returns the fields of t that JSON writes, in their order.
func fieldsOf(t reflect.Type) []jsonField {
	var out []jsonField
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, index: i, omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty")})
	}
	return out
}

func names(fields []jsonField) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
	}
	return out
}

// positions returns the line of every table, key and array element of a
// TOML document, by path: "plans[0]" for the first [[plans]],
// "plans[0].tariff.data_per_gb" for a key in it. The document was read
// already, so a syntax error cannot stop it short.
func positions(data []byte) map[string]int {
	pos := &positioner{lines: map[string]int{}, arrays: map[string]int{}}
	for i, c := range data {
		if c == '\n' {
			pos.newlines = append(pos.newlines, i)
		}
	}
	pos.parser.Reset(data)
	table := ""
	for pos.parser.NextExpression() {
		e := pos.parser.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var keys []*unstable.Node
			for it := e.Key(); it.Next(); {
				keys = append(keys, it.Node())
			}
			table = ""
			for i, k := range keys {
				table = join(table, string(k.Data))
				if i == len(keys)-1 && e.Kind == unstable.ArrayTable {
					pos.arrays[table]++
					// The array itself is where its first table is.
					if _, ok := pos.lines[table]; !ok {
						pos.lines[table] = pos.line(k)
					}
				}
				// A table under an array of tables is under its last one.
				if n := pos.arrays[table]; n > 0 {
					table = fmt.Sprintf("%s[%d]", table, n-1)
				}
			}
			if len(keys) > 0 {
				pos.lines[table] = pos.line(keys[len(keys)-1])
			}
		case unstable.KeyValue:
			pos.keyValue(e, table)
		}
	}
	return pos.lines
}

type positioner struct {
	parser   unstable.Parser
	newlines []int          // offsets of the document's line feeds
	lines    map[string]int // line by path
	arrays   map[string]int // arrays of tables by path: how many so far
}

// line returns the line a node starts on, 0 for a node with no place in the
// document (tables and arrays: their keys and elements have one).
func (p *positioner) line(n *unstable.Node) int {
	if n.Raw.Length == 0 {
		return 0
	}
	return sort.SearchInts(p.newlines, int(n.Raw.Offset)) + 1
}

func (p *positioner) keyValue(kv *unstable.Node, table string) {
	path, line := table, 0
	for it := kv.Key(); it.Next(); {
		path = join(path, string(it.Node().Data))
		line = p.line(it.Node())
		if _, ok := p.lines[path]; !ok {
			p.lines[path] = line
		}
	}
	p.value(kv.Value(), path, line)
}

func (p *positioner) value(v *unstable.Node, path string, line int) {
	switch v.Kind {
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			p.keyValue(it.Node(), path)
		}
	case unstable.Array:
		i := 0
		for it := v.Children(); it.Next(); i++ {
			el, elPath := it.Node(), fmt.Sprintf("%s[%d]", path, i)
			l := p.line(el)
			if l == 0 {
				l = line
			}
			p.lines[elPath] = l
			p.value(el, elPath, l)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
