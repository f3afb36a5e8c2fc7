package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

const explainUsage = "usage: tact policy explain --customer ID --purpose P --channel C [--at T] [--caller-id N] [--source S] [--subject X] [--event E] [--campaign K] [--case ID] [--lang fr|en]"

// policyExplain runs "tact policy explain": it gathers a customer's facts,
// and prints them, what every rule of the policy in force says of the
// contact, and the verdict, step by step. Nothing is stored.
func policyExplain(ctx context.Context, env Env, args []string) error {
	fs, cfg, err := flags(env, "policy explain")
	if err != nil {
		return err
	}
	var req contactpolicy.Request
	var purpose, channel, at, lang string
	fs.StringVar(&req.CustomerID, "customer", "", "the customer's id (cus_…)")
	fs.StringVar(&purpose, "purpose", "", "sales, service, billing, collection, survey, incident, cancellation or legal")
	fs.StringVar(&channel, "channel", "", "phone, sms, email, letter, …")
	fs.StringVar(&at, "at", "", "when the contact would be made, RFC 3339 (default: now)")
	fs.StringVar(&req.CallerID, "caller-id", "", "the number a call would show (none: masked)")
	fs.StringVar(&req.Source, "source", "cli", "the system or company that would make the contact")
	fs.StringVar(&req.Subject, "subject", "", "what a sales contact is about, e.g. contract_adaptation")
	fs.StringVar(&req.Event, "event", "", "the event a survey is about")
	fs.StringVar(&req.Campaign, "campaign", "", "the campaign a sales contact belongs to")
	fs.StringVar(&req.CaseID, "case", "", "the customer's open case a service contact is about")
	fs.StringVar(&lang, "lang", "fr", "language of the rules' words: fr or en")
	if err := parse(fs, cfg, args); err != nil {
		return err
	}
	req.Purpose, req.Channel = tact.Purpose(purpose), tact.Channel(channel)
	if req.CustomerID == "" || purpose == "" || channel == "" {
		fmt.Fprintln(env.Stderr, explainUsage)
		return errUsage
	}
	if at != "" && at != "now" {
		t, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return fmt.Errorf("--at %q is not an RFC 3339 time such as 2026-03-10T19:05:00-04:00", at)
		}
		req.At = t
	}
	return withApp(ctx, env, cfg, func(a *app.App) error {
		x, err := a.Contacts.Explain(ctx, req)
		if err != nil {
			return err
		}
		writeExplanation(env.Stdout, x, a.Clock().Now(), lang)
		return nil
	})
}

// writeExplanation prints an explanation: the facts, each rule's say, the
// verdict.
func writeExplanation(w io.Writer, x *app.Explanation, now time.Time, lang string) {
	f, d := x.Facts, x.Decision
	c := f.Customer
	loc := c.Location()
	when := func(t time.Time) string { return t.In(loc).Format("Mon 2006-01-02 15:04 MST") }
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}

	fmt.Fprintf(w, "Customer %s (%s): %s, %s, %s; status %s\n", c.ID, c.FullName(), c.Jurisdiction, c.TimeZone, c.Language, c.Status)
	q := x.Request
	fmt.Fprintf(w, "Contact: %s by %s from %s, judged at %s", q.Purpose, q.Channel, q.Source, when(d.At))
	for _, kv := range [][2]string{{"caller id", q.CallerID}, {"campaign", q.Campaign}, {"subject", q.Subject}, {"event", q.Event}, {"case", q.CaseID}} {
		if kv[1] != "" {
			fmt.Fprintf(w, ", %s %s", kv[0], kv[1])
		}
	}
	if q.Channel == tact.ChannelPhone && q.CallerID == "" {
		fmt.Fprint(w, ", number masked")
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "\nFacts")
	fmt.Fprintf(w, "  contract in force:       %s\n", yes(f.HasContract))
	if f.OppositionCheckedAt != nil {
		fmt.Fprintf(w, "  opposition list checked: %s (%d days ago)\n", when(*f.OppositionCheckedAt), int(now.Sub(*f.OppositionCheckedAt).Hours()/24))
	} else {
		fmt.Fprintln(w, "  opposition list checked: never")
	}
	if c.DoNotCall != nil {
		fmt.Fprintf(w, "  internal do-not-call:    since %s (%s)\n", when(c.DoNotCall.Since), c.DoNotCall.Source)
	} else {
		fmt.Fprintln(w, "  internal do-not-call:    no")
	}
	var quiet []string
	for _, q := range c.Preferences.QuietHours {
		quiet = append(quiet, q.From.String()+"–"+q.To.String())
	}
	fmt.Fprintf(w, "  quiet hours:             %s\n", orNone(strings.Join(quiet, ", ")))
	fmt.Fprintf(w, "  preferred channel:       %s\n", orNone(string(c.Preferences.PreferredChannel)))
	var consents []string
	for _, k := range c.Consents {
		state := "refused"
		if k.Granted {
			state = "granted"
		}
		consents = append(consents, fmt.Sprintf("%s/%s %s", k.Channel, k.Purpose, state))
	}
	fmt.Fprintf(w, "  consents:                %s\n", orNone(strings.Join(consents, ", ")))
	sales, refused, surveys := 0, 0, 0
	for _, a := range f.Attempts {
		switch {
		case a.Purpose == tact.PurposeSurvey:
			surveys++
		case a.Purpose == tact.PurposeSales && a.Channel == tact.ChannelPhone:
			sales++
			if a.Outcome == interaction.Refused {
				refused++
			}
		}
	}
	fmt.Fprintf(w, "  outbound contacts:       %d in the look-back (sales calls %d, refused %d; surveys %d)\n", len(f.Attempts), sales, refused, surveys)
	fmt.Fprintf(w, "  open promises:           %d", len(f.Promises))
	for _, p := range f.Promises {
		fmt.Fprintf(w, "; %s %s %s due %s", p.ID, p.Kind, p.Subject, when(p.Due))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  open cases:              %d", len(f.Cases))
	for _, k := range f.Cases {
		fmt.Fprintf(w, "; %s %s %s", k.ID, k.Category, k.Status)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  pending credits:         %d\n  open disputes:           %d\n", f.PendingCredits, f.OpenDisputes)

	fmt.Fprintln(w, "\nRules, in order")
	for i, s := range x.Steps {
		line := fmt.Sprintf("  %2d. %-22s %s", i+1, s.Rule, s.Verdict)
		if !s.Until.IsZero() {
			line += " until " + when(s.Until)
		}
		if s.Ref != "" {
			line += " [" + s.Ref + "]"
		}
		if text := s.Text.In(lang); text != "" && s.Verdict != contactpolicy.Allow {
			line += ": " + text
		}
		fmt.Fprintln(w, line)
	}

	fmt.Fprintf(w, "\nVerdict: %s", strings.ToUpper(string(d.Verdict)))
	if d.NotBefore != nil {
		fmt.Fprintf(w, ", not before %s", when(*d.NotBefore))
	}
	fmt.Fprintln(w)
	for _, r := range d.Reasons {
		fmt.Fprintf(w, "  %s (%s): %s\n", r.Rule, r.Verdict, r.Text.In(lang))
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
