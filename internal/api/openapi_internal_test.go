package api

// White-box: the tables of openapi.go are unexported, and what they claim
// about the domain (these are the values, these members are the server's)
// can only be checked against them directly.

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// enumCheckers judge a value of the typed strings that have no Valid method,
// through the rule that reads them, where one does.
var enumCheckers = map[reflect.Type]func(string) bool{
	reflect.TypeFor[customer.ConsentSource](): func(v string) bool {
		k := customer.Consent{Channel: tact.ChannelSMS, Purpose: tact.PurposeSales, Source: customer.ConsentSource(v), At: time.Now()}
		return k.Validate() == nil
	},
	reflect.TypeFor[customer.PhoneType](): func(v string) bool {
		c := customer.New(tact.FR)
		c.FamilyName = "Roux"
		c.Phones = []customer.Phone{{Number: "+33612345678", Type: customer.PhoneType(v)}}
		return c.Validate() == nil
	},
	reflect.TypeFor[interaction.Direction](): func(v string) bool {
		i := interaction.Interaction{CustomerID: "cus_1", Channel: tact.ChannelChat, Direction: interaction.Direction(v),
			Purpose: tact.PurposeService, Source: "web", StartedAt: time.Now(), Outcome: interaction.Completed}
		return i.Validate(time.Now()) == nil
	},
	reflect.TypeFor[interaction.Outcome](): func(v string) bool {
		// Each outcome on a channel it belongs to: phone ones on an outbound
		// call, delivered on an outbound SMS.
		i := interaction.Interaction{CustomerID: "cus_1", Channel: tact.ChannelPhone, Direction: interaction.Outbound,
			Purpose: tact.PurposeService, Source: "dialer", CallerID: "+33140000000", StartedAt: time.Now(), Outcome: interaction.Outcome(v)}
		if i.Outcome == interaction.Delivered {
			i.Channel = tact.ChannelSMS
		}
		return i.Validate(time.Now()) == nil
	},
	reflect.TypeFor[tact.Code](): func(v string) bool { return slices.Contains(Codes(), tact.Code(v)) },
	reflect.TypeFor[cases.CloseReason](): func(v string) bool {
		// A resolved case, written to by email long enough ago: every
		// reason may close it.
		now := time.Now()
		k := &cases.Case{ID: "cas_1", Status: cases.Resolved}
		facts := cases.NoAnswerFacts{Notices: []cases.Notice{{Channel: tact.ChannelEmail, SentAt: now.Add(-8 * 24 * time.Hour)}},
			Usable: []tact.Channel{tact.ChannelEmail}}
		_, err := k.Close(cases.Person{Supervisor: true}, cases.CloseReason(v), "", facts, now)
		return err == nil
	},
	reflect.TypeFor[commitment.EvidenceKind](): func(v string) bool {
		c := &commitment.Commitment{ID: "com_1", Status: commitment.Pending}
		_, err := c.Keep(commitment.Evidence{Kind: commitment.EvidenceKind(v), ID: "x_1"}, time.Now())
		return err == nil
	},
	reflect.TypeFor[delivery.Kind](): func(v string) bool {
		d := delivery.Delivery{CustomerID: "cus_1", Kind: delivery.Kind(v), Method: delivery.Email, To: "a@example.fr", Body: "x", Key: "k"}
		return d.Validate() == nil
	},
}

// outputOnly are typed strings the server writes and never reads: their
// values are the package's constants, with no rule to check them against.
var outputOnly = []reflect.Type{
	reflect.TypeFor[tact.ActorKind](),
	reflect.TypeFor[customer.EventKind](),
	reflect.TypeFor[timeline.Kind](),
	reflect.TypeFor[cases.EventKind](),
	reflect.TypeFor[commitment.EventKind](),
	reflect.TypeFor[contactpolicy.Verdict](),
	// What was done with a survey answer is the server's to say; a value
	// sent is dropped.
	reflect.TypeFor[survey.FollowUpStatus](),
}

func TestEnumValuesAreAccepted(t *testing.T) {
	t.Parallel()
	for typ, values := range enumValues() {
		t.Run(typ.String(), func(t *testing.T) {
			if len(values) == 0 {
				t.Fatal("no values")
			}
			if len(slices.Compact(slices.Sorted(slices.Values(values)))) != len(values) {
				t.Errorf("values repeat: %v", values)
			}
			valid := reflect.Zero(typ).MethodByName("Valid")
			for _, v := range values {
				val := reflect.New(typ).Elem()
				switch {
				case valid.IsValid():
					val.SetString(v)
					if !val.MethodByName("Valid").Call(nil)[0].Bool() {
						t.Errorf("%q: %v.Valid() says no", v, typ)
					}
				case reflect.PointerTo(typ).Implements(reflect.TypeFor[json.Unmarshaler]()):
					b, _ := json.Marshal(v)
					if err := val.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(b); err != nil {
						t.Errorf("%q: %v", v, err)
					}
				case enumCheckers[typ] != nil:
					if !enumCheckers[typ](v) {
						t.Errorf("%q: the rule refuses it", v)
					}
				case slices.Contains(outputOnly, typ):
				default:
					t.Fatalf("nothing checks the values of %v: give it a checker or call it output-only", typ)
				}
			}
		})
	}
}

// TestEnumCheckersCanFail keeps the checkers above honest: each refuses a
// value that is not one.
func TestEnumCheckersCanFail(t *testing.T) {
	t.Parallel()
	for typ, check := range enumCheckers {
		if check("no-such-value") {
			t.Errorf("%v: the checker accepts anything", typ)
		}
	}
}

// TestEveryTypedStringHasItsValues walks the schemas of the route table: a
// typed string with a Valid method written without an enum is a list of
// values the document forgot.
func TestEveryTypedStringHasItsValues(t *testing.T) {
	t.Parallel()
	g, _ := generate((&API{}).routeTable())
	for typ := range g.plain {
		if _, ok := typ.MethodByName("Valid"); ok {
			t.Errorf("%v has a Valid method but no enum in enumValues", typ)
		}
	}
	for typ := range enumValues() {
		if !g.seen[variant{typ, false}] {
			t.Errorf("enumValues lists %v, which no route reads or writes", typ)
		}
	}
}

func TestReadOnlyMembersExist(t *testing.T) {
	t.Parallel()
	for typ, members := range readOnlyMembers() {
		for _, m := range members {
			if !hasJSONMember(typ, m) {
				t.Errorf("%v has no member %q", typ, m)
			}
		}
	}
}

func TestComponentNamesAreUsed(t *testing.T) {
	t.Parallel()
	g, _ := generate((&API{}).routeTable())
	for typ, name := range componentNames() {
		if _, ok := g.components[name]; !ok {
			if _, ok := g.components[name+"Input"]; !ok {
				t.Errorf("%v is named %s, but no route reads or writes it", typ, name)
			}
		}
	}
}

// TestScalarSchemasAgreeWithParsers checks each hand-written scalar schema
// against the type's own decoder, on values either side of the line.
func TestScalarSchemasAgreeWithParsers(t *testing.T) {
	t.Parallel()
	scalars := scalarSchemas()
	pattern := func(typ reflect.Type) *regexp.Regexp {
		return regexp.MustCompile(scalars[typ]["pattern"].(string))
	}
	for _, c := range []struct {
		typ    reflect.Type
		values []string
	}{
		{reflect.TypeFor[tact.Month](), []string{"2026-10", "2026-01", "2026-12", "2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", ""}},
		{reflect.TypeFor[tact.TimeOfDay](), []string{"00:00", "09:30", "23:59", "24:00", "24:01", "25:00", "7:00", "12:60", "1200", ""}},
	} {
		for _, v := range c.values {
			var err error
			switch c.typ {
			case reflect.TypeFor[tact.Month]():
				_, err = tact.ParseMonth(v)
			default:
				_, err = tact.ParseTimeOfDay(v)
			}
			if schema := pattern(c.typ).MatchString(v); schema != (err == nil) {
				t.Errorf("%v %q: schema says %v, parser says %v", c.typ, v, schema, err)
			}
		}
	}
	// (null is left out: encoding/json lets null leave any member as is.)
	for _, c := range []struct {
		json   string
		schema bool // what the oneOf of the Allowance schema admits
	}{{`0`, true}, {`5000`, true}, {`"unlimited"`, true}, {`-1`, false}, {`"Unlimited"`, false}, {`1.5`, false}, {`"5000"`, false}} {
		var a catalog.Allowance
		if err := json.Unmarshal([]byte(c.json), &a); (err == nil) != c.schema {
			t.Errorf("Allowance %s: decoder says %v, the schema admits it: %v", c.json, err, c.schema)
		}
	}
	weekdays := enumValues()[reflect.TypeFor[tact.Weekday]()]
	for i := range 7 {
		b, _ := json.Marshal(tact.Weekday(i))
		s, _ := strconv.Unquote(string(b))
		if !slices.Contains(weekdays, s) {
			t.Errorf("Weekday %d writes %s, not in the enum", i, b)
		}
	}
}
