package batch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/batch"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
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

// TestJobs: the server schedules the overdue sweep, the cancellations due,
// both notice jobs, the marketing data erasure, the quality figures and
// the purge of ended sessions;
// on a database with nothing to do they change nothing but the quality
// job, which computes the weeks of its first pass (empty weeks are
// figures too), and a notice job that queues logs its counts.
func TestJobs(t *testing.T) {
	ctx := t.Context()
	clock := tact.NewManualClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	a := app.New(testenv.SQLite(t).Stores(), app.Options{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	var names []string
	for _, j := range batch.Jobs(a) {
		names = append(names, j.Name)
		attrs, err := j.Run(ctx)
		if j.Name == "quality_figures" {
			// The current and the previous week and 4 older ones, in each
			// jurisdiction; the rest of the 104 weeks for later passes.
			if want := []any{"computed", 12, "remaining", 2 * (104 - 6)}; fmt.Sprint(attrs) != fmt.Sprint(want) || err != nil {
				t.Errorf("%s on an empty database: %v, %v; want %v", j.Name, attrs, err, want)
			}
			continue
		}
		if attrs != nil || err != nil {
			t.Errorf("%s on an empty database: %v, %v", j.Name, attrs, err)
		}
	}
	if strings.Join(names, ",") != "overdue_sweep,cancellations,commitment_end_notices,best_tariff_notices,marketing_data_erasure,quality_figures,session_purge" {
		t.Errorf("jobs: %v", names)
	}

	// A Québec customer whose commitment ends in 90 days, with usage to compare.
	price := tact.Money{Cents: 4500, Currency: tact.CAD}
	if _, err := a.Catalog.PutPlan(ctx, catalog.Plan{Code: "QC-10G", Name: tact.Text{FR: "Mobile 10 Go", EN: "Mobile 10 GB"}, Jurisdiction: tact.CAQC,
		MonthlyPrice: price, DataMB: catalog.Allowance{Amount: 10000}, VoiceMinutes: catalog.Unlimited, SMS: catalog.Unlimited, Tier: 1, Active: true}); err != nil {
		t.Fatal(err)
	}
	c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.CAQC), GivenName: tact.Some("Luc"), FamilyName: tact.Some("Gagnon"),
		CustomerSince: tact.Some(tact.Date{Year: 2020, Month: 1, Day: 1}), Emails: tact.Some([]customer.Email{{Address: "luc@example.ca", Primary: true}})})
	if err != nil {
		t.Fatal(err)
	}
	l, err := a.Customers.AddLine(ctx, c.ID, customer.LineUpdate{Number: tact.Some("514 555 0199"), PlanCode: tact.Some("QC-10G"),
		StartedOn: tact.Some(tact.Date{Year: 2024, Month: 8, Day: 1}), CommitmentEndsOn: tact.Some(tact.Date{Year: 2026, Month: 7, Day: 30})})
	if err != nil {
		t.Fatal(err)
	}
	zero := tact.Money{Currency: tact.CAD}
	if _, err := a.Customers.PutUsage(ctx, l.ID, customer.Usage{Month: "2026-04", DataMB: 8000, RoamingSpend: zero, ThirdPartySpend: zero}); err != nil {
		t.Fatal(err)
	}
	// Past the hour a full best-tariff pass waits after the last.
	clock.Advance(2 * time.Hour)
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	for _, j := range batch.Jobs(a) {
		if err := batch.Once(ctx, log, j); err != nil {
			t.Errorf("%s: %v", j.Name, err)
		}
	}
	for _, want := range []string{`msg="job ran" job=commitment_end_notices`, `msg="job ran" job=best_tariff_notices`, "examined=1 queued=1 late=0"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "job=overdue_sweep") {
		t.Errorf("a sweep that changed nothing was logged at info:\n%s", logs.String())
	}
}

// TestMarketingErasureJob: a former customer three years gone has his
// marketing data erased by the job, which logs what it did, as the
// scheduler; the next run changes nothing and logs nothing.
func TestMarketingErasureJob(t *testing.T) {
	clock := tact.NewManualClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	a := app.New(testenv.SQLite(t).Stores(), app.Options{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	ctx := tact.WithActor(t.Context(), batch.Actor)
	c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Paul"), FamilyName: tact.Some("Martin"),
		CustomerSince: tact.Some(tact.Date{Year: 2018, Month: 1, Day: 1}), Status: tact.Some(customer.Former),
		FormerSince: tact.Some(tact.Date{Year: 2023, Month: 4, Day: 30}),
		Consents: []customer.Consent{{Channel: tact.ChannelEmail, Purpose: tact.PurposeSales, Granted: true, Source: customer.SourceWeb,
			Proof: "form-9", At: clock.Now().Add(-time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	job := batch.MarketingErasure(a)
	for range 2 {
		if err := batch.Once(ctx, log, job); err != nil {
			t.Fatal(err)
		}
	}
	out := logs.String()
	if !strings.Contains(out, `msg="job ran" job=marketing_data_erasure`) || !strings.Contains(out, "examined=1 erased=1 changed=0 not_due=0 consents=1") ||
		strings.Count(out, "\n") != 1 {
		t.Errorf("log:\n%s", out)
	}
	got, err := a.Customers.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Consents) != 0 || got.MarketingErasedOn != (tact.Date{Year: 2026, Month: 5, Day: 1}) {
		t.Errorf("after the job: consents %v, erased on %v", got.Consents, got.MarketingErasedOn)
	}
	entries, _, err := a.Customers.Timeline(ctx, c.ID, "", tact.MaxPageSize)
	if err != nil {
		t.Fatal(err)
	}
	if e := entries[0]; e.Event == nil || e.Event.Kind != customer.EventMarketingErased || e.Event.Actor != batch.Actor {
		t.Errorf("the newest timeline entry: %+v", e)
	}
}

// TestSessionPurgeJob: a customer's session and code of 40 days ago are
// purged by the job, logged with its counts; those of yesterday stay, and
// the next run changes nothing and logs nothing.
func TestSessionPurgeJob(t *testing.T) {
	clock := tact.NewManualClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	st := testenv.SQLite(t).Stores()
	a := app.New(st, app.Options{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	ctx := tact.WithActor(t.Context(), batch.Actor)
	c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(tact.FR), GivenName: tact.Some("Paul"), FamilyName: tact.Some("Martin")})
	if err != nil {
		t.Fatal(err)
	}
	ids := tact.NewIDGen(clock, nil)
	for _, ago := range []time.Duration{40 * 24 * time.Hour, 24 * time.Hour} {
		at := clock.Now().Add(-ago)
		se, _, err := session.NewSpace(c.ID, at, ids, "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		code, _, err := session.NewCode("paul@example.fr", c.ID, at, ids, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Space.CreateSpaceSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		if err := st.Space.CreateCode(ctx, code); err != nil {
			t.Fatal(err)
		}
	}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	job := batch.SessionPurge(a)
	for range 2 {
		if err := batch.Once(ctx, log, job); err != nil {
			t.Fatal(err)
		}
	}
	out := logs.String()
	if !strings.Contains(out, `msg="job ran" job=session_purge`) || !strings.Contains(out, "sessions=0 space_sessions=1 sign_in_codes=1 sign_in_attempts=0 ended_before=2026-04-01T12:00:00") ||
		strings.Count(out, "\n") != 1 {
		t.Errorf("log:\n%s", out)
	}
	if _, err := st.Space.LatestCode(ctx, "paul@example.fr"); err != nil {
		t.Errorf("yesterday's code: %v", err)
	}
}
