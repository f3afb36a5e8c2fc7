// Package demo builds a repeatable demo operator: a catalogue of plans and
// handsets for France and Québec, a few thousand (or a million) customers with
// their lines, handsets, twelve months of usage and a year of contacts, and one
// customer for each of the five stories of DESIGN.md §1, so that every screen
// and every rule has something true to show. Its advisors and supervisors own
// the stories' cases and promises (a broken promise for the first sweep to
// find, a case handed off in writing, an incident that may not be closed for
// lack of answer) and those of a small share of the crowd: customers who call
// about their case once or again, call backs kept on the day or after it,
// satisfaction surveys whose detractors are called back within 48 hours or
// later, disputed bills, and French customers called a fifth time in 30 days
// by the dialer and the subcontracted call centre together, so that each of
// the supervisors' quality figures has good and bad weeks to show.
//
// Everything goes through the services and the domain constructors, never
// through SQL, so the demo exercises the validation the real paths use: the
// story customers one call at a time (Create, AddLine, Record…), the crowd in
// bulk (Import), which validates every record the same way.
//
// The same seed and reference instant build the same operator, down to the
// identifiers: all chance comes from a seeded generator and the services run on
// a stopped clock.
package demo
