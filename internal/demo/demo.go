package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/tact"
)

// DefaultCustomers is how many customers a demo has when Options.Customers is 0:
// enough to page, search and plan campaigns, built in a few seconds.
const DefaultCustomers = 2000

// MetaKey is the bookkeeping key under which a database records the demo it
// holds; its value is the Result as JSON.
const MetaKey = "demo"

// Options choose which demo operator to build.
type Options struct {
	// Seed picks the operator: the same seed and Now build the same data, down
	// to the identifiers.
	Seed int64
	// Customers is the number of customers, story customers included; 0 means
	// DefaultCustomers.
	Customers int
	// Now is the reference instant the demo's year of history ends at; zero
	// means the start of today, UTC.
	Now time.Time
	// Progress, when set, is told how many customers are stored so far. It is
	// called from Build's goroutine, never concurrently.
	Progress func(done, total int)
}

// Result describes a built demo. It is also the marker stored in the database
// (MetaKey), so a later start finds the same stories.
type Result struct {
	// Seed and Customers are the options the demo was built with.
	Seed      int64 `json:"seed"`
	Customers int   `json:"customers"`
	// Now is the reference instant: the demo's history ends there.
	Now time.Time `json:"now"`
	// Stories are the customers of DESIGN.md §1, in story order.
	Stories []Story `json:"stories"`
	// Staff are the operator's supervisors and advisors, supervisors first.
	Staff []Staff `json:"staff"`
	// Counts of what was stored, for the builder's report.
	Lines        int `json:"lines"`
	Interactions int `json:"interactions"`
	Cases        int `json:"cases"`
	Commitments  int `json:"commitments"`
	// State is "ready", or "building" while Build runs: a marker left in the
	// building state means a build was interrupted.
	State string `json:"state"`
}

// Story is the customer who lets one of the five stories be replayed.
type Story struct {
	Number       int               `json:"number"`
	Key          string            `json:"key"`
	Title        string            `json:"title"`
	CustomerID   string            `json:"customer_id"`
	Name         string            `json:"name"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	// Email is the customer's email address: he signs in to his space with it.
	Email string `json:"email,omitempty"`
	// Note says in one line what to look at.
	Note string `json:"note"`
	// CaseID and CommitmentID are the story's case and promise, when it has
	// them; Owner is the email of the advisor who owns them.
	CaseID       string `json:"case_id,omitempty"`
	CommitmentID string `json:"commitment_id,omitempty"`
	Owner        string `json:"owner,omitempty"`
	// BillID is the story's bill held for a supervisor, when it has one
	// (story 3's €149,000 bill).
	BillID string `json:"bill_id,omitempty"`
	// SpaceBillID is the bill the customer acts on in his space, when the
	// story has one (story 1's last bill, with the third-party charge she
	// disputes in one click).
	SpaceBillID string `json:"space_bill_id,omitempty"`
}

// Marker states.
const (
	stateBuilding = "building"
	stateReady    = "ready"
)

// Existing returns the demo the database holds, with ok false when it holds
// none. A build that was interrupted is an error: its data is incomplete and
// the database should be rebuilt from scratch.
func Existing(ctx context.Context, stores app.Stores) (*Result, bool, error) {
	v, err := stores.Meta.GetMeta(ctx, MetaKey)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var res Result
	if err := json.Unmarshal([]byte(v), &res); err != nil {
		return nil, false, fmt.Errorf("demo: the database's demo marker is unreadable: %w", err)
	}
	if res.State != stateReady {
		return nil, false, tact.Errorf(tact.CodeConflict, "a demo build (seed %d, %d customers) did not finish in this database; delete it and build again", res.Seed, res.Customers)
	}
	return &res, true, nil
}

// Build builds the demo operator into an empty database: the catalogue, its
// staff, the five story customers and their matters, the crowd, and the
// cases and promises of a small share of the crowd. It refuses, with a conflict error, a
// database that already holds a demo or any customer: the demo never mixes
// with real data.
func Build(ctx context.Context, stores app.Stores, opt Options) (*Result, error) {
	if opt.Customers == 0 {
		opt.Customers = DefaultCustomers
	}
	if opt.Customers < len(storySpecs) {
		return nil, tact.Errorf(tact.CodeInvalid, "a demo has at least %d customers, one per story", len(storySpecs))
	}
	if opt.Now.IsZero() {
		opt.Now = tact.SystemClock{}.Now().Truncate(day)
	}
	now := opt.Now.UTC().Truncate(tact.Resolution)
	if err := checkEmpty(ctx, stores); err != nil {
		return nil, err
	}

	res := &Result{Seed: opt.Seed, Customers: opt.Customers, Now: now, State: stateBuilding}
	if err := putMarker(ctx, stores, res); err != nil {
		return nil, err
	}
	b, err := newBuilder(stores, opt.Seed, now, opt.Customers)
	if err != nil {
		return nil, err
	}
	if err := putCatalog(ctx, b.app, now); err != nil {
		return nil, err
	}
	if res.Staff, err = b.putStaff(ctx); err != nil {
		return nil, err
	}
	if res.Stories, err = b.stories(ctx); err != nil {
		return nil, err
	}
	progress := func(done int) {
		if opt.Progress != nil {
			opt.Progress(done, opt.Customers)
		}
	}
	progress(len(res.Stories))
	if err := b.crowd(ctx, opt.Customers-len(res.Stories), len(res.Stories), progress); err != nil {
		return nil, err
	}
	if err := b.crowdMatters(ctx); err != nil {
		return nil, err
	}
	res.Lines, res.Interactions, res.Cases, res.Commitments = b.lines, b.interactions, b.cases, b.commitments
	res.State = stateReady
	if err := putMarker(ctx, stores, res); err != nil {
		return nil, err
	}
	return res, nil
}

// checkEmpty refuses a database that holds a demo or any customer.
func checkEmpty(ctx context.Context, stores app.Stores) error {
	if res, ok, err := Existing(ctx, stores); err != nil {
		return err
	} else if ok {
		return tact.Errorf(tact.CodeConflict, "this database already holds the demo (seed %d, %d customers); reuse it or build into an empty database", res.Seed, res.Customers)
	}
	a := app.New(stores, app.Options{})
	list, _, err := a.Customers.Search(ctx, app.SearchParams{Limit: 1})
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return tact.Errorf(tact.CodeConflict, "this database already holds customers that are not a demo's; the demo is built into an empty database only")
	}
	return nil
}

func putMarker(ctx context.Context, stores app.Stores, res *Result) error {
	b, err := json.Marshal(res)
	if err != nil {
		return err
	}
	return stores.Meta.PutMeta(ctx, MetaKey, string(b))
}
