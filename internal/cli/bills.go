package cli

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

const billsUsage = `usage: tact bills import [--source NAME] [--check] [store flags] FILE.csv
  FILE.csv has one row per bill line, columns:
  ` + "bill_ref,customer_id,line_id,period_from,period_to,due_on,bill_total,currency,kind,description,amount,date,in_plan,provider,service,complaints,consent_ref"

// billsCmd runs "tact bills SUBCOMMAND".
func billsCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.Stderr, billsUsage)
		return errUsage
	}
	return billsImport(ctx, env, args[1:])
}

// billsImport reads a bill file, checks every bill of it (nothing is stored
// if one is wrong: the error names its row), then submits it for review in
// runs of at most app.MaxRun bills, and prints each run's outcome.
func billsImport(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "bills import")
	if err != nil {
		return err
	}
	source := fs.String("source", "import", "the billing system the bills come from")
	check := fs.Bool("check", false, "check the file against the customers and lines, submit nothing")
	// The file may come before or after the flags.
	files, err := parseWithArgs(fs, args)
	if err != nil || len(files) != 1 {
		fmt.Fprintln(env.Stderr, billsUsage)
		return errUsage
	}
	file := files[0]
	if err := cfg.Validate(); err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	drafts, rows, err := billing.ParseCSV(f)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(drafts) == 0 {
		return fmt.Errorf("%s: no bills", file)
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		for start := 0; start < len(drafts); start += app.MaxRun {
			end := min(start+app.MaxRun, len(drafts))
			if err := a.Bills.Check(ctx, drafts[start:end]); err != nil {
				return fileError(file, rows[start:end], err)
			}
		}
		if *check {
			fmt.Fprintf(env.Stdout, "%s: %d bills, all valid; nothing submitted (--check).\n", file, len(drafts))
			return nil
		}
		for start := 0; start < len(drafts); start += app.MaxRun {
			end := min(start+app.MaxRun, len(drafts))
			res, err := a.Bills.Submit(ctx, *source, drafts[start:end])
			if err != nil {
				return fileError(file, rows[start:end], err)
			}
			r := res.Run
			fmt.Fprintf(env.Stdout, "Run %s: %d bills — %d validated, %d on hold; %d third-party lines stripped.\n",
				r.ID, r.Bills, r.Counts[billing.Validated], r.Counts[billing.OnHold], r.Stripped)
			for _, rule := range slices.Sorted(maps.Keys(r.Findings)) {
				fmt.Fprintf(env.Stdout, "  %-28s %d\n", rule, r.Findings[rule])
			}
		}
		return nil
	})
}

// fileError names the row of the file an error of a run is about.
func fileError(file string, rows []billing.BillRows, err error) error {
	field := tact.ErrorField(err)
	if row := billing.RowOf(rows, field); row > 0 {
		rest := field[strings.Index(field, "]")+1:]
		if i := strings.Index(rest, "]"); strings.HasPrefix(rest, ".lines[") && i >= 0 {
			rest = rest[i+1:]
		}
		return fmt.Errorf("%s: row %d, %s: %s", file, row, strings.TrimPrefix(rest, "."), tact.ErrorMessage(err))
	}
	return fmt.Errorf("%s: %w", file, err)
}
