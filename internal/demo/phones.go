package demo

import (
	"fmt"
	"strconv"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// numberBlock hands out distinct phone numbers of one numbering-plan block:
// a country code, the national prefixes the plan allows (each checked with the
// phone library before use), then free digits. It walks the block in an order
// fixed by the seed (an affine permutation), so numbers look scattered, never
// repeat, and come out the same for the same seed: the unique index on live
// line numbers never sees a collision.
type numberBlock struct {
	country  string   // "33" or "1"
	prefixes []string // national prefixes after the country code, e.g. "612" or "514555"
	digits   int      // free digits after a prefix
	span     uint64   // 10^digits
	size     uint64   // len(prefixes) * span
	mul, add uint64
	next     uint64
}

func newNumberBlock(r rng, country string, prefixes []string, digits int) *numberBlock {
	b := &numberBlock{country: country, prefixes: prefixes, digits: digits, span: 1}
	for range digits {
		b.span *= 10
	}
	b.size = uint64(len(prefixes)) * b.span
	// A multiplier prime to the size makes i -> i*mul+add a permutation.
	b.mul = 2654435761 % b.size
	for gcd(b.mul, b.size) != 1 {
		b.mul++
	}
	b.add = r.Uint64() % b.size
	return b
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// take returns the block's next number in E.164.
func (b *numberBlock) take() (string, error) {
	if b.next >= b.size {
		return "", fmt.Errorf("demo: the +%s numbering block is exhausted", b.country)
	}
	i := (b.next*b.mul + b.add) % b.size
	b.next++
	return b.format(i), nil
}

// any returns a number of the block at random, not reserved: a landline or a
// home number that may be shared.
func (b *numberBlock) any(r rng) string { return b.format(r.Uint64() % b.size) }

func (b *numberBlock) format(i uint64) string {
	p, n := b.prefixes[i/b.span], i%b.span
	buf := make([]byte, 0, 16)
	buf = append(buf, '+')
	buf = append(buf, b.country...)
	buf = append(buf, p...)
	s := strconv.FormatUint(n, 10)
	for range b.digits - len(s) {
		buf = append(buf, '0')
	}
	return string(append(buf, s...))
}

// validPrefixes keeps the candidates whose numbers the phone library accepts
// (whatever the free digits) with the wanted type ("" accepts any).
func validPrefixes(country, region string, candidates []string, digits int, want customer.PhoneType) []string {
	var ok []string
	pad := func(d byte) string {
		s := make([]byte, digits)
		for i := range s {
			s[i] = d
		}
		return string(s)
	}
	for _, p := range candidates {
		good := true
		for _, d := range []byte{'0', '9'} {
			_, t, err := customer.NormalizePhone("+"+country+p+pad(d), region)
			if err != nil || want != "" && t != want {
				good = false
				break
			}
		}
		if good {
			ok = append(ok, p)
		}
	}
	return ok
}

// numbering is every block the demo draws numbers from.
type numbering struct {
	frMobile *numberBlock            // 06 and 07: lines and mobile contacts
	frFixed  *numberBlock            // 01–05 and 09: home phones
	qc       map[string]*numberBlock // per area code
}

// qcAreaCodes are the Québec area codes the demo uses; 514/438 Montréal,
// 450 its suburbs, 418/581 the east, 819 the west and centre.
var qcAreaCodes = []string{"514", "438", "450", "418", "581", "819"}

// newNumbering checks every prefix against the phone library's metadata, so a
// number the demo makes is one the domain accepts.
func newNumbering(seed int64) (*numbering, error) {
	r := newRNG(seed, streamNumbers)
	var mob, fixed []string
	for a := 600; a < 800; a++ {
		mob = append(mob, strconv.Itoa(a))
	}
	for a := 100; a < 600; a++ {
		fixed = append(fixed, strconv.Itoa(a))
	}
	for a := 900; a < 1000; a++ {
		fixed = append(fixed, strconv.Itoa(a))
	}
	n := &numbering{qc: map[string]*numberBlock{}}
	mob = validPrefixes("33", "FR", mob, 6, customer.PhoneMobile)
	fixed = validPrefixes("33", "FR", fixed, 6, customer.PhoneFixed)
	if len(mob) == 0 || len(fixed) == 0 {
		return nil, fmt.Errorf("demo: the phone library accepts no French mobile or fixed prefix")
	}
	n.frMobile = newNumberBlock(r, "33", mob, 6)
	n.frFixed = newNumberBlock(r, "33", fixed, 6)
	for _, area := range qcAreaCodes {
		var cands []string
		for x := 200; x < 1000; x++ {
			// N11 codes are services (411, 911) and 555 is kept for fiction and
			// directory assistance: no subscriber has those exchanges.
			if x%100 == 11 || x == 555 || x == 950 || x == 958 || x == 959 || x == 976 {
				continue
			}
			cands = append(cands, area+strconv.Itoa(x))
		}
		ok := validPrefixes("1", "CA", cands, 4, "")
		if len(ok) == 0 {
			return nil, fmt.Errorf("demo: the phone library accepts no exchange of area code %s", area)
		}
		n.qc[area] = newNumberBlock(r, "1", ok, 4)
	}
	return n, nil
}

// lineNumber returns a fresh mobile number for a line in j, in one of areas
// (Québec) or 06/07 (France).
func (n *numbering) lineNumber(r rng, j tact.Jurisdiction, areas []string) (string, error) {
	if j == tact.CAQC {
		return n.qc[pick(r, areas)].take()
	}
	return n.frMobile.take()
}

// homeNumber returns a home phone: a French landline (01–05, 09), or in
// Québec a fresh number of the customer's area, which the numbering plan does
// not tell from a mobile. Québec's come from the same walk as lines, so a
// home phone is never someone's line.
func (n *numbering) homeNumber(r rng, j tact.Jurisdiction, areas []string) (string, error) {
	if j == tact.CAQC {
		return n.qc[pick(r, areas)].take()
	}
	return n.frFixed.any(r), nil
}
