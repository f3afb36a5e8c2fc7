package storetest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// RefusalEngine is what RefusalsAsScanned needs of an engine beyond its
// stores: raw SQL on the database the stores use.
type RefusalEngine struct {
	// Unmigrate undoes migration 0023 and 0025, which sums 0023's counts
	// by the day (their tables, triggers, functions and rows in
	// schema_migrations), as on a database that predates them.
	Unmigrate func(t *testing.T)
	// Migrate applies the migrations not yet applied.
	Migrate func(t *testing.T)
	// Delete deletes decisions by id, as a purge would (tact never does).
	Delete func(t *testing.T, ids []string)
	// Scan answers f (its Before and Limit aside) as FindRefusals and
	// CountRefusals did before migration 0023: reading every decision of
	// the period that denied or deferred and unpacking its reasons. ids are
	// newest first.
	Scan func(t *testing.T, f contactpolicy.RefusalFilter) (ids []string, counts *contactpolicy.RefusalCounts)
}

// RefusalsAsScanned stores random decisions on a database that predates
// migrations 0023 and 0025, migrates it (their backfills count them), stores
// more (their triggers count them, one by one and in batches), deletes a few
// refusals,
// and checks after each step that CountRefusals and FindRefusals, page by
// page, answer random periods and filters as e.Scan, the queries before the
// migration, does. st must be the stores of a fresh migrated database.
func RefusalsAsScanned(t *testing.T, st app.Stores, e RefusalEngine) {
	f := &fixture{st: st, ctx: t.Context(), clock: tact.NewManualClock(epoch), actor: tact.Actor{Kind: tact.ActorUser, ID: "usr_01JADVISOR000000000000000", Name: "Marie Dubois"}}
	f.ids = tact.NewIDGen(f.clock, rand.NewChaCha8([32]byte{'s', 'c', 'a', 'n'}))
	r := rand.New(rand.NewPCG(8, 23))
	var customers []*customer.Customer
	for i := range 6 {
		c, _ := f.createCustomer(t, person([]tact.Jurisdiction{tact.FR, tact.CAQC}[i%2], "Client", "Numéro"+string(rune('A'+i))))
		customers = append(customers, c)
	}
	rules := []string{"caller_id_shown", "sales_call_hours", "quiet_hours", "sales_consent", "do_not_call"}
	purposes := []tact.Purpose{tact.PurposeSales, tact.PurposeService, tact.PurposeBilling}
	channels := []tact.Channel{tact.ChannelPhone, tact.ChannelSMS, tact.ChannelEmail}
	// Three days of decisions from a midnight UTC, a third of them on an
	// hour's edge or a microsecond off it, read over periods of up to 60
	// hours: whole UTC days, and hours added or subtracted at the ends
	// (contactpolicy.CountSpans).
	start := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	span := 72 * time.Hour
	decide := func() *contactpolicy.Record {
		at := start.Add(time.Duration(r.Int64N(int64(span/time.Microsecond))) * time.Microsecond)
		if r.IntN(3) == 0 {
			at = at.Truncate(time.Hour).Add(time.Duration(r.IntN(3)-1) * time.Microsecond)
		}
		var reasons []contactpolicy.Reason
		for range r.IntN(4) {
			v := []contactpolicy.Verdict{contactpolicy.Deny, contactpolicy.Defer}[r.IntN(2)]
			reasons = append(reasons, contactpolicy.Reason{Rule: contactpolicy.RuleID(rules[r.IntN(len(rules))]), Verdict: v, Text: tact.Text{EN: "Why"}})
		}
		verdict := []contactpolicy.Verdict{contactpolicy.Allow, contactpolicy.Deny, contactpolicy.Defer}[r.IntN(3)]
		req := contactpolicy.Request{CustomerID: customers[r.IntN(len(customers))].ID, Purpose: purposes[r.IntN(len(purposes))],
			Channel: channels[r.IntN(len(channels))], Source: "dialer"}
		return &contactpolicy.Record{ID: f.ids.New(tact.PrefixDecision), Request: req, Actor: f.actor, DecidedAt: at,
			Decision: contactpolicy.Decision{Verdict: verdict, At: at, Reasons: reasons}}
	}
	store := func(n int) []*contactpolicy.Record {
		var all []*contactpolicy.Record
		for len(all) < n {
			batch := make([]*contactpolicy.Record, []int{1, 1, 3, 40}[r.IntN(4)])
			for i := range batch {
				batch[i] = decide()
			}
			must(t, "CreateDecisions", st.Decisions.CreateDecisions(f.ctx, batch))
			all = append(all, batch...)
			f.tick()
		}
		return all
	}
	// spansRead counts the periods read with days, and with hours
	// subtracted: a check that reads neither tests nothing of 0025.
	spansRead := map[string]int{}
	check := func(step string) {
		t.Helper()
		sortRules := func(c *contactpolicy.RefusalCounts) {
			slices.SortFunc(c.Rules, func(a, b contactpolicy.RuleCount) int { return strings.Compare(string(a.Rule), string(b.Rule)) })
		}
		for i := range 40 {
			from := start.Add(time.Duration(r.Int64N(int64(span/time.Minute))) * time.Minute)
			to := from.Add(time.Duration(r.Int64N(int64(60*time.Hour/time.Minute))) * time.Minute)
			if i%2 == 0 {
				from, to = from.Truncate(time.Hour), to.Truncate(time.Hour)
			}
			if i%5 == 0 {
				from, to = start.Add(-time.Hour), start.Add(span+time.Hour)
			}
			g := contactpolicy.RefusalFilter{From: from, To: to}
			spans, _ := g.CountSpans()
			for _, sp := range spans {
				if sp.Days {
					spansRead["days"]++
				}
				if sp.Subtract {
					spansRead["subtracted"]++
				}
			}
			switch i % 4 {
			case 1:
				g.Rule = contactpolicy.RuleID(rules[r.IntN(len(rules))])
			case 2:
				g.Jurisdiction, g.Verdict = []tact.Jurisdiction{tact.FR, tact.CAQC}[r.IntN(2)], contactpolicy.Defer
			case 3:
				g.Rule, g.Purpose, g.Channel = contactpolicy.RuleID(rules[r.IntN(len(rules))]), purposes[r.IntN(len(purposes))], channels[r.IntN(len(channels))]
			}
			name := step + ": " + from.Format(time.RFC3339) + " to " + to.Format(time.RFC3339) + " " + string(g.Rule) + string(g.Jurisdiction) + string(g.Verdict) + string(g.Purpose) + string(g.Channel)
			wantIDs, wantCounts := e.Scan(t, g)
			counts, err := st.Decisions.CountRefusals(f.ctx, g)
			must(t, "CountRefusals "+name, err)
			sortRules(wantCounts)
			sortRules(counts)
			diff(t, "refusal counts as scanned, "+name, wantCounts, counts)
			var ids []string
			page := g
			page.Limit = 25
			for {
				list, err := st.Decisions.FindRefusals(f.ctx, page)
				must(t, "FindRefusals "+name, err)
				for _, d := range list {
					ids = append(ids, d.ID)
				}
				if len(list) < page.Limit {
					break
				}
				page.Before = tact.Cursor{At: list[len(list)-1].DecidedAt, ID: list[len(list)-1].ID}
			}
			diff(t, "refusals as scanned, "+name, wantIDs, ids)
		}
	}

	e.Unmigrate(t)
	before := store(300)
	e.Migrate(t)
	check("backfilled")
	after := store(300)
	check("backfilled and counted by the trigger")
	var gone []string
	for _, d := range append(before[:20:20], after[:20]...) {
		if d.Verdict != contactpolicy.Allow {
			gone = append(gone, d.ID)
		}
	}
	e.Delete(t, gone)
	check("after a delete")
	if len(gone) == 0 {
		t.Fatal("no refusal deleted")
	}
	if spansRead["days"] == 0 || spansRead["subtracted"] == 0 {
		t.Fatalf("the periods read no days or subtracted no hours: %v", spansRead)
	}
}
