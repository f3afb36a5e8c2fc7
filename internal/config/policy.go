package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// The contact policy file is TOML (https://toml.io, v1.0):
//
//	caller_ids = ["+33 1 76 00 00 00", "+1 514 555 0100"]
//
//	[jurisdictions.FR]
//	sales_calls_on_holidays = false
//	max_sales_calls = 4
//	sales_call_window_days = 30
//	refusal_cooldown_days = 60
//	do_not_call_kept_days = 0
//	opposition_max_age_days = 30
//	provable_consent_from = "2026-08-11"
//	survey_cooldown_days = 90
//	sales_call_hours = { mon = ["10:00-13:00", "14:00-20:00"], tue = […], … }
//
//	[jurisdictions.CA-QC]
//	…
//
// It overlays contactpolicy.Default: a key left out keeps the law's value.
// sales_call_hours, when given, is the whole week: a day left out is closed.
// Keys are written exactly so; any other key is an error.

// policyFile is the shape of the file; a nil field is a key left out.
type policyFile struct {
	CallerIDs     *[]string `toml:"caller_ids"`
	Jurisdictions struct {
		FR   *rulesFile `toml:"FR"`
		CAQC *rulesFile `toml:"CA-QC"`
	} `toml:"jurisdictions"`
}

type rulesFile struct {
	SalesCallHours       *weekFile `toml:"sales_call_hours"`
	SalesCallsOnHolidays *bool     `toml:"sales_calls_on_holidays"`
	MaxSalesCalls        *int      `toml:"max_sales_calls"`
	SalesCallWindowDays  *int      `toml:"sales_call_window_days"`
	RefusalCooldownDays  *int      `toml:"refusal_cooldown_days"`
	DoNotCallKeptDays    *int      `toml:"do_not_call_kept_days"`
	OppositionMaxAgeDays *int      `toml:"opposition_max_age_days"`
	// ProvableConsentFrom is a TOML date or a string: "2026-08-11", or ""
	// for never.
	ProvableConsentFrom any  `toml:"provable_consent_from"`
	SurveyCooldownDays  *int `toml:"survey_cooldown_days"`
}

type weekFile struct {
	Mon *[]string `toml:"mon"`
	Tue *[]string `toml:"tue"`
	Wed *[]string `toml:"wed"`
	Thu *[]string `toml:"thu"`
	Fri *[]string `toml:"fri"`
	Sat *[]string `toml:"sat"`
	Sun *[]string `toml:"sun"`
}

func (w *weekFile) days() [7]*[]string {
	return [7]*[]string{w.Mon, w.Tue, w.Wed, w.Thu, w.Fri, w.Sat, w.Sun} // contactpolicy.WeekOrder
}

// policyKeys is the file's every key, as written: the decoder matches keys
// whatever their case, the file does not.
var policyKeys = keySet{
	"caller_ids": nil,
	"jurisdictions": keySet{
		string(tact.FR):   rulesKeys,
		string(tact.CAQC): rulesKeys,
	},
}

var rulesKeys = keySet{
	"sales_call_hours":        keySet{"mon": nil, "tue": nil, "wed": nil, "thu": nil, "fri": nil, "sat": nil, "sun": nil},
	"sales_calls_on_holidays": nil,
	"max_sales_calls":         nil,
	"sales_call_window_days":  nil,
	"refusal_cooldown_days":   nil,
	"do_not_call_kept_days":   nil,
	"opposition_max_age_days": nil,
	"provable_consent_from":   nil,
	"survey_cooldown_days":    nil,
}

// keySet maps a table's keys to the key set of their value when it is a
// table (nil otherwise).
type keySet map[string]keySet

// expected says what a key's value is, for type errors.
var expected = map[string]string{
	"caller_ids":              `a list of numbers as strings, e.g. ["+33 1 76 00 00 00"]`,
	"jurisdictions":           "tables [jurisdictions.FR] and [jurisdictions.CA-QC]",
	string(tact.FR):           "a table of rules",
	string(tact.CAQC):         "a table of rules",
	"sales_call_hours":        `a table of days, each a list of windows, e.g. { mon = ["10:00-13:00", "14:00-20:00"] }`,
	"sales_calls_on_holidays": "true or false",
	"max_sales_calls":         "a whole number",
	"provable_consent_from":   `a date, e.g. "2026-08-11", or "" for never`,
}

// PolicyError is everything wrong with a contact policy file: each problem
// is a *tact.Error whose Field is the key at fault (e.g.
// "jurisdictions.FR.sales_call_hours.mon[1]").
type PolicyError struct {
	// File is the file's path; "" when the policy came as bytes.
	File     string
	Problems []error
}

// Error lists the problems, one a line.
func (e *PolicyError) Error() string {
	var b strings.Builder
	b.WriteString("contact policy")
	if e.File != "" {
		b.WriteString(" " + e.File)
	}
	b.WriteString(" is not valid:")
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		var te *tact.Error
		if errors.As(p, &te) && te.Field != "" {
			b.WriteString(te.Field + ": " + te.Message)
		} else {
			b.WriteString(p.Error())
		}
	}
	return b.String()
}

// Unwrap returns the problems, for errors.As and tact.ErrorField.
func (e *PolicyError) Unwrap() []error { return e.Problems }

// LoadPolicy reads the contact policy file at path: ParsePolicy of its
// contents, errors naming the file.
func LoadPolicy(path string) (contactpolicy.Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return contactpolicy.Policy{}, fmt.Errorf("contact policy: %w", err)
	}
	p, err := ParsePolicy(data)
	if pe, ok := errors.AsType[*PolicyError](err); ok {
		pe.File = path
	}
	return p, err
}

// ParsePolicy reads a contact policy file (TOML) over contactpolicy.Default
// and validates the result (contactpolicy.Policy.Validate). Unknown keys,
// values of the wrong type and invalid rules are errors: a *PolicyError
// listing every problem, with the line where the TOML decoder gives it.
func ParsePolicy(data []byte) (contactpolicy.Policy, error) {
	var f policyFile
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	decodeErr := dec.Decode(&f)
	var generic map[string]any
	if err := toml.Unmarshal(data, &generic); err != nil {
		return contactpolicy.Policy{}, &PolicyError{Problems: decodeProblems(err)}
	}
	if strict, ok := errors.AsType[*toml.StrictMissingError](decodeErr); ok || decodeErr == nil {
		// The key walk names unknown keys by their whole path, which the
		// decoder does not inside inline tables; the decoder gives the line.
		if problems := checkKeys(generic, policyKeys, ""); len(problems) > 0 {
			if ok {
				addLines(problems, strict)
			}
			return contactpolicy.Policy{}, &PolicyError{Problems: problems}
		}
	}
	if decodeErr != nil {
		return contactpolicy.Policy{}, &PolicyError{Problems: decodeProblems(decodeErr)}
	}
	p, problems := f.overlay(contactpolicy.Default())
	if len(problems) == 0 {
		problems = unjoin(p.Validate())
	}
	if len(problems) > 0 {
		return contactpolicy.Policy{}, &PolicyError{Problems: problems}
	}
	return p, nil
}

// decodeProblems turns the decoder's error into problems naming the key and
// the line.
func decodeProblems(err error) []error {
	if strict, ok := errors.AsType[*toml.StrictMissingError](err); ok {
		var out []error
		for _, e := range strict.Errors {
			line, _ := e.Position()
			out = append(out, tact.FieldError(tact.CodeUnknownField, strings.Join(e.Key(), "."), "line %d: not a key of the policy file (tact policy show --format toml lists them)", line))
		}
		return out
	}
	if de, ok := errors.AsType[*toml.DecodeError](err); ok {
		line, col := de.Position()
		key := de.Key()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if strings.Contains(msg, "cannot decode") && len(key) > 0 {
			want, ok := expected[key[len(key)-1]]
			switch {
			case ok:
			case strings.HasSuffix(key[len(key)-1], "_days"):
				want = "a whole number of days"
			case len(key) >= 2 && key[len(key)-2] == "sales_call_hours":
				want = `a list of windows, e.g. ["10:00-13:00", "14:00-20:00"]`
			default:
				want = "another type"
			}
			msg = "expects " + want
		}
		if len(key) == 0 {
			return []error{tact.Errorf(tact.CodeInvalid, "line %d, column %d: %s", line, col, msg)}
		}
		return []error{tact.FieldError(tact.CodeInvalid, strings.Join(key, "."), "line %d: %s", line, msg)}
	}
	return []error{tact.Errorf(tact.CodeInvalid, "%s", strings.TrimPrefix(err.Error(), "toml: "))}
}

// addLines prefixes each unknown-key problem with the line the decoder
// found that key on.
func addLines(problems []error, strict *toml.StrictMissingError) {
	for _, p := range problems {
		te, ok := p.(*tact.Error)
		if !ok {
			continue
		}
		last := te.Field[strings.LastIndex(te.Field, ".")+1:]
		for _, e := range strict.Errors {
			if k := e.Key(); len(k) > 0 && k[len(k)-1] == last {
				line, _ := e.Position()
				te.Message = fmt.Sprintf("line %d: %s", line, te.Message)
				break
			}
		}
	}
}

// checkKeys returns a problem for every key of table not written exactly as
// in keys (the decoder accepts "Max_Sales_Calls" for max_sales_calls).
func checkKeys(table map[string]any, keys keySet, path string) []error {
	var problems []error
	names := make([]string, 0, len(table))
	for k := range table {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		field := k
		if path != "" {
			field = path + "." + k
		}
		sub, ok := keys[k]
		if !ok {
			hint := " (tact policy show --format toml lists them)"
			for known := range keys {
				if strings.EqualFold(known, k) {
					hint = ": write it " + known
				}
			}
			problems = append(problems, tact.FieldError(tact.CodeUnknownField, field, "not a key of the policy file%s", hint))
			continue
		}
		if child, isTable := table[k].(map[string]any); isTable && sub != nil {
			problems = append(problems, checkKeys(child, sub, field)...)
		}
	}
	return problems
}

// overlay returns base with the file's keys set.
func (f policyFile) overlay(base contactpolicy.Policy) (contactpolicy.Policy, []error) {
	var problems []error
	if f.CallerIDs != nil {
		base.CallerIDs = nil
		if len(*f.CallerIDs) > 0 {
			base.CallerIDs = slices.Clone(*f.CallerIDs)
		}
	}
	for _, j := range []struct {
		id tact.Jurisdiction
		rf *rulesFile
	}{{tact.FR, f.Jurisdictions.FR}, {tact.CAQC, f.Jurisdictions.CAQC}} {
		if j.rf == nil {
			continue
		}
		r, errs := j.rf.overlay(base.Jurisdictions[j.id])
		for _, err := range errs {
			problems = append(problems, tact.Prefix("jurisdictions."+string(j.id), err))
		}
		base.Jurisdictions[j.id] = r
	}
	return base, problems
}

func (f *rulesFile) overlay(r contactpolicy.Rules) (contactpolicy.Rules, []error) {
	var problems []error
	if f.SalesCallHours != nil {
		week := contactpolicy.Week{}
		for i, list := range f.SalesCallHours.days() {
			if list == nil {
				continue
			}
			day := contactpolicy.WeekOrder[i]
			windows := make([]customer.Window, 0, len(*list))
			for k, s := range *list {
				w, err := parseWindow(s)
				if err != nil {
					problems = append(problems, tact.FieldError(tact.CodeInvalid, fmt.Sprintf("sales_call_hours.%s[%d]", day, k), "%v", err))
					continue
				}
				windows = append(windows, w)
			}
			week[day] = windows
		}
		r.SalesCallHours = week
	}
	if f.SalesCallsOnHolidays != nil {
		r.SalesCallsOnHolidays = *f.SalesCallsOnHolidays
	}
	if f.MaxSalesCalls != nil {
		r.MaxSalesCalls = *f.MaxSalesCalls
	}
	for _, d := range []struct {
		v   *int
		dst *contactpolicy.Days
	}{
		{f.SalesCallWindowDays, &r.SalesCallWindow},
		{f.RefusalCooldownDays, &r.RefusalCooldown},
		{f.DoNotCallKeptDays, &r.DoNotCallKept},
		{f.OppositionMaxAgeDays, &r.OppositionMaxAge},
		{f.SurveyCooldownDays, &r.SurveyCooldown},
	} {
		if d.v != nil {
			*d.dst = contactpolicy.Days(*d.v)
		}
	}
	if f.ProvableConsentFrom != nil {
		d, err := parseDate(f.ProvableConsentFrom)
		if err != nil {
			problems = append(problems, tact.FieldError(tact.CodeInvalid, "provable_consent_from", "%v", err))
		}
		r.ProvableConsentFrom = d
	}
	return r, problems
}

// parseWindow reads "10:00-13:00".
func parseWindow(s string) (customer.Window, error) {
	from, to, ok := strings.Cut(s, "-")
	if ok {
		f, err1 := tact.ParseTimeOfDay(strings.TrimSpace(from))
		t, err2 := tact.ParseTimeOfDay(strings.TrimSpace(to))
		if err1 == nil && err2 == nil {
			return customer.Window{From: f, To: t}, nil
		}
	}
	return customer.Window{}, fmt.Errorf("%q is not a window HH:MM-HH:MM, e.g. \"10:00-13:00\"", s)
}

// parseDate reads a TOML date (2026-08-11) or a string ("2026-08-11"; ""
// is the zero date, never).
func parseDate(v any) (tact.Date, error) {
	var s string
	switch v := v.(type) {
	case string:
		if v == "" {
			return tact.Date{}, nil
		}
		s = v
	case toml.LocalDate:
		s = v.String()
	default:
		return tact.Date{}, fmt.Errorf("expects %s", expected["provable_consent_from"])
	}
	d, err := tact.ParseDate(s)
	if err != nil {
		return tact.Date{}, fmt.Errorf("%q is not a date YYYY-MM-DD (\"\" is never)", s)
	}
	return d, nil
}

// unjoin returns the errors joined in err.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// FormatPolicy writes p as a policy file that ParsePolicy reads back to p,
// every key given, with comments saying what each means.
func FormatPolicy(p contactpolicy.Policy) []byte {
	var b bytes.Buffer
	b.WriteString("# tact contact policy. Every outbound contact is judged by these rules.\n")
	b.WriteString("# A key left out keeps the law's value; a policy laxer than the law is refused.\n\n")
	b.WriteString("# The numbers the operator's calls may show (digits, spaces, a leading +);\n# empty allows any number, as long as one is shown.\n")
	ids := make([]string, len(p.CallerIDs))
	for i, n := range p.CallerIDs {
		ids[i] = tomlString(n)
	}
	fmt.Fprintf(&b, "caller_ids = [%s]\n", strings.Join(ids, ", "))
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		r, ok := p.Jurisdictions[j]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "\n[jurisdictions.%s]\n", j)
		b.WriteString("# Sales calls on public holidays (within sales_call_hours).\n")
		fmt.Fprintf(&b, "sales_calls_on_holidays = %t\n", r.SalesCallsOnHolidays)
		b.WriteString("# At most max_sales_calls sales call attempts in sales_call_window_days,\n# every source together (subcontractors included); 0 is no cap.\n")
		fmt.Fprintf(&b, "max_sales_calls = %d\nsales_call_window_days = %d\n", r.MaxSalesCalls, r.SalesCallWindow)
		b.WriteString("# Days without a sales call after the customer refused one.\n")
		fmt.Fprintf(&b, "refusal_cooldown_days = %d\n", r.RefusalCooldown)
		b.WriteString("# Days an internal do-not-call entry holds; 0 is for ever.\n")
		fmt.Fprintf(&b, "do_not_call_kept_days = %d\n", r.DoNotCallKept)
		b.WriteString("# Most days since a prospect's number was cleared against the opposition list\n# (Bloctel, DNCL) for a sales call.\n")
		fmt.Fprintf(&b, "opposition_max_age_days = %d\n", r.OppositionMaxAge)
		b.WriteString("# From this date a sales call to a prospect needs his provable consent; \"\" is never.\n")
		fmt.Fprintf(&b, "provable_consent_from = %s\n", tomlString(r.ProvableConsentFrom.String()))
		b.WriteString("# Least days between two surveys of a customer, whatever the vendor.\n")
		fmt.Fprintf(&b, "survey_cooldown_days = %d\n", r.SurveyCooldown)
		fmt.Fprintf(&b, "\n# Sales call windows per day, in the customer's time, HH:MM-HH:MM in order;\n# a day left out is closed.\n[jurisdictions.%s.sales_call_hours]\n", j)
		for _, d := range contactpolicy.WeekOrder {
			ws, ok := r.SalesCallHours[d]
			if !ok {
				continue
			}
			list := make([]string, len(ws))
			for i, w := range ws {
				list[i] = tomlString(w.From.String() + "-" + w.To.String())
			}
			fmt.Fprintf(&b, "%s = [%s]\n", d, strings.Join(list, ", "))
		}
	}
	return b.Bytes()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
