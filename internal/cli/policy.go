package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tactcrm/tact/internal/config"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/tact"
)

const policyUsage = `usage: tact policy show [--policy FILE] [--format text|toml]
       tact policy explain --customer ID --purpose P --channel C [--at RFC3339] [--caller-id N] [--source S] [--subject X] [--event E] [--case ID] [--lang fr|en]`

// policy runs "tact policy SUBCOMMAND".
func policy(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, policyUsage)
		return errUsage
	}
	switch args[0] {
	case "show":
		return policyShow(env, args[1:])
	case "explain":
		return policyExplain(ctx, env, args[1:])
	}
	fmt.Fprintf(env.Stderr, "tact policy: unknown subcommand %q\n%s\n", args[0], policyUsage)
	return errUsage
}

// policyShow prints the contact policy in force: the law's defaults under
// the file of --policy (or TACT_POLICY), in words or as a policy file.
func policyShow(env Env, args []string) error {
	cfg, err := config.FromEnv(env.Getenv)
	if err != nil {
		return err
	}
	fs := flag.NewFlagSet("tact policy show", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.PolicyFlag(fs)
	format := fs.String("format", "text", "text (the rules in words) or toml (a policy file, to start one from)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 || (*format != "text" && *format != "toml") {
		fmt.Fprintln(env.Stderr, policyUsage)
		return errUsage
	}
	p, err := cfg.ContactPolicy()
	if err != nil {
		return err
	}
	if *format == "toml" {
		_, err := env.Stdout.Write(config.FormatPolicy(p))
		return err
	}
	writePolicy(env.Stdout, p, cfg.PolicyFile)
	return nil
}

// writePolicy writes p in words, jurisdiction by jurisdiction.
func writePolicy(w io.Writer, p contactpolicy.Policy, file string) {
	if file == "" {
		fmt.Fprintln(w, "Contact policy in force: the law's defaults (no policy file).")
	} else {
		fmt.Fprintf(w, "Contact policy in force: the law's defaults under %s.\n", file)
	}
	if len(p.CallerIDs) == 0 {
		fmt.Fprintln(w, "Caller id: a call must show a number; any number (no pool configured).")
	} else {
		fmt.Fprintf(w, "Caller id: a call must show one of the operator's numbers: %s.\n", strings.Join(p.CallerIDs, ", "))
	}
	for _, j := range []struct {
		id             tact.Jurisdiction
		name, register string
	}{{tact.FR, "France", "Bloctel"}, {tact.CAQC, "Québec", "National DNCL"}} {
		r, ok := p.Jurisdictions[j.id]
		if !ok {
			continue
		}
		fmt.Fprintf(w, "\n%s (%s)\n", j.name, j.id)
		line := func(label, format string, args ...any) {
			fmt.Fprintf(w, "  %-18s %s\n", label+":", fmt.Sprintf(format, args...))
		}
		if len(r.SalesCallHours) == 0 {
			line("Sales call hours", "any hour")
		} else {
			line("Sales call hours", "in the customer's time")
			for _, d := range contactpolicy.WeekOrder {
				ws := r.SalesCallHours[d]
				spans := make([]string, len(ws))
				for i, win := range ws {
					spans[i] = win.From.String() + "–" + win.To.String()
				}
				text := strings.Join(spans, " and ")
				if text == "" {
					text = "no sales calls"
				}
				fmt.Fprintf(w, "    %-16s %s\n", dayName(d), text)
			}
		}
		if r.SalesCallsOnHolidays {
			line("Public holidays", "sales calls as on any other day")
		} else {
			line("Public holidays", "no sales calls")
		}
		if r.MaxSalesCalls > 0 {
			line("Sales call cap", "at most %d attempts in %d days, every source together (subcontractors included)", r.MaxSalesCalls, r.SalesCallWindow)
		} else {
			line("Sales call cap", "none")
		}
		if r.RefusalCooldown > 0 {
			line("After a refusal", "no sales call for %d days", r.RefusalCooldown)
		} else {
			line("After a refusal", "no pause")
		}
		if r.DoNotCallKept > 0 {
			line("Do-not-call list", "an entry holds %d days (%s)", r.DoNotCallKept, years(r.DoNotCallKept))
		} else {
			line("Do-not-call list", "an entry holds for ever")
		}
		if r.OppositionMaxAge > 0 {
			line("Opposition list", "a sales call to a prospect needs a %s check less than %d days old", j.register, r.OppositionMaxAge)
		} else {
			line("Opposition list", "no check required")
		}
		if r.ProvableConsentFrom.IsZero() {
			line("Provable consent", "not required")
		} else {
			line("Provable consent", "from %s, a sales call to a prospect needs his provable consent", r.ProvableConsentFrom)
		}
		if r.SurveyCooldown > 0 {
			line("Surveys", "at most one every %d days per customer, whatever the vendor", r.SurveyCooldown)
		} else {
			line("Surveys", "no cooldown between surveys")
		}
	}
}

func dayName(d tact.Weekday) string {
	return [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}[d]
}

// years writes a number of days as years when it is a whole number of them.
func years(d contactpolicy.Days) string {
	if d%365 == 0 {
		if d == 365 {
			return "1 year"
		}
		return fmt.Sprintf("%d years", d/365)
	}
	return fmt.Sprintf("about %.1f years", float64(d)/365)
}
