// Package factbase holds the contact facts of every customer in memory, in a
// compact binary form, so that a contact decision reads its customer without
// a query: the difference, on two cores, between reading a customer's facts
// in ~60–100 µs (a profile row from SQLite, its JSON decoded) and in a few
// microseconds.
//
// A Base is a contactpolicy.FactsStore in front of the engine's: it answers
// from memory what it holds, and reads from the engine what it does not (a
// customer not loaded yet, or changed since). It is kept current by the
// engine, which calls Changed with the customers a write changed after the
// write commits and before the write is acknowledged: a decision asked after
// an acknowledged write never reads the facts from before it. A changed
// customer is read again from the engine by the next decision about him, and
// kept again; a read that raced with a later change is not kept (each entry
// has a version).
//
// The facts in memory are this process's: a second process writing the same
// database does not call Changed here. A Base is for one serving process per
// database (SQLite's case); an engine shared by several nodes (PostgreSQL)
// runs without it, or every node would need every other's changes.
//
// The package does no I/O of its own: it holds bytes and calls its Source.
package factbase

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tactcrm/tact/internal/contactpolicy"
)

// Source is the engine's store behind a Base.
type Source interface {
	contactpolicy.FactsStore
	// FindProfiles returns, read in one snapshot, the profile of every
	// customer of q that exists, assembled for q (q's look-back and bounds),
	// keyed by id.
	FindProfiles(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Profile, error)
	// CustomerIDs returns up to limit customer ids after after, in order.
	CustomerIDs(ctx context.Context, after string, limit int) ([]string, error)
}

// Bounds are the bounds of the profiles a Base keeps: the largest a
// decision asks for. A query asking for more is answered by the source.
type Bounds struct {
	MaxAttempts, MaxOpen, LastContacts int
}

// shards split the base so that readers and the writer's Changed rarely meet
// on one lock.
const shards = 256

// Base is the memory-resident fact base. Its zero value is not usable; see
// New.
type Base struct {
	src    Source
	bounds Bounds
	dict   *dict
	seed   maphash.Seed
	shard  [shards]shard

	// checked has every answer from memory compared with the source's.
	checked atomic.Bool

	// Counters, for Stats.
	hits, misses, passes, changes atomic.Int64
	loaded                        atomic.Int64
}

type shard struct {
	mu sync.RWMutex
	m  map[string]entry
	// bytes is the size of the records held, for Stats.
	bytes int64
}

// entry is one customer: his record, or nil while he must be read from the
// source (changed, or a tombstone for a customer changed before he was ever
// read), and a version that every change increments.
type entry struct {
	rec []byte
	ver uint64
}

// New returns an empty base in front of src, keeping profiles of at least
// bounds.
func New(src Source, bounds Bounds) *Base {
	b := &Base{src: src, bounds: bounds, dict: newDict(), seed: maphash.MakeSeed()}
	for i := range b.shard {
		b.shard[i].m = map[string]entry{}
	}
	return b
}

func (b *Base) shardOf(id string) *shard {
	return &b.shard[maphash.String(b.seed, id)%shards]
}

// Changed marks the customers of ids as changed: the next read of each goes
// to the source. The engine calls it after every write that changed a
// customer's facts commits, before the write is acknowledged.
func (b *Base) Changed(ids []string) {
	for _, id := range ids {
		s := b.shardOf(id)
		s.mu.Lock()
		e := s.m[id]
		s.bytes -= int64(len(e.rec))
		s.m[id] = entry{ver: e.ver + 1}
		s.mu.Unlock()
	}
	b.changes.Add(int64(len(ids)))
}

// Reset forgets every customer: each is read from the source again. For a
// change the base could not follow customer by customer.
func (b *Base) Reset() {
	for i := range b.shard {
		s := &b.shard[i]
		s.mu.Lock()
		for id, e := range s.m {
			s.m[id] = entry{ver: e.ver + 1}
		}
		s.bytes = 0
		s.mu.Unlock()
	}
}

// version returns the version of id's entry (0 for none).
func (b *Base) version(id string) (rec []byte, ver uint64) {
	s := b.shardOf(id)
	s.mu.RLock()
	e := s.m[id]
	s.mu.RUnlock()
	return e.rec, e.ver
}

// keep stores p as id's record, unless id changed since ver was read.
func (b *Base) keep(id string, ver uint64, p *contactpolicy.Profile) {
	// Encoded into a scratch buffer, then copied to its exact size: a
	// buffer grown by appending holds up to twice what it needs.
	buf := encodeBuffers.Get().(*[]byte)
	*buf = encodeProfile((*buf)[:0], b.dict, p)
	rec := slices.Clone(*buf)
	encodeBuffers.Put(buf)
	id = strings.Clone(id)
	s := b.shardOf(id)
	s.mu.Lock()
	if e := s.m[id]; e.ver == ver {
		s.bytes += int64(len(rec)) - int64(len(e.rec))
		s.m[id] = entry{rec: rec, ver: ver}
	}
	s.mu.Unlock()
}

// encodeBuffers are scratch buffers for encoding records.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// forget removes id, found not to exist, unless it changed since ver.
func (b *Base) forget(id string, ver uint64) {
	s := b.shardOf(id)
	s.mu.Lock()
	if e := s.m[id]; e.ver == ver && e.rec == nil {
		delete(s.m, id)
	}
	s.mu.Unlock()
}

// answers reports whether a profile of the base's bounds, made from a
// query of the same look-back, can answer q.
func (b *Base) answers(q contactpolicy.FactsQuery) bool {
	return q.MaxAttempts <= b.bounds.MaxAttempts && q.MaxOpen <= b.bounds.MaxOpen && q.LastContacts <= b.bounds.LastContacts
}

// refreshQuery is q with the base's bounds: what is read to be kept.
func (b *Base) refreshQuery(q contactpolicy.FactsQuery, ids []string) contactpolicy.FactsQuery {
	q.CustomerIDs = ids
	q.MaxAttempts = max(q.MaxAttempts, b.bounds.MaxAttempts)
	q.MaxOpen = max(q.MaxOpen, b.bounds.MaxOpen)
	q.LastContacts = max(q.LastContacts, b.bounds.LastContacts)
	return q
}

// FindFacts implements contactpolicy.FactsStore: the customers held are
// answered from memory; the others are read from the source in one call,
// kept, and answered. A query asking for more than the base keeps (a longer
// look-back than the one a record was made for, larger bounds) is answered
// by the source for the customers concerned.
func (b *Base) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	ids := q.CustomerIDs
	if !b.answers(q) {
		b.passes.Add(int64(len(ids)))
		return b.src.FindFacts(ctx, q)
	}
	a := q.Assemble()
	var found []held
	var miss []string
	var missVer []uint64
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		rec, ver := b.version(id)
		if rec == nil {
			miss, missVer = append(miss, id), append(missVer, ver)
			continue
		}
		found = append(found, held{id, rec, ver})
	}
	// The dictionary is read after the records: a record only names words
	// added before it was kept.
	words := *b.dict.words.Load()
	var pass []string
	var served []held
	for _, h := range found {
		p, err := decodeProfile(h.rec, words, q.LastContacts > 0)
		if err != nil || !a.AddProfile(p) {
			pass = append(pass, h.id)
			continue
		}
		served = append(served, h)
	}
	b.hits.Add(int64(len(found) - len(pass)))
	if len(miss) > 0 {
		b.misses.Add(int64(len(miss)))
		got, err := b.src.FindProfiles(ctx, b.refreshQuery(q, miss))
		if err != nil {
			return nil, err
		}
		for i, id := range miss {
			p := got[id]
			if p == nil {
				b.forget(id, missVer[i])
				continue
			}
			b.keep(id, missVer[i], p)
			if !a.AddProfile(p) {
				pass = append(pass, id)
			}
		}
	}
	facts := a.Facts()
	if len(pass) > 0 {
		b.passes.Add(int64(len(pass)))
		pq := q
		pq.CustomerIDs = pass
		more, err := b.src.FindFacts(ctx, pq)
		if err != nil {
			return nil, err
		}
		for id, f := range more {
			facts[id] = f
		}
	}
	if b.checked.Load() && len(served) > 0 {
		if err := b.check(ctx, q, served, facts); err != nil {
			return nil, err
		}
	}
	return facts, nil
}

// SetChecked turns on (or off) the comparison of every answer from memory
// with the source's: tests run so, and thereby prove that every write keeps
// the base current.
func (b *Base) SetChecked(on bool) { b.checked.Store(on) }

// held is a customer found in memory: his record as read, at its version.
type held struct {
	id  string
	rec []byte
	ver uint64
}

// check reads from the source the customers of served, answered from memory
// into facts, and fails if any differs, unless it changed meanwhile (the
// engine tells a change before its commit as well as after, so a change the
// source's read saw has moved the version).
func (b *Base) check(ctx context.Context, q contactpolicy.FactsQuery, served []held, facts map[string]*contactpolicy.Facts) error {
	cq := q
	cq.CustomerIDs = make([]string, len(served))
	for i, h := range served {
		cq.CustomerIDs[i] = h.id
	}
	want, err := b.src.FindFacts(ctx, cq)
	if err != nil {
		return err
	}
	for _, h := range served {
		if _, ver := b.version(h.id); ver != h.ver {
			continue
		}
		w, err := json.Marshal(want[h.id])
		if err != nil {
			return err
		}
		g, err := json.Marshal(facts[h.id])
		if err != nil {
			return err
		}
		if string(w) != string(g) {
			return fmt.Errorf("factbase: the facts of %s in memory differ from the store's (a write did not tell the base):\nstore:  %s\nmemory: %s", h.id, w, g)
		}
	}
	return nil
}

// loadChunk is how many customers one read of the warm-up asks for.
const loadChunk = 500

// Load reads every customer of the source into the base, as q reads them
// (q.CustomerIDs is ignored; its bounds are raised to the base's), on
// workers goroutines (0: one per CPU), and returns how many it kept. It
// may run while the base serves: a customer changed meanwhile is not kept
// from a read older than the change, and one not loaded yet is read from the
// source. progress, when not nil, is called with the count so far.
func (b *Base) Load(ctx context.Context, q contactpolicy.FactsQuery, workers int, progress func(loaded int)) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := make(chan []string, workers)
	errs := make(chan error, workers+1)
	var wg sync.WaitGroup
	var total atomic.Int64
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ids := range chunks {
				n, err := b.loadChunk(ctx, q, ids)
				if err != nil {
					errs <- err
					for range chunks { // drain so the lister ends
					}
					return
				}
				if t := total.Add(int64(n)); progress != nil {
					progress(int(t))
				}
			}
		}()
	}
	after := ""
	var listErr error
	for {
		ids, err := b.src.CustomerIDs(ctx, after, loadChunk)
		if err != nil {
			listErr = err
			break
		}
		if len(ids) == 0 {
			break
		}
		chunks <- ids
		after = ids[len(ids)-1]
	}
	close(chunks)
	wg.Wait()
	close(errs)
	if listErr != nil {
		return int(total.Load()), listErr
	}
	for err := range errs {
		return int(total.Load()), err
	}
	return int(total.Load()), nil
}

func (b *Base) loadChunk(ctx context.Context, q contactpolicy.FactsQuery, ids []string) (int, error) {
	vers := make([]uint64, len(ids))
	todo := ids[:0:0]
	for i, id := range ids {
		rec, ver := b.version(id)
		vers[i] = ver
		if rec == nil {
			todo = append(todo, id)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	got, err := b.src.FindProfiles(ctx, b.refreshQuery(q, todo))
	if err != nil {
		return 0, err
	}
	n := 0
	for i, id := range ids {
		if p := got[id]; p != nil {
			b.keep(id, vers[i], p)
			n++
		}
	}
	b.loaded.Add(int64(n))
	return n, nil
}

// Stats are what a Base holds and how it answered.
type Stats struct {
	// Customers is how many customers have a record; Bytes the size of
	// their records; DictBytes the dictionary's words.
	Customers int
	Bytes     int64
	DictBytes int
	// Hits are customers answered from memory; Misses read from the source
	// and kept; Passes answered by the source because a query asked for
	// more than the base keeps; Changes the changes received.
	Hits, Misses, Passes, Changes int64
}

// Stats counts what the base holds now.
func (b *Base) Stats() Stats {
	st := Stats{DictBytes: b.dict.size(), Hits: b.hits.Load(), Misses: b.misses.Load(), Passes: b.passes.Load(), Changes: b.changes.Load()}
	for i := range b.shard {
		s := &b.shard[i]
		s.mu.RLock()
		for _, e := range s.m {
			if e.rec != nil {
				st.Customers++
			}
		}
		st.Bytes += s.bytes
		s.mu.RUnlock()
	}
	return st
}
