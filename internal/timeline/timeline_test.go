package timeline_test

import (
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/timeline"
)

func TestMergeOrdersNewestFirstThenIDDescending(t *testing.T) {
	t0 := time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)
	contacts := []timeline.Entry{{ID: "int_3", At: t0.Add(3 * time.Second)}, {ID: "int_1", At: t0.Add(time.Second)}}
	events := []timeline.Entry{{ID: "evt_9", At: t0.Add(3 * time.Second)}, {ID: "evt_2", At: t0.Add(2 * time.Second)}, {ID: "evt_0", At: t0}}
	got := timeline.Merge(4, contacts, events)
	want := []string{"int_3", "evt_9", "evt_2", "int_1"}
	if len(got) != len(want) {
		t.Fatalf("got %d entries", len(got))
	}
	for i := range want {
		if got[i].ID != want[i] {
			t.Errorf("position %d: %s, want %s", i, got[i].ID, want[i])
		}
	}
	if c := got[3].Cursor(); c.ID != "int_1" || !c.At.Equal(t0.Add(time.Second)) {
		t.Errorf("cursor %+v", c)
	}
}
