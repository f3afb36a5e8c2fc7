package app

import (
	"context"
	"fmt"

	"github.com/tactcrm/tact/internal/catalog"
	"github.com/tactcrm/tact/internal/catalogfile"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// Catalog is the service over plans, catalogue devices and options, and
// over the whole catalogue, offers included, as a file loads it.
type Catalog struct {
	service
	store catalog.Store
	// offers puts a loaded file's offers, validated as the API's are.
	offers *Offers
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

// Catalogue returns the whole stored catalogue, withdrawn entries included:
// plans by jurisdiction, tier and code; devices by jurisdiction, brand and
// model; options and offers by jurisdiction and code.
func (s *Catalog) Catalogue(ctx context.Context) (catalogfile.Catalogue, error) {
	var c catalogfile.Catalogue
	var err error
	if c.Plans, err = s.store.FindPlans(ctx, catalog.Filter{}); err != nil {
		return c, err
	}
	if c.Devices, err = s.store.FindDevices(ctx, catalog.Filter{}); err != nil {
		return c, err
	}
	if c.Options, err = s.store.FindOptions(ctx, catalog.Filter{}); err != nil {
		return c, err
	}
	c.Offers, err = s.offers.List(ctx, offer.Filter{})
	return c, err
}

// Load loads a catalogue file: it checks the file as a whole against the
// stored catalogue (catalogfile.File.Check: every entry validated, every
// offer's items found) and then, unless dryRun, stores its new and changed
// entries through PutPlan, PutDevice, PutOption and Offers.Put, the items
// before the offers that name them. A file with any problem stores nothing:
// the error is a *catalogfile.Error listing them all. The report says how
// many entries of each kind are (or would be) created, updated and left
// unchanged; a file loaded twice writes nothing the second time.
//
// Should the store fail midway, the entries before the failure stay stored
// (each put is whole); a load replaces by code, so loading the file again
// completes it.
func (s *Catalog) Load(ctx context.Context, f *catalogfile.File, dryRun bool) (catalogfile.Report, error) {
	stored, err := s.Catalogue(ctx)
	if err != nil {
		return catalogfile.Report{}, err
	}
	writes, report, err := f.Check(stored)
	if err != nil || dryRun {
		return report, err
	}
	for _, p := range writes.Plans {
		if _, err := s.PutPlan(ctx, *p); err != nil {
			return report, halfway("plan", p.Code, err)
		}
	}
	for _, d := range writes.Devices {
		if _, err := s.PutDevice(ctx, *d); err != nil {
			return report, halfway("device", d.Code, err)
		}
	}
	for _, o := range writes.Options {
		if _, err := s.PutOption(ctx, *o); err != nil {
			return report, halfway("option", o.Code, err)
		}
	}
	for _, o := range writes.Offers {
		if _, err := s.offers.Put(ctx, *o); err != nil {
			return report, halfway("offer", o.Code, err)
		}
	}
	return report, nil
}

// halfway is the error of a load the store stopped midway.
func halfway(kind, code string, err error) error {
	return fmt.Errorf("storing %s %s: %w (the entries before it are stored; loading the file again stores the rest)", kind, code, err)
}
