package main

import (
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// timings are what the timed stores saw of one planning: the reads of the
// customers' ids, facts and usage (made one page after another by the
// planning's one reader goroutine, while the workers consider the pages
// already read), and the plan's save.
type timings struct {
	mu                    sync.Mutex
	ids, facts, usage     time.Duration
	pages                 int
	firstRead, saveStart  time.Time
	save                  time.Duration
	lastProgress, started time.Time
}

func (t *timings) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ids, t.facts, t.usage, t.pages, t.save = 0, 0, 0, 0, 0
	t.firstRead, t.saveStart, t.lastProgress, t.started = time.Time{}, time.Time{}, time.Time{}, time.Now()
}

// add counts a read that began at start into *into.
func (t *timings) add(into *time.Duration, start time.Time) {
	d := time.Since(start)
	t.mu.Lock()
	defer t.mu.Unlock()
	*into += d
	if t.firstRead.IsZero() || start.Before(t.firstRead) {
		t.firstRead = start
	}
}

func (t *timings) progress() {
	t.mu.Lock()
	t.lastProgress = time.Now()
	t.mu.Unlock()
}

// timedCustomers times the customer reads of a planning.
type timedCustomers struct {
	customer.Store
	t *timings
}

// FindCustomerIDs implements customer.Store, timed.
func (s timedCustomers) FindCustomerIDs(ctx context.Context, j tact.Jurisdiction, after string, limit int) ([]string, error) {
	defer s.t.add(&s.t.ids, time.Now())
	s.t.mu.Lock()
	s.t.pages++
	s.t.mu.Unlock()
	return s.Store.FindCustomerIDs(ctx, j, after, limit)
}

// FindUsageOf implements customer.Store, timed.
func (s timedCustomers) FindUsageOf(ctx context.Context, ids []string, from, to tact.Month) ([]*customer.Usage, error) {
	defer s.t.add(&s.t.usage, time.Now())
	return s.Store.FindUsageOf(ctx, ids, from, to)
}

// timedFacts times the facts read of a planning.
type timedFacts struct {
	contactpolicy.FactsStore
	t *timings
}

// FindFacts implements contactpolicy.FactsStore, timed.
func (s timedFacts) FindFacts(ctx context.Context, q contactpolicy.FactsQuery) (map[string]*contactpolicy.Facts, error) {
	defer s.t.add(&s.t.facts, time.Now())
	return s.FactsStore.FindFacts(ctx, q)
}

// timedCampaigns times the save of a plan.
type timedCampaigns struct {
	campaign.Store
	t *timings
}

// SavePlan implements campaign.Store, timed.
func (s timedCampaigns) SavePlan(ctx context.Context, p *campaign.Plan, entries []*campaign.Entry) error {
	start := time.Now()
	err := s.Store.SavePlan(ctx, p, entries)
	s.t.mu.Lock()
	s.t.saveStart, s.t.save = start, time.Since(start)
	s.t.mu.Unlock()
	return err
}

// statusKB reads a field of /proc/self/status in kB (VmHWM, VmRSS); 0 when
// it cannot.
func statusKB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// resetPeak resets the process's RSS high-water mark (VmHWM) to its current
// RSS, so that the next reading is the peak of what follows; false when the
// kernel refuses.
func resetPeak() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// diskRead is how many bytes the machine's disks have read since boot
// (every process's reads: /sys/block/*/stat, loop and zram devices left
// out); 0 when unknown.
func diskRead() int64 {
	dirs, err := os.ReadDir("/sys/block")
	if err != nil {
		return 0
	}
	var sectors int64
	for _, d := range dirs {
		if strings.HasPrefix(d.Name(), "loop") || strings.HasPrefix(d.Name(), "zram") || strings.HasPrefix(d.Name(), "ram") {
			continue
		}
		b, err := os.ReadFile("/sys/block/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 2 {
			n, _ := strconv.ParseInt(f[2], 10, 64)
			sectors += n
		}
	}
	return sectors * 512
}

// loadAverage is the machine's 1-minute load average, as /proc/loadavg says.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
