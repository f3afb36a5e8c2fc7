package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
	"github.com/tactcrm/tact/internal/timeline"
)

// TimelineStore implements timeline.Store.
type TimelineStore struct{ db *DB }

var _ timeline.Store = (*TimelineStore)(nil)

// NewTimelineStore returns the timeline store of db.
func NewTimelineStore(db *DB) *TimelineStore { return &TimelineStore{db: db} }

// FindTimeline implements timeline.Store: a page of each kind of entry
// (interactions, customer events, case events, promise events), read in one
// snapshot, merged by the domain. The pages and the transaction around them
// travel in one batch, so a timeline costs one round trip.
func (s *TimelineStore) FindTimeline(ctx context.Context, customerID string, after tact.Cursor, limit int) ([]timeline.Entry, error) {
	iq, iargs := interactionPage(customerID, after, limit)
	eq, eargs := eventPage(customerID, after, limit)
	cq, cargs := caseEventPage(customerID, after, limit)
	pq, pargs := commitmentEventPage(customerID, after, limit)
	b := &pgx.Batch{}
	// Repeatable read gives every query the same snapshot; the batch is sent
	// at once, so the explicit transaction costs no extra round trip.
	b.Queue("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
	b.Queue(iq, iargs...)
	b.Queue(eq, eargs...)
	b.Queue(cq, cargs...)
	b.Queue(pq, pargs...)
	b.Queue("COMMIT")
	br := s.db.pool.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	list, err := collectInteractions(br.Query())
	if err != nil {
		return nil, err
	}
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	events, err := pgx.CollectRows(rows, scanEventEntry)
	if err != nil {
		return nil, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, err
	}
	caseEvents, err := pgx.CollectRows(rows, scanCaseEvent)
	if err != nil {
		return nil, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, err
	}
	promiseEvents, err := pgx.CollectRows(rows, scanCommitmentEvent)
	if err != nil {
		return nil, err
	}
	if _, err := br.Exec(); err != nil {
		return nil, err
	}
	if err := br.Close(); err != nil {
		return nil, err
	}
	contacts := make([]timeline.Entry, len(list))
	for i, it := range list {
		contacts[i] = timeline.Entry{Kind: timeline.KindInteraction, At: it.StartedAt, ID: it.ID, Interaction: it}
	}
	return timeline.Merge(limit, contacts, events, timeline.CaseEntries(caseEvents), timeline.PromiseEntries(promiseEvents)), nil
}

// eventPage returns the query of a customer's events newest first, strictly
// after the cursor.
func eventPage(customerID string, after tact.Cursor, limit int) (string, []any) {
	const cols = "id, customer_id, at, actor_kind, actor_id, actor_name, kind, fields, detail"
	if after.IsZero() {
		return "SELECT " + cols + " FROM customer_events WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
			[]any{customerID, limit}
	}
	return "SELECT " + cols + ` FROM customer_events WHERE customer_id = $1 AND (at, id) < ($2, $3)
		ORDER BY at DESC, id DESC LIMIT $4`, []any{customerID, after.At, after.ID, limit}
}

func scanEventEntry(row pgx.CollectableRow) (timeline.Entry, error) {
	var e customer.Event
	var fields, detail []byte
	if err := row.Scan(&e.ID, &e.CustomerID, &e.At, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &e.Kind, &fields, &detail); err != nil {
		return timeline.Entry{}, err
	}
	if fields != nil {
		if err := json.Unmarshal(fields, &e.Fields); err != nil {
			return timeline.Entry{}, err
		}
	}
	if detail != nil {
		if err := json.Unmarshal(detail, &e.Detail); err != nil {
			return timeline.Entry{}, err
		}
	}
	return timeline.Entry{Kind: timeline.KindEvent, At: e.At, ID: e.ID, Event: &e}, nil
}
