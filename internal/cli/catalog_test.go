package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tactcrm/tact/internal/catalogfile"
	"github.com/tactcrm/tact/internal/testenv"
)

// engines runs fn with the environment of a fresh database of each engine:
// a SQLite file, and a PostgreSQL schema of its own (skipped when no server
// is configured, see testenv.PostgresURL).
func engines(t *testing.T, fn func(t *testing.T, vars map[string]string)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db"), "TACT_LOG_LEVEL": "warn"})
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, map[string]string{"TACT_DB": testenv.PostgresSchema(t), "TACT_LOG_LEVEL": "warn"})
	})
}

// mustRun runs a command that must succeed and returns its output.
func mustRun(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, vars, args...)
	if code != 0 {
		t.Fatalf("tact %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// storedCatalogue is the stored catalogue, as tact catalog show writes it.
func storedCatalogue(t *testing.T, vars map[string]string) string {
	t.Helper()
	return mustRun(t, vars, "catalog", "show", "--format", "toml")
}

// emptyCatalogue is what show writes for a store with no catalogue.
var emptyCatalogue = string(catalogfile.Format(catalogfile.Catalogue{}))

const exampleCatalogue = "../../examples/catalog.toml"

func TestCatalogLoadExampleTwiceAndShowRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, vars map[string]string) {
		out := mustRun(t, vars, "catalog", "load", exampleCatalogue)
		for _, want := range []string{
			"Loaded ../../examples/catalog.toml:\n",
			"  plans         11       0         0\n",
			"  devices        6       0         0\n",
			"  options        6       0         0\n",
			"  offers         8       0         0\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("first load: no %q in\n%s", want, out)
			}
		}
		shown := storedCatalogue(t, vars)
		for _, want := range []string{`code = "QC-MOBILE-ILLIMITE"`, `data_mb = "unlimited"`, `code = "FR-100G-GALAXY-S25"`,
			"eligibility = \"\"\"\nplan.data_mb >= 0\n  && usage.max_data_mb > plan.data_mb * 8 / 10\"\"\"\n", "valid_until = 2027-03-31\n"} {
			if !strings.Contains(shown, want) {
				t.Errorf("show: no %q in\n%s", want, shown)
			}
		}

		out = mustRun(t, vars, "catalog", "load", exampleCatalogue)
		for _, want := range []string{
			"../../examples/catalog.toml is already loaded: nothing was written.\n",
			"  plans          0       0        11\n",
			"  offers         0       0         8\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("second load: no %q in\n%s", want, out)
			}
		}

		// What show writes loads back unchanged, and shows the same.
		file := writeFile(t, "shown.toml", shown)
		out = mustRun(t, vars, "catalog", "load", file)
		if !strings.Contains(out, "is already loaded: nothing was written") || !strings.Contains(out, "  devices        0       0         6\n") {
			t.Errorf("loading show's output:\n%s", out)
		}
		if again := storedCatalogue(t, vars); again != shown {
			t.Errorf("show after loading show's output differs:\n%s\nwas\n%s", again, shown)
		}

		text := mustRun(t, vars, "catalog", "show")
		for _, want := range []string{"Plans (11)\n", "FR-MOBILE-20G-2019", "withdrawn", "Offers (8)\n", "QC-DONNEES-PLUS"} {
			if !strings.Contains(text, want) {
				t.Errorf("show in words: no %q in\n%s", want, text)
			}
		}
	})
}

// A file with one entry wrong among right ones: every problem is listed
// with its line, and nothing of the file is stored.
func TestCatalogLoadRefusesAWrongFileWhole(t *testing.T) {
	example, err := os.ReadFile(exampleCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(example), "\n")
	badOffer := `
[[offers]]
code = "FR-BAD-EXPR"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "x", en = "x" }
plan_code = "FR-MOBILE-40G"
monthly_price = { cents = 999, currency = "EUR" }
valid_until = 2027-03-31
eligibility = "usage.max_data_mb >> 1000"
active = true

[[offers]]
code = "FR-DANGLING"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "x", en = "x" }
plan_code = "FR-MOBILE-1T"
monthly_price = { cents = 999, currency = "EUR" }
valid_until = 2027-03-31
active = true
`
	engines(t, func(t *testing.T, vars map[string]string) {
		bad := writeFile(t, "bad.toml", string(example)+badOffer)
		code, out, errOut := run(t, vars, "catalog", "load", bad)
		if code != 1 || out != "" {
			t.Fatalf("exit %d, stdout %q, want 1 and nothing", code, out)
		}
		for _, want := range []string{
			"tact catalog: catalogue file " + bad + " is not valid (2 problems), nothing of it was stored:\n",
			// The expression's own line and column, the offer's code and its line in the file.
			"\n  - line " + itoa(lines+10) + ": offer FR-BAD-EXPR: eligibility: line 1, column 20: unexpected token Operator(\">\")",
			"\n  - line " + itoa(lines+18) + ": offer FR-DANGLING: plan_code: plan FR-MOBILE-1T is not in the catalogue\n",
		} {
			if !strings.Contains(errOut, want) {
				t.Errorf("no %q in\n%s", want, errOut)
			}
		}
		if got := storedCatalogue(t, vars); got != emptyCatalogue {
			t.Errorf("a refused file stored something:\n%s", got)
		}

		// Dry run or not, the same refusal.
		if code, _, errOut := run(t, vars, "catalog", "load", "--dry-run", bad); code != 1 || !strings.Contains(errOut, "(2 problems)") {
			t.Errorf("dry run: exit %d\n%s", code, errOut)
		}

		// An unknown key, with its line, listed with the other problems,
		// and nothing stored either.
		unknown := writeFile(t, "unknown.toml", strings.Replace(string(example), "tier = 3\n", "tier = 3\nstars = 5\n", 1)+badOffer)
		code, _, errOut = run(t, vars, "catalog", "load", unknown)
		for _, want := range []string{
			"is not valid (3 problems)",
			"\n  - line 58: plan FR-MOBILE-40G: stars: not a key of a plan (its keys: code, name, jurisdiction, monthly_price, data_mb, voice_minutes, sms, tariff, tier, active)\n",
			"\n  - line " + itoa(lines+11) + ": offer FR-BAD-EXPR: eligibility: line 1, column 20: ",
		} {
			if code != 1 || !strings.Contains(errOut, want) {
				t.Errorf("unknown key: exit %d, no %q in\n%s", code, want, errOut)
			}
		}
		if got := storedCatalogue(t, vars); got != emptyCatalogue {
			t.Errorf("a refused file stored something:\n%s", got)
		}
	})
}

// An offer may name an item already stored, if it is of its jurisdiction.
func TestCatalogLoadOffersOverStoredItems(t *testing.T) {
	plans := `[[plans]]
code = "FR-40G"
name = { fr = "40 Go", en = "40 GB" }
jurisdiction = "FR"
monthly_price = { cents = 999, currency = "EUR" }
data_mb = 40960
tier = 3
active = true

[[plans]]
code = "QC-10G"
name = { fr = "10 Go", en = "10 GB" }
jurisdiction = "CA-QC"
monthly_price = { cents = 3400, currency = "CAD" }
data_mb = 10240
tier = 1
active = true
`
	offerOn := func(plan string) string {
		return `[[offers]]
code = "FR-40G-OFFER"
kind = "plan_change"
jurisdiction = "FR"
name = { fr = "40 Go", en = "40 GB" }
plan_code = "` + plan + `"
monthly_price = { cents = 899, currency = "EUR" }
valid_until = 2027-03-31
active = true
`
	}
	engines(t, func(t *testing.T, vars map[string]string) {
		mustRun(t, vars, "catalog", "load", writeFile(t, "plans.toml", plans))
		code, _, errOut := run(t, vars, "catalog", "load", writeFile(t, "qc.toml", offerOn("QC-10G")))
		if want := "line 6: offer FR-40G-OFFER: plan_code: plan QC-10G is of the CA-QC catalogue, the offer of FR"; code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d, no %q in\n%s", code, want, errOut)
		}
		out := mustRun(t, vars, "catalog", "load", writeFile(t, "fr.toml", offerOn("FR-40G")))
		if !strings.Contains(out, "  plans          0       0         0\n  devices        0       0         0\n  options        0       0         0\n  offers         1       0         0\n") {
			t.Errorf("an offer on a stored plan:\n%s", out)
		}
	})
}

func TestCatalogLoadDryRunWritesNothing(t *testing.T) {
	engines(t, func(t *testing.T, vars map[string]string) {
		out := mustRun(t, vars, "catalog", "load", "--dry-run", exampleCatalogue)
		if !strings.Contains(out, "../../examples/catalog.toml is valid; loading it would do this (dry run: nothing was written):\n") ||
			!strings.Contains(out, "  plans         11       0         0\n") {
			t.Errorf("dry run on an empty store:\n%s", out)
		}
		if got := storedCatalogue(t, vars); got != emptyCatalogue {
			t.Fatalf("a dry run stored something:\n%s", got)
		}

		mustRun(t, vars, "catalog", "load", exampleCatalogue)
		before := storedCatalogue(t, vars)
		example, err := os.ReadFile(exampleCatalogue)
		if err != nil {
			t.Fatal(err)
		}
		cheaper := writeFile(t, "cheaper.toml", strings.Replace(string(example), "cents = 1199", "cents = 1099", 1))
		// Flags after the file are flags too.
		out = mustRun(t, vars, "catalog", "load", cheaper, "--dry-run")
		if !strings.Contains(out, "  offers         0       1         7\n") {
			t.Errorf("dry run of a changed offer:\n%s", out)
		}
		if after := storedCatalogue(t, vars); after != before {
			t.Errorf("a dry run changed the store:\n%s", after)
		}
		out = mustRun(t, vars, "catalog", "load", cheaper)
		if !strings.Contains(out, "Loaded ") || !strings.Contains(out, "  offers         0       1         7\n") {
			t.Errorf("load of a changed offer:\n%s", out)
		}
		if after := storedCatalogue(t, vars); !strings.Contains(after, "monthly_price = { cents = 1099, currency = \"EUR\" }") {
			t.Errorf("the changed offer is not stored:\n%s", after)
		}
	})
}

func TestCatalogUsage(t *testing.T) {
	db := map[string]string{"TACT_DB": "sqlite:" + filepath.Join(t.TempDir(), "t.db")}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"catalog"}, 2, "usage: tact catalog load [--dry-run] FILE"},
		{[]string{"catalog", "frob"}, 2, `unknown subcommand "frob"`},
		{[]string{"catalog", "load"}, 2, "usage: tact catalog load"},
		{[]string{"catalog", "load", "a.toml", "b.toml"}, 2, "usage: tact catalog load"},
		{[]string{"catalog", "show", "--format", "yaml"}, 2, "usage: tact catalog"},
		{[]string{"catalog", "load", filepath.Join(t.TempDir(), "missing.toml")}, 1, "no such file"},
	} {
		code, _, errOut := run(t, db, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, want %d with %q; stderr:\n%s", tt.args, code, tt.code, tt.want, errOut)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
