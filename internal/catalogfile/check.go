package catalogfile

import (
	"errors"
	"fmt"
	"slices"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Count is how many entries of a kind a load creates, updates (the stored
// entry differs from the file's) or leaves unchanged (stored as written).
type Count struct {
	Created, Updated, Unchanged int
}

// Report is what loading a file does, or would do, kind by kind.
type Report struct {
	Plans, Devices, Options, Offers Count
}

// Writes reports whether the load writes anything.
func (r Report) Writes() bool {
	for _, c := range []Count{r.Plans, r.Devices, r.Options, r.Offers} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return false
}

// Check checks the file as a whole against the stored catalogue and compares
// it with it. The keys and values Parse could not read are problems; every
// entry read is normalized and validated as the API does when it is put (an
// offer's eligibility expression compiled, an error naming the line and
// column in the expression); a code is written once per kind; the plan,
// device and option each offer names are in the file or stored, and of the
// offer's jurisdiction (offer.Offer.CheckItems; an entry of the file stands
// for the stored one of its code).
//
// It returns the entries to write, new or different from the stored ones,
// plans, devices and options before the offers that name them; and how many
// of each kind are created, updated and unchanged. Stored entries the file
// does not name stay as they are: a load adds and replaces, it does not
// delete (lines keep their plans; withdraw an entry with active = false).
// When any entry is wrong it returns an *Error listing every problem, and
// nothing to write.
func (f *File) Check(stored Catalogue) (Catalogue, Report, error) {
	var (
		out      Catalogue
		r        Report
		problems = slices.Clone(f.unread)
	)
	out.Plans, r.Plans, problems = check(f, keyPlans, f.Plans, stored.Plans, problems,
		func(p *catalog.Plan) string { return p.Code },
		func(p *catalog.Plan) error { p.Normalize(); return p.Validate() })
	out.Devices, r.Devices, problems = check(f, keyDevices, f.Devices, stored.Devices, problems,
		func(d *catalog.Device) string { return d.Code }, (*catalog.Device).Validate)
	out.Options, r.Options, problems = check(f, keyOptions, f.Options, stored.Options, problems,
		func(o *catalog.Option) string { return o.Code }, (*catalog.Option).Validate)

	// An offer's items: the stored catalogue, under the file's entries.
	items := offer.CatalogOf(stored.Plans, stored.Devices, stored.Options)
	for i := range f.Plans {
		items.Plans[f.Plans[i].Value.Code] = &f.Plans[i].Value
	}
	for i := range f.Devices {
		items.Devices[f.Devices[i].Value.Code] = &f.Devices[i].Value
	}
	for i := range f.Options {
		items.Options[f.Options[i].Value.Code] = &f.Options[i].Value
	}
	out.Offers, r.Offers, problems = check(f, keyOffers, f.Offers, stored.Offers, problems,
		func(o *offer.Offer) string { return o.Code },
		func(o *offer.Offer) error {
			o.Normalize()
			return errors.Join(o.Validate(), o.CheckItems(items))
		})

	if err := newError(problems); err != nil {
		return Catalogue{}, Report{}, err
	}
	return out, r, nil
}

// check validates the entries of one kind (normalizing them in place) and
// compares each with the stored entry of its code. It returns those to
// write, the count, and problems with its own appended.
func check[T comparable](f *File, key string, entries []Entry[T], stored []*T, problems []Problem,
	code func(*T) string, validate func(*T) error) ([]*T, Count, []Problem) {
	byCode := make(map[string]*T, len(stored))
	for _, s := range stored {
		byCode[code(s)] = s
	}
	var (
		out   []*T
		count Count
		first = map[string]int{} // code → index of the entry that wrote it first
	)
	for i := range entries {
		e := &entries[i]
		path := fmt.Sprintf("%s[%d]", key, i)
		var errs []error
		// An entry Parse could not read whole has its problems already:
		// judging what was read of it would only repeat them.
		if err := validate(&e.Value); err != nil && !e.unread {
			errs = unjoin(err)
		}
		c := code(&e.Value)
		if j, ok := first[c]; ok && c != "" {
			errs = append(errs, tact.FieldError(tact.CodeInvalid, "code", "%s is written twice: first at line %d", c, entries[j].Line))
		} else {
			first[c] = i
		}
		for _, err := range errs {
			// At the key at fault when the file wrote it, else at the
			// entry's table.
			line := e.Line
			if l := f.line(path + "." + tact.ErrorField(err)); l > 0 {
				line = l
			}
			problems = append(problems, Problem{Line: line, Entry: label(key, i, c), Err: err})
		}
		if len(errs) > 0 || e.unread {
			continue
		}
		switch old := byCode[c]; {
		case old == nil:
			count.Created++
		case *old == e.Value:
			count.Unchanged++
			continue
		default:
			count.Updated++
		}
		v := e.Value
		out = append(out, &v)
	}
	return out, count, problems
}

// unjoin returns the errors joined in err, however deep.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unjoin(e)...)
		}
		return out
	}
	return []error{err}
}
