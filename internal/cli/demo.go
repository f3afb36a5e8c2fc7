package cli

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/demo"
	"github.com/tactcrm/tact/internal/mail"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/web"
)

// demoTokenName names the token each demo start creates; the previous ones are
// revoked so a demo database does not pile up live secrets.
const demoTokenName = "demo"

func runDemo(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "demo")
	if err != nil {
		return err
	}
	cfg.ServeFlags(fs)
	seed := fs.Int64("seed", 1, "seed of the demo data: the same seed builds the same operator")
	customers := fs.Int("customers", 2000, "number of customers to build (1000000 for benchmarks)")
	buildOnly := fs.Bool("build-only", false, "build (or check) the demo database, then exit without serving")
	if err := parse(fs, cfg, args); err != nil {
		return err
	}
	log := logger(env, cfg)
	a, st, closeFn, err := open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeFn()
	if cfg.SMTPURL == "" {
		pol, err := cfg.ContactPolicy()
		if err != nil {
			return err
		}
		a = servicesMailing(cfg, st, pol, log, &demoMailer{out: env.Stdout})
	}

	res, ok, err := demo.Existing(ctx, st)
	if err != nil {
		return err
	}
	if ok {
		fmt.Fprintf(env.Stdout, "Reusing the demo in %s: %d customers, seed %d.\n", cfg.DB, res.Customers, res.Seed)
		if res.Customers != *customers || res.Seed != *seed {
			fmt.Fprintf(env.Stdout, "(Asked for %d customers with seed %d: use another --db to build that one.)\n", *customers, *seed)
		}
	} else {
		fmt.Fprintf(env.Stdout, "Building the demo operator in %s: %d customers, seed %d…\n", cfg.DB, *customers, *seed)
		if *customers >= 100_000 {
			// A large build holds batches of thousands of records in memory:
			// collecting less often saves a few percent of the build.
			defer debug.SetGCPercent(debug.SetGCPercent(400))
		}
		start := time.Now()
		res, err = demo.Build(ctx, st, demo.Options{Seed: *seed, Customers: *customers, Progress: progress(env, start)})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Built in %s.\n", time.Since(start).Round(time.Second))
	}
	if err := writeProfiles(ctx, env, a); err != nil {
		return err
	}
	if *buildOnly {
		printStories(env, res)
		return nil
	}

	tokens, err := a.Access.Tokens(ctx)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if t.Name == demoTokenName && t.RevokedAt == nil {
			if err := a.Access.RevokeToken(ctx, t.ID); err != nil {
				return err
			}
		}
	}
	_, secret, err := a.Access.CreateToken(ctx, demoTokenName, access.Scopes, 0)
	if err != nil {
		return err
	}
	return run(ctx, env, cfg, a, log, func(url string) {
		printStories(env, res)
		fmt.Fprintf(env.Stdout, "\nAPI token (every scope; a new one at each start):\n%s\n", secret)
		if len(res.Stories) > 0 {
			fmt.Fprintf(env.Stdout, "\nTry:\n  curl -H 'Authorization: Bearer %s' '%s/v1/customers/%s'\n", secret, url, res.Stories[0].CustomerID)
			fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' '%s/v1/customers/%s/timeline?limit=5'\n", secret, url, res.Stories[0].CustomerID)
		}
		for _, s := range res.Stories {
			switch {
			case s.Key == "offer" && s.CommitmentID != "":
				fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' '%s/v1/commitments?status=overdue'   # story 2, once the sweep ran\n", secret, url)
			case s.Key == "cancellation" && s.CaseID != "":
				fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' '%s/v1/customers/%s/brief'   # story 3: where we are\n", secret, url, s.CustomerID)
			case s.Key == "tactless":
				body := fmt.Sprintf(`{"customer_id":"%s","purpose":"sales","channel":"phone","source":"dialer","caller_id":"+1 514 555 0100","at":"%s"}`,
					s.CustomerID, nextWeekdayAt(time.Now(), "America/Toronto", 19, 5).Format(time.RFC3339))
				fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '%s' '%s/v1/contact-decisions'   # story 4: held by his quiet hours\n",
					secret, body, url)
			case s.Key == "goodbye" && s.CaseID != "":
				fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"customer_id\":\"%s\",\"event\":\"exit_survey\",\"source\":\"third-pollster\",\"channel\":\"email\"}' '%s/v1/survey-requests'   # story 5: one exit survey\n",
					secret, s.CustomerID, url)
				fmt.Fprintf(env.Stdout, "  curl -H 'Authorization: Bearer %s' -H 'On-Behalf-Of: %s' -H 'Content-Type: application/json' -d '{\"reason\":\"no_answer\"}' '%s/v1/cases/%s/close'   # story 5: refused\n",
					secret, staffID(res, s.Owner), url, s.CaseID)
			}
		}
		printConsole(ctx, env, a, res, url)
		fmt.Fprintln(env.Stdout, "\nStop with Ctrl-C.")
	})
}

// printConsole prints where the console is and whom to sign in as: an advisor
// and a supervisor of the demo, with the demo's published password.
func printConsole(ctx context.Context, env Env, a *app.App, res *demo.Result, url string) {
	var people []demo.Staff
	for _, role := range []access.Role{access.Advisor, access.Supervisor} {
		for _, u := range res.Staff {
			if u.Role == role {
				people = append(people, u)
				break
			}
		}
	}
	printSpace(env, res, url)
	fmt.Fprintf(env.Stdout, "\nConsole: %s%s\n", url, web.Prefix)
	if len(people) == 0 {
		return
	}
	// A demo database built before the console gave its staff random passwords.
	if _, err := a.Access.SignIn(ctx, people[0].Email, demo.StaffPassword); err != nil {
		fmt.Fprintf(env.Stdout, "  (this demo database was built before the console's demo passwords: delete it and run tact demo again to sign in)\n")
		return
	}
	fmt.Fprintf(env.Stdout, "  sign in with a demo password (demo data only, never real people):\n")
	for _, u := range people {
		fmt.Fprintf(env.Stdout, "  %-10s %-42s %s\n", u.Role, u.Email, demo.StaffPassword)
	}
}

func printStories(env Env, res *demo.Result) {
	fmt.Fprintln(env.Stdout, "\nThe five stories (DESIGN.md §1), one customer each:")
	for _, s := range res.Stories {
		fmt.Fprintf(env.Stdout, "  %d. %-28s %-24s %-6s %s\n     %s\n", s.Number, s.Title, s.Name, s.Jurisdiction, s.CustomerID, s.Note)
		var matter []string
		if s.CaseID != "" {
			matter = append(matter, "case "+s.CaseID)
		}
		if s.CommitmentID != "" {
			matter = append(matter, "promise "+s.CommitmentID)
		}
		if len(matter) > 0 {
			fmt.Fprintf(env.Stdout, "     %s, owned by %s\n", strings.Join(matter, " and "), s.Owner)
		}
	}
	if len(res.Staff) == 0 {
		return
	}
	names := map[string]string{}
	for _, u := range res.Staff {
		names[u.ID] = u.Name
	}
	fmt.Fprintf(env.Stdout, "\nThe operator's people (act as one through the API with the header On-Behalf-Of: <id>); %d cases and %d promises in all:\n", res.Cases, res.Commitments)
	for _, u := range res.Staff {
		fmt.Fprintf(env.Stdout, "  %-10s %-20s %-42s %-6s %s", u.Role, u.Name, u.Email, u.Jurisdiction, u.ID)
		if u.SupervisorID != "" {
			fmt.Fprintf(env.Stdout, "  supervisor: %s", names[u.SupervisorID])
		}
		fmt.Fprintln(env.Stdout)
	}
}

// staffID returns the id of the demo staff member with that email.
func staffID(res *demo.Result, email string) string {
	for _, u := range res.Staff {
		if u.Email == email {
			return u.ID
		}
	}
	return ""
}

// progress prints a line every ten percent of a long build.
func progress(env Env, start time.Time) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total < 20000 {
			return
		}
		pct := done * 100 / total
		if pct/10 == last/10 && done != total {
			return
		}
		last = pct
		elapsed := time.Since(start)
		eta := time.Duration(0)
		if done > 0 {
			eta = time.Duration(float64(elapsed) * float64(total-done) / float64(done))
		}
		fmt.Fprintf(env.Stdout, "  %3d%%  %d/%d customers  %s elapsed, ~%s left\n", pct, done, total, elapsed.Round(time.Second), eta.Round(time.Second))
	}
}

// nextWeekdayAt returns the next Monday-to-Friday h:m in zone after now.
func nextWeekdayAt(now time.Time, zone string, h, m int) time.Time {
	loc, err := tact.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	local := now.In(loc)
	for d := 0; ; d++ {
		t := time.Date(local.Year(), local.Month(), local.Day()+d, h, m, 0, 0, loc)
		if t.After(now) && t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			return t
		}
	}
}

// printSpace prints where the customer space is and whom to sign in as.
func printSpace(env Env, res *demo.Result, url string) {
	fmt.Fprintf(env.Stdout, "\nCustomer space: %s%s\n", url, web.SpacePrefix)
	fmt.Fprintf(env.Stdout, "  a customer signs in with a code sent to his email; the story customers' emails:\n")
	for _, s := range res.Stories {
		if s.Email != "" {
			fmt.Fprintf(env.Stdout, "  %d. %-24s %s\n", s.Number, s.Name, s.Email)
		}
	}
	fmt.Fprintf(env.Stdout, "  without --smtp-url the demo prints each sign-in code here (demo only; other email fails as without a server)\n")
}

// demoMailer is the demo's email when no SMTP server is given: a sign-in
// code for the customer space is printed on the terminal, so someone trying
// the demo can sign in as a made-up customer; any other email fails as
// without a server (mail.Unconfigured) and is recorded as failed. It is for
// the demo only: whoever reads the terminal can sign in as any customer.
type demoMailer struct {
	mu  sync.Mutex
	out io.Writer
}

// Send implements mail.Sender.
func (d *demoMailer) Send(ctx context.Context, m mail.Message) error {
	if !tact.HasPrefix(m.ID, tact.PrefixSignInCode) {
		return mail.Unconfigured{}.Send(ctx, m)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.out, "\n[demo, no SMTP server: this email was not sent, it is printed here]\nTo: %s\nSubject: %s\n\n%s\n", m.To, m.Subject, m.Text)
	return nil
}
