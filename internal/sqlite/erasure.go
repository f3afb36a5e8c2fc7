package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// marketingErasurePending is the condition of migration 0014's partial index
// customers_marketing_erasure, word for word: SQLite uses a partial index
// only for a query that repeats its condition.
const marketingErasurePending = `status = 'former' AND (marketing_erased_on IS NULL OR marketing_erased_on < former_since)`

// FindMarketingErasureCandidates implements customer.Store, walking the
// partial index of migration 0014.
func (s *CustomerStore) FindMarketingErasureCandidates(ctx context.Context, q customer.ErasureQuery) ([]*customer.Customer, error) {
	where := marketingErasurePending + " AND former_since <= ?"
	args := []any{q.EndedBy.String()}
	if !q.AfterEnded.IsZero() {
		where += " AND (former_since, id) > (?, ?)"
		args = append(args, q.AfterEnded.String(), q.AfterID)
	}
	var list []*customer.Customer
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		list, err = queryCustomers(ctx, tx, "SELECT "+customerColumns+" FROM customers WHERE "+where+" ORDER BY former_since, id LIMIT ?",
			append(args, tact.PageSize(q.Limit))...)
		return err
	})
	return list, err
}

// EraseMarketingData implements customer.Store in one write transaction.
func (s *CustomerStore) EraseMarketingData(ctx context.Context, c *customer.Customer, erased customer.MarketingErasure, event customer.Event) (customer.MarketingErasure, bool, error) {
	prev := c.Version
	var all customer.MarketingErasure
	var erasedNow bool
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		var stored customer.Customer
		var former, erasedOn sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT version, former_since, marketing_erased_on FROM customers WHERE id = ?", c.ID).
			Scan(&stored.Version, &former, &erasedOn)
		if errors.Is(err, sql.ErrNoRows) {
			return tact.NotFound("customer", c.ID)
		}
		if err != nil {
			return err
		}
		stored.FormerSince, stored.MarketingErasedOn = parseDate(former), parseDate(erasedOn)
		if stored.MarketingErased() {
			return nil // erased before: nothing to do, nothing written
		}
		if stored.Version != prev {
			return tact.Errorf(tact.CodePreconditionFailed, "the customer was changed by someone else; read it again and retry")
		}
		c.Version = prev + 1
		if _, err := updateCustomerRow(ctx, tx, c, prev); err != nil {
			return err
		}
		if err := replaceConsents(ctx, tx, c, true); err != nil {
			return err
		}
		all = erased
		for _, op := range []struct {
			count *int
			query string
			args  []any
		}{
			{&all.Devices, "DELETE FROM devices WHERE customer_id = ?", []any{c.ID}},
			// The device_added events stay on the timeline (a device was
			// added that day) without what the device was.
			{&all.DeviceEvents, `UPDATE customer_events SET detail = json_remove(detail, '$.brand', '$.model', '$.os')
				WHERE customer_id = ? AND kind = ? AND (json_type(detail, '$.brand') IS NOT NULL
				OR json_type(detail, '$.model') IS NOT NULL OR json_type(detail, '$.os') IS NOT NULL)`,
				[]any{c.ID, string(customer.EventDeviceAdded)}},
			{&all.Usage, "DELETE FROM usage WHERE customer_id = ?", []any{c.ID}},
			// Entries are keyed by campaign then customer: naming every
			// campaign (a few) lets the primary key find his entries
			// without an index by customer, which every plan's save would
			// pay for.
			{&all.CampaignEntries, "DELETE FROM campaign_entries WHERE campaign_code IN (SELECT code FROM campaigns) AND customer_id = ?", []any{c.ID}},
			{&all.SurveyVerbatims, `UPDATE survey_responses SET data = json_remove(data, '$.verbatim')
				WHERE customer_id = ? AND json_type(data, '$.verbatim') IS NOT NULL`, []any{c.ID}},
		} {
			n, err := touched(tx.ExecContext(ctx, op.query, op.args...))
			if err != nil {
				return err
			}
			*op.count = int(n)
		}
		erasedNow = true
		event.Detail = all.Detail()
		return insertEvents(ctx, tx, []customer.Event{event})
	})
	if err != nil {
		c.Version = prev
		return customer.MarketingErasure{}, false, err
	}
	return all, erasedNow, nil
}
