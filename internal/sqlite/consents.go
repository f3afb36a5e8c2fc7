package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/tact"
)

// ConsentStore implements billing.ConsentStore.
type ConsentStore struct{ db *DB }

var _ billing.ConsentStore = (*ConsentStore)(nil)

// NewConsentStore returns the third-party consent store of db.
func NewConsentStore(db *DB) *ConsentStore { return &ConsentStore{db: db} }

const tpConsentColumns = `customer_id, ref, provider, service, payment_page_at, confirmed_at, confirmed_by, withdrawn_at, created_at`

// CreateConsent implements billing.ConsentStore. The primary key (customer,
// reference) decides between concurrent callers.
func (s *ConsentStore) CreateConsent(ctx context.Context, c *billing.ThirdPartyConsent) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO third_party_consents ("+tpConsentColumns+") VALUES ("+placeholders(9)+")",
		c.CustomerID, c.Ref, c.Provider, c.Service, micros(c.PaymentPageAt), micros(c.ConfirmedAt), string(c.ConfirmedBy),
		nullMicros(c.WithdrawnAt), micros(c.CreatedAt))
	switch {
	case isForeignKey(err):
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", c.CustomerID)
	case isUnique(err):
		return tact.FieldError(tact.CodeConflict, "ref", "customer %s already has a consent %q", c.CustomerID, c.Ref)
	}
	return err
}

// WithdrawConsent implements billing.ConsentStore: one statement ends a
// standing consent; when it ends none, a read in the same transaction tells
// a missing consent from one already withdrawn.
func (s *ConsentStore) WithdrawConsent(ctx context.Context, customerID, ref string, at time.Time) (*billing.ThirdPartyConsent, error) {
	var out *billing.ThirdPartyConsent
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		list, err := scanTPConsents(tx.QueryContext(ctx, "UPDATE third_party_consents SET withdrawn_at = ? WHERE customer_id = ? AND ref = ? AND withdrawn_at IS NULL RETURNING "+tpConsentColumns,
			micros(at), customerID, ref))
		if err != nil {
			return err
		}
		if len(list) == 1 {
			out = &list[0]
			return nil
		}
		list, err = scanTPConsents(tx.QueryContext(ctx, "SELECT "+tpConsentColumns+" FROM third_party_consents WHERE customer_id = ? AND ref = ?", customerID, ref))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return tact.NotFound("third-party consent", ref)
		}
		return tact.Errorf(tact.CodeConflict, "consent %s was withdrawn on %s", ref, list[0].WithdrawnAt.Format(time.RFC3339))
	})
	return out, err
}

// FindConsents implements billing.ConsentStore. The ids go as one JSON array
// (json_each), so a run of any size is one statement under SQLite's limit on
// bound parameters.
func (s *ConsentStore) FindConsents(ctx context.Context, customerIDs []string) (map[string][]billing.ThirdPartyConsent, error) {
	out := map[string][]billing.ThirdPartyConsent{}
	if len(customerIDs) == 0 {
		return out, nil
	}
	ids, err := json.Marshal(customerIDs)
	if err != nil {
		return nil, err
	}
	list, err := scanTPConsents(s.db.read.QueryContext(ctx, "SELECT "+tpConsentColumns+
		" FROM third_party_consents WHERE customer_id IN (SELECT value FROM json_each(?)) ORDER BY customer_id, confirmed_at, ref", string(ids)))
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		out[c.CustomerID] = append(out[c.CustomerID], c)
	}
	return out, nil
}

func scanTPConsents(rows *sql.Rows, err error) ([]billing.ThirdPartyConsent, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []billing.ThirdPartyConsent
	for rows.Next() {
		var c billing.ThirdPartyConsent
		var page, confirmed, created int64
		var withdrawn sql.NullInt64
		if err := rows.Scan(&c.CustomerID, &c.Ref, &c.Provider, &c.Service, &page, &confirmed, &c.ConfirmedBy, &withdrawn, &created); err != nil {
			return nil, err
		}
		c.PaymentPageAt, c.ConfirmedAt, c.WithdrawnAt, c.CreatedAt = fromMicros(page), fromMicros(confirmed), timePtr(withdrawn), fromMicros(created)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
