package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err := s.db.pool.Exec(ctx, "INSERT INTO third_party_consents ("+tpConsentColumns+") VALUES ("+params(1, 9)+")",
		c.CustomerID, c.Ref, c.Provider, c.Service, c.PaymentPageAt, c.ConfirmedAt, string(c.ConfirmedBy), c.WithdrawnAt, c.CreatedAt)
	if isUniqueOn(err, "third_party_consents") {
		return tact.FieldError(tact.CodeConflict, "ref", "customer %s already has a consent %q", c.CustomerID, c.Ref)
	}
	return foreignKeyError(err, "third_party_consents", map[string]ref{"customer_id": {"customer", c.CustomerID}})
}

// WithdrawConsent implements billing.ConsentStore: one statement ends a
// standing consent; when it ends none, a read in the same transaction tells
// a missing consent from one already withdrawn (the row lock the UPDATE
// waited on makes a concurrent withdrawal visible to it).
func (s *ConsentStore) WithdrawConsent(ctx context.Context, customerID, ref string, at time.Time) (*billing.ThirdPartyConsent, error) {
	var out *billing.ThirdPartyConsent
	err := s.db.writeTx(ctx, func(tx pgx.Tx) error {
		list, err := scanTPConsents(tx.Query(ctx, "UPDATE third_party_consents SET withdrawn_at = $1 WHERE customer_id = $2 AND ref = $3 AND withdrawn_at IS NULL RETURNING "+tpConsentColumns,
			at, customerID, ref))
		if err != nil {
			return err
		}
		if len(list) == 1 {
			out = &list[0]
			return nil
		}
		list, err = scanTPConsents(tx.Query(ctx, "SELECT "+tpConsentColumns+" FROM third_party_consents WHERE customer_id = $1 AND ref = $2", customerID, ref))
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

// FindConsents implements billing.ConsentStore: one query for every customer
// asked about.
func (s *ConsentStore) FindConsents(ctx context.Context, customerIDs []string) (map[string][]billing.ThirdPartyConsent, error) {
	out := map[string][]billing.ThirdPartyConsent{}
	if len(customerIDs) == 0 {
		return out, nil
	}
	list, err := scanTPConsents(s.db.pool.Query(ctx, "SELECT "+tpConsentColumns+
		" FROM third_party_consents WHERE customer_id = ANY($1) ORDER BY customer_id, confirmed_at, ref", customerIDs))
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		out[c.CustomerID] = append(out[c.CustomerID], c)
	}
	return out, nil
}

func scanTPConsents(rows pgx.Rows, err error) ([]billing.ThirdPartyConsent, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []billing.ThirdPartyConsent
	for rows.Next() {
		var c billing.ThirdPartyConsent
		var by string
		if err := rows.Scan(&c.CustomerID, &c.Ref, &c.Provider, &c.Service, &c.PaymentPageAt, &c.ConfirmedAt, &by, &c.WithdrawnAt, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.ConfirmedBy = tact.Channel(by)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
