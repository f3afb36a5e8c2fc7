package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tactcrm/tact/internal/access"
	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// demoActor is who the demo's records say made them: tact's own builder.
var demoActor = tact.Actor{Kind: tact.ActorSystem, ID: "demo", Name: "demo"}

// builder holds one build: services on a stopped clock with seeded
// identifiers, the numbering blocks, the crowd generator and what was stored.
type builder struct {
	app     *app.App
	clock   *tact.ManualClock
	now     time.Time
	seed    int64
	numbers *numbering
	gen     *crowd

	// staff are the operator's people by key; candidates the crowd customers
	// chosen for matters, with matterEvery their stride.
	staff       map[string]*access.User
	candidates  []matterCandidate
	matterEvery int

	lines, interactions, cases, commitments int
}

func newBuilder(stores app.Stores, seed int64, now time.Time, customers int) (*builder, error) {
	clock := tact.NewManualClock(now)
	ids := tact.NewIDGen(clock, newIDSource(seed))
	a := app.New(stores, app.Options{Clock: clock, IDs: ids, Logger: slog.New(slog.DiscardHandler)})
	numbers, err := newNumbering(seed, customers)
	if err != nil {
		return nil, err
	}
	gen, err := newCrowd(seed, now, ids, numbers, demoActor)
	if err != nil {
		return nil, err
	}
	return &builder{app: a, clock: clock, now: now, seed: seed, numbers: numbers, gen: gen, matterEvery: matterStrideFor(customers)}, nil
}

// Sizes of the bulk path.
//
// batchCustomers is what the generator hands the importers at a time: about
// 90,000 contacts, a few hundred megabytes. Larger calls amortize commits and
// write each page of the indexes that take keys in no order (names, emails)
// for more rows at a time; 5,000 measured best.
//
// interactionsCall is the size of one interaction Import call.
const (
	batchCustomers   = 5000
	interactionsCall = 20000
)

// batch is a slice of the crowd on its way to the stores.
type batch struct {
	members []*member
	err     error
}

// crowd makes count crowd customers and stores them. Three goroutines share
// the work: one generates, one imports customer records, one imports their
// contacts once their customers are in. The stores take one writer at a time;
// while one importer holds it, the other validates its next call, and the
// generator keeps the second core busy. done counts the customers already
// stored, for progress.
func (b *builder) crowd(ctx context.Context, count, done int, progress func(int)) error {
	b.clock.Set(b.now)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	batches := make(chan batch, 2)
	go func() {
		defer close(batches)
		for first := 0; first < count; first += batchCustomers {
			bt := batch{members: make([]*member, 0, batchCustomers)}
			for i := first; i < min(count, first+batchCustomers); i++ {
				m, err := b.gen.generate(i)
				if err != nil {
					bt.err = err
					break
				}
				bt.members = append(bt.members, m)
			}
			select {
			case batches <- bt:
			case <-ctx.Done():
				return
			}
			if bt.err != nil {
				return
			}
		}
	}()

	contacts := make(chan []*interaction.Interaction, 2)
	contactsDone := make(chan error, 1)
	go func() {
		var err error
		for list := range contacts {
			if err == nil {
				if err = b.storeContacts(ctx, list); err != nil {
					cancel()
				}
			}
		}
		contactsDone <- err
	}()

	err := func() error {
		defer close(contacts)
		for bt := range batches {
			if bt.err != nil {
				return bt.err
			}
			list, err := b.storeCustomers(ctx, bt.members)
			if err != nil {
				return err
			}
			select {
			case contacts <- list:
			case <-ctx.Done():
				return ctx.Err()
			}
			done += len(bt.members)
			progress(done)
		}
		return ctx.Err()
	}()
	if cerr := <-contactsDone; cerr != nil {
		return cerr // the first failure; err is then only the cancellation it caused
	}
	return err
}

// storeCustomers writes a batch of crowd customers and returns their contacts.
func (b *builder) storeCustomers(ctx context.Context, members []*member) ([]*interaction.Interaction, error) {
	records := make([]*customer.Record, len(members))
	var contacts []*interaction.Interaction
	for i, m := range members {
		records[i] = m.record
		if m.index%b.matterEvery == 0 && m.record.Customer.Status != customer.Former {
			b.candidates = append(b.candidates, matterCandidate{customer: m.record.Customer, index: m.index})
		}
		b.lines += len(m.record.Lines)
		contacts = append(contacts, m.contacts...)
	}
	if err := b.app.Customers.Import(ctx, records); err != nil {
		return nil, fmt.Errorf("demo: import customers: %w", err)
	}
	return contacts, nil
}

// storeContacts writes contacts whose customers are stored.
func (b *builder) storeContacts(ctx context.Context, contacts []*interaction.Interaction) error {
	for len(contacts) > 0 {
		n := min(len(contacts), interactionsCall)
		if err := b.app.Interactions.Import(ctx, contacts[:n]); err != nil {
			return fmt.Errorf("demo: import interactions: %w", err)
		}
		b.interactions += n
		contacts = contacts[n:]
	}
	return nil
}
