package tact

import (
	"crypto/rand"
	"encoding/binary"
	"io"
	"strings"
	"sync"
)

// Identifier prefixes say what an id names, so an id read in a log or a support
// ticket explains itself ("cus_…" is a customer).
const (
	PrefixCustomer     = "cus"
	PrefixLine         = "lin"
	PrefixDevice       = "dev"
	PrefixInteraction  = "int"
	PrefixEvent        = "evt"
	PrefixToken        = "tok"
	PrefixUser         = "usr"
	PrefixCase         = "cas"
	PrefixCaseEvent    = "cev"
	PrefixCommitment   = "com"
	PrefixPromiseEvent = "pev"
	PrefixDelivery     = "dlv"
	PrefixDecision     = "dec"
	PrefixSurvey       = "srq"
	PrefixBillRun      = "brn"
	PrefixBill         = "bil"
	PrefixBillEvent    = "bev"
	PrefixCreditNote   = "crn"
	PrefixDispute      = "dsp"
	PrefixDunning      = "dun"
	PrefixCancellation = "cnl"
	PrefixSession      = "ses"
	PrefixRecordRead   = "rrd"
	// PrefixSpaceSession and PrefixSignInCode name a customer's session in
	// his own space and the one-time code he signs in with.
	PrefixSpaceSession = "css"
	PrefixSignInCode   = "otc"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U, so ids survive
// being read aloud on the phone.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// IDGen makes identifiers: a prefix, then 26 characters that sort by creation
// time (48 bits of milliseconds, then 80 random bits). Time-ordered ids keep the
// B-tree inserts of a busy table at its right edge.
type IDGen struct {
	clock Clock
	mu    sync.Mutex
	rand  io.Reader
	last  [16]byte
}

// NewIDGen returns a generator that takes time from clock and randomness from
// r; r nil means crypto/rand. A seeded r makes a repeatable sequence (the demo).
func NewIDGen(clock Clock, r io.Reader) *IDGen {
	if r == nil {
		r = rand.Reader
	}
	return &IDGen{clock: clock, rand: r}
}

// New returns a fresh identifier with the given prefix. Within one millisecond
// ids are monotonic (the random part of the previous id plus one), so ids made
// in a burst still sort in the order they were made.
func (g *IDGen) New(prefix string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(g.clock.Now().UnixMilli())<<16)
	g.mu.Lock()
	defer g.mu.Unlock()
	if [6]byte(b[:6]) == [6]byte(g.last[:6]) {
		b = g.last
		for i := 15; i >= 6; i-- {
			b[i]++
			if b[i] != 0 {
				break
			}
		}
	} else if _, err := io.ReadFull(g.rand, b[6:]); err != nil {
		panic("tact: id randomness failed: " + err.Error())
	}
	g.last = b
	return prefix + "_" + encode128(b)
}

// encode128 writes 128 bits as 26 Crockford base32 characters, most significant first.
func encode128(b [16]byte) string {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// HasPrefix reports whether id is well formed for the given prefix. Stores use
// it to answer not_found without a query for an id that cannot exist.
func HasPrefix(id, prefix string) bool {
	rest, ok := strings.CutPrefix(id, prefix+"_")
	if !ok || len(rest) != 26 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(crockford, rest[i]) < 0 {
			return false
		}
	}
	return true
}
