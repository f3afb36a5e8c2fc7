package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/lifecycle"
	"github.com/tactcrm/tact/internal/tact"
)

// Erasures erases what tact may keep no longer: a former customer's
// marketing data three years after the relationship ended (rule
// lifecycle.RuleMarketingErasure). Each pass is bounded, like the notice
// passes, erases each customer once whatever runs it (a rerun, another node:
// the store checks the customer's mark in the erasing transaction), and
// leaves what it did not reach to the next pass.
type Erasures struct {
	service
	store customer.Store
	// pass is erasurePass; tests lower it to see a pass stop and the next
	// one go on.
	pass int
}

// ErasureResult counts what a pass did.
type ErasureResult struct {
	// Examined former customers, found by the store as possibly due.
	Examined int `json:"examined"`
	// Erased customers; Already ones found erased by another pass between
	// the read and the write; NotDue ones whose third anniversary has not
	// come yet in their own time zone.
	Erased  int `json:"erased"`
	Already int `json:"already"`
	NotDue  int `json:"not_due"`
	// Changed customers were updated by someone else between the read and
	// the erasure: left for the next pass, which reads them again.
	Changed int `json:"changed"`
	// Data totals what was erased, by category.
	Data customer.MarketingErasure `json:"data"`
}

// Bounds of an erasure pass: as many customers as a notice pass examines,
// read as many at a time.
const (
	erasurePass = noticePass
	erasurePage = noticePage
)

// latestDateAnywhere is how far ahead of UTC a customer's own date may be:
// the zones furthest east (UTC+14) are one day ahead at most.
const latestDateAnywhere = 1

// EraseMarketingData erases the marketing data of every former customer due
// (lifecycle.MarketingErasureDue, judged on his own date): at most
// erasurePass customers per pass, in the order the relationships ended. A
// customer that fails is logged and left for the next pass; the others go
// on.
func (s *Erasures) EraseMarketingData(ctx context.Context) (ErasureResult, error) {
	var res ErasureResult
	var failed error
	now := s.clock.Now()
	// The store is asked for the customers who may be due somewhere on
	// earth today; each is then judged on his own date.
	latest := tact.DateOf(now.UTC()).AddDays(latestDateAnywhere)
	q := customer.ErasureQuery{EndedBy: lifecycle.MarketingErasureCutoff(latest)}
	for res.Examined < s.pass {
		q.Limit = min(erasurePage, s.pass-res.Examined)
		list, err := s.store.FindMarketingErasureCandidates(ctx, q)
		if err != nil {
			return res, errors.Join(failed, err)
		}
		for _, c := range list {
			res.Examined++
			if err := s.erase(ctx, c, now, &res); err != nil {
				if ctx.Err() != nil {
					return res, errors.Join(failed, ctx.Err())
				}
				s.log.ErrorContext(ctx, "marketing data erasure: customer not done", "customer", c.ID, "err", err)
				failed = errors.Join(failed, fmt.Errorf("customer %s: %w", c.ID, err))
			}
		}
		if len(list) < q.Limit {
			break
		}
		last := list[len(list)-1]
		q.AfterEnded, q.AfterID = last.FormerSince, last.ID
	}
	return res, failed
}

func (s *Erasures) erase(ctx context.Context, c *customer.Customer, now time.Time, res *ErasureResult) error {
	today := tact.DateOf(now.In(c.Location()))
	if !lifecycle.MarketingErasureDue(c, today) {
		res.NotDue++
		return nil
	}
	erased := lifecycle.EraseMarketingData(c, today)
	c.UpdatedAt = now
	// What is left must still be a valid customer: an erasure that broke
	// the record would break every later read and update of it.
	if err := c.Validate(); err != nil {
		return err
	}
	evs := []customer.Event{{Kind: customer.EventMarketingErased}}
	customer.Stamp(evs, c.ID, now, tact.ActorFrom(ctx), s.ids)
	all, done, err := s.store.EraseMarketingData(ctx, c, erased, evs[0])
	switch {
	case tact.ErrorCode(err) == tact.CodePreconditionFailed:
		res.Changed++
		return nil
	case err != nil:
		return err
	case !done:
		res.Already++
		return nil
	}
	res.Erased++
	res.Data = res.Data.Add(all)
	return nil
}
