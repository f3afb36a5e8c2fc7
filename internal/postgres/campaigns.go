package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/tact"
)

// CampaignStore implements campaign.Store.
type CampaignStore struct{ db *DB }

var _ campaign.Store = (*CampaignStore)(nil)

// NewCampaignStore returns the campaign store of db.
func NewCampaignStore(db *DB) *CampaignStore { return &CampaignStore{db: db} }

// CreateCampaign implements campaign.Store.
func (s *CampaignStore) CreateCampaign(ctx context.Context, c *campaign.Campaign) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = s.db.pool.Exec(ctx, "INSERT INTO campaigns (code, jurisdiction, data, created_at) VALUES ($1, $2, $3, $4)",
		c.Code, string(c.Jurisdiction), data, c.CreatedAt)
	if isUnique(err) {
		return tact.FieldError(tact.CodeConflict, "code", "campaign %s exists", c.Code)
	}
	return err
}

// FindCampaign implements campaign.Store.
func (s *CampaignStore) FindCampaign(ctx context.Context, code string) (*campaign.Campaign, error) {
	list, err := queryJSON[campaign.Campaign](ctx, s.db, "campaign", "SELECT data FROM campaigns WHERE code = $1", code)
	return tact.First(list, err, "campaign", code)
}

// FindCampaigns implements campaign.Store.
func (s *CampaignStore) FindCampaigns(ctx context.Context) ([]*campaign.Campaign, error) {
	return queryJSON[campaign.Campaign](ctx, s.db, "campaign", "SELECT data FROM campaigns ORDER BY code")
}

// SavePlan implements campaign.Store: the old entries are deleted and the new
// ones copied in, in one transaction.
func (s *CampaignStore) SavePlan(ctx context.Context, p *campaign.Plan, entries []*campaign.Entry) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	rows := make([][]any, len(entries))
	for i, e := range entries {
		d, err := json.Marshal(e)
		if err != nil {
			return err
		}
		rows[i] = []any{p.Campaign, e.CustomerID, string(e.Outcome), d}
	}
	err = s.db.writeTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM campaign_entries WHERE campaign_code = $1", p.Campaign); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_plans (campaign_code, planned_at, data) VALUES ($1, $2, $3)
			ON CONFLICT (campaign_code) DO UPDATE SET planned_at = excluded.planned_at, data = excluded.data`,
			p.Campaign, p.PlannedAt, data); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"campaign_entries"}, []string{"campaign_code", "customer_id", "outcome", "data"}, pgx.CopyFromRows(rows))
		return err
	})
	if isForeignKeyOn(err, "campaign_plans") || isForeignKeyOn(err, "campaign_entries") {
		return tact.NotFound("campaign", p.Campaign)
	}
	return err
}

// FindPlan implements campaign.Store.
func (s *CampaignStore) FindPlan(ctx context.Context, code string) (*campaign.Plan, error) {
	list, err := queryJSON[campaign.Plan](ctx, s.db, "campaign plan", "SELECT data FROM campaign_plans WHERE campaign_code = $1", code)
	return tact.First(list, err, "campaign plan", code)
}

// FindEntries implements campaign.Store.
func (s *CampaignStore) FindEntries(ctx context.Context, code string, outcome campaign.Outcome, after string, limit int) ([]*campaign.Entry, error) {
	return queryJSON[campaign.Entry](ctx, s.db, "campaign entry", `SELECT data FROM campaign_entries
		WHERE campaign_code = $1 AND ($2 = '' OR outcome = $2) AND customer_id > $3 ORDER BY customer_id LIMIT $4`,
		code, string(outcome), after, limit)
}

// queryJSON runs a query whose one column is a JSON document of T.
func queryJSON[T any](ctx context.Context, db *DB, what, query string, args ...any) ([]*T, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*T, error) {
		var data []byte
		if err := row.Scan(&data); err != nil {
			return nil, err
		}
		v := new(T)
		if err := json.Unmarshal(data, v); err != nil {
			return nil, fmt.Errorf("postgres: a %s does not decode: %w", what, err)
		}
		return v, nil
	})
}
