// Package batch runs tact's scheduled jobs: the work nobody asks for on a
// request, such as the overdue sweep of promises, the notices the law asks
// for (end of commitment, yearly best-tariff advice), the end of
// cancellations at their end date, the erasure of former customers'
// marketing data three years after they left, the weekly quality figures,
// and the purge of ended sessions and sign-in codes. The server runs them
// in the background while it serves; `tact jobs run` runs them once.
package batch

import (
	"context"
	"log/slog"
	"time"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/tact"
)

// Job is one scheduled task. Run does one pass and returns what it changed as
// log attributes, or nil when it changed nothing.
type Job struct {
	Name string
	Run  func(ctx context.Context) ([]any, error)
}

// Actor is who the jobs' records say acted: tact's scheduler.
var Actor = tact.Actor{Kind: tact.ActorSystem, ID: "jobs", Name: "scheduler"}

// Sweep is the overdue sweep of promises (app.Commitments.Sweep) as a job.
func Sweep(a *app.App) Job {
	return Job{Name: "overdue_sweep", Run: func(ctx context.Context) ([]any, error) {
		res, err := a.Commitments.Sweep(ctx)
		if res.Overdue == 0 && res.Apologies == 0 {
			return nil, err
		}
		return []any{"overdue", res.Overdue, "apologies_queued", res.Apologies}, err
	}}
}

// CommitmentEndNotices queues the notices of commitments about to end
// (app.Notices.CommitmentEnds) as a job.
func CommitmentEndNotices(a *app.App) Job {
	return Job{Name: "commitment_end_notices", Run: func(ctx context.Context) ([]any, error) {
		return noticeAttrs(a.Notices.CommitmentEnds(ctx))
	}}
}

// BestTariffNotices queues the yearly best-tariff advice
// (app.Notices.BestTariff) as a job.
func BestTariffNotices(a *app.App) Job {
	return Job{Name: "best_tariff_notices", Run: func(ctx context.Context) ([]any, error) {
		return noticeAttrs(a.Notices.BestTariff(ctx))
	}}
}

// Cancellations ends the lines of the cancellations whose end date has
// come and makes former a customer left with none
// (app.Cancellations.Complete) as a job.
func Cancellations(a *app.App) Job {
	return Job{Name: "cancellations", Run: func(ctx context.Context) ([]any, error) {
		res, err := a.Cancellations.Complete(ctx)
		if res.Completed == 0 {
			return nil, err
		}
		return []any{"completed", res.Completed, "former", res.Former}, err
	}}
}

// QualityFigures computes the supervisors' weekly quality figures
// (app.Quality.Refresh) as a job: the current and the previous week at most
// every quality.Refresh, and a few older weeks per pass until the horizon
// is filled.
func QualityFigures(a *app.App) Job {
	return Job{Name: "quality_figures", Run: func(ctx context.Context) ([]any, error) {
		res, err := a.Quality.Refresh(ctx, quality.Refresh)
		if res == nil || len(res.Computed) == 0 {
			return nil, err
		}
		return []any{"computed", len(res.Computed), "remaining", res.Remaining}, err
	}}
}

// noticeAttrs are the counts of a notice pass as log attributes, nil when it
// queued nothing and found nobody it could not write to.
func noticeAttrs(res app.NoticeResult, err error) ([]any, error) {
	if !res.Changed() {
		return nil, err
	}
	return []any{"examined", res.Examined, "queued", res.Queued, "late", res.Late, "unreachable", res.Unreachable,
		"no_usage", res.NoUsage, "not_due", res.NotDue, "already", res.Already}, err
}

// MarketingErasure erases the marketing data of former customers three
// years after they left (app.Erasures.EraseMarketingData) as a job.
func MarketingErasure(a *app.App) Job {
	return Job{Name: "marketing_data_erasure", Run: func(ctx context.Context) ([]any, error) {
		res, err := a.Erasures.EraseMarketingData(ctx)
		if res.Erased == 0 && res.Changed == 0 {
			return nil, err
		}
		d := res.Data
		return []any{"examined", res.Examined, "erased", res.Erased, "changed", res.Changed, "not_due", res.NotDue,
			"consents", d.Consents, "devices", d.Devices, "usage", d.Usage, "campaign_entries", d.CampaignEntries,
			"survey_verbatims", d.SurveyVerbatims}, err
	}}
}

// SessionPurge deletes the sessions and sign-in codes that ended
// session.KeepEnded ago, and the sign-in attempts that no longer count
// (app.Sessions.Purge), as a job.
func SessionPurge(a *app.App) Job {
	return Job{Name: "session_purge", Run: func(ctx context.Context) ([]any, error) {
		res, err := a.Sessions.Purge(ctx)
		if !res.Changed() {
			return nil, err
		}
		return []any{"sessions", res.Sessions, "space_sessions", res.SpaceSessions, "sign_in_codes", res.Codes,
			"sign_in_attempts", res.Attempts, "ended_before", res.EndedBefore, "more", res.More}, err
	}}
}

// Jobs returns every job the server schedules.
func Jobs(a *app.App) []Job {
	return []Job{Sweep(a), Cancellations(a), CommitmentEndNotices(a), BestTariffNotices(a), MarketingErasure(a), QualityFigures(a), SessionPurge(a)}
}

// Run runs each job once at once, then every interval, until ctx is done; it
// returns when the pass under way has ended. A run that changed something is
// logged at info; a failing run is logged at error and the schedule goes on.
// An interval of 0 or less runs nothing.
func Run(ctx context.Context, log *slog.Logger, interval time.Duration, jobs ...Job) {
	if interval <= 0 || len(jobs) == 0 {
		return
	}
	ctx = tact.WithActor(ctx, Actor)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		for _, j := range jobs {
			if ctx.Err() != nil {
				return
			}
			Once(ctx, log, j)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Once runs a job one time and logs it as Run does; it returns the job's
// error.
func Once(ctx context.Context, log *slog.Logger, j Job) error {
	start := time.Now()
	attrs, err := j.Run(ctx)
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case err != nil && ctx.Err() != nil:
		log.InfoContext(ctx, "job stopped", append([]any{"job", j.Name, "took", took}, attrs...)...)
	case err != nil:
		log.ErrorContext(ctx, "job failed", append([]any{"job", j.Name, "took", took, "err", err}, attrs...)...)
	case attrs != nil:
		log.InfoContext(ctx, "job ran", append([]any{"job", j.Name, "took", took}, attrs...)...)
	default:
		log.DebugContext(ctx, "job ran", "job", j.Name, "took", took)
	}
	return err
}
