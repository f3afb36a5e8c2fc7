package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// DeliveryStore implements delivery.Store.
type DeliveryStore struct{ db *DB }

var _ delivery.Store = (*DeliveryStore)(nil)

// NewDeliveryStore returns the delivery store of db.
func NewDeliveryStore(db *DB) *DeliveryStore { return &DeliveryStore{db: db} }

// deliveryColumnList: recipient holds Delivery.To, once_key Delivery.Key.
var deliveryColumnList = []string{"id", "customer_id", "kind", "method", "recipient", "language", "subject", "body", "case_id",
	"commitment_id", "once_key", "status", "status_note", "created_at", "sent_at", "updated_at", "offer_code"}

var deliveryColumns = strings.Join(deliveryColumnList, ", ")

func deliveryArgs(d *delivery.Delivery) []any {
	return []any{d.ID, d.CustomerID, string(d.Kind), string(d.Method), d.To, string(d.Language), d.Subject, d.Body,
		nullString(d.CaseID), nullString(d.CommitmentID), d.Key, string(d.Status), d.StatusNote, d.CreatedAt, d.SentAt, d.UpdatedAt,
		nullString(d.OfferCode)}
}

// CreateDelivery implements delivery.Store. The unique once_key decides
// between concurrent writers: the INSERT of a loser waits for the winner's
// transaction, then does nothing, and the loser reads the winner (a new
// statement, so a new snapshot that sees it).
func (s *DeliveryStore) CreateDelivery(ctx context.Context, d *delivery.Delivery) (*delivery.Delivery, bool, error) {
	tag, err := s.db.pool.Exec(ctx, "INSERT INTO deliveries ("+deliveryColumns+") VALUES ("+params(1, len(deliveryColumnList))+
		") ON CONFLICT (once_key) DO NOTHING", deliveryArgs(d)...)
	if err != nil {
		return nil, false, foreignKeyError(err, "deliveries", map[string]ref{
			"customer_id":   {"customer", d.CustomerID},
			"case_id":       {"case", d.CaseID},
			"commitment_id": {"commitment", d.CommitmentID},
		})
	}
	if tag.RowsAffected() == 1 {
		return d, true, nil
	}
	list, err := s.queryDeliveries(ctx, "SELECT "+deliveryColumns+" FROM deliveries WHERE once_key = $1", d.Key)
	if err != nil {
		return nil, false, err
	}
	if len(list) == 0 {
		return nil, false, errors.New("postgres: delivery conflict without a stored row")
	}
	return list[0], false, nil
}

// FindDeliveryByID implements delivery.Store.
func (s *DeliveryStore) FindDeliveryByID(ctx context.Context, id string) (*delivery.Delivery, error) {
	list, err := s.queryDeliveries(ctx, "SELECT "+deliveryColumns+" FROM deliveries WHERE id = $1", id)
	return tact.First(list, err, "delivery", id)
}

// FindDeliveries implements delivery.Store: oldest first, strictly after the
// cursor in that order.
func (s *DeliveryStore) FindDeliveries(ctx context.Context, f delivery.Filter) ([]*delivery.Delivery, error) {
	var a args
	var where []string
	if f.CustomerID != "" {
		where = append(where, "customer_id = "+a.add(f.CustomerID))
	}
	if f.CommitmentID != "" {
		where = append(where, "commitment_id = "+a.add(f.CommitmentID))
	}
	if f.Status != "" {
		where = append(where, "status = "+a.add(string(f.Status)))
	}
	if f.Method != "" {
		where = append(where, "method = "+a.add(string(f.Method)))
	}
	if !f.After.IsZero() {
		where = append(where, "(created_at, id) > ("+a.add(f.After.At)+", "+a.add(f.After.ID)+")")
	}
	query := a.selectWhere("SELECT "+deliveryColumns+" FROM deliveries", where, "created_at, id", tact.PageSize(f.Limit))
	return s.queryDeliveries(ctx, query, a...)
}

// UpdateDeliveryStatus implements delivery.Store.
func (s *DeliveryStore) UpdateDeliveryStatus(ctx context.Context, id string, status delivery.Status, note string, sentAt *time.Time, now time.Time) error {
	tag, err := s.db.pool.Exec(ctx, "UPDATE deliveries SET status = $1, status_note = $2, sent_at = $3, updated_at = $4 WHERE id = $5",
		string(status), note, sentAt, now, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return tact.NotFound("delivery", id)
	}
	return nil
}

func (s *DeliveryStore) queryDeliveries(ctx context.Context, query string, args ...any) ([]*delivery.Delivery, error) {
	rows, err := s.db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*delivery.Delivery, error) {
		var d delivery.Delivery
		var caseID, commitmentID, offerCode *string
		if err := row.Scan(&d.ID, &d.CustomerID, &d.Kind, &d.Method, &d.To, &d.Language, &d.Subject, &d.Body, &caseID,
			&commitmentID, &d.Key, &d.Status, &d.StatusNote, &d.CreatedAt, &d.SentAt, &d.UpdatedAt, &offerCode); err != nil {
			return nil, err
		}
		d.CaseID, d.CommitmentID, d.OfferCode = deref(caseID), deref(commitmentID), deref(offerCode)
		return &d, nil
	})
}
