package app

// SetNoticePass bounds a's notice passes to n customers or lines, so that a
// test sees a pass stop and the next go on without thousands of records.
func SetNoticePass(a *App, n int) { a.Notices.pass = n }
