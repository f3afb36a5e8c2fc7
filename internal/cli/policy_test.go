package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/contactpolicy"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPolicyShow(t *testing.T) {
	stricter := writeFile(t, "stricter.toml", `caller_ids = ["+33 1 76 00 00 00", "+1 514 555 0100"]
[jurisdictions.FR]
max_sales_calls = 2
sales_call_hours = { mon = ["10:00-12:00"], tue = ["14:00-18:00"] }
[jurisdictions.CA-QC]
do_not_call_kept_days = 0
`)
	laxer := writeFile(t, "laxer.toml", "[jurisdictions.FR]\nmax_sales_calls = 6\nsales_calls_on_holidays = true\n")
	tests := []struct {
		name string
		args []string
		vars map[string]string
		code int
		want []string // on stdout when code is 0, else on stderr
	}{
		{"defaults in words", []string{"show"}, nil, 0, []string{
			"the law's defaults (no policy file)",
			"any number (no pool configured)",
			"France (FR)",
			"    Monday           10:00–13:00 and 14:00–20:00\n",
			"    Saturday         no sales calls\n",
			"Public holidays:   no sales calls",
			"at most 4 attempts in 30 days, every source together",
			"no sales call for 60 days",
			"Do-not-call list:  an entry holds for ever",
			"a Bloctel check less than 30 days old",
			"from 2026-08-11, a sales call to a prospect needs his provable consent",
			"at most one every 90 days per customer",
			"Québec (CA-QC)",
			"    Monday           09:00–21:30\n",
			"    Sunday           10:00–18:00\n",
			"an entry holds 1095 days (3 years)",
			"a National DNCL check less than 31 days old",
			"Provable consent:  not required",
		}},
		{"file from the environment", []string{"show"}, map[string]string{"TACT_POLICY": stricter}, 0, []string{
			"the law's defaults under " + stricter,
			"one of the operator's numbers: +33 1 76 00 00 00, +1 514 555 0100",
			"    Monday           10:00–12:00\n",
			"    Tuesday          14:00–18:00\n",
			"    Wednesday        no sales calls\n",
			"at most 2 attempts in 30 days",
			"Do-not-call list:  an entry holds for ever\n  Opposition list:   a sales call to a prospect needs a National DNCL",
		}},
		{"flag over the environment", []string{"show", "--policy", stricter}, map[string]string{"TACT_POLICY": laxer}, 0, []string{"at most 2 attempts"}},
		{"file in toml", []string{"show", "--format", "toml", "--policy", stricter}, nil, 0, []string{
			`caller_ids = ["+33 1 76 00 00 00", "+1 514 555 0100"]`,
			"[jurisdictions.FR.sales_call_hours]\nmon = [\"10:00-12:00\"]\ntue = [\"14:00-18:00\"]\n",
		}},
		{"laxer than the law", []string{"show"}, map[string]string{"TACT_POLICY": laxer}, 1, []string{
			"contact policy " + laxer + " is not valid:",
			"  - jurisdictions.FR.sales_calls_on_holidays: laxer than the law of FR (décret n° 2022-1313",
			"  - jurisdictions.FR.max_sales_calls: laxer than the law of FR (décret n° 2022-1313 du 13 octobre 2022, C. conso. D.223-8): 6: the law allows at most 4 sales calls in 30 days",
		}},
		{"missing file", []string{"show", "--policy", filepath.Join(t.TempDir(), "none.toml")}, nil, 1, []string{"no such file"}},
		{"no subcommand", nil, nil, 2, []string{"usage: tact policy show"}},
		{"unknown subcommand", []string{"frob"}, nil, 2, []string{`unknown subcommand "frob"`}},
		{"unknown format", []string{"show", "--format", "yaml"}, nil, 2, []string{"usage: tact policy show"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.vars, append([]string{"policy"}, tt.args...)...)
			got := out
			if tt.code != 0 {
				got = errOut
			}
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("does not say %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestPolicyShowTOMLIsAFile: the defaults shown as a file read back as the
// defaults.
func TestPolicyShowTOMLIsAFile(t *testing.T) {
	code, out, errOut := run(t, nil, "policy", "show", "--format", "toml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	p, err := config.ParsePolicy([]byte(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if diff := cmp.Diff(contactpolicy.Default(), p); diff != "" {
		t.Errorf("(-default +shown):\n%s", diff)
	}
}

// TestServeRefusesAnInvalidPolicy: a server with an invalid policy file does
// not start, says why, and leaves the database untouched.
func TestServeRefusesAnInvalidPolicy(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	bad := writeFile(t, "bad.toml", "[jurisdictions.CA-QC]\nsales_call_hours = { sat = [\"09:00-18:00\"] }\n")
	vars := map[string]string{"TACT_DB": "sqlite:" + db, "TACT_ADDR": "127.0.0.1:0"}
	code, out, errOut := run(t, vars, "serve", "--policy", bad)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := "tact serve: contact policy " + bad + " is not valid:\n  - jurisdictions.CA-QC.sales_call_hours.sat[0]: laxer than the law of CA-QC (CRTC Unsolicited Telecommunications Rules, Part III"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr %q does not say %q", errOut, want)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database was opened: %v", err)
	}
}
