package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

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
// read transaction. Each selects by the bounds of q and joins the customers
// for their jurisdiction; the only arithmetic is counting (contacts per
// customer, customers per count, sales calls per customer).
func (s *QualityStore) ReadFacts(ctx context.Context, q quality.Query) (*quality.Facts, error) {
	f := new(quality.Facts)
	j := string(q.Jurisdiction)
	from, to := micros(q.From), micros(q.To)
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		// The cases resolved in the week and the inbound contacts citing
		// them, one row per contact (one with NULL for a case with none).
		var last *quality.ResolvedCase
		err := each(ctx, tx, func(scan func(...any) error) error {
			var id string
			var resolved int64
			var started sql.NullInt64
			if err := scan(&id, &resolved, &started); err != nil {
				return err
			}
			if last == nil || last.ID != id {
				f.Resolved = append(f.Resolved, quality.ResolvedCase{ID: id, ResolvedAt: fromMicros(resolved)})
				last = &f.Resolved[len(f.Resolved)-1]
			}
			if started.Valid {
				last.Inbound = append(last.Inbound, fromMicros(started.Int64))
			}
			return nil
		}, `SELECT k.id, k.resolved_at, i.started_at FROM cases k
			JOIN customers c ON c.id = k.customer_id
			LEFT JOIN interactions i ON i.case_id = k.id AND i.direction = ?
			WHERE c.jurisdiction = ? AND k.resolved_at >= ? AND k.resolved_at < ?
			ORDER BY k.resolved_at, k.id`, string(interaction.Inbound), j, from, to)
		if err != nil {
			return err
		}

		// The inbound contacts of the week and of the 7 days after it.
		err = each(ctx, tx, func(scan func(...any) error) error {
			var c quality.Contact
			var at int64
			if err := scan(&c.CustomerID, &at); err != nil {
				return err
			}
			c.At = fromMicros(at)
			f.Inbound = append(f.Inbound, c)
			return nil
		}, `SELECT i.customer_id, i.started_at FROM interactions i JOIN customers c ON c.id = i.customer_id
			WHERE i.started_at >= ? AND i.started_at < ? AND i.direction = ? AND c.jurisdiction = ?`,
			from, micros(q.InboundUntil), string(interaction.Inbound), j)
		if err != nil {
			return err
		}

		// The customers contacted outbound in the week, by how many
		// contacts each got: counted per customer from the index, then the
		// customers of the jurisdiction per count.
		err = each(ctx, tx, func(scan func(...any) error) error {
			var t quality.Tally
			if err := scan(&t.Contacts, &t.Customers); err != nil {
				return err
			}
			f.Outbound = append(f.Outbound, t)
			return nil
		}, `SELECT t.n, COUNT(*) FROM (
				SELECT customer_id, COUNT(*) AS n FROM interactions
				WHERE started_at >= ? AND started_at < ? AND direction = ? GROUP BY customer_id) t
			JOIN customers c ON c.id = t.customer_id WHERE c.jurisdiction = ? GROUP BY t.n`,
			from, to, string(interaction.Outbound), j)
		if err != nil {
			return err
		}

		// The sales calls before and in the week of the customers who got
		// one in the week, if they got enough to pass the ceiling.
		if q.SalesMinCalls > 0 {
			err = each(ctx, tx, func(scan func(...any) error) error {
				var c quality.Contact
				var at int64
				if err := scan(&c.CustomerID, &at); err != nil {
					return err
				}
				c.At = fromMicros(at)
				f.SalesCalls = append(f.SalesCalls, c)
				return nil
			}, `SELECT customer_id, started_at FROM (
					SELECT i.customer_id, i.started_at, COUNT(*) OVER (PARTITION BY i.customer_id) AS n
					FROM (SELECT DISTINCT customer_id FROM interactions
						WHERE started_at >= ? AND started_at < ? AND direction = ? AND purpose = ? AND channel = ?) w
					JOIN customers c ON c.id = w.customer_id
					JOIN interactions i ON i.customer_id = w.customer_id
					WHERE c.jurisdiction = ? AND i.started_at >= ? AND i.started_at < ?
						AND i.direction = ? AND i.purpose = ? AND i.channel = ?)
				WHERE n >= ?`,
				from, to, string(interaction.Outbound), string(q.SalesPurpose), string(q.SalesChannel),
				j, micros(q.SalesFrom), to, string(interaction.Outbound), string(q.SalesPurpose), string(q.SalesChannel), q.SalesMinCalls)
			if err != nil {
				return err
			}
		}

		// The promises due in the week.
		err = each(ctx, tx, func(scan func(...any) error) error {
			var p quality.Promise
			var due int64
			var status string
			var kept, cancelled sql.NullInt64
			if err := scan(&due, &status, &kept, &cancelled); err != nil {
				return err
			}
			p.Due, p.Status, p.KeptAt, p.CancelledAt = fromMicros(due), commitment.Status(status), timePtr(kept), timePtr(cancelled)
			f.Promises = append(f.Promises, p)
			return nil
		}, `SELECT k.due, k.status, k.kept_at, k.cancelled_at FROM commitments k JOIN customers c ON c.id = k.customer_id
			WHERE c.jurisdiction = ? AND k.due >= ? AND k.due < ?`, j, from, to)
		if err != nil {
			return err
		}

		// The survey answers received in the week, with their promise.
		err = each(ctx, tx, func(scan func(...any) error) error {
			var a quality.Answer
			var answered, sentiment string
			var kept sql.NullInt64
			if err := scan(&answered, &sentiment, &a.CommitmentID, &kept); err != nil {
				return err
			}
			at, err := time.Parse(time.RFC3339Nano, answered)
			if err != nil {
				return fmt.Errorf("sqlite: a survey answer's answered_at %q: %w", answered, err)
			}
			a.AnsweredAt, a.Sentiment, a.KeptAt = at.UTC(), survey.Sentiment(sentiment), timePtr(kept)
			f.Answers = append(f.Answers, a)
			return nil
		}, `SELECT json_extract(r.data, '$.answered_at'), json_extract(r.data, '$.sentiment'),
				COALESCE(json_extract(r.data, '$.commitment_id'), ''), k.kept_at
			FROM survey_responses r JOIN customers c ON c.id = r.customer_id
			LEFT JOIN commitments k ON k.id = json_extract(r.data, '$.commitment_id')
			WHERE c.jurisdiction = ? AND r.created_at >= ? AND r.created_at < ?`, j, from, to)
		if err != nil {
			return err
		}

		// The bill disputes opened before the week's end.
		return each(ctx, tx, func(scan func(...any) error) error {
			var d quality.Dispute
			var opened int64
			var resolved sql.NullString
			if err := scan(&opened, &d.Open, &resolved); err != nil {
				return err
			}
			d.OpenedAt = fromMicros(opened)
			if resolved.Valid {
				at, err := time.Parse(time.RFC3339Nano, resolved.String)
				if err != nil {
					return fmt.Errorf("sqlite: a dispute's resolved_at %q: %w", resolved.String, err)
				}
				at = at.UTC()
				d.ResolvedAt = &at
			}
			f.Disputes = append(f.Disputes, d)
			return nil
		}, `SELECT d.created_at, d.open, json_extract(d.data, '$.resolved_at')
			FROM disputes d JOIN customers c ON c.id = d.customer_id
			WHERE c.jurisdiction = ? AND d.created_at < ?`, j, to)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// each runs a query in tx and calls row for each row, with the row's Scan.
func each(ctx context.Context, tx *sql.Tx, row func(scan func(...any) error) error, query string, args ...any) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
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
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO quality_weeks (jurisdiction, week, computed_at, data) VALUES (?, ?, ?, ?)
			ON CONFLICT (jurisdiction, week) DO UPDATE SET computed_at = excluded.computed_at, data = excluded.data`,
			string(f.Jurisdiction), f.Week.String(), micros(f.ComputedAt), string(data))
		return err
	})
}

// FindWeeks implements quality.Store.
func (s *QualityStore) FindWeeks(ctx context.Context, j tact.Jurisdiction, from, to quality.Week) ([]*quality.WeekFigures, error) {
	return queryJSON[quality.WeekFigures](ctx, s.db.read, "quality week",
		"SELECT data FROM quality_weeks WHERE jurisdiction = ? AND week >= ? AND week <= ? ORDER BY week",
		string(j), from.String(), to.String())
}
