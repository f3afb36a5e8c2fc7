// Package tact holds the words every other package shares: the one error type
// with its stable codes, identifiers, money, civil dates, the clock, the actor
// behind a request and the optional fields of a partial update.
//
// It imports nothing from the rest of tact and no I/O package, so every domain
// package can depend on it.
package tact
