package cli

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
)

func user(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, "usage: tact user create --email E --name N --role advisor|supervisor|admin [--supervisor EMAIL] [--password-stdin] | tact user list")
		return errUsage
	}
	fs, cfg, err := flags(env, "user "+args[0])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		email := fs.String("email", "", "sign-in email")
		name := fs.String("name", "", "full name")
		role := fs.String("role", "advisor", "advisor, supervisor or admin")
		supervisor := fs.String("supervisor", "", "email of the supervisor (or admin) the user's overdue promises escalate to")
		fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin; otherwise one is generated and printed")
		if err := parse(fs, cfg, args[1:]); err != nil {
			return err
		}
		password, generated := "", false
		if *fromStdin {
			line, err := bufio.NewReader(env.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("reading the password from stdin: %v", err)
			}
			password = strings.TrimRight(line, "\r\n")
		} else {
			password, generated = generatePassword(), true
		}
		return withApp(ctx, env, cfg, func(a *app.App) error {
			supervisorID := ""
			if *supervisor != "" {
				sup, err := userByEmail(ctx, a, *supervisor)
				if err != nil {
					return err
				}
				supervisorID = sup.ID
			}
			u, err := a.Access.CreateSupervisedUser(ctx, *email, *name, access.Role(*role), password, supervisorID)
			if err != nil {
				return err
			}
			if *supervisor != "" {
				fmt.Fprintf(env.Stdout, "user %s %s (%s, supervised by %s) created\n", u.ID, u.Email, u.Role, strings.ToLower(strings.TrimSpace(*supervisor)))
			} else {
				fmt.Fprintf(env.Stdout, "user %s %s (%s) created\n", u.ID, u.Email, u.Role)
			}
			if generated {
				fmt.Fprintln(env.Stdout, "Password (shown once):")
				fmt.Fprintln(env.Stdout, password)
			}
			return nil
		})
	case "list":
		if err := parse(fs, cfg, args[1:]); err != nil {
			return err
		}
		return withApp(ctx, env, cfg, func(a *app.App) error {
			list, err := a.Access.Users(ctx)
			if err != nil {
				return err
			}
			emails := map[string]string{}
			for _, u := range list {
				emails[u.ID] = u.Email
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tSUPERVISOR\tCREATED")
			for _, u := range list {
				sup := "-"
				if u.SupervisorID != "" {
					sup = cmp.Or(emails[u.SupervisorID], u.SupervisorID)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, sup, u.CreatedAt.Format(time.DateTime))
			}
			return tw.Flush()
		})
	}
	fmt.Fprintf(env.Stderr, "tact user: unknown subcommand %q (create, list)\n", args[0])
	return errUsage
}

// userByEmail finds a person's account by sign-in email.
func userByEmail(ctx context.Context, a *app.App, email string) (*access.User, error) {
	list, err := a.Access.Users(ctx)
	if err != nil {
		return nil, err
	}
	want := strings.ToLower(strings.TrimSpace(email))
	for _, u := range list {
		if u.Email == want {
			return u, nil
		}
	}
	return nil, tact.FieldError(tact.CodeInvalid, "supervisor", "no user signs in as %q", email)
}

// generatePassword returns 26 random base32 characters (130 bits).
func generatePassword() string { return rand.Text() }
