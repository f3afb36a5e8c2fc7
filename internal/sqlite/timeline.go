package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// TimelineStore implements timeline.Store.
type TimelineStore struct{ db *DB }

var _ timeline.Store = (*TimelineStore)(nil)

// NewTimelineStore returns the timeline store of db.
func NewTimelineStore(db *DB) *TimelineStore { return &TimelineStore{db: db} }

// FindTimeline implements timeline.Store: a page of each kind of entry, read in
// one snapshot, merged by the domain.
func (s *TimelineStore) FindTimeline(ctx context.Context, customerID string, after tact.Cursor, limit int) ([]timeline.Entry, error) {
	var out []timeline.Entry
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		list, err := scanInteractions(queryInteractionPage(ctx, tx, customerID, after, limit))
		if err != nil {
			return err
		}
		contacts := make([]timeline.Entry, len(list))
		for i, it := range list {
			contacts[i] = timeline.Entry{Kind: timeline.KindInteraction, At: it.StartedAt, ID: it.ID, Interaction: it}
		}
		events, err := queryEventPage(ctx, tx, customerID, after, limit)
		if err != nil {
			return err
		}
		caseEvents, err := scanCaseEvents(queryTimelinePage(ctx, tx, "case_events", caseEventColumns, customerID, after, limit))
		if err != nil {
			return err
		}
		promiseEvents, err := scanCommitmentEvents(queryTimelinePage(ctx, tx, "commitment_events", commitmentEventColumns, customerID, after, limit))
		if err != nil {
			return err
		}
		out = timeline.Merge(limit, contacts, events, timeline.CaseEntries(caseEvents), timeline.PromiseEntries(promiseEvents))
		return nil
	})
	return out, err
}

// queryTimelinePage reads a page of one event table newest first, strictly
// after the cursor, walking its (customer_id, at, id) index.
func queryTimelinePage(ctx context.Context, tx *sql.Tx, table, columns, customerID string, after tact.Cursor, limit int) (*sql.Rows, error) {
	if after.IsZero() {
		return tx.QueryContext(ctx, "SELECT "+columns+" FROM "+table+" WHERE customer_id = ? ORDER BY at DESC, id DESC LIMIT ?", customerID, limit)
	}
	return tx.QueryContext(ctx, "SELECT "+columns+" FROM "+table+` WHERE customer_id = ? AND (at, id) < (?, ?)
		ORDER BY at DESC, id DESC LIMIT ?`, customerID, micros(after.At), after.ID, limit)
}

func queryEventPage(ctx context.Context, tx *sql.Tx, customerID string, after tact.Cursor, limit int) ([]timeline.Entry, error) {
	const cols = "id, customer_id, at, actor_kind, actor_id, actor_name, kind, fields, detail"
	rows, err := queryTimelinePage(ctx, tx, "customer_events", cols, customerID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []timeline.Entry
	for rows.Next() {
		var e customer.Event
		var at int64
		var fields, detail sql.NullString
		if err := rows.Scan(&e.ID, &e.CustomerID, &at, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &e.Kind, &fields, &detail); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		if fields.Valid {
			if err := json.Unmarshal([]byte(fields.String), &e.Fields); err != nil {
				return nil, err
			}
		}
		if detail.Valid {
			if err := json.Unmarshal([]byte(detail.String), &e.Detail); err != nil {
				return nil, err
			}
		}
		out = append(out, timeline.Entry{Kind: timeline.KindEvent, At: e.At, ID: e.ID, Event: &e})
	}
	return out, rows.Err()
}
