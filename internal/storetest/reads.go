package storetest

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/audit"
	"github.com/tactcrm/tact/internal/tact"
)

// testRecordReadsByPeriod: a period keeps the reads at or after its start
// and before its end, to the microsecond, with the other filters and the
// pages.
func testRecordReadsByPeriod(t *testing.T, f *fixture) {
	julie, marc := f.ids.New(tact.PrefixUser), f.ids.New(tact.PrefixUser)
	gagnon := f.ids.New(tact.PrefixCustomer)
	var reads []*audit.Read
	for i, who := range []string{julie, marc, julie, julie, marc} {
		r := &audit.Read{ID: f.ids.New(tact.PrefixRecordRead), At: f.now(), UserID: who, UserName: "Julie Morvan", CustomerID: gagnon,
			Reason: audit.Reasons[i%len(audit.Reasons)]}
		must(t, "Read.Validate", r.Validate())
		must(t, "RecordRead", f.st.Audit.RecordRead(f.ctx, r))
		reads = append(reads, r)
		f.tick()
	}
	find := func(what string, fl audit.Filter, want ...*audit.Read) {
		t.Helper()
		list, err := f.st.Audit.FindReads(f.ctx, fl)
		must(t, "FindReads "+what, err)
		ids := make([]string, len(want))
		for i, r := range want {
			ids[i] = r.ID
		}
		diff(t, what, ids, codes(list, readID))
	}
	at := func(i int) time.Time { return reads[i].At }
	find("from the second read's time", audit.Filter{From: at(1)}, reads[4], reads[3], reads[2], reads[1])
	find("from a microsecond after it", audit.Filter{From: at(1).Add(time.Microsecond)}, reads[4], reads[3], reads[2])
	find("to the fourth read's time, excluded", audit.Filter{To: at(3)}, reads[2], reads[1], reads[0])
	find("to a microsecond after it", audit.Filter{To: at(3).Add(time.Microsecond)}, reads[3], reads[2], reads[1], reads[0])
	find("between, one person's", audit.Filter{From: at(1), To: at(4), UserID: julie}, reads[3], reads[2])
	find("between, the customer's", audit.Filter{From: at(1), To: at(4), CustomerID: gagnon}, reads[3], reads[2], reads[1])
	find("a period with none", audit.Filter{From: at(4).Add(time.Hour)})
	find("a page after the newest within the period", audit.Filter{From: at(1), To: at(4), After: reads[3].Cursor(), Limit: 1}, reads[2])
}
