package sqlite

import (
	"context"
	"encoding/json"

	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// OfferStore implements offer.Store.
type OfferStore struct{ db *DB }

var _ offer.Store = (*OfferStore)(nil)

// NewOfferStore returns the offer store of db.
func NewOfferStore(db *DB) *OfferStore { return &OfferStore{db: db} }

// PutOffer implements offer.Store.
func (s *OfferStore) PutOffer(ctx context.Context, o *offer.Offer) error {
	data, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = s.db.write.ExecContext(ctx, `INSERT INTO offers (code, jurisdiction, active, data) VALUES (?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET jurisdiction = excluded.jurisdiction, active = excluded.active, data = excluded.data`,
		o.Code, string(o.Jurisdiction), o.Active, string(data))
	return err
}

// FindOfferByCode implements offer.Store.
func (s *OfferStore) FindOfferByCode(ctx context.Context, code string) (*offer.Offer, error) {
	list, err := s.query(ctx, "SELECT data FROM offers WHERE code = ?", code)
	return tact.First(list, err, "offer", code)
}

// FindOffers implements offer.Store.
func (s *OfferStore) FindOffers(ctx context.Context, f offer.Filter) ([]*offer.Offer, error) {
	return s.query(ctx, `SELECT data FROM offers WHERE (? = '' OR jurisdiction = ?) AND (NOT ? OR active)
		ORDER BY jurisdiction, code`, string(f.Jurisdiction), string(f.Jurisdiction), f.ActiveOnly)
}

func (s *OfferStore) query(ctx context.Context, query string, args ...any) ([]*offer.Offer, error) {
	return queryJSON[offer.Offer](ctx, s.db.read, "offer", query, args...)
}
