package app

import (
	"context"
	"strings"
	"time"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

// Quality computes the supervisors' weekly quality figures (the quality
// job) and reads them back (the dashboard, GET /v1/quality). The figures
// are defined in internal/quality; this service only walks the weeks.
type Quality struct {
	service
	store quality.Store
	// policy gives each jurisdiction's sales-call ceiling.
	policy contactpolicy.Policy
}

// QualityResult is what a pass of the quality job did.
type QualityResult struct {
	// Computed are the weeks computed, per jurisdiction, in order.
	Computed []QualityWeek `json:"computed"`
	// Remaining is how many weeks of the horizon are left for later
	// passes: never computed, or computed before they were final.
	Remaining int `json:"remaining"`
}

// QualityWeek names one jurisdiction's week.
type QualityWeek struct {
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	Week         quality.Week      `json:"week"`
}

// Refresh is one pass of the quality job: for each jurisdiction, the
// current and the previous week unless computed less than fresh ago (0
// computes them whatever their age), then a few older weeks of the horizon
// not yet computed or not final (quality.Plan). Each week is read, computed
// and stored on its own: a pass stopped midway keeps the weeks done.
func (s *Quality) Refresh(ctx context.Context, fresh time.Duration) (*QualityResult, error) {
	res := &QualityResult{Computed: []QualityWeek{}}
	for _, j := range []tact.Jurisdiction{tact.FR, tact.CAQC} {
		loc, err := quality.Zone(j)
		if err != nil {
			return res, err
		}
		now := s.clock.Now()
		stored, err := s.store.FindWeeks(ctx, j, quality.FirstWeek(now, loc), quality.WeekOf(now, loc))
		if err != nil {
			return res, err
		}
		weeks := quality.Plan(now, loc, stored, fresh, quality.BackfillPerPass)
		res.Remaining += len(quality.Plan(now, loc, stored, fresh, quality.Horizon)) - len(weeks)
		c := s.ceiling(j)
		for _, w := range weeks {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			at := s.clock.Now()
			facts, err := s.store.ReadFacts(ctx, quality.NewQuery(j, w, loc, c))
			if err != nil {
				return res, err
			}
			if err := s.store.SaveWeek(ctx, quality.Compute(j, w, loc, c, facts, at)); err != nil {
				return res, err
			}
			res.Computed = append(res.Computed, QualityWeek{Jurisdiction: j, Week: w})
		}
	}
	return res, nil
}

// ceiling is jurisdiction j's cap on sales calls in the policy in force.
func (s *Quality) ceiling(j tact.Jurisdiction) quality.Ceiling {
	r := s.policy.Jurisdictions[j]
	return quality.Ceiling{Calls: r.MaxSalesCalls, Window: r.SalesCallWindow.Duration()}
}

// Report returns jurisdiction j's stored figures from week from to week to
// ("YYYY-Www"; "" for the defaults of quality.Span), oldest first, with the
// weeks not computed yet. It reads the stored weeks only.
func (s *Quality) Report(ctx context.Context, j tact.Jurisdiction, from, to string) (*quality.Report, error) {
	if strings.TrimSpace(string(j)) == "" {
		return nil, tact.FieldError(tact.CodeRequired, "jurisdiction", "say which jurisdiction's figures: FR or CA-QC")
	}
	loc, err := quality.Zone(j)
	if err != nil {
		return nil, err
	}
	first, last, err := quality.Span(from, to, s.clock.Now(), loc)
	if err != nil {
		return nil, err
	}
	stored, err := s.store.FindWeeks(ctx, j, first, last)
	if err != nil {
		return nil, err
	}
	return quality.NewReport(j, loc.String(), first, last, stored), nil
}
