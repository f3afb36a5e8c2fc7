package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/testenv"
)

// binary is the tact binary built once for these tests: they run the real
// program, as an operator would, and kill it as a crash would.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tact-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "tact")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building tact:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// tact runs a command to completion and returns its stdout.
func tact(t *testing.T, db string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "TACT_DB="+db, "TACT_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("tact %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// server is a running "tact serve" process.
type server struct {
	cmd *exec.Cmd
	url string
}

// serve starts "tact serve" on a free port and waits for its "serving on" line.
func serve(t *testing.T, db string) *server {
	t.Helper()
	cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TACT_DB="+db, "TACT_LOG_LEVEL=warn")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd}
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	lines := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(30*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		if url, ok := strings.CutPrefix(lines.Text(), "tact serving on "); ok {
			s.url = url
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return s
		}
	}
	t.Fatalf("tact serve never said where it serves")
	return nil
}

// kill9 kills the server the way a crash would: no shutdown, no flush.
func (s *server) kill9(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
}

func (s *server) do(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func sqliteDB(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "tact.db") }

// engines returns the databases the end-to-end tests run on: a SQLite file,
// and an empty PostgreSQL schema (skipped, or failed under
// TACT_REQUIRE_POSTGRES=1, when no server is configured).
func engines(t *testing.T) map[string]func(*testing.T) string {
	return map[string]func(*testing.T) string{
		"sqlite":   sqliteDB,
		"postgres": func(t *testing.T) string { return testenv.PostgresSchema(t) },
	}
}

func TestMigrateTwiceAndTokenOnLastLine(t *testing.T) {
	for name, newDB := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			first := tact(t, db, "migrate")
			if !strings.Contains(first, "applied 0001_init") {
				t.Fatalf("first migrate: %q", first)
			}
			if again := tact(t, db, "migrate"); strings.TrimSpace(again) != "up to date" {
				t.Fatalf("second migrate: %q", again)
			}
			out := tact(t, db, "token", "create", "--name", "dialer", "--scopes", "interactions:write,customers:read")
			secret := lastLine(out)
			if !strings.HasPrefix(secret, "tact_") || strings.Contains(secret, " ") {
				t.Fatalf("last line is not the token alone: %q", secret)
			}
			s := serve(t, db)
			if code, _ := s.do(t, "GET", "/v1/customers?q=x", secret, nil); code != http.StatusOK {
				t.Fatalf("customers:read token on GET /v1/customers: %d", code)
			}
			if code, _ := s.do(t, "POST", "/v1/customers", secret, map[string]any{}); code != http.StatusForbidden {
				t.Fatalf("token without customers:write on POST /v1/customers: %d, want 403", code)
			}
		})
	}
}

// TestKillNineKeepsAcknowledgedWrites posts interactions and contact
// decisions as fast as it can, kills the server with SIGKILL in the middle,
// restarts it, and checks that every interaction answered 201 and every
// decision answered is there (decisions are group-committed apart from other
// writes).
func TestKillNineKeepsAcknowledgedWrites(t *testing.T) {
	for name, newDB := range engines(t) {
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			secret := lastLine(tact(t, db, "token", "create", "--name", "e2e", "--scopes", "all"))
			s := serve(t, db)
			code, c := s.do(t, "POST", "/v1/customers", secret, map[string]any{
				"jurisdiction": "FR", "given_name": "Camille", "family_name": "Roux",
				"phones": []any{map[string]any{"number": "06 12 34 56 78"}},
			})
			if code != http.StatusCreated {
				t.Fatalf("create customer: %d %v", code, c)
			}
			customerID := c["id"].(string)

			var mu sync.Mutex
			var acked, decided []string
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for w := 0; w < 2; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						code, d := s.do(t, "POST", "/v1/contact-decisions", secret, map[string]any{
							"customer_id": customerID, "purpose": "service", "channel": "phone", "source": "e2e", "caller_id": "+33176000000",
						})
						if code == http.StatusCreated || code == http.StatusOK {
							mu.Lock()
							decided = append(decided, d["id"].(string))
							mu.Unlock()
						}
					}
				}()
			}
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for n := 0; ; n++ {
						select {
						case <-stop:
							return
						default:
						}
						code, in := s.do(t, "POST", "/v1/interactions", secret, map[string]any{
							"customer_id": customerID, "channel": "phone", "direction": "inbound", "purpose": "service",
							"source": "e2e", "external_id": fmt.Sprintf("w%d-%d", w, n), "outcome": "completed",
							"started_at": time.Now().UTC().Format(time.RFC3339Nano), "summary": "crash test",
						})
						if code == http.StatusCreated {
							mu.Lock()
							acked = append(acked, in["id"].(string))
							mu.Unlock()
						}
					}
				}(w)
			}
			// Let some writes land, then crash while others are in flight.
			for {
				time.Sleep(20 * time.Millisecond)
				mu.Lock()
				n, m := len(acked), len(decided)
				mu.Unlock()
				if n >= 30 && m >= 30 {
					break
				}
			}
			s.kill9(t)
			close(stop)
			wg.Wait()

			s = serve(t, db)
			mu.Lock()
			defer mu.Unlock()
			for _, id := range acked {
				if code, _ := s.do(t, "GET", "/v1/interactions/"+id, secret, nil); code != http.StatusOK {
					t.Errorf("interaction %s was acknowledged with 201 before the crash but is gone: %d", id, code)
				}
			}
			for _, id := range decided {
				if code, _ := s.do(t, "GET", "/v1/contact-decisions/"+id, secret, nil); code != http.StatusOK {
					t.Errorf("decision %s was answered before the crash but is gone: %d", id, code)
				}
			}
			t.Logf("%d acknowledged interactions and %d decisions all survived kill -9", len(acked), len(decided))
		})
	}
}
