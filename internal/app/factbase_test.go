package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/cases"
	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/sqlite"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/testenv"
)

// TestFactBaseFollowsRandomWrites makes random writes of every kind the
// services offer to a few customers, and after each one compares, for
// random customers, the facts the memory-resident fact base answers with
// those the database answers with, and the decisions made from each: they
// must be the same. The base is warmed up first, so that its answers come
// from memory until a write tells it otherwise.
func TestFactBaseFollowsRandomWrites(t *testing.T) {
	db := testenv.SQLite(t)
	base := db.Base()
	if base == nil {
		t.Fatal("testenv's SQLite has no fact base")
	}
	st := db.Stores()
	fromRows := sqlite.NewFactsStore(db)
	clock := tact.NewManualClock(time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)) // a Tuesday
	a := app.New(st, app.Options{Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	ctx := t.Context()

	const owner = "usr_01ADVISOR0000000000000000"
	if err := st.Access.CreateUser(ctx, &access.User{ID: owner, Email: "conseil@example.fr", Name: "Conseil",
		Role: access.Advisor, PasswordHash: "never signs in", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for k := range 6 {
		j, phone := tact.FR, "06 12 34 56 7"+fmt.Sprint(k)
		if k%3 == 2 {
			j, phone = tact.CAQC, "514-555-010"+fmt.Sprint(k)
		}
		c, err := a.Customers.Create(ctx, customer.Update{Jurisdiction: tact.Some(j), GivenName: tact.Some(fmt.Sprint("Client", k)), FamilyName: tact.Some("Hasard"),
			Phones: tact.Some([]customer.Phone{{Number: phone, Primary: true}})})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if _, err := base.Load(ctx, a.Contacts.FactsQuery(nil, clock.Now()), 2, nil); err != nil {
		t.Fatal(err)
	}

	r := rand.New(rand.NewPCG(4, 4))
	var promises, open []string
	var credits []string
	mix := []contactpolicy.Request{
		{Purpose: tact.PurposeSales, Channel: tact.ChannelPhone, Source: "dialer", CallerID: "+33176000000", Subject: "contract_adaptation"},
		{Purpose: tact.PurposeService, Channel: tact.ChannelPhone, Source: "dialer", CallerID: "+33176000000"},
		{Purpose: tact.PurposeSales, Channel: tact.ChannelSMS, Source: "campaigns"},
		{Purpose: tact.PurposeCollection, Channel: tact.ChannelPhone, Source: "dunning", CallerID: "+33176000000"},
	}
	kinds := map[string]int{}
	for step := range 300 {
		id := ids[r.IntN(len(ids))]
		kind, err := randomWrite(ctx, a, r, id, &promises, &open, &credits, clock.Now())
		if err != nil {
			t.Fatalf("step %d (%s): %v", step, kind, err)
		}
		kinds[kind]++
		clock.Advance(time.Duration(r.IntN(90)) * time.Minute)

		now := clock.Now()
		q := a.Contacts.FactsQuery(ids, now)
		mem, err := base.FindFacts(ctx, q)
		if err != nil {
			t.Fatalf("step %d (%s): from memory: %v", step, kind, err)
		}
		rows, err := fromRows.FindFacts(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ids {
			m, _ := json.Marshal(mem[c])
			w, _ := json.Marshal(rows[c])
			if string(m) != string(w) {
				t.Fatalf("step %d, after %s: facts of %s differ:\nmemory: %s\nrows:   %s", step, kind, c, m, w)
			}
			req := mix[r.IntN(len(mix))]
			req.CustomerID = c
			dm, _ := json.Marshal(contactpolicy.Decide(req, *mem[c], a.Contacts.Policy(), now))
			dw, _ := json.Marshal(contactpolicy.Decide(req, *rows[c], a.Contacts.Policy(), now))
			if string(dm) != string(dw) {
				t.Fatalf("step %d, after %s: decisions about %s differ:\nmemory: %s\nrows:   %s", step, kind, c, dm, dw)
			}
		}
	}
	stats := base.Stats()
	t.Logf("writes %v; base: %+v", kinds, stats)
	if stats.Hits == 0 || stats.Changes == 0 {
		t.Errorf("the base served nothing from memory or was told of no change: %+v", stats)
	}
}

// randomWrite makes one random write about customer id through the
// services and names it.
func randomWrite(ctx context.Context, a *app.App, r *rand.Rand, id string, promises, open, credits *[]string, now time.Time) (string, error) {
	switch r.IntN(11) {
	case 0, 1:
		outcome := []interaction.Outcome{interaction.Completed, interaction.NoAnswer, interaction.Refused}[r.IntN(3)]
		_, _, err := a.Interactions.Record(ctx, interaction.Interaction{CustomerID: id, Channel: tact.ChannelPhone, Direction: interaction.Outbound,
			Purpose: tact.PurposeSales, Subject: "contract_adaptation", Source: []string{"dialer", "subcontractor"}[r.IntN(2)],
			ExternalID: fmt.Sprint("ext-", r.Int()), CallerID: "+33176000000", StartedAt: now.Add(-time.Duration(r.IntN(100)) * time.Hour), Outcome: outcome})
		return "outbound contact recorded", err
	case 2:
		_, _, err := a.Interactions.Record(ctx, interaction.Interaction{CustomerID: id, Channel: tact.ChannelPhone, Direction: interaction.Inbound,
			Purpose: tact.PurposeService, Source: "ivr", ExternalID: fmt.Sprint("in-", r.Int()), StartedAt: now.Add(-time.Minute), Outcome: interaction.Completed,
			Summary: "Appel entrant."})
		return "inbound contact recorded", err
	case 3:
		c, err := a.Customers.Get(ctx, id)
		if err != nil {
			return "", err
		}
		u := customer.Update{Consents: []customer.Consent{{Channel: tact.ChannelSMS, Purpose: tact.PurposeSales, Granted: r.IntN(2) == 0,
			Source: customer.SourceWeb, Proof: fmt.Sprint("form-", r.IntN(1000))}}}
		if r.IntN(2) == 0 {
			u.Preferences = tact.Some(customer.Preferences{QuietHours: []customer.Window{{From: tact.TimeOfDay(19 * 60), To: tact.TimeOfDay(9 * 60)}}})
		}
		if r.IntN(4) == 0 {
			u.DoNotCall = tact.Some(&customer.DoNotCall{Since: now, Source: "phone"})
		}
		_, err = a.Customers.Update(ctx, id, u, c.Version)
		return "customer updated (consent, quiet hours, do-not-call)", err
	case 4:
		p, err := a.Commitments.Make(ctx, commitment.Draft{CustomerID: id, Kind: []commitment.Kind{commitment.SendOffer, commitment.IssueCredit}[r.IntN(2)],
			Subject: "contract_adaptation", Words: "Je vous envoie l'offre.", Channel: tact.ChannelEmail, Due: now.Add(48 * time.Hour), OwnerID: "usr_01ADVISOR0000000000000000"})
		if err == nil {
			*promises = append(*promises, p.ID)
		}
		return "promise made", err
	case 5:
		if len(*promises) == 0 {
			return "nothing (no promise to keep)", nil
		}
		pid := (*promises)[0]
		*promises = (*promises)[1:]
		p, err := a.Commitments.Get(ctx, pid)
		if err != nil {
			return "", err
		}
		if r.IntN(2) == 0 {
			call, _, err := a.Interactions.Record(ctx, interaction.Interaction{CustomerID: p.CustomerID, Channel: tact.ChannelPhone, Direction: interaction.Outbound,
				Purpose: tact.PurposeService, Source: "advisor", ExternalID: fmt.Sprint("keep-", r.Int()), CallerID: "+33176000000", StartedAt: now, Outcome: interaction.Completed})
			if err != nil {
				return "", err
			}
			_, err = a.Commitments.Keep(ctx, pid, commitment.Evidence{Kind: commitment.EvidenceInteraction, ID: call.ID}, p.Version)
			return "promise kept", err
		}
		_, err = a.Commitments.Cancel(ctx, pid, "plus nécessaire", p.Version)
		return "promise cancelled", err
	case 6:
		k, err := a.Cases.Open(ctx, cases.Draft{CustomerID: id, Subject: "Réseau coupé", Category: cases.Complaint, Channel: tact.ChannelPhone})
		if err == nil {
			*open = append(*open, k.ID)
		}
		return "case opened", err
	case 7:
		if len(*open) == 0 {
			return "nothing (no case to close)", nil
		}
		kid := (*open)[0]
		*open = (*open)[1:]
		k, err := a.Cases.Get(ctx, kid)
		if err != nil {
			return "", err
		}
		_, err = a.Cases.Close(ctx, kid, cases.ClosedDuplicate, "doublon", k.Version)
		return "case closed", err
	case 8:
		_, err := a.Contacts.RequestSurvey(ctx, survey.Ask{CustomerID: id, Event: fmt.Sprint("shop:", r.IntN(5)), Source: "pollster", Channel: tact.ChannelSMS})
		return "survey asked", err
	case 9:
		c, err := a.Customers.Get(ctx, id)
		if err != nil {
			return "", err
		}
		cur := tact.Currency("EUR")
		if c.Jurisdiction == tact.CAQC {
			cur = "CAD"
		}
		n, err := a.Bills.IssueCredit(ctx, billing.CreditNote{CustomerID: id, Amount: tact.Money{Cents: 500, Currency: cur}, Reason: "geste commercial"})
		if err == nil {
			*credits = append(*credits, n.ID)
		}
		return "credit note issued", err
	default:
		if len(*credits) == 0 {
			return "nothing (no credit note to settle)", nil
		}
		nid := (*credits)[0]
		*credits = (*credits)[1:]
		_, err := a.Bills.SettleCredit(ctx, nid, billing.CreditRefunded)
		return "credit note settled", err
	}
}
