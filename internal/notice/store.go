package notice

import (
	"context"
	"time"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// CommitmentEndQuery selects lines whose commitment ends soon.
type CommitmentEndQuery struct {
	Jurisdiction tact.Jurisdiction
	// From and To bound the commitment's last day, both included
	// (CommitmentEndWindow).
	From, To tact.Date
	// After is the last line of the previous page: the page starts after
	// (AfterEnd, AfterID) in the order of end date then id.
	AfterEnd tact.Date
	AfterID  string
	Limit    int
}

// BestTariffQuery selects customers who may be due for best-tariff advice
// (BestTariffCutoffs).
type BestTariffQuery struct {
	// NoticedBefore: a customer with a best-tariff notice queued at or after
	// it is left out.
	NoticedBefore time.Time
	// JoinedBy: a customer who became one after it is left out; one whose
	// start is unknown is kept.
	JoinedBy tact.Date
	// After is the last customer id of the previous page.
	After string
	Limit int
}

// Candidate is a customer who may be due for best-tariff advice.
type Candidate struct {
	CustomerID string
	// LastNotice is when his last best-tariff notice was queued, nil when
	// none ever was.
	LastNotice *time.Time
}

// Store gathers the facts the notice rules judge. Its selections are wide
// enough never to leave out a line or customer a rule would find due; the
// rules decide. Errors are internal.
type Store interface {
	// FindCommitmentEnds returns, by end date then id after q's cursor, at
	// most q.Limit lines that are not ended, of active customers of
	// q.Jurisdiction, whose commitment ends between q.From and q.To, and
	// whose notice for that end date (CommitmentEndKey) is no delivery's key
	// yet.
	FindCommitmentEnds(ctx context.Context, q CommitmentEndQuery) ([]*customer.Line, error)
	// FindBestTariffCandidates returns, by id after q.After, at most q.Limit
	// active customers with a line that is not ended, who joined by
	// q.JoinedBy or whose start is unknown, and who have no delivery of kind
	// best_tariff queued at or after q.NoticedBefore; each with the time of
	// his last one.
	FindBestTariffCandidates(ctx context.Context, q BestTariffQuery) ([]Candidate, error)
}
