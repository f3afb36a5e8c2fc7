package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/commitment"
	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/quality"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// QualityStore implements quality.Store.
type QualityStore struct{ db *DB }

var _ quality.Store = (*QualityStore)(nil)

// NewQualityStore returns the quality store of db.
func NewQualityStore(db *DB) *QualityStore { return &QualityStore{db: db} }

// ReadFacts implements quality.Store: one query per kind of record, in one
// repeatable-read transaction. Each selects by the bounds of q and joins the
// customers for their jurisdiction; the only arithmetic is counting
// (contacts per customer, customers per count, sales calls per customer).
func (s *QualityStore) ReadFacts(ctx context.Context, q quality.Query) (*quality.Facts, error) {
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("postgres: begin read: %w", err)
	}
	defer tx.Rollback(ctx)
	f := new(quality.Facts)
	j := string(q.Jurisdiction)

	// The cases resolved in the week and the inbound contacts citing them,
	// one row per contact (one with NULL for a case with none). The
	// comparison takes interactions.case_id's collation, so its index serves.
	var last *quality.ResolvedCase
	err = each(ctx, tx, func(row pgx.Rows) error {
		var id string
		var resolved time.Time
		var started *time.Time
		if err := row.Scan(&id, &resolved, &started); err != nil {
			return err
		}
		if last == nil || last.ID != id {
			f.Resolved = append(f.Resolved, quality.ResolvedCase{ID: id, ResolvedAt: resolved})
			last = &f.Resolved[len(f.Resolved)-1]
		}
		if started != nil {
			last.Inbound = append(last.Inbound, *started)
		}
		return nil
	}, `SELECT k.id, k.resolved_at, i.started_at FROM cases k
		JOIN customers c ON c.id = k.customer_id
		LEFT JOIN interactions i ON i.case_id = k.id COLLATE "default" AND i.direction = $1
		WHERE c.jurisdiction = $2 AND k.resolved_at >= $3 AND k.resolved_at < $4
		ORDER BY k.resolved_at, k.id`, string(interaction.Inbound), j, q.From, q.To)
	if err != nil {
		return nil, err
	}

	// The inbound contacts of the week and of the 7 days after it.
	err = each(ctx, tx, func(row pgx.Rows) error {
		var c quality.Contact
		if err := row.Scan(&c.CustomerID, &c.At); err != nil {
			return err
		}
		f.Inbound = append(f.Inbound, c)
		return nil
	}, `SELECT i.customer_id, i.started_at FROM interactions i JOIN customers c ON c.id = i.customer_id
		WHERE i.started_at >= $1 AND i.started_at < $2 AND i.direction = $3 AND c.jurisdiction = $4`,
		q.From, q.InboundUntil, string(interaction.Inbound), j)
	if err != nil {
		return nil, err
	}

	// The customers contacted outbound in the week, by how many contacts
	// each got: counted per customer from the index, then the customers
	// of the jurisdiction per count.
	err = each(ctx, tx, func(row pgx.Rows) error {
		var t quality.Tally
		var n, customers int64
		if err := row.Scan(&n, &customers); err != nil {
			return err
		}
		t.Contacts, t.Customers = int(n), int(customers)
		f.Outbound = append(f.Outbound, t)
		return nil
	}, `SELECT t.n, COUNT(*) FROM (
			SELECT customer_id, COUNT(*) AS n FROM interactions
			WHERE started_at >= $1 AND started_at < $2 AND direction = $3 GROUP BY customer_id) t
		JOIN customers c ON c.id = t.customer_id WHERE c.jurisdiction = $4 GROUP BY t.n`,
		q.From, q.To, string(interaction.Outbound), j)
	if err != nil {
		return nil, err
	}

	// The sales calls before and in the week of the customers who got one
	// in the week, if they got enough to pass the ceiling.
	if q.SalesMinCalls > 0 {
		err = each(ctx, tx, func(row pgx.Rows) error {
			var c quality.Contact
			if err := row.Scan(&c.CustomerID, &c.At); err != nil {
				return err
			}
			f.SalesCalls = append(f.SalesCalls, c)
			return nil
		}, `SELECT customer_id, started_at FROM (
				SELECT i.customer_id, i.started_at, COUNT(*) OVER (PARTITION BY i.customer_id) AS n
				FROM (SELECT DISTINCT customer_id FROM interactions
					WHERE started_at >= $1 AND started_at < $2 AND direction = $3 AND purpose = $4 AND channel = $5) w
				JOIN customers c ON c.id = w.customer_id
				JOIN interactions i ON i.customer_id = w.customer_id
				WHERE c.jurisdiction = $6 AND i.started_at >= $7 AND i.started_at < $2
					AND i.direction = $3 AND i.purpose = $4 AND i.channel = $5) s
			WHERE n >= $8`,
			q.From, q.To, string(interaction.Outbound), string(q.SalesPurpose), string(q.SalesChannel), j, q.SalesFrom, q.SalesMinCalls)
		if err != nil {
			return nil, err
		}
	}

	// The promises due in the week.
	err = each(ctx, tx, func(row pgx.Rows) error {
		var p quality.Promise
		var status string
		if err := row.Scan(&p.Due, &status, &p.KeptAt, &p.CancelledAt); err != nil {
			return err
		}
		p.Status = commitment.Status(status)
		f.Promises = append(f.Promises, p)
		return nil
	}, `SELECT k.due, k.status, k.kept_at, k.cancelled_at FROM commitments k JOIN customers c ON c.id = k.customer_id
		WHERE c.jurisdiction = $1 AND k.due >= $2 AND k.due < $3`, j, q.From, q.To)
	if err != nil {
		return nil, err
	}

	// The survey answers received in the week, with their promise.
	err = each(ctx, tx, func(row pgx.Rows) error {
		var a quality.Answer
		var answered, sentiment string
		if err := row.Scan(&answered, &sentiment, &a.CommitmentID, &a.KeptAt); err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339Nano, answered)
		if err != nil {
			return fmt.Errorf("postgres: a survey answer's answered_at %q: %w", answered, err)
		}
		a.AnsweredAt, a.Sentiment = at.UTC(), survey.Sentiment(sentiment)
		f.Answers = append(f.Answers, a)
		return nil
	}, `SELECT r.data->>'answered_at', r.data->>'sentiment', COALESCE(r.data->>'commitment_id', ''), k.kept_at
		FROM survey_responses r JOIN customers c ON c.id = r.customer_id
		LEFT JOIN commitments k ON k.id = (r.data->>'commitment_id') COLLATE "C"
		WHERE c.jurisdiction = $1 AND r.created_at >= $2 AND r.created_at < $3`, j, q.From, q.To)
	if err != nil {
		return nil, err
	}

	// The bill disputes opened before the week's end.
	err = each(ctx, tx, func(row pgx.Rows) error {
		var d quality.Dispute
		var resolved *string
		if err := row.Scan(&d.OpenedAt, &d.Open, &resolved); err != nil {
			return err
		}
		if resolved != nil {
			at, err := time.Parse(time.RFC3339Nano, *resolved)
			if err != nil {
				return fmt.Errorf("postgres: a dispute's resolved_at %q: %w", *resolved, err)
			}
			at = at.UTC()
			d.ResolvedAt = &at
		}
		f.Disputes = append(f.Disputes, d)
		return nil
	}, `SELECT d.created_at, d.open, d.data->>'resolved_at'
		FROM disputes d JOIN customers c ON c.id = d.customer_id
		WHERE c.jurisdiction = $1 AND d.created_at < $2`, j, q.To)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// each runs a query in tx and calls row for each row.
func each(ctx context.Context, tx pgx.Tx, row func(pgx.Rows) error, query string, args ...any) error {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SaveWeek implements quality.Store.
func (s *QualityStore) SaveWeek(ctx context.Context, f *quality.WeekFigures) error {
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	_, err = s.db.pool.Exec(ctx, `INSERT INTO quality_weeks (jurisdiction, week, computed_at, data) VALUES ($1, $2, $3, $4)
		ON CONFLICT (jurisdiction, week) DO UPDATE SET computed_at = excluded.computed_at, data = excluded.data`,
		string(f.Jurisdiction), f.Week.String(), f.ComputedAt, data)
	return err
}

// FindWeeks implements quality.Store.
func (s *QualityStore) FindWeeks(ctx context.Context, j tact.Jurisdiction, from, to quality.Week) ([]*quality.WeekFigures, error) {
	return queryJSON[quality.WeekFigures](ctx, s.db, "quality week",
		"SELECT data FROM quality_weeks WHERE jurisdiction = $1 AND week >= $2 AND week <= $3 ORDER BY week",
		string(j), from.String(), to.String())
}
