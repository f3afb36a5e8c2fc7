package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/postgres"
	"github.com/tactcrm/tact/internal/session"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// twoNodes opens one database twice, as two tact nodes behind a load
// balancer would, and returns the services of each, their clocks at the
// same time.
func twoNodes(t *testing.T, engine string) (*app.App, *app.App, []*tact.ManualClock) {
	t.Helper()
	ctx := context.Background()
	var stores [2]app.Stores
	switch engine {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "tact.db")
		for i := range stores {
			db, err := sqlite.Open(ctx, path, sqlite.Options{Synchronous: sqlite.SyncNormal})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if i == 0 {
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			stores[i] = db.Stores()
		}
	case "postgres":
		u := testenv.PostgresSchema(t)
		for i := range stores {
			db, err := postgres.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(db.Close)
			if i == 0 {
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			stores[i] = db.Stores()
		}
	}
	start := time.Date(2026, 3, 17, 15, 0, 0, 0, time.UTC)
	clocks := []*tact.ManualClock{tact.NewManualClock(start), tact.NewManualClock(start)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	return app.New(stores[0], app.Options{Clock: clocks[0], Logger: log}), app.New(stores[1], app.Options{Clock: clocks[1], Logger: log}), clocks
}

// TestSignInLimitSharedByNodes: two nodes over one database count the same
// attempts. Five wrong passwords, on one node and the other in turn, are
// each told so; the sixth attempt is refused on either node, even with the
// right password; once the first failure is out of the window, either lets
// the person in. The customer space's codes are counted likewise.
func TestSignInLimitSharedByNodes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			a, b, clocks := twoNodes(t, engine)
			ctx := context.Background()
			const password = "correct horse battery staple"
			if _, err := a.Access.CreateUser(ctx, "julie@example.fr", "Julie Morvan", access.Advisor, password); err != nil {
				t.Fatal(err)
			}
			nodes := []*app.App{a, b}
			client := app.Client{IP: "203.0.113.7"}
			for i := range session.MaxFailures {
				_, _, _, err := nodes[i%2].Sessions.SignIn(ctx, "julie@example.fr", "not the password", client)
				if tact.ErrorCode(err) != tact.CodeUnauthorized {
					t.Fatalf("wrong password %d on node %d: %v, want unauthorized", i+1, i%2+1, err)
				}
				for _, c := range clocks {
					c.Advance(time.Second)
				}
			}
			for i, n := range nodes {
				_, _, _, err := n.Sessions.SignIn(ctx, "julie@example.fr", password, client)
				var limited *app.RateLimitedError
				if !errors.As(err, &limited) || limited.Wait != session.FailureWindow-5*time.Second {
					t.Errorf("attempt %d on node %d: %v, want rate limited for %v", session.MaxFailures+1, i+1, err, session.FailureWindow-5*time.Second)
				}
			}
			for _, c := range clocks {
				c.Advance(session.FailureWindow - 5*time.Second)
			}
			if _, _, _, err := b.Sessions.SignIn(ctx, "julie@example.fr", password, client); err != nil {
				t.Errorf("once the first failure left the window: %v", err)
			}

			// Codes asked for in the space: five, then refused on both.
			for i := range session.MaxFailures {
				if err := nodes[i%2].Space.SendCode(ctx, "nobody@example.fr", client); err != nil {
					t.Fatalf("code %d asked on node %d: %v", i+1, i%2+1, err)
				}
			}
			for i, n := range nodes {
				if err := n.Space.SendCode(ctx, "nobody@example.fr", client); tact.ErrorCode(err) != tact.CodeRateLimited {
					t.Errorf("code %d asked on node %d: %v, want rate limited", session.MaxFailures+1, i+1, err)
				}
			}
		})
	}
}

// TestSignInLimitBurstAcrossNodes: wrong passwords sent all at once, half to
// each node, with none before: no more than the limit are checked (401),
// the others are refused (429) without a look at the password.
func TestSignInLimitBurstAcrossNodes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			a, b, _ := twoNodes(t, engine)
			ctx := context.Background()
			if _, err := a.Access.CreateUser(ctx, "julie@example.fr", "Julie Morvan", access.Advisor, "correct horse battery staple"); err != nil {
				t.Fatal(err)
			}
			const burst = 12
			codes := make([]tact.Code, burst)
			var wg sync.WaitGroup
			for i := range burst {
				n := []*app.App{a, b}[i%2]
				wg.Go(func() {
					_, _, _, err := n.Sessions.SignIn(ctx, "julie@example.fr", "guess", app.Client{IP: "203.0.113.7"})
					codes[i] = tact.ErrorCode(err)
				})
			}
			wg.Wait()
			checked := 0
			for _, c := range codes {
				switch c {
				case tact.CodeUnauthorized:
					checked++
				case tact.CodeRateLimited:
				default:
					t.Errorf("an attempt of the burst: %q", c)
				}
			}
			// SQLite counts under its write lock: exactly the limit. PostgreSQL
			// counts what was committed before each count: never more, and
			// fewer when attempts overlap (each then counts the others).
			if checked > session.MaxFailures || (engine == "sqlite" && checked != session.MaxFailures) {
				t.Errorf("%d of %d wrong passwords at once were checked, want at most %d", checked, burst, session.MaxFailures)
			}
		})
	}
}

// countingAttempts counts the attempts a store is asked to record.
type countingAttempts struct {
	session.AttemptStore
	mu    sync.Mutex
	added int
}

func (c *countingAttempts) AddAttempt(ctx context.Context, a *session.Attempt, since time.Time) ([][]time.Time, error) {
	c.mu.Lock()
	c.added++
	c.mu.Unlock()
	return c.AttemptStore.AddAttempt(ctx, a, since)
}

// TestSignInRefusalsRemembered: once the database refused an attempt, the
// node refuses the next ones itself until the refusal ends, recording
// nothing: a flood past the limit costs the database no write. When the
// refusal ends, the database judges again.
func TestSignInRefusalsRemembered(t *testing.T) {
	t.Parallel()
	st := testenv.SQLite(t).Stores()
	counting := &countingAttempts{AttemptStore: st.Attempts}
	st.Attempts = counting
	clock := tact.NewManualClock(time.Date(2026, 3, 17, 15, 0, 0, 0, time.UTC))
	a := app.New(st, app.Options{Clock: clock, Logger: slog.New(slog.DiscardHandler)})
	ctx := context.Background()
	client := app.Client{IP: "203.0.113.7"}
	for i := range session.MaxFailures + 1 {
		_, _, _, err := a.Sessions.SignIn(ctx, "nobody@example.fr", "guess", client)
		if want := map[bool]tact.Code{true: tact.CodeUnauthorized, false: tact.CodeRateLimited}[i < session.MaxFailures]; tact.ErrorCode(err) != want {
			t.Fatalf("attempt %d: %v, want %s", i+1, err, want)
		}
	}
	for range 20 {
		if _, _, _, err := a.Sessions.SignIn(ctx, "someone-else@example.fr", "guess", client); tact.ErrorCode(err) != tact.CodeRateLimited {
			t.Fatalf("from the refused address: %v", err)
		}
	}
	if counting.added != session.MaxFailures+1 {
		t.Errorf("%d attempts recorded, want %d: the refusals after the first went to the database", counting.added, session.MaxFailures+1)
	}
	clock.Advance(session.FailureWindow)
	if _, _, _, err := a.Sessions.SignIn(ctx, "someone-else@example.fr", "guess", client); tact.ErrorCode(err) != tact.CodeUnauthorized {
		t.Errorf("once the refusal ended: %v, want unauthorized", err)
	}
	if counting.added != session.MaxFailures+2 {
		t.Errorf("%d attempts recorded after the refusal ended, want %d", counting.added, session.MaxFailures+2)
	}
}
