package app

import (
	"context"
	"encoding/json"
	"runtime"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/brief"
	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Campaigns is the service over outbound campaigns and their planning.
type Campaigns struct {
	service
	stores   Stores
	offers   *Offers
	contacts *Contacts
	briefs   *Briefs
}

// planPage is how many customers planning reads at a time: one query per
// kind of fact for each page.
const planPage = 1000

// Create validates and stores a new campaign. Its offers must exist, in its
// jurisdiction. Creating again the same campaign (same code, same
// definition) returns the stored one with created false, so a client may
// retry; the same code with another definition is a conflict.
func (s *Campaigns) Create(ctx context.Context, c campaign.Campaign) (*campaign.Campaign, bool, error) {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return nil, false, err
	}
	for _, code := range c.Offers {
		o, err := s.stores.Offers.FindOfferByCode(ctx, code)
		if tact.ErrorCode(err) == tact.CodeNotFound {
			return nil, false, tact.FieldError(tact.CodeInvalid, "offers", "offer %q does not exist", code)
		}
		if err != nil {
			return nil, false, err
		}
		if o.Jurisdiction != c.Jurisdiction {
			return nil, false, tact.FieldError(tact.CodeInvalid, "offers", "offer %s is of %s, the campaign of %s", code, o.Jurisdiction, c.Jurisdiction)
		}
	}
	c.CreatedAt = s.clock.Now().UTC()
	err := s.stores.Campaigns.CreateCampaign(ctx, &c)
	if tact.ErrorCode(err) != tact.CodeConflict {
		return &c, err == nil, err
	}
	old, ferr := s.stores.Campaigns.FindCampaign(ctx, c.Code)
	if ferr != nil {
		return nil, false, ferr
	}
	if !sameCampaign(old, &c) {
		return nil, false, tact.FieldError(tact.CodeConflict, "code", "campaign %s exists with another definition", c.Code)
	}
	return old, false, nil
}

// sameCampaign compares two campaigns but for when they were created.
func sameCampaign(a, b *campaign.Campaign) bool {
	x, y := *a, *b
	x.CreatedAt = y.CreatedAt
	ja, erra := json.Marshal(x)
	jb, errb := json.Marshal(y)
	return erra == nil && errb == nil && string(ja) == string(jb)
}

// Get returns one campaign.
func (s *Campaigns) Get(ctx context.Context, code string) (*campaign.Campaign, error) {
	return s.stores.Campaigns.FindCampaign(ctx, code)
}

// List returns every campaign, by code.
func (s *Campaigns) List(ctx context.Context) ([]*campaign.Campaign, error) {
	return s.stores.Campaigns.FindCampaigns(ctx)
}

// Progress tells how far a planning is: customers considered of total.
type Progress func(done, total int)

// Plan plans a campaign over every customer of its jurisdiction now, stores
// the plan in place of the previous one, and returns its summary and its
// entries by customer id. progress, when not nil, is told how many customers
// have been considered after each page (from one goroutine at a time).
func (s *Campaigns) Plan(ctx context.Context, code string, progress Progress) (*campaign.Plan, []*campaign.Entry, error) {
	plan, entries, err := s.plan(ctx, code, progress)
	if err != nil {
		return nil, nil, err
	}
	if err := s.stores.Campaigns.SavePlan(ctx, plan, entries); err != nil {
		return nil, nil, err
	}
	s.log.Info("campaign planned", "campaign", code, "customers", plan.Customers, "audience", plan.Audience,
		"targets", plan.Counts[campaign.Target], "control", plan.Counts[campaign.Control])
	return plan, entries, nil
}

func (s *Campaigns) plan(ctx context.Context, code string, progress Progress) (*campaign.Plan, []*campaign.Entry, error) {
	c, err := s.stores.Campaigns.FindCampaign(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	now := s.clock.Now()
	offers, err := s.stores.Offers.FindOffers(ctx, offer.Filter{Jurisdiction: c.Jurisdiction})
	if err != nil {
		return nil, nil, err
	}
	cat, err := s.offers.catalogOf(ctx, c.Jurisdiction)
	if err != nil {
		return nil, nil, err
	}
	planner, err := campaign.NewPlanner(c, offers, cat, s.contacts.policy, now)
	if err != nil {
		return nil, nil, err
	}
	total, err := s.stores.Customers.CountCustomers(ctx, c.Jurisdiction)
	if err != nil {
		return nil, nil, err
	}
	list, customers, err := s.consider(ctx, planner, c.Jurisdiction, now, func(done int) {
		if progress != nil {
			progress(done, max(total, done))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	plan, entries := planner.Schedule(list, customers, len(list))
	return plan, entries, nil
}

// consider reads the jurisdiction's customers page by page while workers,
// one per CPU, consider the pages already read.
func (s *Campaigns) consider(ctx context.Context, p *campaign.Planner, j tact.Jurisdiction, now time.Time,
	progress func(int)) ([]campaign.Considered, int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []campaign.Input, 2)
	var (
		mu        sync.Mutex
		list      []campaign.Considered
		customers int
		firstErr  error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for page := range pages {
				var mine []campaign.Considered
				for _, in := range page {
					x, ok, err := p.Consider(in)
					if err != nil {
						fail(err)
						return
					}
					if ok {
						mine = append(mine, x)
					}
				}
				mu.Lock()
				list = append(list, mine...)
				customers += len(page)
				progress(customers)
				mu.Unlock()
			}
		}()
	}
	err := s.readPages(ctx, j, now, pages)
	close(pages)
	wg.Wait()
	if err != nil && firstErr == nil {
		firstErr = err
	}
	return list, customers, firstErr
}

// readPages sends the inputs of every customer of j, a page at a time.
func (s *Campaigns) readPages(ctx context.Context, j tact.Jurisdiction, now time.Time, pages chan<- []campaign.Input) error {
	thisMonth := tact.MonthOf(now)
	after := ""
	for {
		ids, err := s.stores.Customers.FindCustomerIDs(ctx, j, after, planPage)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		facts, err := s.stores.Facts.FindFacts(ctx, s.contacts.factsQuery(ids, now))
		if err != nil {
			return err
		}
		usage, err := s.stores.Customers.FindUsageOf(ctx, ids, thisMonth.AddMonths(-offer.UsageMonths), thisMonth)
		if err != nil {
			return err
		}
		byCustomer := map[string][]*customer.Usage{}
		for _, u := range usage {
			byCustomer[u.CustomerID] = append(byCustomer[u.CustomerID], u)
		}
		page := make([]campaign.Input, 0, len(ids))
		for _, id := range ids {
			if f, ok := facts[id]; ok {
				page = append(page, campaign.Input{Facts: *f, Usage: byCustomer[id]})
			}
		}
		select {
		case pages <- page:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// LatestPlan returns the summary of the campaign's latest plan.
func (s *Campaigns) LatestPlan(ctx context.Context, code string) (*campaign.Plan, error) {
	if _, err := s.stores.Campaigns.FindCampaign(ctx, code); err != nil {
		return nil, err
	}
	return s.stores.Campaigns.FindPlan(ctx, code)
}

// Target is an entry of a plan as an advisor or a dialer reads it: a target
// comes with the customer's brief as it is now.
type Target struct {
	campaign.Entry
	Brief *brief.Brief `json:"brief,omitempty"`
}

// Entries lists a page of the campaign's latest plan, by customer id, of one
// outcome when given; targets carry their brief.
func (s *Campaigns) Entries(ctx context.Context, code string, outcome campaign.Outcome, cursor string, limit int) ([]Target, string, error) {
	if outcome != "" && !outcome.Valid() {
		return nil, "", tact.FieldError(tact.CodeInvalid, "outcome", "outcome %q is not one of target, control, no_offer, suppressed, unscheduled", outcome)
	}
	after, err := tact.DecodeCursor(cursor)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.LatestPlan(ctx, code); err != nil {
		return nil, "", err
	}
	limit = tact.PageSize(limit)
	list, err := s.stores.Campaigns.FindEntries(ctx, code, outcome, after.ID, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]Target, 0, len(list))
	for _, e := range list {
		t := Target{Entry: *e}
		if e.Outcome == campaign.Target {
			if t.Brief, err = s.briefs.Get(ctx, e.CustomerID); err != nil {
				return nil, "", err
			}
		}
		out = append(out, t)
	}
	next := ""
	if len(list) == limit {
		next = tact.Cursor{ID: list[len(list)-1].CustomerID}.Encode()
	}
	return out, next, nil
}
