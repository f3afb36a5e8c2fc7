package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/interaction"
	"github.com/tactcrm/tact/internal/tact"
)

// InteractionStore implements interaction.Store.
type InteractionStore struct{ db *DB }

var _ interaction.Store = (*InteractionStore)(nil)

// NewInteractionStore returns the interaction store of db.
func NewInteractionStore(db *DB) *InteractionStore { return &InteractionStore{db: db} }

var interactionColumnList = []string{"id", "customer_id", "channel", "direction", "purpose", "subject", "source", "external_id",
	"actor", "caller_id", "started_at", "ended_at", "summary", "outcome", "case_id", "recorded_at", "decision_id"}

var interactionColumns = strings.Join(interactionColumnList, ", ")

func interactionArgs(i *interaction.Interaction) []any {
	return []any{i.ID, i.CustomerID, string(i.Channel), string(i.Direction), string(i.Purpose), i.Subject, i.Source,
		nullString(i.ExternalID), i.Actor, i.CallerID, i.StartedAt, i.EndedAt, i.Summary,
		string(i.Outcome), nullString(i.CaseID), i.RecordedAt, nullString(i.DecisionID)}
}

// CreateInteraction implements interaction.Store. The partial unique index on
// (source, external_id) decides between concurrent reports: the INSERT of a
// loser waits for the winner's transaction, then does nothing, and the loser
// reads the winner (a new statement, so a new snapshot that sees it).
func (s *InteractionStore) CreateInteraction(ctx context.Context, i *interaction.Interaction) (*interaction.Interaction, bool, error) {
	tag, err := s.db.pool.Exec(ctx, "INSERT INTO interactions ("+interactionColumns+") VALUES ("+params(1, 17)+
		") ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING", interactionArgs(i)...)
	if isForeignKeyOn(err, "interactions") {
		return nil, false, tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", i.CustomerID)
	}
	if err != nil {
		return nil, false, err
	}
	if tag.RowsAffected() == 1 {
		return i, true, nil
	}
	list, err := queryInteractions(ctx, s.db.pool, "SELECT "+interactionColumns+" FROM interactions WHERE source = $1 AND external_id = $2",
		i.Source, i.ExternalID)
	if err != nil {
		return nil, false, err
	}
	if len(list) == 0 {
		return nil, false, errors.New("postgres: interaction conflict without a stored row")
	}
	return list[0], false, nil
}

// FindInteractionByID implements interaction.Store.
func (s *InteractionStore) FindInteractionByID(ctx context.Context, id string) (*interaction.Interaction, error) {
	list, err := queryInteractions(ctx, s.db.pool, "SELECT "+interactionColumns+" FROM interactions WHERE id = $1", id)
	return tact.First(list, err, "interaction", id)
}

// FindInteractions implements interaction.Store. With a case id, it keeps
// the customer's interactions about that case, in the same order.
func (s *InteractionStore) FindInteractions(ctx context.Context, f interaction.Filter) ([]*interaction.Interaction, error) {
	if f.Unasked {
		return s.findUnasked(ctx, f)
	}
	if f.CaseID != "" {
		query, args := caseInteractionPage(f.CustomerID, f.CaseID, f.Before, tact.PageSize(f.Limit))
		return queryInteractions(ctx, s.db.pool, query, args...)
	}
	query, args := interactionPage(f.CustomerID, f.Before, tact.PageSize(f.Limit))
	return queryInteractions(ctx, s.db.pool, query, args...)
}

// findUnasked lists outbound contacts made without a decision, newest first:
// a customer's through the timeline index, everyone's through the partial
// index of unasked contacts.
func (s *InteractionStore) findUnasked(ctx context.Context, f interaction.Filter) ([]*interaction.Interaction, error) {
	var a args
	q := "SELECT " + interactionColumns + " FROM interactions WHERE direction = 'outbound' AND decision_id IS NULL"
	if f.CustomerID != "" {
		q += " AND customer_id = " + a.add(f.CustomerID)
	}
	if f.CaseID != "" {
		q += " AND case_id = " + a.add(f.CaseID)
	}
	if !f.Before.IsZero() {
		q += " AND (started_at, id) < (" + a.add(f.Before.At) + ", " + a.add(f.Before.ID) + ")"
	}
	q += " ORDER BY started_at DESC, id DESC LIMIT " + a.add(tact.PageSize(f.Limit))
	return queryInteractions(ctx, s.db.pool, q, a...)
}

// FindOutbound implements interaction.Store, walking the timeline index.
func (s *InteractionStore) FindOutbound(ctx context.Context, customerID string, since time.Time, limit int) ([]*interaction.Interaction, error) {
	return queryInteractions(ctx, s.db.pool, "SELECT "+interactionColumns+` FROM interactions
		WHERE customer_id = $1 AND started_at >= $2 AND direction = 'outbound' ORDER BY started_at DESC, id DESC LIMIT $3`,
		customerID, since, limit)
}

// caseInteractionPage returns the query of a customer's interactions about a
// case newest first, strictly after the cursor, walking interactions_by_case.
func caseInteractionPage(customerID, caseID string, after tact.Cursor, limit int) (string, []any) {
	if after.IsZero() {
		return "SELECT " + interactionColumns + ` FROM interactions WHERE customer_id = $1 AND case_id = $2
			ORDER BY started_at DESC, id DESC LIMIT $3`, []any{customerID, caseID, limit}
	}
	return "SELECT " + interactionColumns + ` FROM interactions WHERE customer_id = $1 AND case_id = $2
		AND (started_at, id) < ($3, $4) ORDER BY started_at DESC, id DESC LIMIT $5`, []any{customerID, caseID, after.At, after.ID, limit}
}

// interactionPage returns the query of a customer's interactions newest first,
// strictly after the cursor, walking the timeline index.
func interactionPage(customerID string, after tact.Cursor, limit int) (string, []any) {
	if after.IsZero() {
		return "SELECT " + interactionColumns + ` FROM interactions WHERE customer_id = $1
			ORDER BY started_at DESC, id DESC LIMIT $2`, []any{customerID, limit}
	}
	return "SELECT " + interactionColumns + ` FROM interactions WHERE customer_id = $1 AND (started_at, id) < ($2, $3)
		ORDER BY started_at DESC, id DESC LIMIT $4`, []any{customerID, after.At, after.ID, limit}
}

func queryInteractions(ctx context.Context, q querier, query string, args ...any) ([]*interaction.Interaction, error) {
	rows, err := q.Query(ctx, query, args...)
	return collectInteractions(rows, err)
}

func collectInteractions(rows pgx.Rows, err error) ([]*interaction.Interaction, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanInteraction)
}

func scanInteraction(row pgx.CollectableRow) (*interaction.Interaction, error) {
	var i interaction.Interaction
	var external, caseID, decisionID *string
	var ended *time.Time
	if err := row.Scan(&i.ID, &i.CustomerID, &i.Channel, &i.Direction, &i.Purpose, &i.Subject, &i.Source, &external,
		&i.Actor, &i.CallerID, &i.StartedAt, &ended, &i.Summary, &i.Outcome, &caseID, &i.RecordedAt, &decisionID); err != nil {
		return nil, err
	}
	i.ExternalID, i.CaseID, i.DecisionID, i.EndedAt = deref(external), deref(caseID), deref(decisionID), ended
	return &i, nil
}
