package sqlite

import (
	"context"
	"database/sql"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

// CatalogStore implements catalog.Store.
type CatalogStore struct{ db *DB }

var _ catalog.Store = (*CatalogStore)(nil)

// NewCatalogStore returns the catalogue store of db.
func NewCatalogStore(db *DB) *CatalogStore { return &CatalogStore{db: db} }

// planColumns are a plan's columns; the tariff's prices are cents in the
// plan's currency (migration 0005), so they have no currency column of their own.
const planColumns = `code, name_fr, name_en, jurisdiction, currency, monthly_price_cents, data_mb, voice_minutes, sms, tier, active,
	data_per_gb_cents, voice_per_minute_cents, sms_each_cents, roaming_data_mb, roaming_per_gb_cents`

func allowanceArg(a catalog.Allowance) any {
	if a.Unlimited {
		return nil
	}
	return a.Amount
}

func allowance(n sql.NullInt64) catalog.Allowance {
	if !n.Valid {
		return catalog.Unlimited
	}
	return catalog.Allowance{Amount: n.Int64}
}

// PutPlan implements catalog.Store.
func (s *CatalogStore) PutPlan(ctx context.Context, p *catalog.Plan) error {
	t := &p.Tariff
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO plans ("+planColumns+") VALUES ("+placeholders(16)+`)
		ON CONFLICT (code) DO UPDATE SET name_fr = excluded.name_fr, name_en = excluded.name_en, jurisdiction = excluded.jurisdiction,
		currency = excluded.currency, monthly_price_cents = excluded.monthly_price_cents, data_mb = excluded.data_mb,
		voice_minutes = excluded.voice_minutes, sms = excluded.sms, tier = excluded.tier, active = excluded.active,
		data_per_gb_cents = excluded.data_per_gb_cents, voice_per_minute_cents = excluded.voice_per_minute_cents,
		sms_each_cents = excluded.sms_each_cents, roaming_data_mb = excluded.roaming_data_mb, roaming_per_gb_cents = excluded.roaming_per_gb_cents`,
		p.Code, p.Name.FR, p.Name.EN, string(p.Jurisdiction), string(p.MonthlyPrice.Currency), p.MonthlyPrice.Cents,
		allowanceArg(p.DataMB), allowanceArg(p.VoiceMinutes), allowanceArg(p.SMS), p.Tier, p.Active,
		t.DataPerGB.Cents, t.VoicePerMinute.Cents, t.SMSEach.Cents, allowanceArg(t.RoamingDataMB), t.RoamingPerGB.Cents)
	return err
}

// FindPlanByCode implements catalog.Store.
func (s *CatalogStore) FindPlanByCode(ctx context.Context, code string) (*catalog.Plan, error) {
	list, err := s.queryPlans(ctx, "SELECT "+planColumns+" FROM plans WHERE code = ?", code)
	return tact.First(list, err, "plan", code)
}

// FindPlans implements catalog.Store.
func (s *CatalogStore) FindPlans(ctx context.Context, f catalog.Filter) ([]*catalog.Plan, error) {
	return s.queryPlans(ctx, "SELECT "+planColumns+` FROM plans WHERE (? = '' OR jurisdiction = ?) AND (NOT ? OR active)
		ORDER BY jurisdiction, tier, code`, string(f.Jurisdiction), string(f.Jurisdiction), f.ActiveOnly)
}

func (s *CatalogStore) queryPlans(ctx context.Context, query string, args ...any) ([]*catalog.Plan, error) {
	rows, err := s.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*catalog.Plan
	for rows.Next() {
		var p catalog.Plan
		var data, voice, sms, roaming sql.NullInt64
		t := &p.Tariff
		if err := rows.Scan(&p.Code, &p.Name.FR, &p.Name.EN, &p.Jurisdiction, &p.MonthlyPrice.Currency, &p.MonthlyPrice.Cents,
			&data, &voice, &sms, &p.Tier, &p.Active,
			&t.DataPerGB.Cents, &t.VoicePerMinute.Cents, &t.SMSEach.Cents, &roaming, &t.RoamingPerGB.Cents); err != nil {
			return nil, err
		}
		p.DataMB, p.VoiceMinutes, p.SMS = allowance(data), allowance(voice), allowance(sms)
		t.RoamingDataMB = allowance(roaming)
		cur := p.MonthlyPrice.Currency
		t.DataPerGB.Currency, t.VoicePerMinute.Currency, t.SMSEach.Currency, t.RoamingPerGB.Currency = cur, cur, cur, cur
		out = append(out, &p)
	}
	return out, rows.Err()
}

const catalogDeviceColumns = `code, brand, model, os, jurisdiction, currency, price_cents, active`

// PutDevice implements catalog.Store.
func (s *CatalogStore) PutDevice(ctx context.Context, d *catalog.Device) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO catalog_devices ("+catalogDeviceColumns+") VALUES ("+placeholders(8)+`)
		ON CONFLICT (code) DO UPDATE SET brand = excluded.brand, model = excluded.model, os = excluded.os,
		jurisdiction = excluded.jurisdiction, currency = excluded.currency, price_cents = excluded.price_cents, active = excluded.active`,
		d.Code, d.Brand, d.Model, d.OS, string(d.Jurisdiction), string(d.Price.Currency), d.Price.Cents, d.Active)
	return err
}

// FindDeviceByCode implements catalog.Store.
func (s *CatalogStore) FindDeviceByCode(ctx context.Context, code string) (*catalog.Device, error) {
	list, err := s.queryDevices(ctx, "SELECT "+catalogDeviceColumns+" FROM catalog_devices WHERE code = ?", code)
	return tact.First(list, err, "device", code)
}

// FindDevices implements catalog.Store.
func (s *CatalogStore) FindDevices(ctx context.Context, f catalog.Filter) ([]*catalog.Device, error) {
	return s.queryDevices(ctx, "SELECT "+catalogDeviceColumns+` FROM catalog_devices WHERE (? = '' OR jurisdiction = ?) AND (NOT ? OR active)
		ORDER BY jurisdiction, brand, model, code`, string(f.Jurisdiction), string(f.Jurisdiction), f.ActiveOnly)
}

func (s *CatalogStore) queryDevices(ctx context.Context, query string, args ...any) ([]*catalog.Device, error) {
	rows, err := s.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*catalog.Device
	for rows.Next() {
		var d catalog.Device
		if err := rows.Scan(&d.Code, &d.Brand, &d.Model, &d.OS, &d.Jurisdiction, &d.Price.Currency, &d.Price.Cents, &d.Active); err != nil {
			return nil, err
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

const catalogOptionColumns = `code, name_fr, name_en, jurisdiction, currency, monthly_price_cents, data_mb, roaming_data_mb, active`

// PutOption implements catalog.Store.
func (s *CatalogStore) PutOption(ctx context.Context, o *catalog.Option) error {
	_, err := s.db.write.ExecContext(ctx, "INSERT INTO catalog_options ("+catalogOptionColumns+") VALUES ("+placeholders(9)+`)
		ON CONFLICT (code) DO UPDATE SET name_fr = excluded.name_fr, name_en = excluded.name_en, jurisdiction = excluded.jurisdiction,
		currency = excluded.currency, monthly_price_cents = excluded.monthly_price_cents, data_mb = excluded.data_mb,
		roaming_data_mb = excluded.roaming_data_mb, active = excluded.active`,
		o.Code, o.Name.FR, o.Name.EN, string(o.Jurisdiction), string(o.MonthlyPrice.Currency), o.MonthlyPrice.Cents,
		o.DataMB, o.RoamingDataMB, o.Active)
	return err
}

// FindOptions implements catalog.Store.
func (s *CatalogStore) FindOptions(ctx context.Context, f catalog.Filter) ([]*catalog.Option, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT "+catalogOptionColumns+` FROM catalog_options WHERE (? = '' OR jurisdiction = ?) AND (NOT ? OR active)
		ORDER BY jurisdiction, code`, string(f.Jurisdiction), string(f.Jurisdiction), f.ActiveOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*catalog.Option
	for rows.Next() {
		var o catalog.Option
		if err := rows.Scan(&o.Code, &o.Name.FR, &o.Name.EN, &o.Jurisdiction, &o.MonthlyPrice.Currency, &o.MonthlyPrice.Cents,
			&o.DataMB, &o.RoamingDataMB, &o.Active); err != nil {
			return nil, err
		}
		out = append(out, &o)
	}
	return out, rows.Err()
}
