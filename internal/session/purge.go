package session

import "time"

// KeepEnded is how long a session (a person's or a customer's) or a
// sign-in code is kept once it has ended. Ended, it opens nothing; what is
// left of it, from where and with which browser someone signed in, serves
// only to look into a sign-in afterwards (a customer who says "that was not
// me", an advisor's account used at night), a question asked within days.
// Kept longer, those addresses and browsers would be personal data kept
// with no purpose left (RGPD art. 5(1)(e), storage limitation). Thirty days
// cover a monthly review of sign-ins. The record of who read which
// customer's record (internal/audit) is another matter, and is not purged.
const KeepEnded = 30 * 24 * time.Hour

// PurgeBatch bounds what one purge deletes of each kind, so that a first
// pass over years of sessions does not hold the database for long; the next
// pass goes on.
const PurgeBatch = 10_000

// PurgeBefore is the time before which a session or code, purged at now, has
// ended for at least KeepEnded. Stores compare it with the absolute end
// (ExpiresAt) of sessions and codes: nothing lasts past it, so whatever
// ended before it ended at least KeepEnded ago. A session signed out or left
// idle earlier is kept until its absolute end is as old, that is at most
// MaxLifetime (SpaceMaxLifetime, CodeLifetime) more: an index on one column
// instead of three, on tables a busy space writes at every sign-in.
func PurgeBefore(now time.Time) time.Time { return now.Add(-KeepEnded) }
