package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/tact"
)

// marketingErasurePending is the condition of migration 0014's partial index
// customers_marketing_erasure, with 'former' written out: PostgreSQL uses a
// partial index for a query whose condition implies the index's, which a
// parameter in place of the literal would not.
const marketingErasurePending = `c.status = 'former' AND (c.marketing_erased_on IS NULL OR c.marketing_erased_on < c.former_since)`

// FindMarketingErasureCandidates implements customer.Store, walking the
// partial index of migration 0014.
func (s *CustomerStore) FindMarketingErasureCandidates(ctx context.Context, q customer.ErasureQuery) ([]*customer.Customer, error) {
	var a args
	where := marketingErasurePending + " AND c.former_since <= " + a.add(date(q.EndedBy))
	if !q.AfterEnded.IsZero() {
		where += " AND (c.former_since, c.id) > (" + a.add(date(q.AfterEnded)) + ", " + a.add(q.AfterID) + ")"
	}
	query := customerSelect + " WHERE " + where + " ORDER BY c.former_since, c.id LIMIT " + a.add(tact.PageSize(q.Limit))
	return queryCustomers(ctx, s.db.pool, query, a...)
}

// EraseMarketingData implements customer.Store in one transaction, the
// customer's row locked first so that two erasures, or an erasure and an
// update, take turns.
func (s *CustomerStore) EraseMarketingData(ctx context.Context, c *customer.Customer, erased customer.MarketingErasure, event customer.Event) (customer.MarketingErasure, bool, error) {
	prev := c.Version
	var all customer.MarketingErasure
	var erasedNow bool
	err := s.db.writeTx(ctx, func(tx pgx.Tx) error {
		var stored customer.Customer
		var former, erasedOn pgtype.Date
		err := tx.QueryRow(ctx, "SELECT version, former_since, marketing_erased_on FROM customers WHERE id = $1 FOR UPDATE", c.ID).
			Scan(&stored.Version, &former, &erasedOn)
		if errors.Is(err, pgx.ErrNoRows) {
			return tact.NotFound("customer", c.ID)
		}
		if err != nil {
			return err
		}
		stored.FormerSince, stored.MarketingErasedOn = fromDate(former), fromDate(erasedOn)
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
		if err := batch(ctx, tx, func(b *pgx.Batch) {
			b.Queue("DELETE FROM consents WHERE customer_id = $1", c.ID)
			queueConsents(b, c)
		}); err != nil {
			return err
		}
		all = erased
		for _, op := range []struct {
			count *int
			query string
			args  []any
		}{
			{&all.Devices, "DELETE FROM devices WHERE customer_id = $1", []any{c.ID}},
			// The device_added events stay on the timeline (a device was
			// added that day) without what the device was.
			{&all.DeviceEvents, `UPDATE customer_events SET detail = detail - ARRAY['brand', 'model', 'os']
				WHERE customer_id = $1 AND kind = $2 AND detail ?| ARRAY['brand', 'model', 'os']`,
				[]any{c.ID, string(customer.EventDeviceAdded)}},
			{&all.Usage, "DELETE FROM usage WHERE customer_id = $1", []any{c.ID}},
			// Entries are keyed by campaign then customer: naming every
			// campaign (a few) lets the primary key find his entries
			// without an index by customer, which every plan's save would
			// pay for.
			{&all.CampaignEntries, "DELETE FROM campaign_entries WHERE campaign_code IN (SELECT code FROM campaigns) AND customer_id = $1", []any{c.ID}},
			{&all.SurveyVerbatims, `UPDATE survey_responses SET data = data - 'verbatim' WHERE customer_id = $1 AND data ? 'verbatim'`, []any{c.ID}},
		} {
			tag, err := tx.Exec(ctx, op.query, op.args...)
			if err != nil {
				return err
			}
			*op.count = int(tag.RowsAffected())
		}
		erasedNow = true
		event.Detail = all.Detail()
		return batch(ctx, tx, func(b *pgx.Batch) { queueEvents(b, []customer.Event{event}) })
	})
	if err != nil {
		c.Version = prev
		return customer.MarketingErasure{}, false, err
	}
	return all, erasedNow, nil
}
