package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/session"
)

var attemptTests = []contractTest{
	{"SignInAttempts", testSignInAttempts},
	{"SignInAttemptRaces", testSignInAttemptRaces},
}

// attempt records one attempt at at under ls and returns it with the times
// the store answers.
func (f *fixture) attempt(t *testing.T, at time.Time, ls []session.Limit) (*session.Attempt, [][]time.Time) {
	t.Helper()
	a, err := session.NewAttempt(at, ls)
	must(t, "NewAttempt", err)
	recent, err := f.st.Attempts.AddAttempt(f.ctx, a, session.WindowStart(at))
	must(t, "AddAttempt", err)
	if len(recent) != len(ls) {
		t.Fatalf("AddAttempt answered %d lists for %d limits", len(recent), len(ls))
	}
	return a, recent
}

func testSignInAttempts(t *testing.T, f *fixture) {
	julie := session.LimitsOf(session.SignIn, "julie@example.fr", "203.0.113.7")
	marc := session.LimitsOf(session.SignIn, "marc@example.fr", "203.0.113.7") // the same address
	start := f.now()
	var times []time.Time
	for i := range session.MaxFailures + 2 {
		at := start.Add(time.Duration(i) * time.Minute)
		times = append(times, at)
		_, recent := f.attempt(t, at, julie)
		// Newest first, this one's own included, at most Max+1.
		want := []time.Time{}
		for j := i; j >= 0 && len(want) < session.MaxFailures+1; j-- {
			want = append(want, times[j])
		}
		diff(t, "the email's attempts after the attempt at minute "+string(rune('0'+i)), want, recent[0])
		diff(t, "the address's", want, recent[1])
	}
	// Another email from the same address: its own count, the address's shared.
	last := start.Add(time.Duration(session.MaxFailures+1) * time.Minute)
	a, recent := f.attempt(t, last, marc)
	if len(recent[0]) != 1 || len(recent[1]) != session.MaxFailures+1 {
		t.Errorf("marc's first attempt: %d for his email, %d for the address; want 1 and %d", len(recent[0]), len(recent[1]), session.MaxFailures+1)
	}
	wantUTC(t, "at", recent[0][0])
	if !recent[0][0].Equal(last) {
		t.Errorf("marc's attempt read back at %v, want %v", recent[0][0], last)
	}

	// Dropped, an attempt counts no more, under any key; dropping twice is
	// no error. Another attempt of the same instant stays.
	f.attempt(t, last, marc) // its twin
	must(t, "DropAttempt", f.st.Attempts.DropAttempt(f.ctx, a))
	must(t, "DropAttempt again", f.st.Attempts.DropAttempt(f.ctx, a))
	_, recent = f.attempt(t, last, marc)
	if len(recent[0]) != 2 {
		t.Errorf("after a drop, marc's email counts %d, want 2 (the twin and this one)", len(recent[0]))
	}

	// Only what is after since counts: the window's start is excluded.
	a2, err := session.NewAttempt(last, julie)
	must(t, "NewAttempt", err)
	recent, err = f.st.Attempts.AddAttempt(f.ctx, a2, times[1])
	must(t, "AddAttempt", err)
	if got := recent[0][len(recent[0])-1]; !got.After(times[1]) {
		t.Errorf("an attempt at the window's start %v counted (oldest %v)", times[1], got)
	}

	// Clearing the email forgets it alone.
	must(t, "ClearAttempts", f.st.Attempts.ClearAttempts(f.ctx, julie[0].Key))
	_, recent = f.attempt(t, last, julie)
	if len(recent[0]) != 1 || len(recent[1]) != session.MaxFailures+1 {
		t.Errorf("after clearing the email: %d for it, %d for the address", len(recent[0]), len(recent[1]))
	}

	// The purge deletes what was made at or before its bound, oldest first,
	// up to its limit.
	n, err := f.st.Attempts.PurgeAttempts(f.ctx, times[1], 1)
	must(t, "PurgeAttempts", err)
	if n != 1 {
		t.Errorf("a purge of 1 deleted %d", n)
	}
	n, err = f.st.Attempts.PurgeAttempts(f.ctx, times[1], 100)
	must(t, "PurgeAttempts", err)
	// The address's rows at minutes 0 and 1 (the email's were cleared), less the one deleted.
	if n != 1 {
		t.Errorf("the second purge deleted %d, want 1", n)
	}
	n, err = f.st.Attempts.PurgeAttempts(f.ctx, times[1], 100)
	must(t, "PurgeAttempts again", err)
	if n != 0 {
		t.Errorf("a third purge deleted %d", n)
	}
	a3, err := session.NewAttempt(last, julie)
	must(t, "NewAttempt", err)
	recent, err = f.st.Attempts.AddAttempt(f.ctx, a3, start.Add(-time.Hour))
	must(t, "AddAttempt", err)
	if got := recent[1][len(recent[1])-1]; !got.After(times[1]) {
		t.Errorf("the address's oldest attempt after the purge: %v, want after %v", got, times[1])
	}
}

// testSignInAttemptRaces: attempts made at once, none before, are each
// counted by those judged after them: at most Max of them see themselves
// within the limit.
func testSignInAttemptRaces(t *testing.T, f *fixture) {
	const racers = 16
	ls := session.LimitsOf(session.SignIn, "julie@example.fr", "203.0.113.7")
	var wg sync.WaitGroup
	counts := make([]int, racers)
	for i := range racers {
		wg.Go(func() {
			a, err := session.NewAttempt(f.now(), ls)
			if err != nil {
				t.Error(err)
				return
			}
			recent, err := f.st.Attempts.AddAttempt(f.ctx, a, session.WindowStart(f.now()))
			if err != nil {
				t.Errorf("AddAttempt racing: %v", err)
				return
			}
			counts[i] = len(recent[0])
		})
	}
	wg.Wait()
	within := 0
	for _, n := range counts {
		if n >= 1 && n <= ls[0].Max {
			within++
		}
		if n < 1 || n > ls[0].Max+1 {
			t.Errorf("an attempt saw %d, want 1 to %d", n, ls[0].Max+1)
		}
	}
	if within > ls[0].Max {
		t.Errorf("%d of %d attempts at once saw themselves within the limit of %d", within, racers, ls[0].Max)
	}
}
