package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

var interactionTests = []contractTest{
	{"CreateFind", testInteractionCreateFind},
	{"Idempotent", testInteractionIdempotent},
	{"ConcurrentReports", testInteractionConcurrent},
	{"Pages", testInteractionPages},
}

func testInteractionCreateFind(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	i := f.newInteraction(t, c, "dialer", "call-1", f.now().Add(-time.Hour))
	stored, created, err := f.st.Interactions.CreateInteraction(f.ctx, i)
	must(t, "CreateInteraction", err)
	if !created {
		t.Error("a new report was not created")
	}
	diff(t, "stored interaction", i, stored)
	got, err := f.st.Interactions.FindInteractionByID(f.ctx, i.ID)
	must(t, "FindInteractionByID", err)
	diff(t, "interaction read back", i, got)
	wantUTC(t, "started_at", got.StartedAt)
	wantUTC(t, "ended_at", *got.EndedAt)

	// Optional fields stay empty.
	bare := f.newInteraction(t, c, "shop", "", f.now())
	bare.Channel, bare.Outcome, bare.CallerID, bare.EndedAt, bare.Subject, bare.Summary, bare.Actor, bare.CaseID =
		tact.ChannelShop, interaction.Completed, "", nil, "", "", "", ""
	must(t, "Interaction.Validate", bare.Validate(f.now()))
	if _, _, err := f.st.Interactions.CreateInteraction(f.ctx, bare); err != nil {
		t.Fatalf("CreateInteraction: %v", err)
	}
	got, err = f.st.Interactions.FindInteractionByID(f.ctx, bare.ID)
	must(t, "FindInteractionByID", err)
	diff(t, "bare interaction read back", bare, got)
	if got.EndedAt != nil {
		t.Errorf("ended_at read back as %v, want none", got.EndedAt)
	}

	_, err = f.st.Interactions.FindInteractionByID(f.ctx, f.ids.New(tact.PrefixInteraction))
	wantCode(t, "FindInteractionByID of an unknown id", err, tact.CodeNotFound, "")

	ghost, _ := f.newCustomer(t, person(tact.FR, "Personne", "Inconnue"))
	_, created, err = f.st.Interactions.CreateInteraction(f.ctx, f.newInteraction(t, ghost, "dialer", "call-2", f.now()))
	wantCode(t, "interaction of an unknown customer", err, tact.CodeNotFound, "customer_id")
	if created {
		t.Error("an interaction of an unknown customer was reported created")
	}
}

func (f *fixture) countInteractions(t *testing.T, customerID string) int {
	t.Helper()
	list, err := f.st.Interactions.FindInteractions(f.ctx, interaction.Filter{CustomerID: customerID, Limit: tact.MaxPageSize})
	must(t, "FindInteractions", err)
	return len(list)
}

func testInteractionIdempotent(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	at := f.now().Add(-time.Hour)
	first := f.createInteraction(t, c, "dialer", "call-1", at)

	f.tick()
	retry := f.newInteraction(t, c, "dialer", "call-1", at)
	retry.Summary = "another story under the same key"
	stored, created, err := f.st.Interactions.CreateInteraction(f.ctx, retry)
	must(t, "CreateInteraction of a retry", err)
	if created {
		t.Error("a retry with the same source and external id was created again")
	}
	// The store returns what it holds; telling a retry from a clash is the service's job.
	diff(t, "interaction returned for a retry", first, stored)
	if n := f.countInteractions(t, c.ID); n != 1 {
		t.Errorf("after a retry the customer has %d interactions, want 1", n)
	}

	// The key is the pair: another source may use the same id, and a report
	// without an external id is always new.
	f.createInteraction(t, c, "survey-vendor", "call-1", at)
	f.createInteraction(t, c, "shop", "", at)
	f.createInteraction(t, c, "shop", "", at)
	if n := f.countInteractions(t, c.ID); n != 4 {
		t.Errorf("the customer has %d interactions, want 4", n)
	}
}

func testInteractionConcurrent(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	at := f.now().Add(-time.Minute)
	const n = 10
	reports := make([]*interaction.Interaction, n)
	for k := range reports {
		reports[k] = f.newInteraction(t, c, "dialer", "call-burst", at)
	}
	onceOnly(t, "report", reports, func(i *interaction.Interaction) string { return i.ID },
		func(i *interaction.Interaction) (*interaction.Interaction, bool, error) {
			return f.st.Interactions.CreateInteraction(f.ctx, i)
		})
	if got := f.countInteractions(t, c.ID); got != 1 {
		t.Errorf("%d concurrent reports stored %d interactions, want 1", n, got)
	}
}

func testInteractionPages(t *testing.T, f *fixture) {
	c, _ := f.createCustomer(t, person(tact.FR, "Jean", "Dupont"))
	other, _ := f.createCustomer(t, person(tact.FR, "Zoé", "Durand"))
	base := f.now().Add(-24 * time.Hour)
	var all []*interaction.Interaction
	// Offsets in minutes; repeats are contacts at the same instant, which
	// only the id orders.
	for k, minutes := range []int{5, 1, 3, 3, 3, 9, 0, 7, 3, 5, 2} {
		at := base.Add(time.Duration(minutes) * time.Minute)
		all = append(all, f.createInteraction(t, c, "dialer", fmt.Sprintf("call-%d", k), at))
		f.createInteraction(t, other, "dialer", fmt.Sprintf("other-%d", k), at)
	}
	want := slices.Clone(all)
	slices.SortFunc(want, func(a, b *interaction.Interaction) int {
		if !a.StartedAt.Equal(b.StartedAt) {
			return b.StartedAt.Compare(a.StartedAt)
		}
		return strings.Compare(b.ID, a.ID)
	})
	for _, size := range []int{1, 3, 4, len(all), len(all) + 5} {
		var got []*interaction.Interaction
		filter := interaction.Filter{CustomerID: c.ID, Limit: size}
		for pages := 0; ; pages++ {
			if pages > len(all)+1 {
				t.Fatalf("pages of %d: pagination does not end", size)
			}
			page, err := f.st.Interactions.FindInteractions(f.ctx, filter)
			must(t, "FindInteractions", err)
			if len(page) > size {
				t.Fatalf("pages of %d: a page of %d", size, len(page))
			}
			got = append(got, page...)
			if len(page) < size {
				break
			}
			last := page[len(page)-1]
			filter.Before = tact.Cursor{At: last.StartedAt, ID: last.ID}
		}
		diff(t, fmt.Sprintf("interactions by pages of %d, newest first", size), want, got)
	}
}
