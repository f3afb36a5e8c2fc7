package factbase

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// fill sets every field of v, recursively, to a random non-zero value (the
// customer's own id in fields named CustomerID), so that a field the codec
// forgets comes back zero and fails the round trip.
func fill(v reflect.Value, r *rand.Rand, self string) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), r, self)
	case reflect.Struct:
		switch v.Interface().(type) {
		case time.Time:
			v.Set(reflect.ValueOf(time.UnixMicro(r.Int64N(4e15)).UTC()))
			return
		case tact.Date:
			v.Set(reflect.ValueOf(tact.Date{Year: 1990 + r.IntN(50), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}))
			return
		}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if f.Name == "CustomerID" && self != "" {
				v.Field(i).SetString(self)
				continue
			}
			fill(v.Field(i), r, self)
		}
	case reflect.Slice:
		n := 1 + r.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(s.Index(i), r, self)
		}
		v.Set(s)
	case reflect.String:
		switch r.IntN(4) {
		case 3:
			v.SetString(fmt.Sprintf("  deux  espaces, un chiffre 1%d et rien au bout ", r.IntN(9)))
		case 0:
			v.SetString(fmt.Sprintf("cus_01M8WK6T00VXQNQ7Q3BBTJX%03X", r.IntN(4096)))
		case 1:
			v.SetString(fmt.Sprint("mot-", r.IntN(10)))
		default:
			v.SetString(fmt.Sprintf("Un texte libre, long et accentué (é %d) qui ne tient pas dans le dictionnaire : %d", r.Int(), r.Int()))
		}
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1 + r.Int64N(1000))
	default:
		panic("fill: no rule for " + v.Type().String())
	}
}

// TestRoundTrip encodes and decodes profiles with every field set, some
// lists empty rather than nil, and with and without their context.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	d := newDict()
	for k := range 200 {
		var p contactpolicy.Profile
		id := fmt.Sprintf("cus_01M8WK6T00VXQNQ7Q3BBTJX%03d", k)
		fill(reflect.ValueOf(&p).Elem(), r, id)
		p.Customer.ID = id
		if k%3 == 0 {
			p.Customer.Phones = []customer.Phone{}
			p.Customer.Preferences.QuietHours = nil
			p.Outbound = []contactpolicy.Attempt{}
			p.Customer.OppositionCheckedAt = nil
			p.Context = nil
		}
		rec := encodeProfile(nil, d, &p)
		got, err := decodeProfile(rec, *d.words.Load(), true)
		if err != nil {
			t.Fatalf("profile %d: %v", k, err)
		}
		if !reflect.DeepEqual(&p, got) {
			t.Fatalf("profile %d does not come back:\nwant %+v\ngot  %+v", k, p, *got)
		}
		short, err := decodeProfile(rec, *d.words.Load(), false)
		if err != nil || short.Context != nil {
			t.Fatalf("profile %d without its context: %v, %+v", k, err, short.Context)
		}
		short.Context = p.Context
		if !reflect.DeepEqual(&p, short) {
			t.Fatalf("profile %d without its context differs beyond it", k)
		}
		for cut := 0; k < 10 && cut < len(rec); cut++ {
			if _, err := decodeProfile(rec[:cut], *d.words.Load(), true); err == nil {
				t.Fatalf("profile %d cut at %d of %d bytes decodes", k, cut, len(rec))
			}
		}
	}
}

// TestULID checks that ids pack to 16 bytes and come back, and that other
// strings are not taken for ids.
func TestULID(t *testing.T) {
	for _, s := range []string{"cus_01M8WK6T00VXQNQ7Q3BBTJXHK2", "lin_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "x_00000000000000000000000000"} {
		prefix, raw, ok := packULID(s)
		if !ok {
			t.Fatalf("%s does not pack", s)
		}
		if back := unpackULID(prefix, raw[:]); back != s {
			t.Errorf("%s comes back as %s", s, back)
		}
	}
	for _, s := range []string{"cus_81M8WK6T00VXQNQ7Q3BBTJXHK2", "cus_01m8wk6t00vxqnq7q3bbtjxhk2", "cus_01M8WK6T00VXQNQ7Q3BBTJXHKU", "01M8WK6T00VXQNQ7Q3BBTJXHK2", "short"} {
		if _, _, ok := packULID(s); ok {
			t.Errorf("%s packs", s)
		}
	}
}
