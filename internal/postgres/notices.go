package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/notice"
	"github.com/tactcrm/tact/internal/tact"
)

// NoticeStore implements notice.Store.
type NoticeStore struct{ db *DB }

var _ notice.Store = (*NoticeStore)(nil)

// NewNoticeStore returns the notice store of db.
func NewNoticeStore(db *DB) *NoticeStore { return &NoticeStore{db: db} }

// lineColumnsOf is lineColumns qualified by a table alias, for joins.
func lineColumnsOf(alias string) string {
	return alias + "." + strings.Join(lineColumnList, ", "+alias+".")
}

// FindCommitmentEnds implements notice.Store, on the partial index
// lines_by_commitment_end; the notice already queued is found by its
// once-only key (notice.CommitmentEndKey), with the unique index on once_key.
func (s *NoticeStore) FindCommitmentEnds(ctx context.Context, q notice.CommitmentEndQuery) ([]*customer.Line, error) {
	after := ""
	args := []any{date(q.From), date(q.To), string(q.Jurisdiction), tact.PageSize(q.Limit)}
	if q.AfterID != "" {
		after = " AND (l.commitment_ends_on, l.id) > ($5, $6)"
		args = append(args, date(q.AfterEnd), q.AfterID)
	}
	return queryLines(ctx, s.db.pool, "SELECT "+lineColumnsOf("l")+` FROM lines l JOIN customers c ON c.id = l.customer_id
		WHERE l.commitment_ends_on IS NOT NULL AND l.status <> 'ended'
		AND l.commitment_ends_on BETWEEN $1 AND $2`+after+`
		AND c.status = 'active' AND c.jurisdiction = $3
		AND NOT EXISTS (SELECT 1 FROM deliveries d
			WHERE d.once_key = 'commitment_end:' || l.id || ':' || to_char(l.commitment_ends_on, 'YYYY-MM-DD'))
		ORDER BY l.commitment_ends_on, l.id LIMIT $4`, args...)
}

// FindBestTariffCandidates implements notice.Store.
func (s *NoticeStore) FindBestTariffCandidates(ctx context.Context, q notice.BestTariffQuery) ([]notice.Candidate, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT c.id,
		(SELECT max(d.created_at) FROM deliveries d WHERE d.customer_id = c.id AND d.kind = $1)
		FROM customers c
		WHERE c.id > $2 AND c.status = 'active' AND (c.customer_since IS NULL OR c.customer_since <= $3)
		AND EXISTS (SELECT 1 FROM lines l WHERE l.customer_id = c.id AND l.status <> 'ended')
		AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.kind = $1 AND d.created_at >= $4)
		ORDER BY c.id LIMIT $5`,
		string(delivery.BestTariff), q.After, date(q.JoinedBy), q.NoticedBefore, tact.PageSize(q.Limit))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (notice.Candidate, error) {
		var c notice.Candidate
		var last *time.Time
		if err := row.Scan(&c.CustomerID, &last); err != nil {
			return c, err
		}
		if last != nil {
			utc := last.UTC()
			c.LastNotice = &utc
		}
		return c, nil
	})
}
