package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/cli"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/sqlite"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(vars map[string]string, stdout, stderr io.Writer) cli.Env {
	return cli.Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(k string) string { return vars[k] }}
}

// run runs a command to completion.
func run(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), args, env(vars, &out, &errOut))
	return code, out.String(), errOut.String()
}

func TestUsageAndErrors(t *testing.T) {
	db := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db")}
	tests := []struct {
		args   []string
		vars   map[string]string
		code   int
		stream string
		want   string
	}{
		{[]string{"help"}, nil, 0, "out", "Commands:"},
		{[]string{"version"}, nil, 0, "out", "tact 0.1.0"},
		{[]string{"frobnicate"}, nil, 2, "err", `unknown command "frobnicate"`},
		{[]string{"migrate", "--db", "mysql://x"}, nil, 1, "err", "use sqlite:PATH or a postgres:// URL"},
		{[]string{"migrate", "extra"}, db, 2, "err", "unexpected arguments"},
		{[]string{"migrate", "--sqlite-sync", "OFF"}, db, 1, "err", "use FULL or NORMAL"},
		{[]string{"token", "create", "--name", "x", "--scopes", "customers:delete"}, db, 1, "err", `unknown scope "customers:delete"`},
		{[]string{"token", "frob"}, db, 2, "err", "unknown subcommand"},
		{[]string{"user", "create", "--email", "a@b.fr", "--name", "A", "--role", "root"}, db, 1, "err", `role "root"`},
		{[]string{"migrate"}, map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "e.db"), "TACT_SHUTDOWN_TIMEOUT": "soon"}, 1, "err", "TACT_SHUTDOWN_TIMEOUT"},
		{[]string{"serve"}, map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "j.db"), "TACT_JOBS_INTERVAL": "-1m"}, 1, "err", "jobs interval"},
		{[]string{"jobs"}, db, 2, "err", "usage: tact jobs run"},
		{[]string{"jobs", "run"}, db, 0, "out", "overdue sweep: 0 promises now overdue, 0 apologies queued"},
		{[]string{"jobs", "run"}, db, 0, "out", "cancellations: 0 completed, 0 customers now former"},
		{[]string{"jobs", "run"}, db, 0, "out", "commitment-end notices: 0 queued (0 late), 0 lines examined"},
		{[]string{"jobs", "run"}, db, 0, "out", "marketing data erasure: 0 former customers erased three years after leaving, 0 examined"},
		{[]string{"jobs", "run"}, db, 0, "out", "quality figures: 12 weeks computed (FR "},
		{[]string{"jobs", "run"}, db, 0, "out", "session purge: 0 sessions, 0 customer sessions and 0 sign-in codes deleted, ended before "},
		{[]string{"jobs", "run", "--notice-days-caqc", "91"}, db, 1, "err", "outside the law's window of 60 to 90 days"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.vars, tt.args...)
		got := out
		if tt.stream == "err" {
			got = errOut
		}
		if code != tt.code || !strings.Contains(got, tt.want) {
			t.Errorf("tact %s: exit %d, want %d; %s does not contain %q:\nstdout: %s\nstderr: %s",
				strings.Join(tt.args, " "), code, tt.code, tt.stream, tt.want, out, errOut)
		}
	}
}

func TestUsersAndTokens(t *testing.T) {
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db"), "TACT_LOG_LEVEL": "warn"}
	code, out, errOut := run(t, vars, "user", "create", "--email", "Marie.Dubois@Operateur.fr", "--name", "Marie Dubois", "--role", "supervisor")
	if code != 0 {
		t.Fatalf("user create: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines[len(lines)-1]) < 20 {
		t.Errorf("a generated password is printed last: %q", out)
	}
	if code, _, errOut := run(t, vars, "user", "create", "--email", "marie.dubois@operateur.fr", "--name", "Marie", "--role", "advisor"); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("duplicate user: %d %s", code, errOut)
	}
	if _, out, _ := run(t, vars, "user", "list"); !strings.Contains(out, "marie.dubois@operateur.fr") || !strings.Contains(out, "supervisor") {
		t.Errorf("user list: %s", out)
	}

	_, out, _ = run(t, vars, "token", "create", "--name", "dialer", "--scopes", "interactions:write")
	id := strings.Fields(out)[1]
	if _, out, _ := run(t, vars, "token", "list"); !strings.Contains(out, id) || !strings.Contains(out, "active") {
		t.Errorf("token list: %s", out)
	}
	if code, _, errOut := run(t, vars, "token", "revoke", id); code != 0 {
		t.Fatalf("revoke: %s", errOut)
	}
	if _, out, _ := run(t, vars, "token", "list"); !strings.Contains(out, "was revoked") {
		t.Errorf("token list after revoke: %s", out)
	}
}

// TestUserSupervisor creates advisors under a supervisor: the supervisor must
// exist and supervise, and the list shows who supervises whom.
func TestUserSupervisor(t *testing.T) {
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db"), "TACT_LOG_LEVEL": "warn"}
	create := func(email, role string, more ...string) (int, string, string) {
		return run(t, vars, append([]string{"user", "create", "--email", email, "--name", strings.Split(email, "@")[0], "--role", role}, more...)...)
	}
	if code, _, errOut := create("zoe@operateur.fr", "supervisor"); code != 0 {
		t.Fatalf("supervisor: %d %s", code, errOut)
	}
	code, out, errOut := create("paul@operateur.fr", "advisor", "--supervisor", "Zoe@Operateur.fr")
	if code != 0 || !strings.Contains(out, "supervised by zoe@operateur.fr") {
		t.Fatalf("advisor under zoe: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := create("lea@operateur.fr", "advisor", "--supervisor", "nobody@operateur.fr"); code != 1 || !strings.Contains(errOut, `no user signs in as "nobody@operateur.fr"`) {
		t.Errorf("unknown supervisor: %d %s", code, errOut)
	}
	if code, _, errOut := create("lea@operateur.fr", "advisor", "--supervisor", "paul@operateur.fr"); code != 1 || !strings.Contains(errOut, "advisor") {
		t.Errorf("an advisor as supervisor: %d %s", code, errOut)
	}
	if code, _, errOut := create("ana@operateur.fr", "admin"); code != 0 {
		t.Fatalf("admin: %d %s", code, errOut)
	}
	if code, _, errOut := create("lea@operateur.fr", "supervisor", "--supervisor", "ana@operateur.fr"); code != 0 {
		t.Errorf("a supervisor under an admin: %d %s", code, errOut)
	}
	_, out, _ = run(t, vars, "user", "list")
	rows := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		rows[f[1]] = f
	}
	if h := rows["EMAIL"]; len(h) < 5 || h[4] != "SUPERVISOR" {
		t.Fatalf("user list header: %v\n%s", h, out)
	}
	for email, want := range map[string]string{"paul@operateur.fr": "zoe@operateur.fr", "lea@operateur.fr": "ana@operateur.fr", "zoe@operateur.fr": "-"} {
		if r := rows[email]; len(r) < 5 || r[4] != want {
			t.Errorf("%s: supervisor %v, want %s\n%s", email, r, want, out)
		}
	}
	if len(rows) != 5 {
		t.Errorf("%d rows, want a header and 4 users (the refused ones are not created):\n%s", len(rows), out)
	}
}

// TestServeStartsAndStops runs the whole program in-process on a free port with
// a temporary database, talks to it, and stops it the way SIGTERM would.
func TestServeStartsAndStops(t *testing.T) {
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db"), "TACT_ADDR": "127.0.0.1:0", "TACT_LOG_LEVEL": "warn"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"serve"}, env(vars, pw, &stderr))
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no output; stderr: %s", stderr.String())
	}
	url, ok := strings.CutPrefix(lines.Text(), "tact serving on ")
	if !ok {
		t.Fatalf("first line %q", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	for _, tt := range []struct {
		path string
		want int
	}{{"/healthz", 200}, {"/readyz", 200}, {"/v1/customers", 401}, {"/nowhere", 404}, {"/metrics", 200}} {
		path, want := tt.path, tt.want
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d: %s", path, resp.StatusCode, want, body)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("GET %s: no X-Request-Id", path)
		}
		if path == "/readyz" {
			var v map[string]string
			if json.Unmarshal(body, &v) != nil || v["status"] != "ready" {
				t.Errorf("readyz body %s", body)
			}
		}
		if path == "/metrics" && !strings.Contains(string(body), `tact_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`) {
			t.Errorf("metrics do not count the healthz request by route:\n%s", body)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestDemoBuildsThenReuses builds a small demo, then finds it again rather than
// building twice, and lists the five story customers both times.
func TestDemoBuildsThenReuses(t *testing.T) {
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "demo.db"), "TACT_LOG_LEVEL": "warn"}
	code, out, errOut := run(t, vars, "demo", "--customers", "150", "--build-only")
	if code != 0 || !strings.Contains(out, "Building the demo operator") {
		t.Fatalf("first demo: %d\n%s\n%s", code, out, errOut)
	}
	for _, story := range []string{"1. ", "2. ", "3. ", "4. ", "5. "} {
		if !strings.Contains(out, story) {
			t.Errorf("story %q missing from:\n%s", story, out)
		}
	}
	for _, want := range []string{"case cas_", "promise com_", "owned by julie.morvan@", "supervisor: Claire Vasseur", "On-Behalf-Of"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing from:\n%s", want, out)
		}
	}
	code, again, errOut := run(t, vars, "demo", "--customers", "150", "--build-only")
	if code != 0 || !strings.Contains(again, "Reusing the demo") || strings.Contains(again, "Building") {
		t.Fatalf("second demo: %d\n%s\n%s", code, again, errOut)
	}

	// The first sweep finds story 2's broken promise and apologises, in the
	// configured operator's name; the second finds nothing.
	vars["TACT_OPERATOR_NAME"] = "Télé Nord"
	if code, out, errOut := run(t, vars, "jobs", "run"); code != 0 || !strings.Contains(out, "overdue sweep: 1 promise now overdue, 1 apology queued") {
		t.Fatalf("jobs run: %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut := run(t, vars, "jobs", "run"); code != 0 || !strings.Contains(out, "overdue sweep: 0 promises now overdue, 0 apologies queued") {
		t.Fatalf("jobs run again: %d\n%s\n%s", code, out, errOut)
	}
	db, err := sqlite.Open(context.Background(), strings.TrimPrefix(vars["TACT_DB"], "sqlite:"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := db.Stores().Deliveries.FindDeliveries(context.Background(), delivery.Filter{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	// Besides the demo's notices of cancelled promises, one apology.
	var list []*delivery.Delivery
	for _, d := range all {
		if d.Kind == delivery.Apology {
			list = append(list, d)
		}
	}
	if len(list) != 1 || !strings.Contains(list[0].Subject+list[0].Body, "Télé Nord") {
		t.Errorf("apologies after the sweep: %+v; want one signed Télé Nord", list)
	}
}

// TestServeRunsTheSweep serves a demo database: the sweep runs as the server
// starts and logs what it changed.
func TestServeRunsTheSweep(t *testing.T) {
	vars := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "demo.db"), "TACT_LOG_LEVEL": "info", "TACT_ADDR": "127.0.0.1:0", "TACT_JOBS_INTERVAL": "50ms"}
	if code, out, errOut := run(t, vars, "demo", "--customers", "150", "--build-only"); code != 0 {
		t.Fatalf("demo: %d\n%s\n%s", code, out, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- cli.Run(ctx, []string{"serve"}, env(vars, &stdout, &stderr)) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stderr.String(), "job ran") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a few more passes, which change nothing
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := stderr.String()
	if n := strings.Count(logs, "msg=\"job ran\" job=overdue_sweep"); n != 1 || !strings.Contains(logs, "overdue=1 apologies_queued=1") {
		t.Errorf("%d logged sweeps, want 1 with overdue=1 apologies_queued=1:\n%s", n, logs)
	}
}
