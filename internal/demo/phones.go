package demo

import (
	"fmt"
	"strconv"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// numberBlock hands out distinct phone numbers of one numbering-plan block:
// a country code, the national prefixes the plan allows (each checked with the
// phone library before use), then free digits. It walks the block upwards by
// random steps, as an operator assigns numbers from its ranges: numbers never
// repeat, so the unique index on live line numbers never sees a collision, and
// each lands at the right edge of the indexes on numbers, which keeps a
// million-customer load from rewriting pages all over them.
type numberBlock struct {
	country  string   // "33" or "1"
	prefixes []string // national prefixes after the country code, e.g. "612" or "514555"
	digits   int      // free digits after a prefix
	span     uint64   // 10^digits
	size     uint64   // len(prefixes) * span
	step     uint64   // the mean step between two numbers handed out
	next     uint64
	r        rng
}

// newNumberBlock returns a block sized for about demand numbers: its steps
// spread them over the whole block with room to spare.
func newNumberBlock(r rng, country string, prefixes []string, digits int, demand int) *numberBlock {
	b := &numberBlock{country: country, prefixes: prefixes, digits: digits, span: 1, r: r}
	for range digits {
		b.span *= 10
	}
	b.size = uint64(len(prefixes)) * b.span
	b.step = max(1, b.size/uint64(2*max(demand, 1)))
	b.next = r.Uint64N(b.step)
	return b
}

// take returns the block's next number in E.164.
func (b *numberBlock) take() (string, error) {
	if b.next >= b.size {
		return "", fmt.Errorf("demo: the +%s numbering block is exhausted", b.country)
	}
	n := b.format(b.next)
	b.next += 1 + b.r.Uint64N(2*b.step-1)
	return n, nil
}

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
// number the demo makes is one the domain accepts, and sizes the blocks for a
// demo of customers customers.
func newNumbering(seed int64, customers int) (*numbering, error) {
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
	// Up to three lines per customer, and a home phone for some.
	n.frMobile = newNumberBlock(r, "33", mob, 6, 2*customers)
	n.frFixed = newNumberBlock(r, "33", fixed, 6, customers/2)
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
		n.qc[area] = newNumberBlock(r, "1", ok, 4, customers)
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
	return n.frFixed.take()
}
