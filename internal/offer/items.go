package offer

import (
	"errors"

	"github.com/tactcrm/tact/internal/tact"
)

// CheckItems checks that the plan, device and option the offer names are in
// cat and of the offer's own jurisdiction: an offer sells what its
// catalogue has, at its prices, in its currency. Assess refuses an offer whose
// item is missing (rule unknown_item) customer by customer; CheckItems refuses
// it once, when a whole catalogue is loaded. Every item at fault is named,
// each a *tact.Error whose Field is the code's (plan_code, device_code,
// option_code), joined.
func (o *Offer) CheckItems(cat Catalog) error {
	// The jurisdiction of each item named, "" for one not in cat.
	var plan, device, option tact.Jurisdiction
	if p := cat.Plans[o.PlanCode]; p != nil {
		plan = p.Jurisdiction
	}
	if d := cat.Devices[o.DeviceCode]; d != nil {
		device = d.Jurisdiction
	}
	if op := cat.Options[o.OptionCode]; op != nil {
		option = op.Jurisdiction
	}
	var errs []error
	for _, it := range []struct {
		field, kind, code string
		jurisdiction      tact.Jurisdiction
	}{{"plan_code", "plan", o.PlanCode, plan}, {"device_code", "device", o.DeviceCode, device}, {"option_code", "option", o.OptionCode, option}} {
		switch {
		case it.code == "":
		case it.jurisdiction == "":
			errs = append(errs, tact.FieldError(tact.CodeInvalid, it.field, "%s %s is not in the catalogue", it.kind, it.code))
		case it.jurisdiction != o.Jurisdiction:
			errs = append(errs, tact.FieldError(tact.CodeInvalid, it.field, "%s %s is of the %s catalogue, the offer of %s", it.kind, it.code, it.jurisdiction, o.Jurisdiction))
		}
	}
	return errors.Join(errs...)
}
