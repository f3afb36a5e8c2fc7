package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
)

func token(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: tact token create --name NAME --scopes S1,S2 [--ttl 2160h] | tact token list | tact token revoke ID")
		return errUsage
	}
	fs, cfg, err := flags(env, "token "+args[0])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		name := fs.String("name", "", "who holds the token, e.g. dialer")
		scopes := fs.String("scopes", "", "comma-separated scopes, or all: "+scopeList())
		ttl := fs.Duration("ttl", 0, "lifetime, e.g. 2160h; 0 never expires")
		if err := parse(fs, cfg, args[1:]); err != nil {
			return err
		}
		list, err := access.ParseScopes(*scopes)
		if err != nil {
			return err
		}
		return withApp(ctx, env, cfg, func(a *app.App) error {
			t, secret, err := a.Access.CreateToken(ctx, *name, list, *ttl)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "token %s %q scopes %s", t.ID, t.Name, joinScopes(t.Scopes))
			if t.ExpiresAt != nil {
				fmt.Fprintf(env.Stdout, " expires %s", t.ExpiresAt.Format(time.RFC3339))
			}
			fmt.Fprintln(env.Stdout, "\nThe secret below is shown once; store it now:")
			// The secret alone on the last line, for scripts: tact token create … | tail -n1
			fmt.Fprintln(env.Stdout, secret)
			return nil
		})
	case "list":
		if err := parse(fs, cfg, args[1:]); err != nil {
			return err
		}
		return withApp(ctx, env, cfg, func(a *app.App) error {
			list, err := a.Access.Tokens(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSCOPES\tCREATED\tSTATE")
			now := a.Clock().Now()
			for _, t := range list {
				state := "active"
				if err := t.Check(now); err != nil {
					state = strings.TrimPrefix(err.Error(), "unauthorized: this token ")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, joinScopes(t.Scopes), t.CreatedAt.Format(time.DateTime), state)
			}
			return tw.Flush()
		})
	case "revoke":
		if err := fs.Parse(args[1:]); err != nil {
			return errUsage
		}
		if fs.NArg() != 1 {
			fmt.Fprintln(env.Stderr, "usage: tact token revoke ID")
			return errUsage
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
		return withApp(ctx, env, cfg, func(a *app.App) error {
			if err := a.Access.RevokeToken(ctx, fs.Arg(0)); err != nil {
				return err
			}
			fmt.Fprintln(env.Stdout, "revoked", fs.Arg(0))
			return nil
		})
	}
	fmt.Fprintf(env.Stderr, "tact token: unknown subcommand %q (create, list, revoke)\n", args[0])
	return errUsage
}

func scopeList() string { return joinScopes(access.Scopes) }

func joinScopes(ss []access.Scope) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ",")
}
