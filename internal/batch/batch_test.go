package batch_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/tact"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunSchedulesLogsAndStops runs a job that changes something, then
// fails, then changes nothing: the schedule goes on through the failure,
// logs the runs that changed something or failed, and stops with ctx.
func TestRunSchedulesLogsAndStops(t *testing.T) {
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	runs := 0
	var actors []tact.Actor
	job := batch.Job{Name: "count", Run: func(ctx context.Context) ([]any, error) {
		mu.Lock()
		defer mu.Unlock()
		runs++
		actors = append(actors, tact.ActorFrom(ctx))
		switch runs {
		case 1:
			return []any{"changed", 3}, nil
		case 2:
			return nil, errors.New("database away")
		case 4:
			cancel()
		}
		return nil, nil
	}}
	done := make(chan struct{})
	start := time.Now()
	go func() {
		batch.Run(ctx, log, 5*time.Millisecond, job)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop when its context was cancelled")
	}
	if runs != 4 {
		t.Errorf("%d runs, want 4 (the schedule goes on after a failure and stops with ctx)", runs)
	}
	if time.Since(start) < 15*time.Millisecond {
		t.Errorf("4 runs 5ms apart took %s", time.Since(start))
	}
	for _, a := range actors {
		if a != batch.Actor {
			t.Errorf("job ran as %v, want the scheduler", a)
		}
	}
	out := logs.String()
	for _, want := range []string{`msg="job ran" job=count`, "changed=3", `msg="job failed" job=count`, `err="database away"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d log lines, want 2 (runs that changed nothing are not logged at info):\n%s", n, out)
	}
}

func TestRunDisabled(t *testing.T) {
	ran := false
	job := batch.Job{Name: "never", Run: func(context.Context) ([]any, error) { ran = true; return nil, nil }}
	batch.Run(context.Background(), slog.New(slog.DiscardHandler), 0, job)
	if ran {
		t.Error("an interval of 0 ran a job")
	}
}
