package sqlite

import (
	"context"
	"database/sql"
	"strings"

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
	return alias + "." + strings.ReplaceAll(lineColumns, ", ", ", "+alias+".")
}

// FindCommitmentEnds implements notice.Store. The conditions of the partial
// index lines_by_commitment_end are repeated word for word so that SQLite
// uses it; the notice already queued is found by its once-only key
// (notice.CommitmentEndKey), with the unique index on once_key.
func (s *NoticeStore) FindCommitmentEnds(ctx context.Context, q notice.CommitmentEndQuery) ([]*customer.Line, error) {
	return scanLines(s.db.read.QueryContext(ctx, "SELECT "+lineColumnsOf("l")+` FROM lines l JOIN customers c ON c.id = l.customer_id
		WHERE l.commitment_ends_on IS NOT NULL AND l.status <> 'ended'
		AND l.commitment_ends_on BETWEEN ? AND ? AND (l.commitment_ends_on, l.id) > (?, ?)
		AND c.status = 'active' AND c.jurisdiction = ?
		AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.once_key = 'commitment_end:' || l.id || ':' || l.commitment_ends_on)
		ORDER BY l.commitment_ends_on, l.id LIMIT ?`,
		q.From.String(), q.To.String(), q.AfterEnd.String(), q.AfterID, string(q.Jurisdiction), tact.PageSize(q.Limit)))
}

// FindBestTariffCandidates implements notice.Store.
func (s *NoticeStore) FindBestTariffCandidates(ctx context.Context, q notice.BestTariffQuery) ([]notice.Candidate, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT c.id,
		(SELECT MAX(d.created_at) FROM deliveries d WHERE d.customer_id = c.id AND d.kind = ?)
		FROM customers c
		WHERE c.id > ? AND c.status = 'active' AND (c.customer_since IS NULL OR c.customer_since <= ?)
		AND EXISTS (SELECT 1 FROM lines l WHERE l.customer_id = c.id AND l.status <> 'ended')
		AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.kind = ? AND d.created_at >= ?)
		ORDER BY c.id LIMIT ?`,
		string(delivery.BestTariff), q.After, q.JoinedBy.String(), string(delivery.BestTariff), micros(q.NoticedBefore), tact.PageSize(q.Limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notice.Candidate
	for rows.Next() {
		var c notice.Candidate
		var last sql.NullInt64
		if err := rows.Scan(&c.CustomerID, &last); err != nil {
			return nil, err
		}
		c.LastNotice = timePtr(last)
		out = append(out, c)
	}
	return out, rows.Err()
}
