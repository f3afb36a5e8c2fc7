package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/catalogfile"
)

const catalogUsage = `usage: tact catalog load [--dry-run] FILE
       tact catalog show [--format text|toml]`

// catalogCmd runs "tact catalog SUBCOMMAND".
func catalogCmd(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, catalogUsage)
		return errUsage
	}
	switch args[0] {
	case "load":
		return catalogLoad(ctx, env, args[1:])
	case "show":
		return catalogShow(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "tact catalog: unknown subcommand %q\n%s\n", args[0], catalogUsage)
	return errUsage
}

// catalogLoad loads a catalogue file: every entry checked before any is
// stored, then what changed is stored, and told kind by kind.
func catalogLoad(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "catalog load")
	if err != nil {
		return err
	}
	dryRun := fs.Bool("dry-run", false, "check the file and tell what loading it would change, writing nothing")
	files, err := parseWithArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fmt.Fprintln(env.Stderr, catalogUsage)
		return errUsage
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	path := files[0]
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := catalogfile.Parse(data)
	if err != nil {
		return named(err, path)
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		r, err := a.Catalog.Load(ctx, f, *dryRun)
		if err != nil {
			return named(err, path)
		}
		switch {
		case *dryRun && r.Writes():
			fmt.Fprintf(env.Stdout, "%s is valid; loading it would do this (dry run: nothing was written):\n", path)
		case *dryRun:
			fmt.Fprintf(env.Stdout, "%s is valid and already loaded: loading it would write nothing (dry run: nothing was written).\n", path)
		case r.Writes():
			fmt.Fprintf(env.Stdout, "Loaded %s:\n", path)
		default:
			fmt.Fprintf(env.Stdout, "%s is already loaded: nothing was written.\n", path)
		}
		writeReport(env.Stdout, r)
		return nil
	})
}

// named gives a catalogue file's problems the file's name.
func named(err error, path string) error {
	if ce, ok := errors.AsType[*catalogfile.Error](err); ok {
		ce.File = path
	}
	return err
}

func writeReport(w io.Writer, r catalogfile.Report) {
	fmt.Fprintf(w, "  %-8s %7s %7s %9s\n", "", "created", "updated", "unchanged")
	for _, k := range []struct {
		name string
		c    catalogfile.Count
	}{{"plans", r.Plans}, {"devices", r.Devices}, {"options", r.Options}, {"offers", r.Offers}} {
		fmt.Fprintf(w, "  %-8s %7d %7d %9d\n", k.name, k.c.Created, k.c.Updated, k.c.Unchanged)
	}
}

// catalogShow prints the stored catalogue: listed in words, or as a
// catalogue file that loads back unchanged.
func catalogShow(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "catalog show")
	if err != nil {
		return err
	}
	format := fs.String("format", "text", "text (a listing) or toml (a catalogue file, which tact catalog load reads back)")
	if err := parse(fs, cfg, args); err != nil {
		return err
	}
	if *format != "text" && *format != "toml" {
		fmt.Fprintln(env.Stderr, catalogUsage)
		return errUsage
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		c, err := a.Catalog.Catalogue(ctx)
		if err != nil {
			return err
		}
		if *format == "toml" {
			_, err := env.Stdout.Write(catalogfile.Format(c))
			return err
		}
		return writeCatalogue(env.Stdout, c)
	})
}

// writeCatalogue lists the catalogue, one entry a line.
func writeCatalogue(w io.Writer, c catalogfile.Catalogue) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	on := func(active bool) string {
		if active {
			return "on sale"
		}
		return "withdrawn"
	}
	fmt.Fprintf(tw, "Plans (%d)\n", len(c.Plans))
	for _, p := range c.Plans {
		fmt.Fprintf(tw, "  %s\t%s\ttier %d\t%s/month\t%s data\t%s\t%s\n", p.Code, p.Jurisdiction, p.Tier, p.MonthlyPrice, mb(p.DataMB), on(p.Active), p.Name.EN)
	}
	fmt.Fprintf(tw, "\nDevices (%d)\n", len(c.Devices))
	for _, d := range c.Devices {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s %s\n", d.Code, d.Jurisdiction, d.OS, d.Price, on(d.Active), d.Brand, d.Model)
	}
	fmt.Fprintf(tw, "\nOptions (%d)\n", len(c.Options))
	for _, o := range c.Options {
		fmt.Fprintf(tw, "  %s\t%s\t%s/month\t%s\t%s\n", o.Code, o.Jurisdiction, o.MonthlyPrice, on(o.Active), o.Name.EN)
	}
	fmt.Fprintf(tw, "\nOffers (%d)\n", len(c.Offers))
	for _, o := range c.Offers {
		fmt.Fprintf(tw, "  %s\t%s\t%s\tuntil %s\t%s\t%s\n", o.Code, o.Jurisdiction, o.Kind, o.ValidUntil, on(o.Active), o.Name.EN)
	}
	return tw.Flush()
}

// mb writes an allowance of megabytes.
func mb(a catalog.Allowance) string {
	if a.Unlimited {
		return "unlimited"
	}
	return fmt.Sprintf("%d MB", a.Amount)
}

// parseWithArgs parses flags written before, between or after the
// arguments, and returns the arguments.
func parseWithArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		if parsed := len(args) - fs.NArg(); parsed > 0 && args[parsed-1] == "--" {
			// After "--" every word is an argument.
			return append(rest, fs.Args()...), nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
