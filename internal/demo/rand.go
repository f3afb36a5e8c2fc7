package demo

import (
	"encoding/binary"
	"math/rand/v2"
)

// rng is the demo's only source of chance: a PCG generator seeded from the
// demo seed, so that a seed always builds the same operator.
type rng struct{ *rand.Rand }

// newRNG returns a generator for one stream of the seed. Streams keep the
// parts of the build independent: adding a field to the crowd does not move
// the story customers' identifiers.
func newRNG(seed int64, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(uint64(seed), stream))}
}

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// between returns an integer in [lo, hi].
func (r rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// pick returns one element of list, uniformly.
func pick[T any](r rng, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index of weights with probability proportional to its
// weight.
func weighted(r rng, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

// idSource feeds tact.IDGen with seeded bytes instead of crypto/rand, so the
// demo's identifiers repeat from one build to the next.
type idSource struct{ pcg *rand.PCG }

func newIDSource(seed int64) *idSource {
	return &idSource{pcg: rand.NewPCG(uint64(seed), streamIDs)}
}

// Read fills p with the generator's next bytes; it never fails.
func (s *idSource) Read(p []byte) (int, error) {
	var b [8]byte
	for i := 0; i < len(p); i += 8 {
		binary.BigEndian.PutUint64(b[:], s.pcg.Uint64())
		copy(p[i:], b[:])
	}
	return len(p), nil
}

// Streams of the seed, one per part of the build.
const (
	streamIDs uint64 = iota + 1
	streamNumbers
	streamStories
	streamCrowd // the crowd uses streamCrowd + customer index
)

// streamMatters + customer index is the stream of a crowd customer's matters,
// far above the crowd's streams.
const streamMatters uint64 = 1 << 48
