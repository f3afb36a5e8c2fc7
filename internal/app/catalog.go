package app

import (
	"context"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/tact"
)

// Catalog is the service over plans, catalogue devices and options.
type Catalog struct {
	service
	store catalog.Store
}

// PutPlan validates and stores a plan, creating or replacing it by code.
func (s *Catalog) PutPlan(ctx context.Context, p catalog.Plan) (*catalog.Plan, error) {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.PutPlan(ctx, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// Plan returns one plan.
func (s *Catalog) Plan(ctx context.Context, code string) (*catalog.Plan, error) {
	return s.store.FindPlanByCode(ctx, code)
}

// Plans lists plans.
func (s *Catalog) Plans(ctx context.Context, f catalog.Filter) ([]*catalog.Plan, error) {
	if f.Jurisdiction != "" && !f.Jurisdiction.Valid() {
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", f.Jurisdiction)
	}
	return s.store.FindPlans(ctx, f)
}

// PutDevice validates and stores a catalogue device.
func (s *Catalog) PutDevice(ctx context.Context, d catalog.Device) (*catalog.Device, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.PutDevice(ctx, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Device returns one catalogue device.
func (s *Catalog) Device(ctx context.Context, code string) (*catalog.Device, error) {
	return s.store.FindDeviceByCode(ctx, code)
}

// Devices lists catalogue devices.
func (s *Catalog) Devices(ctx context.Context, f catalog.Filter) ([]*catalog.Device, error) {
	if f.Jurisdiction != "" && !f.Jurisdiction.Valid() {
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", f.Jurisdiction)
	}
	return s.store.FindDevices(ctx, f)
}

// PutOption validates and stores a catalogue option.
func (s *Catalog) PutOption(ctx context.Context, o catalog.Option) (*catalog.Option, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.PutOption(ctx, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// Options lists catalogue options.
func (s *Catalog) Options(ctx context.Context, f catalog.Filter) ([]*catalog.Option, error) {
	if f.Jurisdiction != "" && !f.Jurisdiction.Valid() {
		return nil, tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", f.Jurisdiction)
	}
	return s.store.FindOptions(ctx, f)
}
