package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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
	_, err = s.db.write.ExecContext(ctx, "INSERT INTO campaigns (code, jurisdiction, data, created_at) VALUES (?, ?, ?, ?)",
		c.Code, string(c.Jurisdiction), string(data), micros(c.CreatedAt))
	if isUnique(err) {
		return tact.FieldError(tact.CodeConflict, "code", "campaign %s exists", c.Code)
	}
	return err
}

// FindCampaign implements campaign.Store.
func (s *CampaignStore) FindCampaign(ctx context.Context, code string) (*campaign.Campaign, error) {
	list, err := s.campaigns(ctx, "SELECT data FROM campaigns WHERE code = ?", code)
	return tact.First(list, err, "campaign", code)
}

// FindCampaigns implements campaign.Store.
func (s *CampaignStore) FindCampaigns(ctx context.Context) ([]*campaign.Campaign, error) {
	return s.campaigns(ctx, "SELECT data FROM campaigns ORDER BY code")
}

func (s *CampaignStore) campaigns(ctx context.Context, query string, args ...any) ([]*campaign.Campaign, error) {
	return queryJSON[campaign.Campaign](ctx, s.db.read, "campaign", query, args...)
}

// SavePlan implements campaign.Store: the old entries are deleted and the new
// ones inserted in bulk, in one transaction.
func (s *CampaignStore) SavePlan(ctx context.Context, p *campaign.Plan, entries []*campaign.Entry) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	err = s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM campaign_entries WHERE campaign_code = ?", p.Campaign); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_plans (campaign_code, planned_at, data) VALUES (?, ?, ?)
			ON CONFLICT (campaign_code) DO UPDATE SET planned_at = excluded.planned_at, data = excluded.data`,
			p.Campaign, micros(p.PlannedAt), string(data)); err != nil {
			return err
		}
		b := newBulkInserter(tx, "campaign_entries", "campaign_code, customer_id, outcome, data")
		defer b.close()
		for _, e := range entries {
			data, err := json.Marshal(e)
			if err != nil {
				return err
			}
			if err := b.add(ctx, p.Campaign, e.CustomerID, string(e.Outcome), string(data)); err != nil {
				return err
			}
		}
		return b.flush(ctx)
	})
	if isForeignKey(err) {
		return tact.NotFound("campaign", p.Campaign)
	}
	return err
}

// FindPlan implements campaign.Store.
func (s *CampaignStore) FindPlan(ctx context.Context, code string) (*campaign.Plan, error) {
	list, err := queryJSON[campaign.Plan](ctx, s.db.read, "campaign plan", "SELECT data FROM campaign_plans WHERE campaign_code = ?", code)
	return tact.First(list, err, "campaign plan", code)
}

// FindEntries implements campaign.Store.
func (s *CampaignStore) FindEntries(ctx context.Context, code string, outcome campaign.Outcome, after string, limit int) ([]*campaign.Entry, error) {
	return queryJSON[campaign.Entry](ctx, s.db.read, "campaign entry", `SELECT data FROM campaign_entries
		WHERE campaign_code = ? AND (? = '' OR outcome = ?) AND customer_id > ? ORDER BY customer_id LIMIT ?`,
		code, string(outcome), string(outcome), after, limit)
}

// queryJSON runs a query whose one column is a JSON document of T.
func queryJSON[T any](ctx context.Context, db *sql.DB, what, query string, args ...any) ([]*T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		v := new(T)
		if err := json.Unmarshal([]byte(data), v); err != nil {
			return nil, fmt.Errorf("sqlite: a %s does not decode: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
