package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/tact"
)

// DeliveryStore implements delivery.Store.
type DeliveryStore struct{ db *DB }

var _ delivery.Store = (*DeliveryStore)(nil)

// NewDeliveryStore returns the delivery store of db.
func NewDeliveryStore(db *DB) *DeliveryStore { return &DeliveryStore{db: db} }

const deliveryColumns = `id, customer_id, kind, method, recipient, language, subject, body, case_id, commitment_id, once_key,
	status, status_note, created_at, sent_at, updated_at, offer_code`

// CreateDelivery implements delivery.Store. The unique once_key decides
// between concurrent callers; the loser reads the winner.
func (s *DeliveryStore) CreateDelivery(ctx context.Context, d *delivery.Delivery) (*delivery.Delivery, bool, error) {
	var stored *delivery.Delivery
	created := false
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "INSERT INTO deliveries ("+deliveryColumns+") VALUES ("+placeholders(17)+
			") ON CONFLICT (once_key) DO NOTHING",
			d.ID, d.CustomerID, string(d.Kind), string(d.Method), d.To, string(d.Language), d.Subject, d.Body,
			nullString(d.CaseID), nullString(d.CommitmentID), d.Key, string(d.Status), d.StatusNote, micros(d.CreatedAt),
			nullMicros(d.SentAt), micros(d.UpdatedAt), nullString(d.OfferCode))
		if isForeignKey(err) {
			return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q, case %q or commitment %q does not exist",
				d.CustomerID, d.CaseID, d.CommitmentID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			stored, created = d, true
			return nil
		}
		list, err := scanDeliveries(tx.QueryContext(ctx, "SELECT "+deliveryColumns+" FROM deliveries WHERE once_key = ?", d.Key))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errors.New("sqlite: delivery conflict without a stored row")
		}
		stored = list[0]
		return nil
	})
	return stored, created, err
}

// FindDeliveryByID implements delivery.Store.
func (s *DeliveryStore) FindDeliveryByID(ctx context.Context, id string) (*delivery.Delivery, error) {
	list, err := scanDeliveries(s.db.read.QueryContext(ctx, "SELECT "+deliveryColumns+" FROM deliveries WHERE id = ?", id))
	return tact.First(list, err, "delivery", id)
}

// FindDeliveries implements delivery.Store.
func (s *DeliveryStore) FindDeliveries(ctx context.Context, f delivery.Filter) ([]*delivery.Delivery, error) {
	var w filtered
	if f.CustomerID != "" {
		w.and("customer_id = ?", f.CustomerID)
	}
	if f.CommitmentID != "" {
		w.and("commitment_id = ?", f.CommitmentID)
	}
	if f.Status != "" {
		w.and("status = ?", string(f.Status))
	}
	if f.Method != "" {
		w.and("method = ?", string(f.Method))
	}
	if !f.After.IsZero() {
		w.and("(created_at, id) > (?, ?)", micros(f.After.At), f.After.ID)
	}
	q, args := w.query("SELECT "+deliveryColumns+" FROM deliveries", "created_at, id", tact.PageSize(f.Limit))
	return scanDeliveries(s.db.read.QueryContext(ctx, q, args...))
}

// UpdateDeliveryStatus implements delivery.Store.
func (s *DeliveryStore) UpdateDeliveryStatus(ctx context.Context, id string, status delivery.Status, note string, sentAt *time.Time, now time.Time) error {
	res, err := s.db.write.ExecContext(ctx, "UPDATE deliveries SET status = ?, status_note = ?, sent_at = ?, updated_at = ? WHERE id = ?",
		string(status), note, nullMicros(sentAt), micros(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return tact.NotFound("delivery", id)
	}
	return nil
}

func scanDeliveries(rows *sql.Rows, err error) ([]*delivery.Delivery, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*delivery.Delivery
	for rows.Next() {
		var d delivery.Delivery
		var caseID, commitmentID, offerCode sql.NullString
		var created, updated int64
		var sent sql.NullInt64
		if err := rows.Scan(&d.ID, &d.CustomerID, &d.Kind, &d.Method, &d.To, &d.Language, &d.Subject, &d.Body, &caseID,
			&commitmentID, &d.Key, &d.Status, &d.StatusNote, &created, &sent, &updated, &offerCode); err != nil {
			return nil, err
		}
		d.CaseID, d.CommitmentID, d.OfferCode = caseID.String, commitmentID.String, offerCode.String
		d.CreatedAt, d.SentAt, d.UpdatedAt = fromMicros(created), timePtr(sent), fromMicros(updated)
		out = append(out, &d)
	}
	return out, rows.Err()
}
