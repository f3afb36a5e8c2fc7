package app

// SetNoticePass bounds a's notice passes to n customers or lines, so that a
// test sees a pass stop and the next go on without thousands of records.
func SetNoticePass(a *App, n int) { a.Notices.pass = n }

// SetErasurePass bounds a's erasure passes to n customers, as SetNoticePass
// does the notice passes.
func SetErasurePass(a *App, n int) { a.Erasures.pass = n }

// PasswordMessage is passwordMessage, for the test of every text tact writes.
var PasswordMessage = passwordMessage
