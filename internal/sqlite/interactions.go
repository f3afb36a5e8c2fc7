package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// InteractionStore implements interaction.Store.
type InteractionStore struct{ db *DB }

var _ interaction.Store = (*InteractionStore)(nil)

// NewInteractionStore returns the interaction store of db.
func NewInteractionStore(db *DB) *InteractionStore { return &InteractionStore{db: db} }

const interactionColumns = `id, customer_id, channel, direction, purpose, subject, source, external_id, actor, caller_id,
	started_at, ended_at, summary, outcome, case_id, recorded_at, decision_id`

func interactionArgs(i *interaction.Interaction) []any {
	return []any{i.ID, i.CustomerID, string(i.Channel), string(i.Direction), string(i.Purpose), i.Subject, i.Source,
		nullString(i.ExternalID), i.Actor, i.CallerID, micros(i.StartedAt), nullMicros(i.EndedAt), i.Summary,
		string(i.Outcome), nullString(i.CaseID), micros(i.RecordedAt), nullString(i.DecisionID)}
}

// CreateInteraction implements interaction.Store. The unique index on (source,
// external_id) decides between concurrent reports; the loser reads the winner.
func (s *InteractionStore) CreateInteraction(ctx context.Context, i *interaction.Interaction) (*interaction.Interaction, bool, error) {
	var stored *interaction.Interaction
	created := false
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO interactions ("+interactionColumns+") VALUES ("+placeholders(17)+
			") ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING", interactionArgs(i)...)
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", i.CustomerID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			stored, created = i, true
			return nil
		}
		list, err := scanInteractions(tx.QueryContext(ctx, "SELECT "+interactionColumns+" FROM interactions WHERE source = ? AND external_id = ?",
			i.Source, i.ExternalID))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errors.New("sqlite: interaction conflict without a stored row")
		}
		stored = list[0]
		return nil
	})
	return stored, created, err
}

// FindInteractionByID implements interaction.Store.
func (s *InteractionStore) FindInteractionByID(ctx context.Context, id string) (*interaction.Interaction, error) {
	list, err := scanInteractions(s.db.read.QueryContext(ctx, "SELECT "+interactionColumns+" FROM interactions WHERE id = ?", id))
	return tact.First(list, err, "interaction", id)
}

// FindInteractions implements interaction.Store.
func (s *InteractionStore) FindInteractions(ctx context.Context, f interaction.Filter) ([]*interaction.Interaction, error) {
	if f.Unasked {
		return s.findUnasked(ctx, f)
	}
	if f.CaseID == "" {
		return scanInteractions(queryInteractionPage(ctx, s.db.read, f.CustomerID, f.Before, tact.PageSize(f.Limit)))
	}
	q, args := "SELECT "+interactionColumns+" FROM interactions WHERE case_id = ? AND customer_id = ?", []any{f.CaseID, f.CustomerID}
	if !f.Before.IsZero() {
		q, args = q+" AND (started_at, id) < (?, ?)", append(args, micros(f.Before.At), f.Before.ID)
	}
	return scanInteractions(s.db.read.QueryContext(ctx, q+" ORDER BY started_at DESC, id DESC LIMIT ?", append(args, tact.PageSize(f.Limit))...))
}

// findUnasked lists outbound contacts made without a decision, newest first:
// a customer's through the timeline index, everyone's through the partial
// index of unasked contacts.
func (s *InteractionStore) findUnasked(ctx context.Context, f interaction.Filter) ([]*interaction.Interaction, error) {
	var conds []string
	var args []any
	if f.CustomerID != "" {
		conds, args = append(conds, "customer_id = ?"), append(args, f.CustomerID)
	}
	if f.CaseID != "" {
		conds, args = append(conds, "case_id = ?"), append(args, f.CaseID)
	}
	if !f.Before.IsZero() {
		conds, args = append(conds, "(started_at, id) < (?, ?)"), append(args, micros(f.Before.At), f.Before.ID)
	}
	q := "SELECT " + interactionColumns + " FROM interactions WHERE direction = 'outbound' AND decision_id IS NULL"
	for _, c := range conds {
		q += " AND " + c
	}
	return scanInteractions(s.db.read.QueryContext(ctx, q+" ORDER BY started_at DESC, id DESC LIMIT ?", append(args, tact.PageSize(f.Limit))...))
}

// FindOutbound implements interaction.Store, walking the timeline index.
func (s *InteractionStore) FindOutbound(ctx context.Context, customerID string, since time.Time, limit int) ([]*interaction.Interaction, error) {
	return scanInteractions(s.db.read.QueryContext(ctx, "SELECT "+interactionColumns+` FROM interactions
		WHERE customer_id = ? AND started_at >= ? AND direction = 'outbound' ORDER BY started_at DESC, id DESC LIMIT ?`,
		customerID, micros(since), limit))
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryInteractionPage reads a customer's interactions newest first, strictly
// after the cursor, walking the timeline index.
func queryInteractionPage(ctx context.Context, q querier, customerID string, after tact.Cursor, limit int) (*sql.Rows, error) {
	if after.IsZero() {
		return q.QueryContext(ctx, "SELECT "+interactionColumns+` FROM interactions WHERE customer_id = ?
			ORDER BY started_at DESC, id DESC LIMIT ?`, customerID, limit)
	}
	return q.QueryContext(ctx, "SELECT "+interactionColumns+` FROM interactions WHERE customer_id = ? AND (started_at, id) < (?, ?)
		ORDER BY started_at DESC, id DESC LIMIT ?`, customerID, micros(after.At), after.ID, limit)
}

func scanInteractions(rows *sql.Rows, err error) ([]*interaction.Interaction, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*interaction.Interaction
	for rows.Next() {
		var i interaction.Interaction
		var external, caseID, decisionID sql.NullString
		var started, recorded int64
		var ended sql.NullInt64
		if err := rows.Scan(&i.ID, &i.CustomerID, &i.Channel, &i.Direction, &i.Purpose, &i.Subject, &i.Source, &external,
			&i.Actor, &i.CallerID, &started, &ended, &i.Summary, &i.Outcome, &caseID, &recorded, &decisionID); err != nil {
			return nil, err
		}
		i.ExternalID, i.CaseID, i.DecisionID = external.String, caseID.String, decisionID.String
		i.StartedAt, i.EndedAt, i.RecordedAt = fromMicros(started), timePtr(ended), fromMicros(recorded)
		out = append(out, &i)
	}
	return out, rows.Err()
}
