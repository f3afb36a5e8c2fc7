package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Notices queues the written notices the law asks for (internal/notice): the
// yearly best-tariff advice and the end-of-commitment notice. Each pass is
// bounded, queues each notice once whatever runs it (a rerun, another node:
// the once-only keys of notice.BestTariffKey and notice.CommitmentEndKey
// decide), and leaves what it did not reach to the next pass.
type Notices struct {
	service
	stores     Stores
	deliveries *Deliveries
	operator   tact.Operator
	leads      notice.Leads
	// pass is noticePass; tests lower it to see a pass stop and the next
	// one go on.
	pass int
}

// NoticeResult counts what a pass did.
type NoticeResult struct {
	// Examined customers (best tariff) or lines (end of commitment).
	Examined int `json:"examined"`
	// Queued notices; Already due ones found queued before (by another node
	// between the read and the write).
	Queued  int `json:"queued"`
	Already int `json:"already"`
	// NotDue: examined, and the rule said not today (see notice.Reason).
	NotDue int `json:"not_due"`
	// Unreachable: due, but the customer can be written to on no channel;
	// tried again next pass.
	Unreachable int `json:"unreachable"`
	// NoUsage: due for best-tariff advice, but no line has a month of usage
	// to compare on; tried again next pass.
	NoUsage int `json:"no_usage"`
	// Late: end-of-commitment notices queued after the law's latest day.
	Late int `json:"late"`
	// Skipped is set when the best-tariff pass did nothing because every
	// customer was examined less than bestTariffRescan ago.
	Skipped bool `json:"skipped"`
}

// Changed reports whether the pass queued anything or found a customer it
// could not write to: what a job logs.
func (r NoticeResult) Changed() bool { return r.Queued > 0 || r.Unreachable > 0 || r.Late > 0 }

// Bounds of a pass.
const (
	// noticePass is the most customers (best tariff) or lines per
	// jurisdiction (end of commitment) one pass examines, so that a first
	// pass over a large base does not hold a node for long: the rest waits
	// for the next pass, a minute later by default.
	noticePass = 1000
	// noticePage is how many a store read returns at a time.
	noticePage = 200
	// bestTariffRescan: once a best-tariff pass has gone through every
	// customer, the next full pass waits this long. Customers fall due one
	// by one as their year passes, so an hour late at most is still within
	// the year's last day; without the wait every pass would read every
	// customer.
	bestTariffRescan = time.Hour
)

// Meta keys of the best-tariff pass: where it stopped, and when it last went
// through every customer.
const (
	metaBestTariffCursor = "notices.best_tariff.cursor"
	metaBestTariffSwept  = "notices.best_tariff.swept_at"
)

// jurisdictionCatalog is a jurisdiction's catalogue, read once per pass.
type jurisdictionCatalog struct {
	cat   offer.Catalog
	plans []*catalog.Plan
}

// passCatalog reads each jurisdiction's catalogue the first time a pass needs
// it.
type passCatalog struct {
	st  catalog.Store
	byJ map[tact.Jurisdiction]jurisdictionCatalog
}

func newPassCatalog(st catalog.Store) *passCatalog {
	return &passCatalog{st: st, byJ: map[tact.Jurisdiction]jurisdictionCatalog{}}
}

func (p *passCatalog) of(ctx context.Context, j tact.Jurisdiction) (jurisdictionCatalog, error) {
	if c, ok := p.byJ[j]; ok {
		return c, nil
	}
	cat, plans, err := catalogOf(ctx, p.st, j)
	if err != nil {
		return jurisdictionCatalog{}, err
	}
	p.byJ[j] = jurisdictionCatalog{cat: cat, plans: plans}
	return p.byJ[j], nil
}

// advise computes the best-tariff advice for each of lines on the customer's
// last months of usage (offer.BestPlan), on day today.
func (s *Notices) advise(ctx context.Context, c *customer.Customer, lines []*customer.Line, cats *passCatalog, today tact.Date) ([]notice.Advice, error) {
	jc, err := cats.of(ctx, c.Jurisdiction)
	if err != nil {
		return nil, err
	}
	thisMonth := tact.Month(today.String()[:7])
	usage, err := s.stores.Customers.FindUsage(ctx, c.ID, thisMonth.AddMonths(-offer.UsageMonths), thisMonth)
	if err != nil {
		return nil, err
	}
	subjects := offer.SubjectsOf(c, lines, nil, usage, jc.cat, today)
	out := make([]notice.Advice, 0, len(lines))
	for _, l := range lines {
		a := notice.Advice{Line: l, Plan: jc.cat.Plans[l.PlanCode]}
		for _, sub := range subjects {
			if sub.Line.ID == l.ID {
				a.Tariff, a.Known = offer.BestPlan(sub, jc.plans)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// CommitmentEnds queues the end-of-commitment notice of every line whose
// commitment ends within its jurisdiction's lead (rule
// commitment_end_notice), with the best-tariff advice for the line, once per
// line and end date. A pass examines at most noticePass lines per
// jurisdiction, by end date; a line that fails is logged and left for the
// next pass, the others go on.
func (s *Notices) CommitmentEnds(ctx context.Context) (NoticeResult, error) {
	var res NoticeResult
	var failed error
	now := s.clock.Now()
	cats := newPassCatalog(s.stores.Catalog)
	customers := map[string]*customer.Customer{}
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		lead := s.leads.Of(j)
		from, to := notice.CommitmentEndWindow(now, lead)
		q := notice.CommitmentEndQuery{Jurisdiction: j, From: from, To: to}
		for examined := 0; examined < s.pass; {
			q.Limit = min(noticePage, s.pass-examined)
			lines, err := s.stores.Notices.FindCommitmentEnds(ctx, q)
			if err != nil {
				return res, errors.Join(failed, err)
			}
			for _, l := range lines {
				examined++
				res.Examined++
				if err := s.commitmentEnd(ctx, l, lead, now, cats, customers, &res); err != nil {
					if ctx.Err() != nil {
						return res, errors.Join(failed, ctx.Err())
					}
					s.log.ErrorContext(ctx, "commitment-end notice: line not done", "line", l.ID, "err", err)
					failed = errors.Join(failed, fmt.Errorf("line %s: %w", l.ID, err))
				}
			}
			if len(lines) < q.Limit {
				break
			}
			last := lines[len(lines)-1]
			q.AfterEnd, q.AfterID = last.CommitmentEndsOn, last.ID
		}
	}
	return res, failed
}

func (s *Notices) commitmentEnd(ctx context.Context, l *customer.Line, lead int, now time.Time, cats *passCatalog,
	customers map[string]*customer.Customer, res *NoticeResult) error {
	c := customers[l.CustomerID]
	if c == nil {
		var err error
		if c, err = s.stores.Customers.FindCustomerByID(ctx, l.CustomerID); err != nil {
			return err
		}
		customers[c.ID] = c
	}
	today := notice.Today(c, now)
	v := notice.CommitmentEndDue(c, l, lead, today)
	if !v.Due {
		res.NotDue++
		return nil
	}
	advice, err := s.advise(ctx, c, []*customer.Line{l}, cats, today)
	if err != nil {
		return err
	}
	subject, body := notice.CommitmentEndText(c, s.operator, advice[0])
	created, routed, err := s.deliveries.Write(ctx, c, delivery.Delivery{Kind: delivery.CommitmentEnd, Subject: subject, Body: body,
		Key: notice.CommitmentEndKey(l.ID, l.CommitmentEndsOn)})
	switch {
	case err != nil:
		return err
	case !routed:
		res.Unreachable++
		s.log.WarnContext(ctx, "commitment-end notice: the customer has no written channel", "customer", c.ID, "line", l.ID)
	case !created:
		res.Already++
	default:
		res.Queued++
		if v.Late {
			res.Late++
			s.log.WarnContext(ctx, "commitment-end notice queued after the law's latest day", "customer", c.ID, "line", l.ID,
				"commitment_ends_on", l.CommitmentEndsOn.String(), "days_left", notice.Days(today, l.CommitmentEndsOn))
		}
	}
	return nil
}

// BestTariff queues the yearly best-tariff advice (rule best_tariff_yearly)
// of every customer due: for each of his lines in force, his plan and its
// cost on his own last months of usage against the cheapest plan on sale that
// covers that use. A pass examines at most noticePass customers, by id, from
// where the previous pass stopped; once it has gone through every customer,
// the next full pass waits bestTariffRescan. A customer due whose lines have
// no usage yet is left for a later pass: there is nothing to compare.
func (s *Notices) BestTariff(ctx context.Context) (NoticeResult, error) {
	var res NoticeResult
	now := s.clock.Now()
	cursor, err := s.meta(ctx, metaBestTariffCursor)
	if err != nil {
		return res, err
	}
	swept, err := s.meta(ctx, metaBestTariffSwept)
	if err != nil {
		return res, err
	}
	if at, perr := time.Parse(time.RFC3339Nano, swept); cursor == "" && perr == nil && now.Sub(at) < bestTariffRescan {
		res.Skipped = true
		return res, nil
	}
	var failed error
	noticedBefore, joinedBy := notice.BestTariffCutoffs(now)
	q := notice.BestTariffQuery{NoticedBefore: noticedBefore, JoinedBy: joinedBy, After: cursor}
	cats := newPassCatalog(s.stores.Catalog)
	for res.Examined < s.pass {
		q.Limit = min(noticePage, s.pass-res.Examined)
		cands, err := s.stores.Notices.FindBestTariffCandidates(ctx, q)
		if err != nil {
			return res, errors.Join(failed, err)
		}
		for _, cand := range cands {
			res.Examined++
			if err := s.bestTariff(ctx, cand, now, cats, &res); err != nil {
				if ctx.Err() != nil {
					return res, errors.Join(failed, ctx.Err())
				}
				s.log.ErrorContext(ctx, "best-tariff notice: customer not done", "customer", cand.CustomerID, "err", err)
				failed = errors.Join(failed, fmt.Errorf("customer %s: %w", cand.CustomerID, err))
			}
		}
		if len(cands) < q.Limit {
			// Every customer seen: start again from the first after the wait.
			return res, errors.Join(failed, s.putMeta(ctx, metaBestTariffCursor, ""), s.putMeta(ctx, metaBestTariffSwept, now.Format(time.RFC3339Nano)))
		}
		q.After = cands[len(cands)-1].CustomerID
	}
	return res, errors.Join(failed, s.putMeta(ctx, metaBestTariffCursor, q.After))
}

func (s *Notices) bestTariff(ctx context.Context, cand notice.Candidate, now time.Time, cats *passCatalog, res *NoticeResult) error {
	c, err := s.stores.Customers.FindCustomerByID(ctx, cand.CustomerID)
	if err != nil {
		return err
	}
	lines, err := s.stores.Customers.FindLines(ctx, c.ID)
	if err != nil {
		return err
	}
	today := notice.Today(c, now)
	var last tact.Date
	if cand.LastNotice != nil {
		last = tact.DateOf(cand.LastNotice.In(c.Location()))
	}
	if v := notice.BestTariffDue(c, lines, last, today); !v.Due {
		res.NotDue++
		return nil
	}
	var inForce []*customer.Line
	for _, l := range lines {
		if notice.InForce(l, today) {
			inForce = append(inForce, l)
		}
	}
	advice, err := s.advise(ctx, c, inForce, cats, today)
	if err != nil {
		return err
	}
	known := false
	for _, a := range advice {
		known = known || a.Known
	}
	if !known {
		res.NoUsage++
		return nil
	}
	subject, body := notice.BestTariffText(c, s.operator, advice)
	created, routed, err := s.deliveries.Write(ctx, c, delivery.Delivery{Kind: delivery.BestTariff, Subject: subject, Body: body,
		Key: notice.BestTariffKey(c.ID, last)})
	switch {
	case err != nil:
		return err
	case !routed:
		res.Unreachable++
		s.log.WarnContext(ctx, "best-tariff notice: the customer has no written channel", "customer", c.ID)
	case !created:
		res.Already++
	default:
		res.Queued++
	}
	return nil
}

// meta reads a bookkeeping value, "" when never set.
func (s *Notices) meta(ctx context.Context, key string) (string, error) {
	v, err := s.stores.Meta.GetMeta(ctx, key)
	if tact.ErrorCode(err) == tact.CodeNotFound {
		return "", nil
	}
	return v, err
}

func (s *Notices) putMeta(ctx context.Context, key, value string) error {
	return s.stores.Meta.PutMeta(ctx, key, value)
}
