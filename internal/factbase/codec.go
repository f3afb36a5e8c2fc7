package factbase

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// The codec writes a contactpolicy.Profile as a compact binary record: every
// field in a fixed order, integers and times as varints, the words of small
// vocabularies (channels, statuses, sources, plan codes, time zones…) as
// numbers into a dictionary shared by the whole base, ids of the form
// "xyz_<ULID>" as their 16 bytes, and a customer's own id, repeated in each
// of his lines, devices, contacts, promises and cases, as one byte. Decoding
// a demo customer's profile costs a few microseconds, where its JSON costs
// 25–35 µs, and the record is a fifth of the JSON's size.
//
// The order of the fields is this file's alone: a record never leaves the
// process, so changing it needs no versioning. A field added to a domain type
// and forgotten here is caught by the round-trip test, which fills every
// field by reflection.

// dict numbers the words of small vocabularies, for the whole base: a word
// is written once, and every record that holds it holds its number. It only
// grows, up to maxWords; past that, words are written in full.
type dict struct {
	mu    sync.Mutex
	codes map[string]uint32
	// words is the list by number, replaced (never changed in place) as it
	// grows, so that decoding reads it without a lock.
	words atomic.Pointer[[]string]
}

// maxWords bounds the dictionary: a vocabulary that turns out large (free
// text put in a field meant for codes) costs its records their compactness,
// not the process its memory.
const maxWords = 1 << 18

// maxWordLen bounds the length of a word the dictionary takes.
const maxWordLen = 48

func newDict() *dict {
	d := &dict{codes: map[string]uint32{}}
	d.words.Store(&[]string{})
	return d
}

// code returns the number of s, adding it when there is room; ok is false
// when s is written in full.
func (d *dict) code(s string) (uint32, bool) {
	if len(s) > maxWordLen {
		return 0, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if c, ok := d.codes[s]; ok {
		return c, true
	}
	old := *d.words.Load()
	if len(old) >= maxWords {
		return 0, false
	}
	c := uint32(len(old))
	// A copy: s may be a slice of a larger string (a summary, a decoded
	// document) that the dictionary must not keep alive.
	s = strings.Clone(s)
	// Appending may share the backing array with the list a decoder holds;
	// it only ever writes past that list's length, which the decoder never
	// reads.
	next := append(old, s)
	d.codes[s] = c
	d.words.Store(&next)
	return c, true
}

// size returns the bytes the dictionary's words hold.
func (d *dict) size() int {
	n := 0
	for _, w := range *d.words.Load() {
		n += len(w) + 16
	}
	return n
}

// encoder appends a profile's fields to buf.
type encoder struct {
	buf  []byte
	dict *dict
	self string // the customer's id, written as one byte where it repeats
	last int64  // the second of the previous time written
}

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

// String forms, the first varint of a string.
const (
	strEmpty = iota
	strInline
	strWord
	strULID
	strSelf
	strText
)

// word writes a string of a small vocabulary: its number in the dictionary.
func (e *encoder) word(s string) {
	if s == "" {
		e.uint(strEmpty)
		return
	}
	if c, ok := e.dict.code(s); ok {
		e.uint(strWord)
		e.uint(uint64(c))
		return
	}
	e.inline(s)
}

// str writes a string of any kind: the customer's own id as one byte, an id
// as its prefix's number and 16 bytes, anything else in full.
func (e *encoder) str(s string) {
	switch {
	case s == "":
		e.uint(strEmpty)
	case s == e.self && s != "":
		e.uint(strSelf)
	default:
		if prefix, raw, ok := packULID(s); ok {
			if c, ok := e.dict.code(prefix); ok {
				e.uint(strULID)
				e.uint(uint64(c))
				e.buf = append(e.buf, raw[:]...)
				return
			}
		}
		e.inline(s)
	}
}

// text writes free text (a contact's summary, a promise's words, a name):
// its words, split at spaces, each numbered in the dictionary unless it
// holds a digit (amounts, dates and references seldom repeat and would only
// fill it).
func (e *encoder) text(s string) {
	if s == "" {
		e.uint(strEmpty)
		return
	}
	e.uint(strText)
	e.uint(uint64(strings.Count(s, " ") + 1))
	for {
		w, rest, more := strings.Cut(s, " ")
		if c, ok := e.wordCode(w); ok {
			e.uint(uint64(c) + 1)
		} else {
			e.uint(0)
			e.uint(uint64(len(w)))
			e.buf = append(e.buf, w...)
		}
		if !more {
			break
		}
		s = rest
	}
}

// wordCode numbers a word of free text, if the dictionary takes it.
func (e *encoder) wordCode(w string) (uint32, bool) {
	if w == "" || strings.ContainsAny(w, "0123456789") {
		return 0, false
	}
	return e.dict.code(w)
}

func (e *encoder) inline(s string) {
	e.uint(strInline)
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// Time forms, the first varint of a time.
const (
	timeZero = iota
	timeSeconds
	timeMicros
)

// time writes t to the microsecond, the resolution every store keeps: its
// second as the difference from the previous time of the record (the times
// of one customer are close: his contact started, ended and was recorded
// within seconds), then, when not zero, its microseconds. The zero time is
// apart, since it is not a count of seconds.
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.uint(timeZero)
		return
	}
	sec, us := t.Unix(), t.Nanosecond()/1000
	if us == 0 {
		e.uint(timeSeconds)
	} else {
		e.uint(timeMicros)
	}
	e.int(sec - e.last)
	e.last = sec
	if us != 0 {
		e.uint(uint64(us))
	}
}

// timeNil is the form of a nil *time.Time, beside the forms of time.
const timeNil = timeMicros + 1

func (e *encoder) timePtr(t *time.Time) {
	if t == nil {
		e.uint(timeNil)
		return
	}
	e.time(*t)
}

func (e *encoder) date(d tact.Date) {
	if d.IsZero() {
		e.uint(0)
		return
	}
	e.uint(1)
	e.int(int64(d.Year))
	e.uint(uint64(d.Month))
	e.uint(uint64(d.Day))
}

// decoder reads what an encoder wrote. A record that does not decode is a
// bug of this file: err says so and the base reads the customer from its
// source instead.
type decoder struct {
	buf   []byte
	words []string
	self  string
	last  int64
	err   error
}

var errCorrupt = errors.New("factbase: a record does not decode")

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.buf = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) int() int64 {
	v, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) bool() bool {
	if len(d.buf) == 0 {
		d.fail()
		return false
	}
	b := d.buf[0] == 1
	d.buf = d.buf[1:]
	return b
}

// count reads a list's length, bounded by what the record has left so that
// a corrupt record cannot make a decoder allocate without end.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.buf)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	switch d.uint() {
	case strEmpty:
		return ""
	case strInline:
		n := d.count()
		s := string(d.buf[:n])
		d.buf = d.buf[n:]
		return s
	case strWord:
		c := d.uint()
		if c >= uint64(len(d.words)) {
			d.fail()
			return ""
		}
		return d.words[c]
	case strULID:
		c := d.uint()
		if c >= uint64(len(d.words)) || len(d.buf) < 16 {
			d.fail()
			return ""
		}
		s := unpackULID(d.words[c], d.buf[:16])
		d.buf = d.buf[16:]
		return s
	case strSelf:
		return d.self
	case strText:
		return d.text()
	}
	d.fail()
	return ""
}

// text reads the words text wrote and joins them with spaces.
func (d *decoder) text() string {
	n := d.count()
	if n == 0 {
		d.fail()
		return ""
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		c := d.uint()
		if c == 0 {
			m := d.count()
			b.Write(d.buf[:m])
			d.buf = d.buf[m:]
			continue
		}
		if c-1 >= uint64(len(d.words)) {
			d.fail()
			return ""
		}
		b.WriteString(d.words[c-1])
	}
	return b.String()
}

func (d *decoder) time() time.Time {
	form := d.uint()
	if form == timeZero {
		return time.Time{}
	}
	if form > timeMicros {
		d.fail()
		return time.Time{}
	}
	d.last += d.int()
	var us uint64
	if form == timeMicros {
		if us = d.uint(); us >= 1e6 {
			d.fail()
		}
	}
	return time.Unix(d.last, int64(us)*1000).UTC()
}

func (d *decoder) timePtr() *time.Time {
	if len(d.buf) > 0 && d.buf[0] == timeNil {
		d.buf = d.buf[1:]
		return nil
	}
	t := d.time()
	return &t
}

func (d *decoder) date() tact.Date {
	if d.uint() == 0 {
		return tact.Date{}
	}
	y := d.int()
	m := d.uint()
	day := d.uint()
	if m > 12 || day > 31 || y > math.MaxInt32 || y < math.MinInt32 {
		d.fail()
		return tact.Date{}
	}
	return tact.Date{Year: int(y), Month: time.Month(m), Day: int(day)}
}

// ULIDs: the ids tact makes are a three-letter prefix, '_', and 26 Crockford
// base-32 digits holding 128 bits.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

var crockfordValue = func() (v [256]byte) {
	for i := range v {
		v[i] = 0xFF
	}
	for i := 0; i < len(crockford); i++ {
		v[crockford[i]] = byte(i)
	}
	return v
}()

// packULID splits an id "xyz_<ULID>" into its prefix "xyz_" and the ULID's
// 16 bytes; ok is false for any other string, written in full.
func packULID(s string) (prefix string, raw [16]byte, ok bool) {
	if len(s) < 27 || len(s) > 27+maxWordLen || s[len(s)-27] != '_' {
		return "", raw, false
	}
	digits := s[len(s)-26:]
	if crockfordValue[digits[0]] > 7 {
		return "", raw, false // more than 128 bits
	}
	// 26 digits of 5 bits: 130 bits, the first two zero.
	var hi, lo uint64
	for i := 0; i < 26; i++ {
		v := crockfordValue[digits[i]]
		if v == 0xFF {
			return "", raw, false
		}
		hi = hi<<5 | lo>>59
		lo = lo<<5 | uint64(v)
	}
	binary.BigEndian.PutUint64(raw[:8], hi)
	binary.BigEndian.PutUint64(raw[8:], lo)
	return s[:len(s)-26], raw, true
}

// unpackULID is packULID's inverse.
func unpackULID(prefix string, raw []byte) string {
	hi, lo := binary.BigEndian.Uint64(raw[:8]), binary.BigEndian.Uint64(raw[8:16])
	out := make([]byte, len(prefix)+26)
	copy(out, prefix)
	for i := len(out) - 1; i >= len(prefix); i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out)
}

// encodeProfile appends p to buf.
func encodeProfile(buf []byte, dict *dict, p *contactpolicy.Profile) []byte {
	e := &encoder{buf: buf, dict: dict, self: p.Customer.ID}
	e.customer(p.Customer)
	e.bool(p.HasContract)
	e.attempts(p.Outbound)
	e.attempts(p.Surveys)
	e.uint(uint64(len(p.Promises)))
	for _, k := range p.Promises {
		e.promise(k)
	}
	e.uint(uint64(len(p.Cases)))
	for _, k := range p.Cases {
		e.kase(k)
	}
	e.uint(uint64(p.OpenDisputes))
	e.uint(uint64(p.PendingCreditNotes))
	e.time(p.Since)
	e.uint(uint64(p.MaxAttempts))
	e.uint(uint64(p.MaxOpen))
	e.uint(uint64(p.LastContacts))
	// The context goes last, so that a query without it stops before it.
	if p.Context == nil {
		e.bool(false)
		return e.buf
	}
	e.bool(true)
	c := p.Context
	e.uint(uint64(len(c.Lines)))
	for _, l := range c.Lines {
		e.line(l)
	}
	e.uint(uint64(len(c.Devices)))
	for _, d := range c.Devices {
		e.device(d)
	}
	e.uint(uint64(len(c.LastContacts)))
	for _, i := range c.LastContacts {
		e.interaction(i)
	}
	return e.buf
}

// decodeProfile decodes a record; without withContext, it leaves the
// context out (nil) and does not read it.
func decodeProfile(buf []byte, words []string, withContext bool) (*contactpolicy.Profile, error) {
	d := &decoder{buf: buf, words: words}
	p := &contactpolicy.Profile{}
	p.Customer = d.customer()
	p.HasContract = d.bool()
	p.Outbound = d.attempts()
	p.Surveys = d.attempts()
	if n := d.count(); n > 0 {
		p.Promises = make([]*commitment.Commitment, n)
		for i := range p.Promises {
			p.Promises[i] = d.promise()
		}
	}
	if n := d.count(); n > 0 {
		p.Cases = make([]*cases.Case, n)
		for i := range p.Cases {
			p.Cases[i] = d.kase()
		}
	}
	p.OpenDisputes = int(d.uint())
	p.PendingCreditNotes = int(d.uint())
	p.Since = d.time()
	p.MaxAttempts = int(d.uint())
	p.MaxOpen = int(d.uint())
	p.LastContacts = int(d.uint())
	if d.bool() && withContext {
		c := &contactpolicy.Context{}
		if n := d.count(); n > 0 {
			c.Lines = make([]*customer.Line, n)
			for i := range c.Lines {
				c.Lines[i] = d.line()
			}
		}
		if n := d.count(); n > 0 {
			c.Devices = make([]*customer.Device, n)
			for i := range c.Devices {
				c.Devices[i] = d.device()
			}
		}
		if n := d.count(); n > 0 {
			c.LastContacts = make([]*interaction.Interaction, n)
			for i := range c.LastContacts {
				c.LastContacts[i] = d.interaction()
			}
		}
		p.Context = c
		if len(d.buf) != 0 {
			d.fail()
		}
	}
	return p, d.err
}

// A nil slice and an empty one are told apart: the stores return either,
// and the facts from memory must be the facts from the store.
func (e *encoder) sliceHead(isNil bool, n int) {
	if isNil {
		e.uint(0)
		return
	}
	e.uint(uint64(n) + 1)
}

func (d *decoder) sliceHead() (isNil bool, n int) {
	v := d.uint()
	if v == 0 {
		return true, 0
	}
	if v-1 > uint64(len(d.buf)) {
		d.fail()
		return true, 0
	}
	return false, int(v - 1)
}

func (e *encoder) customer(c *customer.Customer) {
	// The id itself is written in full: it is what strSelf stands for.
	self := e.self
	e.self = ""
	e.str(c.ID)
	e.self = self
	e.str(c.AccountNumber)
	e.text(c.GivenName)
	e.text(c.FamilyName)
	e.word(string(c.Salutation))
	e.word(string(c.FormOfAddress))
	e.word(string(c.Language))
	e.word(string(c.Jurisdiction))
	e.word(c.TimeZone)
	e.word(string(c.Status))
	e.date(c.CustomerSince)
	e.date(c.CancellingSince)
	e.date(c.FormerSince)
	e.sliceHead(c.Phones == nil, len(c.Phones))
	for _, p := range c.Phones {
		e.str(p.Number)
		e.word(string(p.Type))
		e.word(p.Label)
		e.bool(p.Primary)
	}
	e.sliceHead(c.Emails == nil, len(c.Emails))
	for _, m := range c.Emails {
		e.str(m.Address)
		e.bool(m.Primary)
	}
	if a := c.Address; a == nil {
		e.bool(false)
	} else {
		e.bool(true)
		e.sliceHead(a.Lines == nil, len(a.Lines))
		for _, l := range a.Lines {
			e.text(l)
		}
		e.word(a.PostalCode)
		e.word(a.City)
		e.word(a.Region)
		e.word(a.Country)
	}
	e.sliceHead(c.Consents == nil, len(c.Consents))
	for _, k := range c.Consents {
		e.word(string(k.Channel))
		e.word(string(k.Purpose))
		e.bool(k.Granted)
		e.word(string(k.Source))
		e.str(k.Proof)
		e.time(k.At)
	}
	e.windows(c.Preferences.QuietHours)
	e.sliceHead(c.Preferences.PreferredSlots == nil, len(c.Preferences.PreferredSlots))
	for _, s := range c.Preferences.PreferredSlots {
		e.sliceHead(s.Days == nil, len(s.Days))
		for _, day := range s.Days {
			e.uint(uint64(day))
		}
		e.int(int64(s.From))
		e.int(int64(s.To))
	}
	e.word(string(c.Preferences.PreferredChannel))
	if n := c.DoNotCall; n == nil {
		e.bool(false)
	} else {
		e.bool(true)
		e.time(n.Since)
		e.word(n.Source)
	}
	e.bool(c.ThirdPartyBilling)
	e.str(c.AdvisorID)
	e.timePtr(c.OppositionCheckedAt)
	e.date(c.MarketingErasedOn)
	e.int(int64(c.Version))
	e.time(c.CreatedAt)
	e.time(c.UpdatedAt)
}

func (d *decoder) customer() *customer.Customer {
	c := &customer.Customer{}
	c.ID = d.str()
	d.self = c.ID
	c.AccountNumber = d.str()
	c.GivenName = d.str()
	c.FamilyName = d.str()
	c.Salutation = customer.Salutation(d.str())
	c.FormOfAddress = customer.FormOfAddress(d.str())
	c.Language = tact.Language(d.str())
	c.Jurisdiction = tact.Jurisdiction(d.str())
	c.TimeZone = d.str()
	c.Status = customer.Status(d.str())
	c.CustomerSince = d.date()
	c.CancellingSince = d.date()
	c.FormerSince = d.date()
	if isNil, n := d.sliceHead(); !isNil {
		c.Phones = make([]customer.Phone, n)
		for i := range c.Phones {
			p := &c.Phones[i]
			p.Number = d.str()
			p.Type = customer.PhoneType(d.str())
			p.Label = d.str()
			p.Primary = d.bool()
		}
	}
	if isNil, n := d.sliceHead(); !isNil {
		c.Emails = make([]customer.Email, n)
		for i := range c.Emails {
			c.Emails[i].Address = d.str()
			c.Emails[i].Primary = d.bool()
		}
	}
	if d.bool() {
		a := &customer.Address{}
		if isNil, n := d.sliceHead(); !isNil {
			a.Lines = make([]string, n)
			for i := range a.Lines {
				a.Lines[i] = d.str()
			}
		}
		a.PostalCode = d.str()
		a.City = d.str()
		a.Region = d.str()
		a.Country = d.str()
		c.Address = a
	}
	if isNil, n := d.sliceHead(); !isNil {
		c.Consents = make([]customer.Consent, n)
		for i := range c.Consents {
			k := &c.Consents[i]
			k.Channel = tact.Channel(d.str())
			k.Purpose = tact.Purpose(d.str())
			k.Granted = d.bool()
			k.Source = customer.ConsentSource(d.str())
			k.Proof = d.str()
			k.At = d.time()
		}
	}
	c.Preferences.QuietHours = d.windows()
	if isNil, n := d.sliceHead(); !isNil {
		c.Preferences.PreferredSlots = make([]customer.Slot, n)
		for i := range c.Preferences.PreferredSlots {
			s := &c.Preferences.PreferredSlots[i]
			if isNil, n := d.sliceHead(); !isNil {
				s.Days = make([]tact.Weekday, n)
				for j := range s.Days {
					s.Days[j] = tact.Weekday(d.uint())
				}
			}
			s.From = tact.TimeOfDay(d.int())
			s.To = tact.TimeOfDay(d.int())
		}
	}
	c.Preferences.PreferredChannel = tact.Channel(d.str())
	if d.bool() {
		c.DoNotCall = &customer.DoNotCall{Since: d.time(), Source: d.str()}
	}
	c.ThirdPartyBilling = d.bool()
	c.AdvisorID = d.str()
	c.OppositionCheckedAt = d.timePtr()
	c.MarketingErasedOn = d.date()
	c.Version = int(d.int())
	c.CreatedAt = d.time()
	c.UpdatedAt = d.time()
	return c
}

func (e *encoder) windows(ws []customer.Window) {
	e.sliceHead(ws == nil, len(ws))
	for _, w := range ws {
		e.int(int64(w.From))
		e.int(int64(w.To))
	}
}

func (d *decoder) windows() []customer.Window {
	isNil, n := d.sliceHead()
	if isNil {
		return nil
	}
	ws := make([]customer.Window, n)
	for i := range ws {
		ws[i].From = tact.TimeOfDay(d.int())
		ws[i].To = tact.TimeOfDay(d.int())
	}
	return ws
}

func (e *encoder) attempts(list []contactpolicy.Attempt) {
	e.sliceHead(list == nil, len(list))
	for _, t := range list {
		e.time(t.At)
		e.word(string(t.Channel))
		e.word(string(t.Purpose))
		e.word(t.Source)
		e.word(string(t.Outcome))
		e.word(t.Subject)
	}
}

func (d *decoder) attempts() []contactpolicy.Attempt {
	isNil, n := d.sliceHead()
	if isNil {
		return nil
	}
	list := make([]contactpolicy.Attempt, n)
	for i := range list {
		t := &list[i]
		t.At = d.time()
		t.Channel = tact.Channel(d.str())
		t.Purpose = tact.Purpose(d.str())
		t.Source = d.str()
		t.Outcome = interaction.Outcome(d.str())
		t.Subject = d.str()
	}
	return list
}

func (e *encoder) promise(k *commitment.Commitment) {
	e.str(k.ID)
	e.str(k.CustomerID)
	e.str(k.CaseID)
	e.word(string(k.Kind))
	e.word(k.Subject)
	e.text(k.Words)
	e.word(string(k.Channel))
	e.time(k.Due)
	if k.Slot == nil {
		e.bool(false)
	} else {
		e.bool(true)
		e.time(k.Slot.From)
		e.time(k.Slot.To)
	}
	e.str(k.OwnerID)
	e.word(string(k.Status))
	e.timePtr(k.KeptAt)
	if k.Evidence == nil {
		e.bool(false)
	} else {
		e.bool(true)
		e.word(string(k.Evidence.Kind))
		e.str(k.Evidence.ID)
	}
	e.timePtr(k.CancelledAt)
	e.text(k.CancelReason)
	e.timePtr(k.OverdueAt)
	e.str(k.EscalatedTo)
	e.timePtr(k.NewDue)
	e.int(int64(k.Version))
	e.time(k.CreatedAt)
	e.time(k.UpdatedAt)
}

func (d *decoder) promise() *commitment.Commitment {
	k := &commitment.Commitment{}
	k.ID = d.str()
	k.CustomerID = d.str()
	k.CaseID = d.str()
	k.Kind = commitment.Kind(d.str())
	k.Subject = d.str()
	k.Words = d.str()
	k.Channel = tact.Channel(d.str())
	k.Due = d.time()
	if d.bool() {
		k.Slot = &commitment.Slot{From: d.time(), To: d.time()}
	}
	k.OwnerID = d.str()
	k.Status = commitment.Status(d.str())
	k.KeptAt = d.timePtr()
	if d.bool() {
		k.Evidence = &commitment.Evidence{Kind: commitment.EvidenceKind(d.str()), ID: d.str()}
	}
	k.CancelledAt = d.timePtr()
	k.CancelReason = d.str()
	k.OverdueAt = d.timePtr()
	k.EscalatedTo = d.str()
	k.NewDue = d.timePtr()
	k.Version = int(d.int())
	k.CreatedAt = d.time()
	k.UpdatedAt = d.time()
	return k
}

func (e *encoder) kase(k *cases.Case) {
	e.str(k.ID)
	e.str(k.CustomerID)
	e.text(k.Subject)
	e.word(string(k.Category))
	e.word(string(k.Channel))
	e.word(string(k.Status))
	e.str(k.OwnerID)
	e.text(k.WhereWeAre)
	e.text(k.Resolution)
	e.word(string(k.CloseReason))
	e.str(k.ReopensCaseID)
	e.time(k.OpenedAt)
	e.time(k.FirstAnswerDue)
	e.time(k.ResolutionDue)
	e.timePtr(k.FirstAnsweredAt)
	e.timePtr(k.ResolvedAt)
	e.timePtr(k.ClosedAt)
	e.int(int64(k.Version))
	e.time(k.UpdatedAt)
}

func (d *decoder) kase() *cases.Case {
	k := &cases.Case{}
	k.ID = d.str()
	k.CustomerID = d.str()
	k.Subject = d.str()
	k.Category = cases.Category(d.str())
	k.Channel = tact.Channel(d.str())
	k.Status = cases.Status(d.str())
	k.OwnerID = d.str()
	k.WhereWeAre = d.str()
	k.Resolution = d.str()
	k.CloseReason = cases.CloseReason(d.str())
	k.ReopensCaseID = d.str()
	k.OpenedAt = d.time()
	k.FirstAnswerDue = d.time()
	k.ResolutionDue = d.time()
	k.FirstAnsweredAt = d.timePtr()
	k.ResolvedAt = d.timePtr()
	k.ClosedAt = d.timePtr()
	k.Version = int(d.int())
	k.UpdatedAt = d.time()
	return k
}

func (e *encoder) line(l *customer.Line) {
	e.str(l.ID)
	e.str(l.CustomerID)
	e.str(l.Number)
	e.word(l.PlanCode)
	e.sliceHead(l.Options == nil, len(l.Options))
	for _, o := range l.Options {
		e.word(o)
	}
	e.date(l.StartedOn)
	e.date(l.CommitmentEndsOn)
	e.word(string(l.Status))
	e.date(l.EndedOn)
	e.int(int64(l.Version))
	e.time(l.CreatedAt)
	e.time(l.UpdatedAt)
}

func (d *decoder) line() *customer.Line {
	l := &customer.Line{}
	l.ID = d.str()
	l.CustomerID = d.str()
	l.Number = d.str()
	l.PlanCode = d.str()
	if isNil, n := d.sliceHead(); !isNil {
		l.Options = make([]string, n)
		for i := range l.Options {
			l.Options[i] = d.str()
		}
	}
	l.StartedOn = d.date()
	l.CommitmentEndsOn = d.date()
	l.Status = customer.LineStatus(d.str())
	l.EndedOn = d.date()
	l.Version = int(d.int())
	l.CreatedAt = d.time()
	l.UpdatedAt = d.time()
	return l
}

func (e *encoder) device(v *customer.Device) {
	e.str(v.ID)
	e.str(v.CustomerID)
	e.str(v.LineID)
	e.word(v.Brand)
	e.word(v.Model)
	e.word(string(v.OS))
	e.word(v.CatalogCode)
	e.date(v.AcquiredOn)
	e.time(v.CreatedAt)
}

func (d *decoder) device() *customer.Device {
	v := &customer.Device{}
	v.ID = d.str()
	v.CustomerID = d.str()
	v.LineID = d.str()
	v.Brand = d.str()
	v.Model = d.str()
	v.OS = tact.OS(d.str())
	v.CatalogCode = d.str()
	v.AcquiredOn = d.date()
	v.CreatedAt = d.time()
	return v
}

func (e *encoder) interaction(i *interaction.Interaction) {
	e.str(i.ID)
	e.str(i.CustomerID)
	e.word(string(i.Channel))
	e.word(string(i.Direction))
	e.word(string(i.Purpose))
	e.word(i.Subject)
	e.word(i.Source)
	e.str(i.ExternalID)
	e.word(i.Actor)
	e.str(i.CallerID)
	e.time(i.StartedAt)
	e.timePtr(i.EndedAt)
	e.text(i.Summary)
	e.word(string(i.Outcome))
	e.str(i.CaseID)
	e.str(i.DecisionID)
	e.time(i.RecordedAt)
}

func (d *decoder) interaction() *interaction.Interaction {
	i := &interaction.Interaction{}
	i.ID = d.str()
	i.CustomerID = d.str()
	i.Channel = tact.Channel(d.str())
	i.Direction = interaction.Direction(d.str())
	i.Purpose = tact.Purpose(d.str())
	i.Subject = d.str()
	i.Source = d.str()
	i.ExternalID = d.str()
	i.Actor = d.str()
	i.CallerID = d.str()
	i.StartedAt = d.time()
	i.EndedAt = d.timePtr()
	i.Summary = d.str()
	i.Outcome = interaction.Outcome(d.str())
	i.CaseID = d.str()
	i.DecisionID = d.str()
	i.RecordedAt = d.time()
	return i
}
